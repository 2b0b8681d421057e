"""The data directory (`SAFEPOST_DATA_DIR`, default `./data`) and the secrets generated in it.

On first start `prepare()` creates the directory, a Django secret (`secret_key`) and an
encryption keyring (`keys.json`), readable by the owner only. Both belong in a secrets store in
production: point `SAFEPOST_SECRET_KEY_FILE` and `SAFEPOST_KEYS_FILE` at it (or set
`SAFEPOST_SECRET_KEY`), and `safepost check` reports when they still live in the data dir.

No Django import: settings.py reads these paths before Django is set up.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from safepost.app.lib import keyring

SECRET_FILE_NAME = "secret_key"
KEYS_FILE_NAME = "keys.json"
SQLITE_FILE_NAME = "safepost.sqlite3"


def data_dir() -> Path:
    return Path(os.environ.get("SAFEPOST_DATA_DIR") or "data").resolve()


def secret_key_path() -> Path:
    return Path(os.environ.get("SAFEPOST_SECRET_KEY_FILE") or data_dir() / SECRET_FILE_NAME)


def keys_path() -> Path:
    return Path(os.environ.get("SAFEPOST_KEYS_FILE") or data_dir() / KEYS_FILE_NAME)


@dataclass(frozen=True)
class Prepared:
    created_dir: bool
    created_secret: bool
    created_keys: bool

    @property
    def created_anything(self) -> bool:
        return self.created_dir or self.created_secret or self.created_keys


def _write_private(path: Path, content: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(content)


def prepare() -> Prepared:
    """Create the data dir, the Django secret and the keyring when missing. Idempotent."""
    d = data_dir()
    created_dir = not d.exists()
    d.mkdir(parents=True, exist_ok=True)
    created_secret = created_keys = False
    if not os.environ.get("SAFEPOST_SECRET_KEY") and not secret_key_path().exists():
        _write_private(secret_key_path(), secrets.token_urlsafe(50) + "\n")
        created_secret = True
    if not keys_path().exists():
        _write_private(keys_path(), keyring.Keyring.generate().dumps())
        created_keys = True
    return Prepared(created_dir, created_secret, created_keys)


def read_secret_key() -> str | None:
    if value := os.environ.get("SAFEPOST_SECRET_KEY"):
        return value
    path = secret_key_path()
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    return None
