#!/usr/bin/env python3
"""Score SafePost's engine on a labelled corpus (shared/corpus/FORMAT.md), optionally side by
side with Microsoft Presidio run on the same corpus in the same run.

    python bench/accuracy.py CORPUS.jsonl                    our figures
    python bench/accuracy.py CORPUS.jsonl --peers            ... and Presidio's, side by side
    python bench/accuracy.py CORPUS.jsonl --show-misses      ... and the items we got wrong
    python bench/accuracy.py CORPUS.jsonl --json OUT.json    ... and the figures as JSON

Scoring (FORMAT.md, "Scoring"):
  * PHI span recall: share of gold spans with phi:true that overlap at least one predicted span
    (half-open intervals sharing a character; any label). Overall and per gold label; label
    agreement (some overlapping prediction carries the gold label) is reported apart.
  * Span precision: each predicted span goes into one of three bins: overlaps a phi:true span;
    overlaps only phi:false spans ("non-PHI identifier found": not wrong, costs attention);
    overlaps no gold span (false positive). span precision = (predicted - FP) / predicted.
    Every span the detector reports counts, whatever its is_phi.
  * Post level: recall on phi_present items and false-alarm rate on the others, overall and by
    direction and by kind. Our flag is the verdict (not ALLOW); Presidio has no verdict, so its
    flag is "found any span with score >= 0.35".
  * Speed: the warm loop only (import and the first scan are timed apart), one process, one
    thread; peak memory is the process's peak RSS (resource.getrusage).

Presidio runs in its own virtual environment (bench/.peers/presidio, made on demand by
bench/peers/setup_presidio.sh) in a subprocess.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

LABELS = ["NAME", "LOCATION", "DATE", "AGE", "PHONE", "FAX", "EMAIL", "SSN", "MRN",
          "HEALTH_PLAN", "ACCOUNT", "LICENSE", "VEHICLE", "DEVICE", "URL", "IP",
          "BIOMETRIC", "USERNAME", "OTHER_ID"]


# ============================================================================ loading

def load_jsonl(path: str | os.PathLike) -> list[dict]:
    rows = []
    with open(path, encoding="utf-8-sig") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as e:
                raise SystemExit(f"{path}:{n}: not JSON: {e}")
    return rows


def check_corpus(items: list[dict]) -> list[str]:
    problems, seen = [], set()
    for it in items:
        iid = it.get("id")
        if iid in seen:
            problems.append(f"duplicate id {iid!r}")
        seen.add(iid)
        if not isinstance(it.get("text"), str):
            problems.append(f"{iid}: no text")
            continue
        if "phi_present" not in it:
            problems.append(f"{iid}: no phi_present")
        for sp in it.get("spans", []):
            if not (0 <= sp.get("start", -1) < sp.get("end", -1) <= len(it["text"])):
                problems.append(f"{iid}: span {sp.get('start')}-{sp.get('end')} outside the text")
            if sp.get("label") not in LABELS:
                problems.append(f"{iid}: unknown label {sp.get('label')!r}")
    return problems


# ============================================================================ scoring

def overlaps(a: dict, b: dict) -> bool:
    return a["start"] < b["end"] and b["start"] < a["end"]


def rate(k: int, n: int) -> float | None:
    return k / n if n else None


def wilson(k: int, n: int, z: float = 1.96) -> list[float] | None:
    """95% Wilson score interval for k successes in n."""
    if not n:
        return None
    p = k / n
    d = 1 + z * z / n
    c = p + z * z / (2 * n)
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return [round(max(0.0, (c - h) / d), 4), round(min(1.0, (c + h) / d), 4)]


def _post_cell(flag: bool, truth: bool) -> str:
    if truth:
        return "tp" if flag else "fn"
    return "fp" if flag else "tn"


def _post_summary(c: dict) -> dict:
    pos, neg = c["tp"] + c["fn"], c["fp"] + c["tn"]
    return {"phi_items": pos, "caught": c["tp"], "recall": rate(c["tp"], pos),
            "recall_ci95": wilson(c["tp"], pos),
            "safe_items": neg, "false_alarms": c["fp"], "false_alarm_rate": rate(c["fp"], neg),
            "false_alarm_rate_ci95": wilson(c["fp"], neg)}


def score(items: list[dict], preds: dict) -> dict:
    """Score predictions against corpus items.

    ``preds`` maps an item id to ``{"spans": [{"start", "end", "label", ...}], "flag": bool}``;
    a missing "flag" means "predicted any span"; a missing id means "nothing found, not flagged".
    Returns a JSON-able dict of figures plus the per-item lists used by --show-misses.
    """
    by_label = defaultdict(lambda: {"gold": 0, "found": 0, "agree": 0})
    phi_gold = phi_found = phi_agree = phi_exact = 0
    nonphi_gold = nonphi_found = 0
    n_pred = bin_phi = bin_nonphi = bin_fp = 0
    fp_by_label: dict[str, int] = defaultdict(int)
    post = {"tp": 0, "fn": 0, "fp": 0, "tn": 0}
    by_dir = defaultdict(lambda: {"tp": 0, "fn": 0, "fp": 0, "tn": 0})
    by_kind = defaultdict(lambda: {"tp": 0, "fn": 0, "fp": 0, "tn": 0})
    missing = 0
    missed_items, false_alarms, missed_spans, fp_spans = [], [], [], []

    for it in items:
        pr = preds.get(it["id"])
        if pr is None:
            missing += 1
            pr = {"spans": []}
        pspans = [p for p in pr.get("spans", []) if p["end"] > p["start"]]
        gold = it.get("spans", [])
        gphi = [g for g in gold if g.get("phi")]
        gnon = [g for g in gold if not g.get("phi")]

        for g in gphi:
            cell = by_label[g["label"]]
            cell["gold"] += 1
            phi_gold += 1
            hits = [p for p in pspans if overlaps(p, g)]
            if not hits:
                missed_spans.append({"id": it["id"], "label": g["label"],
                                     "text": it["text"][g["start"]:g["end"]]})
                continue
            cell["found"] += 1
            phi_found += 1
            if any(p.get("label") == g["label"] for p in hits):
                cell["agree"] += 1
                phi_agree += 1
            if any(p["start"] == g["start"] and p["end"] == g["end"] for p in hits):
                phi_exact += 1
        for g in gnon:
            nonphi_gold += 1
            nonphi_found += any(overlaps(p, g) for p in pspans)

        for p in pspans:
            n_pred += 1
            if any(overlaps(p, g) for g in gphi):
                bin_phi += 1
            elif any(overlaps(p, g) for g in gnon):
                bin_nonphi += 1
            else:
                bin_fp += 1
                fp_by_label[p.get("label", "?")] += 1
                fp_spans.append({"id": it["id"], "label": p.get("label", "?"),
                                 "text": it["text"][p["start"]:p["end"]]})

        flag = pr["flag"] if isinstance(pr.get("flag"), bool) else bool(pspans)
        truth = bool(it.get("phi_present"))
        cell = _post_cell(flag, truth)
        post[cell] += 1
        by_dir[it.get("direction", "?")][cell] += 1
        by_kind[it.get("kind", "?")][cell] += 1
        row = {"id": it["id"], "direction": it.get("direction"), "kind": it.get("kind")}
        if "verdict" in pr:
            row["verdict"] = pr["verdict"]
        if cell == "fn":
            missed_items.append({**row, "reasons": it.get("reasons", [])})
        elif cell == "fp":
            false_alarms.append({**row, "found": sorted({p.get("label", "?") for p in pspans}),
                                 "our_reasons": pr.get("reasons", [])})

    order = [lab for lab in LABELS if lab in by_label] + sorted(set(by_label) - set(LABELS))
    return {
        "n_items": len(items),
        "missing_predictions": missing,
        "span": {
            "phi_gold": phi_gold, "phi_found": phi_found,
            "phi_recall": rate(phi_found, phi_gold), "phi_recall_ci95": wilson(phi_found, phi_gold),
            "label_agreement": rate(phi_agree, phi_found), "label_agree_count": phi_agree,
            "exact_boundary_share": rate(phi_exact, phi_found),
            "by_label": {lab: {"gold": by_label[lab]["gold"], "found": by_label[lab]["found"],
                               "recall": rate(by_label[lab]["found"], by_label[lab]["gold"]),
                               "label_agreement": rate(by_label[lab]["agree"], by_label[lab]["found"])}
                         for lab in order},
            "nonphi_gold": nonphi_gold, "nonphi_found": nonphi_found,
            "predicted": n_pred, "pred_phi": bin_phi, "pred_nonphi_only": bin_nonphi,
            "pred_fp": bin_fp, "fp_by_label": dict(sorted(fp_by_label.items())),
            "span_precision": rate(n_pred - bin_fp, n_pred),
            "phi_precision": rate(bin_phi, n_pred),
        },
        "post": _post_summary(post),
        "post_by_direction": {d: _post_summary(c) for d, c in sorted(by_dir.items())},
        "post_by_kind": {k: _post_summary(c) for k, c in sorted(by_kind.items())},
        "misses": {"missed_items": missed_items, "false_alarms": false_alarms,
                   "missed_spans": missed_spans, "fp_spans": fp_spans},
    }


# ============================================================================ running detectors

def peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # KiB on Linux


def run_ours(items: list[dict], min_seconds: float = 2.0, max_passes: int = 50) -> tuple[dict, dict]:
    """Scan every item with our engine in this process. Import and first scan are timed apart;
    the warm loop is repeated over the corpus until ``min_seconds`` have passed (at least once)
    so that a fast engine gets a stable items/s. Predictions come from the first pass."""
    src = str(ROOT / "src")
    if src not in sys.path:
        sys.path.insert(0, src)
    rss_before = peak_rss_mb()
    t0 = time.perf_counter()
    from safepost.engine import scan
    import_s = time.perf_counter() - t0
    first = items[0] if items else {"text": ""}
    t0 = time.perf_counter()
    try:
        scan(first["text"], direction=first.get("direction", "outbound"), kind=first.get("kind", "post"))
    except Exception as e:  # reported per item by the loop below
        print(f"ours: first scan failed: {type(e).__name__}: {e}", file=sys.stderr)
    first_scan_s = time.perf_counter() - t0

    preds: dict = {}
    lat: list[float] = []
    errors = 0
    passes = 0
    total_s = 0.0
    n_scanned = 0
    while True:
        t_pass = time.perf_counter()
        for it in items:
            s = time.perf_counter()
            try:
                r = scan(it["text"], direction=it.get("direction", "outbound"), kind=it.get("kind", "post"))
            except Exception as e:  # scored as "found nothing", and counted
                if passes == 0:
                    errors += 1
                    print(f"ours: {it['id']}: {type(e).__name__}: {e}", file=sys.stderr)
                    preds[it["id"]] = {"spans": [], "flag": False, "verdict": "ERROR"}
                continue
            if passes == 0:
                lat.append(time.perf_counter() - s)
                d = r.to_dict()
                preds[it["id"]] = {"spans": d["spans"], "flag": bool(r.flag),
                                   "verdict": d["verdict"], "reasons": d["reasons"]}
        total_s += time.perf_counter() - t_pass
        n_scanned += len(items)
        passes += 1
        if total_s >= min_seconds or passes >= max_passes or not items:
            break
    lat.sort()
    meta = {
        "peer": "safepost", "version": _our_version(), "n_items": len(items),
        "import_s": round(import_s, 3), "first_scan_s": round(first_scan_s, 3),
        "load_s": round(import_s + first_scan_s, 3),
        "passes": passes, "detect_s": round(total_s, 3),
        "items_per_s": round(n_scanned / total_s, 1) if total_s > 0 else None,
        "latency_ms": {"p50": _pct_ms(lat, 0.5), "p95": _pct_ms(lat, 0.95), "max": _pct_ms(lat, 1.0)},
        "peak_rss_mb": peak_rss_mb(), "peak_rss_mb_before_import": rss_before,
        "errors": errors,
    }
    return preds, meta


def _pct_ms(sorted_vals: list[float], q: float) -> float | None:
    if not sorted_vals:
        return None
    i = min(len(sorted_vals) - 1, max(0, round(q * (len(sorted_vals) - 1))))
    return round(1000 * sorted_vals[i], 3)


def _our_version() -> str:
    try:
        from importlib.metadata import version
        return version("safepost")
    except Exception:
        return "?"


def run_presidio(corpus: str, limit: int = 0, all_entities: bool = False) -> tuple[dict, dict]:
    """Set Presidio up (once) in bench/.peers/presidio and run it over the corpus there."""
    setup = HERE / "peers" / "setup_presidio.sh"
    r = subprocess.run(["bash", str(setup)], stdout=subprocess.PIPE, text=True)
    if r.returncode != 0:
        raise SystemExit(f"accuracy: setting up Presidio failed (exit {r.returncode}); see above")
    python = r.stdout.strip().splitlines()[-1]
    with tempfile.TemporaryDirectory(prefix="safepost-bench-") as tmp:
        out, meta_path = os.path.join(tmp, "presidio.jsonl"), os.path.join(tmp, "presidio.meta.json")
        cmd = [python, str(HERE / "peers" / "presidio_runner.py"), corpus, "--out", out, "--meta", meta_path]
        if limit:
            cmd += ["--limit", str(limit)]
        if all_entities:
            cmd.append("--all-entities")
        r = subprocess.run(cmd)
        if r.returncode != 0:
            raise SystemExit(f"accuracy: the Presidio runner failed (exit {r.returncode})")
        preds = {p["id"]: p for p in load_jsonl(out)}
        with open(meta_path, encoding="utf-8") as f:
            meta = json.load(f)
    return preds, meta


# ============================================================================ printing

def f3(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def frac(k: int, n: int) -> str:
    return f"{f3(rate(k, n))} ({k}/{n})"


def print_report(results: list[tuple[str, dict, dict]], out=sys.stdout) -> None:
    """One column per detector: (name, score dict, meta dict)."""
    names = [n for n, _, _ in results]
    rows: list[tuple[str, list[str]]] = []

    def row(title: str, cells: list[str]) -> None:
        rows.append((title, cells))

    def section(title: str) -> None:
        rows.append((title, None))

    S = [s for _, s, _ in results]
    M = [m for _, _, m in results]
    section("Post level (what a compliance officer sees)")
    row("recall on phi_present items", [frac(s["post"]["caught"], s["post"]["phi_items"]) for s in S])
    row("  95% CI", [str(s["post"]["recall_ci95"]) for s in S])
    row("false-alarm rate (no-PHI items)", [frac(s["post"]["false_alarms"], s["post"]["safe_items"]) for s in S])
    row("  95% CI", [str(s["post"]["false_alarm_rate_ci95"]) for s in S])
    for d in sorted({d for s in S for d in s["post_by_direction"]}):
        row(f"  {d}: recall / false alarms", [_rf(s["post_by_direction"].get(d)) for s in S])
    for k in sorted({k for s in S for k in s["post_by_kind"]}):
        row(f"  {k}: recall / false alarms", [_rf(s["post_by_kind"].get(k)) for s in S])
    section("Spans")
    row("PHI span recall (any overlap)", [frac(s["span"]["phi_found"], s["span"]["phi_gold"]) for s in S])
    row("  95% CI", [str(s["span"]["phi_recall_ci95"]) for s in S])
    for lab in [lab for lab in LABELS if any(lab in s["span"]["by_label"] for s in S)]:
        cells = []
        for s in S:
            b = s["span"]["by_label"].get(lab)
            cells.append("-" if not b else f"{frac(b['found'], b['gold'])} agr {f3(b['label_agreement'])}")
        row(f"  {lab}", cells)
    row("label agreement (found PHI)", [frac(s["span"]["label_agree_count"], s["span"]["phi_found"]) for s in S])
    row("exact boundaries (found PHI)", [f3(s["span"]["exact_boundary_share"]) for s in S])
    row("span precision", [frac(s["span"]["predicted"] - s["span"]["pred_fp"], s["span"]["predicted"]) for s in S])
    row("  predicted spans on a PHI span", [str(s["span"]["pred_phi"]) for s in S])
    row("  on a non-PHI identifier only", [str(s["span"]["pred_nonphi_only"]) for s in S])
    row("  on no gold span (false pos.)", [str(s["span"]["pred_fp"]) for s in S])
    row("  false pos. by label", [_fp_labels(s["span"]["fp_by_label"]) for s in S])
    row("non-PHI identifiers found", [frac(s["span"]["nonphi_found"], s["span"]["nonphi_gold"]) for s in S])
    section("Speed and memory (one process, one thread)")
    row("items/s (warm loop)", [_num(m.get("items_per_s")) for m in M])
    row("latency p50 / p95 ms", [f"{_num(m['latency_ms'].get('p50'))} / {_num(m['latency_ms'].get('p95'))}" for m in M])
    row("load s (import + first call)", [_num(m.get("load_s")) for m in M])
    row("peak RSS MB", [_num(m.get("peak_rss_mb")) for m in M])
    row("errors", [str(m.get("errors", 0)) for m in M])

    width0 = max(len(t) for t, _ in rows)
    widths = [max([len(n)] + [len(c[i]) for _, c in rows if c]) for i, n in enumerate(names)]
    w = out.write
    first_s = S[0]
    w(f"corpus: {first_s['n_items']} items, {first_s['post']['phi_items']} with PHI, "
      f"{first_s['post']['safe_items']} without; {first_s['span']['phi_gold']} PHI spans, "
      f"{first_s['span']['nonphi_gold']} non-PHI spans\n")
    for s, n in zip(S, names):
        if s["missing_predictions"]:
            w(f"!! {n}: {s['missing_predictions']} items without a prediction\n")
    w(f"{'':{width0}}  " + "  ".join(n.ljust(widths[i]) for i, n in enumerate(names)) + "\n")
    for title, cells in rows:
        if cells is None:
            w(f"\n{title}\n")
            continue
        w(f"{title:{width0}}  " + "  ".join(c.ljust(widths[i]) for i, c in enumerate(cells)).rstrip() + "\n")
    if len(results) > 1:
        a, b = M[0].get("items_per_s"), M[1].get("items_per_s")
        if a and b:
            w(f"\nspeed ratio {names[0]} / {names[1]}: {a / b:.1f}x items/s\n")


def _rf(b: dict | None) -> str:
    if not b:
        return "-"
    return f"{f3(b['recall'])} / {f3(b['false_alarm_rate'])}"


def _num(x) -> str:
    if x is None:
        return "n/a"
    return f"{x:.1f}" if isinstance(x, float) and x >= 10 else str(x)


def _fp_labels(d: dict) -> str:
    top = sorted(d.items(), key=lambda kv: -kv[1])[:4]
    return ", ".join(f"{k} {v}" for k, v in top) or "-"


def print_misses(name: str, s: dict, out=sys.stdout) -> None:
    m = s["misses"]
    w = out.write
    w(f"\n== {name}: PHI items not flagged ({len(m['missed_items'])})\n")
    for r in m["missed_items"]:
        w(f"  {r['id']:<12} {r['direction']:<8} {r['kind']:<15} gold reasons: {', '.join(r['reasons']) or '-'}\n")
    w(f"\n== {name}: false alarms, no-PHI items flagged ({len(m['false_alarms'])})\n")
    for r in m["false_alarms"]:
        verdict = r.get("verdict", "flagged")
        w(f"  {r['id']:<12} {r['direction']:<8} {r['kind']:<15} {verdict:<20} "
          f"found: {', '.join(r['found']) or '-'}; reasons: {', '.join(r['our_reasons']) or '-'}\n")
    w(f"\n== {name}: PHI spans missed ({len(m['missed_spans'])})\n")
    for r in m["missed_spans"]:
        w(f"  {r['id']:<12} {r['label']:<11} {r['text']!r}\n")
    w(f"\n== {name}: predicted spans on no gold span ({len(m['fp_spans'])})\n")
    for r in m["fp_spans"]:
        w(f"  {r['id']:<12} {r['label']:<11} {r['text']!r}\n")


# ============================================================================ main

def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 epilog=__doc__.split("\n\n", 1)[1],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", help="labelled corpus, JSONL (FORMAT.md)")
    ap.add_argument("--peers", action="store_true", help="also run Presidio (its own venv; set up on first use)")
    ap.add_argument("--presidio-all-entities", action="store_true",
                    help="with --peers: let Presidio report ORGANIZATION and NRP too")
    ap.add_argument("--json", metavar="OUT", help="write all figures (and the miss lists) to OUT as JSON")
    ap.add_argument("--preds", metavar="DIR", help="write each detector's predictions to DIR/NAME.jsonl "
                    "(the format of shared/tools/score.py)")
    ap.add_argument("--show-misses", action="store_true", help="list our missed PHI items, false alarms, "
                    "missed PHI spans and false-positive spans")
    ap.add_argument("--min-seconds", type=float, default=2.0,
                    help="repeat our warm loop over the corpus until this many seconds (default 2)")
    ap.add_argument("--limit", type=int, default=0, help="only the first N items (0 = all)")
    args = ap.parse_args(argv)

    items = load_jsonl(args.corpus)
    if args.limit:
        items = items[: args.limit]
    problems = check_corpus(items)
    if problems:
        print(f"corpus problems ({len(problems)}): " + "; ".join(problems[:10]), file=sys.stderr)

    results = []
    preds, meta = run_ours(items, min_seconds=args.min_seconds)
    results.append(("SafePost", score(items, preds), meta, preds))
    if args.peers:
        ppreds, pmeta = run_presidio(os.path.abspath(args.corpus), args.limit, args.presidio_all_entities)
        results.append((f"Presidio {pmeta.get('version', '')}".strip(), score(items, ppreds), pmeta, ppreds))

    print_report([(n, s, m) for n, s, m, _ in results])
    if args.show_misses:
        print_misses(results[0][0], results[0][1])

    if args.preds:
        os.makedirs(args.preds, exist_ok=True)
        for n, _, m, p in results:
            path = os.path.join(args.preds, n.split()[0].lower() + ".jsonl")
            with open(path, "w", encoding="utf-8") as f:
                for it in items:
                    if it["id"] in p:
                        f.write(json.dumps({"id": it["id"], **p[it["id"]]}, ensure_ascii=False) + "\n")
            with open(path + ".meta.json", "w", encoding="utf-8") as f:
                json.dump(m, f, indent=2)
    if args.json:
        payload = {
            "corpus": os.path.abspath(args.corpus),
            "when": time.strftime("%Y-%m-%d %H:%M:%S %z"),
            "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0],
                        "platform": sys.platform},
            "detectors": [{"name": n, "meta": m, **s} for n, s, m, _ in results],
        }
        if len(results) > 1 and results[0][2].get("items_per_s") and results[1][2].get("items_per_s"):
            payload["speed_ratio"] = round(results[0][2]["items_per_s"] / results[1][2]["items_per_s"], 2)
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(payload, f, indent=2, ensure_ascii=False)
            f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
