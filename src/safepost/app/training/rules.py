"""Training rules, pure (no Django): the passing score, how long a pass lasts, which roles need
which modules, when a module is due soon or lapsed, and which reminders are due.

164.530(b) asks for training "as necessary and appropriate" for each member's functions, so the
required set follows the role: everyone learns what PHI is and how to report a mistake; people
who write and approve posts learn stories, authorizations and photos; people who answer the
public learn review replies and secure channels. The auditor role only reads (and may hold no
write action, so cannot take a quiz): it needs none.

The organization's policy sets the schedule: DEFAULT (a pass lasts the organization's period,
12 months unless changed; training before the first post) or TEXAS (Tex. Health & Safety Code
181.101: new hires within 90 days of joining, then every 2 calendar years).
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

TEXAS_HIRE_DAYS = 90                 # Tex. Health & Safety Code 181.101(b): within 90 days of hire
TEXAS_YEARS = 2                      # 181.101(c) as the option reads it: retrain every 2 years

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


class Policy(str, enum.Enum):
    """The organization's training policy. DEFAULT: a pass lasts the organization's period (12
    months unless changed) and nobody posts before passing. TEXAS: new hires complete the
    required modules within 90 days of joining (the membership's start), and a pass lasts 2
    calendar years."""

    DEFAULT = "default"
    TEXAS = "texas"

    @property
    def label(self) -> str:
        return {"default": "Every 12 months (or the period chosen)",
                "texas": "Texas (Health & Safety Code 181.101): within 90 days of hire, then every 2 years"}[self.value]


class Standing(str, enum.Enum):
    CURRENT = "current"
    DUE_SOON = "due_soon"
    NEW_HIRE = "new_hire"          # Texas policy: no pass yet, inside the 90 days from joining
    LAPSED = "lapsed"              # passed once, the pass has expired
    NOT_DONE = "not_done"          # never passed

    @property
    def label(self) -> str:
        return {"current": "Current", "due_soon": "Due soon", "new_hire": "New hire: due", "lapsed": "Lapsed",
                "not_done": "Not done"}[self.value]

    @property
    def counts(self) -> bool:
        """Does this standing keep posting and replying rights?"""
        return self in (Standing.CURRENT, Standing.DUE_SOON, Standing.NEW_HIRE)


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


def add_years(when: datetime, years: int) -> datetime:
    """The same calendar date `years` later; 29 February becomes 28 February (never later)."""
    try:
        return when.replace(year=when.year + years)
    except ValueError:
        return when.replace(year=when.year + years, day=28)


def pass_expiry(completed_at: datetime, policy: Policy | str = Policy.DEFAULT,
                validity_days: int = VALIDITY_DAYS) -> datetime:
    """When a pass made at `completed_at` expires under the organization's policy."""
    if Policy(policy) is Policy.TEXAS:
        return add_years(completed_at, TEXAS_YEARS)
    return expires_at(completed_at, validity_days)


def hire_deadline(policy: Policy | str, joined: datetime | None) -> datetime | None:
    """Texas: the end of the 90 days a new member has to pass their required modules (from the
    membership's start). Other policies: None (no grace: training comes before posting)."""
    if Policy(policy) is not Policy.TEXAS or joined is None:
        return None
    return joined + timedelta(days=TEXAS_HIRE_DAYS)


def standing(expiry: datetime | None, now: datetime, due_soon_days: int = DUE_SOON_DAYS,
             deadline: datetime | None = None) -> Standing:
    """A module's standing from its latest passing expiry (None: never passed). `deadline`: the
    new-hire deadline (Texas); before it, a module without a valid pass is NEW_HIRE."""
    if deadline is not None and now < deadline and (expiry is None or expiry <= now):
        return Standing.NEW_HIRE
    if expiry is None:
        return Standing.NOT_DONE
    if expiry <= now:
        return Standing.LAPSED
    if expiry - now <= timedelta(days=due_soon_days):
        return Standing.DUE_SOON
    return Standing.CURRENT


def overall(standings: Iterable[Standing]) -> Standing:
    """A person's standing: the worst of their required modules' (none required: current)."""
    order = [Standing.NOT_DONE, Standing.LAPSED, Standing.NEW_HIRE, Standing.DUE_SOON, Standing.CURRENT]
    found = set(standings)
    return next((s for s in order if s in found), Standing.CURRENT)


def is_current(role: Role | str, expiries: Mapping[str, datetime | None], now: datetime,
               deadline: datetime | None = None) -> bool:
    """Every module the role requires has a pass that has not expired (or, for a new hire under
    the Texas policy, the 90 days have not run out)."""
    return all(standing(expiries.get(mid), now, deadline=deadline).counts for mid in required_modules(role))


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


def settings_problem(validity_days: object, passing_percent: object,
                     policy: object = Policy.DEFAULT.value) -> SettingsProblem | None:
    if policy not in {p.value for p in Policy}:
        return SettingsProblem("policy", "Choose a training policy: every 12 months, or Texas (90 days of hire, 2 years).")
    if validity_days not in VALIDITY_CHOICES:
        return SettingsProblem("validity_days", f"Choose how long a pass lasts: one of {', '.join(map(str, VALIDITY_CHOICES))} days.")
    if not isinstance(passing_percent, int) or isinstance(passing_percent, bool) or not MIN_PASSING <= passing_percent <= MAX_PASSING:
        return SettingsProblem("passing_percent", f"The passing score is a whole percent from {MIN_PASSING} to {MAX_PASSING}.")
    return None
