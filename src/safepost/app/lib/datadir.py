"""The data directory (`SAFEPOST_DATA_DIR`, default `./data`) and the secrets generated in it.

On first start `prepare()` creates the directory (0700), a Django secret (`secret_key`) and an
encryption keyring (`keys.json`), readable by the owner only; `private_sqlite()` creates the
SQLite file 0600 (its directory 0700 when it makes it) before SQLite opens it, so the database,
and its -wal and -shm files (SQLite gives them the database's mode), are never world-readable. Both belong in a secrets store in
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


def make_private_dir(path: Path) -> bool:
    """Create `path` (and missing parents) with the leaf 0700; True when it was created. An
    existing directory is left as it is (it may be shared, e.g. /tmp)."""
    if path.is_dir():
        return False
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(path, 0o700)
    return True


def private_sqlite(name: str) -> None:
    """Create the SQLite database file 0600 (its directory 0700 when missing) unless it exists
    or `name` is not a file (":memory:", a "file:" URI)."""
    if not name or name == ":memory:" or name.startswith("file:"):
        return
    path = Path(name)
    try:
        make_private_dir(path.parent)
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass
    except OSError:     # a read-only place: SQLite's own error will say so, on first use
        pass


def _write_private(path: Path, content: str) -> None:
    make_private_dir(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(content)


def prepare() -> Prepared:
    """Create the data dir, the Django secret and the keyring when missing. Idempotent."""
    d = data_dir()
    created_dir = make_private_dir(d)
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
