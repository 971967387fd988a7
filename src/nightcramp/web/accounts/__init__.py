"""Accounts: sign up, sign in (throttled), password, export and delete everything."""
