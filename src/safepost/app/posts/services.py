"""The post workflow: every transition is one function here, in one transaction, with its
audit entry. The rules (what is allowed) are in rules.py; the publishing side (the worker) is
in publishing.py.

Each function raises `rules.Refused(message)` when the workflow does not allow the operation;
views answer 409 (API) or show the message (pages). Audit meta never holds text: labels, reason
codes, ids and `fingerprint(text)`.
"""

from __future__ import annotations

import base64
import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timezone as dt_timezone, tzinfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from safepost.app.accounts.models import Organization, User
from safepost.app.audit.services import Who, fingerprint, record
from safepost.app.channels import rules as channel_rules
from safepost.app.channels.models import Channel
from safepost.app.lib.override import CONFIRM_WORD, reason_has_phi, uncurable_names
from safepost.app.notify.events import Event, reason_code
from safepost.app.notify.services import notify
from safepost.app.posts import media, rules
from safepost.app.posts import videos as videos_mod
from safepost.app.posts.models import (
    Approval,
    Attachment,
    Delivery,
    Post,
    PublishingSettings,
)
from safepost.app.posts.rules import Op, Refused, State
from safepost.app.training.services import TRAINING_REQUIRED, is_current, lapsed_message
from safepost.engine import Policy, Report, scan

__all__ = [
    "Refused", "NewAttachment", "approve", "approvals_required", "create_post", "edit_post", "move", "override",
    "policy_for", "reject", "schedule", "send_back", "set_approvals_required",
    "submit", "withdraw",
]

UNSET = object()


@dataclass(frozen=True)
class NewAttachment:
    kind: str            # "photo" | "video"
    mime_type: str
    data: bytes
    alt_text: str = ""


# -- organization settings --------------------------------------------------------------------
def base_policy_for(org: Organization) -> Policy:
    """The engine policy for `org`: its profile's policy when the service has one, else the
    organization's name (so its own name is not taken for a patient's)."""
    profile = getattr(org, "profile", None)
    if profile is not None and hasattr(profile, "policy"):
        return profile.policy()
    return Policy(name=org.name)


def policy_for(org: Organization) -> Policy:
    """`base_policy_for(org)` with the organization's own model when it has one in use (orgmodel.py)."""
    from safepost.app.posts.orgmodel import model_for

    policy = base_policy_for(org)
    model = model_for(org)
    return policy if model is None else dataclasses.replace(policy, model=model)


def two_person_override(org: Organization) -> bool:
    row = PublishingSettings.objects.filter(org=org).first()
    return True if row is None else row.two_person_override


def set_two_person_override(who: Who, org: Organization, on: bool) -> None:
    with transaction.atomic():
        row, _ = PublishingSettings.objects.get_or_create(org=org)
        old, row.two_person_override = row.two_person_override, on
        row.save()
        record(who, "posts.settings", ("organization", org.pk), {"two_person_override": on, "was": old})


def approvals_required(org: Organization) -> int:
    row = PublishingSettings.objects.filter(org=org).first()
    return row.approvals_required if row else 1


def set_approvals_required(who: Who, org: Organization, n: int) -> None:
    if msg := rules.approvals_required_refusal(n):
        raise Refused(msg)
    with transaction.atomic():
        old = approvals_required(org)
        PublishingSettings.objects.update_or_create(org=org, defaults={"approvals_required": n})
        record(who, "posts.settings", ("organization", org.pk), {"approvals_required": n, "was": old})


# -- helpers ----------------------------------------------------------------------------------
def _lock(post: Post) -> Post:
    """Re-read the post under a row lock (PostgreSQL; SQLite transactions are already exclusive)."""
    fresh = Post.objects.select_for_update().get(pk=post.pk)
    post.__dict__.update({k: v for k, v in fresh.__dict__.items() if not k.startswith("_")})
    return post


def _engine_verdict(post: Post) -> tuple[Report, media.Merged]:
    """The text's verdict today, merged with each image's stored scan (the stricter wins)."""
    report = scan(post.text, direction="outbound", kind="post", org=policy_for(post.org), today=date.today())
    images = [a.chosen_scan for a in post.attachments.all()] if post.pk else []
    return report, media.merge(report.verdict.value, [r.code for r in report.reasons],
                               [f.label for f in report.findings if f.is_phi], images)


def _run_engine(post: Post) -> Report:
    report, merged = _engine_verdict(post)
    post.verdict, post.reasons, post.labels = merged.verdict, merged.reasons, merged.labels
    post.scanned_version = post.version
    return report


def _org_channels(org: Organization, channel_ids: Iterable[int]) -> list[Channel]:
    ids = list(dict.fromkeys(int(i) for i in channel_ids))
    found = list(Channel.objects.filter(org=org, pk__in=ids))
    if len(found) != len(ids):
        missing = sorted(set(ids) - {c.pk for c in found})
        raise Refused(f"No such channel: {', '.join(map(str, missing))}.", code="invalid")
    return found


def _check_text(text: str) -> str:
    if not isinstance(text, str) or not text.strip():
        raise Refused("A post needs some text.", code="invalid")
    if len(text) > settings.SCAN_MAX_CHARS:
        raise Refused(f"A post may have at most {settings.SCAN_MAX_CHARS} characters.", code="invalid")
    return text


def consent_id_of(post: Post) -> int | None:
    return post.consent_id


def _set_consent(post: Post, consent_id: int | None) -> None:
    if consent_id is None:
        post.consent_id = None
        return
    from safepost.app.consent.models import Consent

    if not Consent.objects.filter(org=post.org, pk=consent_id).exists():
        raise Refused(f"No such consent: {consent_id}.", code="invalid")
    post.consent_id = consent_id


def tell(post: Post, event: Event, *, reason: str = "", author: bool = True, roles=None,
         exclude_id: int | None = None) -> None:
    """Notify the post's author (and `roles`) about `event`, inside the caller's transaction."""
    to = [post.author] if author and post.author is not None and post.author_id != exclude_id else []
    exclude = User(pk=exclude_id) if exclude_id else None
    if to or roles:
        notify(post.org, event, link=f"/o/{post.org.slug}/posts/{post.pk}/", to=to, roles=roles or (), obj=post,
               reason=reason_code(reason), exclude=exclude)


def _meta(post: Post, **extra) -> dict:
    meta = {"state": post.state, "version": post.version, "verdict": post.verdict or None,
            "text_fp": post.text_fp}
    meta.update(extra)
    return meta


def _move(post: Post, op: Op) -> None:
    if msg := rules.state_refusal(op, post.state_enum):
        raise Refused(msg, code="conflict")


def _cancel_pending(post: Post, even_while_publishing: bool = False) -> int:
    if not even_while_publishing and post.deliveries.filter(state=rules.Delivery.PUBLISHING.value).exists():
        raise Refused("This post is being published right now; try again in a minute.", code="conflict")
    return post.deliveries.filter(state=rules.Delivery.PENDING.value).update(
        state=rules.Delivery.CANCELLED.value, lease_until=None)


@dataclass(frozen=True)
class ConsentCheck:
    ok: bool
    why: str
    code: str = ""          # "consent_subject_mismatch" when the post names someone it does not cover


def consent_check(post: Post, on: date) -> ConsentCheck:
    """Does the linked consent cover this post (its patient, use, platforms, media) on `on`?"""
    cid = consent_id_of(post)
    if cid is None:
        return ConsentCheck(False, "no authorization is linked")
    from safepost.app.consent.services import covering_consent, uncovered_names
    platforms = sorted({c.platform for c in post.channels.all()})
    media = rules.consent_media(post.labels, post.attachments.values_list("kind", flat=True))
    ok, why = covering_consent(post.org, cid, use=post.consent_use or rules.CONSENT_USE, platforms=platforms,
                               media=media, on=on)
    if not ok:
        return ConsentCheck(False, why)
    names = [f for f in scan(post.text, direction="outbound", kind="post", org=policy_for(post.org), today=on).findings
             if f.label == "NAME" and f.is_phi]
    missing = uncovered_names(post.org, cid, [post.text[f.start:f.end] for f in names])
    if missing:
        where = ", ".join(f"characters {names[i].start}–{names[i].end}" for i in missing)
        return ConsentCheck(False, f"the person named at {where} is not this authorization's patient or a name it "
                                   f"lists; link that person's own authorization or remove the name",
                            "consent_subject_mismatch")
    return ConsentCheck(True, why)


def _publish_date(post: Post) -> date:
    when = post.publish_at or timezone.now()
    return timezone.localdate(when) if timezone.is_aware(when) else when.date()


# -- create and edit --------------------------------------------------------------------------
def create_post(who: Who, org: Organization, text: str, channel_ids: Sequence[int] = (),
                publish_at: datetime | None = None, *, consent_id: int | None = None,
                consent_use: str | None = None, attachments: Sequence[NewAttachment] = ()) -> Post:
    """A draft, checked by the engine at once (the verdict is a preview until it is submitted)."""
    _check_text(text)
    images = _check_images(org, attachments, existing=0,       # OCR: before the transaction
                           channels=_org_channels(org, channel_ids) if attachments else ())
    with transaction.atomic():
        channels = _org_channels(org, channel_ids)
        post = Post(org=org, author_id=who.actor_id, text=text, text_fp=fingerprint(text), publish_at=publish_at,
                    consent_use=consent_use or rules.CONSENT_USE,
                    editors=[who.actor_id] if who.actor_id else [])
        _set_consent(post, consent_id)
        post.save()
        post.channels.set(channels)
        _add_attachments(post, images)
        _run_engine(post)
        post.save()
        record(who, "post.create", post, _meta(post, channels=[c.pk for c in channels], labels=post.labels,
                                                 reasons=post.reasons, attachments=len(attachments)))
    return post


def _check_images(org: Organization, attachments: Sequence[NewAttachment], existing: int,
                  kinds: Sequence[str] = (), channels: Sequence[Channel] = ()) -> list:
    """Each upload checked against the limits (images) or the limits and the channels' (a video)
    and, for an image, scanned; or Refused with what to fix. A post has up to `MAX_PER_POST`
    images, or one video and nothing else. `kinds` are those of the post's attachments already."""
    if not attachments:
        return []
    try:
        videos = [a for a in attachments if a.kind == "video"]
        if any(a.kind not in ("photo", "video") for a in attachments):
            raise media.UploadRefused("Attach a photo (JPEG, PNG or WebP) or a video (MP4, MOV or WebM).")
        if videos and (len(attachments) > 1 or existing):
            raise media.UploadRefused("A post may have one video and nothing else beside it: remove its "
                                      "images or video first, or start another post.")
        if "video" in kinds:
            raise media.UploadRefused("This post has a video; a post with a video takes no other image or video.")
        media.check_count(existing, len(attachments))
        checked = []
        for a in attachments:
            if a.kind == "video":
                pairs = [(c.platform, c.name) for c in channels]
                checked.append(videos_mod.check_video(a.data, a.alt_text, policy=policy_for(org), today=date.today(),
                                                      channels=pairs))
                continue
            checked.append(media.check_image(a.data, a.alt_text, policy=policy_for(org), today=date.today(),
                                             existing=existing + len(checked)))
    except media.UploadRefused as e:
        raise Refused(str(e), code="invalid") from None
    except media.CheckUnavailable as e:
        raise Refused(str(e), code="unavailable") from None
    return checked


def _add_attachments(post: Post, images: Sequence) -> None:
    if images and post.attachments.count() + len(images) > media.MAX_PER_POST:      # under the post's lock
        raise Refused(f"A post may have at most {media.MAX_PER_POST} images.", code="invalid")
    if images and post.attachments.filter(kind="video").exists():
        raise Refused("This post has a video; a post with a video takes no other image or video.", code="invalid")
    for c in images:
        if isinstance(c, videos_mod.CheckedVideo):
            Attachment.objects.create(post=post, kind="video", mime_type=c.mime_type, size=len(c.original),
                                      data=base64.b64encode(c.original).decode("ascii"),
                                      stripped=base64.b64encode(c.stripped).decode("ascii"),
                                      width=c.width, height=c.height, duration=c.duration, alt_text=c.alt_text,
                                      scan={"pending": True, "alt": c.alt_scan}, scan_state="pending")
            continue
        Attachment.objects.create(post=post, kind="photo", mime_type=c.mime_type, size=len(c.original),
                                  data=base64.b64encode(c.original).decode("ascii"),
                                  stripped=base64.b64encode(c.stripped).decode("ascii"),
                                  width=c.width, height=c.height, alt_text=c.alt_text, verdict=c.verdict,
                                  scan=c.scan, redacted=base64.b64encode(c.redacted).decode("ascii"),
                                  redacted_scan=c.redacted_scan or {})


def pending_media(post: Post) -> int:
    """How many of the post's videos the worker has not checked yet."""
    return post.attachments.filter(scan_state="pending").count() if post.pk else 0


def media_checked(who: Who, post: Post, attachment: Attachment) -> Post:
    """After the worker stored a video's scan: the post's verdict again (its text and every
    attachment), without a new version (what the reviewers see is what they approve: nothing could
    be approved while the scan was pending). Audited with the clip's verdict and labels."""
    with transaction.atomic():
        _lock(post)
        _run_engine(post)
        post.save()
        scan_result = attachment.scan or {}
        record(who, "post.media_checked", post, _meta(
            post, attachment=attachment.pk, kind=attachment.kind, media_state=attachment.scan_state,
            media_verdict=attachment.verdict or None, labels=post.labels, reasons=post.reasons,
            frames=scan_result.get("frames_checked"), faces=scan_result.get("faces")))
    return post


def edit_post(who: Who, post: Post, *, text=UNSET, channel_ids=UNSET, publish_at=UNSET, consent_id=UNSET,
              consent_use=UNSET, attachments: Sequence[NewAttachment] = ()) -> Post:
    """Change a post. A change of content (text, channels, consent, attachments) after approval
    sends it back to review: approvals are for one version. A new time alone is a `schedule`."""
    images = _check_images(post.org, attachments, existing=post.attachments.count(),
                           kinds=list(post.attachments.values_list("kind", flat=True)),
                           channels=_org_channels(post.org, channel_ids) if attachments and channel_ids is not UNSET
                           else list(post.channels.all()))
    with transaction.atomic():
        _lock(post)
        _move(post, Op.EDIT)
        before = post.state_enum
        content_changed = False
        if text is not UNSET and text != post.text:
            post.text = _check_text(text)
            post.text_fp = fingerprint(text)
            content_changed = True
            if who.actor_id and who.actor_id not in post.editors:
                post.editors = [*post.editors, who.actor_id]
        if channel_ids is not UNSET:
            channels = _org_channels(post.org, channel_ids)
            if {c.pk for c in channels} != set(post.channels.values_list("pk", flat=True)):
                post.channels.set(channels)
                content_changed = True
        if consent_id is not UNSET and consent_id != consent_id_of(post):
            _set_consent(post, consent_id)
            content_changed = True
        if consent_use is not UNSET and consent_use and consent_use != post.consent_use:
            post.consent_use = consent_use
            content_changed = True
        if images:
            _add_attachments(post, images)
            content_changed = True
        if publish_at is not UNSET:
            post.publish_at = publish_at
        if content_changed:
            post.version += 1
            after = rules.AFTER_EDIT[before]
            if after is State.IN_REVIEW and not is_current(post.org, who.actor_id):
                raise Refused(lapsed_message("change a post in review"), code=TRAINING_REQUIRED)
            if after is State.IN_REVIEW:
                _run_engine(post)      # back in review: checked again at once
                post.submitted_at = timezone.now()
            else:
                _run_engine(post)      # a draft's verdict is a preview
            if before in (State.APPROVED, State.SCHEDULED, State.FAILED):
                _cancel_pending(post)
                post.approved_at = None
            post.state = after.value
        post.save()
        record(who, "post.edit", post, _meta(post, was=before.value, content_changed=content_changed, images_added=len(images),
                                             labels=post.labels, reasons=post.reasons))
    return post


# -- review -----------------------------------------------------------------------------------
def submit(who: Who, post: Post) -> Post:
    with transaction.atomic():
        _lock(post)
        channels = list(post.channels.all())
        pairs = [(c.platform, c.name) for c in channels]
        over = channel_rules.over_limit_messages(pairs, post.text)
        facts = rules.SubmitFacts(state=post.state_enum, text=post.text, channel_count=len(channels),
                                  training_current=is_current(post.org, who.actor_id), over_limit=over,
                                  media_over=channel_rules.media_limit_messages(pairs, _published_images(post),
                                                                                _published_videos(post)),
                                  media_pending=pending_media(post))
        if msg := rules.submit_refusal(facts):
            raise Refused(msg, code=TRAINING_REQUIRED if msg == rules.TRAINING_LAPSED else "conflict")
        _run_engine(post)
        post.state = State.IN_REVIEW.value
        post.submitted_at = timezone.now()
        post.review_note = ""
        post.save()
        record(who, "post.submit", post, _meta(post, labels=post.labels, reasons=post.reasons))
        tell(post, Event.POST_SUBMITTED, author=False, roles=Event.POST_SUBMITTED.spec.roles,
             reason=post.verdict.lower(), exclude_id=who.actor_id)
    return post


def _published_images(post: Post) -> list[channel_rules.ImageFacts]:
    """The post's images as they would be published (the stripped copies), for the networks' limits;
    an old row whose original cannot be stripped counts its original's size."""
    facts = []
    for a in post.attachments.filter(kind="photo"):
        try:
            size = len(a.published_bytes())
        except media.MediaError:
            size = a.size
        facts.append(channel_rules.ImageFacts(a.mime_type, size, a.width, a.height))
    return facts


def _published_videos(post: Post) -> list[channel_rules.VideoFacts]:
    """The post's video as it would be published (the stripped copy), for the networks' limits."""
    return [channel_rules.VideoFacts(a.mime_type, len(base64.b64decode(a.stripped)) if a.stripped else a.size,
                                     a.duration) for a in post.attachments.filter(kind="video")]


def _approved_by(post: Post) -> set[int]:
    return set(Approval.objects.filter(post=post, version=post.version, decision__in=("approve", "override"))
               .exclude(user_id=None).values_list("user_id", flat=True))


def _after_approval(who: Who, post: Post) -> None:
    required = approvals_required(post.org)
    count = len(_approved_by(post))
    post.state = rules.state_after_approval(count, required).value
    if post.state == State.APPROVED.value:
        post.approved_at = timezone.now()
        post.save()
        record(who, "post.approved", post, _meta(post, approvals=count, required=required,
                                                 consent=consent_id_of(post), override=post.overridden))
        tell(post, Event.POST_APPROVED, reason="override" if post.overridden else "", exclude_id=who.actor_id)
        if post.publish_at is not None:
            _schedule(who, post, post.publish_at)
    else:
        post.save()


def approve(who: Who, post: Post) -> Post:
    """One reviewer's approval. With enough approvals the post is approved, and scheduled
    when it has a publish time."""
    with transaction.atomic():
        _lock(post)
        check = ConsentCheck(False, "")
        if post.verdict == rules.NEEDS_AUTHORIZATION:
            check = consent_check(post, _publish_date(post))
        facts = rules.ApproveFacts(
            state=post.state_enum, verdict=post.verdict, author_id=post.author_id, approver_id=who.actor_id or -1,
            approved_by=frozenset(_approved_by(post)), overridden=post.overridden, consent_ok=check.ok,
            consent_reason=check.why, scanned=post.scanned, editor_ids=frozenset(post.editors),
            media_pending=pending_media(post))
        if who.actor_id is None:
            raise Refused("Only a person can approve a post.", code="forbidden")
        if msg := rules.approve_refusal(facts):
            raise Refused(msg, code=check.code or "conflict")
        Approval.objects.create(post=post, user_id=who.actor_id, version=post.version, decision="approve",
                                consent_id=consent_id_of(post))
        record(who, "post.approve", post, _meta(post, consent=consent_id_of(post), override=post.overridden))
        _after_approval(who, post)
    return post


def override(who: Who, post: Post, reason: str, confirm: str) -> Post:
    """A privacy officer releases a BLOCKed post with a written reason (kept encrypted, shown to
    the privacy role; the audit keeps its fingerprint) and the typed confirmation word. With the
    two-person rule (the default) the first officer's override is a request, and a second officer
    who did not write the text confirms it. Identifiers that consent cannot cure are a hard stop."""
    reason = (reason or "").strip()
    with transaction.atomic():
        _lock(post)
        if who.actor_id is None:
            raise Refused("Only a person can override a block.", code="forbidden")
        requests = Approval.objects.filter(post=post, version=post.version, decision="override_request")
        mine = requests.filter(user_id=who.actor_id).exists()
        other = requests.exclude(user_id=who.actor_id).first()
        two_person = two_person_override(post.org)
        facts = rules.OverrideFacts(
            state=post.state_enum, verdict=post.verdict, author_id=post.author_id, officer_id=who.actor_id,
            reason=reason, overridden=post.overridden, scanned=post.scanned, editor_ids=frozenset(post.editors),
            uncurable=uncurable_names(post.labels),
            reason_has_phi=reason_has_phi(reason), confirmed=confirm.strip() == CONFIRM_WORD,
            media_pending=pending_media(post),
            requested_by=who.actor_id if two_person and mine and other is None else None)
        if msg := rules.override_refusal(facts):
            raise Refused(msg, code="conflict")
        if two_person and other is None:
            Approval.objects.create(post=post, user_id=who.actor_id, version=post.version,
                                    decision="override_request", reason=reason, consent_id=consent_id_of(post))
            record(who, "post.override_request", post, _meta(post, reasons=post.reasons, labels=post.labels,
                                                             reason_fp=fingerprint(reason)))
            notify(post.org, Event.OVERRIDE_REQUESTED, link=f"/o/{post.org.slug}/posts/{post.pk}/", obj=post,
                   roles=Event.OVERRIDE_REQUESTED.spec.roles, exclude=User(pk=who.actor_id))
            return post
        now = timezone.now()
        post.override_by_id, post.override_at, post.override_reason = who.actor_id, now, reason
        post.override_version = post.version
        Approval.objects.create(post=post, user_id=who.actor_id, version=post.version, decision="override",
                                reason=reason, consent_id=consent_id_of(post))
        record(who, "post.override", post, _meta(post, reasons=post.reasons, labels=post.labels,
                                                 reason_fp=fingerprint(reason), reason_chars=len(reason),
                                                 requested_by=other.user_id if other else None))
        _after_approval(who, post)
    return post


def reject(who: Who, post: Post, reason: str) -> Post:
    reason = (reason or "").strip()
    with transaction.atomic():
        _lock(post)
        if msg := rules.reject_refusal(post.state_enum, reason):
            raise Refused(msg, code="conflict")
        Approval.objects.create(post=post, user_id=who.actor_id, version=post.version, decision="reject",
                                reason=reason)
        post.state = State.REJECTED.value
        post.review_note = reason
        post.save()
        record(who, "post.reject", post, _meta(post, reason_fp=fingerprint(reason)))
        tell(post, Event.POST_RETURNED, reason="rejected", exclude_id=who.actor_id)
    return post


def withdraw(who: Who, post: Post) -> Post:
    with transaction.atomic():
        _lock(post)
        _move(post, Op.WITHDRAW)
        was = post.state
        cancelled = _cancel_pending(post)
        post.state = State.WITHDRAWN.value
        post.save()
        record(who, "post.withdraw", post, _meta(post, was=was, cancelled=cancelled))
    return post


def send_back(who: Who, post: Post, reason_code: str, note: str, *, even_while_publishing: bool = False) -> Post:
    """Back to review (consent revoked or expired, re-check at publishing failed). `note` is a
    PHI-free sentence for the reviewers; `reason_code` goes to the audit. A delivery being
    published right now is left to finish (the caller arranges its takedown)."""
    with transaction.atomic():
        _lock(post)
        _move(post, Op.SEND_BACK)
        was = post.state
        cancelled = _cancel_pending(post, even_while_publishing)
        post.state = State.IN_REVIEW.value
        post.review_note = note
        post.approved_at = None
        post.version += 1            # earlier approvals relied on what is no longer true
        post.scanned_version = post.version
        post.save()
        record(who, "post.send_back", post, _meta(post, was=was, reason=reason_code, cancelled=cancelled))
        tell(post, Event.POST_RETURNED, reason=reason_code, roles=Event.POST_SUBMITTED.spec.roles)
    return post


# -- scheduling -------------------------------------------------------------------------------
def schedule(who: Who, post: Post, publish_at: datetime | None) -> Post:
    """Give an approved post its time (None: now). A failed post is tried again."""
    with transaction.atomic():
        _lock(post)
        _move(post, Op.SCHEDULE)
        if post.verdict == rules.NEEDS_AUTHORIZATION:
            post.publish_at = publish_at
            check = consent_check(post, _publish_date(post))
            if not check.ok:
                raise Refused(f"The linked authorization does not cover this post then ({check.why}).",
                              code=check.code or "conflict")
        _schedule(who, post, publish_at)
    return post


def move(who: Who, post: Post, day: date, tz: tzinfo) -> Post:
    """Move a scheduled post to another `day` (the calendar's drag, or "Move to…"), keeping its
    time of day in `tz` (the person's zone). Checked again as a new time is: the engine's verdict
    on the text today must be the one it was approved with, this version must still hold the
    approvals the organization requires (or a privacy officer's override of a block), the
    authorization must cover the new day, and the new time must be to come."""
    with transaction.atomic():
        _lock(post)
        if post.publish_at is None:
            raise Refused("This post has no time yet; schedule it from its page.", code="conflict")
        local = timezone.localtime(post.publish_at, tz)
        when = timezone.make_aware(datetime.combine(day, local.time().replace(tzinfo=None)), tz).astimezone(
            dt_timezone.utc)
        facts = rules.MoveFacts(state=post.state_enum, when=when, now=timezone.now(), scanned=post.scanned,
                                verdict=post.verdict, verdict_now=_engine_verdict(post)[1].verdict,
                                approvals=len(_approved_by(post)), required=approvals_required(post.org),
                                overridden=post.overridden)
        if msg := rules.move_refusal(facts):
            raise Refused(msg, code="conflict")
        if post.verdict == rules.NEEDS_AUTHORIZATION:
            before, post.publish_at = post.publish_at, when
            check = consent_check(post, _publish_date(post))
            if not check.ok:
                post.publish_at = before
                raise Refused(f"The linked authorization does not cover this post on {day:%d %B %Y} ({check.why}).",
                              code=check.code or "conflict")
        _schedule(who, post, when, moved_from=local.date().isoformat())
    return post


def _schedule(who: Who, post: Post, publish_at: datetime | None, **meta) -> None:
    due = publish_at or timezone.now()
    post.publish_at = due
    post.state = State.SCHEDULED.value
    post.save()
    for channel in post.channels.all():
        d, created = Delivery.objects.get_or_create(post=post, channel=channel,
                                                    defaults={"org_id": post.org_id, "due_at": due})
        if not created and d.state in (rules.Delivery.CANCELLED.value, rules.Delivery.FAILED.value,
                                       rules.Delivery.PENDING.value):
            # keep attempts and first_attempt_at: the idempotency key must see earlier attempts
            Delivery.objects.filter(pk=d.pk).update(state=rules.Delivery.PENDING.value, due_at=due,
                                                    lease_until=None, budget_from=d.attempts)
    post.deliveries.exclude(channel__in=post.channels.all()).filter(
        state=rules.Delivery.PENDING.value).update(state=rules.Delivery.CANCELLED.value)
    record(who, "post.schedule", post, _meta(post, publish_at=due.isoformat(timespec="minutes"),
                                             channels=[c.pk for c in post.channels.all()], **meta))
