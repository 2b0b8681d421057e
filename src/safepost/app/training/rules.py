"""Training rules, pure (no Django): the passing score, how long a pass lasts, which roles need
which modules, when a module is due soon or lapsed, and which reminders are due.

164.530(b) asks for training "as necessary and appropriate" for each member's functions, so the
required set follows the role: everyone learns what PHI is and how to report a mistake; people
who write and approve posts learn stories, authorizations and photos; people who answer the
public learn review replies and secure channels. The auditor role only reads (and may hold no
write action, so cannot take a quiz): it needs none.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from safepost.app.accounts.rules import Role

PASSING_PERCENT = 80                 # default; per organization in TrainingSettings
VALIDITY_DAYS = 365                  # default: yearly; per organization
VALIDITY_CHOICES = (90, 180, 365, 730)
MIN_PASSING, MAX_PASSING = 50, 100
DUE_SOON_DAYS = 30                   # "due soon" window shown on the pages
REMINDER_DAYS = (30, 7)              # TRAINING_DUE reminders before expiry, once each

BASICS = frozenset({"phi-on-social-media", "reporting-a-mistake"})
PUBLISHING = frozenset({"patient-stories", "valid-authorizations", "photos-and-video"})
ANSWERING = frozenset({"review-replies", "minimum-necessary"})

REQUIRED: Mapping[Role, frozenset[str]] = {
    Role.ADMIN: BASICS | PUBLISHING | ANSWERING,
    Role.PRIVACY: BASICS | PUBLISHING | ANSWERING,
    Role.REVIEWER: BASICS | PUBLISHING | {"minimum-necessary"},
    Role.AUTHOR: BASICS | PUBLISHING,
    Role.COMMUNITY: BASICS | ANSWERING | {"photos-and-video"},
    Role.AUDITOR: frozenset(),     # read-only, often outside the workforce: takes no training here
}


class Standing(str, enum.Enum):
    CURRENT = "current"
    DUE_SOON = "due_soon"
    LAPSED = "lapsed"              # passed once, the pass has expired
    NOT_DONE = "not_done"          # never passed

    @property
    def label(self) -> str:
        return {"current": "Current", "due_soon": "Due soon", "lapsed": "Lapsed", "not_done": "Not done"}[self.value]

    @property
    def counts(self) -> bool:
        """Does this standing keep posting and replying rights?"""
        return self in (Standing.CURRENT, Standing.DUE_SOON)


def required_modules(role: Role | str) -> frozenset[str]:
    return REQUIRED[Role(role)]


def score_percent(correct: int, total: int) -> int:
    """Whole percent, rounded down (4 of 5 = 80, 2 of 3 = 66)."""
    if total <= 0 or not 0 <= correct <= total:
        raise ValueError(f"score needs 0 <= correct <= total and total > 0, got {correct}/{total}")
    return correct * 100 // total


def passed(score: int, passing_percent: int = PASSING_PERCENT) -> bool:
    return score >= passing_percent


def expires_at(completed_at: datetime, validity_days: int = VALIDITY_DAYS) -> datetime:
    return completed_at + timedelta(days=validity_days)


def standing(expiry: datetime | None, now: datetime, due_soon_days: int = DUE_SOON_DAYS) -> Standing:
    """A module's standing from its latest passing expiry (None: never passed)."""
    if expiry is None:
        return Standing.NOT_DONE
    if expiry <= now:
        return Standing.LAPSED
    if expiry - now <= timedelta(days=due_soon_days):
        return Standing.DUE_SOON
    return Standing.CURRENT


def overall(standings: Iterable[Standing]) -> Standing:
    """A person's standing: the worst of their required modules' (none required: current)."""
    order = [Standing.NOT_DONE, Standing.LAPSED, Standing.DUE_SOON, Standing.CURRENT]
    found = set(standings)
    return next((s for s in order if s in found), Standing.CURRENT)


def is_current(role: Role | str, expiries: Mapping[str, datetime | None], now: datetime) -> bool:
    """Every module the role requires has a pass that has not expired."""
    return all(standing(expiries.get(mid), now).counts for mid in required_modules(role))


def reminder_due(expiry: datetime, now: datetime) -> str | None:
    """The reminder kind due for a pass expiring at `expiry`: "lapsed" once expired, else "due7"
    / "due30" inside those windows (the nearest window wins), else None."""
    if expiry <= now:
        return "lapsed"
    for days in sorted(REMINDER_DAYS):
        if expiry - now <= timedelta(days=days):
            return f"due{days}"
    return None


@dataclass(frozen=True)
class SettingsProblem:
    field: str
    message: str


def settings_problem(validity_days: object, passing_percent: object) -> SettingsProblem | None:
    if validity_days not in VALIDITY_CHOICES:
        return SettingsProblem("validity_days", f"Choose how long a pass lasts: one of {', '.join(map(str, VALIDITY_CHOICES))} days.")
    if not isinstance(passing_percent, int) or isinstance(passing_percent, bool) or not MIN_PASSING <= passing_percent <= MAX_PASSING:
        return SettingsProblem("passing_percent", f"The passing score is a whole percent from {MIN_PASSING} to {MAX_PASSING}.")
    return None
