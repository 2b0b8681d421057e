"""The permission table, read as a table. Changing who may do what means changing this file."""

from datetime import datetime, timedelta, timezone

import pytest

from safepost.app.accounts import rules
from safepost.app.accounts.rules import Action, Role

A, P, RV, AU, C, AD = "admin", "privacy", "reviewer", "author", "community", "auditor"
ALL = {A, P, RV, AU, C, AD}

EXPECTED = {
    "org.view":        ALL,
    "scan.run":        {A, P, RV, AU, C},
    "audit.view":      {P, AD},
    "audit.export":    {P, AD},
    "members.view":    {A, P, AD},
    "members.manage":  {A},
    "apikeys.view":    {A, P, AD},
    "apikeys.manage":  {A},
    "posts.view":      ALL,
    "posts.write":     {A, P, RV, AU, C},
    "posts.approve":   {P, RV},
    "posts.override":  {P},
    "posts.configure": {A, P},
    "channels.view":   ALL,
    "channels.manage": {A},
    "consents.view":   {A, P, RV, AU, AD},
    "consents.manage": {A, P},
    "consent_identity.view": {A, P, AD},
    "inbox.view":      {A, P, C, AD},
    "inbox.triage":    {A, P, C},
    "inbox.reply":     {A, P, C},
    "inbox.configure": {A, P},
    "incidents.view":  {A, P, AD},
    "training.view":   ALL,
    "reports.view":    {A, P, AD},
    "posts.publish":   {A, P, RV},
    "members.invite":  {A},
    "incidents.manage": {A, P},
    "training.take":   {A, P, RV, AU, C},
    "training_team.view": {A, P, AD},
    "training.export": {A, P, AD},
    "training.configure": {A, P},
    "org.configure":   {A},
    "training_scenarios.review": {P},
    "inbox.release": {P},
}


def test_it_has_exactly_the_reviewed_table():
    actual = {a.value: {r.value for r in roles} for a, roles in rules.PERMISSIONS.items()}
    assert actual == EXPECTED


def test_every_action_has_a_row():
    assert set(rules.PERMISSIONS) == set(Action)


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("role", list(Role))
def test_can_answers_from_the_table(role, action):
    assert rules.can(role, action) == (role.value in EXPECTED[action.value])


def test_the_auditor_only_reads():
    assert all(a.read_only for a in rules.actions_for(Role.AUDITOR))


def test_nobody_outside_the_organization_may_do_anything():
    assert not any(rules.can(None, a) for a in Action)


def test_a_service_key_may_only_scan():
    assert [a for a in Action if rules.can_service_key(a)] == [Action.SCAN_RUN]


def test_admins_and_privacy_officers_need_a_second_factor():
    assert rules.totp_required([Role.ADMIN])
    assert rules.totp_required([Role.AUTHOR, Role.PRIVACY])
    assert not rules.totp_required([Role.REVIEWER, Role.AUTHOR, Role.COMMUNITY, Role.AUDITOR])


NOW = datetime(2025, 1, 1, tzinfo=timezone.utc)


@pytest.mark.parametrize("idle_seconds,expired", [(None, False), (60, False), (15 * 60, False), (15 * 60 + 1, True)])
def test_idle_logoff_after_the_configured_minutes(idle_seconds, expired):
    last = None if idle_seconds is None else 1000.0
    now = 1000.0 + (idle_seconds or 0)
    assert rules.idle_expired(last, now, 15) is expired


@pytest.mark.parametrize("old,new,admins,refused", [
    (Role.ADMIN, Role.AUTHOR, 1, True),       # the last admin cannot step down ...
    (Role.ADMIN, None, 1, True),              # ... or leave
    (Role.ADMIN, Role.AUTHOR, 2, False),
    (Role.ADMIN, Role.ADMIN, 1, False),
    (Role.AUTHOR, None, 1, False),
    (Role.AUTHOR, Role.ADMIN, 1, False),
])
def test_an_organization_keeps_an_administrator(old, new, admins, refused):
    assert (rules.membership_change_refused(old, new, admins) is not None) is refused


# -- sign-in throttle (issue 10) --------------------------------------------------------------
def test_a_pair_blocks_at_the_threshold_and_an_account_or_source_only_at_four_times_it():
    assert rules.throttle_threshold("pair", 5) == 5
    assert rules.throttle_threshold("account", 5) == rules.throttle_threshold("source", 5) == 20


def test_each_failure_past_the_threshold_doubles_the_wait_up_to_the_cap():
    t = rules.Throttle(0, None)
    waits = []
    for _ in range(10):
        t = rules.throttle_after_failure(t, NOW, threshold=5, base=30, cap=900)
        waits.append(None if t.blocked_until is None else (t.blocked_until - NOW).total_seconds())
    assert waits == [None, None, None, None, 30, 60, 120, 240, 480, 900]
    assert rules.is_throttled(t, NOW + timedelta(seconds=899))
    assert not rules.is_throttled(t, NOW + timedelta(seconds=900))


def test_the_back_off_never_overflows():
    assert rules.backoff_seconds(10_000, base=30, cap=900) == 900
