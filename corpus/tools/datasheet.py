#!/usr/bin/env python3
"""The corpus's counts for its datasheet (corpus/README.md): the diversity matrix, PHI balance,
languages, kinds and platforms, split sizes, and the audit's disagreement rate per batch.

    python3 corpus/tools/datasheet.py > /tmp/counts.md
"""
from __future__ import annotations

import json
import tomllib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def load(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def table(title: str, counter: Counter, total: int) -> list[str]:
    rows = [f"| {title} | items | share |", "|---|---:|---:|"]
    rows += [f"| {k} | {v} | {v / total:.1%} |" for k, v in counter.most_common()]
    return rows + [""]


def main() -> None:
    conf = tomllib.loads((ROOT / "corpus" / "splits.toml").read_text())
    frozen = set(conf["test"]["batches"])
    batches = sorted((ROOT / "corpus" / "batches").glob("*.jsonl"))
    items = [it | {"batch": p.stem} for p in batches for it in load(p)]
    n = len(items)
    test = [i for i in items if i["batch"] in frozen]
    out = [f"{n} items in {len(batches)} writer batches; frozen test split: {len(test)} items in "
           f"{len(frozen)} batches ({', '.join(sorted(frozen))}); training: {n - len(test)} items, plus the "
           f"{sum(len(load(ROOT / p)) for p in conf['train']['extra'])} older items of bench/corpus*.", ""]
    pos = sum(i["phi_present"] for i in items)
    out += [f"With PHI: {pos} ({pos / n:.1%}); without: {n - pos}. Organization types: "
            f"{len({i['org_type'] for i in items})}.", ""]
    out += table("language", Counter(i["language"] for i in items), n)
    out += table("direction / kind", Counter(f"{i['direction']} {i['kind']}" for i in items), n)
    out += table("platform", Counter(i["platform"] for i in items), n)
    out += table("organization type", Counter(i["org_type"] for i in items), n)
    out += ["| batch | items | PHI | Spanish | audited | items changed | disagreement | phi_present or consent changed | undecided |",
            "|---|---:|---:|---:|---|---:|---:|---:|---:|"]
    changed_all = read_all = 0
    for p in batches:
        its = load(p)
        audit = ROOT / "corpus" / "audits" / p.name
        if audit.exists():
            rows = load(audit)
            changed = {r["line"] for r in rows if r.get("fields")}
            verdict = {r["line"] for r in rows if {"phi_present", "consent_can_cure"} & set(r.get("fields", []))}
            undecided = sum(1 for r in rows if not r.get("fields"))
            changed_all += len(changed)
            read_all += len(its)
            cells = ["yes", str(len(changed)), f"{len(changed) / len(its):.1%}", str(len(verdict)), str(undecided)]
        else:
            cells = ["not yet", "", "", "", ""]
        out.append(f"| {p.stem}{' (test)' if p.stem in frozen else ''} | {len(its)} | "
                   f"{sum(i['phi_present'] for i in its)} | {sum(i['language'] == 'es' for i in its)} | " + " | ".join(cells) + " |")
    if read_all:
        out += ["", f"Audited: {read_all} items; changed by the second reader: {changed_all} "
                    f"({changed_all / read_all:.1%})."]
    out += reread_summary()
    print("\n".join(out))


def reread_summary() -> list[str]:
    """The third readers' passes (corpus/tools/reread.py): changes logged in corpus/rereads/."""
    rows = [(p.stem, r) for p in sorted((ROOT / "corpus" / "rereads").glob("*.jsonl")) for r in load(p)]
    if not rows:
        return []
    flips = Counter()
    labels = {b: load(ROOT / "corpus" / "batches" / f"{b}.jsonl") for b in {b for b, _ in rows}}
    for batch, r in rows:   # the item's label now says which way it flipped ("now" is free text)
        if "phi_present" in r["fields"]:
            flips["to PHI" if labels[batch][r["line"] - 1]["phi_present"] else "to not PHI"] += 1
    passes = ", ".join(sorted({r.get("pass", "?") for _, r in rows}))
    return ["", f"Re-read by a third reader ({passes}): {len(rows)} items changed, of which "
                f"{flips['to PHI']} became PHI and {flips['to not PHI']} stopped being PHI."]


if __name__ == "__main__":
    main()
