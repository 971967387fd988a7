"""Test support shipped with the package (the pytest plugin that isolates data folders)."""
