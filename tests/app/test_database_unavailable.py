"""A locked or unreachable database answers 503 with `Retry-After: 5` within 5 seconds, on
pages (HTML) and the API (JSON), and `/healthz` says which. Each case runs the real service
(Django's request handling, our settings) in a subprocess against a real SQLite file held by
another connection, or a PostgreSQL URL whose port is closed."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

SRC = str(Path(__file__).resolve().parents[2] / "src")

REQUESTS = """
import json, os, time, django
os.environ["DJANGO_SETTINGS_MODULE"] = "safepost.app.settings"
django.setup()
from django.test.utils import setup_test_environment
setup_test_environment()
from django.test import Client
c = Client(raise_request_exception=False)
calls = {
    "healthz": lambda: c.get("/healthz"),
    "login": lambda: c.post("/login/", {"email": "ada@acme.test", "password": "not the password 1"}),
    "page": lambda: c.get("/login/"),
    "api": lambda: c.get("/api/v1/consents", HTTP_AUTHORIZATION="Bearer sp_synthetic_key_for_tests"),
}
out = {}
for name, call in calls.items():
    t = time.monotonic()
    r = call()
    out[name] = {"status": r.status_code, "retry_after": r.get("Retry-After"), "type": r.get("Content-Type", ""),
                 "seconds": time.monotonic() - t, "body": r.content.decode()[:2000]}
print(json.dumps(out))
"""


def env_for(data_dir: Path, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SAFEPOST_", "DATABASE_URL", "DJANGO_"))}
    return {**env, "SAFEPOST_DATA_DIR": str(data_dir), "PYTHONPATH": SRC, **extra}


def requests(data_dir: Path, **extra: str) -> dict:
    r = subprocess.run([sys.executable, "-c", REQUESTS], env=env_for(data_dir, **extra), capture_output=True,
                       text=True, timeout=120, check=False)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def installation(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("locked")
    code = "import sys; from safepost.cli import main; sys.exit(main(['migrate']))"
    r = subprocess.run([sys.executable, "-c", code], env=env_for(d), capture_output=True, text=True, timeout=120, check=False)
    assert r.returncode == 0, r.stderr
    return d


def assert_unavailable(answer: dict, kind: str) -> None:
    assert answer["status"] == 503, answer
    assert answer["retry_after"] == "5"
    # The service gives up on the database after its lock timeout (3 s) plus a probe (≤ 2 s); the
    # bound here only tells that from the old 20-second hang, with room for a loaded machine.
    # How fast it answers is measured in bench/, not asserted.
    assert answer["seconds"] < 12
    if kind in ("json", "healthz"):
        assert answer["type"].startswith("application/json")
        if kind == "json":
            assert json.loads(answer["body"])["code"] == "database_unavailable"
    else:
        assert answer["type"].startswith("text/html") and "Try again shortly" in answer["body"], answer


def test_an_unlocked_database_is_healthy(installation):
    got = requests(installation)
    assert got["healthz"]["status"] == 200 and json.loads(got["healthz"]["body"])["database"] == "ok"
    assert got["login"]["status"] == 400 and got["api"]["status"] == 401   # refused, not unavailable


def test_a_database_held_in_an_exclusive_transaction_answers_503_and_healthz_says_locked(installation):
    holder = sqlite3.connect(installation / "safepost.sqlite3", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        got = requests(installation)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert_unavailable(got["healthz"], "healthz")
    assert json.loads(got["healthz"]["body"]) == {"status": "unavailable", "database": "locked"}
    assert_unavailable(got["login"], "html")        # a sign-in writes (throttling): it cannot wait 20 s


def test_a_database_no_one_else_may_even_read_answers_503_on_pages_and_the_api(installation):
    holder = sqlite3.connect(installation / "safepost.sqlite3", isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("CREATE TABLE IF NOT EXISTS lock_probe (n INTEGER)")
    try:
        got = requests(installation)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert_unavailable(got["healthz"], "healthz")
    assert_unavailable(got["api"], "json")
    assert_unavailable(got["login"], "html")


def closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def test_an_unreachable_postgresql_answers_503_and_healthz_says_unreachable(tmp_path):
    from safepost.app.lib import (
        datadir,  # a data dir with a secret and keyring, no database
    )

    os.environ["SAFEPOST_DATA_DIR"], saved = str(tmp_path), os.environ["SAFEPOST_DATA_DIR"]
    try:
        datadir.prepare()
    finally:
        os.environ["SAFEPOST_DATA_DIR"] = saved
    got = requests(tmp_path, DATABASE_URL=f"postgresql://postgres@127.0.0.1:{closed_port()}/safepost_backup")
    assert_unavailable(got["healthz"], "healthz")
    assert json.loads(got["healthz"]["body"]) == {"status": "unavailable", "database": "unreachable"}
    assert_unavailable(got["api"], "json")
    assert_unavailable(got["login"], "html")
    assert got["page"]["status"] == 200      # the sign-in form needs no database: it still shows
