"""Demo inbox for `safepost serve --demo`: a few imported reviews and a secure message, all
synthetic, so the queue, the highlighting and the reply guard can be tried. Idempotent (the
items are deduplicated like any import)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from safepost.app.audit.services import Who
from safepost.app.inbox import services

REVIEWS = [
    ("google", "demo-g-1", "Waited 90 minutes past my appointment and the front desk was rude.", 1, 30),
    ("yelp", "demo-y-1", "My daughter Emma was diagnosed with asthma here, call me at 555-201-7788 about her inhaler.", 2, 5),
    ("healthgrades", "demo-h-1", "Dr. Reyes and the nurses were wonderful, thank you!", 5, 2),
    ("google", "demo-g-2", "I was charged twice for the same visit and nobody answers about the bill.", 2, 50),
    ("yelp", "demo-y-2", "Honestly some days I want to end my life and I can't get an appointment.", 1, 1),
]


def load_demo(org, members_by_role) -> None:
    now = timezone.now()
    services.settings_for(org)
    incoming = [services.Incoming(src, rid, "review", text, now - timedelta(hours=hours),
                                  {"author_handle": f"Reviewer {i + 1}"}, rating=rating)
                for i, (src, rid, text, rating, hours) in enumerate(REVIEWS)]
    services.ingest(Who.cli(org), org, None, incoming, action="inbox.import")
