"""The post workflow, decided here and nowhere else. Pure: no Django import.

States::

    draft ──submit──► in_review ──approve (enough approvals)──► approved ──schedule──► scheduled
      ▲                 │  ▲ │                                      │                    │
      │ edit            │  │ └─reject──► rejected ──edit──► draft   │ (publish_at set:   │ worker
      │                 │  └──── edit after approval / consent revoked / re-check fails │ at once)
      │                 │                                                               ▼
      └──────────────── withdraw (from any state before published) ──► withdrawn    published | failed

`refusal(op, facts)` answers why an operation is refused (a sentence for the person), or None.
The service asks it first and raises `Refused(message)`; the views answer 409 / show the message.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from safepost.app.lib.override import ReleaseFacts, release_refusal


class State(str, enum.Enum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    SCHEDULED = "scheduled"
    PUBLISHED = "published"
    REJECTED = "rejected"
    FAILED = "failed"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return STATE_LABELS[self]


STATE_LABELS = {
    State.DRAFT: "Draft", State.IN_REVIEW: "In review", State.APPROVED: "Approved",
    State.SCHEDULED: "Scheduled", State.PUBLISHED: "Published", State.REJECTED: "Rejected",
    State.FAILED: "Failed", State.WITHDRAWN: "Withdrawn",
}


class Op(str, enum.Enum):
    EDIT = "edit"
    SUBMIT = "submit"
    APPROVE = "approve"
    REJECT = "reject"
    OVERRIDE = "override"
    SCHEDULE = "schedule"
    WITHDRAW = "withdraw"
    PUBLISH = "publish"        # the worker
    SEND_BACK = "send_back"    # consent revoked, re-check at publishing failed


# Which states each operation may start from. Everything else is refused.
ALLOWED_FROM: dict[Op, frozenset[State]] = {
    Op.EDIT: frozenset({State.DRAFT, State.IN_REVIEW, State.APPROVED, State.SCHEDULED, State.REJECTED,
                        State.FAILED}),
    Op.SUBMIT: frozenset({State.DRAFT, State.REJECTED}),
    Op.APPROVE: frozenset({State.IN_REVIEW}),
    Op.REJECT: frozenset({State.IN_REVIEW}),
    Op.OVERRIDE: frozenset({State.IN_REVIEW}),
    Op.SCHEDULE: frozenset({State.APPROVED, State.SCHEDULED, State.FAILED}),
    Op.WITHDRAW: frozenset({State.DRAFT, State.IN_REVIEW, State.APPROVED, State.SCHEDULED, State.REJECTED,
                            State.FAILED}),
    Op.PUBLISH: frozenset({State.SCHEDULED}),
    Op.SEND_BACK: frozenset({State.IN_REVIEW, State.APPROVED, State.SCHEDULED, State.FAILED}),
}

OP_VERBS = {
    Op.EDIT: "edited", Op.SUBMIT: "submitted for review", Op.APPROVE: "approved", Op.REJECT: "rejected",
    Op.OVERRIDE: "overridden", Op.SCHEDULE: "scheduled", Op.WITHDRAW: "withdrawn", Op.PUBLISH: "published",
    Op.SEND_BACK: "sent back to review",
}

# Where an edit leaves a post: after approval it goes back to review (approvals are for one version).
AFTER_EDIT = {
    State.DRAFT: State.DRAFT, State.REJECTED: State.DRAFT, State.IN_REVIEW: State.IN_REVIEW,
    State.APPROVED: State.IN_REVIEW, State.SCHEDULED: State.IN_REVIEW, State.FAILED: State.IN_REVIEW,
}

ALLOW, NEEDS_AUTHORIZATION, BLOCK = "ALLOW", "NEEDS_AUTHORIZATION", "BLOCK"
MAX_APPROVALS = 5


class Refused(Exception):
    """An operation the workflow does not allow; the message is for the person who tried."""

    def __init__(self, message: str, code: str = "refused") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def state_refusal(op: Op, state: State) -> str | None:
    if state in ALLOWED_FROM[op]:
        return None
    special = {
        (Op.EDIT, State.PUBLISHED): "A published post cannot be edited; publish a new post instead.",
        (Op.WITHDRAW, State.PUBLISHED): "A published post cannot be withdrawn; it can only be taken down.",
        (Op.SUBMIT, State.IN_REVIEW): "This post is already in review.",
        (Op.APPROVE, State.DRAFT): "A draft cannot be approved; submit it for review first.",
        (Op.APPROVE, State.APPROVED): "This post is already approved.",
        (Op.APPROVE, State.SCHEDULED): "This post is already approved and scheduled.",
        (Op.SCHEDULE, State.IN_REVIEW): "A post in review cannot be scheduled until it is approved.",
        (Op.SCHEDULE, State.DRAFT): "A draft cannot be scheduled; submit it for review first.",
    }
    return special.get((op, state)) or f"A post that is {state.label.lower()} cannot be {OP_VERBS[op]}."


# -- a post's images: the copy published, removal, alt text -------------------------------------
# Before approval only: an approved post's images are what was approved. Where each leaves the post: AFTER_EDIT.
MEDIA_EDIT_FROM = frozenset({State.DRAFT, State.REJECTED, State.IN_REVIEW})
MEDIA_EDIT_VERBS = {"copy": "choose which copy of an image is published", "remove": "remove an image",
                    "alt_text": "change an image's description"}


def media_edit_refusal(what: str, state: State) -> str | None:
    """Why a post's images cannot be changed in `state` (`what`: copy, remove, alt_text), or None."""
    if state in MEDIA_EDIT_FROM:
        return None
    if state in (State.APPROVED, State.SCHEDULED, State.FAILED):
        return (f"This post is {state.label.lower()}, so you cannot {MEDIA_EDIT_VERBS[what]}: its images are what was "
                f"approved. Edit its text to send it back to review first, or withdraw it.")
    return f"A post that is {state.label.lower()} cannot be changed: you cannot {MEDIA_EDIT_VERBS[what]}."


# -- submit -----------------------------------------------------------------------------------
TRAINING_LAPSED = ("Your privacy training has lapsed, so you cannot submit posts. Complete the training "
                   "under Training, then submit again.")


@dataclass(frozen=True)
class SubmitFacts:
    state: State
    text: str
    channel_count: int
    training_current: bool
    over_limit: tuple[str, ...] = ()     # one sentence per channel whose limit the text exceeds
    media_over: tuple[str, ...] = ()     # one sentence per channel that cannot take the images
    media_pending: int = 0               # videos the worker has not checked yet


MEDIA_PENDING = ("The video is still being checked (it takes a few seconds to a minute); it can be submitted "
                 "and approved once the check is done. Reload this page in a moment.")


def submit_refusal(f: SubmitFacts) -> str | None:
    if msg := state_refusal(Op.SUBMIT, f.state):
        return msg
    if not f.training_current:
        return TRAINING_LAPSED
    if f.media_pending:
        return MEDIA_PENDING
    if not f.text.strip():
        return "A post needs some text."
    if f.channel_count == 0:
        return "Choose at least one channel to publish on."
    if f.over_limit:
        return f"The text is too long. {'. '.join(f.over_limit)}. Shorten it, or untick those channels."
    if f.media_over:
        return (f"The images do not fit every channel. {'. '.join(f.media_over)}. Change the images, or untick "
                f"those channels.")
    return None


# -- approve, override, reject ----------------------------------------------------------------
@dataclass(frozen=True)
class ApproveFacts:
    state: State
    verdict: str
    author_id: int | None
    approver_id: int
    approved_by: frozenset[int] = frozenset()    # who already approved this version
    overridden: bool = False                       # a privacy officer overrode a BLOCK
    consent_ok: bool = False                       # a linked consent covers this post
    consent_reason: str = ""                       # what the consent lacks (when not ok)
    scanned: bool = True                           # the verdict is for the current text
    editor_ids: frozenset[int] = frozenset()       # everyone who wrote words of the text
    media_pending: int = 0                         # videos the worker has not checked yet


def approve_refusal(f: ApproveFacts) -> str | None:
    if msg := state_refusal(Op.APPROVE, f.state):
        return msg
    if f.media_pending:
        return MEDIA_PENDING
    if not f.scanned:
        return "The text changed since it was checked; it must be checked again before approval."
    if f.author_id is not None and f.approver_id == f.author_id:
        return "Authors cannot approve their own posts; another reviewer must approve it."
    if f.approver_id in f.editor_ids:
        return ("You edited this post's text, so approving it would be approving your own words; "
                "a reviewer who did not write it must approve it.")
    if f.approver_id in f.approved_by:
        return "You have already approved this version; another reviewer must approve it too."
    if f.verdict == BLOCK and not f.overridden:
        return ("The check blocked this post. Only a privacy officer's override, with a written reason, "
                "can release it.")
    if f.verdict == NEEDS_AUTHORIZATION and not f.consent_ok:
        return ("This post is about a patient: link a signed authorization that covers it before approval"
                + (f" ({f.consent_reason})." if f.consent_reason else "."))
    if f.verdict not in (ALLOW, NEEDS_AUTHORIZATION, BLOCK):
        return "This post has not been checked yet; submit it for review."
    return None


@dataclass(frozen=True)
class OverrideFacts:
    state: State
    verdict: str
    author_id: int | None
    officer_id: int
    reason: str
    overridden: bool = False
    scanned: bool = True
    editor_ids: frozenset[int] = frozenset()
    uncurable: tuple[str, ...] = ()        # plain names of identifiers no consent or override releases
    reason_has_phi: bool = False           # the engine found patient details in the reason
    confirmed: bool = True                 # the officer typed the confirmation word
    requested_by: int | None = None        # the first officer, when a second one must confirm
    media_pending: int = 0                 # videos the worker has not checked yet


def override_refusal(f: OverrideFacts) -> str | None:
    if msg := state_refusal(Op.OVERRIDE, f.state):
        return msg
    if f.media_pending:
        return MEDIA_PENDING
    if f.verdict != BLOCK:
        return ("Only a blocked post needs an override; this one can be approved normally"
                + (" once an authorization is linked." if f.verdict == NEEDS_AUTHORIZATION else "."))
    if f.overridden:
        return "This post has already been overridden."
    if not f.scanned:
        return "The text changed since it was checked; it must be checked again."
    refusal = release_refusal(ReleaseFacts(
        noun="post", officer_id=f.officer_id, reason=f.reason, author_id=f.author_id, editor_ids=f.editor_ids,
        uncurable=f.uncurable, reason_has_phi=f.reason_has_phi, confirmed=f.confirmed, requested_by=f.requested_by))
    return refusal.message if refusal else None


def reject_refusal(state: State, reason: str) -> str | None:
    if msg := state_refusal(Op.REJECT, state):
        return msg
    if not reason.strip():
        return "Say why the post is rejected, so the author can fix it."
    return None


def state_after_approval(approvals: int, required: int) -> State:
    return State.APPROVED if approvals >= max(1, required) else State.IN_REVIEW


def approvals_required_refusal(n: int) -> str | None:
    if not 1 <= n <= MAX_APPROVALS:
        return f"The number of approvals must be between 1 and {MAX_APPROVALS}."
    return None


# -- consent ----------------------------------------------------------------------------------
CONSENT_USE = "testimonial"     # consent.rules.USES: a patient's story on social media


def consent_media(labels: Iterable[str], attachment_kinds: Iterable[str]) -> list[str]:
    """What kinds of media a post about a patient uses, in the consent registry's words:
    the story (always), the name (a NAME finding), photos and videos (attachments)."""
    media = ["story"]
    if "NAME" in set(labels):
        media.append("name")
    kinds = set(attachment_kinds)
    for k in ("photo", "video"):
        if k in kinds:
            media.append(k)
    return media


# -- publishing -------------------------------------------------------------------------------
class Delivery(str, enum.Enum):
    """One post on one channel."""

    PENDING = "pending"          # waiting for its time (or its retry)
    PUBLISHING = "publishing"    # claimed by a worker (until lease_until)
    PUBLISHED = "published"
    FAILED = "failed"            # parked: a permanent error, or too many transient ones
    CANCELLED = "cancelled"      # the post was withdrawn, edited or sent back before publishing
    DELETED = "deleted"          # taken down from the platform


DELIVERY_LABELS = {
    Delivery.PENDING: "Waiting", Delivery.PUBLISHING: "Publishing", Delivery.PUBLISHED: "Published",
    Delivery.FAILED: "Failed", Delivery.CANCELLED: "Cancelled", Delivery.DELETED: "Taken down",
}

MAX_ATTEMPTS = 8
BACKOFF_BASE = timedelta(seconds=30)
BACKOFF_CAP = timedelta(hours=1)
LEASE = timedelta(minutes=5)


@dataclass(frozen=True)
class Failure:
    permanent: bool
    attempts: int
    retry_after: float | None = None


def after_failure(f: Failure, now: datetime) -> tuple[Delivery, datetime | None]:
    """A failed attempt: park it (permanent, or MAX_ATTEMPTS reached), or retry later with
    exponential backoff (30 s, 1 min, 2 min … capped at an hour), never before the platform's
    Retry-After."""
    if f.permanent or f.attempts >= MAX_ATTEMPTS:
        return Delivery.FAILED, None
    delay = min(BACKOFF_BASE * (2 ** max(0, f.attempts - 1)), BACKOFF_CAP)
    if f.retry_after is not None:
        delay = max(delay, timedelta(seconds=min(f.retry_after, BACKOFF_CAP.total_seconds())))
    return Delivery.PENDING, now + delay


def post_state_after_deliveries(states: Iterable[Delivery | str]) -> State | None:
    """The post's state once its deliveries changed: published when every live one is
    published, failed when one is parked and none is still to do; None: unchanged."""
    live = [Delivery(s) for s in states if Delivery(s) not in (Delivery.CANCELLED,)]
    if not live:
        return None
    if any(s in (Delivery.PENDING, Delivery.PUBLISHING) for s in live):
        return None
    if any(s is Delivery.FAILED for s in live):
        return State.FAILED
    return State.PUBLISHED


def idempotency_key(post_id: int, channel_id: int) -> str:
    """Stable for every attempt at one post on one channel (see connectors.base)."""
    return f"safepost-{post_id}-{channel_id}"


# -- moving a post on the calendar ------------------------------------------------------------
@dataclass(frozen=True)
class MoveFacts:
    """Moving a scheduled post to another day (drag on the calendar, or "Move to…")."""
    state: State
    when: datetime                 # the new time (the same time of day, on the new day)
    now: datetime
    scanned: bool                  # the stored verdict is for the current text
    verdict: str                   # the stored verdict
    verdict_now: str               # the engine's answer on the text today
    approvals: int                 # approvals (and overrides) of this version
    required: int
    overridden: bool


def move_refusal(f: MoveFacts) -> str | None:
    if msg := state_refusal(Op.SCHEDULE, f.state):
        return msg.replace("cannot be scheduled", "cannot be moved")
    if f.when <= f.now:
        return "A post cannot be moved into the past; choose today (if its time is still to come) or a later day."
    if not f.scanned or f.verdict_now != f.verdict:
        return ("The check of this post's text no longer gives the verdict it was approved with; edit it so it "
                "is reviewed again before it is scheduled.")
    if f.verdict == BLOCK and not f.overridden:
        return "The check blocks this post and no privacy officer has overridden it, so it cannot be scheduled."
    if f.approvals < max(1, f.required):
        return (f"This version has {f.approvals} of the {max(1, f.required)} approvals the organization requires; "
                "it must be approved again before it is scheduled.")
    return None
