"""Changing a post's images after upload: which copy is published (the stripped original or the
redacted one; a reviewer's choice), removing an image, and changing an image's description (alt
text, checked again). Each is one transaction with its audit entry, allowed before approval only
(`rules.media_edit_refusal`), and each is a new version of the post: its verdict is merged again
(`services._run_engine`) and approvals given to the version before no longer count.

Audit meta holds ids, counts, labels and fingerprints, never the alt text or what was read.
"""

from __future__ import annotations

import base64
from datetime import date

from django.db import transaction
from django.utils import timezone

from safepost.app.audit.services import Who, fingerprint, record
from safepost.app.posts import media, rules, services
from safepost.app.posts.models import Attachment, Post
from safepost.app.posts.rules import Refused, State
from safepost.app.training.services import TRAINING_REQUIRED, is_current, lapsed_message


def _attachment(post: Post, attachment_id: int) -> Attachment:
    a = Attachment.objects.select_for_update().filter(post=post, pk=attachment_id, kind="photo").first()
    if a is None:
        raise Refused("This post has no such image (it may have been removed).", code="not_found")
    return a


def _check_state(post: Post, what: str) -> State:
    if msg := rules.media_edit_refusal(what, post.state_enum):
        raise Refused(msg, code="conflict")
    return post.state_enum


def _new_version(who: Who, post: Post, before: State, *, wrote_words: bool = False) -> None:
    """The post after a change of its images: a new version, the verdict merged again, and where
    `rules.AFTER_EDIT` leaves it (a rejected post is a draft again; one in review stays there)."""
    after = rules.AFTER_EDIT[before]
    if after is State.IN_REVIEW and not is_current(post.org, who.actor_id):
        raise Refused(lapsed_message("change a post in review"), code=TRAINING_REQUIRED)
    post.version += 1
    if wrote_words and who.actor_id and who.actor_id not in post.editors:
        post.editors = [*post.editors, who.actor_id]
    services._run_engine(post)
    if after is State.IN_REVIEW:
        post.submitted_at = timezone.now()
    post.state = after.value
    post.save()


def choose_copy(who: Who, post: Post, attachment_id: int, copy: str) -> Post:
    """Publish the image's redacted copy (faces blurred, text findings boxed out) or its original
    (metadata removed). The post's verdict then counts the chosen copy's findings only."""
    if copy not in media.COPIES:
        raise Refused(f"Choose which copy to publish: {' or '.join(media.COPIES)}.", code="invalid")
    with transaction.atomic():
        services._lock(post)
        before = _check_state(post, "copy")
        a = _attachment(post, attachment_id)
        if copy == media.REDACTED and not a.has_redacted:
            raise Refused("This image has no redacted copy: its check found nothing to blur or box out.",
                          code="conflict")
        if a.publish_copy == copy:
            return post
        was, a.publish_copy = a.publish_copy, copy
        a.save(update_fields=["publish_copy"])
        _new_version(who, post, before)
        chosen = a.chosen_scan
        record(who, "post.image_copy", post, services._meta(
            post, attachment=a.pk, copy=copy, was=was, image_verdict=chosen.get("verdict") or None,
            faces_blurred=(a.redacted_scan or {}).get("blurred", 0) if copy == media.REDACTED else 0,
            boxed=(a.redacted_scan or {}).get("boxed", 0) if copy == media.REDACTED else 0,
            findings_left=len([f for f in chosen.get("findings", []) if f.get("is_phi")]),
            labels=post.labels, reasons=post.reasons))
    return post


def remove_image(who: Who, post: Post, attachment_id: int) -> Post:
    """Take an image off the post (its original, stripped and redacted copies are deleted)."""
    with transaction.atomic():
        services._lock(post)
        before = _check_state(post, "remove")
        a = _attachment(post, attachment_id)
        removed = {"attachment": a.pk, "image_verdict": a.chosen_scan.get("verdict") or None}
        a.delete()
        _new_version(who, post, before)
        record(who, "post.image_remove", post, services._meta(
            post, **removed, images_left=post.attachments.count(), labels=post.labels, reasons=post.reasons))
    return post


def _rescanned(a: Attachment, alt_text: str, policy, today: date) -> dict:
    """The image's scans with ``alt_text`` checked in place of the old description. The pixels'
    part is reused; a row stored before it was kept apart is checked again whole."""
    if "image" in (a.scan or {}):
        out = {"scan": media.with_alt(a.scan["image"], alt_text, policy, today)}
        if a.redacted_scan and "image" in a.redacted_scan:
            out["redacted_scan"] = media.with_alt(a.redacted_scan["image"], alt_text, policy, today)
        return out
    checked = media.check_image(base64.b64decode(a.data), alt_text, policy=policy, today=today)
    return {"scan": checked.scan, "redacted_scan": checked.redacted_scan or {},
            "redacted": base64.b64encode(checked.redacted).decode("ascii"),
            "stripped": base64.b64encode(checked.stripped).decode("ascii")}


def set_alt_text(who: Who, post: Post, attachment_id: int, alt_text: str) -> Post:
    """Change an image's description; it is checked like the post's text and the image's verdict
    (and the post's) merged again. The writer of a description counts as an editor of the post."""
    try:
        alt_text = media.check_alt(alt_text)
    except media.UploadRefused as e:
        raise Refused(str(e), code="invalid") from None
    a = Attachment.objects.filter(post=post, pk=attachment_id, kind="photo").first()
    if a is None:
        raise Refused("This post has no such image (it may have been removed).", code="not_found")
    try:                                                   # OCR (old rows only): before the transaction
        fields = _rescanned(a, alt_text, services.policy_for(post.org), date.today())
    except media.CheckUnavailable as e:
        raise Refused(str(e), code="unavailable") from None
    except media.UploadRefused as e:
        raise Refused(str(e), code="invalid") from None
    with transaction.atomic():
        services._lock(post)
        before = _check_state(post, "alt_text")
        a = _attachment(post, attachment_id)
        if alt_text == a.alt_text:
            return post
        a.alt_text = alt_text
        for name, value in fields.items():
            setattr(a, name, value)
        a.verdict = a.scan.get("verdict", "")
        a.save()
        _new_version(who, post, before, wrote_words=bool(alt_text))
        record(who, "post.image_alt_text", post, services._meta(
            post, attachment=a.pk, alt_fp=fingerprint(alt_text) if alt_text else None, alt_chars=len(alt_text),
            image_verdict=a.chosen_scan.get("verdict") or None,
            alt_labels=sorted({f["label"] for f in a.scan.get("findings", []) if f.get("source") == "alt_text"}),
            labels=post.labels, reasons=post.reasons))
    return post


def remove_video(who: Who, post: Post, attachment_id: int) -> Post:
    """Take the video off the post (its original, its stripped copy and its keyframes are deleted),
    checked or still being checked (the worker then drops its result)."""
    with transaction.atomic():
        services._lock(post)
        before = _check_state(post, "remove")
        a = Attachment.objects.select_for_update().filter(post=post, pk=attachment_id, kind="video").first()
        if a is None:
            raise Refused("This post has no such video (it may have been removed).", code="not_found")
        removed = {"attachment": a.pk, "video_verdict": a.verdict or None, "media_state": a.scan_state}
        a.delete()
        _new_version(who, post, before)
        record(who, "post.video_remove", post, services._meta(post, **removed, labels=post.labels,
                                                                reasons=post.reasons))
    return post


def remove_attachment(who: Who, post: Post, attachment_id: int) -> Post:
    """Remove an image or the video, whichever `attachment_id` is on this post."""
    is_video = Attachment.objects.filter(post=post, pk=attachment_id, kind="video").exists()
    return (remove_video if is_video else remove_image)(who, post, attachment_id)
