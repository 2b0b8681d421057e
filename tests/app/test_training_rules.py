"""Training rules (pure): score, pass mark, expiry, standing, who needs what, reminders."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from safepost.app.accounts.rules import Role
from safepost.app.training import content, rules
from safepost.app.training.rules import Standing

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=timezone.utc)


def test_a_pass_is_80_percent_by_default_rounded_down():
    assert rules.score_percent(4, 5) == 80 and rules.passed(80)
    assert rules.score_percent(2, 3) == 66 and not rules.passed(66)
    assert rules.passed(66, passing_percent=60)


@pytest.mark.parametrize("correct, total", [(3, 2), (-1, 2), (0, 0)])
def test_an_impossible_score_is_refused(correct, total):
    with pytest.raises(ValueError, match="0 <= correct <= total"):
        rules.score_percent(correct, total)


def test_a_pass_lasts_365_days_by_default_or_the_organizations_period():
    assert rules.expires_at(NOW) == NOW + timedelta(days=365)
    assert rules.expires_at(NOW, 730) == NOW + timedelta(days=730)


@pytest.mark.parametrize("expiry, expected", [
    (None, Standing.NOT_DONE),
    (NOW - timedelta(seconds=1), Standing.LAPSED),
    (NOW, Standing.LAPSED),
    (NOW + timedelta(days=30), Standing.DUE_SOON),
    (NOW + timedelta(days=30, seconds=1), Standing.CURRENT),
])
def test_a_modules_standing_follows_its_expiry(expiry, expected):
    assert rules.standing(expiry, NOW) is expected


def test_only_current_due_soon_and_a_new_hires_grace_keep_posting_rights():
    assert [s for s in Standing if s.counts] == [Standing.CURRENT, Standing.DUE_SOON, Standing.NEW_HIRE]


def test_a_persons_standing_is_the_worst_of_their_modules():
    assert rules.overall([Standing.CURRENT, Standing.DUE_SOON]) is Standing.DUE_SOON
    assert rules.overall([Standing.LAPSED, Standing.NOT_DONE]) is Standing.NOT_DONE
    assert rules.overall([Standing.NEW_HIRE, Standing.DUE_SOON]) is Standing.NEW_HIRE
    assert rules.overall([Standing.NEW_HIRE, Standing.LAPSED]) is Standing.LAPSED
    assert rules.overall([]) is Standing.CURRENT


def test_every_role_that_writes_needs_the_basics_and_every_required_module_exists():
    ids = {m.id for m in content.modules()}
    assert rules.required_modules(Role.AUDITOR) == frozenset()
    for role in Role:
        need = rules.required_modules(role)
        assert role is Role.AUDITOR or rules.BASICS <= need
        assert need <= ids, need - ids
    assert {m.id for m in content.modules()} == set().union(*rules.REQUIRED.values())


def test_people_who_answer_the_public_need_review_replies_and_authors_need_authorizations():
    assert "review-replies" in rules.required_modules(Role.COMMUNITY)
    assert "review-replies" not in rules.required_modules(Role.AUTHOR)
    assert "valid-authorizations" in rules.required_modules(Role.AUTHOR)


def test_current_means_every_required_module_has_an_unexpired_pass():
    later = NOW + timedelta(days=100)
    expiries = {mid: later for mid in rules.required_modules(Role.AUTHOR)}
    assert rules.is_current(Role.AUTHOR, expiries, NOW)
    assert not rules.is_current(Role.ADMIN, expiries, NOW)            # the admin needs more
    expiries["photos-and-video"] = NOW - timedelta(days=1)
    assert not rules.is_current(Role.AUTHOR, expiries, NOW)


@pytest.mark.parametrize("days_left, kind", [(45, None), (30, "due30"), (8, "due30"), (7, "due7"), (0.5, "due7"),
                                             (0, "lapsed"), (-3, "lapsed")])
def test_reminders_come_30_and_7_days_before_expiry_and_when_it_lapses(days_left, kind):
    assert rules.reminder_due(NOW + timedelta(days=days_left), NOW) == kind


@pytest.mark.parametrize("validity, passing, policy, field", [
    (365, 80, "default", None), (730, 100, "default", None), (90, 50, "texas", None),
    (400, 80, "default", "validity_days"), (365, 49, "default", "passing_percent"),
    (365, True, "default", "passing_percent"), ("365", 80, "default", "validity_days"),
    (365, 80, "california", "policy"), (365, 80, "", "policy")])
def test_settings_are_checked_with_a_message_naming_the_field(validity, passing, policy, field):
    problem = rules.settings_problem(validity, passing, policy)
    assert (problem.field if problem else None) == field
