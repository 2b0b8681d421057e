"""Quick, honest experiments on the learned verdict: out-of-fold by writer, training corpora only.

    .venv/bin/python bench/experiment.py                 # figures per situation, out-of-fold
    .venv/bin/python bench/experiment.py --show reply:fa # the compliant replies it would refuse
    .venv/bin/python bench/experiment.py --refresh       # re-run the rules (after a detector change)
    .venv/bin/python bench/experiment.py --upto w159     # a fixed corpus, while writers add batches

The rules pass over the ~15,000 training items is the slow part (~30 s); it is cached in
``bench/results/experiment_rules.pkl`` so that a change to ``engine/model/features.py`` is measured in
about a minute: the span head and the post head are refitted out-of-fold (folds = whole writer
batches) at the C the shipped trainer would choose from, and each situation's figures are printed at
its operating point and at the recall goals. The frozen test batches never enter (the trainer's
``training_paths`` leaves them out), so nothing here can tune to them. Use ``--refresh`` after changing
anything the rules see (detectors, cue files, signals) or anything ``features.prepare`` works out (the
cache holds its result too: the cues near each identifier). For an A/B comparison run both arms with
the same ``--upto`` and ``--refresh`` when ``prepare`` differs between them.
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
from pathlib import Path

import numpy as np

from safepost.engine.model import embedding, train
from safepost.engine.normalize import normalize
from safepost.engine.model.features import GROUPS, extract, group, span_features

RESULTS = Path(__file__).resolve().parent / "results"
CACHE = RESULTS / "experiment_rules.pkl"


def _log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def load(refresh: bool, upto: str | None = None) -> tuple[list[dict], list[train.Featurized]]:
    """Training items and their rule pass, from the cache when the corpus has not changed."""
    paths = train.training_paths()
    if upto:      # a fixed corpus while writers add batches: compare two runs on the same items
        paths = [p for p in paths if not (p.stem[:1] == "w" and p.stem[1:].isdigit() and int(p.stem[1:]) > int(upto.lstrip("w")))]
    stamp = [(str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in paths]
    if CACHE.exists() and not refresh:
        with CACHE.open("rb") as f:
            cached = pickle.load(f)
        if cached["stamp"] == stamp:
            return cached["items"], cached["data"]
        _log("experiment: the corpus changed since the cache was made; re-running the rules")
    items = train.load_items(paths)
    dropped = {i for i, _, _ in train.near_duplicates(items, train.frozen_items())}
    items = [it for i, it in enumerate(items) if i not in dropped]
    t0 = time.time()
    data = train.featurize(items)
    _log(f"experiment: rules over {len(items)} items in {time.time() - t0:.0f} s")
    RESULTS.mkdir(exist_ok=True)
    with CACHE.open("wb") as f:
        pickle.dump({"stamp": stamp, "items": items, "data": data}, f, protocol=pickle.HIGHEST_PROTOCOL)
    return items, data


def fa_at_recall(prob: np.ndarray, y: np.ndarray, recall: float) -> float:
    return train.rates(prob, y, train.operating_point(prob, y, recall))["false_alarms"]


def run(items: list[dict], data: list[train.Featurized], c_post: float, c_span: float, folds: int):
    groups = [it["_group"] for it in items]
    for d in data:                      # features.py may have changed since the cache was made
        d.spans = span_features(d.doc, d.view, d.prep)
    rows = [(i, f) for i, d in enumerate(data) for f in d.spans]
    ys = np.array([g for d in data for g in d.span_gold])
    m = train.out_of_fold([f for _, f in rows], ys, [groups[i] for i, _ in rows], (c_span,), folds)[c_span]
    a, b = train.platt(m, ys)
    sprob = 1 / (1 + np.exp(-(a * m + b)))
    per_item: list[list[float]] = [[] for _ in data]
    for (i, _), p in zip(rows, sprob):
        per_item[i].append(float(p))
    span_report(items, data, per_item)
    feats = [extract(d.doc, d.sig, d.view, d.prep, p) for d, p in zip(data, per_item)]
    y = np.array([1 if it["phi_present"] else 0 for it in items])
    m = train.out_of_fold(feats, y, groups, (c_post,), folds, embedding.embed_many([d.doc.text for d in data]))[c_post]
    a, b = train.platt(m, y)
    prob = 1 / (1 + np.exp(-(a * m + b)))
    return y, prob, np.array([group(d.doc) for d in data])


def span_report(items: list[dict], data: list[train.Featurized], per_item: list[list[float]]) -> None:
    """Out-of-fold spans as the engine marks them (span probability >= 0.5): the share of gold PHI
    spans overlapped by a marked candidate, and the share of marked candidates on a gold PHI span."""
    found = gold_n = marked = right = 0
    for it, d, probs in zip(items, data, per_item):
        norm = normalize(it["text"])
        written = [norm.original(c.start, c.end) for c, _ in d.view.decided]
        on = [w for w, p in zip(written, probs) if p >= 0.5]
        gold = [(g["start"], g["end"]) for g in it.get("spans", []) if g.get("phi")]
        gold_n += len(gold)
        found += sum(any(_overlap(g, o) for o in on) for g in gold)
        marked += len(on)
        right += sum(any(_overlap(g, o) for g in gold) for o in on)
    print(f"spans: recall {found / max(1, gold_n):.3f} ({gold_n} gold PHI spans), precision {right / max(1, marked):.3f} ({marked} marked)")


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def report(y: np.ndarray, prob: np.ndarray, situation: np.ndarray) -> None:
    print(f"{'situation':10} {'n':>6} {'recall@op':>9} {'FA@op':>7} {'FA@.97':>7} {'FA@.975':>8} {'FA@.99':>7}")
    flags = np.zeros(len(y), dtype=bool)
    for g in GROUPS + ("all",):
        sel = situation == g if g != "all" else np.ones(len(y), dtype=bool)
        if g != "all":
            op = train.operating_point(prob[sel], y[sel], train.RECALL_AT["balanced"])
            flags[sel] = prob[sel] >= op
        r = flags[sel][y[sel] == 1].mean()
        fa = flags[sel][y[sel] == 0].mean()
        print(f"{g:10} {sel.sum():6d} {r:9.3f} {fa:7.3f} {fa_at_recall(prob[sel], y[sel], .97):7.3f} "
              f"{fa_at_recall(prob[sel], y[sel], .975):8.3f} {fa_at_recall(prob[sel], y[sel], .99):7.3f}")


def show(items, y, prob, situation, what: str, limit: int) -> None:
    """The worst out-of-fold errors of one situation: ``reply:fa`` or ``in:miss``."""
    g, kind = what.split(":")
    sel = np.flatnonzero((situation == g) & (y == (0 if kind == "fa" else 1)))
    order = sel[np.argsort(-prob[sel] if kind == "fa" else prob[sel])]
    for i in order[:limit]:
        it = items[i]
        print(f"{prob[i]:.3f} {it['id']:>10} {it['kind']:14} {it['text'][:160]!r}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--refresh", action="store_true", help="re-run the rules even if the corpus is unchanged")
    ap.add_argument("--c-post", type=float, default=0.3)
    ap.add_argument("--c-span", type=float, default=0.3)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--show", help="list the worst errors of a situation: in|reply|out : fa|miss")
    ap.add_argument("--limit", type=int, default=40)
    ap.add_argument("--upto", metavar="wNNN", help="only writer batches up to this one (a fixed corpus for an A/B comparison)")
    args = ap.parse_args(argv)
    items, data = load(args.refresh, args.upto)
    t0 = time.time()
    y, prob, situation = run(items, data, args.c_post, args.c_span, args.folds)
    _log(f"experiment: heads fitted out-of-fold in {time.time() - t0:.0f} s")
    report(y, prob, situation)
    if args.show:
        show(items, y, prob, situation, args.show, args.limit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
