"""The options of a key rotation, shared by `safepost keys rotate` and `safepost-admin
rotate-keys` (one command, two names). No Django import: safepost-admin builds its parser
without Django."""

from __future__ import annotations

import argparse


def add_rotate_options(c: argparse.ArgumentParser) -> None:
    c.add_argument("--resume", action="store_true",
                   help="add no key: finish a stopped rotation (re-encrypt what is still under older keys)")
    c.add_argument("--batch-size", type=int, default=500, help="rows per transaction (default 500)")
    c.add_argument("--max-batches", type=int, help="stop after this many batches (resume later with --resume)")
