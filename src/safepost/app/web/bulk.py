"""Bulk scheduling from a CSV (/o/<org>/bulk/): upload, see every row checked and scanned with
what to fix, then confirm the valid rows. Nothing is created before the confirmation; each valid
row becomes a draft submitted for review through the posts service (review, the training gate
and the scan apply as for one post). The file travels back with the confirmation and is read
and checked again, so what is created is what was shown."""

from __future__ import annotations

import hashlib
from datetime import date

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from safepost.app.accounts.access import org_view
from safepost.app.accounts.rules import Action
from safepost.app.audit.services import Who, fingerprint, record
from safepost.app.channels.models import Channel
from safepost.app.channels.rules import Status
from safepost.app.posts import services as posts
from safepost.app.posts.rules import Refused
from safepost.app.training.services import TRAINING_REQUIRED, is_current, lapsed_message
from safepost.app.web import bulkcsv
from safepost.engine import scan


class UploadForm(forms.Form):
    file = forms.FileField(label="CSV file", widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}))


def _channel_refs(org) -> list[bulkcsv.ChannelRef]:
    from safepost.connectors import CONNECTORS

    out = []
    for c in Channel.objects.filter(org=org, status=Status.ACTIVE.value).order_by("name"):
        cls = CONNECTORS.get(c.platform)
        out.append(bulkcsv.ChannelRef(c.pk, c.name, c.platform, cls.max_text_length if cls else 0))
    return out


def _consent_exists(org):
    from safepost.app.consent.models import Consent

    return lambda pk: Consent.objects.filter(org=org, pk=pk).exists()


def check(org, data: bytes) -> list[bulkcsv.Row]:
    """Every row of the file, checked; FileRefused for the file as a whole."""
    keys = bulkcsv.channel_keys(_channel_refs(org))
    exists, tz, now = _consent_exists(org), timezone.get_current_timezone(), timezone.now()
    return [bulkcsv.check_row(n, cells, channels_by_key=keys, consent_exists=exists, tz=tz, now=now,
                              max_chars=settings.SCAN_MAX_CHARS)
            for n, cells in bulkcsv.read_rows(data)]


def _verdicts(org, rows: list[bulkcsv.Row]) -> dict[int, str]:
    policy = posts.policy_for(org)
    return {r.number: scan(r.text, direction="outbound", kind="post", org=policy, today=date.today()).verdict.value
            for r in rows if r.ok}


def _token(rows: list[bulkcsv.Row]) -> str:
    return hashlib.sha256(",".join(str(r.number) for r in rows if r.ok).encode()).hexdigest()[:16]


def create_all(who: Who, org, rows: list[bulkcsv.Row], data: bytes) -> list[int]:
    """One draft per valid row, each submitted for review; all or nothing."""
    ids = []
    with transaction.atomic():
        for r in rows:
            if not r.ok:
                continue
            post = posts.create_post(who, org, r.text, [c.pk for c in r.channels], r.publish_at,
                                     consent_id=r.consent_id)
            posts.submit(who, post)
            ids.append(post.pk)
        record(who, "post.bulk_submit", None, {"rows": len(rows), "created": len(ids),
                                               "skipped": len(rows) - len(ids),
                                               "file_fp": fingerprint(data.decode("utf-8-sig"))})
    return ids


def _show(request, form, *, rows=None, data=b"", error="", status=200):
    ctx = {"form": form, "error": error, "max_rows": bulkcsv.MAX_ROWS, "max_kb": bulkcsv.MAX_BYTES // 1000}
    if rows is not None:
        verdicts = _verdicts(request.org, rows)
        ctx.update(rows=rows, good=[(r, verdicts[r.number]) for r in rows if r.ok], bad=[r for r in rows if not r.ok],
                   csv_text=data.decode("utf-8-sig"), token=_token(rows))
    return render(request, "web/bulk.html", ctx, status=status)


def _confirm(request):
    data = request.POST.get("csv", "").encode("utf-8")
    try:
        rows = check(request.org, data)
    except bulkcsv.FileRefused as e:
        return _show(request, UploadForm(), error=str(e), status=400)
    if request.POST.get("token") != _token(rows):
        return _show(request, UploadForm(), rows=rows, data=data, status=409,
                     error="Something changed since the check (a channel, a consent or the time). "
                           "Look at the rows again and confirm.")
    try:
        ids = create_all(Who.from_request(request), request.org, rows, data)
    except Refused as e:
        status = 403 if e.code == TRAINING_REQUIRED else 400
        return _show(request, UploadForm(), rows=rows, data=data, error=e.message, status=status)
    messages.success(request, f"{len(ids)} posts submitted for review.")
    return redirect(f"/o/{request.org.slug}/posts/?state=in_review")


@org_view(Action.POSTS_WRITE)
@require_http_methods(["GET", "POST"])
def bulk_upload(request):
    if not is_current(request.org, request.user):
        return _show(request, UploadForm(), error=lapsed_message("schedule posts"), status=403)
    if request.method == "POST" and request.POST.get("step") == "confirm":
        return _confirm(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST":
        return _show(request, form)
    if not form.is_valid():
        return _show(request, form, status=400)
    f = form.cleaned_data["file"]
    if f.size > bulkcsv.MAX_BYTES:
        return _show(request, form, status=400, error=f"The file is {f.size:,} bytes; the limit is "
                                                      f"{bulkcsv.MAX_BYTES:,}. Split it into smaller files.")
    data = f.read()
    try:
        rows = check(request.org, data)
    except bulkcsv.FileRefused as e:
        return _show(request, form, error=str(e), status=400)
    return _show(request, UploadForm(), rows=rows, data=data)
