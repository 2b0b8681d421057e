"""Several `safepost worker` processes at once against one database: every post published
exactly once (the fake platform ignores idempotency keys here, so a double publication by our
side would show), the audit chain intact. On PostgreSQL the claims use FOR UPDATE SKIP LOCKED;
on SQLite the conditional UPDATE under BEGIN IMMEDIATE. Runs bench/publish_load.py small."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path


ROOT = Path(__file__).resolve().parents[2]
SAFEPOST = str(Path(sys.executable).with_name("safepost"))
ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")


def run_bench(*args: str) -> dict:
    out = tempfile.mktemp(suffix=".json")
    env = dict(os.environ)
    if ON_POSTGRES:
        env["SAFEPOST_BENCH_PG"] = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    r = subprocess.run([sys.executable, str(ROOT / "bench" / "publish_load.py"), "--json", out, *args],
                       env=env, capture_output=True, text=True, timeout=600)
    result = json.loads(Path(out).read_text())
    assert r.returncode == 0, (result, r.stderr[-2000:])
    return result


def test_four_worker_processes_publish_every_post_exactly_once():
    result = run_bench("--posts", "240", "--workers", "4", "--latency", "0.005",
                       "--database", "postgres" if ON_POSTGRES else "sqlite")
    assert result["published"] == result["platform_statuses"] == 240
    assert result["duplicate_keys"] == 0 and result["duplicate_texts"] == 0
    assert result["attempts"] == {"1": 240}
    assert len(result["per_worker_process"]) >= 2, "the work was not shared between processes"
    assert "ok" in result["audit_verify"]


def test_a_worker_stops_cleanly_on_sigterm():
    data = tempfile.mkdtemp(prefix="safepost-worker-")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SAFEPOST_", "DJANGO_", "DATABASE_URL"))}
    env["SAFEPOST_DATA_DIR"] = data
    assert subprocess.run([SAFEPOST, "migrate"], env=env, capture_output=True, timeout=120).returncode == 0
    proc = subprocess.Popen([SAFEPOST, "worker", "--poll", "30"], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    assert proc.stdout.readline().startswith("worker ")          # started: jobs discovered
    time.sleep(0.5)
    assert proc.poll() is None, proc.stderr.read()
    t0 = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=15) == 0
    assert time.monotonic() - t0 < 5          # it does not sit out its 30 s poll


def test_worker_once_exits_when_nothing_is_due():
    data = tempfile.mkdtemp(prefix="safepost-worker-")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SAFEPOST_", "DJANGO_", "DATABASE_URL"))}
    env["SAFEPOST_DATA_DIR"] = data
    subprocess.run([SAFEPOST, "migrate"], env=env, capture_output=True, timeout=120)
    r = subprocess.run([SAFEPOST, "worker", "--once"], env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and "0 item(s) done" in r.stdout
    r = subprocess.run([SAFEPOST, "worker", "--once", "--job", "nope"], env=env, capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 2 and "unknown job" in r.stderr
