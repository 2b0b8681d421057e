"""Demo training records: every demo persona has passed the modules their role needs (so the
posts and inbox demos can submit and reply); the author's passes fall due in three weeks, so the
"due soon" standing and its reminder can be seen. Idempotent."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from safepost.app.accounts.rules import Role


def load_demo(org, members_by_role) -> None:
    from safepost.app.audit.services import Who
    from safepost.app.training import services
    from safepost.app.training.models import Completion

    now = timezone.now()
    for role, user in members_by_role.items():
        if Completion.objects.filter(org=org, user=user).exists():
            continue
        days_ago = 365 - 21 if role is Role.AUTHOR else 30
        services.train(user, org, when=now - timedelta(days=days_ago), who=Who.cli(org))
