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
from safepost.engine.model.linear import read_model, write_model


@pytest.fixture(scope="module")
def small_model(tmp_path_factory):
    out = tmp_path_factory.mktemp("model") / "m.bin"
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
    again = tmp_path / "again.bin"
    assert trainer.main(["--sample", "400", "--folds", "3", "--out", str(again)]) == 0
    assert small_model.read_bytes() == again.read_bytes()


def test_the_model_file_keeps_every_weight(small_model, tmp_path):
    data = read_model(small_model)
    legacy = tmp_path / "m.json.gz"          # the earlier format still loads, to the same model
    with gzip.open(legacy, "wt", encoding="utf-8") as f:
        json.dump(data, f)
    assert read_model(legacy) == data
    write_model(data, tmp_path / "again.bin")
    assert (tmp_path / "again.bin").read_bytes() == small_model.read_bytes()


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
