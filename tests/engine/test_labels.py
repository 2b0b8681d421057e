"""The Label enum is the one place the facts about each identifier live."""
from safepost.engine import LABELS
from safepost.engine.labels import INFO, LABEL_REASON, PRIORITY, UNCURABLE, Label


def test_every_label_has_its_facts():
    assert set(INFO) == set(Label)
    assert LABELS == tuple(label.value for label in Label)
    assert len(LABELS) == 19   # the 18 Safe Harbor identifiers, with (C) split into DATE and AGE


def test_what_no_authorization_can_cure():
    assert UNCURABLE == {"SSN", "MRN", "HEALTH_PLAN", "ACCOUNT", "LICENSE", "DEVICE", "BIOMETRIC"}


def test_reasons_and_priorities_are_derived():
    assert LABEL_REASON["NAME"] == "names_patient" and "BIOMETRIC" not in LABEL_REASON
    assert PRIORITY["EMAIL"] > PRIORITY["URL"] > PRIORITY["NAME"]
