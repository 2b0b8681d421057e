"""The audit log, for privacy officers and auditors: filter, page, export as CSV."""

from __future__ import annotations

import csv
from datetime import datetime, time as dtime, timezone as dtz

from django import forms
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from safepost.app.accounts.access import org_view
from safepost.app.accounts.rules import Action
from safepost.app.audit.models import AuditEntry, TreeHead
from safepost.app.audit.rules import chain_for
from safepost.app.audit.services import Who, record


class FilterForm(forms.Form):
    action = forms.CharField(required=False, max_length=64)
    actor = forms.CharField(required=False, max_length=254)
    object_type = forms.CharField(required=False, max_length=64, label="Object")
    since = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))


def _filtered(request):
    form = FilterForm(request.GET or None)
    qs = AuditEntry.objects.filter(org=request.org)
    if form.is_valid():
        d = form.cleaned_data
        if d["action"]:
            qs = qs.filter(action__startswith=d["action"])
        if d["actor"]:
            qs = qs.filter(actor__icontains=d["actor"])
        if d["object_type"]:
            qs = qs.filter(object_type=d["object_type"])
        if d["since"]:
            qs = qs.filter(created__gte=datetime.combine(d["since"], dtime.min, tzinfo=dtz.utc))
        if d["until"]:
            qs = qs.filter(created__lte=datetime.combine(d["until"], dtime.max, tzinfo=dtz.utc))
    return form, qs.order_by("-seq")


@org_view(Action.AUDIT_VIEW)
@require_GET
def audit_list(request):
    form, qs = _filtered(request)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    head = TreeHead.objects.filter(chain=chain_for(request.org.pk)).order_by("-size").first()
    return render(request, "audit/list.html", {"form": form, "page": page, "query": query.urlencode(), "head": head,
                                               "actions": sorted(set(AuditEntry.objects.filter(org=request.org)
                                                                     .values_list("action", flat=True)))})


class _Echo:
    def write(self, value):
        return value


CSV_COLUMNS = ["seq", "created", "actor", "actor_id", "action", "object_type", "object_id", "ip", "meta",
               "prev_hash", "hash"]


@org_view(Action.AUDIT_EXPORT)
@require_GET
def audit_csv(request):
    form, qs = _filtered(request)
    record(Who.from_request(request), "audit.export", meta={"filters": sorted(k for k, v in request.GET.items() if v)})
    writer = csv.writer(_Echo())

    def rows():
        yield writer.writerow(CSV_COLUMNS)
        for e in qs.iterator(chunk_size=1000):
            row = [e.seq, e.created.isoformat(), e.actor, e.actor_id, e.action, e.object_type, e.object_id,
                   e.ip or "", e.meta, e.prev_hash, e.hash]
            yield writer.writerow([_no_formula(v) for v in row])

    resp = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    resp["Content-Disposition"] = f'attachment; filename="safepost-audit-{request.org.slug}.csv"'
    return resp


def _no_formula(value):
    """Spreadsheets run cells that start with = + - @ as formulas; defuse them."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
