"""`safepost-admin backup` / `restore`: a sealed snapshot of a real SQLite installation, restored
into a fresh data directory where the encrypted fields decrypt and the audit log verifies.
Every command runs as a real subprocess, as an operator would run it."""

from __future__ import annotations

import io
import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from safepost.app.lib.sealed import OpeningReader, SealedError, SealingWriter

SRC = str(Path(__file__).resolve().parents[2] / "src")
SECRET = "JBSWY3DPEHPK3PXP"   # synthetic TOTP secret

SET_SECRET = f"""
import django, os
os.environ["DJANGO_SETTINGS_MODULE"] = "safepost.app.settings"
django.setup()
from safepost.app.accounts.models import User
u = User.objects.get(email="ada@acme.test"); u.totp_secret = "{SECRET}"; u.save()
"""
READ_SECRET = """
import django, os
os.environ["DJANGO_SETTINGS_MODULE"] = "safepost.app.settings"
django.setup()
from safepost.app.accounts.models import User
print(User.objects.get(email="ada@acme.test").totp_secret)
"""


def env_for(data_dir: Path, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SAFEPOST_", "DATABASE_URL", "DJANGO_"))}
    return {**env, "SAFEPOST_DATA_DIR": str(data_dir), "PYTHONPATH": SRC, **extra}


def run(data_dir: Path, *args: str, module: str = "safepost.admin", **extra: str) -> subprocess.CompletedProcess:
    code = f"import sys; from {module} import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run([sys.executable, "-c", code, *args], env=env_for(data_dir, **extra), capture_output=True,
                          text=True, timeout=120, check=False)


def safepost(data_dir: Path, *args: str, **extra: str) -> subprocess.CompletedProcess:
    return run(data_dir, *args, module="safepost.cli", **extra)


def python(data_dir: Path, script: str, **extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", script], env=env_for(data_dir, **extra), capture_output=True,
                          text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def installation(tmp_path_factory):
    """A migrated SQLite installation with a member (audit entries) and an encrypted TOTP secret,
    its sealed backup and the backup key."""
    root = tmp_path_factory.mktemp("backup")
    live = root / "live"
    assert safepost(live, "migrate").returncode == 0
    pw = root / "pw"
    pw.write_text("a synthetic passphrase for tests 1\n")
    made = safepost(live, "createuser", "--org", "acme", "--email", "ada@acme.test", "--role", "admin",
                    "--password-file", str(pw))
    assert made.returncode == 0, made.stderr
    assert python(live, SET_SECRET).returncode == 0
    key = root / "backup.key"
    assert run(live, "backup-key", "--out", str(key)).returncode == 0
    out = root / "acme.spbackup"
    done = run(live, "backup", "--out", str(out), "--key-file", str(key))
    assert done.returncode == 0, done.stderr
    return root, live, key, out


def test_the_backup_file_is_private_and_holds_no_readable_secret(installation):
    _root, live, _key, out = installation
    data = out.read_bytes()
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    assert b"SQLite format" not in data
    for secret_file in ("keys.json", "secret_key"):
        assert (live / secret_file).read_bytes().strip() not in data


def test_a_restore_into_a_fresh_data_dir_decrypts_fields_and_verifies_the_audit_log(installation):
    root, _live, key, out = installation
    fresh = root / "fresh"
    done = run(fresh, "restore", str(out), "--key-file", str(key))
    assert done.returncode == 0, done.stderr
    assert python(fresh, READ_SECRET).stdout.strip() == SECRET
    verified = safepost(fresh, "audit", "verify")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert oct((fresh / "keys.json").stat().st_mode & 0o777) == "0o600"


def test_a_restore_over_a_non_empty_installation_is_refused_without_force(installation):
    _root, live, key, out = installation
    refused = run(live, "restore", str(out), "--key-file", str(key))
    assert refused.returncode == 1
    assert "not empty" in refused.stderr and "--force" in refused.stderr
    forced = run(live, "restore", str(out), "--key-file", str(key), "--force")
    assert forced.returncode == 0, forced.stderr
    assert python(live, READ_SECRET).stdout.strip() == SECRET


def test_a_tampered_backup_is_refused_and_restores_nothing(installation):
    root, _live, key, out = installation
    data = bytearray(out.read_bytes())
    data[len(data) // 2] ^= 0x01
    bad = root / "tampered.spbackup"
    bad.write_bytes(bytes(data))
    target = root / "never"
    refused = run(target, "restore", str(bad), "--key-file", str(key))
    assert refused.returncode == 1
    assert "altered" in refused.stderr and "nothing was restored" in refused.stderr
    assert not (target / "keys.json").exists() and not (target / "safepost.sqlite3").exists()


def test_a_truncated_backup_is_refused(installation):
    root, _live, key, out = installation
    cut = root / "cut.spbackup"
    cut.write_bytes(out.read_bytes()[:-40])
    refused = run(root / "never2", "restore", str(cut), "--key-file", str(key))
    assert refused.returncode == 1 and "truncated" in refused.stderr


def test_the_wrong_key_is_named_by_fingerprint(installation):
    root, live, _key, out = installation
    other = root / "other.key"
    assert run(live, "backup-key", "--out", str(other)).returncode == 0
    refused = run(root / "never3", "restore", str(out), "--key-file", str(other))
    assert refused.returncode == 1 and "fingerprint" in refused.stderr


def test_a_key_file_that_is_not_a_key_is_a_usage_error(installation):
    root, live, _key, _out = installation
    bogus = root / "bogus.key"
    bogus.write_text("password123\n")
    refused = run(live, "backup", "--out", str(root / "x"), "--key-file", str(bogus))
    assert refused.returncode == 2 and "256-bit key" in refused.stderr


def test_a_backup_is_consistent_while_another_connection_writes(installation, tmp_path):
    _root, live, key, _out = installation
    writer = sqlite3.connect(live / "safepost.sqlite3", timeout=20)
    writer.execute("CREATE TABLE IF NOT EXISTS scratch (n INTEGER)")
    writer.execute("INSERT INTO scratch VALUES (1)")   # uncommitted while the backup runs
    done = run(live, "backup", "--out", str(tmp_path / "b"), "--key-file", str(key))
    writer.rollback()
    writer.close()
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("cut", [2, 7, 100])
def test_sealed_streams_of_several_chunks_round_trip_and_refuse_reordering(cut):
    key = os.urandom(32)
    buf = io.BytesIO()
    w = SealingWriter(buf, key, chunk=64)
    payload = os.urandom(64 * cut + 5)
    w.write(payload)
    w.close()
    assert OpeningReader(io.BytesIO(buf.getvalue()), key).read() == payload
    raw = buf.getvalue()
    header_end = raw.index(b"}") + 1
    first = header_end + 4 + 64 + 16
    swapped = raw[:header_end] + raw[first:first + 84] + raw[header_end:first] + raw[first + 84:]
    with pytest.raises(SealedError, match="chunk 0"):
        OpeningReader(io.BytesIO(swapped), key).read()


# -- PostgreSQL: pg_dump's custom format ---------------------------------------------------------
PG_SERVER = "postgresql://postgres@127.0.0.1:5432/"


def pg_reachable() -> bool:
    import psycopg

    try:
        psycopg.connect(PG_SERVER + "postgres", connect_timeout=3).close()
        return True
    except psycopg.Error:
        return False


@pytest.fixture
def fresh_pg_database():
    """Makes empty databases with names of their own (the SQLite and PostgreSQL suites run at the
    same time on one server) and drops them afterwards."""
    import psycopg

    made: list[str] = []

    def make(role: str) -> str:
        name = f"safepost_backup_{role}_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(PG_SERVER + "postgres", autocommit=True) as con:
            con.execute(f"CREATE DATABASE {name}")
        made.append(name)
        return PG_SERVER + name

    yield make
    with psycopg.connect(PG_SERVER + "postgres", autocommit=True) as con:
        for name in made:
            con.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.mark.skipif(not pg_reachable(), reason="no PostgreSQL server at 127.0.0.1:5432")
def test_a_postgresql_backup_restores_into_a_fresh_database(tmp_path, fresh_pg_database):
    live_url, fresh_url = fresh_pg_database("live"), fresh_pg_database("fresh")
    live, fresh = tmp_path / "live", tmp_path / "fresh"
    assert safepost(live, "migrate", DATABASE_URL=live_url).returncode == 0
    pw = tmp_path / "pw"
    pw.write_text("a synthetic passphrase for tests 1\n")
    assert safepost(live, "createuser", "--org", "acme", "--email", "ada@acme.test", "--role", "admin",
                    "--password-file", str(pw), DATABASE_URL=live_url).returncode == 0
    assert python(live, SET_SECRET, DATABASE_URL=live_url).returncode == 0
    key = tmp_path / "k"
    assert run(live, "backup-key", "--out", str(key)).returncode == 0
    out = tmp_path / "pg.spbackup"
    done = run(live, "backup", "--out", str(out), "--key-file", str(key), DATABASE_URL=live_url)
    assert done.returncode == 0, done.stderr
    restored = run(fresh, "restore", str(out), "--key-file", str(key), DATABASE_URL=fresh_url)
    assert restored.returncode == 0, restored.stderr
    assert python(fresh, READ_SECRET, DATABASE_URL=fresh_url).stdout.strip() == SECRET
    assert safepost(fresh, "audit", "verify", DATABASE_URL=fresh_url).returncode == 0
    again = run(tmp_path / "fresh2", "restore", str(out), "--key-file", str(key), DATABASE_URL=fresh_url)
    assert again.returncode == 1 and "the database has" in again.stderr
    forced = run(tmp_path / "fresh2", "restore", str(out), "--key-file", str(key), "--force", DATABASE_URL=fresh_url)
    assert forced.returncode == 0, forced.stderr
    assert safepost(tmp_path / "fresh2", "audit", "verify", DATABASE_URL=fresh_url).returncode == 0


def test_a_postgresql_backup_without_pg_dump_is_refused_clearly(tmp_path):
    key = tmp_path / "k"
    assert run(tmp_path, "backup-key", "--out", str(key)).returncode == 0
    refused = run(tmp_path, "backup", "--out", str(tmp_path / "b"), "--key-file", str(key),
                  DATABASE_URL=PG_SERVER + "safepost_backup_nowhere", PATH=str(tmp_path))
    assert refused.returncode == 1
    assert "pg_dump is not installed" in refused.stderr and "postgresql-client" in refused.stderr
