#!/usr/bin/env python3
"""Cold-start cost of the engine: import time, first scan time and peak memory, each measured in
a fresh Python process (so nothing is cached in memory but the OS's file cache); and with
``--scan``, the speed of a whole ``safepost scan --jsonl`` process.

    python bench/startup.py [--runs 5] [--json OUT]
    python bench/startup.py --scan [--items 1500] [--runs 3] [--workers N]

Prints the median and the worst of the runs. The goals (issue 2): import + first scan < 1 s,
peak RSS < 300 MB.

``--scan`` (issue 9: >= 2,000 items/s for the whole process on 1,500 items on 2 cores, one
280-character item < 5 ms at p99, peak memory < 300 MB) measures:

- whole process: ``safepost scan --jsonl IN --out OUT`` run from this script on the first
  ``--items`` texts of the frozen test split (``corpus/batches`` w09-w13, with their direction
  and kind): wall time from start to exit (interpreter, import, loading, scanning, writing), and
  the CPU time (user + system) of the process and its workers;
- warm loop: the same texts scanned again and again in this process for ``--min-seconds``,
  items per CPU second and per wall second;
- one 280-character post scanned 2,000 times: p50 and p99 latency;
- peak RSS: the largest process of the whole-process runs (forked workers share most of their
  pages with the parent) and of this process.

The machine's load average is printed beside the figures: on a shared machine the wall time
depends on it, the CPU time much less.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Runs in the child: time the import and one realistic first scan, then report peak RSS.
CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t0 = time.perf_counter()
from safepost.engine import scan
t1 = time.perf_counter()
r = scan("Congratulations to our patient Maria Lopez, home today after her hip replacement on "
         "March 3! Call us at (555) 201-3344 or visit lakesideregional.org.",
         direction="outbound", kind="post")
t2 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "first_scan_s": t2 - t1, "total_s": t2 - t0,
                  "verdict": r.verdict.value,
                  "rss_interpreter_mb": rss0 / 1024,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

GOAL_S, GOAL_MB = 1.0, 300.0


def one_run(python: str) -> dict:
    t0 = time.perf_counter()
    out = subprocess.run([python, "-c", CHILD, str(ROOT / "src")], capture_output=True, text=True,
                         timeout=120)
    wall = time.perf_counter() - t0
    if out.returncode != 0:
        raise SystemExit(f"startup: the child failed:\n{out.stderr}")
    d = json.loads(out.stdout.strip().splitlines()[-1])
    d["process_wall_s"] = wall  # interpreter start + import + first scan + exit
    return d


FROZEN = ("w09", "w10", "w11", "w12", "w13")
POST = ("Congratulations to our patient Maria Lopez, home today after her hip replacement on March 3! "
        "Thank you to the whole orthopedic team at Riverside. Join us at the spring health fair on "
        "May 14, free blood pressure checks for everyone. Questions? Call (555) 201-3344 today.")
POST = (POST + " " * 280)[:280]
SCAN_GOALS = {"items_per_s": 2000.0, "p99_ms": 5.0, "peak_rss_mb": 300.0}
CLI = "import sys; from safepost.cli import main; sys.exit(main())"


def frozen_items(n: int) -> list[dict]:
    """The first n texts of the frozen test split, as `safepost scan --jsonl` reads them."""
    out = []
    for batch in FROZEN:
        with open(ROOT / "corpus" / "batches" / f"{batch}.jsonl", encoding="utf-8") as f:
            for line in f:
                if line.strip() and len(out) < n:
                    o = json.loads(line)
                    out.append({k: o[k] for k in ("id", "text", "direction", "kind") if k in o})
    return out


def whole_process(python: str, path: str, workers: int | None) -> dict:
    """One `safepost scan --jsonl` run from start to exit: wall, CPU of the process tree, peak RSS."""
    cmd = [python, "-c", CLI, "scan", "--jsonl", path, "--out", path + ".out"]
    if workers:
        cmd += ["--workers", str(workers)]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600, check=False)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if out.returncode not in (0, 1, 3):
        raise SystemExit(f"startup: safepost scan failed:\n{out.stderr}")
    return {"wall_s": wall, "cpu_s": (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime),
            "peak_rss_mb": after.ru_maxrss / 1024}


def warm_figures(items: list[dict], min_seconds: float) -> dict:
    """Items/s of the warm loop in this process, and the latency of one 280-character post."""
    sys.path.insert(0, str(ROOT / "src"))
    from safepost.engine import scan
    for o in items[:50]:
        scan(o["text"], direction=o["direction"], kind=o["kind"])
    n, cpu0, wall0 = 0, time.process_time(), time.perf_counter()
    while time.perf_counter() - wall0 < min_seconds:
        for o in items:
            scan(o["text"], direction=o["direction"], kind=o["kind"])
        n += len(items)
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    lat, lat_cpu = [], []
    for _ in range(2000):
        t0, c0 = time.perf_counter(), time.thread_time()
        scan(POST, direction="outbound", kind="post")
        lat.append(time.perf_counter() - t0)
        lat_cpu.append(time.thread_time() - c0)
    q, qc = statistics.quantiles(lat, n=100), statistics.quantiles(lat_cpu, n=100)
    return {"warm_items_per_cpu_s": n / cpu, "warm_items_per_wall_s": n / wall,
            "p50_ms": 1000 * q[49], "p99_ms": 1000 * q[98], "p50_cpu_ms": 1000 * qc[49], "p99_cpu_ms": 1000 * qc[98],
            "bench_peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def scan_bench(args: argparse.Namespace) -> dict:
    items = frozen_items(args.items)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "items.jsonl")
        with open(path, "w", encoding="utf-8") as f:
            f.writelines(json.dumps(o, ensure_ascii=False) + "\n" for o in items)
        whole_process(args.python, path, args.workers)           # once, for the OS's file cache
        runs = [whole_process(args.python, path, args.workers) for _ in range(max(1, args.runs))]
    best = min(runs, key=lambda r: r["wall_s"])
    d = {"items": len(items), "workers": args.workers or "default", "runs": runs,
         "whole_items_per_s": len(items) / best["wall_s"], "whole_wall_s": best["wall_s"],
         "whole_cpu_s": best["cpu_s"], "peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
         "load_average": os.getloadavg()[0]}
    d.update(warm_figures(items, args.min_seconds))
    d["ok"] = (d["whole_items_per_s"] >= SCAN_GOALS["items_per_s"] and d["p99_ms"] < SCAN_GOALS["p99_ms"]
               and max(d["peak_rss_mb"], d["bench_peak_rss_mb"]) < SCAN_GOALS["peak_rss_mb"])
    print(f"safepost scan --jsonl, {len(items)} frozen-test items, workers: {d['workers']} "
          f"(load average {d['load_average']:.1f}, {os.cpu_count()} CPUs)")
    print(f"  whole process (best of {len(runs)})  {d['whole_wall_s']:.2f} s wall => "
          f"{d['whole_items_per_s']:,.0f} items/s; CPU {d['whole_cpu_s']:.2f} s "
          f"(all runs: {', '.join(format(r['wall_s'], '.2f') for r in runs)} s)")
    print(f"  warm loop, one process           {d['warm_items_per_cpu_s']:,.0f} items/CPU-s, "
          f"{d['warm_items_per_wall_s']:,.0f} items/wall-s")
    print(f"  one 280-character post           p50 {d['p50_ms']:.2f} ms, p99 {d['p99_ms']:.2f} ms wall; "
          f"CPU p50 {d['p50_cpu_ms']:.2f} ms, p99 {d['p99_cpu_ms']:.2f} ms")
    print(f"  peak RSS                         {d['peak_rss_mb']:.0f} MB (largest scan process), "
          f"{d['bench_peak_rss_mb']:.0f} MB (warm loop)")
    print(f"  goals: >= {SCAN_GOALS['items_per_s']:,.0f} items/s, p99 < {SCAN_GOALS['p99_ms']:.0f} ms, "
          f"< {SCAN_GOALS['peak_rss_mb']:.0f} MB: {'met' if d['ok'] else 'NOT met'}")
    return d


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=None, help="fresh processes (default 5; 3 with --scan)")
    ap.add_argument("--python", default=sys.executable, help="interpreter to measure (default: this one)")
    ap.add_argument("--json", metavar="OUT", help="also write the figures as JSON")
    ap.add_argument("--scan", action="store_true", help="measure a whole `safepost scan --jsonl` process instead")
    ap.add_argument("--items", type=int, default=1500, help="with --scan: how many frozen-test items")
    ap.add_argument("--workers", type=int, default=None, help="with --scan: --workers N (default: the command's)")
    ap.add_argument("--min-seconds", type=float, default=3.0, help="with --scan: length of the warm loop")
    args = ap.parse_args(argv)
    if args.scan:
        args.runs = args.runs or 3
        d = scan_bench(args)
        if args.json:
            with open(args.json, "w", encoding="utf-8") as f:
                json.dump(d, f, indent=2)
                f.write("\n")
        return 0
    args.runs = args.runs or 5

    runs = [one_run(args.python) for _ in range(max(1, args.runs))]
    keys = ["import_s", "first_scan_s", "total_s", "process_wall_s", "peak_rss_mb"]
    summary = {k: {"median": round(statistics.median(r[k] for r in runs), 3),
                   "max": round(max(r[k] for r in runs), 3)} for k in keys}
    summary["runs"] = len(runs)
    summary["ok"] = summary["total_s"]["max"] < GOAL_S and summary["peak_rss_mb"]["max"] < GOAL_MB

    print(f"engine cold start, {len(runs)} fresh processes ({args.python})")
    print(f"  {'':28s} {'median':>9s} {'worst':>9s}")
    for k, title, unit in (("import_s", "import safepost.engine", "s"),
                           ("first_scan_s", "first scan", "s"),
                           ("total_s", "import + first scan", "s"),
                           ("process_wall_s", "whole process (wall)", "s"),
                           ("peak_rss_mb", "peak RSS", "MB")):
        print(f"  {title:28s} {summary[k]['median']:>8.3f} {unit:<2s} {summary[k]['max']:>8.3f} {unit}")
    print(f"  goal: import + first scan < {GOAL_S:.0f} s, peak RSS < {GOAL_MB:.0f} MB: "
          f"{'met' if summary['ok'] else 'NOT met'}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"summary": summary, "runs": runs}, f, indent=2)
            f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
