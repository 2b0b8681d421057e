"""An organization's own model (engine/adapt.py): a correction fitted on its reviewers' marks moves
its verdicts the way the marks say, leaves the base model (and everyone else's scans) alone, and
refuses too few marks."""

from __future__ import annotations

import math

import pytest

from safepost.engine import Policy, scan
from safepost.engine.adapt import TooFewMarks, adjusted, changes, check_enough, cross_validate, example, fit
from safepost.engine.model import shipped

NAMES = ["Paul Grant", "Tom Reyes", "Ana Silva", "Mark Olsen", "Grace Kim", "Omar Haddad", "Rosa Diaz",
         "Ivan Petrov", "Mei Chen", "Sam Ortiz", "Nora Blake", "Eli Cohen"]
# this organization's reviewers: staff news is not PHI; a thank-you to a named person is to a patient.
# A mark teaches something only where the base model is wrong, so each name gets the first template
# (in turn) on which the shipped model is wrong: the set must still give twelve of each kind.
FALSE_ALARMS = ["{n} from our billing team baked cookies for everyone today.",
                "{n} from our records team brought donuts for everyone today.",
                "{n} from our billing team ran the charity 5K this morning.",
                "{n} from our front desk team brought bagels for everyone this morning.",
                "{n} from our billing office organized the food drive today."]
MISSED = ["Thank you {n} for the sweet note about our new parking garage!",
          "Thanks {n} for the kind words about our new waiting room!",
          "Thank you {n} for the lovely card about our new lobby!"]
STAFF_NEWS = "Jon Weber from our billing team baked muffins for everyone today."
THANK_YOU = "Thank you Jon Weber for the lovely card about our new lobby!"


def _mistaken(e) -> bool:
    return (1 / (1 + math.exp(-e.margin)) >= e.threshold) != e.phi


def _first_mistake(templates: list[str], i: int, name: str, phi: bool):
    for k in range(len(templates)):
        e = example(templates[(i + k) % len(templates)].format(n=name), phi)
        if _mistaken(e):
            return e
    return None


@pytest.fixture(scope="module")
def marks():
    return ([_first_mistake(FALSE_ALARMS, i % 3, n, False) for i, n in enumerate(NAMES)]
            + [_first_mistake(MISSED, i % 2, n, True) for i, n in enumerate(NAMES)])


def test_the_marks_are_the_base_models_mistakes(marks):
    assert (scan(STAFF_NEWS).flag, scan(THANK_YOU).flag) == (True, False)
    assert all(e is not None and _mistaken(e) for e in marks), "fewer than 12 of each kind of mistake: add templates"


def test_the_organization_model_moves_its_verdicts_the_marked_way_and_the_base_stays(marks):
    base = shipped()
    own = Policy(name="Acme", model=adjusted(base, fit(marks, base.identity)))
    assert scan(STAFF_NEWS, org=own).verdict.value == "ALLOW"
    assert scan(THANK_YOU, org=own).flag
    assert scan(STAFF_NEWS, org=Policy(name="Other")).flag and not scan(THANK_YOU, org=Policy(name="Other")).flag
    assert shipped() is base and "organization_marks" not in base.meta
    # what nobody marked keeps its verdict
    for text in ("Flu shots are available at all our clinics this week. Walk in any time!",
                 "Jane Roe, SSN 123-45-6789, is recovering well after her surgery."):
        assert scan(text, org=own).verdict == scan(text).verdict


def test_cross_validation_answers_each_mark_with_a_model_that_never_saw_it(marks):
    before, after = cross_validate(marks, shipped().identity)
    assert (before.false_alarms_fixed, before.missed_caught) == (0, 0)
    assert (before.false_alarms, before.missed) == (12, 12)
    assert after.false_alarms_fixed >= 10 and after.missed_caught >= 10
    assert "missed PHI now flagged" in after.text


def test_too_few_marks_or_one_kind_is_refused(marks):
    with pytest.raises(TooFewMarks, match="19 marks .* at least 20"):
        check_enough(marks[:19])
    with pytest.raises(TooFewMarks, match="at least 5 of each"):
        check_enough(marks[:12] + marks[12:16] + marks[:8])
    with pytest.raises(TooFewMarks, match="one kind"):
        fit(marks[:12], shipped().identity)


def test_a_correction_for_another_base_model_is_refused(marks):
    c = fit(marks, "someotherbase")
    with pytest.raises(ValueError, match="retrain"):
        adjusted(shipped(), c)


def test_changes_counts_the_verdicts_a_correction_turns_on_unmarked_texts(marks):
    c = fit(marks, shipped().identity)
    others = [example(t, False) for t in (STAFF_NEWS, THANK_YOU, "Flu shots are available at all our clinics.")]
    assert changes(others, c) == (1, 1)
