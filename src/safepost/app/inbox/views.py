"""Inbox pages: the triage queue, one item with its highlighted spans and the reply composer,
review import, settings; and two public endpoints: the secure message form and Meta webhooks.
HTTP only: every change goes through services."""

from __future__ import annotations

import logging

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safepost.app.accounts.access import org_view, public_view
from safepost.app.accounts.models import Membership
from safepost.app.accounts.rules import Action, can
from safepost.app.audit.services import Who, client_ip
from safepost.app.channels.models import Channel
from safepost.app.inbox import release, rules, services
from safepost.app.inbox.models import Item, Reply, Webhook
from safepost.app.training.views import training_required
from safepost.app.web.highlight import segments
from safepost.app.lib.ids import is_row_id
from safepost.engine import Finding

log = logging.getLogger("safepost.inbox")
PAGE_SIZE = 50


class _Findings:
    """What `web.highlight.segments` reads from a report: the stored spans as findings."""

    def __init__(self, spans: list[dict]) -> None:
        self.findings = [Finding(int(s["start"]), int(s["end"]), str(s["label"]), bool(s["is_phi"]),
                                 float(s.get("score", 0)), str(s.get("why", ""))) for s in spans]


def _base(request) -> str:
    return request.build_absolute_uri("/")


def _members(org):
    ms = Membership.objects.select_related("user").filter(org=org).order_by("user__email")
    return [m.user for m in ms if can(m.role, Action.INBOX_REPLY)]


def _filters(request) -> dict:
    g = request.GET
    state = g.get("state", "open")
    return {"state": state if state in ("open", "replied", "resolved", "") else "open",
            "verdict": g.get("verdict") if g.get("verdict") in rules.VERDICTS else "",
            "channel": g.get("channel", "") if (is_row_id(g.get("channel", "")) or g.get("channel") in rules.SOURCE_LABELS) else "",
            "age": g.get("age") if g.get("age") in rules.AGES else "",
            "assignee": g.get("assignee", "") if (is_row_id(g.get("assignee", "")) or g.get("assignee") in ("me", "none")) else ""}


# -- the queue --------------------------------------------------------------------------------
@org_view(Action.INBOX_VIEW)
@require_GET
def item_list(request):
    f = _filters(request)
    now = timezone.now()
    qs = services.queue(request.org, state=f["state"] or None, verdict=f["verdict"] or None,
                        channel=f["channel"] or None, age=f["age"] or None, assignee=f["assignee"] or None,
                        user_id=request.user.pk, now=now)
    qs = qs.select_related("channel", "assignee").defer("remote")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(it, rules.overdue(it.state, it.due_at, now), (it.body[:140] + "…") if len(it.body) > 140 else it.body)
            for it in page.object_list]
    query = "&".join(f"{k}={v}" for k, v in f.items() if v)
    return render(request, "inbox/list.html", {
        "rows": rows, "page": page, "f": f, "query": query, "now": now,
        "channels": Channel.objects.filter(org=request.org).only("id", "name"),
        "sources": sorted(rules.SOURCE_LABELS.items()), "verdicts": rules.VERDICT_LABELS.items(),
        "ages": [(k, v[0]) for k, v in rules.AGES.items()], "members": _members(request.org),
        "can_triage": can(request.membership.role, Action.INBOX_TRIAGE),
        "can_configure": can(request.membership.role, Action.INBOX_CONFIGURE)})


@org_view(Action.INBOX_TRIAGE)
@require_POST
def item_bulk(request):
    ids = [int(x) for x in request.POST.getlist("items") if is_row_id(x)]
    op = request.POST.get("op", "")
    assignee = request.POST.get("assignee", "")
    if not ids:
        messages.error(request, "Select at least one item.")
    else:
        try:
            done, errors = services.bulk(Who.from_request(request), request.org, ids, op,
                                         int(assignee) if is_row_id(assignee) else None)
        except services.Refused as e:
            messages.error(request, str(e))
        else:
            messages.success(request, f"{done} item(s) updated.")
            for e in errors[:5]:
                messages.error(request, e)
    return redirect(reverse("inbox-list", kwargs={"org": request.org.slug}) + "?" + request.POST.get("back", "")[:300])


# -- one item ---------------------------------------------------------------------------------
class ReplyForm(forms.Form):
    text = forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 6}), label="Your reply")
    situation = forms.ChoiceField(required=False, choices=[("", "—")] + [(s.value, l) for s, l in rules.SITUATION_LABELS.items()])


def _item(request, item_id: int) -> Item:
    return get_object_or_404(Item.objects.select_related("channel", "assignee", "org"), org=request.org, pk=item_id)


@org_view(Action.INBOX_VIEW)
@require_GET
def item_detail(request, item_id: int):
    it = _item(request, item_id)
    services.view(Who.from_request(request), it)
    sit = request.GET.get("template") or it.situation
    if sit not in {s.value for s in rules.Situation}:
        sit = it.situation
    form = ReplyForm(initial={"text": services.template_for(it, sit, _base(request)), "situation": sit})
    return render(request, "inbox/detail.html", _detail_ctx(request, it, form, sit))


def _detail_ctx(request, it: Item, form, sit: str, check=None) -> dict:
    return {"it": it, "segments": segments(it.body, _Findings(it.spans)), "form": form, "check": check,
            "situation": sit, "situations": [(s.value, l) for s, l in rules.SITUATION_LABELS.items()],
            "overdue": rules.overdue(it.state, it.due_at, timezone.now()), "replies": it.replies.select_related("released_by", "release_requested_by"),
            "can_hide": services.can_hide(it), "members": _members(request.org),
            "can_reply": can(request.membership.role, Action.INBOX_REPLY),
            "can_release": can(request.membership.role, Action.INBOX_RELEASE),
            "can_triage": can(request.membership.role, Action.INBOX_TRIAGE)}


@org_view(Action.INBOX_REPLY)
@require_POST
def item_check(request, item_id: int):
    """htmx: check the draft as it is typed; the send button is disabled while it is refused."""
    it = _item(request, item_id)
    text = request.POST.get("text", "")[:5000]
    check = services.check_reply(it, text, _base(request)) if text.strip() else None
    return render(request, "inbox/_check.html", {"check": check, "it": it})


@org_view(Action.INBOX_REPLY)
@require_POST
def item_reply(request, item_id: int):
    it = _item(request, item_id)
    form = ReplyForm(request.POST)
    sit = request.POST.get("situation") or it.situation
    if form.is_valid():
        try:
            services.send_reply(Who.from_request(request), it, form.cleaned_data["text"],
                                situation=form.cleaned_data["situation"], base_url=_base(request))
        except services.ReplyBlocked as e:
            return render(request, "inbox/detail.html", _detail_ctx(request, it, form, sit, e.check), status=409)
        except services.TrainingRequired as e:
            return training_required(request, str(e))
        except services.Refused as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, "Reply sent." if it.channel_id else
                             "Reply recorded: post it on the review site yourself (there is no API).")
            return redirect("inbox-detail", org=request.org.slug, item_id=it.pk)
    return render(request, "inbox/detail.html", _detail_ctx(request, it, form, sit), status=400)


@org_view(Action.INBOX_RELEASE)
@require_POST
def reply_release(request, item_id: int, reply_id: int):
    """A privacy officer releases (or, under the two-person rule, asks to release) a blocked reply."""
    it = _item(request, item_id)
    r = get_object_or_404(Reply, org=request.org, item=it, pk=reply_id)
    r.item = it
    try:
        r = release.release_reply(Who.from_request(request), r, request.POST.get("reason", "")[:2000],
                                  request.POST.get("confirm", "")[:40], base_url=_base(request))
    except services.SendFailed as e:
        messages.error(request, f"Released, but {e} It is kept as failed; an incident is open.")
    except services.Refused as e:
        messages.error(request, str(e))
    else:
        messages.success(request, "Release requested: a second privacy officer must confirm it." if r.released_at is None
                         else "Released and sent; an incident is open." if r.state == "sent"
                         else "Released: post it on the review site yourself; an incident is open.")
    return redirect("inbox-detail", org=request.org.slug, item_id=it.pk)


@org_view(Action.INBOX_TRIAGE)
@require_POST
def item_triage(request, item_id: int):
    it = _item(request, item_id)
    op = request.POST.get("op", "")
    who = Who.from_request(request)
    try:
        if op == "assign":
            a = request.POST.get("assignee", "")
            services.assign(who, it, int(a) if is_row_id(a) else None)
        elif op == "hide":
            services.hide(who, it)
        elif op == "resolve":
            services.resolve(who, it)
        elif op == "reopen":
            services.reopen(who, it)
        else:
            raise services.Refused("Unknown action.")
    except services.Refused as e:
        messages.error(request, str(e))
    else:
        messages.success(request, {"assign": "Assignment saved.", "hide": "Hidden on the platform.",
                                   "resolve": "Resolved.", "reopen": "Reopened."}[op])
    return redirect("inbox-detail", org=request.org.slug, item_id=it.pk)


# -- import and settings ----------------------------------------------------------------------
@org_view(Action.INBOX_TRIAGE)
@require_http_methods(["GET", "POST"])
def item_import(request):
    result, status = None, 200
    if request.method == "POST":
        f = request.FILES.get("file")
        if f is None or f.size > 5_000_000:
            messages.error(request, "Choose a CSV or JSON file of at most 5 MB.")
            status = 400
        else:
            result = services.import_reviews(Who.from_request(request), request.org, f.read(), f.name or "")
            status = 400 if result.created == 0 and result.errors else 200
    return render(request, "inbox/import.html", {"result": result, "fields": rules.REVIEW_FIELDS,
                                                 "sources": rules.REVIEW_SOURCES}, status=status)


class SettingsForm(forms.Form):
    sla_hours = forms.IntegerField(min_value=1, max_value=336, label="First response due within (hours)")
    contact_phone = forms.CharField(max_length=40, required=False, label="Office phone (shown in replies)")
    contact_email = forms.EmailField(max_length=200, required=False, label="Office e-mail (shown in replies)")
    portal_url = forms.CharField(max_length=500, required=False, label="Patient portal link (https://…)",
                                 help_text="Empty: replies link to SafePost's secure message form.")
    form_enabled = forms.BooleanField(required=False, label="Offer SafePost's secure message form")
    auto_hide = forms.BooleanField(required=False, label="Hide comments with PHI on arrival (where the platform allows)")


class WebhookForm(forms.Form):
    channel = forms.ModelChoiceField(queryset=Channel.objects.none())
    app_secret = forms.CharField(max_length=200, widget=forms.PasswordInput, label="Meta app secret")

    def __init__(self, org, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].queryset = Channel.objects.filter(org=org, platform__in=list(services.WEBHOOK_PLATFORMS))


@org_view(Action.INBOX_CONFIGURE)
@require_http_methods(["GET", "POST"])
def inbox_settings(request):
    row = services.settings_for(request.org)
    form = SettingsForm(initial={"sla_hours": row.sla_hours, "contact_phone": row.contact_phone,
                                 "contact_email": row.contact_email, "portal_url": row.portal_url,
                                 "form_enabled": row.form_enabled, "auto_hide": row.auto_hide})
    hook_form = WebhookForm(request.org)
    new_hook = None
    status = 200
    if request.method == "POST" and request.POST.get("what") == "webhook":
        hook_form = WebhookForm(request.org, request.POST)
        if hook_form.is_valid():
            try:
                new_hook = services.create_webhook(Who.from_request(request), hook_form.cleaned_data["channel"],
                                                   hook_form.cleaned_data["app_secret"])
            except services.Refused as e:
                hook_form.add_error(None, str(e))
        status = 200 if new_hook else 400
    elif request.method == "POST":
        form = SettingsForm(request.POST)
        if form.is_valid():
            try:
                services.update_settings(Who.from_request(request), request.org, **form.cleaned_data)
            except services.Refused as e:
                form.add_error(None, str(e))
            else:
                messages.success(request, "Inbox settings saved.")
                return redirect("inbox-settings", org=request.org.slug)
        status = 400
    return render(request, "inbox/settings.html", {
        "form": form, "hook_form": hook_form, "new_hook": new_hook, "row": row,
        "secure_link": services.secure_link(row, _base(request)),
        "hooks": Webhook.objects.filter(org=request.org).select_related("channel"),
        "hook_base": request.build_absolute_uri("/hooks/meta/")}, status=status)


# -- public: the secure message form ----------------------------------------------------------
class SecureMessageForm(forms.Form):
    name = forms.CharField(max_length=200, required=False, label="Your name (optional)")
    contact = forms.CharField(max_length=200, required=False, label="How we can reach you (phone or e-mail)")
    message = forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 8}), label="Your message")


@public_view
@csrf_protect
@require_http_methods(["GET", "POST"])
def secure_message(request, form_slug: str):
    """A patient's private message to the organization: over HTTPS, CSRF-protected,
    rate-limited, stored encrypted, never shown back."""
    if django_settings.SECURE_COOKIES and not request.is_secure():
        return redirect(request.build_absolute_uri().replace("http://", "https://", 1), permanent=True)
    row = services.form_settings(form_slug)
    if row is None:
        raise Http404("No such form")
    if request.method == "POST":
        form = SecureMessageForm(request.POST)
        if form.is_valid():
            try:
                services.submit_secure_message(row, ip=client_ip(request), **form.cleaned_data)
            except services.RateLimited as e:
                return render(request, "inbox/secure_form.html", {"form": SecureMessageForm(), "org_name": row.org.name,
                                                                  "error": str(e)}, status=429)
            except services.Refused as e:
                form.add_error(None, str(e))
            else:
                # never echo the message: a fresh page that says only that it arrived
                return render(request, "inbox/secure_form.html", {"sent": True, "org_name": row.org.name})
        # the refused form is shown empty again: the text is not echoed back either
        errors = [e for errs in form.errors.values() for e in errs]
        return render(request, "inbox/secure_form.html", {"form": SecureMessageForm(), "org_name": row.org.name,
                                                          "error": " ".join(errors)}, status=400)
    return render(request, "inbox/secure_form.html", {"form": SecureMessageForm(), "org_name": row.org.name})


# -- public: Meta webhooks --------------------------------------------------------------------
@public_view
@csrf_exempt            # signed by Meta (X-Hub-Signature-256), not a browser form
@require_http_methods(["GET", "POST"])
def meta_webhook(request, token: str):
    if request.method == "GET":
        challenge = services.webhook_challenge(token, request.GET.get("hub.mode", ""),
                                               request.GET.get("hub.verify_token", ""),
                                               request.GET.get("hub.challenge", ""))
        if challenge is None:
            return HttpResponseForbidden("verification failed", content_type="text/plain")
        return HttpResponse(challenge, content_type="text/plain")
    try:
        n = services.deliver_webhook(token, request.body, request.headers.get("X-Hub-Signature-256"),
                                     client_ip(request))
    except services.BadSignature:
        return HttpResponseForbidden("bad signature", content_type="text/plain")
    except services.Refused as e:
        if str(e) == "unknown webhook":
            raise Http404("No such webhook") from None
        return HttpResponse(str(e), status=400, content_type="text/plain")
    return HttpResponse(f"ok {n}", content_type="text/plain")
