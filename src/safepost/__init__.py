"""SafePost: keeps protected health information out of healthcare social media.

``from safepost import scan`` is the engine's entry point; see ``safepost.engine``.
"""

from safepost.engine import Finding, Policy, Reason, Report, Verdict, scan

__all__ = ["Finding", "Policy", "Reason", "Report", "Verdict", "scan"]
