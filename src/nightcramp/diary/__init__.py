"""The diary: nights, cramp episodes, daily factors, medicines and the profile.

``table`` and ``csvio`` are plain Python (no Django); ``models`` and ``store`` are the
Django ORM side, used by both the CLI and the web app.
"""
