"""The exit status of every `safepost` and `safepost-admin` command: one table, no collisions.

    0    ALLOW (scan), or the command did what it was asked (every --jsonl line was scanned)
    1    the verdict is not ALLOW (scan), or the check or operation failed (audit verify, check, ...)
    2    usage error: a wrong option or argument, an unreadable input, policy or output file
    3    scan --jsonl: some input lines could not be scanned (each has an "error" output line)
    141  the reader of the output went away (`safepost scan ... | head`): 128 + SIGPIPE, quietly
    128+N  stopped by signal N (e.g. 143 for SIGTERM to `safepost worker`)
"""

from __future__ import annotations

import os
import sys

EXIT_OK = 0
EXIT_FLAGGED = EXIT_FAIL = 1
EXIT_USAGE = 2
EXIT_BAD_LINES = 3
EXIT_BROKEN_PIPE = 141

EPILOG = (
    "Exit status (every command):\n"
    "  0    ALLOW; or the command succeeded (with --jsonl: every line was scanned)\n"
    "  1    the verdict is not ALLOW; or the check or operation failed\n"
    "  2    usage error (wrong option, unreadable input, policy or output file)\n"
    "  3    --jsonl: some input lines could not be scanned (see their \"error\" field)\n"
    "  141  the output's reader went away (e.g. `| head`); nothing is printed\n"
)


def quiet_broken_pipe() -> int:
    """What an entry point does when its stdout's reader has gone: point stdout at /dev/null (so
    the interpreter's final flush cannot raise again) and return EXIT_BROKEN_PIPE."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):   # stdout without a file descriptor (tests)
        pass
    return EXIT_BROKEN_PIPE


def run_quietly(func, *args) -> int:
    """func(*args) with stdout flushed inside, a broken pipe turned into EXIT_BROKEN_PIPE."""
    try:
        code = func(*args)
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        return quiet_broken_pipe()
