#!/usr/bin/env python3
"""Cold-start cost of the engine: import time, first scan time and peak memory, each measured in
a fresh Python process (so nothing is cached in memory but the OS's file cache).

    python bench/startup.py [--runs 5] [--json OUT]

Prints the median and the worst of the runs. The goals (issue 2): import + first scan < 1 s,
peak RSS < 300 MB.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--python", default=sys.executable, help="interpreter to measure (default: this one)")
    ap.add_argument("--json", metavar="OUT", help="also write the figures as JSON")
    args = ap.parse_args(argv)

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
