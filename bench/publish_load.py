"""Publishing benchmark: N scheduled posts due at once, published by K `safepost worker --once`
processes through the real Mastodon connector against a local fake platform with a fixed
latency per request (safepost.app.channels.fakeplatform), then checked for duplicates.

    .venv/bin/python bench/publish_load.py                       # 10,000 posts, 4 workers, 50 ms, PostgreSQL
    .venv/bin/python bench/publish_load.py --posts 300 --latency 0.01 --database sqlite

Goal (issue 4): 10,000 posts published within 5 minutes by 4 workers, zero duplicates.

The fake platform IGNORES Idempotency-Key here, so a post published twice by our side (two
workers holding the same delivery) would show up as two statuses with the same key. Seeding
uses bulk inserts (scheduled, approved posts; not what is measured); the clock starts when the
workers are started and stops when the last one exits. Afterwards the audit chain is verified
(`safepost audit verify`): every publication wrote its entry, numbered without gaps.

PostgreSQL: a fresh database `safepost_bench_<random>` on --pg (dropped afterwards).
Results also go to bench/results/publish_load.json (or only to --json FILE when given).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAFEPOST = str(Path(sys.executable).with_name("safepost"))
sys.path.insert(0, str(ROOT / "src"))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--posts", type=int, default=10_000)
    p.add_argument("--workers", type=int, default=4, help="worker processes")
    p.add_argument("--threads", type=int, default=1, help="loops per worker process")
    p.add_argument("--latency", type=float, default=0.05, help="seconds per platform request")
    p.add_argument("--database", choices=["postgres", "sqlite"], default="postgres")
    p.add_argument("--pg", default=os.environ.get("SAFEPOST_BENCH_PG", "postgresql://postgres@127.0.0.1:5432"),
                   help="PostgreSQL server URL without the database name")
    p.add_argument("--limit", type=float, default=300.0, help="goal in seconds")
    p.add_argument("--json", help="write the result here (instead of bench/results/publish_load.json)")
    args = p.parse_args(argv)
    result = run(args)
    print(json.dumps(result, indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2))
    else:
        out = ROOT / "bench" / "results"
        out.mkdir(parents=True, exist_ok=True)
        (out / "publish_load.json").write_text(json.dumps(result, indent=2))
    return 0 if result["passed"] else 1


def run(args) -> dict:
    data = tempfile.mkdtemp(prefix="safepost-bench-publish-")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SAFEPOST_", "DJANGO_", "DATABASE_URL"))}
    env.update(SAFEPOST_DATA_DIR=data, SAFEPOST_ALLOW_PRIVATE_HOSTS="1")
    pg_db = None
    if args.database == "postgres":
        import psycopg

        pg_db = f"safepost_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(args.pg + "/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{pg_db}"')
        env["DATABASE_URL"] = f"{args.pg}/{pg_db}"
    os.environ.update(env)
    for k in [k for k in os.environ if k not in env]:
        if k.startswith(("SAFEPOST_", "DJANGO_", "DATABASE_URL")):
            del os.environ[k]
    try:
        return _run(args, env)
    finally:
        if pg_db:
            from django.db import connections

            connections.close_all()
            import psycopg

            with psycopg.connect(args.pg + "/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{pg_db}" WITH (FORCE)')


def _run(args, env: dict) -> dict:
    r = subprocess.run([SAFEPOST, "migrate"], env=env, capture_output=True, text=True, timeout=300)
    if r.returncode != 0:
        raise SystemExit(f"migrate failed: {r.stderr}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safepost.app.settings")
    import django

    django.setup()
    from django.db import connections

    from safepost.app.channels.fakeplatform import FakePlatform

    with FakePlatform(latency=args.latency, honor_idempotency=False) as fp:
        t_seed = time.monotonic()
        org_id = seed(args.posts, fp)
        seed_s = time.monotonic() - t_seed
        connections.close_all()

        t0 = time.monotonic()
        procs = [subprocess.Popen([SAFEPOST, "worker", "--once", "--threads", str(args.threads), "--job", "publish"],
                                  env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for _ in range(args.workers)]
        outputs = [proc.communicate(timeout=max(args.limit * 4, 600)) for proc in procs]
        elapsed = time.monotonic() - t0
        codes = [proc.returncode for proc in procs]
        statuses, dups, requests = len(fp.statuses), fp.duplicates(), fp.requests
        texts = Counter(fp.texts())

    from safepost.app.posts.models import Delivery, Post

    states = Counter(Delivery.objects.values_list("state", flat=True))
    post_states = Counter(Post.objects.values_list("state", flat=True))
    attempts = Counter(Delivery.objects.values_list("attempts", flat=True))
    per_worker = Counter(w.split("/")[0] for w in Delivery.objects.values_list("worker", flat=True))
    connections.close_all()
    verify = subprocess.run([SAFEPOST, "audit", "verify"], env=env, capture_output=True, text=True, timeout=600)
    result = {
        "database": args.database, "posts": args.posts, "workers": args.workers, "threads": args.threads,
        "latency_s": args.latency, "seed_s": round(seed_s, 1), "elapsed_s": round(elapsed, 1),
        "posts_per_s": round(args.posts / elapsed, 1) if elapsed else None,
        "published": states.get("published", 0), "delivery_states": dict(states), "post_states": dict(post_states),
        "attempts": {str(k): v for k, v in sorted(attempts.items())},
        "per_worker_process": sorted(per_worker.values(), reverse=True),
        "platform_statuses": statuses, "platform_requests": requests,
        "duplicate_keys": len(dups), "duplicate_texts": sum(1 for n in texts.values() if n > 1),
        "worker_exit_codes": codes, "audit_verify": verify.stdout.strip() or verify.stderr.strip(),
        "worker_stderr": [e[-500:] for _, e in outputs if e.strip()],
        "org": org_id,
    }
    result["passed"] = (result["published"] == args.posts and statuses == args.posts and not dups
                        and result["duplicate_texts"] == 0 and elapsed <= args.limit and set(codes) == {0}
                        and verify.returncode == 0)
    return result


def seed(n: int, fp) -> int:
    """One organization, one channel on the fake platform, n approved posts due now."""
    from django.db import transaction
    from django.utils import timezone

    from safepost.app.accounts import services as accounts
    from safepost.app.audit.services import Who
    from safepost.app.channels.models import Channel
    from safepost.app.posts.models import Delivery, Post

    org = accounts.create_org(Who.cli(None), "bench", "Bench Clinic")
    channel = Channel.objects.create(org=org, platform="mastodon", name="Bench", handle="safepost",
                                     credentials=json.dumps({"instance": fp.url, "access_token": fp.token}))
    now = timezone.now()
    batch = 1000
    for start in range(0, n, batch):
        with transaction.atomic():
            posts = Post.objects.bulk_create([
                Post(org=org, text=f"[bench:{i}] Flu shots are available at all our clinics this week.",
                     state="scheduled", verdict="ALLOW", version=1, scanned_version=1, publish_at=now,
                     approved_at=now)
                for i in range(start, min(n, start + batch))])
            Post.channels.through.objects.bulk_create(
                [Post.channels.through(post_id=p.pk, channel_id=channel.pk) for p in posts])
            Delivery.objects.bulk_create([Delivery(org=org, post=p, channel=channel, due_at=now) for p in posts])
    return org.pk


if __name__ == "__main__":
    sys.exit(main())
