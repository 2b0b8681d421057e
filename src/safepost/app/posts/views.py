"""Posts pages: compose (with the live check and per-channel preview), the review queue, the
calendar, the history and one post with its actions. HTTP only: every change is a service call."""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.contrib import messages
from django.db.models import Count, F, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safepost.app.accounts.access import org_view
from safepost.app.accounts.rules import Action, can
from safepost.app.audit.models import AuditEntry
from safepost.app.audit.services import Who
from safepost.app.channels import rules as channel_rules
from safepost.app.channels.models import Channel
from safepost.app.posts import marks, media, media_edits, orgmodel, rules, services
from safepost.app.posts.forms import ComposeForm, ReasonForm, ScheduleForm, SettingsForm
from safepost.app.posts.models import Attachment, Post
from safepost.app.posts.rules import Refused, State
from safepost.app.training.services import TRAINING_REQUIRED
from safepost.app.training.views import training_required
from safepost.app.web.highlight import segments
from safepost.app.web.paging import page_number, page_of
from safepost.app.lib.ids import is_row_id
from safepost.engine import scan
from safepost.engine.media import MediaError

VERDICT_LABELS = {"ALLOW": "Allow", "NEEDS_AUTHORIZATION": "Needs authorization", "BLOCK": "Block",
                  "PRIVATE_FOLLOW_UP": "Private follow-up"}
LIST_PAGE = 50                 # posts per page of the history
LIST_FILTERS = [("", "All"), ("draft", "Drafts"), ("in_review", "In review"), ("scheduled", "Scheduled"),
                ("published", "Published"), ("failed", "Failed"), ("rejected", "Rejected"),
                ("withdrawn", "Withdrawn")]


# list pages read what they show: channels without their (encrypted) credentials, authors
# without their second-factor secret, posts without the notes nobody sees there
LIGHT_CHANNELS = Prefetch("channels", queryset=Channel.objects.only("id", "name", "platform").order_by("name"))
UNSEEN = ("override_reason", "review_note", "author__totp_secret")


def _channels(org):
    return list(Channel.objects.filter(org=org).order_by("name"))


def _consents(org):
    from safepost.app.consent.models import Consent

    return list(Consent.objects.filter(org=org).order_by("-id")[:200])


def _check_context(org, text: str, channel_ids) -> dict:
    report = scan(text, direction="outbound", kind="post", org=services.policy_for(org), today=date.today())
    chosen = [c for c in _channels(org) if c.pk in set(channel_ids)]
    return {"report": report, "segments": segments(text, report),
            "verdict_label": VERDICT_LABELS.get(report.verdict.value, report.verdict.value),
            "previews": [(c, channel_rules.network_preview(c.platform, text)) for c in chosen]}


def _compose_form(request, data=None, files=None, initial=None):
    return ComposeForm(data, files, initial=initial, channels=[c for c in _channels(request.org)
                                                               if c.status == channel_rules.Status.ACTIVE.value],
                       consents=_consents(request.org))


def _attachments(form) -> list[services.NewAttachment]:
    out = []
    if f := form.cleaned_data.get("photo"):
        out.append(services.NewAttachment(kind="photo", mime_type=f.content_type, data=f.read(),
                                          alt_text=form.cleaned_data.get("photo_alt", "")))
    if f := form.cleaned_data.get("video"):
        out.append(services.NewAttachment(kind="video", mime_type=f.content_type, data=f.read(),
                                          alt_text=form.cleaned_data.get("video_alt", "")))
    return out


# -- compose ----------------------------------------------------------------------------------
@org_view(Action.POSTS_WRITE)
@require_http_methods(["GET", "POST"])
def compose(request):
    form = _compose_form(request, request.POST or None, request.FILES or None)
    status = 400
    ctx = {"form": form}
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        who = Who.from_request(request)
        try:
            post = services.create_post(who, request.org, d["text"], d["channels"], d["publish_at"],
                                        consent_id=d["consent"], consent_use=d.get("consent_use") or None,
                                        attachments=_attachments(form))
            if request.POST.get("action") == "submit":
                services.submit(who, post)
                messages.success(request, "Submitted for review.")
            else:
                messages.success(request, "Draft saved.")
        except Refused as e:
            form.add_error(None, e.message)
            status = 403 if e.code == TRAINING_REQUIRED else 400
        else:
            return redirect("posts-detail", org=request.org.slug, post_id=post.pk)
    if request.method == "POST" and form.data.get("text"):
        ctx = {**ctx, **_check_context(request.org, form.data.get("text", ""),
                                       _int_list(request.POST.getlist("channels")))}
    return render(request, "posts/compose.html", ctx, status=200 if not form.errors else status)


def _int_list(values) -> list[int]:
    return [int(v) for v in values if is_row_id(v)]    # "²" and 2**70 are not ids (issue 10)


@org_view(Action.POSTS_WRITE)
@require_POST
def check(request):
    """The live check on the compose page (htmx): verdict, highlights, per-channel counts."""
    text = request.POST.get("text", "")
    if not text.strip():
        return render(request, "posts/_check.html", {})
    if len(text) > settings.SCAN_MAX_CHARS:
        return render(request, "posts/_check.html", {"too_long": True}, status=400)
    return render(request, "posts/_check.html",
                  _check_context(request.org, text, _int_list(request.POST.getlist("channels"))))


# -- lists ------------------------------------------------------------------------------------
@org_view(Action.POSTS_VIEW)
@require_GET
def post_list(request):
    state = request.GET.get("state", "")
    qs = Post.objects.filter(org=request.org).select_related("author").defer(*UNSEEN).prefetch_related(LIGHT_CHANNELS)
    if state in {s.value for s in State}:
        qs = qs.filter(state=state)
    page = page_number(request)
    posts, older = page_of(qs, page, LIST_PAGE)
    return render(request, "posts/list.html", {"posts": posts, "filters": LIST_FILTERS, "state": state,
                                               "page": page, "older": older,
                                               "can_write": can(request.membership.role, Action.POSTS_WRITE)})


@org_view(Action.POSTS_VIEW)
@require_GET
def review_queue(request):
    approved = Count("approvals", filter=Q(approvals__version=F("version"),
                                           approvals__decision__in=("approve", "override")))
    posts = (Post.objects.filter(org=request.org, state=State.IN_REVIEW.value).select_related("author")
             .defer(*UNSEEN).prefetch_related(LIGHT_CHANNELS).annotate(approved_now=approved)
             .order_by("submitted_at", "id"))
    required = services.approvals_required(request.org)
    page = page_number(request)
    shown, later = page_of(posts, page, LIST_PAGE)
    rows = [(p, p.approved_now) for p in shown]           # one query, not one per post
    return render(request, "posts/review.html", {"rows": rows, "required": required, "page": page, "later": later})


@org_view(Action.POSTS_VIEW)
@require_GET
def post_calendar(request):
    """The month view of the calendar (web/planner.py), for `?month=YYYY-MM`."""
    from safepost.app.web import planner

    try:
        first = datetime.strptime(request.GET.get("month", ""), "%Y-%m").date()
    except ValueError:
        first = None
    return planner.show(request, "month", planner.start_or(first, timezone.localdate()))


# -- one post ---------------------------------------------------------------------------------
def _post(request, post_id: int) -> Post:
    return get_object_or_404(Post.objects.select_related("author", "override_by"), org=request.org, pk=post_id)


@org_view(Action.POSTS_VIEW)
@require_GET
def detail(request, post_id: int):
    post = _post(request, post_id)
    role = request.membership.role
    ctx = _check_context(request.org, post.text, list(post.channels.values_list("pk", flat=True)))
    history = AuditEntry.objects.filter(org=request.org, object_type="posts.post", object_id=str(post.pk)).order_by("seq")
    approvals = list(post.approvals.select_related("user"))
    ctx = {**ctx, **{
        "post": post, "deliveries": list(post.deliveries.select_related("channel")), "approvals": approvals,
        "history": history, "required": services.approvals_required(request.org),
        "approved_now": sum(1 for a in approvals if a.version == post.version and a.decision in ("approve", "override")),
        "takedowns": list(post.takedowns.all()),
        "images": list(post.attachments.filter(kind="photo")),
        "images_editable": rules.media_edit_refusal("remove", post.state_enum) is None,
        "videos": list(post.attachments.filter(kind="video")),
        "videos_pending": post.attachments.filter(kind="video", scan_state="pending").exists(),
        "can_write": can(role, Action.POSTS_WRITE), "can_approve": can(role, Action.POSTS_APPROVE),
        "can_publish": can(role, Action.POSTS_PUBLISH),
        "marks": marks.marks_of(post), "marked": post.marks.filter(
            version=post.version, user_id=request.user.pk).exists(),
        "can_override": can(role, Action.POSTS_OVERRIDE) and post.verdict == rules.BLOCK,
        "override_requested_by": next((a.user.email for a in approvals if a.version == post.version
                                       and a.decision == "override_request" and a.user), ""),
        "allowed": {op.value for op in rules.Op if post.state_enum in rules.ALLOWED_FROM[op]},
        "reason_form": ReasonForm(), "schedule_form": ScheduleForm(
            initial={"publish_at": timezone.localtime(post.publish_at) if post.publish_at else None}),
        "consent_ok": services.consent_check(post, timezone.localdate()) if post.verdict == rules.NEEDS_AUTHORIZATION else None,
    }}
    return render(request, "posts/detail.html", ctx)


@org_view(Action.POSTS_WRITE)
@require_http_methods(["GET", "POST"])
def edit(request, post_id: int):
    post = _post(request, post_id)
    initial = {"text": post.text, "channels": list(post.channels.values_list("pk", flat=True)),
               "publish_at": timezone.localtime(post.publish_at) if post.publish_at else None,
               "consent": post.consent_id, "consent_use": post.consent_use}
    form = _compose_form(request, request.POST or None, request.FILES or None, initial=initial)
    status = 400
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.edit_post(Who.from_request(request), post, text=d["text"], channel_ids=d["channels"],
                               publish_at=d["publish_at"], consent_id=d["consent"],
                               consent_use=d.get("consent_use") or post.consent_use, attachments=_attachments(form))
        except Refused as e:
            form.add_error(None, e.message)
            status = 403 if e.code == TRAINING_REQUIRED else 400
        else:
            messages.success(request, "Saved." if post.state != State.IN_REVIEW.value else
                             "Saved; the post is (back) in review.")
            return redirect("posts-detail", org=request.org.slug, post_id=post.pk)
    ctx = {"form": form, "post": post,
           **_check_context(request.org, form.data.get("text", post.text) if form.is_bound else post.text,
                            initial["channels"])}
    return render(request, "posts/compose.html", ctx, status=200 if not form.errors else status)


def _act(request, post_id: int, call, done: str):
    post = _post(request, post_id)
    try:
        call(Who.from_request(request), post)
    except Refused as e:
        if e.code == TRAINING_REQUIRED:
            return training_required(request, e.message)
        messages.error(request, e.message)
    else:
        messages.success(request, done)
    return redirect("posts-detail", org=request.org.slug, post_id=post.pk)


@org_view(Action.POSTS_WRITE)
@require_POST
def submit(request, post_id: int):
    return _act(request, post_id, services.submit, "Submitted for review.")


@org_view(Action.POSTS_APPROVE)
@require_POST
def approve(request, post_id: int):
    return _act(request, post_id, services.approve, "Approved.")


def _reason(request) -> str:
    form = ReasonForm(request.POST)
    return form.cleaned_data["reason"] if form.is_valid() else ""


@org_view(Action.POSTS_APPROVE)
@require_POST
def reject(request, post_id: int):
    reason = _reason(request)
    return _act(request, post_id, lambda who, p: services.reject(who, p, reason), "Rejected; the author can fix it.")


@org_view(Action.POSTS_OVERRIDE)
@require_POST
def override(request, post_id: int):
    reason = _reason(request)
    confirm = request.POST.get("confirm", "")[:20]
    return _act(request, post_id, lambda who, p: services.override(who, p, reason, confirm),
                "Override recorded (a second privacy officer confirms it when the two-person rule is on).")


@org_view(Action.POSTS_WRITE)
@require_POST
def withdraw(request, post_id: int):
    return _act(request, post_id, services.withdraw, "Withdrawn.")


@org_view(Action.POSTS_WRITE)
@require_POST
def schedule(request, post_id: int):
    form = ScheduleForm(request.POST)
    when = form.cleaned_data["publish_at"] if form.is_valid() else None
    if not form.is_valid():
        messages.error(request, "Enter a date and time, or leave it empty for now.")
        return redirect("posts-detail", org=request.org.slug, post_id=post_id)
    return _act(request, post_id, lambda who, p: services.schedule(who, p, when), "Scheduled.")


NOW_OUTCOMES = {"published": "published", "retry": "will be retried", "failed": "failed",
               "sent_back": "went back to review", "cancelled": "cancelled", "elsewhere": "already being published"}


@org_view(Action.POSTS_PUBLISH)
@require_POST
def publish_now(request, post_id: int):
    from safepost.app.posts.publishing import publish_now as publish

    post = _post(request, post_id)
    try:
        outcomes = publish(Who.from_request(request), post)
    except Refused as e:
        messages.error(request, e.message)
    else:
        parts = [f"{n} {NOW_OUTCOMES.get(k, k)}" for k, n in sorted(outcomes.items())]
        done = outcomes.get("published", 0) and len(outcomes) == 1
        (messages.success if done else messages.warning)(request, "Publish now: " + ", ".join(parts) + ".")
    return redirect("posts-detail", org=request.org.slug, post_id=post.pk)


@org_view(Action.POSTS_APPROVE)
@require_POST
def engine_mark(request, post_id: int):
    kind, note = request.POST.get("kind", ""), request.POST.get("note", "")[:marks.MAX_NOTE + 1]
    return _act(request, post_id, lambda who, p: marks.mark(who, p, kind, note),
                "Thank you: your mark is kept for the organization's own model.")


# -- settings ---------------------------------------------------------------------------------
@org_view(Action.POSTS_CONFIGURE)
@require_http_methods(["GET", "POST"])
def settings_page(request):
    form = SettingsForm(request.POST or None, initial={"approvals_required": services.approvals_required(request.org),
                                                       "two_person_override": services.two_person_override(request.org)})
    if request.method == "POST":
        if form.is_valid():
            who, d = Who.from_request(request), form.cleaned_data
            try:
                services.set_approvals_required(who, request.org, d["approvals_required"])
                if d["two_person_override"] != services.two_person_override(request.org):
                    services.set_two_person_override(who, request.org, d["two_person_override"])
            except Refused as e:
                messages.error(request, e.message)
            else:
                messages.success(request, "Saved.")
            return redirect("posts-settings", org=request.org.slug)
    return render(request, "posts/settings.html", {"form": form, "engine": orgmodel.status(request.org)},
                  status=200 if not form.errors else 400)


@org_view(Action.POSTS_CONFIGURE)
@require_POST
def engine_model(request):
    on = request.POST.get("use") == "on"
    if orgmodel.set_enabled(Who.from_request(request), request.org, on):
        messages.success(request, "Scans now use the organization's own model." if on else "Scans now use the base model.")
    else:
        messages.error(request, "There is no model of this organization's own yet.")
    return redirect("posts-settings", org=request.org.slug)


# -- images -----------------------------------------------------------------------------------
@org_view(Action.POSTS_VIEW)
@require_GET
def attachment_image(request, post_id: int, attachment_id: int):
    """The copy of one image that is published (no metadata), for members of the post's organization;
    `?copy=original` or `?copy=redacted` for either copy (the review page shows both)."""
    a = get_object_or_404(Attachment, post__org=request.org, post_id=post_id, pk=attachment_id, kind="photo")
    copy = request.GET.get("copy", "")
    if copy and copy not in media.COPIES:
        raise Http404("No such copy.")
    try:
        data = a.copy_bytes(copy) if copy else a.published_bytes()
    except MediaError:
        raise Http404("This image cannot be shown: it could not be read.") from None
    resp = HttpResponse(data, content_type=a.mime_type)
    resp["X-Content-Type-Options"] = "nosniff"
    resp["Content-Disposition"] = f'inline; filename="post-{post_id}-image-{a.pk}"'
    resp["Cache-Control"] = "private, no-store"
    return resp


def _image_act(request, post_id: int, attachment_id: int, call, done: str):
    """A change of one image of the post (media_edits.py); 404 for an image not on this post."""
    get_object_or_404(Attachment, post__org=request.org, post_id=post_id, pk=attachment_id, kind="photo")
    return _act(request, post_id, lambda who, p: call(who, p, attachment_id), done)


@org_view(Action.POSTS_APPROVE)
@require_POST
def image_copy(request, post_id: int, attachment_id: int):
    copy = request.POST.get("copy", "")[:20]
    return _image_act(request, post_id, attachment_id, lambda who, p, a: media_edits.choose_copy(who, p, a, copy),
                      "The redacted copy will be published." if copy == media.REDACTED else
                      "The original (metadata removed) will be published.")


@org_view(Action.POSTS_WRITE)
@require_POST
def image_remove(request, post_id: int, attachment_id: int):
    return _image_act(request, post_id, attachment_id, media_edits.remove_image, "Image removed.")


@org_view(Action.POSTS_WRITE)
@require_POST
def image_alt_text(request, post_id: int, attachment_id: int):
    alt = request.POST.get("alt_text", "")[:media.MAX_ALT_CHARS + 1]
    return _image_act(request, post_id, attachment_id, lambda who, p, a: media_edits.set_alt_text(who, p, a, alt),
                      "Description saved and checked.")


# -- videos -----------------------------------------------------------------------------------
def _video(request, post_id: int, attachment_id: int) -> Attachment:
    return get_object_or_404(Attachment, post__org=request.org, post_id=post_id, pk=attachment_id, kind="video")


def _private(resp: HttpResponse, name: str) -> HttpResponse:
    resp["X-Content-Type-Options"] = "nosniff"
    resp["Content-Disposition"] = f'inline; filename="{name}"'
    resp["Cache-Control"] = "private, no-store"
    return resp


@org_view(Action.POSTS_VIEW)
@require_GET
def attachment_video(request, post_id: int, attachment_id: int):
    """The stripped copy of a post's video (no container metadata), for members of its organization."""
    a = _video(request, post_id, attachment_id)
    try:
        data = a.published_bytes()
    except MediaError:
        raise Http404("This video cannot be shown.") from None
    return _private(HttpResponse(data, content_type=a.mime_type), f"post-{post_id}-video-{a.pk}")


@org_view(Action.POSTS_VIEW)
@require_GET
def video_frame(request, post_id: int, attachment_id: int, frame: int):
    """One checked keyframe of a post's video that has findings (JPEG), for the review page."""
    import base64

    frames = _video(request, post_id, attachment_id).frame_list()
    if not 0 <= frame < len(frames):
        raise Http404("No such frame.")
    return _private(HttpResponse(base64.b64decode(frames[frame]["jpeg"]), content_type="image/jpeg"),
                    f"post-{post_id}-video-{attachment_id}-frame-{frame}.jpg")


@org_view(Action.POSTS_WRITE)
@require_POST
def video_remove(request, post_id: int, attachment_id: int):
    _video(request, post_id, attachment_id)                       # 404 for a video not on this post
    return _act(request, post_id, lambda who, p: media_edits.remove_video(who, p, attachment_id), "Video removed.")
