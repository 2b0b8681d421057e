"""Which patients' identifiers the detectors never propose: detection recall per label, training corpora only.

    .venv/bin/python bench/detection_misses.py                  # recall per label
    .venv/bin/python bench/detection_misses.py --show LOCATION  # the missed spans, in context
    .venv/bin/python bench/detection_misses.py --batches w73 w74 # only some writer batches

The learned verdict can only judge what a detector proposed, so a PHI span that no candidate
overlaps is lost before any model sees it. This counts, per label, the gold PHI spans (``phi: true``)
that no rule-pass candidate overlaps, and the candidates that overlap no gold span of any kind
(what the acceptance scorer counts as false positives when they are output). The frozen test
batches never enter (``train.training_paths`` leaves them out).
"""

from __future__ import annotations

import argparse
import random
from collections import Counter

from safepost.engine import scanner
from safepost.engine.model import train


def candidates(item: dict) -> list[tuple[int, int, str]]:
    """Every candidate of the rule pass, in the offsets of the text as written."""
    return scanner.candidates(item["text"], item["direction"], item["kind"])


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--show", metavar="LABEL", help="print missed PHI spans of this label (or 'FP' for unmatched candidates)")
    ap.add_argument("--batches", nargs="*", help="writer batches to read (default: every training batch)")
    ap.add_argument("--limit", type=int, default=60, help="how many examples --show prints (a random sample)")
    args = ap.parse_args()
    paths = train.training_paths()
    if args.batches:
        paths = [p for p in paths if p.stem in set(args.batches)]
    gold_n, missed_n, fp_n = Counter(), Counter(), Counter()
    shown: list[str] = []
    for item in train.load_items(paths):
        cands = candidates(item)
        golds = item.get("spans", [])
        for g in golds:
            if not g.get("phi"):
                continue
            gold_n[g["label"]] += 1
            if not any(overlaps((g["start"], g["end"]), c[:2]) for c in cands):
                missed_n[g["label"]] += 1
                if args.show == g["label"]:
                    t = item["text"]
                    shown.append(f"{item['id']}: …{t[max(0, g['start'] - 60):g['start']]}[[{t[g['start']:g['end']]}]]{t[g['end']:g['end'] + 40]}…")
        for c in cands:
            if not any(overlaps(c[:2], (g["start"], g["end"])) for g in golds):
                fp_n[c[2]] += 1
                if args.show == "FP":
                    t = item["text"]
                    shown.append(f"{item['id']} {c[2]}: …{t[max(0, c[0] - 50):c[0]]}[[{t[c[0]:c[1]]}]]{t[c[1]:c[1] + 30]}…")
    print(f"{'label':<12}{'PHI spans':>10}{'missed':>8}{'recall':>8}{'unmatched cands':>17}")
    for label in sorted(gold_n, key=lambda k: -gold_n[k]):
        print(f"{label:<12}{gold_n[label]:>10}{missed_n[label]:>8}{1 - missed_n[label] / gold_n[label]:>8.3f}{fp_n[label]:>17}")
    total, missed = sum(gold_n.values()), sum(missed_n.values())
    print(f"{'all':<12}{total:>10}{missed:>8}{1 - missed / max(total, 1):>8.3f}{sum(fp_n.values()):>17}")
    random.Random(0).shuffle(shown)
    for line in shown[:args.limit]:
        print(line.replace("\n", " "))


if __name__ == "__main__":
    main()
