"""Demo incident for `safepost serve --demo`: one open, synthetic incident (a review reply that
confirmed a reviewer was a patient), discovered 12 days ago, assigned to the privacy officer,
with a draft assessment, so the deadlines timeline, the four-factor form and the letter can be
tried. Idempotent: loaded once per organization."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from safepost.app.accounts.rules import Role
from safepost.app.audit.services import Who
from safepost.app.incidents import rules, services
from safepost.app.incidents.models import Incident


def load_demo(org, members_by_role) -> None:
    if Incident.objects.filter(org=org, open_reason="demo").exists():
        return
    officer = members_by_role.get(Role.PRIVACY)
    who = Who.user(officer, org) if officer else Who.cli(org)
    today = timezone.localdate()
    i = services.open_reported(who, org, services.NewIncident(
        title="Review reply confirmed a reviewer was a patient (demo)",
        summary="A reply to a public review thanked the reviewer by first name for coming in for a crown. "
                "Synthetic demo data.",
        discovered_on=today - timedelta(days=12), occurred_on=today - timedelta(days=13),
        affected_by_state={"CA": 1}), reason="demo")
    if officer:
        services.acknowledge(who, i, officer)
        services.assign(who, i, officer)
    services.assess(who, i, rules.Assessment(
        info_types=("NAME", "HEALTH"), reidentification="high",
        nature=rules.FactorAnswer("high", "First name with the dental procedure, tied to the reviewer's public profile."),
        recipient=rules.FactorAnswer("high", "The public: anyone reading the clinic's review page."),
        acquired=rules.FactorAnswer("", ""), mitigation=rules.FactorAnswer("", "")))
