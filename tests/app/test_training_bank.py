"""The scenario bank: every builtin scenario has the decision and reason codes the real engine
gives, or says how the engine differs; the file's vocabulary is the engine's; the rows in the
database follow the file."""

from __future__ import annotations

import pytest

from safepost import scan
from safepost.app.training import bank, scenarios
from safepost.app.training.models import Scenario

BUILTINS = bank.builtins()


def test_the_bank_ships_about_thirty_scenarios_in_english_and_spanish():
    assert 25 <= len(BUILTINS) <= 40
    assert {s.language for s in BUILTINS} == {"en", "es"}
    assert sum(s.language == "es" for s in BUILTINS) >= 5


def test_the_bank_covers_every_decision_and_posts_replies_and_comments():
    assert {s.decision for s in BUILTINS} == set(bank.DECISIONS)
    kinds = {s.kind for s in BUILTINS}
    assert {"post", "review_reply", "comment"} <= kinds


@pytest.mark.parametrize("s", BUILTINS, ids=[s.id for s in BUILTINS])
def test_each_builtin_scenario_has_the_engines_decision_or_says_how_the_engine_differs(s):
    report = scan(s.text, direction=s.direction, kind=s.kind)
    engine = (bank.decision_of(report.verdict), tuple(r.code for r in report.reasons))
    if s.engine_disagrees:
        assert engine != (s.decision, s.reasons), f"{s.id}: the engine now agrees; drop engine_disagrees"
    else:
        assert engine == (s.decision, s.reasons)


def test_the_engine_disagreements_are_few_and_explained():
    disagreeing = [s for s in BUILTINS if s.engine_disagrees]
    assert len(disagreeing) <= 5
    assert all(len(s.engine_disagrees) > 30 for s in disagreeing)


def test_reason_codes_are_the_engines_vocabulary():
    from safepost.engine.labels import LABEL_REASON
    from safepost.engine.verdict import EXPLAIN

    assert set(bank.REASON_CODES) == set(EXPLAIN)
    assert set(LABEL_REASON.values()) <= set(bank.REASON_CODES)


@pytest.mark.parametrize("raw, fix", [
    ({"decision": "maybe"}, "decision: one of"),
    ({"reasons": ["looks_bad"]}, "reasons: a list of the engine's reason codes"),
    ({"decision": "allow"}, "reasons: an allowed text has no reasons"),
    ({"kind": "tweet"}, "kind: one of"),
    ({"text": ""}, "text: 1 to"),
    ({"colour": "red"}, "unknown field(s) colour"),
    ({"language": "fr"}, "language: one of en, es"),
])
def test_a_malformed_entry_is_refused_with_the_field_to_fix(raw, fix):
    good = {"id": "sample", "language": "en", "direction": "outbound", "kind": "post", "text": "Some text.",
            "decision": "block", "reasons": ["names_patient"], "explanation": "Why."}
    with pytest.raises(bank.BankError, match=fix.replace("(", r"\(").replace(")", r"\)")):
        bank.parse({"scenario": [good | raw]}, "test.toml")


def test_a_duplicate_id_is_refused():
    good = {"id": "sample", "language": "en", "direction": "outbound", "kind": "post", "text": "Some text.",
            "decision": "allow", "reasons": [], "explanation": "Why."}
    with pytest.raises(bank.BankError, match="duplicate id"):
        bank.parse({"scenario": [good, good]}, "test.toml")


def test_syncing_puts_every_builtin_in_the_database_approved_and_is_idempotent(db):
    assert scenarios.sync_builtins() == len(BUILTINS)
    assert scenarios.sync_builtins() == 0
    rows = Scenario.objects.filter(source="builtin")
    assert rows.count() == len(BUILTINS)
    assert set(rows.values_list("state", flat=True)) == {"approved"}
    row = rows.get(builtin_key="ssn-in-post")
    assert row.org is None and row.decision == "block" and "government_or_record_number" in row.reasons


def test_a_builtin_row_changed_in_the_database_is_put_back_and_one_gone_from_the_file_is_retired(db):
    scenarios.sync_builtins()
    Scenario.objects.filter(builtin_key="flu-clinic-hours").update(decision="block")
    Scenario.objects.create(source="builtin", builtin_key="gone-from-file", direction="outbound", kind="post",
                            text="Old.", decision="allow", explanation="Old.", state="approved")
    assert scenarios.sync_builtins() == 2
    assert Scenario.objects.get(builtin_key="flu-clinic-hours").decision == "allow"
    assert Scenario.objects.get(builtin_key="gone-from-file").state == "retired"


def test_an_organization_practises_with_approved_builtins_and_only_its_own_scenarios(people):
    mine = Scenario.objects.create(org=people.acme, source="flagged_draft", source_id=1, direction="outbound",
                                   kind="post", text="[NAME] had her surgery today.", decision="needs_authorization",
                                   reasons=["names_patient"], explanation="x", state="approved")
    theirs = Scenario.objects.create(org=people.other, source="flagged_draft", source_id=1, direction="outbound",
                                     kind="post", text="[NAME] had a visit.", decision="needs_authorization",
                                     reasons=["names_patient"], explanation="x", state="approved")
    draft = Scenario.objects.create(org=people.acme, source="flagged_draft", source_id=2, direction="outbound",
                                    kind="post", text="[NAME] again.", decision="block",
                                    reasons=["names_patient"], explanation="x", state="draft")
    ids = set(scenarios.usable(people.acme).values_list("pk", flat=True))
    assert mine.pk in ids and theirs.pk not in ids and draft.pk not in ids
    assert len(ids) == len(BUILTINS) + 1


def test_the_scenario_text_is_encrypted_at_rest(people):
    from django.db import connection

    s = Scenario.objects.create(org=people.acme, source="flagged_draft", source_id=9, direction="outbound",
                                kind="post", text="[NAME] came in for chemotherapy.", decision="needs_authorization",
                                reasons=["names_patient"], explanation="Chemotherapy is care.")
    with connection.cursor() as cur:
        cur.execute("SELECT text, explanation FROM training_scenario WHERE id = %s", [s.pk])
        raw_text, raw_expl = cur.fetchone()
    assert "chemotherapy" not in raw_text.lower() and "chemotherapy" not in raw_expl.lower()
    assert Scenario.objects.get(pk=s.pk).text == "[NAME] came in for chemotherapy."
