"""The privacy officer's pages for the organization's scenarios under
/o/<org>/training/scenarios/: the list (drafts waiting first), one scenario with its review
form, approve and retire. Builtin scenarios are not shown here (they change in the repository)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from safepost.app.accounts.access import org_view
from safepost.app.accounts.rules import Action
from safepost.app.audit.services import Who
from safepost.app.training import review
from safepost.app.training.forms import ScenarioReviewForm
from safepost.app.training.models import Scenario

STATE_ORDER = {"draft": 0, "approved": 1, "retired": 2}


def _scenario(request, scenario_id: int) -> Scenario:
    return get_object_or_404(Scenario, org=request.org, pk=scenario_id)     # another org's id, or a builtin: 404


@org_view(Action.TRAINING_SCENARIOS_REVIEW)
@require_GET
def scenario_list(request):
    rows = sorted(Scenario.objects.filter(org=request.org), key=lambda s: (STATE_ORDER.get(s.state, 3), -s.pk))
    return render(request, "training/scenarios.html", {
        "rows": rows, "waiting": sum(1 for s in rows if s.state == "draft"), "can_team": True})


def _detail(request, s: Scenario, form: ScenarioReviewForm, status: int = 200):
    return render(request, "training/scenario.html", {"s": s, "form": form, "can_team": True}, status=status)


@org_view(Action.TRAINING_SCENARIOS_REVIEW)
@require_GET
def scenario_detail(request, scenario_id: int):
    s = _scenario(request, scenario_id)
    form = ScenarioReviewForm(initial={"text": s.text, "decision": s.decision, "reasons": s.reasons,
                                       "explanation": s.explanation})
    return _detail(request, s, form)


@org_view(Action.TRAINING_SCENARIOS_REVIEW)
@require_POST
def scenario_approve(request, scenario_id: int):
    s = _scenario(request, scenario_id)
    form = ScenarioReviewForm(request.POST)
    if not form.is_valid():
        return _detail(request, s, form, status=400)
    c = form.cleaned_data
    try:
        review.approve(Who.from_request(request), s, review.Decision(c["text"], c["decision"], tuple(c["reasons"]),
                                                                     c["explanation"]))
    except review.ReviewError as e:
        form.add_error(None, str(e))
        return _detail(request, s, form, status=400)
    messages.success(request, "Approved: members practise with this scenario from now on.")
    return redirect("training-scenarios", org=request.org.slug)


@org_view(Action.TRAINING_SCENARIOS_REVIEW)
@require_POST
def scenario_retire(request, scenario_id: int):
    s = _scenario(request, scenario_id)
    try:
        review.retire(Who.from_request(request), s)
    except review.ReviewError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, "Retired: no one practises with this scenario any more.")
    return redirect("training-scenarios", org=request.org.slug)
