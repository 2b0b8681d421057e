"""The learned verdict's pipeline end to end: retrain on a small sample, load it, score with it.

The sample is drawn (seeded) from the repository's own training batches, so this checks the real
trainer on real data, not a fixture; it takes a few seconds."""
from __future__ import annotations

import gzip
import json

import pytest

from safepost import Policy, scan
from safepost.engine.model import PostModel, shipped
from safepost.engine.model import train as trainer


@pytest.fixture(scope="module")
def small_model(tmp_path_factory):
    out = tmp_path_factory.mktemp("model") / "m.json.gz"
    assert trainer.main(["--sample", "400", "--folds", "3", "--out", str(out)]) == 0
    return out


def test_training_writes_a_loadable_calibrated_model(small_model):
    model = PostModel.from_file(small_model)
    assert {"phi_present", "consent_can_cure"} <= set(model.heads)
    for situation in ("in", "reply", "out"):
        assert 0 < model.threshold("strict", situation) <= model.threshold("balanced", situation) < 1
    head = model.heads["phi_present"]
    assert head.a > 0   # calibration keeps the order of the margins
    risky = head.probability({"bias", "v:BLOCK", "r:names_patient", "sig:relationship"})
    safe = head.probability({"bias", "v:ALLOW", "nphi:0"})
    assert risky > safe


def test_training_is_reproducible(small_model, tmp_path):
    again = tmp_path / "again.json.gz"
    assert trainer.main(["--sample", "400", "--folds", "3", "--out", str(again)]) == 0
    with gzip.open(small_model, "rt") as a, gzip.open(again, "rt") as b:
        assert json.load(a) == json.load(b)


def test_the_frozen_test_batches_never_train():
    frozen = set(trainer.splits()["test"]["batches"])
    assert frozen, "the frozen test split is named in corpus/splits.toml"
    assert not frozen & {p.stem for p in trainer.training_paths()}


def test_the_shipped_model_is_small_and_used():
    model = shipped()
    assert model is not None
    report = scan("Congrats to Maria Lopez on ringing the bell after her last chemo today!")
    assert report.judgement is not None and report.judgement.probability >= report.judgement.threshold
    assert report.to_dict()["judgement"]["contributions"]


def test_the_operating_point_is_the_organizations_choice():
    text = "Thanks for coming to our open house, Dana! See you at the 5k."
    strict = scan(text, org=Policy(operating_point=0.0001))
    lax = scan(text, org=Policy(operating_point=0.9999))
    assert strict.flag and not lax.flag
