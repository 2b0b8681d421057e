"""Backups: one sealed file (see `lib.sealed`) holding a consistent snapshot of the database and
the files of the data directory the data needs (the keyring, the Django secret, the audit
signing key). Used by `safepost-admin backup` / `restore`.

The database is copied with SQLite's online backup API (a consistent copy while the service
runs) or `pg_dump --format=custom` for PostgreSQL. Inside the sealed stream is a tar archive:
manifest.json, database.sqlite3 or database.pgdump, files/<name>. The keyring travels only
inside the sealed stream, never in clear.

Restore reads and authenticates the whole backup into a private staging directory first, so a
tampered or truncated file restores nothing; then it refuses a target that is not empty (a
database with tables, or an existing keyring/secret/signing key) unless `force`.
No Django import: restore runs before the target has a secret or a keyring.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import dj_database_url

from safepost.app.lib import datadir
from safepost.app.lib.sealed import OpeningReader, SealedError, SealingWriter

SQLITE_MEMBER, PG_MEMBER = "database.sqlite3", "database.pgdump"


class BackupError(Exception):
    """Backup or restore cannot go on; the message says what to fix (no data in it)."""


@dataclass(frozen=True)
class Target:
    """Where the database and the data-dir files live, from the environment (as settings.py)."""
    engine: str               # "sqlite" | "postgresql"
    sqlite_path: Path | None
    pg_url: str | None
    files: dict[str, Path]    # name in the archive → path

    @classmethod
    def from_env(cls) -> Target:
        url = os.environ.get("DATABASE_URL")
        files = {"keys.json": datadir.keys_path(), "secret_key": datadir.secret_key_path(),
                 "audit_signing_key.pem": Path(os.environ.get("SAFEPOST_AUDIT_KEY_FILE")
                                               or datadir.data_dir() / "audit_signing_key.pem")}
        if not url:
            return cls("sqlite", datadir.data_dir() / datadir.SQLITE_FILE_NAME, None, files)
        try:
            engine = dj_database_url.parse(url)["ENGINE"]
        except ValueError as e:
            raise BackupError(f"DATABASE_URL is not a database URL: {e}") from None
        if engine.endswith("sqlite3"):
            return cls("sqlite", Path(dj_database_url.parse(url)["NAME"]), None, files)
        if engine.endswith("postgresql"):
            return cls("postgresql", None, url, files)
        raise BackupError("DATABASE_URL must be postgresql://… or sqlite:///…")


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise BackupError(f"{name} is not installed (or not on PATH): a PostgreSQL backup needs the PostgreSQL "
                          f"client tools of the server's major version (Debian: apt-get install postgresql-client)")
    return path


def _run(cmd: list[str], what: str) -> None:
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        first = (proc.stderr.strip().splitlines() or ["no message"])[0]
        raise BackupError(f"{what} failed (exit {proc.returncode}): {first}")


def _snapshot_db(t: Target, staging: Path) -> tuple[str, Path]:
    if t.engine == "postgresql":
        out = staging / PG_MEMBER
        _run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={out}", f"--dbname={t.pg_url}"],
             "pg_dump")
        return PG_MEMBER, out
    if not t.sqlite_path.is_file():
        raise BackupError(f"no database at {t.sqlite_path}: set SAFEPOST_DATA_DIR (or DATABASE_URL) to the "
                          f"installation to back up")
    out = staging / SQLITE_MEMBER
    src = sqlite3.connect(f"{t.sqlite_path.resolve().as_uri()}?mode=ro", uri=True, timeout=20)
    dst = sqlite3.connect(out)
    try:
        src.backup(dst)      # the online backup API: a consistent copy, writers may keep going
    finally:
        dst.close()
        src.close()
    return SQLITE_MEMBER, out


def backup(out: Path, key: bytes) -> dict:
    """Write the sealed backup to `out` (0600, replaced atomically); return its manifest."""
    t = Target.from_env()
    with tempfile.TemporaryDirectory(prefix="safepost-backup-") as tmp:
        member, db_file = _snapshot_db(t, Path(tmp))
        present = {name: p for name, p in t.files.items() if p.is_file()}
        if "keys.json" not in present:
            raise BackupError(f"no keyring at {t.files['keys.json']}: without it the encrypted fields of the "
                              f"backup could never be read (set SAFEPOST_KEYS_FILE)")
        manifest = {"format": 1, "created": datetime.now(UTC).isoformat(timespec="seconds"),
                    "database": t.engine, "files": sorted(present)}
        (Path(tmp) / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
        partial = out.with_name(out.name + ".partial")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as f:
            sealer = SealingWriter(f, key, {"content": "safepost-backup", "database": t.engine})
            with tarfile.open(fileobj=sealer, mode="w|") as tar:
                tar.add(Path(tmp) / "manifest.json", arcname="manifest.json")
                tar.add(db_file, arcname=member)
                for name, path in present.items():
                    tar.add(path, arcname=f"files/{name}")
            sealer.close()
        os.replace(partial, out)
    return manifest


# -- restore ----------------------------------------------------------------------------------
def _unpack(src, key: bytes, staging: Path) -> dict:
    reader = OpeningReader(src, key)
    allowed = {"manifest.json", SQLITE_MEMBER, PG_MEMBER} | {f"files/{n}" for n in
                                                             ("keys.json", "secret_key", "audit_signing_key.pem")}
    try:
        with tarfile.open(fileobj=reader, mode="r|") as tar:
            for m in tar:
                if m.name not in allowed or not m.isfile():
                    raise BackupError(f"the backup holds an unexpected entry {m.name!r}; refusing it")
                data = tar.extractfile(m).read()
                dest = staging / m.name.replace("/", "__")
                fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(fd, "wb") as f:
                    f.write(data)
        reader.finish()
    except tarfile.TarError as e:
        raise BackupError(f"the backup's archive is damaged ({type(e).__name__})") from None
    try:
        return json.loads((staging / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise BackupError("the backup has no readable manifest") from None


def _sqlite_tables(path: Path) -> int:
    if not path.is_file() or path.stat().st_size == 0:
        return 0
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
    try:
        return con.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
    finally:
        con.close()


def _pg_tables(url: str) -> int:
    import psycopg

    try:
        with psycopg.connect(url, connect_timeout=5) as con:
            return con.execute("SELECT count(*) FROM information_schema.tables "
                               "WHERE table_schema = 'public'").fetchone()[0]
    except psycopg.Error as e:
        raise BackupError(f"cannot reach the target database: {type(e).__name__}") from None


def _not_empty(t: Target, names: list[str]) -> list[str]:
    found = [f"{t.files[n]} exists" for n in names if t.files[n].exists()]
    n = _pg_tables(t.pg_url) if t.engine == "postgresql" else _sqlite_tables(t.sqlite_path)
    if n:
        found.insert(0, f"the database has {n} tables")
    return found


def _place_db(t: Target, staging: Path, force: bool) -> None:
    if t.engine == "postgresql":
        cmd = [_pg_tool("pg_restore"), "--no-owner", "--exit-on-error", f"--dbname={t.pg_url}"]
        if force:
            cmd[2:2] = ["--clean", "--if-exists"]
        _run(cmd + [str(staging / PG_MEMBER)], "pg_restore")
        return
    datadir.make_private_dir(t.sqlite_path.parent)
    tmp = t.sqlite_path.with_name(t.sqlite_path.name + ".restoring")
    shutil.copyfile(staging / SQLITE_MEMBER, tmp)
    os.chmod(tmp, 0o600)
    for suffix in ("-wal", "-shm"):
        Path(str(t.sqlite_path) + suffix).unlink(missing_ok=True)
    os.replace(tmp, t.sqlite_path)


def restore(src_path: Path, key: bytes, force: bool = False) -> dict:
    """Restore the sealed backup at `src_path` into the installation the environment names."""
    t = Target.from_env()
    with tempfile.TemporaryDirectory(prefix="safepost-restore-") as tmp:
        staging = Path(tmp)
        try:
            with open(src_path, "rb") as f:
                manifest = _unpack(f, key, staging)
        except OSError as e:
            raise BackupError(f"cannot read the backup {src_path}: {e.strerror}") from None
        except SealedError as e:
            raise BackupError(str(e)) from None
        if manifest.get("database") != t.engine:
            raise BackupError(f"this is a {manifest.get('database')} backup; the target is {t.engine} "
                              f"(set DATABASE_URL to a database of the same kind)")
        names = [n for n in manifest.get("files", []) if n in t.files]
        if not force and (found := _not_empty(t, names)):
            raise BackupError("the restore target is not empty (" + "; ".join(found) + "): restore into a fresh "
                              "SAFEPOST_DATA_DIR / database, or pass --force to overwrite it")
        _place_db(t, staging, force)
        for name in names:
            dest = t.files[name]
            datadir.make_private_dir(dest.parent)
            part = dest.with_name(dest.name + ".restoring")
            shutil.copyfile(staging / f"files__{name}", part)
            os.chmod(part, 0o600)
            os.replace(part, dest)
    return manifest
