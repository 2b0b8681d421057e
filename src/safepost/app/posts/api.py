"""/api/v1/posts: the same workflow as the pages. Other tools depend on these shapes:

    POST /api/v1/posts                 {"text", "channels": [ids], "publish_at": ISO-8601 | null}
                                       → 201 {"id", "state", "verdict", …}
    GET  /api/v1/posts/{id}            → {"state", …, "remote": {"<channel id>": {platform, id, url}}}
    GET  /api/v1/posts?state=          → [post, …] newest first
    PATCH /api/v1/posts/{id}           edit (after approval: back to review)
    POST /api/v1/posts/{id}/submit | approve | reject | override | withdraw | schedule
    POST /api/v1/posts/{id}/marks      {"kind": "false_alarm" | "missed_phi", "note"} → 201 the mark (no text),
                                       or 409 when the engine's verdict does not fit the mark
    POST /api/v1/posts/{id}/attachments   multipart: file (JPEG/PNG/WebP, ≤ 10 MB, ≤ 4 per post; or one
                                       MP4/MOV/WebM video, ≤ 50 MB, ≤ 10 min, within the channels' limits), alt_text
                                       → 201 post (its verdict merged with the image's; a video's scan is
                                       "pending" until the worker's job `mediascan` has run), or 400 what to fix
    POST   /api/v1/posts/{id}/attachments/{aid}/copy  {"publish_copy": "original" | "redacted"} (reviewers) → 200 post
    PATCH  /api/v1/posts/{id}/attachments/{aid}       {"alt_text"} → 200 post (the description checked again)
    DELETE /api/v1/posts/{id}/attachments/{aid}       → 200 post (its verdict merged again; an image or the video)
                                       (these three before approval only; 404 for an image not on the post)
                                       → 200 post, or 409 {"detail": why the workflow refuses}
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from ninja import File, Form, Router, Schema, Status, UploadedFile
from ninja.errors import HttpError
from pydantic import ConfigDict, Field

from django.conf import settings

from safepost.app.accounts.rules import Action
from safepost.app.api.auth import require
from safepost.app.api.schemas import ErrorDict
from safepost.app.audit.services import Who
from safepost.app.posts import marks, media, media_edits, services, videos
from safepost.app.posts.models import Post
from safepost.app.posts.rules import Refused, State

router = Router(tags=["posts"])

StateName = Literal["draft", "in_review", "approved", "scheduled", "published", "rejected", "failed", "withdrawn"]
REFUSAL_STATUS = {"not_found": 404, "conflict": 409, "invalid": 400, "forbidden": 403, "consent_subject_mismatch": 409,
                  "training_required": 403, "unavailable": 503}


class PostSpec(Schema):
    """A new post (a draft, checked at once)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    text: str = Field(..., min_length=1, max_length=settings.SCAN_MAX_CHARS)
    channels: list[int] = Field(default_factory=list, description="ids from GET /api/v1/channels")
    publish_at: datetime | None = Field(None, strict=False, description="ISO-8601 with a time zone; null: "
                                        "not scheduled yet (schedule it after approval)")
    consent: int | None = Field(None, description="the patient's authorization (POST /api/v1/consents)")


class PostEditSpec(Schema):
    """Only the fields sent are changed."""

    model_config = ConfigDict(extra="forbid", strict=True)

    text: str | None = Field(None, min_length=1, max_length=settings.SCAN_MAX_CHARS)
    channels: list[int] | None = None
    publish_at: datetime | None = Field(None, strict=False)
    consent: int | None = None


class ReasonSpec(Schema):
    model_config = ConfigDict(extra="forbid", strict=True)

    reason: str = Field(..., min_length=1, max_length=2000)


class OverrideSpec(ReasonSpec):
    confirm: str = Field("", max_length=20, description='the word "RELEASE", typed by the officer')


class ScheduleSpec(Schema):
    model_config = ConfigDict(extra="forbid", strict=True)

    publish_at: datetime | None = Field(None, strict=False, description="null: now")


class RemoteDict(Schema):
    platform: str
    id: str
    url: str | None = None


class DeliveryDict(Schema):
    channel: int
    platform: str
    state: str
    attempts: int
    remote: RemoteDict | None = None
    error: str


class ImageFindingDict(Schema):
    source: str = Field(description="text (read in the image), face, metadata or alt_text")
    label: str
    plain: str
    is_phi: bool
    box: list[int] | None = Field(None, description="[x, y, width, height] in the image's pixels (a video's: "
                                  "in its keyframe's, as served by the frame's page)")
    field: str | None = None
    time: float | None = Field(None, description="a video's: seconds from the start of the frame it is in "
                                                 "(null: the file's metadata or the description)")


class AttachmentDict(Schema):
    id: int
    kind: str = Field(description="photo or video")
    scan_state: str = Field(description="done; pending (a video the worker has not checked yet: the post "
                                        "cannot be submitted or approved); failed (a person must watch it)")
    duration: float = Field(0.0, description="a video's seconds")
    frames_checked: int = Field(0, description="a video's keyframes checked")
    mime_type: str
    size: int
    width: int
    height: int
    alt_text: str
    verdict: str
    reasons: list[str]
    faces: int
    findings: list[ImageFindingDict]
    publish_copy: Literal["original", "redacted"] = Field(
        "original", description="the copy that is published: the original without metadata, or the redacted one")
    redacted: "RedactedDict | None" = Field(None, description="the redacted copy (faces blurred, text findings "
                                            "boxed out), when the check found something to cover")


class RedactedDict(Schema):
    verdict: str
    reasons: list[str]
    faces_blurred: int
    boxed: int
    findings: list[ImageFindingDict] = Field(description="what is still found in the redacted copy")


AttachmentDict.model_rebuild()


def attachment_dict(a) -> dict:
    scan = a.scan or {}
    red = a.redacted_scan or {}
    return {"id": a.pk, "kind": a.kind, "scan_state": a.scan_state, "duration": a.duration,
            "frames_checked": scan.get("frames_checked", 0), "mime_type": a.mime_type, "size": a.size,
            "width": a.width, "height": a.height,
            "alt_text": a.alt_text, "verdict": a.verdict, "reasons": scan.get("reasons", []),
            "faces": scan.get("faces", 0), "findings": a.findings, "publish_copy": a.publish_copy,
            "redacted": {"verdict": red.get("verdict", ""), "reasons": red.get("reasons", []),
                         "faces_blurred": red.get("blurred", 0), "boxed": red.get("boxed", 0),
                         "findings": a.redacted_findings} if a.has_redacted else None}


class PostDict(Schema):
    id: int
    state: StateName
    verdict: str
    reasons: list[str]
    labels: list[str]
    text: str
    channels: list[int]
    publish_at: datetime | None
    consent: int | None
    author: str | None
    version: int
    approvals: int
    approvals_required: int
    overridden: bool
    review_note: str
    created: datetime
    published_at: datetime | None
    deliveries: list[DeliveryDict]
    remote: dict[str, RemoteDict] = Field(description="per channel id, once published there")
    attachments: list[AttachmentDict] = Field(default_factory=list, description="images, with what their check found")


def post_dict(post: Post) -> dict:
    deliveries = list(post.deliveries.select_related("channel"))
    approvals = set(post.approvals.filter(version=post.version, decision__in=("approve", "override"))
                    .values_list("user_id", flat=True))

    def remote_of(d) -> dict | None:
        if not d.remote:
            return None
        return {"platform": d.remote.get("platform", d.channel.platform), "id": d.remote.get("id", ""),
                "url": d.remote.get("url")}

    return {
        "id": post.pk, "state": post.state, "verdict": post.verdict, "reasons": post.reasons,
        "labels": post.labels, "text": post.text, "channels": sorted(post.channels.values_list("pk", flat=True)),
        "publish_at": post.publish_at, "consent": post.consent_id,
        "author": post.author.email if post.author_id else None, "version": post.version,
        "approvals": len(approvals), "approvals_required": services.approvals_required(post.org),
        "overridden": post.overridden, "review_note": post.review_note, "created": post.created,
        "published_at": post.published_at,
        "deliveries": [{"channel": d.channel_id, "platform": d.channel.platform, "state": d.state,
                        "attempts": d.attempts, "remote": remote_of(d), "error": d.last_error} for d in deliveries],
        "remote": {str(d.channel_id): remote_of(d) for d in deliveries if d.remote and d.state == "published"},
        "attachments": [attachment_dict(a) for a in post.attachments.all()],
    }


def _aware(dt: datetime | None) -> datetime | None:
    if dt is not None and dt.tzinfo is None:
        raise HttpError(422, "publish_at needs a time zone, e.g. 2026-12-01T09:00:00Z")
    return dt


def _refused(e: Refused) -> JsonResponse:
    return JsonResponse({"detail": e.message, "code": e.code}, status=REFUSAL_STATUS.get(e.code, 409))


def _get(request, post_id: int) -> Post:
    return get_object_or_404(Post.objects.select_related("org", "author"), org=request.org, pk=post_id)


ERRORS = {400: ErrorDict, 401: ErrorDict, 403: ErrorDict, 404: ErrorDict, 409: ErrorDict, 422: ErrorDict}


@router.post("/posts", response={201: PostDict, **ERRORS}, summary="Create a post (a checked draft)",
             operation_id="post_create")
def create_post(request, spec: PostSpec):
    require(request, Action.POSTS_WRITE)
    try:
        post = services.create_post(Who.from_request(request), request.org, spec.text, spec.channels,
                                    _aware(spec.publish_at), consent_id=spec.consent)
    except Refused as e:
        return _refused(e)
    return Status(201, post_dict(post))


@router.get("/posts", response={200: list[PostDict], **ERRORS}, summary="List posts", operation_id="post_list")
def list_posts(request, state: StateName | None = None, limit: int = 50):
    require(request, Action.POSTS_VIEW)
    qs = Post.objects.filter(org=request.org).select_related("org", "author")
    if state:
        qs = qs.filter(state=State(state).value)
    return [post_dict(p) for p in qs.order_by("-created", "-id")[:max(1, min(limit, 200))]]


@router.get("/posts/{post_id}", response={200: PostDict, **ERRORS}, summary="One post", operation_id="post_get")
def get_post(request, post_id: int):
    require(request, Action.POSTS_VIEW)
    return post_dict(_get(request, post_id))


@router.patch("/posts/{post_id}", response={200: PostDict, **ERRORS}, summary="Edit a post",
              operation_id="post_edit")
def edit_post(request, post_id: int, spec: PostEditSpec):
    require(request, Action.POSTS_WRITE)
    post = _get(request, post_id)
    sent = spec.model_fields_set
    kwargs = {}
    if "text" in sent and spec.text is not None:
        kwargs["text"] = spec.text
    if "channels" in sent and spec.channels is not None:
        kwargs["channel_ids"] = spec.channels
    if "publish_at" in sent:
        kwargs["publish_at"] = _aware(spec.publish_at)
    if "consent" in sent:
        kwargs["consent_id"] = spec.consent
    try:
        services.edit_post(Who.from_request(request), post, **kwargs)
    except Refused as e:
        return _refused(e)
    return post_dict(post)


def _transition(request, post_id: int, action: Action, call, *, reread: bool = False):
    """Run `call(who, post)`; `reread` when it changes rows beside the post (its images)."""
    require(request, action)
    post = _get(request, post_id)
    try:
        call(Who.from_request(request), post)
    except Refused as e:
        return _refused(e)
    if reread:
        post.refresh_from_db()
    return post_dict(post)


@router.post("/posts/{post_id}/submit", response={200: PostDict, **ERRORS}, summary="Submit for review",
             operation_id="post_submit")
def submit(request, post_id: int):
    return _transition(request, post_id, Action.POSTS_WRITE, services.submit)


@router.post("/posts/{post_id}/approve", response={200: PostDict, **ERRORS}, summary="Approve",
             operation_id="post_approve")
def approve(request, post_id: int):
    return _transition(request, post_id, Action.POSTS_APPROVE, services.approve)


@router.post("/posts/{post_id}/reject", response={200: PostDict, **ERRORS}, summary="Reject with a reason",
             operation_id="post_reject")
def reject(request, post_id: int, spec: ReasonSpec):
    return _transition(request, post_id, Action.POSTS_APPROVE, lambda who, p: services.reject(who, p, spec.reason))


@router.post("/posts/{post_id}/override", response={200: PostDict, **ERRORS},
             summary="Release a blocked post (privacy officer, written reason)", operation_id="post_override")
def override(request, post_id: int, spec: OverrideSpec):
    return _transition(request, post_id, Action.POSTS_OVERRIDE,
                       lambda who, p: services.override(who, p, spec.reason, spec.confirm))


@router.post("/posts/{post_id}/withdraw", response={200: PostDict, **ERRORS}, summary="Withdraw",
             operation_id="post_withdraw")
def withdraw(request, post_id: int):
    return _transition(request, post_id, Action.POSTS_WRITE, services.withdraw)


@router.post("/posts/{post_id}/schedule", response={200: PostDict, **ERRORS},
             summary="Schedule an approved post (null: now)", operation_id="post_schedule")
def schedule(request, post_id: int, spec: ScheduleSpec):
    when = _aware(spec.publish_at)
    return _transition(request, post_id, Action.POSTS_WRITE, lambda who, p: services.schedule(who, p, when))


@router.post("/posts/{post_id}/attachments", response={201: PostDict, **ERRORS},
             summary="Attach an image or a video (multipart: file, alt_text); an image is checked at once, a video by the worker", operation_id="post_attach")
def add_attachment(request, post_id: int, file: File[UploadedFile], alt_text: Form[str] = ""):
    require(request, Action.POSTS_WRITE)
    post = _get(request, post_id)
    head = file.read(12)
    file.seek(0)
    kind = "video" if videos.looks_like_video(head) else "photo"
    limit, noun = (videos.MAX_VIDEO_BYTES, "video") if kind == "video" else (media.MAX_BYTES, "image")
    if file.size > limit:
        return JsonResponse({"detail": f"The {noun} is {file.size / 1e6:.1f} MB; the limit is "
                                       f"{limit // (1024 * 1024)} MB: export it smaller.",
                             "code": "invalid"}, status=400)
    new = services.NewAttachment(kind=kind, mime_type=file.content_type or "", data=file.read(), alt_text=alt_text)
    try:
        services.edit_post(Who.from_request(request), post, attachments=[new])
    except Refused as e:
        return _refused(e)
    return Status(201, post_dict(post))


class MarkSpec(Schema):
    """A reviewer's mark on the engine's verdict for the post's current version."""

    model_config = ConfigDict(extra="forbid", strict=True)

    kind: Literal["false_alarm", "missed_phi"] = Field(..., description="false_alarm: flagged, but no PHI; "
                                                       "missed_phi: allowed, but it has PHI")
    note: str = Field("", max_length=marks.MAX_NOTE, description="optional; no patient details")


class MarkDict(Schema):
    id: int
    post: int
    version: int
    kind: str
    verdict: str
    probability: float | None
    created: datetime


@router.post("/posts/{post_id}/marks", response={201: MarkDict, **ERRORS},
             summary="Mark the engine's verdict as a false alarm or missed PHI", operation_id="post_mark")
def mark(request, post_id: int, spec: MarkSpec):
    require(request, Action.POSTS_APPROVE)
    post = _get(request, post_id)
    try:
        m = marks.mark(Who.from_request(request), post, spec.kind, spec.note)
    except Refused as e:
        return _refused(e)
    return Status(201, {"id": m.pk, "post": post.pk, "version": m.version, "kind": m.kind, "verdict": m.verdict,
                        "probability": m.probability, "created": m.created})


class CopySpec(Schema):
    model_config = ConfigDict(extra="forbid", strict=True)

    publish_copy: Literal["original", "redacted"] = Field(..., description="original: metadata removed; redacted: "
                                                          "faces blurred and text findings boxed out")


class AltTextSpec(Schema):
    model_config = ConfigDict(extra="forbid", strict=True)

    alt_text: str = Field(..., max_length=media.MAX_ALT_CHARS, description="the image's description; checked again")


@router.post("/posts/{post_id}/attachments/{attachment_id}/copy", response={200: PostDict, **ERRORS},
             summary="Choose the copy of an image that is published (reviewers)", operation_id="post_image_copy")
def choose_copy(request, post_id: int, attachment_id: int, spec: CopySpec):
    return _transition(request, post_id, Action.POSTS_APPROVE,
                         lambda who, p: media_edits.choose_copy(who, p, attachment_id, spec.publish_copy), reread=True)


@router.patch("/posts/{post_id}/attachments/{attachment_id}", response={200: PostDict, **ERRORS},
              summary="Change an image's description (alt text; checked again)", operation_id="post_image_alt")
def set_alt_text(request, post_id: int, attachment_id: int, spec: AltTextSpec):
    return _transition(request, post_id, Action.POSTS_WRITE,
                         lambda who, p: media_edits.set_alt_text(who, p, attachment_id, spec.alt_text), reread=True)


@router.delete("/posts/{post_id}/attachments/{attachment_id}", response={200: PostDict, **ERRORS},
               summary="Remove an image or the video from a post (before approval)", operation_id="post_image_remove")
def remove_image(request, post_id: int, attachment_id: int):
    return _transition(request, post_id, Action.POSTS_WRITE,
                         lambda who, p: media_edits.remove_attachment(who, p, attachment_id), reread=True)
