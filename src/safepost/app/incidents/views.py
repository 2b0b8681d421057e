"""Incident pages. HTTP only: validate, call a service, render.

Privacy officers and administrators manage incidents; auditors see them (incidents.view).
Opening an incident's page shows what happened (it may describe PHI): audited.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safepost.app.accounts.access import org_view
from safepost.app.accounts.models import Membership, User
from safepost.app.accounts.rules import Action, Role, can
from safepost.app.audit.services import Who
from safepost.app.incidents import containment
from safepost.app.incidents import forms as f
from safepost.app.incidents import review as reviews
from safepost.app.incidents import public_notices, rules, services
from safepost.app.incidents.models import Incident


def _no_store(resp: HttpResponse) -> HttpResponse:
    resp["Cache-Control"] = "no-store"
    return resp


def _incident(request, incident_id: int) -> Incident:
    return get_object_or_404(Incident.objects.select_related("assignee", "acknowledged_by"), org=request.org,
                             pk=incident_id)


def _managers(org):
    roles = [r.value for r in Role if can(r, Action.INCIDENTS_MANAGE)]
    ids = Membership.objects.filter(org=org, role__in=roles, user__is_active=True).values_list("user_id", flat=True)
    return User.objects.filter(pk__in=list(ids)).order_by("email")


def _back(request, i: Incident):
    return redirect("incidents-detail", org=request.org.slug, incident_id=i.pk)


@org_view(Action.INCIDENTS_VIEW)
@require_GET
def incident_list(request):
    today = services.today()
    rows = []
    for i in Incident.objects.filter(org=request.org).select_related("assignee")[:500]:
        days, nearest = rules.urgency(i.deadlines(), today) if i.state != "closed" else (10**6, None)
        rows.append({"i": i, "nearest": nearest, "days_left": days if nearest else None,
                     "overdue": nearest is not None and days < 0})
    rows.sort(key=lambda r: (r["i"].state == "closed", r["days_left"] if r["nearest"] else 10**6, -r["i"].pk))
    return _no_store(render(request, "incidents/list.html", {
        "rows": rows, "can_manage": can(request.membership.role, Action.INCIDENTS_MANAGE), "last_year": today.year - 1}))


@org_view(Action.INCIDENTS_MANAGE)
@require_http_methods(["GET", "POST"])
def incident_new(request):
    form = f.IncidentForm(request.POST or None, initial=f.IncidentForm.initial_from(request.GET, services.today()))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            i = services.open_reported(Who.from_request(request), request.org, services.NewIncident(
                title=d["title"], summary=d["summary"], discovered_on=d["discovered_on"],
                occurred_on=d["occurred_on"], affected_by_state=d["affected"], role=d["role"],
                source_kind=d["source_kind"] or "manual", source_id=d["source_id"]),
                reason="reported" if d["source_kind"] not in ("", "manual") else "manual")
        except services.IncidentError as e:
            f.show_problems(form, [p.replace("affected_by_state", "affected", 1) for p in e.problems])
        else:
            messages.success(request, f"Incident {i.ref} opened; the privacy officers were told.")
            return _back(request, i)
    kind = form["source_kind"].value() or "manual"
    source = {"label": rules.SOURCE_KINDS.get(kind, ""), "id": form["source_id"].value()} if kind != "manual" else None
    return render(request, "incidents/new.html", {"form": form, "source": source}, status=422 if form.errors else 200)


def _detail(request, i: Incident, status: int = 200, **forms):
    today = services.today()
    sent = i.notices_sent() - ({"media"} if i.media_missing() else set())     # media: every State's notice
    deadlines = [{"d": d, "days_left": (d.due - today).days, "overdue_by": (today - d.due).days,
                  "sent": d.key in sent} for d in i.deadlines()]
    manage = can(request.membership.role, Action.INCIDENTS_MANAGE)
    ctx = {
        "i": i, "deadlines": deadlines, "can_manage": manage and i.state != "closed",
        "notices": list(i.notices.all()), "timeline": list(services.timeline(i)),
        "exposures": list(i.exposures.select_related("channel")),
        "factors": rules.FACTORS, "conclusion_problems": rules.assessment_problems(i.assessment()),
        "close_problems": services.close_problems(i),
        **_substitute(i, today, forms), **_media(i, today, forms),
        "hhs_form": forms.get("hhs_form") or f.HhsReportForm.from_incident(i),
        "review": getattr(i, "review", None) if services.has_review(i) else None,
        "actions": list(i.actions.select_related("owner")), "today": today,
        "can_complete": manage,
        "review_form": forms.get("review_form") or _review_form(request, i),
        "info_type_labels": [rules.INFO_TYPES.get(t, (t,))[0] for t in i.info_types],
        "exception_label": rules.EXCEPTIONS.get(i.exception_code, ""),
        "assessment_form": forms.get("assessment_form") or f.AssessmentForm.from_incident(i),
        "exception_form": forms.get("exception_form") or f.ExceptionForm(),
        "delay_form": forms.get("delay_form") or f.DelayForm(initial={"stated_on": today}),
        "notice_form": forms.get("notice_form") or f.NoticeForm(initial={"sent_on": today}),
        "facts_form": forms.get("facts_form") or f.FactsForm(initial={
            "discovered_on": i.discovered_on,
            "affected": ", ".join(f"{k} {v}" for k, v in sorted(i.affected_by_state.items()))}),
        "letter_form": forms.get("letter_form") or f.LetterForm(initial={"sent_on": today}),
        "assign_form": f.AssignForm(members=_managers(request.org), initial={"assignee": i.assignee_id}),
    }
    return _no_store(render(request, "incidents/detail.html", ctx, status=status))


def _substitute(i: Incident, today, forms) -> dict:
    """The substitute notice's part of the page (164.404(d)(2))."""
    plan = i.substitute_plan()
    steps = [{"s": s, "methods": " or ".join(rules.NOTICE_METHODS[m].lower() for m in s.kind.methods),
              "method_label": rules.NOTICE_METHODS.get(s.method, s.method)} for s in plan.steps] if plan else []
    return {"substitute": plan, "substitute_steps": steps, "substitute_left": plan.remaining(today) if plan else [],
            "unreachable_form": forms.get("unreachable_form") or f.UnreachableForm(
                initial={"unreachable_count": i.unreachable_count}),
            "posting_form": _public_form(forms, "posting", today, i)}


def _media(i: Incident, today, forms) -> dict:
    """The media notices' part of the page (164.406): one row per State over 500 residents."""
    d = next((d for d in i.deadlines() if d.key == "media"), None)
    if d is None:
        return {"media_rows": []}
    sent = i.media_sent()
    rows = [{"state": s, "name": public_notices.state_name(s), "residents": i.affected_by_state.get(s, 0),
             "due": d.due, "sent_on": sent.get(s), "days_left": (d.due - today).days} for s in d.states]
    return {"media_rows": rows, "media_form": _public_form(forms, "media", today, i)}


def _public_form(forms, kind: str, today, i: Incident, data=None) -> f.PublicNoticeForm:
    """The public notice form `kind` (also its prefix): bound to `data`, as posted when it was
    refused, or blank."""
    states = next((d.states for d in i.deadlines() if d.key == "media"), ())
    extra = {"states": states} if kind == "media" else {}
    if data is not None:
        return f.PUBLIC_FORMS[kind](data, prefix=kind, **extra)
    return forms.get("public_forms", {}).get(kind) or f.PUBLIC_FORMS[kind](
        initial={"sent_on": today, "format": "txt"}, prefix=kind, **extra)


@org_view(Action.INCIDENTS_VIEW)
@require_GET
def incident_detail(request, incident_id: int):
    i = _incident(request, incident_id)
    services.note_view(Who.from_request(request), i)
    return _detail(request, i)


def _form_action(request, incident_id: int, form_class, name: str, act):
    """Bind `form_class`, call `act(who, incident, cleaned_data)`; on a refusal show the page again
    with the problems on the form's fields (422)."""
    i = _incident(request, incident_id)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            message = act(Who.from_request(request), i, form)
        except services.IncidentError as e:
            f.show_problems(form, e.problems)
        else:
            messages.success(request, message)
            return _back(request, i)
    return _detail(request, _incident(request, incident_id), status=422, **{name: form})


@org_view(Action.INCIDENTS_MANAGE)
@require_POST
def incident_assess(request, incident_id: int):
    def act(who, i, form):
        i = services.assess(who, i, form.assessment())
        if "decide" in request.POST:
            i = services.decide(who, i)
            return f"Decision recorded: {i.conclusion_label}."
        return "Assessment saved."
    return _form_action(request, incident_id, f.AssessmentForm, "assessment_form", act)


@org_view(Action.INCIDENTS_MANAGE)
@require_POST
def incident_exception(request, incident_id: int):
    def act(who, i, form):
        d = form.cleaned_data
        services.claim_exception(who, i, d["exception"], d["justification"], d["no_further_use"])
        return "Recorded as not a breach under a statutory exception."
    return _form_action(request, incident_id, f.ExceptionForm, "exception_form", act)


@org_view(Action.INCIDENTS_MANAGE)
@require_POST
def incident_delay(request, incident_id: int):
    def act(who, i, form):
        d = form.cleaned_data
        services.record_delay(who, i, kind=d["kind"], stated_on=d["stated_on"], until=d["until"], official=d["official"])
        return "Law-enforcement delay recorded; the deadlines are paused. Ask counsel to confirm the dates."
    return _form_action(request, incident_id, f.DelayForm, "delay_form", act)


@org_view(Action.INCIDENTS_MANAGE)
@require_POST
def incident_notice(request, incident_id: int):
    def act(who, i, form):
        services.record_notice(who, i, **form.cleaned_data)
        return "Notice recorded as sent."
    return _form_action(request, incident_id, f.NoticeForm, "notice_form", act)


@org_view(Action.INCIDENTS_MANAGE)
@require_POST
def incident_unreachable(request, incident_id: int):
    def act(who, i, form):
        i = services.record_unreachable(who, i, form.cleaned_data["unreachable_count"])
        return f"Recorded: {i.substitute_plan().explanation}" if i.substitute_plan() else "Recorded."
    return _form_action(request, incident_id, f.UnreachableForm, "unreachable_form", act)


@org_view(Action.INCIDENTS_MANAGE)
@require_POST
def incident_facts(request, incident_id: int):
    def act(who, i, form):
        services.update_facts(who, i, discovered_on=form.cleaned_data["discovered_on"],
                              affected_by_state=form.cleaned_data["affected"],
                              rationale=form.cleaned_data["rationale"])
        return "Facts updated; the deadlines follow."
    return _form_action(request, incident_id, f.FactsForm, "facts_form", act)


def _post_action(request, incident_id: int, act):
    """Call `act(who, incident)` for its success message; a refusal becomes an error message.
    Back to the incident's page either way."""
    i = _incident(request, incident_id)
    try:
        messages.success(request, act(Who.from_request(request), i))
    except services.IncidentError as e:
        messages.error(request, " ".join(e.problems))
    return _back(request, i)


@org_view(Action.INCIDENTS_MANAGE)
@require_POST
def incident_assign(request, incident_id: int):
    form = f.AssignForm(request.POST, members=_managers(request.org))

    def act(who, i):
        if not form.is_valid():
            raise services.IncidentError("Choose a privacy officer or administrator of this organization.")
        services.assign(who, i, form.cleaned_data["assignee"])
        return "Assigned; they were told."
    return _post_action(request, incident_id, act)


@org_view(Action.INCIDENTS_MANAGE)
@require_POST
def incident_acknowledge(request, incident_id: int):
    def act(who, i):
        services.acknowledge(who, i, request.user)
        return "Acknowledged."
    return _post_action(request, incident_id, act)


@org_view(Action.INCIDENTS_MANAGE)
@require_POST
def incident_close(request, incident_id: int):
    def act(who, i):
        services.close(who, i)
        return f"{i.ref} closed."
    return _post_action(request, incident_id, act)


@org_view(Action.INCIDENTS_MANAGE)
@require_POST
def incident_letter(request, incident_id: int):
    """The letter to individuals (164.404(c)) as PDF, in English or Spanish."""
    i = _incident(request, incident_id)
    form = f.LetterForm(request.POST)
    if form.is_valid():
        d = dict(form.cleaned_data)
        language = d.pop("language")
        try:
            data = services.notice_letter(Who.from_request(request), i, services.letter_facts(
                i, language, **{k: v or ("" if k != "sent_on" else None) for k, v in d.items()}))
        except services.IncidentError as e:
            f.show_problems(form, e.problems)
        else:
            resp = HttpResponse(data, content_type="application/pdf")
            resp["Content-Disposition"] = f'attachment; filename="notice-{i.ref}-{language}.pdf"'
            return _no_store(resp)
    return _detail(request, i, status=422, letter_form=form)


@org_view(Action.INCIDENTS_MANAGE)
@require_POST
def incident_public_notice(request, incident_id: int):
    """The substitute notice for the web or the media (164.404(d)(2)(ii)), or the notice to one
    State's media (164.406), from the letter's content: plain text or PDF, English or Spanish.
    The posted `notice` ("posting" or "media") is the form's prefix."""
    i = _incident(request, incident_id)
    kind = request.POST.get("notice", "")
    if kind not in f.PUBLIC_FORMS:
        messages.error(request, "notice: choose the substitute notice or the media notice")
        return _back(request, i)
    form = _public_form({}, kind, None, i, request.POST)
    if form.is_valid():
        d = dict(form.cleaned_data)
        language, fmt, state = d.pop("language"), d.pop("format"), d.pop("state", "")
        try:
            data = services.public_notice(Who.from_request(request), i, services.letter_facts(
                i, language, **{k: v or ("" if k != "sent_on" else None) for k, v in d.items()}), kind, state, fmt)
        except services.IncidentError as e:
            f.show_problems(form, e.problems)
        else:
            resp = HttpResponse(data, content_type="application/pdf" if fmt == "pdf" else "text/plain; charset=utf-8")
            name = f"{kind}-notice-{i.ref}{f'-{state}' if state else ''}-{language}.{fmt}"
            resp["Content-Disposition"] = f'attachment; filename="{name}"'
            return _no_store(resp)
    return _detail(request, i, status=422, public_forms={kind: form})


@org_view(Action.INCIDENTS_VIEW)
@require_GET
def incident_log(request):
    """The incident log as CSV; ?year=YYYY gives the annual log of small breaches for HHS (164.408(c))."""
    form = f.LogForm(request.GET)
    if not form.is_valid():
        problem = "year: give a year such as 2026" if "year" in form.errors else "fields: hhs, or leave it out"
        return HttpResponse(problem, status=400, content_type="text/plain")
    year, portal = form.cleaned_data["year"], form.cleaned_data["fields"] == "hhs"
    who = Who.from_request(request)
    data = services.hhs_csv(who, request.org, year) if portal else services.incident_log_csv(who, request.org, year)
    return _csv(data, f"{'hhs' if portal else 'incident'}-log-{request.org.slug}{f'-{year}' if year else ''}.csv")


def _csv(data: str, name: str) -> HttpResponse:
    resp = HttpResponse(data, content_type="text/csv; charset=utf-8")
    resp["Content-Disposition"] = f'attachment; filename="{name}"'
    return _no_store(resp)


@org_view(Action.INCIDENTS_VIEW)
@require_GET
def incident_hhs_csv(request, incident_id: int):
    """One incident's notice to HHS in the breach portal's fields (164.408), as CSV."""
    i = _incident(request, incident_id)
    return _csv(services.hhs_csv(Who.from_request(request), request.org, incident=i), f"hhs-report-{i.ref}.csv")


@org_view(Action.INCIDENTS_MANAGE)
@require_POST
def incident_hhs_report(request, incident_id: int):
    def act(who, i, form):
        services.record_hhs_report(who, i, dict(form.cleaned_data))
        return "HHS report details saved."
    return _form_action(request, incident_id, f.HhsReportForm, "hhs_form", act)


@org_view(Action.INCIDENTS_MANAGE)
@require_POST
def incident_containment(request, incident_id: int):
    """Take down through the connectors (all still up, or one), or record a removal by hand."""
    i = _incident(request, incident_id)
    form = f.ContainmentForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return _back(request, i)
    who, op = Who.from_request(request), form.cleaned_data["op"]
    try:
        if op == "take_down_all":
            outcomes = containment.take_down_all(who, i)
            messages.success(request, _outcome_message(outcomes))
            return _back(request, i)
        e = get_object_or_404(i.exposures, pk=form.cleaned_data["exposure"])
        if op == "take_down":
            e = containment.take_down(who, e)
            (messages.success if e.removed else messages.error)(request, f"{e.kind_label}: {e.state_label.lower()}"
                                                                + (f": {e.last_error}" if e.last_error else "."))
        else:
            containment.mark_removed_by_hand(who, e)
            messages.success(request, "Recorded as removed by hand.")
    except containment.ContainmentError as err:
        messages.error(request, str(err))
    return _back(request, i)


def _outcome_message(outcomes: dict[str, int]) -> str:
    if not outcomes:
        return "Nothing of ours is still up for this incident."
    labels = {"removed": "taken down", "failed": "failed (see the list)", "busy": "being taken down by someone else"}
    return "Takedown: " + ", ".join(f"{n} {labels.get(k, k)}" for k, n in sorted(outcomes.items())) + "."


def _review_form(request, i: Incident, data=None):
    members = User.objects.filter(pk__in=list(Membership.objects.filter(org=request.org, user__is_active=True)
                                              .values_list("user_id", flat=True))).order_by("email")
    initial = {}
    if data is None and services.has_review(i):
        initial = {"what_happened": i.review.what_happened, "root_cause": i.review.root_cause}
    return f.ReviewForm(data, members=members, initial=initial)


@org_view(Action.INCIDENTS_MANAGE)
@require_POST
def incident_review(request, incident_id: int):
    """Save the post-incident review (and add corrective actions), or mark an action done."""
    i = _incident(request, incident_id)
    who = Who.from_request(request)
    if "done" in request.POST:
        form = f.ActionDoneForm(request.POST)
        if not form.is_valid():
            messages.error(request, "action: name the corrective action that is done")
            return _back(request, i)
        action = get_object_or_404(i.actions, pk=form.cleaned_data["action"])
        try:
            reviews.complete_action(who, action)
            messages.success(request, "Corrective action marked done.")
        except reviews.ReviewError as e:
            messages.error(request, str(e))
        return _back(request, i)
    form = _review_form(request, i, request.POST)
    if form.is_valid():
        try:
            reviews.save_review(who, i, form.cleaned_data["what_happened"], form.cleaned_data["root_cause"], form.drafts())
        except reviews.ReviewError as e:
            f.show_problems(form, e.problems)
        else:
            messages.success(request, "Post-incident review saved; owners will be reminded before each due date.")
            return _back(request, i)
    return _detail(request, i, status=422, review_form=form)
