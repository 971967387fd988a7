"""Where nightcramp keeps its data: ``NIGHTCRAMP_HOME`` or the user's data folder.

Kept free of heavy imports: the CLI reads it before deciding what else to load.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def home() -> Path:
    """The data folder, created on first use (mode 700: it holds health data)."""
    configured = os.environ.get("NIGHTCRAMP_HOME")
    if configured:
        folder = Path(configured).expanduser()
    else:
        from platformdirs import user_data_dir

        folder = Path(user_data_dir("nightcramp", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def sqlite_path() -> Path:
    return home() / "nightcramp.sqlite3"


def secret_key() -> str:
    """``NIGHTCRAMP_SECRET_KEY``, else a key made once and kept in the data folder (mode 600)."""
    from_env = os.environ.get("NIGHTCRAMP_SECRET_KEY")
    if from_env:
        return from_env
    key_file = home() / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()
