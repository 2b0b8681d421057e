"""The scenario bank in the database: the builtin entries (synced from scenarios/builtin.toml),
and which scenarios an organization's members practise with (approved builtins and the
organization's own approved ones)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet

from safepost.app.accounts.models import Organization
from safepost.app.audit.services import fingerprint
from safepost.app.training import bank
from safepost.app.training.models import Scenario


def sync_builtins() -> int:
    """Make the builtin rows match the file (idempotent): new entries are added approved,
    changed ones updated, entries gone from the file retired. Returns how many rows changed."""
    entries = {s.id: s for s in bank.builtins()}
    changed = 0
    with transaction.atomic():
        rows = {r.builtin_key: r for r in Scenario.objects.select_for_update().filter(source="builtin")}
        for key, s in entries.items():
            want = {"language": s.language, "direction": s.direction, "kind": s.kind, "text": s.text,
                    "text_fp": fingerprint(s.text), "decision": s.decision, "reasons": list(s.reasons),
                    "explanation": s.explanation, "engine_disagrees": s.engine_disagrees, "state": "approved"}
            row = rows.get(key)
            if row is None:
                Scenario.objects.create(org=None, source="builtin", builtin_key=key, **want)
                changed += 1
            elif any(getattr(row, f) != v for f, v in want.items()):
                for f, v in want.items():
                    setattr(row, f, v)
                row.save()
                changed += 1
        changed += Scenario.objects.filter(source="builtin").exclude(builtin_key__in=entries).exclude(
            state="retired").update(state="retired")
    return changed


def ensure_builtins() -> None:
    """Sync when the approved builtin rows do not number the file's entries (first use, a new release)."""
    if Scenario.objects.filter(source="builtin", state="approved").count() != len(bank.builtins()):
        try:
            sync_builtins()
        except IntegrityError:      # another process added the same rows first: they are there
            pass


def usable(org: Organization) -> QuerySet[Scenario]:
    """The scenarios `org`'s members practise with: approved, builtin or the organization's own."""
    ensure_builtins()
    return Scenario.objects.filter(Q(org__isnull=True) | Q(org=org), state="approved")
