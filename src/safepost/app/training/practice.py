"""Practice that follows the person: what they got wrong at work (a flagged draft, a post a
reviewer sent back, a reply to the public the check blocked) is remembered as reason codes
(never text); their next practice set brings scenarios with matching codes, then spaced
repetition brings back what they answered wrongly (spacing.py). Every answer is audited
(scenario id, decision codes, right or wrong)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from safepost.app.accounts.models import Organization, User
from safepost.app.accounts.rules import Role
from safepost.app.audit.services import Who, record
from safepost.app.training import bank, spacing
from safepost.app.training.models import PracticeCard, PracticeMark, Scenario
from safepost.app.training.scenarios import usable

MARK_SOURCES = ("flagged_draft", "reviewer_returned", "reply_blocked")
ANSWERING_ROLES = (Role.COMMUNITY,)   # people who mostly answer the public see replies and comments first


class PracticeError(ValueError):
    """The answers cannot be taken as they are; the message says what to fix."""


@dataclass(frozen=True)
class Answered:
    scenario: Scenario
    chosen: str
    correct: bool
    due_at: datetime | None


# -- remembering ------------------------------------------------------------------------------
def remember(org: Organization, user_id: int | None, source: str, source_id: int, version: int,
             engine_codes: Sequence[str], now: datetime | None = None) -> PracticeMark | None:
    """Remember a flag for the person's practice: one mark per post and source; a later version
    of the post flagged again adds its codes and counts as a new flag (saving the same version
    again, e.g. at an approval, does not)."""
    if user_id is None:
        return None
    if source not in MARK_SOURCES:
        raise ValueError(f"source must be one of {', '.join(MARK_SOURCES)}, not {source!r}")
    codes = [c for c in spacing.mark_codes(engine_codes, source) if c in bank.REASON_CODES]
    if not codes:
        return None
    now = now or timezone.now()
    mark, made = PracticeMark.objects.get_or_create(org=org, user_id=user_id, source=source, source_id=source_id,
                                                    defaults={"codes": codes, "updated": now, "version": version})
    if not made and version != mark.version:
        mark.codes = list(dict.fromkeys([*mark.codes, *codes]))
        mark.updated, mark.version = now, version
        mark.save(update_fields=["codes", "updated", "version"])
    return mark


# -- the practice set -------------------------------------------------------------------------
def _shuffle_key(user_id: int, scenario_id: int) -> str:
    """A stable order per person (different people see the bank in different orders)."""
    return hashlib.sha256(f"{user_id}:{scenario_id}".encode()).hexdigest()


def _recent_codes(org: Organization, user: User, now: datetime) -> dict[str, datetime]:
    """Each reason code the person was flagged for lately, with the latest time."""
    latest: dict[str, datetime] = {}
    for m in PracticeMark.objects.filter(org=org, user=user, updated__gte=now - timedelta(days=spacing.MARK_DAYS)):
        for c in m.codes:
            latest[c] = max(latest.get(c, m.updated), m.updated)
    return latest


def practice_set(org: Organization, user: User, role: Role | None = None, now: datetime | None = None) -> list[Scenario]:
    """Up to five scenarios: due ones, those matching the person's recent flags (not practised
    since the flag), the rest of the due ones, then new ones (replies first for people who answer
    the public)."""
    now = now or timezone.now()
    scenarios = {s.pk: s for s in usable(org)}
    cards = {c.scenario_id: c for c in PracticeCard.objects.filter(org=org, user=user, scenario_id__in=scenarios)}
    flags = _recent_codes(org, user, now)
    due = sorted((c for c in cards.values() if c.due_at is not None and c.due_at <= now), key=lambda c: c.due_at)

    def since_flag(s: Scenario) -> bool:
        hit = [flags[r] for r in s.reasons if r in flags]
        card = cards.get(s.pk)
        return bool(hit) and (card is None or card.last_answered_at < max(hit))

    def overlap(s: Scenario) -> int:
        return sum(1 for r in s.reasons if r in flags)

    flagged = sorted((s for s in scenarios.values() if since_flag(s)),
                     key=lambda s: (-overlap(s), _shuffle_key(user.pk, s.pk)))
    answering = role in ANSWERING_ROLES
    fresh = sorted((s for s in scenarios.values() if s.pk not in cards),
                   key=lambda s: ((s.kind in ("post", "caption", "story_text", "bio")) == answering,
                                  _shuffle_key(user.pk, s.pk)))
    ids = spacing.fill([c.scenario_id for c in due], [s.pk for s in flagged], [s.pk for s in fresh])
    return [scenarios[i] for i in ids]


# -- answering --------------------------------------------------------------------------------
def answer(who: Who, org: Organization, user: User, answers: dict[int, str], now: datetime | None = None) -> list[Answered]:
    """Grade the answers ({scenario id: decision}), move each card on the repetition ladder, and
    audit each answer. Every scenario must be one the organization practises with."""
    if not answers:
        raise PracticeError("Choose a decision for at least one scenario.")
    for sid, chosen in answers.items():
        if chosen not in bank.DECISIONS:
            raise PracticeError(f"Scenario {sid}: choose one of {', '.join(bank.DECISIONS)}.")
    now = now or timezone.now()
    found = {s.pk: s for s in usable(org).filter(pk__in=list(answers))}
    if missing := sorted(set(answers) - set(found)):
        raise PracticeError(f"Scenario {missing[0]} is not one you can practise with; reload the practice page.")
    out = []
    with transaction.atomic():
        for sid, chosen in answers.items():
            s = found[sid]
            card = PracticeCard.objects.select_for_update().filter(org=org, user=user, scenario=s).first()
            correct = chosen == s.decision
            nxt = spacing.after_answer(card.step if card else None, correct, now)
            if card is None:
                card = PracticeCard(org=org, user=user, scenario=s)
            card.step, card.due_at, card.last_correct, card.last_answered_at = nxt.step, nxt.due_at, correct, now
            card.answers += 1
            card.wrong += 0 if correct else 1
            card.save()
            record(who, "training.practice_answer", s, {
                "user": user.pk, "scenario": s.pk, "source": s.source, "chosen": chosen, "correct": correct,
                "step": nxt.step, "learned": nxt.due_at is None})
            out.append(Answered(s, chosen, correct, nxt.due_at))
    return out
