"""The Texas training policy (Tex. Health & Safety Code 181.101), pure rules, with worked dates:
a new hire passes the required modules within 90 days of joining (the membership's start) and
a pass lasts 2 calendar years; the default policy keeps a 12-month (configurable) pass and no
grace before the first one."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from safepost.app.accounts.rules import Role
from safepost.app.training import rules
from safepost.app.training.rules import Policy, Standing


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


@pytest.mark.parametrize("joined, deadline", [
    ("2027-01-15T10:00", "2027-04-15T10:00"),     # 16 + 28 + 31 + 15 days
    ("2028-01-15T10:00", "2028-04-14T10:00"),     # leap year: 29 February counts, one day earlier
    ("2028-02-29T09:30", "2028-05-29T09:30"),     # hired on the leap day
    ("2026-12-06T12:00", "2027-03-06T12:00"),     # across the new year
    ("2027-11-01T00:00", "2028-01-30T00:00"),
])
def test_a_new_hire_has_90_days_from_joining(joined, deadline):
    assert rules.hire_deadline(Policy.TEXAS, at(joined)) == at(deadline)
    assert rules.hire_deadline("texas", at(joined)) == at(deadline)


def test_the_default_policy_gives_no_grace_before_the_first_pass():
    assert rules.hire_deadline(Policy.DEFAULT, at("2027-01-15T10:00")) is None
    assert rules.hire_deadline(Policy.TEXAS, None) is None


@pytest.mark.parametrize("completed, expires", [
    ("2027-03-01T08:00", "2029-03-01T08:00"),     # 731 days: the span holds 29 February 2028
    ("2026-03-01T08:00", "2028-03-01T08:00"),     # 731 days as well
    ("2029-03-01T08:00", "2031-03-01T08:00"),     # 730 days: no leap day between
    ("2028-02-29T16:00", "2030-02-28T16:00"),     # passed on the leap day: 28 February, never 1 March
    ("2027-12-31T23:59", "2029-12-31T23:59"),
])
def test_a_texas_pass_lasts_two_calendar_years(completed, expires):
    assert rules.pass_expiry(at(completed), Policy.TEXAS, validity_days=90) == at(expires)


@pytest.mark.parametrize("validity, completed, expires", [
    (365, "2027-03-01T08:00", "2028-02-29T08:00"),  # 365 days reach the leap day
    (365, "2026-06-01T08:00", "2027-06-01T08:00"),
    (730, "2027-03-01T08:00", "2029-02-28T08:00"),  # the default policy's 730 days are days
    (90, "2027-01-15T10:00", "2027-04-15T10:00"),
])
def test_a_default_pass_lasts_the_organizations_period_in_days(validity, completed, expires):
    assert rules.pass_expiry(at(completed), Policy.DEFAULT, validity) == at(expires)


JOINED = at("2028-01-15T10:00")                    # deadline 2028-04-14T10:00 (leap year)
DEADLINE = at("2028-04-14T10:00")


@pytest.mark.parametrize("now, expiry, expected", [
    ("2028-01-15T10:00", None, Standing.NEW_HIRE),              # the day of hire
    ("2028-04-13T10:00", None, Standing.NEW_HIRE),              # day 89
    ("2028-04-14T09:59", None, Standing.NEW_HIRE),              # the last minute
    ("2028-04-14T10:00", None, Standing.NOT_DONE),              # day 90: the deadline has passed
    ("2028-07-01T00:00", None, Standing.NOT_DONE),
    ("2028-03-01T00:00", "2030-02-20T00:00", Standing.CURRENT),     # passed early: current
    ("2028-03-01T00:00", "2028-02-20T00:00", Standing.NEW_HIRE),    # an old pass lapsed: the grace still runs
    ("2028-05-01T00:00", "2028-02-20T00:00", Standing.LAPSED),
    ("2030-02-01T00:00", "2030-02-20T00:00", Standing.DUE_SOON),    # two years on: due soon, then lapsed
    ("2030-02-20T00:00", "2030-02-20T00:00", Standing.LAPSED),
])
def test_a_modules_standing_under_texas(now, expiry, expected):
    assert rules.standing(at(expiry) if expiry else None, at(now), deadline=DEADLINE) is expected


@pytest.mark.parametrize("now, current", [("2028-04-13T10:00", True), ("2028-04-14T10:00", False)])
def test_the_gate_opens_for_a_new_hire_until_day_90_under_texas_only(now, current):
    deadline = rules.hire_deadline(Policy.TEXAS, JOINED)
    assert rules.is_current(Role.AUTHOR, {}, at(now), deadline) is current
    assert rules.is_current(Role.AUTHOR, {}, at(now), rules.hire_deadline(Policy.DEFAULT, JOINED)) is False


def test_a_texas_pass_on_day_89_keeps_the_gate_open_for_two_years():
    done = JOINED + timedelta(days=89)
    expiries = {mid: rules.pass_expiry(done, Policy.TEXAS) for mid in rules.required_modules(Role.AUTHOR)}
    assert rules.is_current(Role.AUTHOR, expiries, at("2030-04-12T10:00"), DEADLINE)
    assert not rules.is_current(Role.AUTHOR, expiries, at("2030-04-13T10:00"), DEADLINE)    # 2028-04-13 + 2 years


@pytest.mark.parametrize("now, kind", [("2028-03-14T09:00", None), ("2028-03-15T10:00", "due30"),
                                       ("2028-04-07T10:00", "due7"), ("2028-04-14T10:00", "lapsed")])
def test_a_new_hires_reminders_come_30_and_7_days_before_the_deadline_and_at_it(now, kind):
    assert rules.reminder_due(DEADLINE, at(now)) == kind
