"""Breach-notification rules (45 CFR 164.400-414) as tables of worked dates and decisions."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from safepost.app.incidents import rules
from safepost.app.incidents.rules import Assessment, Delay, FactorAnswer
from safepost.engine.labels import Label

D = date


def by_key(found):
    return {d.key: d for d in found}


# (discovered on, affected by state, expected {key: due}, expected media states)
DEADLINES = [
    # the reference's worked example (section 5.9): 2025-03-03 + 60 days
    (D(2025, 3, 3), {"TX": 480, "OK": 30}, {"individuals": D(2025, 5, 2), "hhs": D(2025, 5, 2)}, ()),
    # fewer than 500: HHS in the annual log, 60 days after the year's end (2025-12-31 + 60)
    (D(2025, 3, 3), {"CA": 3}, {"individuals": D(2025, 5, 2), "hhs": D(2026, 3, 1)}, ()),
    # 2027's annual report falls in the leap year 2028: Feb 29
    (D(2027, 6, 1), {"NV": 1}, {"individuals": D(2027, 7, 31), "hhs": D(2028, 2, 29)}, ()),
    # discovered on the last day of 2023: annual report due 2024-02-29 (leap year)
    (D(2023, 12, 31), {"NY": 2}, {"individuals": D(2024, 2, 29), "hhs": D(2024, 2, 29)}, ()),
    # discovered on the first day of a leap year: its annual report is 2025-03-01
    (D(2024, 1, 1), {"NY": 2}, {"individuals": D(2024, 3, 1), "hhs": D(2025, 3, 1)}, ()),
    # 60 days across February of a leap year vs a common year
    (D(2024, 1, 15), {"CA": 1}, {"individuals": D(2024, 3, 15), "hhs": D(2025, 3, 1)}, ()),
    (D(2025, 1, 15), {"CA": 1}, {"individuals": D(2025, 3, 16), "hhs": D(2026, 3, 1)}, ()),
    # across a year end: December discovery, notice due in February of the next year
    (D(2025, 12, 15), {"CA": 1}, {"individuals": D(2026, 2, 13), "hhs": D(2026, 3, 1)}, ()),
    (D(2024, 12, 31), {"CA": 1}, {"individuals": D(2025, 3, 1), "hhs": D(2025, 3, 1)}, ()),
    # media: MORE than 500 residents of one State; HHS: 500 or more in total
    (D(2025, 3, 3), {"CA": 600, "NV": 20},
     {"individuals": D(2025, 5, 2), "media": D(2025, 5, 2), "hhs": D(2025, 5, 2)}, ("CA",)),
    (D(2025, 3, 3), {"CA": 500}, {"individuals": D(2025, 5, 2), "hhs": D(2025, 5, 2)}, ()),
    (D(2025, 3, 3), {"CA": 501}, {"individuals": D(2025, 5, 2), "media": D(2025, 5, 2), "hhs": D(2025, 5, 2)}, ("CA",)),
    (D(2025, 3, 3), {"CA": 499}, {"individuals": D(2025, 5, 2), "hhs": D(2026, 3, 1)}, ()),
    (D(2025, 3, 3), {"TX": 900, "CA": 700, "NV": 5},
     {"individuals": D(2025, 5, 2), "media": D(2025, 5, 2), "hhs": D(2025, 5, 2)}, ("CA", "TX")),
    (D(2025, 3, 3), {}, {"individuals": D(2025, 5, 2), "hhs": D(2026, 3, 1)}, ()),
]


@pytest.mark.parametrize("discovered, affected, expected, states", DEADLINES)
def test_deadlines_are_calendar_days_from_discovery(discovered, affected, expected, states):
    found = by_key(rules.deadlines(discovered, affected))
    assert {k: d.due for k, d in found.items()} == expected
    assert found.get("media", rules.Deadline("media", D(1, 1, 1), "")).states == states


def test_the_small_breach_goes_to_the_annual_log_with_its_own_citation():
    hhs = by_key(rules.deadlines(D(2025, 3, 3), {"CA": 3}))["hhs"]
    assert hhs.annual and hhs.citation == "45 CFR 164.408(c)"
    big = by_key(rules.deadlines(D(2025, 3, 3), {"CA": 500}))["hhs"]
    assert not big.annual and big.citation == "45 CFR 164.408(b)"


def test_a_business_associate_owes_only_the_covered_entity_within_60_days():
    found = rules.deadlines(D(2025, 3, 3), {"CA": 900}, role="business_associate")
    assert [(d.key, d.due, d.citation) for d in found] == [("covered_entity", D(2025, 5, 2), "45 CFR 164.410(b)")]


def test_an_oral_law_enforcement_delay_lasts_at_most_30_days():
    assert Delay("oral", D(2025, 3, 10)).ends_on() == D(2025, 4, 9)       # reference, section 5.9


def test_a_delay_pauses_every_clock_and_shows_the_unpaused_date_for_counsel():
    found = by_key(rules.deadlines(D(2025, 3, 3), {"CA": 600}, delay=Delay("oral", D(2025, 3, 10))))
    for key in ("individuals", "media", "hhs"):
        assert found[key].due == D(2025, 6, 1)            # 2025-05-02 + the 30 paused days
        assert found[key].unpaused_due == D(2025, 5, 2)
        assert found[key].not_before == D(2025, 4, 9)
        assert found[key].counsel_decision


def test_a_written_delay_pauses_for_its_period():
    found = by_key(rules.deadlines(D(2025, 3, 3), {"CA": 2}, delay=Delay("written", D(2025, 3, 10), D(2025, 7, 31))))
    assert found["individuals"].due == D(2025, 9, 22)      # 2025-05-02 + 143 days
    assert found["individuals"].unpaused_due == D(2025, 7, 31)   # at the earliest when the delay ends
    assert found["hhs"].due == D(2026, 3, 1) + timedelta(days=143)


def test_a_delay_stated_after_a_deadline_does_not_move_it():
    found = by_key(rules.deadlines(D(2025, 3, 3), {"CA": 2}, delay=Delay("oral", D(2025, 6, 1))))
    assert found["individuals"].due == D(2025, 5, 2) and not found["individuals"].counsel_decision
    assert found["hhs"].due == D(2026, 3, 1) + timedelta(days=30)    # still running in June


@pytest.mark.parametrize("kind, stated, until, official, words", [
    ("phoned", D(2025, 3, 10), None, "Det. Example, City PD", "kind"),
    ("oral", None, None, "Det. Example, City PD", "stated_on"),
    ("oral", D(2025, 3, 1), None, "Det. Example, City PD", "before the discovery"),
    ("oral", D(2025, 3, 10), None, "  ", "official"),
    ("written", D(2025, 3, 10), None, "Agent Example, FBI", "end date"),
    ("oral", D(2025, 3, 10), D(2025, 3, 20), "Det. Example", "at most 30 days"),
    ("written", D(2025, 3, 10), D(2025, 3, 10), "Agent Example", "after the statement"),
])
def test_a_delay_must_be_documented(kind, stated, until, official, words):
    problems = rules.delay_problems(kind, stated, until, official, D(2025, 3, 3))
    assert any(words in p for p in problems), problems


def test_a_documented_delay_has_no_problems():
    assert rules.delay_problems("written", D(2025, 3, 10), D(2025, 4, 30), "Agent Example, FBI", D(2025, 3, 3)) == []


@pytest.mark.parametrize("counts, problem", [
    ({"California": 3}, "two-letter"), ({"ca": 3}, "two-letter"), ({"CA": -1}, "whole number"),
    ({"CA": 2.5}, "whole number"), ({"CA": True}, "whole number"), ({"CA": "3"}, "whole number"),
])
def test_affected_counts_are_whole_numbers_per_state_code(counts, problem):
    assert any(problem in p for p in rules.affected_problems(counts))


def test_valid_affected_counts_have_no_problems():
    assert rules.affected_problems({"CA": 600, "NV": 0, "PR": 3}) == []


# -- 164.402(2) ------------------------------------------------------------------------------------------
EVIDENCE = "Checked the platform's analytics: the reply had 0 views before removal."
LOW = Assessment(
    info_types=("NAME",), reidentification="low",
    nature=FactorAnswer("low", "First name only, no health information or other identifier."),
    recipient=FactorAnswer("low", "Visible only to the clinic's own page administrators."),
    acquired=FactorAnswer("low", EVIDENCE),
    mitigation=FactorAnswer("low", "Removed within 4 minutes; platform confirmed deletion."),
    rationale="All four factors show low probability; evidence attached for each.")


def test_all_four_factors_low_with_evidence_and_rationale_is_low_probability_of_compromise():
    assert rules.conclude(LOW) == ("low_probability", ["all_four_factors_low"])


@pytest.mark.parametrize("factor", list(rules.FACTORS))
def test_any_high_factor_means_notify(factor):
    a = replace(LOW, **{factor: FactorAnswer("high", EVIDENCE)})
    if factor == "nature":
        a = replace(a, reidentification="high")
    outcome, why = rules.conclude(a)
    assert outcome == "notify" and f"high_risk_{factor}" in why


@pytest.mark.parametrize("factor", list(rules.FACTORS))
def test_a_low_factor_without_written_evidence_leaves_the_breach_presumed(factor):
    a = replace(LOW, **{factor: FactorAnswer("low", "ok")})
    assert rules.conclude(a) == ("notify", ["presumed_breach_assessment_incomplete"])
    assert any(p.startswith(f"{factor}:") and "evidence" in p for p in rules.assessment_problems(a))


def test_low_probability_needs_a_written_overall_rationale():
    assert rules.conclude(replace(LOW, rationale="fine")) == ("notify", ["low_probability_needs_written_rationale"])


def test_an_empty_assessment_is_presumed_a_breach_and_every_factor_is_named():
    problems = rules.assessment_problems(Assessment())
    assert rules.conclude(Assessment())[0] == "notify"
    for key in ["info_types", "reidentification", *rules.FACTORS]:
        assert any(p.startswith(f"{key}:") for p in problems), key


def test_factor_one_cannot_be_low_when_reidentification_is_likely():
    a = replace(LOW, reidentification="high")
    assert any("re-identification" in p for p in rules.assessment_problems(a))
    assert rules.conclude(a)[0] == "notify"


def test_unknown_identifier_types_are_refused_by_name():
    problems = rules.assessment_problems(replace(LOW, info_types=("NAME", "SHOE_SIZE")))
    assert any("SHOE_SIZE" in p for p in problems)


def test_every_engine_identifier_label_has_an_english_and_spanish_name():
    for label in Label:
        en, es = rules.INFO_TYPES[label.value]
        assert en and es


# -- 164.402(1) -----------------------------------------------------------------------------------------
JUSTIFIED = "The nurse opened the wrong chart in good faith and closed it at once."


@pytest.mark.parametrize("code", ["workforce_good_faith", "inadvertent_internal"])
def test_the_workforce_and_internal_exceptions_need_no_further_use(code):
    assert any("no_further_use" in p for p in rules.exception_problems(code, JUSTIFIED, False))
    assert rules.exception_problems(code, JUSTIFIED, True) == []


def test_the_unable_to_retain_exception_needs_only_a_justification():
    assert rules.exception_problems("unable_to_retain", JUSTIFIED, False) == []
    assert any("justification" in p for p in rules.exception_problems("unable_to_retain", "short", False))


def test_an_unknown_exception_is_refused():
    assert any("choose one of" in p for p in rules.exception_problems("it_was_fine", JUSTIFIED, True))


def test_there_are_exactly_the_three_statutory_exceptions():
    assert [v.split(":")[0] for v in rules.EXCEPTIONS.values()] == ["164.402(1)(i)", "164.402(1)(ii)", "164.402(1)(iii)"]


# -- closing ---------------------------------------------------------------------------------------------
def test_closing_needs_a_decision():
    assert rules.close_problems("assessing", "", [], set()) == [
        "record the decision first: the four-factor assessment or a statutory exception"]


def test_closing_a_breach_needs_every_notice_except_the_annual_log():
    small = rules.deadlines(D(2025, 3, 3), {"CA": 3})
    assert rules.close_problems("notifying", "notify", small, set()) == [
        "record the individuals (letters) notice as sent before closing"]
    assert rules.close_problems("notifying", "notify", small, {"individuals"}) == []
    big = rules.deadlines(D(2025, 3, 3), {"CA": 600})
    assert len(rules.close_problems("notifying", "notify", big, {"individuals"})) == 2
    assert rules.close_problems("notifying", "notify", big, {"individuals", "media", "hhs"}) == []


@pytest.mark.parametrize("conclusion", ["low_probability", "exception"])
def test_no_breach_closes_without_notices(conclusion):
    assert rules.close_problems("assessing", conclusion, rules.deadlines(D(2025, 3, 3), {"CA": 600}), set()) == []


def test_a_closed_incident_does_not_close_again():
    assert rules.close_problems("closed", "notify", [], set()) == ["the incident is already closed"]


# -- reminders and escalation -----------------------------------------------------------------------------
DUE = D(2025, 5, 2)


@pytest.mark.parametrize("today, sent, expected", [
    (DUE - timedelta(days=31), set(), None),
    (DUE - timedelta(days=30), set(), 30),
    (DUE - timedelta(days=30), {30}, None),
    (DUE - timedelta(days=20), {30}, None),
    (DUE - timedelta(days=14), {30}, 14),
    (DUE - timedelta(days=10), set(), 14),        # opened late: the nearest reached threshold only
    (DUE - timedelta(days=7), {30, 14}, 7),
    (DUE - timedelta(days=3), {30, 14, 7}, None),
    (DUE - timedelta(days=1), {30, 14, 7}, 1),
    (DUE, {30, 14, 7}, 1),
    (DUE, {30, 14, 7, 1}, None),
    (DUE + timedelta(days=1), set(), None),       # past due: no more reminders
])
def test_reminders_come_30_14_7_and_1_days_before_once_each(today, sent, expected):
    assert rules.reminder_due(DUE, today, sent) == expected


T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize("ack, escalated, hours, expected", [
    (None, None, 23.9, False), (None, None, 24, True), (T0, None, 48, False), (None, T0, 48, False),
])
def test_an_incident_nobody_acknowledges_in_24_hours_escalates_once(ack, escalated, hours, expected):
    assert rules.should_escalate(T0, ack, escalated, T0 + timedelta(hours=hours)) is expected


def test_urgency_sorts_by_the_nearest_due_date():
    found = rules.deadlines(D(2025, 3, 3), {"CA": 3})
    assert rules.urgency(found, D(2025, 4, 30)) == (2, D(2025, 5, 2))
    assert rules.urgency([], D(2025, 4, 30))[1] is None


# -- containment and the post-incident review (pure) -----------------------------------------------------
def test_a_takedown_is_claimable_when_up_failed_or_abandoned():
    from datetime import datetime, timedelta, timezone as tz

    from safepost.app.incidents.rules import can_take_down

    now = datetime(2026, 3, 3, 12, 0, tzinfo=tz.utc)
    assert can_take_down("live", None, now) and can_take_down("failed", None, now)
    assert not can_take_down("removing", now + timedelta(minutes=1), now)
    assert can_take_down("removing", now - timedelta(seconds=1), now)
    assert not can_take_down("removed", None, now) and not can_take_down("manual", None, now)


def test_only_a_breach_needs_its_review_to_close():
    from safepost.app.incidents.rules import review_close_problems

    assert review_close_problems("notify", False) and not review_close_problems("notify", True)
    assert not review_close_problems("low_probability", False) and not review_close_problems("exception", False)


def test_action_reminders_use_their_own_thresholds():
    from datetime import date

    from safepost.app.incidents.rules import ACTION_REMINDER_DAYS, reminder_due

    due = date(2028, 3, 1)
    assert reminder_due(due, date(2028, 2, 20), set(), ACTION_REMINDER_DAYS) is None      # 10 days: not yet
    assert reminder_due(due, date(2028, 2, 23), set(), ACTION_REMINDER_DAYS) == 7         # leap year: 7 days left
    assert reminder_due(due, date(2028, 2, 29), {7}, ACTION_REMINDER_DAYS) == 1
    assert reminder_due(due, date(2028, 3, 2), set(), ACTION_REMINDER_DAYS) is None       # past due
