"""The data directory and the SQLite database are created private (issue 10): the directory
0700, the database file and its -wal/-shm companions 0600, whatever the umask. Real
`safepost migrate` processes on fresh paths."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

SAFEPOST = str(Path(sys.executable).with_name("safepost"))


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def migrate(env_extra: dict) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SAFEPOST_", "DJANGO_", "DATABASE_URL"))}
    env.update(env_extra)
    return subprocess.run([SAFEPOST, "migrate"], env=env, capture_output=True, text=True, timeout=300,
                          preexec_fn=lambda: os.umask(0o022))        # the usual, permissive umask


def test_a_new_data_directory_and_its_database_are_private(tmp_path):
    data = tmp_path / "fresh" / "data"
    r = migrate({"SAFEPOST_DATA_DIR": str(data)})
    assert r.returncode == 0, r.stderr
    assert mode(data) == 0o700
    db = data / "safepost.sqlite3"
    assert db.stat().st_size > 0 and mode(db) == 0o600
    companions = [p for p in data.iterdir() if p.name.startswith("safepost.sqlite3-")]
    assert all(mode(p) == 0o600 for p in companions), [(p.name, oct(mode(p))) for p in companions]
    assert mode(data / "secret_key") == 0o600 and mode(data / "keys.json") == 0o600


def test_a_database_elsewhere_is_created_private_in_a_private_new_directory(tmp_path):
    db = tmp_path / "elsewhere" / "db" / "safepost.sqlite3"
    os.chmod(tmp_path, 0o755)
    r = migrate({"SAFEPOST_DATA_DIR": str(tmp_path / "data"), "DATABASE_URL": f"sqlite:///{db}"})
    assert r.returncode == 0, r.stderr
    assert mode(db) == 0o600 and mode(db.parent) == 0o700
    assert mode(tmp_path) == 0o755                                    # an existing directory is left alone
