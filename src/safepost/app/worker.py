"""`safepost worker`: the background work, with the database as the queue (no broker).

Every app may define `<app>/jobs.py` with `JOBS = [Job(name, run), …]`. `run(worker_id)` does
one slice of due work (claiming rows with a conditional UPDATE / `FOR UPDATE SKIP LOCKED`, so
any number of workers on any number of machines can run at once) and returns how many items it
handled, 0 when nothing was due. The loop calls every job in turn, sleeps when none had work,
and stops cleanly on SIGTERM/SIGINT after the item in hand.

    safepost worker              run until stopped (poll every --poll seconds when idle)
    safepost worker --once       do what is due now, then exit (cron, tests)
    safepost worker --threads N  N loops in one process (each with its own DB connection)

Adding a job (the inbox's reply ingestion, consent expiry reminders): write `<app>/jobs.py`
with `JOBS = [Job("pullreplies", pull_replies)]`; nothing else changes.
"""

from __future__ import annotations

import importlib
import logging
import os
import signal
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger("safepost.worker")


def worker_name() -> str:
    """host:pid, the name a worker claims rows under."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}"


@dataclass(frozen=True)
class Job:
    name: str
    run: Callable[[str], int]


def discover_jobs(only: list[str] | None = None) -> list[Job]:
    from django.apps import apps

    jobs: list[Job] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("safepost.app."):
            continue
        try:
            mod = importlib.import_module(f"{config.name}.jobs")
        except ModuleNotFoundError as e:
            if e.name != f"{config.name}.jobs":
                raise
            continue
        jobs.extend(getattr(mod, "JOBS", []))
    if only:
        unknown = set(only) - {j.name for j in jobs}
        if unknown:
            raise ValueError(f"unknown job(s): {', '.join(sorted(unknown))}; known: "
                             f"{', '.join(j.name for j in jobs)}")
        jobs = [j for j in jobs if j.name in only]
    return jobs


def run_once(jobs: list[Job], worker: str, stop: threading.Event) -> int:
    """Every job once; returns the number of items handled."""
    from django.db import close_old_connections

    done = 0
    for job in jobs:
        if stop.is_set():
            break
        close_old_connections()
        try:
            done += job.run(worker)
        except Exception as e:   # keep the loop alive; the item stays claimed until its lease ends
            log.error("job %s failed: %s", job.name, type(e).__name__, exc_info=log.isEnabledFor(logging.DEBUG))
            time.sleep(1)
    return done


def loop(jobs: list[Job], worker: str, stop: threading.Event, *, once: bool, poll: float) -> int:
    from django.db import connection

    total = 0
    try:
        while not stop.is_set():
            done = run_once(jobs, worker, stop)
            total += done
            if done == 0:
                if once:
                    break
                stop.wait(poll)
    finally:
        connection.close()
    return total


def stop_on_signals() -> threading.Event:
    """SIGTERM/SIGINT set the returned event: the loops finish the item in hand and exit."""
    stop = threading.Event()

    def on_signal(signum, frame):
        log.warning("worker: signal %s, stopping after the current item", signum)
        stop.set()

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, on_signal)
        signal.signal(signal.SIGINT, on_signal)
    return stop


def run(*, once: bool, poll: float = 5.0, threads: int = 1, only: list[str] | None = None,
        name: str | None = None, stop: threading.Event | None = None, announce: bool = False) -> int:
    """Run the worker loop(s); returns the number of items handled."""
    jobs = discover_jobs(only)
    stop = stop or stop_on_signals()
    base = name or worker_name()
    if announce:
        print(f"worker {base}: jobs {', '.join(j.name for j in jobs)}; {threads} thread(s)"
              + ("; once" if once else f"; polling every {poll:g} s"), flush=True)
    if threads <= 1:
        return loop(jobs, base, stop, once=once, poll=poll)
    results: list[int] = []
    lock = threading.Lock()

    def target(i: int) -> None:
        n = loop(jobs, f"{base}/{i}", stop, once=once, poll=poll)
        with lock:
            results.append(n)

    ts = [threading.Thread(target=target, args=(i,), name=f"worker-{i}") for i in range(threads)]
    for t in ts:
        t.start()
    while any(t.is_alive() for t in ts):
        for t in ts:
            t.join(timeout=0.2)
    return sum(results)


# -- the `safepost worker` command (registered from safepost/app/commands.py) ------------------
def cmd_worker(args, parser) -> int:
    from safepost.app import commands

    if args.threads < 1:
        parser.error("--threads must be at least 1")
    if args.poll <= 0:
        parser.error("--poll must be positive")
    stop = stop_on_signals()        # before the slow part: a SIGTERM during start-up also stops cleanly
    os.environ.setdefault("SAFEPOST_DB_LOCK_SECONDS", "20")   # no one waits on the worker: it may wait longer
    try:
        commands._setup()
    except Exception as e:
        commands.err(f"cannot start: {type(e).__name__}: {e}")
        return commands.EXIT_FAIL
    try:
        n = run(once=args.once, poll=args.poll, threads=args.threads, only=args.job or None, stop=stop,
                announce=True)
    except ValueError as e:
        parser.error(str(e))
    if args.once:
        print(f"worker: {n} item(s) done", flush=True)
    return commands.EXIT_OK


def register(sub) -> None:
    p = sub.add_parser("worker", help="publish scheduled posts and run the other background jobs",
                       description="Run the due background work: publish scheduled approved posts (retrying "
                                   "transient failures with backoff, parking permanent ones), take down "
                                   "posts whose consent was revoked, and every other app's jobs. Run as "
                                   "many workers as you like against one database.")
    p.add_argument("--once", action="store_true", help="do the work that is due now, then exit")
    p.add_argument("--poll", type=float, default=5.0, help="seconds between looks when idle (default 5)")
    p.add_argument("--threads", type=int, default=1, help="worker loops in this process (default 1)")
    p.add_argument("--job", action="append", help="run only this job (repeatable)")
    p.set_defaults(func=cmd_worker)
