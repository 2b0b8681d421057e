"""`scan()`: detectors → who each identifier belongs to → verdict → safe suggestion."""

from __future__ import annotations

from safepost.engine.policy import DEFAULT_POLICY, Policy
from safepost.engine.report import DIRECTIONS, KINDS, Report, Verdict

MAX_TEXT = 100_000


def scan(text: str, *, direction: str = "outbound", kind: str = "post", org: Policy | None = None) -> Report:
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {', '.join(DIRECTIONS)}; got {direction!r}")
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}; got {kind!r}")
    policy = org or DEFAULT_POLICY
    return Report(verdict=Verdict.ALLOW, suggestion=text)
