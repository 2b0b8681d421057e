"""The arguments of `safepost engine retrain|use`, shared with `safepost-admin engine retrain|use`
(one command, two names). No Django import: safepost-admin builds its parser without Django."""

from __future__ import annotations

import argparse


def add_engine_commands(p: argparse.ArgumentParser, retrain, use) -> None:
    ps = p.add_subparsers(dest="engine_command", metavar="ACTION", required=True)
    c = ps.add_parser("retrain", help="fit the organization's model on its 'false alarm' / 'missed PHI' marks and "
                                      "print the base model and it on the marks (cross-validated)")
    c.add_argument("--org", required=True, help="organization slug")
    c.add_argument("--enable", action="store_true", help="and use it in the organization's scans")
    c.set_defaults(func=retrain)
    c = ps.add_parser("use", help="use the organization's own model in its scans (on) or the base model (off)")
    c.add_argument("--org", required=True, help="organization slug")
    c.add_argument("state", choices=("on", "off"))
    c.set_defaults(func=use)
