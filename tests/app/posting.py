"""Shared set-up for the posts, channels and worker tests: a fake platform (Mastodon's API over
real HTTP, safepost.app.channels.fakeplatform), a channel on it, a consent, and texts with known
verdicts. Import the fixtures: `from .posting import *  # noqa: F401,F403`."""

from __future__ import annotations

import pytest

from safepost.app.audit.services import Who
from safepost.app.channels import services as channels
from safepost.app.channels.fakeplatform import FakePlatform

ALLOW_TEXT = "Flu shots are available at all our clinics this week. Walk in any time!"
BLOCK_TEXT = "Jane Roe, SSN 123-45-6789, is recovering well after her surgery."   # a hard stop: SSN
# blocked (a named patient in staff venting) but holding only identifiers an override may release
OVERRIDABLE_TEXT = "Ugh, Delbert Mayfield was back in the ER tonight drunk again with his 3rd DUI crash. Same story every month."
STORY_TEXT = "Meet Maria Lopez, who ran her first 5K six months after her knee replacement at Acme Clinic."

__all__ = ["ALLOW_TEXT", "BLOCK_TEXT", "OVERRIDABLE_TEXT", "STORY_TEXT", "second_officer", "fake_platform", "channel", "who", "consent"]


@pytest.fixture
def fake_platform(monkeypatch):
    monkeypatch.setenv("SAFEPOST_ALLOW_PRIVATE_HOSTS", "1")     # the fake platform is on loopback
    with FakePlatform() as fp:
        yield fp


@pytest.fixture
def second_officer(people):
    """priya: a second privacy officer of acme, for the two-person override rule."""
    from safepost.app.accounts.rules import Role

    from .conftest import make_member
    people["priya"] = make_member(people.acme, "priya", Role.PRIVACY)
    return people["priya"]


@pytest.fixture
def who(people):
    """who("andy") → Who for that acme member."""
    return lambda name: Who.user(people[name], people.acme)


@pytest.fixture
def channel(people, fake_platform, who):
    return channels.create_channel(who("alice"), people.acme, "mastodon", "Main",
                                   {"instance": fake_platform.url, "access_token": fake_platform.token})


@pytest.fixture
def consent(people, who):
    from safepost.app.consent import services as consents
    from safepost.app.consent.demo import SAMPLE_PDF, synthetic_terms

    return consents.record_consent(who("pat"), people.acme,
                                   synthetic_terms("Acme Clinic", patient_name="Maria Lopez", platforms=("mastodon", "bluesky")),
                                   document=SAMPLE_PDF)
