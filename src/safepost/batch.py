"""`safepost scan --jsonl IN --workers N`: the lines scanned by N worker processes.

Bulk scanning of a years-long archive on one machine. The parent reads the input, hands
numbered chunks of raw lines to a process pool and yields the results strictly in input order,
so the output file is identical to a one-process run. On Linux the workers are forked from the
parent after it has loaded the engine (word lists, model, compiled patterns), so a worker starts
in milliseconds and shares those pages with the parent; elsewhere (macOS, Windows, where forking
a process is unsafe or impossible) they are spawned and load the engine themselves. Either way
they get the policy once through the pool initializer and run only module-level functions; the
command has started no threads before the pool, so forking is safe.

``--workers`` left out: one worker per CPU available to the process, at most ``AUTO_MAX``, and
none (this process alone) for fewer than ``AUTO_MIN_LINES`` lines a worker, where starting the
pool costs more than it saves.

At most ``4 × N`` chunks are in flight, so memory stays bounded however long the input is. If a
worker dies (killed, out of memory), the lines it had not returned are scanned in the parent
and the run goes on: every input line still gets its output line, in order.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import Iterable, Iterator

from safepost.engine import Policy

Numbered = list[tuple[int, bytes]]          # (line number, raw line)
Result = tuple[dict | None, bool]            # (output object, or None for a blank line; ok)

MAX_CHUNK = 256      # lines per task: large enough to amortize the pickling, small for the progress bar
IN_FLIGHT = 4        # chunks in flight per worker
AUTO_MAX = 4         # --workers left out: at most this many workers ...
AUTO_MIN_LINES = 250  # ... and each with at least this many lines

_settings: tuple[Policy | None, str, str | None] | None = None


def _init(policy: Policy | None, direction: str, kind: str | None) -> None:
    """Pool initializer (runs in each worker)."""
    global _settings
    _settings = (policy, direction, kind)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle


def _scan_chunk(chunk: Numbered) -> list[Result]:
    """Worker side: one chunk of numbered raw lines → their results, in order."""
    from safepost.cli import scan_numbered
    assert _settings is not None, "worker not initialized"
    policy, direction, kind = _settings
    return [scan_numbered(raw, lineno, policy, direction, kind) for lineno, raw in chunk]


def _chunks(numbered: Iterable[tuple[int, bytes]], size: int) -> Iterator[Numbered]:
    it = iter(numbered)
    while chunk := list(islice(it, size)):
        yield chunk


def auto_workers(total: int) -> int:
    """How many workers to use when ``--workers`` is left out (1: scan in this process)."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cpus, AUTO_MAX, total // AUTO_MIN_LINES))


def _start_method() -> str:
    return "fork" if sys.platform.startswith("linux") else "spawn"


def _load_engine() -> None:
    """Load what the engine reads lazily (word lists, model), so that forked workers inherit it."""
    from safepost.engine import lexicons, scan
    from safepost.engine.model import shipped
    for load in (lexicons.first_names, lexicons.surnames, lexicons.common_words, lexicons.health_terms,
                 lexicons.titles, lexicons.places, lexicons.towns):
        load()
    shipped()
    scan("Dr. Ann Lee saw our patient Maria Lopez on March 3 about her knee; call (555) 201-3344.")


def chunk_size(total: int, workers: int) -> int:
    """About four chunks per worker on a small input; at most MAX_CHUNK lines on a large one."""
    return max(1, min(MAX_CHUNK, -(-total // (workers * IN_FLIGHT))))


def scan_parallel(numbered: Iterable[tuple[int, bytes]], total: int, workers: int,
                  policy: Policy | None, direction: str, kind: str | None) -> Iterator[Result]:
    """The result of every numbered line, in input order, computed by ``workers`` processes."""
    from safepost.cli import scan_numbered

    def local(chunk: Numbered) -> list[Result]:
        return [scan_numbered(raw, lineno, policy, direction, kind) for lineno, raw in chunk]

    method = _start_method()
    if method == "fork":
        _load_engine()
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method),
                               initializer=_init, initargs=(policy, direction, kind))
    pending: deque[tuple[Numbered, Future | None]] = deque()
    broken = False

    def collect(chunk: Numbered, fut: Future | None) -> list[Result]:
        nonlocal broken
        if fut is not None:
            try:
                return fut.result()
            except BrokenProcessPool:
                if not broken:
                    print("safepost scan: a worker process died; scanning the rest in this process",
                          file=sys.stderr)
                broken = True
        return local(chunk)

    try:
        for chunk in _chunks(numbered, chunk_size(total, workers)):
            fut = None
            if not broken:
                try:
                    fut = pool.submit(_scan_chunk, chunk)
                except BrokenProcessPool:
                    broken = True
            pending.append((chunk, fut))
            while len(pending) >= workers * IN_FLIGHT or (broken and pending):
                yield from collect(*pending.popleft())
        while pending:
            yield from collect(*pending.popleft())
    finally:
        # an early exit (Ctrl-C, a write error) must not wait for queued chunks
        pool.shutdown(wait=True, cancel_futures=True)
