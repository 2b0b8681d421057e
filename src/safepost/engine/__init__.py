"""The PHI engine: finds the 18 Safe Harbor identifiers and decides, in context, whether
publishing (or leaving public) a text discloses protected health information.

    >>> from safepost import scan
    >>> scan("Happy birthday to our patient Rosa, 94 today!").verdict
    <Verdict.NEEDS_AUTHORIZATION: 'NEEDS_AUTHORIZATION'>

Pure and deterministic: no Django, no network, no I/O after the word lists are loaded.
"""

# first: the saved compiled patterns, before the modules below compile theirs
from safepost.engine import regex_cache  # noqa: F401  (isort: skip)
from safepost.engine.policy import DEFAULT_POLICY, Policy, PolicyError
from safepost.engine.report import DIRECTIONS, KINDS, LABELS, Evidence, Finding, Reason, Report, Verdict
from safepost.engine.scanner import scan

__all__ = [
    "DEFAULT_POLICY", "DIRECTIONS", "KINDS", "LABELS", "Evidence", "Finding", "Policy", "PolicyError",
    "Reason", "Report", "Verdict", "scan",
]
