"""Training pages under /o/<org>/training/: my training, a module (reading and quiz), the
result with the explanations of what was missed, the certificate, and the team report (page,
CSV, PDF) with the organization's settings."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from safepost.app.accounts.access import org_view
from safepost.app.accounts.rules import Action, can
from safepost.app.audit.services import Who
from safepost.app.training import markup, rules, services
from safepost.app.training.forms import QuizForm, SettingsForm
from safepost.app.training.models import Completion
from safepost.app.training.services import TrainingError


def training_required(request, message: str):
    """The answer to a person whose required training lapsed when they tried to submit a post
    or answer the public: 403, the reason, and the way back."""
    return render(request, "training/required.html", {"message": message, "code": "training_required"}, status=403)


def _module(module_id: str):
    try:
        return services.get_module(module_id)
    except TrainingError:
        raise Http404("No such module") from None


@org_view(Action.TRAINING_VIEW)
@require_GET
def mine(request):
    rows = services.my_training(request.org, request.user)
    return render(request, "training/mine.html", {
        "rows": rows, "overall": services.overall(rows), "settings": services.settings_for(request.org),
        "can_take": can(request.membership.role, Action.TRAINING_TAKE),
        "can_team": can(request.membership.role, Action.TRAINING_TEAM_VIEW),
        "can_review": can(request.membership.role, Action.TRAINING_SCENARIOS_REVIEW)})


def _module_page(request, mod, form, status=200):
    return render(request, "training/module.html", {
        "mod": mod, "reading": markup.render(mod.body), "form": form,
        "can_take": can(request.membership.role, Action.TRAINING_TAKE),
        "settings": services.settings_for(request.org)}, status=status)


@org_view(Action.TRAINING_VIEW)
@require_GET
def module(request, module_id: str):
    mod = _module(module_id)
    return _module_page(request, mod, QuizForm(mod))


@org_view(Action.TRAINING_TAKE)
@require_POST
def answer(request, module_id: str):
    mod = _module(module_id)
    form = QuizForm(mod, request.POST)
    if not form.is_valid():
        return _module_page(request, mod, form, status=400)
    c = services.complete(Who.from_request(request), request.org, request.user, mod.id, form.answers())
    return redirect("training-result", org=request.org.slug, completion_id=c.pk)


def _own_completion(request, completion_id: int) -> Completion:
    return get_object_or_404(Completion, org=request.org, user=request.user, pk=completion_id)


@org_view(Action.TRAINING_VIEW)
@require_GET
def result(request, completion_id: int):
    c = _own_completion(request, completion_id)
    mod = _module(c.module_id)
    missed = [(i + 1, mod.questions[i]) for i in c.wrong if i < len(mod.questions)] if c.version == mod.version else []
    return render(request, "training/result.html", {"c": c, "mod": mod, "missed": missed,
                                                    "total": len(mod.questions)})


@org_view(Action.TRAINING_TEAM_VIEW)
@require_GET
def team(request):
    report = services.team_report(request.org)
    conf = services.settings_for(request.org)
    counts = {s: sum(1 for m in report if m.standing is s) for s in rules.Standing}
    return render(request, "training/team.html", {
        "report": report, "counts": [(s.label, counts[s]) for s in rules.Standing],
        "settings_form": SettingsForm(initial={"validity_days": conf.validity_days, "policy": conf.policy.value,
                                               "passing_percent": conf.passing_percent}),
        "settings": conf,
        "can_configure": can(request.membership.role, Action.TRAINING_CONFIGURE),
        "can_take": can(request.membership.role, Action.TRAINING_TAKE),
        "can_export": can(request.membership.role, Action.TRAINING_EXPORT),
        "can_review": can(request.membership.role, Action.TRAINING_SCENARIOS_REVIEW)})


CSV_HEADER = ["email", "role", "standing", "next_expiry_utc", "modules_missing", "module", "version", "score",
              "passed", "completed_at_utc", "expires_at_utc", "new_hire_due_by_utc"]


@org_view(Action.TRAINING_EXPORT)
@require_GET
def team_csv(request):
    """Who, what, when, score: every member's standing, then one row per attempt."""
    report = services.team_report(request.org)
    attempts = _attempts(request, report)
    resp = HttpResponse(content_type="text/csv; charset=utf-8")
    resp["Content-Disposition"] = f'attachment; filename="safepost-training-{request.org.slug}.csv"'
    w = csv.writer(resp)
    w.writerow(CSV_HEADER)
    emails = {m.user.pk: m.user.email for m in report}
    for m in report:
        w.writerow([m.user.email, m.role.value, m.standing.value, _iso(m.next_expiry), " ".join(m.missing),
                    "", "", "", "", "", "", _iso(m.due_by)])
    for c in attempts:
        w.writerow([emails[c.user_id], "", "", "", "", c.module_id, c.version, c.score, c.passed,
                    _iso(c.completed_at), _iso(c.expires_at), ""])
    services.record_export(Who.from_request(request), request.org, members=len(report), attempts=len(attempts),
                           form="csv")
    return resp


def _attempts(request, report) -> list[Completion]:
    """Every attempt of the report's members, by member then time."""
    return list(Completion.objects.filter(org=request.org, user_id__in=[m.user.pk for m in report])
                .order_by("user_id", "completed_at", "pk"))


@org_view(Action.TRAINING_EXPORT)
@require_GET
def team_pdf(request):
    """The same report for auditors as PDF: the members' standing, then every attempt."""
    from safepost.app.training.report_pdf import report_pdf

    now = timezone.now()
    report = services.team_report(request.org, now)
    attempts = _attempts(request, report)
    data = report_pdf(request.org.name, services.settings_for(request.org), report, attempts, now)
    services.record_export(Who.from_request(request), request.org, members=len(report), attempts=len(attempts),
                           form="pdf")
    resp = HttpResponse(data, content_type="application/pdf")
    resp["Content-Disposition"] = f'attachment; filename="safepost-training-{request.org.slug}.pdf"'
    return resp


def _iso(dt) -> str:
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ") if dt else ""


@org_view(Action.TRAINING_CONFIGURE)
@require_POST
def settings_save(request):
    form = SettingsForm(request.POST)
    if form.is_valid():
        try:
            services.set_settings(Who.from_request(request), request.org, form.cleaned_data["validity_days"],
                                  form.cleaned_data["passing_percent"], form.cleaned_data["policy"])
        except TrainingError as e:
            messages.error(request, str(e))
        else:
            messages.success(request, "Training settings saved; they apply to passes from now on.")
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("training-team", org=request.org.slug)


@org_view(Action.TRAINING_VIEW)
@require_GET
def certificate(request, completion_id: int):
    from safepost.app.training.certificate import certificate_pdf

    c = _own_completion(request, completion_id)
    if not c.passed:
        raise Http404("Only a passed module has a certificate")
    person = request.user.name or request.user.email
    data = certificate_pdf(c, _module(c.module_id), request.org.name, person)
    resp = HttpResponse(data, content_type="application/pdf")
    resp["Content-Disposition"] = f'attachment; filename="safepost-certificate-{c.module_id}-{c.pk}.pdf"'
    return resp
