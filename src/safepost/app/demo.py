"""Demo data for `safepost serve --demo`: organization `demo`, one person per role named
`<role>@demo.test`, all with the password DEMO_PASSWORD. Idempotent.

Later apps add their own demo rows (posts, consents, …) by defining
`load_demo(org, members_by_role)` in `safepost/app/<app>/demo.py`; `load()` calls every one.
"""

from __future__ import annotations

import importlib

from django.apps import apps
from django.db import transaction

from safepost.app.accounts import rules, services
from safepost.app.accounts.models import Membership, Organization, User
from safepost.app.accounts.rules import Role
from safepost.app.audit.services import Who

DEMO_SLUG = "demo"
DEMO_PASSWORD = "safepost-demo-password"


def load() -> dict[Role, tuple[User, str | None]]:
    """Create what is missing; returns each role's user and, for roles that need TOTP, the
    TOTP secret (pre-enrolled so the demo can be tried without a phone)."""
    out: dict[Role, tuple[User, str | None]] = {}
    with transaction.atomic():
        org = Organization.objects.filter(slug=DEMO_SLUG).first()
        who = Who.cli(org)
        if org is None:
            org = services.create_org(who, DEMO_SLUG, "Demo Clinic")
            who = Who.cli(org)
            # roles other than admin and privacy (pre-enrolled below) sign in with a password alone,
            # so the demo can be tried without a phone; a real organization starts with it required
            services.set_org_mfa_policy(who, org, everyone=False)
        for role in Role:
            email = f"{role.value}@demo.test"
            m = Membership.objects.filter(org=org, user__email=email).select_related("user").first()
            if m is None:
                m = services.add_member(who, org, email, role, DEMO_PASSWORD)
            user = m.user
            secret = None
            if role in rules.TOTP_REQUIRED_ROLES:
                if not user.has_totp:
                    from django.utils import timezone
                    user.totp_secret = services.new_totp_secret()
                    user.totp_confirmed_at = timezone.now()
                    user.save(update_fields=["totp_secret", "totp_confirmed_at"])
                secret = user.totp_secret
            out[role] = (user, secret)
        members = {r: u for r, (u, _) in out.items()}
        importlib.import_module("safepost.app.training.demo").load_demo(org, members)   # before posts: the gate
        for config in apps.get_app_configs():
            if config.name.startswith("safepost.app."):
                try:
                    mod = importlib.import_module(f"{config.name}.demo")
                except ModuleNotFoundError:
                    continue
                if hasattr(mod, "load_demo"):
                    mod.load_demo(org, members)
    return out
