"""Template context for the shell: the current organization, the person's other
organizations, and the navigation filtered by what their role may see."""

from __future__ import annotations

from django.utils import timezone

from safepost.app.accounts import rules
from safepost.app.accounts.rules import Action

# (label, URL name, action that shows it); the areas to come are placeholders until their issue
NAV = [
    ("Scan", "web-scan", Action.SCAN_RUN),
    ("Posts", "posts-list", Action.POSTS_VIEW),
    ("Calendar", "web-calendar", Action.POSTS_VIEW),
    ("Channels", "channels-list", Action.CHANNELS_VIEW),
    ("Consents", "web-consents", Action.CONSENTS_VIEW),
    ("Inbox", "inbox-list", Action.INBOX_VIEW),
    ("Incidents", "web-incidents", Action.INCIDENTS_VIEW),
    ("Training", "training-mine", Action.TRAINING_VIEW),
    ("Reports", "web-reports", Action.REPORTS_VIEW),
    ("Audit", "audit-list", Action.AUDIT_VIEW),
    ("Settings", "web-settings", Action.MEMBERS_VIEW),
    ("Search", "web-search", Action.ORG_VIEW),
]


def shell(request):
    membership = getattr(request, "membership", None)
    if membership is None:
        return {}
    from safepost.app.accounts.services import memberships
    from safepost.app.notify.services import unread_count

    return {
        "org": membership.org,
        "membership": membership,
        "role_label": membership.role_enum.label,
        "nav": [(label, name) for label, name, action in NAV if rules.can(membership.role, action)],
        "unread_notifications": unread_count(request.user, membership.org),
        "other_memberships": [m for m in memberships(request.user) if m.org_id != membership.org_id],
        "tz_name": timezone.get_current_timezone_name(),
    }
