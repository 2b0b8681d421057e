"""The policy file: what it accepts, and errors that say what to fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from safepost import Policy, scan
from safepost.engine import PolicyError

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "policy.toml"


def test_the_example_policy_loads_and_is_honoured() -> None:
    policy = Policy.from_toml(EXAMPLE)
    assert policy.owns_phone("555.610.7000") and policy.owns_domain("https://riverbendhealth.org/book")
    report = scan("Questions about your surgery bill? Call Gail Summers at (555) 610-7000.", org=policy)
    assert not any(f.is_phi for f in report.findings)


@pytest.mark.parametrize("data,message", [
    ({"organisation": {}}, "unknown section"),
    ({"organization": 5}, "must be a table"),
    ({"organization": {"phone": ["555"]}}, "unknown key"),
    ({"organization": {"phones": "555-610-7000", "staff": [1, 2]}}, "staff must be a list of strings"),
    ({"thresholds": {"name": "high"}}, "must be a number"),
    ({"thresholds": {"name": 1.5}}, "between 0 and 1"),
])
def test_bad_policies_are_refused_with_the_fix(data: dict, message: str) -> None:
    with pytest.raises(PolicyError, match=message):
        Policy.from_dict(data)


def test_a_missing_or_broken_file_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="not found"):
        Policy.from_toml(tmp_path / "nope.toml")
    broken = tmp_path / "broken.toml"
    broken.write_text("[organization\nname = 'x'", encoding="utf-8")
    with pytest.raises(PolicyError, match="not valid TOML"):
        Policy.from_toml(broken)


def test_a_higher_name_threshold_keeps_only_sure_names() -> None:
    text = "so proud of brayden, walking after his surgery"
    assert any(f.label == "NAME" for f in scan(text).findings)
    assert not any(f.label == "NAME" for f in scan(text, org=Policy(name_threshold=0.9)).findings)


def test_allow_terms_are_never_flagged() -> None:
    text = "Our patient Rosalind Achebe is recovering after her stroke."
    assert scan(text).flag
    assert not any(f.is_phi for f in scan(text, org=Policy(allow_terms=("Rosalind Achebe",))).findings)
