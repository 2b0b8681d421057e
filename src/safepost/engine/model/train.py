"""Train the learned verdict: ``python -m safepost.engine.model.train`` (needs ``safepost[train]``).

    python -m safepost.engine.model.train                      # corpus/splits.toml → engine/data/post_model.bin
    python -m safepost.engine.model.train --sample 300 --out /tmp/m.bin        # quick end-to-end run

Reads the training corpora named in ``corpus/splits.toml`` (never its frozen test batches, never
``shared/corpus/dev.jsonl``), runs the rules on every item, and fits one logistic regression per
head over the features of ``features.py``. Everything that is chosen — the regularisation, the
Platt calibration, the operating points — is chosen on out-of-fold predictions, the folds being
whole writer batches (a writer's phrasing never sits on both sides). Seeded: the same corpus gives
the same model.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import time
import tomllib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from safepost.engine.doc import Doc
from safepost.engine.model import embedding
from safepost.engine.model.features import GROUPS, Prepared, RuleView, extract, group, prepare, span_features
from safepost.engine.model.linear import MODEL_FILE, write_model
from safepost.engine.normalize import normalize
from safepost.engine.policy import DEFAULT_POLICY
from safepost.engine.scanner import rules
from safepost.engine.signals import Signals

ROOT = Path(__file__).resolve().parents[4]
SEED = 20261206
RECALL_AT = {"balanced": 0.975, "strict": 0.99}
C_GRID = (0.1, 0.3, 1.0)


def load_items(paths: list[Path]) -> list[dict]:
    items = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                item["_group"] = writer_of(path, item)
                items.append(item)
    return items


def writer_of(path: Path, item: dict) -> str:
    """The writer batch: the corpus file's folder for the older sets, the batch id otherwise."""
    if path.parent.name == "batches":
        return item["id"].rsplit("-", 1)[0]
    return path.parent.name


def splits(root: Path = ROOT) -> dict:
    return tomllib.loads((root / "corpus" / "splits.toml").read_text(encoding="utf-8"))


def training_paths(root: Path = ROOT) -> list[Path]:
    conf = splits(root)
    frozen = set(conf["test"]["batches"])
    paths = [p for p in sorted((root / "corpus" / "batches").glob("*.jsonl")) if p.stem not in frozen]
    return paths + [root / p for p in conf["train"].get("extra", [])]


@dataclass
class Featurized:
    """One item as the trainer sees it: the rule pass, each identifier's features and gold answer."""

    doc: Doc
    view: RuleView
    sig: Signals
    prep: Prepared
    spans: list[set[str]]
    span_gold: list[int]


def shingles(text: str, n: int = 5) -> set[str]:
    words = re.findall(r"\w+", text.lower())
    return {" ".join(words[i:i + n]) for i in range(max(1, len(words) - n + 1))}


def near_duplicates(items: list[dict], others: list[dict], at: float = 0.5) -> list[tuple[int, int, float]]:
    """(index in items, index in others, Jaccard) for pairs sharing ≥ ``at`` of their word 5-grams."""
    index: dict[str, set[int]] = {}
    other_sh = [shingles(o["text"]) for o in others]
    for k, sh in enumerate(other_sh):
        for g in sh:
            index.setdefault(g, set()).add(k)
    found = []
    for i, it in enumerate(items):
        sh = shingles(it["text"])
        cands = {k for g in sh for k in index.get(g, ())}
        best = max(((len(sh & other_sh[k]) / len(sh | other_sh[k]), k) for k in cands), default=(0.0, -1))
        if best[0] >= at:
            found.append((i, best[1], best[0]))
    return found


def frozen_items(root: Path = ROOT) -> list[dict]:
    return load_items([root / "corpus" / "batches" / f"{b}.jsonl" for b in splits(root)["test"]["batches"]])


def featurize(items: list[dict]) -> list[Featurized]:
    out = []
    for it in items:
        norm = normalize(it["text"])          # as scan() reads it: the model learns what it will see
        doc = Doc(norm.text, it["direction"], it["kind"], DEFAULT_POLICY)
        view, _, sig = rules(doc)
        gold = [g for g in it.get("spans", []) if g.get("phi")]
        written = [norm.original(c.start, c.end) for c, _ in view.decided]   # gold offsets are the text as written
        span_gold = [int(any(s < g["end"] and g["start"] < e for g in gold)) for s, e in written]
        prep = prepare(doc, sig, view)
        out.append(Featurized(doc, view, sig, prep, span_features(doc, view, prep), span_gold))
    return out


def span_head(data: list[Featurized], groups: list[str], folds: int, log) -> tuple[dict, list[list[float]]]:
    """Per identifier: is it a patient's? Returns the head and each item's out-of-fold span probabilities."""
    rows = [(i, f) for i, d in enumerate(data) for f in d.spans]
    y = np.array([g for d in data for g in d.span_gold])
    row_groups = [groups[i] for i, _ in rows]
    feats = [f for _, f in rows]
    head, prob = train_head(feats, y, row_groups, folds, log, recall=0.95)
    per_item: list[list[float]] = [[] for _ in data]
    for (i, _), p in zip(rows, prob):
        per_item[i].append(float(p))
    return head, per_item


class Vocabulary:
    def __init__(self, feats: list[set[str]], min_count: int = 2) -> None:
        counts: dict[str, int] = {}
        for fs in feats:
            for f in fs:
                counts[f] = counts.get(f, 0) + 1
        self.names = sorted(f for f, n in counts.items() if n >= min_count or f == "bias")
        self.index = {f: i for i, f in enumerate(self.names)}

    def matrix(self, feats: list[set[str]]) -> sparse.csr_matrix:
        rows, cols = [], []
        for r, fs in enumerate(feats):
            for f in fs:
                j = self.index.get(f)
                if j is not None:
                    rows.append(r)
                    cols.append(j)
        return sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(feats), len(self.names)))


def fit(x, y, c: float) -> LogisticRegression:
    model = LogisticRegression(C=c, class_weight="balanced", max_iter=3000, solver="liblinear",
                               fit_intercept=False, random_state=SEED)
    return model.fit(x, y)


def design(vocab: Vocabulary, feats: list[set[str]], dense: np.ndarray | None) -> sparse.csr_matrix:
    """The named features as 0/1 columns, then the embedding's dimensions (when the head reads them)."""
    x = vocab.matrix(feats)
    return x if dense is None else sparse.hstack([x, sparse.csr_matrix(dense)]).tocsr()


def out_of_fold(feats: list[set[str]], y: np.ndarray, groups: list[str], cs: tuple[float, ...], folds: int,
                dense: np.ndarray | None = None) -> dict[float, np.ndarray]:
    """Each item's margin from a model that never saw its writer, for each C in ``cs``. A fold's
    design matrices are built once for every C, and the Cs are fitted side by side, as many at once
    as there are cores (liblinear releases the GIL while it trains)."""
    margins = {c: np.zeros(len(y)) for c in cs}
    part = (lambda rows: None) if dense is None else (lambda rows: dense[rows])   # noqa: E731
    with ThreadPoolExecutor(max_workers=min(len(cs), os.cpu_count() or 1)) as pool:
        for train, test in GroupKFold(n_splits=folds).split(feats, y, groups):
            vocab = Vocabulary([feats[i] for i in train])
            x_train = design(vocab, [feats[i] for i in train], part(train))
            x_test = design(vocab, [feats[i] for i in test], part(test))
            for c, model in zip(cs, pool.map(lambda c: fit(x_train, y[train], c), cs)):
                margins[c][test] = model.decision_function(x_test)
    return margins


def platt(margins: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    lr = LogisticRegression(C=1e6, max_iter=1000).fit(margins.reshape(-1, 1), y)
    return float(lr.coef_[0][0]), float(lr.intercept_[0])


def operating_point(prob: np.ndarray, y: np.ndarray, recall: float) -> float:
    """The highest threshold that still catches ``recall`` of the positives."""
    pos = np.sort(prob[y == 1])
    k = int(np.floor((1 - recall) * len(pos)))
    return float(pos[k]) if len(pos) else 0.5


def rates(prob: np.ndarray, y: np.ndarray, threshold) -> dict:
    flag = prob >= threshold
    return {"recall": float(flag[y == 1].mean()), "false_alarms": float(flag[y == 0].mean()),
            "positives": int((y == 1).sum()), "negatives": int((y == 0).sum())}


def train_head(feats, y, groups, folds, log, recall: float = RECALL_AT["balanced"],
               dense: np.ndarray | None = None) -> tuple[dict, np.ndarray]:
    """Choose C on out-of-fold false alarms at ``recall``; fit on everything; return the head and
    the chosen C's calibrated out-of-fold probabilities."""
    best = None
    for c, m in out_of_fold(feats, y, groups, C_GRID, folds, dense).items():
        a, b = platt(m, y)
        prob = 1 / (1 + np.exp(-(a * m + b)))
        fa = rates(prob, y, operating_point(prob, y, recall))["false_alarms"]
        log(f"  C={c}: out-of-fold false alarms at recall {recall}: {fa:.3f}")
        if best is None or fa < best[0]:
            best = (fa, c, (a, b), prob)
    _, c, calibration, prob = best
    vocab = Vocabulary(feats)
    model = fit(design(vocab, feats, dense), y, c)
    coef = model.coef_[0]
    weights = {f: round(float(w), 4) for f, w in zip(vocab.names, coef) if abs(w) >= 1e-4}
    head = {"weights": weights, "calibration": list(calibration), "C": c}
    if dense is not None:
        head["dense"] = [round(float(w), 5) for w in coef[len(vocab.names):]]
        head["dense_kind"] = embedding.NAME
    return head, prob


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=ROOT / "src" / "safepost" / "engine" / "data" / MODEL_FILE)
    ap.add_argument("--sample", type=int, default=0, help="train on a random sample of N items (pipeline checks)")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--report", type=Path, help="write out-of-fold figures (JSON) here")
    ap.add_argument("--oof", type=Path, help="write each training item's out-of-fold probability (JSONL) here")
    args = ap.parse_args(argv)
    log = lambda msg: print(msg, file=sys.stderr, flush=True)  # noqa: E731
    t0 = time.time()
    paths = training_paths()
    items = load_items(paths)
    dropped = {i for i, _, _ in near_duplicates(items, frozen_items())}
    items = [it for i, it in enumerate(items) if i not in dropped]
    if args.sample:
        items = random.Random(SEED).sample(items, min(args.sample, len(items)))
    groups = [it["_group"] for it in items]
    folds = min(args.folds, len(set(groups)))
    log(f"train: {len(dropped)} near-duplicates of frozen-test items left out")
    log(f"train: {len(items)} items from {len(set(groups))} writer batches ({len(paths)} files), {folds} folds")
    data = featurize(items)
    log("span head (is each identifier a patient's?)")
    spans, span_prob = span_head(data, groups, folds, log)
    feats = [extract(d.doc, d.sig, d.view, d.prep, p) for d, p in zip(data, span_prob)]
    y = np.array([1 if it["phi_present"] else 0 for it in items])
    vectors = embedding.embed_many([d.doc.text for d in data])
    log("post head (does the text disclose PHI?)")
    head, prob = train_head(feats, y, groups, folds, log, dense=vectors)
    situation = np.array([group(d.doc) for d in data])
    points = {name: {g: operating_point(prob[situation == g], y[situation == g], r) for g in GROUPS}
                    for name, r in RECALL_AT.items()}
    oof = {name: rates(prob, y, np.array([pts[g] for g in situation])) for name, pts in points.items()}
    log(f"phi_present: C={head['C']}, out-of-fold {oof}")
    heads = {"phi_present": head, "span_phi": spans}
    cure = [i for i, it in enumerate(items) if it["direction"] == "outbound" and it["phi_present"]
            and isinstance(it.get("consent_can_cure"), bool)]
    cure_groups = [groups[i] for i in cure]
    if len(set(cure_groups)) >= 2:
        yc = np.array([1 if items[i]["consent_can_cure"] else 0 for i in cure])
        heads["consent_can_cure"], _ = train_head([feats[i] for i in cure], yc, cure_groups,
                                                     min(folds, len(set(cure_groups))), log)
    meta = {"items": len(items), "writers": sorted(set(groups)), "seed": SEED, "out_of_fold": oof,
            "recall_targets": RECALL_AT, "features": len(head["weights"])}
    data = {"meta": meta, "heads": heads, "operating_points": points}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    write_model(data, args.out)
    if args.oof:
        args.oof.write_text("".join(json.dumps({"id": it["id"], "group": it["_group"], "probability": round(float(p), 5)}) + "\n"
                                    for it, p in zip(items, prob)), encoding="utf-8")
    if args.report:
        args.report.write_text(json.dumps(meta, indent=2), encoding="utf-8")
    log(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB, {len(head['weights'])} features) "
        f"in {time.time() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
