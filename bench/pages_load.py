"""Pages benchmark: the main pages with 10,000 posts and 10,000 inbox items in one organization.

    .venv/bin/python bench/pages_load.py                        # PostgreSQL (a fresh database)
    .venv/bin/python bench/pages_load.py --database sqlite
    .venv/bin/python bench/pages_load.py --posts 500 --items 500 --repeat 5   # a quick look

Seeding (not measured): the demo organization (`safepost serve --demo`: one person per role,
training passed, a channel, consents, an incident), five more channels, then --posts posts in
bulk (`bulk_create`: the text and notes are encrypted by `EncryptedTextField` exactly as the
app stores them; mixed states, one to three channels, publish times spread over a year, with
their deliveries and approvals) and --items inbox items through `inbox.services.ingest` (the
engine, encryption, deduplication: what the `pullreplies` job does), plus 200 consents and 40
incidents through their services.

Measured: GET of each main page with Django's test client as a signed-in member of the role
that uses it, --repeat times after one warm-up; p50 and p95 per page. Goal: p95 < 300 ms.
PostgreSQL: a fresh database `safepost_bench_<random>` on --pg (dropped afterwards).
Results also go to bench/results/pages_load.json (or only to --json FILE).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from servicedb import add_database_options, service_database, write_result  # noqa: E402

GOAL_MS = 300
STATES = [("draft", 15), ("in_review", 10), ("approved", 5), ("scheduled", 25), ("published", 35),
          ("failed", 3), ("rejected", 4), ("withdrawn", 3)]
VERDICTS = [("ALLOW", 70), ("NEEDS_AUTHORIZATION", 15), ("BLOCK", 15)]
POST_TEXTS = [
    "Flu shots are available at all our clinics this week. Walk in any time!",
    "Our new Saturday hours start next week: 9 to 1 at every clinic.",
    "Meet our new pediatric team at the open house on Friday, snacks included.",
    "Reminder: free blood pressure checks in the lobby every Tuesday morning.",
    "We are hiring nurses for the night shift. Apply on our careers page.",
    "Thank you to everyone who ran in the 5K for the children's ward!",
]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--posts", type=int, default=10_000)
    p.add_argument("--items", type=int, default=10_000, help="inbox items")
    p.add_argument("--repeat", type=int, default=20, help="requests measured per page")
    add_database_options(p)
    args = p.parse_args(argv)

    with service_database(args.database, args.pg, "safepost-bench-pages-"):
        result = run(args)
    return write_result(result, "pages_load", args.json)


def _weighted(rng: random.Random, table):
    return rng.choices([v for v, _ in table], weights=[w for _, w in table])[0]


def seed_posts(org, members, channels, n: int, rng: random.Random) -> None:
    """`n` posts in bulk, as the services would have left them (encrypted text, verdicts, the
    approvals of approved posts, one delivery per channel once scheduled)."""
    from django.utils import timezone

    from safepost.app.accounts.rules import Role
    from safepost.app.audit.services import fingerprint
    from safepost.app.posts.models import Approval, Delivery, Post

    now = timezone.now()
    authors = [members[Role.AUTHOR], members[Role.COMMUNITY], members[Role.REVIEWER]]
    reviewer = members[Role.REVIEWER]
    batch = 1000
    for start in range(0, n, batch):
        posts, chosen = [], []
        for i in range(start, min(n, start + batch)):
            state = _weighted(rng, STATES)
            text = f"{POST_TEXTS[i % len(POST_TEXTS)]} (#{i})"
            when = now + timedelta(minutes=rng.randint(-240 * 24 * 60, 120 * 24 * 60))
            verdict = _weighted(rng, VERDICTS)
            author = authors[i % len(authors)]
            posts.append(Post(
                org=org, author=author, text=text, text_fp=fingerprint(text), state=state,
                publish_at=when if state != "draft" or i % 2 else None, verdict=verdict,
                reasons=[] if verdict == "ALLOW" else ["names_patient"], labels=[] if verdict == "ALLOW" else ["NAME"],
                scanned_version=1, editors=[author.pk],
                review_note="Please remove the patient's first name." if state == "rejected" else "",
                submitted_at=None if state == "draft" else when - timedelta(days=2),
                approved_at=when - timedelta(days=1) if state in ("approved", "scheduled", "published", "failed") else None,
                published_at=when if state == "published" else None))
            chosen.append(rng.sample(channels, rng.randint(1, 3)))
        posts = Post.objects.bulk_create(posts)
        Post.channels.through.objects.bulk_create(
            [Post.channels.through(post_id=p.pk, channel_id=c.pk) for p, cs in zip(posts, chosen) for c in cs])
        delivered = {"scheduled": "pending", "published": "published", "failed": "failed"}
        Delivery.objects.bulk_create(
            [Delivery(org=org, post=p, channel=c, state=delivered[p.state], due_at=p.publish_at,
                      published_at=p.published_at) for p, cs in zip(posts, chosen) if p.state in delivered for c in cs])
        Approval.objects.bulk_create(
            [Approval(post=p, user=reviewer, version=1, decision="approve")
             for p in posts if p.approved_at is not None])


def seed_inbox(org, n: int) -> None:
    from django.utils import timezone

    from safepost.app.audit.services import Who
    from safepost.app.inbox import services
    from inbox_load import texts

    now = timezone.now()
    sources = ["google", "yelp", "healthgrades"]
    incoming = [services.Incoming(sources[i % 3], f"r-{i}", "review" if i % 2 else "comment", t,
                                  now - timedelta(minutes=i * 50), {"author_handle": f"user{i}", "url": ""})
                for i, t in enumerate(texts(n))]
    who = Who(org=org, actor_id=None, actor="worker:bench")
    for i in range(0, n, 500):
        services.ingest(who, org, None, incoming[i:i + 500])


def seed_records(org, members, rng: random.Random) -> None:
    """200 consents and 40 incidents through their services (few rows: these lists are small)."""
    from dataclasses import replace

    from django.utils import timezone

    from safepost.app.accounts.rules import Role
    from safepost.app.audit.services import Who
    from safepost.app.consent import services as consents
    from safepost.app.consent.demo import synthetic_terms
    from safepost.app.incidents import services as incidents

    officer = Who.user(members[Role.PRIVACY], org)
    today = timezone.localdate()
    for i in range(200):
        consents.record_consent(officer, org, replace(synthetic_terms(org.name), patient_name=f"Patient Example {i}",
                                                      expires_on=today + timedelta(days=rng.randint(5, 700))))
    for i in range(40):
        incidents.open_reported(officer, org, incidents.NewIncident(
            title=f"Synthetic incident {i}", discovered_on=today - timedelta(days=rng.randint(0, 50)),
            affected_by_state={"CA": 1 + i}))


def pages(slug: str, month: str, monday: str) -> list[tuple[str, str, str]]:
    """(name, role, url): each main page, opened by the role that uses it."""
    o = f"/o/{slug}"
    return [
        *[(f"home ({r})", r, f"{o}/") for r in ("admin", "privacy", "reviewer", "author", "community", "auditor")],
        ("posts list", "reviewer", f"{o}/posts/"),
        ("calendar month", "reviewer", f"{o}/posts/calendar/?month={month}"),
        ("calendar week", "reviewer", f"{o}/calendar/?view=week&start={monday}"),
        ("calendar list", "reviewer", f"{o}/calendar/?view=list&start={monday}"),
        ("review queue", "reviewer", f"{o}/posts/review/"),
        ("inbox", "community", f"{o}/inbox/"),
        ("search", "privacy", f"{o}/search/?q=scheduled"),
        ("consents", "privacy", f"{o}/consents/"),
        ("incidents", "privacy", f"{o}/incidents/"),
        ("training", "author", f"{o}/training/"),
    ]


def measure(clients, plan, repeat: int) -> dict[str, dict]:
    out = {}
    for name, role, url in plan:
        c = clients[role]
        r = c.get(url)
        assert r.status_code == 200, (name, url, r.status_code)
        runs = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            r = c.get(url)
            runs.append((time.perf_counter() - t0) * 1000)
            assert r.status_code == 200, (name, url, r.status_code)
        runs.sort()
        p95 = runs[min(len(runs) - 1, max(0, round(0.95 * len(runs)) - 1))]
        out[name] = {"url": url, "p50_ms": round(statistics.median(runs), 1), "p95_ms": round(p95, 1)}
        print(f"{name:<22} p50 {out[name]['p50_ms']:7.1f} ms   p95 {out[name]['p95_ms']:7.1f} ms", flush=True)
    return out


def run(args) -> dict:
    from safepost.app.lib import datadir

    datadir.prepare()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from safepost.app import demo
    from safepost.app.accounts.models import Organization
    from safepost.app.channels.models import Channel
    from safepost.app.inbox.models import Item
    from safepost.app.posts.models import Post

    rng = random.Random(12)
    t0 = time.perf_counter()
    members = {role: user for role, (user, _) in demo.load().items()}
    org = Organization.objects.get(slug=demo.DEMO_SLUG)
    for platform_name, name in [("mastodon", "Clinic Mastodon"), ("x", "Clinic X"), ("facebook", "Clinic Facebook"),
                                ("linkedin", "Clinic LinkedIn"), ("instagram", "Clinic Instagram")]:
        Channel.objects.create(org=org, platform=platform_name, name=name, handle=name.lower().replace(" ", "."),
                               credentials="{}")
    channels = list(Channel.objects.filter(org=org))
    seed_posts(org, members, channels, args.posts, rng)
    seed_inbox(org, args.items)
    seed_records(org, members, rng)
    seed_s = time.perf_counter() - t0
    print(f"seeded in {seed_s:.0f} s", flush=True)

    clients = {}
    for role, user in members.items():
        c = Client()
        c.force_login(user)
        clients[role.value] = c
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    timings = measure(clients, pages(org.slug, today.strftime("%Y-%m"), monday.isoformat()), args.repeat)
    worst = max(t["p95_ms"] for t in timings.values())
    return {
        "database": connection.vendor, "posts": Post.objects.filter(org=org).count(),
        "inbox_items": Item.objects.filter(org=org).count(), "repeat": args.repeat,
        "seed_seconds": round(seed_s), "cpus": os.cpu_count(), "machine": platform.processor() or platform.machine(),
        "python": platform.python_version(), "load_average": [round(x, 2) for x in os.getloadavg()],
        "pages": timings, "worst_p95_ms": worst, "goal_p95_ms": GOAL_MS, "passed": worst < GOAL_MS,
    }


if __name__ == "__main__":
    sys.exit(main())
