"""The engine's figures for the README and the closing note, on every corpus we have.

    .venv/bin/python bench/engine_figures.py                 # markdown tables; JSON and the PR plot in bench/results/
    .venv/bin/python bench/engine_figures.py --plot docs/engine-pr.png

Corpora (FORMAT.md scoring, the same as bench/accuracy.py and shared/tools/score.py):
- frozen test: the writer batches named in corpus/splits.toml [test] (never trained on, never tuned on);
- dev.jsonl: the development corpus in ../shared (never trained on; the rules were tuned on it);
- training batches and the older bench/corpus* sets, with *out-of-fold* post figures (each item
  scored by a model that never saw its writer: the trainer's --oof output); spans come from the
  rules, which the model does not change;
- generic identifiers in template sentences: span recall only. bench/generic/ (ours, which the
  detectors were developed on), bench/generic2/ (another author; its frames with even numbers were
  used to develop the detectors for other languages, the odd ones held out) and bench/generic3/ (a
  third author, never used to change anything).
Every post-level figure has its count and a 95 % bootstrap interval (items resampled, seeded).
Replies (review_reply, comment_reply) are also reported apart: violating replies refused, and
compliant replies refused.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from safepost import scan  # noqa: E402
from safepost.engine.model import shipped  # noqa: E402
from safepost.engine.model import train as trainer  # noqa: E402

_spec = importlib.util.spec_from_file_location("bench_accuracy", ROOT / "bench" / "accuracy.py")
accuracy = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(accuracy)

REPLIES = ("review_reply", "comment_reply")
SEED = 7


def corpora() -> list[tuple[str, list[Path], bool]]:
    """(name, files, out_of_fold)."""
    conf = trainer.splits()
    frozen = [ROOT / "corpus" / "batches" / f"{b}.jsonl" for b in conf["test"]["batches"]]
    training = trainer.training_paths()
    new = [p for p in training if p.parent.name == "batches"]
    old = [p for p in training if p.parent.name != "batches"]
    dev = ROOT.parent / "shared" / "corpus" / "dev.jsonl"
    out = [("frozen test", [p for p in frozen if p.exists()], False)]
    if dev.exists():
        out.append(("dev.jsonl", [dev], False))
    out += [("training batches (out-of-fold)", new, True), ("older bench/corpus* (out-of-fold)", old, True),
            ("generic identifiers (Faker templates)", [ROOT / "bench" / "generic" / "generic.jsonl"], False),
            ("generic identifiers, second author", [ROOT / "bench" / "generic2" / "generic2.jsonl"], False),
            ("generic identifiers, third author (never tuned on)", [ROOT / "bench" / "generic3" / "generic3.jsonl"], False)]
    return [c for c in out if c[1]]


def load(paths: list[Path]) -> list[dict]:
    return [it for p in paths for it in accuracy.load_jsonl(p)]


def predict(items: list[dict], oof: dict[str, float] | None, threshold: float) -> tuple[dict, dict]:
    preds, probs = {}, {}
    for it in items:
        r = scan(it["text"], direction=it["direction"], kind=it["kind"], today=date(2026, 12, 6))
        # training items left out as near-duplicates of a test item have no out-of-fold score: use the model's
        held_out = oof is not None and it["id"] in oof
        p = oof[it["id"]] if held_out else (r.judgement.probability if r.judgement else float(r.flag))
        situation = "in" if it["direction"] == "inbound" else "reply" if it["kind"] in REPLIES else "out"
        flag = p >= threshold[situation] if held_out else r.flag
        preds[it["id"]] = {"spans": [f.to_dict() for f in r.findings], "flag": flag}
        probs[it["id"]] = p
    return preds, probs


def bootstrap(items: list[dict], preds: dict, n: int = 1000) -> dict:
    rnd = random.Random(SEED)
    pos = [i for i in items if i["phi_present"]]
    neg = [i for i in items if not i["phi_present"]]
    rec, fa = [], []
    for _ in range(n):
        if pos:
            s = [rnd.choice(pos) for _ in pos]
            rec.append(sum(preds[i["id"]]["flag"] for i in s) / len(s))
        if neg:
            s = [rnd.choice(neg) for _ in neg]
            fa.append(sum(preds[i["id"]]["flag"] for i in s) / len(s))

    def ci(v: list[float]) -> list[float] | None:
        v = sorted(v)
        return [round(v[int(0.025 * len(v))], 3), round(v[int(0.975 * len(v)) - 1], 3)] if v else None
    return {"recall_ci95": ci(rec), "false_alarm_ci95": ci(fa)}


def replies(items: list[dict], preds: dict) -> dict:
    r = [i for i in items if i["kind"] in REPLIES]
    bad = [i for i in r if i["phi_present"]]
    ok = [i for i in r if not i["phi_present"]]
    return {"violating": len(bad), "violating_refused": sum(preds[i["id"]]["flag"] for i in bad),
            "compliant": len(ok), "compliant_refused": sum(preds[i["id"]]["flag"] for i in ok)}


def figures() -> dict:
    model = shipped()
    threshold = model.operating_points["balanced"] if model else {g: 0.5 for g in ("in", "reply", "out")}
    with tempfile.TemporaryDirectory() as tmp:
        oof_path = Path(tmp) / "oof.jsonl"
        subprocess.run([sys.executable, "-m", "safepost.engine.model.train", "--out", str(Path(tmp) / "m.bin"),
                        "--oof", str(oof_path)], check=True, cwd=ROOT, capture_output=True)
        oof_rows = [json.loads(x) for x in oof_path.read_text().splitlines()]
    oof = {r["id"]: r["probability"] for r in oof_rows}
    out = {"date": date.today().isoformat(), "threshold": threshold, "corpora": {}}
    for name, paths, use_oof in corpora():
        items = load(paths)
        preds, probs = predict(items, oof if use_oof else None, threshold)
        s = accuracy.score(items, preds)
        s.pop("misses")
        out["corpora"][name] = {"files": [str(p.relative_to(ROOT.parent)) if ROOT.parent in p.parents else str(p)
                                          for p in paths], "score": s, "bootstrap": bootstrap(items, preds),
                                "replies": replies(items, preds),
                                "curve": [(probs[i["id"]], bool(i["phi_present"])) for i in items]}
    return out


def markdown(fig: dict) -> str:
    th = ", ".join(f"{k} {v:.3f}" for k, v in fig["threshold"].items())
    lines = [f"Measured {fig['date']}; balanced thresholds: {th}.", "",
             "| corpus | items | post recall [95% CI] | false alarms [95% CI] | PHI span recall | span precision | "
             "violating replies refused | compliant replies refused |", "|---|---|---|---|---|---|---|---|"]
    for name, c in fig["corpora"].items():
        s, b, r = c["score"], c["bootstrap"], c["replies"]
        post = s["post"]
        rec = f"{post['recall']:.3f} ({post['caught']}/{post['phi_items']}) {b['recall_ci95']}" \
            if post["phi_items"] else "–"
        fa = f"{post['false_alarm_rate']:.3f} ({post['false_alarms']}/{post['safe_items']}) {b['false_alarm_ci95']}" \
            if post["safe_items"] else "–"
        vr = f"{r['violating_refused'] / r['violating']:.3f} ({r['violating_refused']}/{r['violating']})" if r["violating"] else "–"
        cr = f"{r['compliant_refused'] / r['compliant']:.3f} ({r['compliant_refused']}/{r['compliant']})" if r["compliant"] else "–"
        lines.append(f"| {name} | {s['n_items']} | {rec} | {fa} | {s['span']['phi_recall']:.3f} | "
                     f"{s['span']['span_precision']:.3f} | {vr} | {cr} |")
    lines += ["", "PHI span recall by label (found/gold):", ""]
    for name, c in fig["corpora"].items():
        bl = c["score"]["span"]["by_label"]
        lines.append(f"- {name}: " + ", ".join(f"{k} {v['recall']:.2f} ({v['found']}/{v['gold']})" for k, v in bl.items()))
    lines += ["", "Post recall / false alarms by kind:", ""]
    for name, c in fig["corpora"].items():
        bk = c["score"]["post_by_kind"]
        lines.append(f"- {name}: " + ", ".join(
            f"{k} {_f(v['recall'])}/{_f(v['false_alarm_rate'])}" for k, v in bk.items()))
    return "\n".join(lines)


def _f(x) -> str:
    return "–" if x is None else f"{x:.2f}"


def plot(fig: dict, path: Path) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig_, ax = plt.subplots(figsize=(6.4, 4.8), dpi=110)
    for name, c in fig["corpora"].items():
        pts = sorted(c["curve"], key=lambda t: -t[0])
        pos = sum(t for _, t in pts)
        neg = len(pts) - pos
        if not pos or not neg:
            continue
        xs, ys, tp, fp = [], [], 0, 0
        for _, truth in pts:
            tp += truth
            fp += not truth
            xs.append(fp / neg)
            ys.append(tp / pos)
        ax.plot(xs, ys, label=f"{name} (n={len(pts)})")
    ax.axvline(0.08, color="grey", ls=":", lw=1)
    ax.axhline(0.97, color="grey", ls=":", lw=1)
    ax.set_xlim(0, 0.5)
    ax.set_ylim(0.5, 1.0)
    ax.set_xlabel("false alarms (share of items without PHI flagged)")
    ax.set_ylabel("post recall (share of violations caught)")
    ax.set_title(f"SafePost learned verdict, {fig['date']}")
    ax.legend(fontsize=7, loc="lower right")
    fig_.tight_layout()
    fig_.savefig(path)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--plot", type=Path, default=ROOT / "docs" / "engine-roc.png")
    ap.add_argument("--json", type=Path, default=ROOT / "bench" / "results" / "engine_figures.json")
    args = ap.parse_args(argv)
    fig = figures()
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(fig, indent=1), encoding="utf-8")
    args.plot.parent.mkdir(parents=True, exist_ok=True)
    plot(fig, args.plot)
    print(markdown(fig))
    return 0


if __name__ == "__main__":
    sys.exit(main())
