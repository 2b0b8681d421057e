"""bench/accuracy.py scores exactly as the reference scorer (shared/tools/score.py) does.

Both are run on a small synthetic corpus written here (made-up texts, never the dev corpus) and
on seeded random predictions. The reference scorer is used where it lies (../shared beside the
repository); the comparison is skipped when it is not there.
"""
from __future__ import annotations

import importlib.util
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _find_reference() -> Path | None:
    for base in (os.environ.get("SAFEPOST_SHARED"), ROOT.parent / "shared", "/work/shared"):
        if base and (Path(base) / "tools" / "score.py").is_file():
            return Path(base) / "tools" / "score.py"
    return None


REFERENCE = _find_reference()
needs_reference = pytest.mark.skipif(REFERENCE is None, reason="shared/tools/score.py not found")


def _load_bench():
    spec = importlib.util.spec_from_file_location("bench_accuracy", ROOT / "bench" / "accuracy.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


bench = _load_bench()


# ------------------------------------------------------------------------------- synthetic data
def _item(iid, direction, kind, text, spans, phi_present):
    """spans: (substring, label, phi); offsets are found in the text (first occurrence)."""
    out = []
    for sub, label, phi in spans:
        i = text.index(sub)
        out.append({"start": i, "end": i + len(sub), "label": label, "phi": phi})
    return {"id": iid, "direction": direction, "kind": kind, "platform": "facebook", "text": text,
            "spans": out, "phi_present": phi_present, "reasons": []}


CORPUS = [
    _item("s-01", "outbound", "post", "Welcome back Tobias Wren, home after knee surgery on June 4!",
          [("Tobias Wren", "NAME", True), ("June 4", "DATE", True)], True),
    _item("s-02", "outbound", "post", "Our clinic at 88 Quarry Lane is closed on July 4. Call 555-0142.",
          [("88 Quarry Lane", "LOCATION", False), ("555-0142", "PHONE", False)], False),
    _item("s-03", "outbound", "review_reply", "Thanks Ilse, we reviewed your chart and will call you.",
          [("Ilse", "NAME", True)], True),
    _item("s-04", "inbound", "comment", "My member ID is QX-4471-220 and Dr. Farrow never called back.",
          [("QX-4471-220", "HEALTH_PLAN", True), ("Dr. Farrow", "NAME", False)], True),
    _item("s-05", "inbound", "review", "Great staff, quick visit, free parking.", [], False),
    _item("s-06", "outbound", "caption", "Meet Nurse Odalys, our new wound-care lead!",
          [("Nurse Odalys", "NAME", False)], False),
    _item("s-07", "inbound", "direct_message", "Pls email me at wren.t@example.net about my MRI on 3/14",
          [("wren.t@example.net", "EMAIL", True), ("3/14", "DATE", True)], True),
    _item("s-08", "outbound", "comment_reply", "Sorry your crown came loose again, please DM us.", [], True),
    _item("s-09", "inbound", "comment", "Saw the bake sale flyer, count me in!", [], False),
    _item("s-10", "outbound", "story_text", "Room 412 is finally off the vent, go team!",
          [("Room 412", "LOCATION", True)], True),
]


def _find(iid, sub):
    it = next(x for x in CORPUS if x["id"] == iid)
    i = it["text"].index(sub)
    return i, i + len(sub)


def _p(iid, sub, label, **kw):
    s, e = _find(iid, sub)
    return {"start": s, "end": e, "label": label, **kw}


# hand-made predictions covering every case the scorer distinguishes
PREDS = [
    {"id": "s-01", "spans": [_p("s-01", "Tobias Wren", "NAME"),            # exact, label agrees
                             _p("s-01", "June", "DATE")], "flag": True},   # partial overlap
    {"id": "s-02", "spans": [_p("s-02", "Quarry Lane", "LOCATION"),        # on a phi:false span only
                             _p("s-02", "July 4", "DATE")], "flag": True},  # on no gold span: FP
    {"id": "s-03", "spans": [], "flag": True},                              # flag without spans
    {"id": "s-04", "spans": [_p("s-04", "QX-4471-220", "ACCOUNT"),          # found, wrong label
                             _p("s-04", "Dr. Farrow", "NAME"),
                             _p("s-04", "called", "NAME")], "verdict": "PRIVATE_FOLLOW_UP"},  # no flag: spans decide
    {"id": "s-05", "spans": [{"start": 3, "end": 3, "label": "NAME"}]},     # empty span: ignored
    {"id": "s-06", "spans": [_p("s-06", "Odalys", "NAME")], "flag": False},
    # s-07 has no prediction at all: counts as nothing found, not flagged
    {"id": "s-08", "spans": [], "flag": False},
    {"id": "s-09", "spans": [_p("s-09", "bake sale", "OTHER_ID")], "flag": True},
    {"id": "s-10", "spans": [_p("s-10", "Room 412", "OTHER_ID"),
                             _p("s-10", "412 is", "LOCATION")], "flag": True},
    {"id": "s-99", "spans": [], "flag": True},                              # unknown id: ignored
]


def _random_case(seed: int):
    """A random corpus of made-up texts with random gold and predicted spans."""
    rng = random.Random(seed)
    words = "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike".split()
    items, preds = [], []
    for n in range(60):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(3, 25)))
        L = len(text)

        def span():
            a = rng.randrange(0, L - 1)
            return a, rng.randint(a + 1, min(L, a + 15))

        gold = []
        for _ in range(rng.randint(0, 4)):
            a, b = span()
            gold.append({"start": a, "end": b, "label": rng.choice(bench.LABELS[:6]), "phi": rng.random() < 0.5})
        items.append({"id": f"r-{n}", "direction": rng.choice(["inbound", "outbound"]),
                      "kind": rng.choice(["post", "comment", "review", "bio"]), "text": text,
                      "spans": gold, "phi_present": rng.random() < 0.5})
        if rng.random() < 0.1:
            continue  # missing prediction
        pspans = []
        for _ in range(rng.randint(0, 4)):
            a, b = span()
            if rng.random() < 0.05:
                b = a  # empty
            pspans.append({"start": a, "end": b, "label": rng.choice(bench.LABELS[:6])})
        p = {"id": f"r-{n}", "spans": pspans}
        if rng.random() < 0.7:
            p["flag"] = rng.random() < 0.5
        preds.append(p)
    return items, preds


# ------------------------------------------------------------------------------- comparison
def _write(tmp_path, items, preds):
    c, p = tmp_path / "corpus.jsonl", tmp_path / "pred.jsonl"
    c.write_text("".join(json.dumps(x) + "\n" for x in items), encoding="utf-8")
    p.write_text("".join(json.dumps(x) + "\n" for x in preds), encoding="utf-8")
    return c, p


def _reference(corpus: Path, pred: Path) -> dict:
    r = subprocess.run([sys.executable, str(REFERENCE), str(corpus), str(pred), "--json"],
                       capture_output=True, text=True, timeout=60, cwd=REFERENCE.parent)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def _assert_same(ours: dict, ref: dict) -> None:
    sp, rsp = ours["span"], ref["span"]
    assert ours["n_items"] == ref["n_items"]
    assert ours["missing_predictions"] == ref["missing_predictions"]
    pairs = [("phi_gold", "phi_gold_spans"), ("phi_found", "phi_found"), ("phi_recall", "phi_recall"),
             ("phi_recall_ci95", "phi_recall_ci95"), ("label_agreement", "label_agreement"),
             ("label_agree_count", "label_agree_count"), ("exact_boundary_share", "exact_boundary_share"),
             ("nonphi_gold", "nonphi_gold_spans"), ("nonphi_found", "nonphi_found"),
             ("predicted", "predicted_spans"), ("pred_phi", "pred_overlapping_phi"),
             ("pred_nonphi_only", "pred_overlapping_only_nonphi"), ("pred_fp", "pred_false_positive"),
             ("fp_by_label", "false_positive_by_pred_label"), ("span_precision", "span_precision"),
             ("phi_precision", "phi_precision")]
    for a, b in pairs:
        assert sp[a] == pytest.approx(rsp[b]), (a, sp[a], rsp[b])
    assert list(sp["by_label"]) == list(rsp["phi_recall_by_label"])
    for lab, v in sp["by_label"].items():
        r = rsp["phi_recall_by_label"][lab]
        assert (v["gold"], v["found"]) == (r["gold"], r["found"]), lab
        assert v["recall"] == pytest.approx(r["recall"]) and v["label_agreement"] == pytest.approx(r["label_agreement"])

    def post(a, b):
        assert (a["phi_items"], a["caught"], a["safe_items"], a["false_alarms"]) == (
            b["phi_present_items"], b["caught"], b["no_phi_items"], b["false_alarms"])
        assert a["recall"] == pytest.approx(b["recall"])
        assert a["false_alarm_rate"] == pytest.approx(b["false_alarm_rate"])
        assert a["recall_ci95"] == pytest.approx(b["recall_ci95"])
        assert a["false_alarm_rate_ci95"] == pytest.approx(b["false_alarm_rate_ci95"])

    post(ours["post"], ref["post"])
    for group, rgroup in (("post_by_direction", "post_by_direction"), ("post_by_kind", "post_by_kind")):
        assert list(ours[group]) == list(ref[rgroup])
        for k in ours[group]:
            post(ours[group][k], ref[rgroup][k])


def _ours(items, preds):
    return bench.score(items, {p["id"]: p for p in preds})


@needs_reference
def test_agrees_with_reference_on_handmade_cases(tmp_path):
    corpus, pred = _write(tmp_path, CORPUS, PREDS)
    _assert_same(_ours(CORPUS, PREDS), _reference(corpus, pred))


@needs_reference
@pytest.mark.parametrize("seed", range(5))
def test_agrees_with_reference_on_random_cases(tmp_path, seed):
    items, preds = _random_case(seed)
    corpus, pred = _write(tmp_path, items, preds)
    _assert_same(_ours(items, preds), _reference(corpus, pred))


def test_handmade_figures():
    """The figures themselves, worked out by hand (independent of the reference scorer)."""
    s = _ours(CORPUS, PREDS)
    sp = s["span"]
    # PHI gold: s-01 x2, s-03, s-04, s-07 x2, s-10 = 7; found: s-01 x2, s-04, s-10 = 4
    assert (sp["phi_gold"], sp["phi_found"]) == (7, 4)
    assert sp["by_label"]["HEALTH_PLAN"] == {"gold": 1, "found": 1, "recall": 1.0, "label_agreement": 0.0}
    assert sp["label_agree_count"] == 3               # NAME, DATE (s-01), LOCATION (s-10)
    assert sp["exact_boundary_share"] == pytest.approx(3 / 4)
    # predicted (non-empty): 2 + 2 + 0 + 3 + 0 + 1 + 0 + 1 + 2 = 11
    assert sp["predicted"] == 11
    assert sp["pred_phi"] == 5                          # s-01 x2, s-04 QX, s-10 x2
    assert sp["pred_nonphi_only"] == 3                  # Quarry Lane, Dr. Farrow, Odalys
    assert sp["pred_fp"] == 3                           # July 4, called, bake sale
    assert sp["fp_by_label"] == {"DATE": 1, "NAME": 1, "OTHER_ID": 1}
    assert sp["span_precision"] == pytest.approx(8 / 11)
    # post: PHI items s-01 s-03 s-04 s-07 s-08 s-10 (6); flagged: s-01, s-03, s-04 (spans), s-10
    assert (s["post"]["phi_items"], s["post"]["caught"]) == (6, 4)
    # safe items s-02 s-05 s-06 s-09 (4); flagged: s-02, s-09
    assert (s["post"]["safe_items"], s["post"]["false_alarms"]) == (4, 2)
    assert s["missing_predictions"] == 1
    assert {m["id"] for m in s["misses"]["missed_items"]} == {"s-07", "s-08"}
    assert {m["id"] for m in s["misses"]["false_alarms"]} == {"s-02", "s-09"}
    assert s["post_by_direction"]["inbound"]["caught"] == 1     # s-04 yes, s-07 no


def test_bench_runs_end_to_end_on_a_synthetic_corpus(tmp_path):
    """accuracy.py as a command: runs our engine, prints the table, writes JSON and predictions;
    the predictions it writes score the same under the reference scorer."""
    corpus, _ = _write(tmp_path, CORPUS, [])
    out_json, preds_dir = tmp_path / "bench.json", tmp_path / "preds"
    r = subprocess.run([sys.executable, str(ROOT / "bench" / "accuracy.py"), str(corpus),
                        "--min-seconds", "0", "--json", str(out_json), "--preds", str(preds_dir),
                        "--show-misses"], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert "PHI span recall" in r.stdout and "false-alarm rate" in r.stdout and "items/s" in r.stdout
    assert "PHI items not flagged" in r.stdout
    payload = json.loads(out_json.read_text(encoding="utf-8"))
    ours = payload["detectors"][0]
    assert ours["name"] == "SafePost" and ours["n_items"] == len(CORPUS)
    assert ours["meta"]["items_per_s"] > 0 and ours["meta"]["peak_rss_mb"] > 0
    pred = preds_dir / "safepost.jsonl"
    assert len(pred.read_text(encoding="utf-8").splitlines()) == len(CORPUS)
    if REFERENCE is not None:
        _assert_same(ours, _reference(corpus, pred))
