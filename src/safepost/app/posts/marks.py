"""A reviewer's marks on the engine's verdict ("false alarm", "missed PHI"): the material an
organization's own model is fitted on (`safepost engine retrain --org`)."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction

from safepost.app.audit.services import Who, fingerprint, record
from safepost.app.posts.models import EngineMark, Post
from safepost.app.posts.rules import Refused
from safepost.app.posts.services import policy_for
from safepost.engine import scan

KINDS = dict(EngineMark.KINDS)
MAX_NOTE = 1000


def verdict_now(post: Post):
    """The engine's current answer on the post's text, with the organization's policy."""
    return scan(post.text, direction="outbound", kind="post", org=policy_for(post.org), today=date.today())


def mark(who: Who, post: Post, kind: str, note: str = "") -> EngineMark:
    """Record that the engine's verdict on this version of `post` is wrong. "false_alarm" needs a
    flagged verdict, "missed_phi" an allowed one; one mark per person per version."""
    note = (note or "").strip()
    if kind not in KINDS:
        raise Refused(f"A mark is one of: {', '.join(KINDS)}.", code="invalid")
    if len(note) > MAX_NOTE:
        raise Refused(f"A note may have at most {MAX_NOTE} characters.", code="invalid")
    if who.actor_id is None:
        raise Refused("Only a person can mark the engine's verdict.", code="forbidden")
    report = verdict_now(post)
    if kind == "false_alarm" and not report.flag:
        raise Refused("The engine allows this text: there is no alarm to mark as false.", code="conflict")
    if kind == "missed_phi" and report.flag:
        raise Refused("The engine already flags this text: nothing was missed.", code="conflict")
    j = report.judgement
    try:
        with transaction.atomic():
            row = EngineMark.objects.create(
                org=post.org, post=post, version=post.version, user_id=who.actor_id, kind=kind, text=post.text,
                verdict=report.verdict.value, probability=j.probability if j else None,
                threshold=j.threshold if j else None, note=note)
            record(who, "post.engine_mark", post, {
                "mark": kind, "version": post.version, "verdict": report.verdict.value,
                "probability": f"{j.probability:.3f}" if j else None, "text_fp": fingerprint(post.text),
                "note_fp": fingerprint(note) if note else None})
    except IntegrityError:
        raise Refused("You have already marked this version of the post.", code="conflict") from None
    return row


def marks_of(post: Post) -> list[EngineMark]:
    return list(post.marks.select_related("user").order_by("created", "id"))
