"""Demo posts for `safepost serve --demo`: a channel (not connected to a real account: the
worker would mark it "needs reconnecting"), a draft, and three posts in the review queue (one
allowed, one blocked, one patient story linked to the demo authorization). Idempotent."""

from __future__ import annotations

import json


def load_demo(org, members_by_role) -> None:
    from safepost.app.accounts.rules import Role
    from safepost.app.audit.services import Who
    from safepost.app.channels.models import Channel
    from safepost.app.posts import services
    from safepost.app.posts.models import Post

    if Post.objects.filter(org=org).exists():
        return
    channel = Channel.objects.filter(org=org).first() or Channel.objects.create(
        org=org, platform="bluesky", name="Demo Bluesky", handle="demo-clinic.bsky.social",
        credentials=json.dumps({"service": "https://bsky.social", "identifier": "demo-clinic.bsky.social",
                                "app_password": "not-a-real-app-password"}))
    author = Who.user(members_by_role[Role.AUTHOR], org)
    services.create_post(author, org, "Our new Saturday hours start next week: 9 to 1 at every clinic.",
                         [channel.pk])
    for text in ("Flu shots are available at all our clinics this week. Walk in any time!",
                 "Jane Roe, SSN 123-45-6789, is recovering well after her surgery."):
        services.submit(author, services.create_post(author, org, text, [channel.pk]))
    from safepost.app.consent.models import Consent

    consent = next((c for c in Consent.objects.filter(org=org) if "bluesky" in (c.platforms or [])), None)
    story = services.create_post(author, org, "Meet Jordan, back on the trail six months after knee surgery "
                                 "with our orthopedic team!", [channel.pk], consent_id=consent.pk if consent else None)
    services.submit(author, story)
