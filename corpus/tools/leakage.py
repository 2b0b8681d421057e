#!/usr/bin/env python3
"""How the corpus could lie, measured: near-duplicates across the train/test split, and how well
a model that sees only the words can tell which writer batch an item came from.

    .venv/bin/python corpus/tools/leakage.py

Near-duplicates: word 5-gram shingles, Jaccard similarity of each frozen-test item with every
training item; pairs at ≥ 0.5 are listed (none should be). Writer guessing: a TF-IDF logistic
regression on the text alone, 5-fold cross-validated over items, predicting the batch; its accuracy
against chance says how distinctive each writer's phrasing is — the reason the split is by writer.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from safepost.engine.model import train as trainer  # noqa: E402


def main() -> int:
    test = trainer.frozen_items()
    train = trainer.load_items(trainer.training_paths())
    near = [(test[i]["id"], train[k]["id"], round(j, 2)) for i, k, j in trainer.near_duplicates(test, train)]
    print(f"frozen test items: {len(test)}; training items: {len(train)}; near-duplicates (Jaccard ≥ 0.5): "
          f"{len(near)} (the trainer leaves the training side of each out)")
    for row in near[:20]:
        print("  ", *row)
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import cross_val_score
    items = train + test
    groups = [it["_group"] for it in items]
    x = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True).fit_transform([it["text"] for it in items])
    acc = cross_val_score(LogisticRegression(max_iter=2000, C=3.0), x, groups, cv=5).mean()
    chance = max(groups.count(g) for g in set(groups)) / len(groups)
    print(f"writer guessed from the words alone: accuracy {acc:.3f} over {len(set(groups))} writers "
          f"(majority class {chance:.3f}) — why the split is by writer, never by item")
    return 0


if __name__ == "__main__":
    sys.exit(main())
