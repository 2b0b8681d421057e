"""Load benchmark for POST /api/v1/scan, and the cold start of `safepost serve`.

    .venv/bin/python bench/load_scan.py [--duration 20] [--connections 16] [--workers 2]

1. Cold start: `safepost serve` on an EMPTY data directory (creates it, the secrets and the
   SQLite database, runs every migration) until the first 200 on /healthz. Goal < 10 s.
2. Load: a 280-character post, sent by a load generator in a second process (wrk from Debian
   when installed, else a Python keep-alive client in N processes), for --duration seconds.
   Goal: >= 300 requests/s with p99 < 50 ms on 2 cores.

Everything runs on 127.0.0.1 and stops by itself. Results also go to bench/results/load_scan.json.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAFEPOST = str(Path(sys.executable).with_name("safepost"))
POST = ("Congratulations to our patient Maria Lopez, home today after her hip replacement on March 3! "
        "Thank you to the whole orthopedic team at Riverside. Join us at the spring health fair on "
        "May 14, free blood pressure checks for everyone. Questions? Call (555) 201-3344 today.")
POST = (POST + " " * 280)[:280]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, proc: subprocess.Popen, limit: float = 60) -> float:
    t0 = time.monotonic()
    while time.monotonic() - t0 < limit:
        if proc.poll() is not None:
            raise SystemExit(f"safepost serve exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=1) as r:
                if r.status == 200:
                    return time.monotonic() - t0
        except OSError:
            time.sleep(0.02)
    raise SystemExit("safepost serve did not answer /healthz")


# -- Python load generator (used when wrk is not installed) ----------------------------------
def _client(port: int, token: str, body: bytes, until: float, q: mp.Queue) -> None:
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", port)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    lat, errors = [], 0
    while time.monotonic() < until:
        t = time.perf_counter()
        conn.request("POST", "/api/v1/scan", body=body, headers=headers)
        r = conn.getresponse()
        r.read()
        lat.append(time.perf_counter() - t)
        errors += r.status != 200
    q.put((lat, errors))


def python_load(port: int, token: str, duration: float, connections: int) -> dict:
    body = json.dumps({"text": POST}).encode()
    q: mp.Queue = mp.Queue()
    until = time.monotonic() + duration
    procs = [mp.Process(target=_client, args=(port, token, body, until, q)) for _ in range(connections)]
    for p in procs:
        p.start()
    lat, errors = [], 0
    for _ in procs:
        l, e = q.get()
        lat += l
        errors += e
    for p in procs:
        p.join()
    lat.sort()
    pct = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))] * 1000
    return {"tool": "python", "requests": len(lat), "rps": len(lat) / duration, "errors": errors,
            "p50_ms": pct(0.50), "p90_ms": pct(0.90), "p99_ms": pct(0.99)}


# -- wrk --------------------------------------------------------------------------------------
def wrk_load(port: int, token: str, duration: float, connections: int) -> dict:
    lua = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
    lua.write('wrk.method = "POST"\n'
              f'wrk.body = {json.dumps(json.dumps({"text": POST}))}\n'
              'wrk.headers["Content-Type"] = "application/json"\n'
              f'wrk.headers["Authorization"] = "Bearer {token}"\n'
              'done = function(summary, latency, requests)\n'
              '  io.write(string.format("JSON {\\"p50\\": %d, \\"p90\\": %d, \\"p99\\": %d, \\"non2xx\\": %d}\\n",\n'
              '    latency:percentile(50), latency:percentile(90), latency:percentile(99),\n'
              '    summary.errors.status))\n'
              'end\n')
    lua.close()
    out = subprocess.run(["wrk", "-t1", f"-c{connections}", f"-d{int(duration)}s", "--timeout", "5s", "-s", lua.name,
                          f"http://127.0.0.1:{port}/api/v1/scan"], capture_output=True, text=True, check=True).stdout
    os.unlink(lua.name)
    stats = json.loads(out.split("JSON ", 1)[1].splitlines()[0])
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    return {"tool": "wrk", "requests": total, "rps": rps, "errors": stats["non2xx"],
            "p50_ms": stats["p50"] / 1000, "p90_ms": stats["p90"] / 1000, "p99_ms": stats["p99"] / 1000}


def server_cpu_seconds(pid: int) -> float:
    """User+system CPU of the server and its worker processes (Linux /proc)."""
    pids, total, tick = [pid], 0.0, os.sysconf("SC_CLK_TCK")
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            pids += [int(x) for x in f.read().split()]
    except OSError:
        pass
    for p in pids:
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
        except OSError:
            pass
    return total


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--duration", type=float, default=20)
    ap.add_argument("--connections", type=int, default=4)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="gunicorn worker processes")
    ap.add_argument("--threads", type=int, default=1, help="threads per worker")
    ap.add_argument("--python-client", action="store_true", help="use the Python load generator even if wrk exists")
    args = ap.parse_args()
    if not 1 <= args.duration <= 300:
        ap.error("--duration must be 1..300 seconds")

    data = tempfile.mkdtemp(prefix="safepost-bench-")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SAFEPOST_", "DJANGO_", "DATABASE_URL"))}
    env["SAFEPOST_DATA_DIR"] = data
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([SAFEPOST, "serve", "--port", str(port), "--workers", str(args.workers),
                             "--threads", str(args.threads)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        cold = wait_healthy(url, proc)
        print(f"cold start (empty data dir → first 200 on /healthz): {cold:.2f} s")
        token = subprocess.run([SAFEPOST, "apikey", "create", "--org", "bench", "--name", "bench"], env=env,
                               capture_output=True, text=True).stdout.strip()
        if not token:
            subprocess.run([SAFEPOST, "createuser", "--org", "bench", "--email", "bench@bench.test", "--role",
                            "author", "--password-file", "/dev/stdin"], env=env, input="bench bench bench 123\n",
                           text=True, capture_output=True, check=True)
            token = subprocess.run([SAFEPOST, "apikey", "create", "--org", "bench", "--name", "bench"], env=env,
                                   capture_output=True, text=True, check=True).stdout.strip()
        # warm-up: first requests load the engine's word lists in each worker
        python_load(port, token, 2, args.connections)
        use_wrk = shutil.which("wrk") and not args.python_client
        cpu0 = server_cpu_seconds(proc.pid)
        res = (wrk_load if use_wrk else python_load)(port, token, args.duration, args.connections)
        cpu_ms = (server_cpu_seconds(proc.pid) - cpu0) * 1000 / max(res["requests"], 1)
        # what 2 cores would sustain if they did nothing else (the machine may be shared)
        res.update(server_cpu_ms_per_request=round(cpu_ms, 2), capacity_2_cores_rps=round(2000 / cpu_ms))
        try:
            res["loadavg_1min"] = os.getloadavg()[0]
        except OSError:
            pass
    finally:
        proc.terminate()
        proc.wait(timeout=15)
        shutil.rmtree(data, ignore_errors=True)
    res.update(cold_start_s=round(cold, 2), workers=args.workers, threads=args.threads,
               connections=args.connections, duration_s=args.duration, cores=os.cpu_count(), text_chars=len(POST))
    ok = res["rps"] >= 300 and res["p99_ms"] < 50 and res["errors"] == 0 and cold < 10
    print(f"POST /api/v1/scan, {len(POST)}-char post, {args.connections} connections, {args.workers} workers × "
          f"{args.threads} threads, {res['tool']}: {res['rps']:.0f} req/s, p50 {res['p50_ms']:.1f} ms, "
          f"p90 {res['p90_ms']:.1f} ms, p99 {res['p99_ms']:.1f} ms, {res['errors']} errors"
          f" → {'meets' if ok else 'MISSES'} the goal (≥300 req/s, p99 < 50 ms, cold start < 10 s)")
    print(f"server CPU per request: {res['server_cpu_ms_per_request']} ms → about {res['capacity_2_cores_rps']} req/s "
          f"on 2 otherwise idle cores (load average during the run: {res.get('loadavg_1min', '?')})")
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "load_scan.json").write_text(json.dumps(res, indent=2) + "\n")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
