"""Loaded by pytest before Django settings: tests never touch a real data folder."""

import os
import tempfile

os.environ["NIGHTCRAMP_HOME"] = tempfile.mkdtemp(prefix="nightcramp-test-")
os.environ.setdefault("NIGHTCRAMP_SECRET_KEY", "test-only-secret-key-not-for-production")
