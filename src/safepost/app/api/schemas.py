"""Strict request specs and documented response shapes."""

from __future__ import annotations

from typing import Literal

from django.conf import settings
from ninja import Schema
from pydantic import ConfigDict, Field

from safepost.engine import KINDS

Kind = Literal[KINDS]  # type: ignore[valid-type]


class ScanSpec(Schema):
    """What to check. `kind` defaults to `post` (outbound) or `comment` (inbound)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    text: str = Field(..., min_length=1, max_length=settings.SCAN_MAX_CHARS,
                      description="The post, caption, reply or comment, as it would be published.")
    direction: Literal["outbound", "inbound"] = Field(
        "outbound", description="outbound: written by the organization; inbound: by a patient or the public.")
    kind: Kind | None = Field(None, description="What the text is.")


class SpanDict(Schema):
    start: int
    end: int
    label: str
    is_phi: bool
    score: float
    why: str


class ScanReportDict(Schema):
    """The engine's report: the same JSON as `safepost scan --json`."""

    verdict: Literal["ALLOW", "NEEDS_AUTHORIZATION", "BLOCK", "PRIVATE_FOLLOW_UP"]
    flag: bool
    spans: list[SpanDict]
    reasons: list[str]
    explanations: dict[str, str]
    suggestion: str


class ErrorDict(Schema):
    detail: str | list[dict]
