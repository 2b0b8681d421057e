"""Pick the training items a third reader should re-read: those whose out-of-fold probability most
contradicts their label (the model never saw the item's writer when it scored it).

    python -m safepost.engine.model.train --oof /tmp/oof.jsonl        # out-of-fold probabilities
    python3 corpus/tools/reread.py /tmp/oof.jsonl --missed 400 --alarms 800 --parts 6

Prints one line per part: the batch ids and line numbers of `corpus/raw/<batch>.jsonl` to re-read.
Frozen test batches are never picked (they have no out-of-fold probability, and must stay as their
writers and auditors left them). A re-reader follows corpus/AUDITING.md but is not told which way the
model leaned, and logs each change in `corpus/rereads/<batch>.jsonl` (the audit line format), so the
second reader's disagreement rate stays what it was.
"""

from __future__ import annotations

import argparse
import tomllib
from collections import defaultdict
from pathlib import Path

from datasheet import ROOT, load   # corpus/tools/datasheet.py, beside this script


def pick(oof: dict[str, float], labels: dict[str, bool], missed: int, alarms: int) -> list[str]:
    """The `missed` PHI items with the lowest probability and the `alarms` non-PHI items with the highest."""
    phi = sorted((p, i) for i, p in oof.items() if labels.get(i) is True)
    safe = sorted(((-p, i) for i, p in oof.items() if labels.get(i) is False))
    return [i for _, i in phi[:missed]] + [i for _, i in safe[:alarms]]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("oof", type=Path, help="the trainer's --oof output")
    ap.add_argument("--missed", type=int, default=400, help="PHI items the model scored lowest")
    ap.add_argument("--alarms", type=int, default=800, help="items without PHI the model scored highest")
    ap.add_argument("--parts", type=int, default=6, help="split the picks into this many lists")
    args = ap.parse_args()
    frozen = set(tomllib.loads((ROOT / "corpus" / "splits.toml").read_text())["test"]["batches"])
    labels = {it["id"]: it["phi_present"] for p in sorted((ROOT / "corpus" / "batches").glob("*.jsonl"))
              if p.stem not in frozen for it in load(p)}
    oof = {r["id"]: r["probability"] for r in load(args.oof) if r["id"] in labels}
    by_batch: dict[str, list[int]] = defaultdict(list)
    for item_id in pick(oof, labels, args.missed, args.alarms):
        batch, line = item_id.rsplit("-", 1)
        by_batch[batch].append(int(line))
    # whole batches per part (two readers never edit one file), the largest first into the emptiest part
    parts: list[dict[str, list[int]]] = [{} for _ in range(args.parts)]
    for batch, lines in sorted(by_batch.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        min(parts, key=lambda part: sum(map(len, part.values())))[batch] = sorted(lines)
    for part in parts:
        print("; ".join(f"{b}: {' '.join(map(str, lines))}" for b, lines in sorted(part.items())))


if __name__ == "__main__":
    main()
