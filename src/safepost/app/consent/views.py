"""Consent pages. HTTP only: validate, call a service, render.

Who sees what: every role with consents.view sees an authorization's scope (media, platforms,
purposes, dates, status) to link a post; the patient's identity and the signed document need
consent_identity.view (admin, privacy officer, auditor), and showing them is audited.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safepost.app.accounts.access import org_view
from safepost.app.accounts.rules import Action, can
from safepost.app.audit.services import Who
from safepost.app.consent import rules, services
from safepost.app.consent.form import blank_form_pdf
from safepost.app.consent.forms import ConsentForm, DocumentForm, EventForm, FilterForm, RevokeForm
from safepost.app.consent.models import Consent
from safepost.app.web.paging import other_params, page_number, page_of

LIST_PAGE = 100                # authorizations per page of the list


def _can(request, action: Action) -> bool:
    return can(request.membership.role, action)


def _consent(request, consent_id: int) -> Consent:
    return get_object_or_404(Consent.objects.select_related("document"), org=request.org, pk=consent_id)


def _no_store(resp: HttpResponse) -> HttpResponse:
    resp["Cache-Control"] = "no-store"
    return resp


@org_view(Action.CONSENTS_VIEW)
@require_GET
def consent_list(request):
    form = FilterForm(request.GET or None)
    today = services.today()
    identity = _can(request, Action.CONSENT_IDENTITY_VIEW)
    # the list decrypts only what it shows: never the signed forms, the patient's name only for
    # roles that see it
    hidden = ["document__data", "patient_identifiers", "other_names", "information", "representative_name"]
    qs = Consent.objects.filter(org=request.org).select_related("document").defer(
        *hidden, *([] if identity else ["patient_name"]))
    if form.is_valid():
        if form.cleaned_data["status"]:
            qs = qs.filter(status=form.cleaned_data["status"])
        if form.cleaned_data["expiring"]:
            qs = qs.filter(status="active", expires_on__gte=today,
                           expires_on__lte=today + timedelta(days=rules.REMINDER_DAYS))
    page = page_number(request)
    consents, older = page_of(qs, page, LIST_PAGE)
    expiring = Consent.objects.filter(org=request.org, status="active", expires_on__gte=today,
                                      expires_on__lte=today + timedelta(days=rules.REMINDER_DAYS)).order_by("expires_on").only(
        "id", "org_id", "expires_on")
    if identity and consents:
        services.note_identity_list(Who.from_request(request), [c.pk for c in consents])
    return _no_store(render(request, "consent/list.html", {
        "form": form, "consents": consents, "expiring": list(expiring), "show_identity": identity,
        "page": page, "older": older, "params": other_params(request),
        "can_manage": _can(request, Action.CONSENTS_MANAGE)}))


@org_view(Action.CONSENTS_VIEW)
@require_GET
def consent_detail(request, consent_id: int):
    c = _consent(request, consent_id)
    identity = _can(request, Action.CONSENT_IDENTITY_VIEW)
    if identity:
        services.note_identity_view(Who.from_request(request), c)
    today = services.today()
    return _no_store(render(request, "consent/detail.html", {
        "c": c, "show_identity": identity, "can_manage": _can(request, Action.CONSENTS_MANAGE),
        "defects": rules.defects(c.terms(), c.signed_on), "revoke_form": RevokeForm(initial={"received_on": today}),
        "event_form": EventForm(initial={"occurred_on": today}), "document_form": DocumentForm(),
        "expiring_soon": c.status == "active" and c.expires_on and c.expires_on <= today + timedelta(days=rules.REMINDER_DAYS),
    }))


@org_view(Action.CONSENTS_MANAGE)
@require_http_methods(["GET", "POST"])
def consent_new(request):
    form = ConsentForm(request.POST or None, request.FILES or None,
                       initial=ConsentForm.initial_for(request.org.name))
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("document")
        try:
            c = services.record_consent(
                Who.from_request(request), request.org, form.terms(),
                patient_identifiers=form.cleaned_data["patient_identifiers"],
                other_names=form.cleaned_data["other_names"],
                copy_provided_on=form.cleaned_data["copy_provided_on"],
                document=upload.read() if upload else None)
        except services.ConsentError as e:
            if e.defects:
                form.show_defects(e.defects)
            else:
                form.add_error("document" if "document" in str(e) else None, str(e))
        else:
            messages.success(request, f"Authorization {c.ref} recorded.")
            return redirect("consents-detail", org=request.org.slug, consent_id=c.pk)
    return render(request, "consent/new.html", {"form": form}, status=422 if form.errors else 200)


@org_view(Action.CONSENTS_MANAGE)
@require_POST
def consent_revoke(request, consent_id: int):
    c = _consent(request, consent_id)
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the date the written revocation was received.")
    else:
        try:
            services.revoke(Who.from_request(request), c, received_on=form.cleaned_data["received_on"])
            messages.success(request, f"{c.ref} is revoked. Posts that rely on it were sent back to review.")
        except services.ConsentError as e:
            messages.error(request, str(e))
    return redirect("consents-detail", org=request.org.slug, consent_id=c.pk)


@org_view(Action.CONSENTS_MANAGE)
@require_POST
def consent_event(request, consent_id: int):
    c = _consent(request, consent_id)
    form = EventForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the date the expiration event happened.")
    else:
        try:
            services.record_expiry_event(Who.from_request(request), c, form.cleaned_data["occurred_on"])
            messages.success(request, f"{c.ref} has expired.")
        except services.ConsentError as e:
            messages.error(request, str(e))
    return redirect("consents-detail", org=request.org.slug, consent_id=c.pk)


@org_view(Action.CONSENTS_MANAGE)
@require_POST
def consent_document_upload(request, consent_id: int):
    c = _consent(request, consent_id)
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("document", ["Choose a file."])))
    else:
        try:
            services.attach_document(Who.from_request(request), c, form.cleaned_data["document"].read())
            messages.success(request, "Signed document stored (encrypted).")
        except services.ConsentError as e:
            messages.error(request, str(e))
    return redirect("consents-detail", org=request.org.slug, consent_id=c.pk)


@org_view(Action.CONSENT_IDENTITY_VIEW)
@require_GET
def consent_document(request, consent_id: int):
    c = _consent(request, consent_id)
    try:
        doc = services.open_document(Who.from_request(request), c)
    except services.ConsentError:
        return render(request, "web/error.html", {"title": "No document",
                      "message": f"{c.ref} has no signed document on file."}, status=404)
    resp = HttpResponse(doc.content(), content_type=doc.content_type)
    resp["Content-Disposition"] = f'attachment; filename="{doc.filename}"'
    return _no_store(resp)


@org_view(Action.CONSENTS_VIEW)
@require_GET
def consent_form_pdf(request):
    resp = HttpResponse(blank_form_pdf(request.org.name), content_type="application/pdf")
    resp["Content-Disposition"] = f'attachment; filename="authorization-form-{request.org.slug}.pdf"'
    return resp
