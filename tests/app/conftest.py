"""Shared set-up for the service's tests.

The database is SQLite (in memory) unless DATABASE_URL names a PostgreSQL server; test.sh runs
the suite both ways. Personas (as in healthchecks' BaseTestCase):

    acme   alice (admin), pat (privacy), rita (reviewer), andy (author), cora (community),
           audrey (auditor)
    other  charlie (admin): a member of another organization, who must never see acme's things

Every persona has passed the training their role requires (today), so posting and replying work;
tests of the training gate take it away (`untrain`) or use their own members.

Second factor (issue 10): admins and privacy officers (alice, pat, charlie) have TOTP set up
(`TOTP_SECRETS[name]`), and acme and other require it of no other role, so the rest sign in with a
password alone. test_mfa_policy.py covers the default (every role) and what happens without one.
"""

from __future__ import annotations

import os
import tempfile

os.environ["SAFEPOST_DATA_DIR"] = tempfile.mkdtemp(prefix="safepost-test-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safepost.app.settings")

from safepost.app.lib import datadir  # noqa: E402

datadir.prepare()

import django  # noqa: E402

django.setup()

import pyotp  # noqa: E402
import pytest  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.test import Client  # noqa: E402

from safepost.app.accounts import services  # noqa: E402
from safepost.app.accounts.models import Membership, Organization, User  # noqa: E402
from safepost.app.accounts.rules import TOTP_REQUIRED_ROLES, Role  # noqa: E402
from safepost.app.audit.services import Who  # noqa: E402

PASSWORD = "correct horse battery staple"
_HASH: list[str] = []


def password_hash() -> str:
    """One real Argon2 hash, computed once per run (Argon2 is slow on purpose)."""
    if not _HASH:
        _HASH.append(make_password(PASSWORD))
    return _HASH[0]


PERSONAS = {
    "alice": Role.ADMIN, "pat": Role.PRIVACY, "rita": Role.REVIEWER,
    "andy": Role.AUTHOR, "cora": Role.COMMUNITY, "audrey": Role.AUDITOR,
}


TOTP_SECRETS = {"alice": "JBSWY3DPEHPK3PXPALICEAAAAAAAAAAA", "pat": "JBSWY3DPEHPK3PXPPATAAAAAAAAAAAAA",
                "charlie": "JBSWY3DPEHPK3PXPCHARLIEAAAAAAAAA"}


def make_member(org: Organization, name: str, role: Role) -> User:
    from django.utils import timezone

    user = User.objects.create(email=f"{name}@{org.slug}.test", password=password_hash(), name=name.title())
    if role in TOTP_REQUIRED_ROLES:
        secret = TOTP_SECRETS.setdefault(name, pyotp.random_base32())
        user.totp_secret, user.totp_confirmed_at = secret, timezone.now()
        user.save(update_fields=["totp_secret", "totp_confirmed_at"])
    Membership.objects.create(org=org, user=user, role=role.value)
    return user


class People(dict):
    """people["alice"] → User; people.acme / people.other → Organization."""

    acme: Organization
    other: Organization


@pytest.fixture
def people(db) -> People:
    p = People()
    p.acme = services.create_org(Who.cli(None), "acme", "Acme Clinic")
    p.other = services.create_org(Who.cli(None), "other", "Other Clinic")
    Organization.objects.update(mfa_for_everyone=False)          # see the module's docstring
    p.acme.mfa_for_everyone = p.other.mfa_for_everyone = False
    for name, role in PERSONAS.items():
        p[name] = make_member(p.acme, name, role)
    p["charlie"] = make_member(p.other, "charlie", Role.ADMIN)
    from safepost.app.training.services import train

    for name in PERSONAS:
        train(p[name], p.acme)
    train(p["charlie"], p.other)
    return p


@pytest.fixture
def as_user(people):
    """as_user("rita") → a test client signed in as rita (session login; the sign-in flow
    itself is tested in test_login.py)."""

    def make(name: str) -> Client:
        c = Client()
        c.force_login(people[name])
        return c

    return make
