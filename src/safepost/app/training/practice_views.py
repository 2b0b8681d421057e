"""The Practice page (/o/<org>/training/practice/): five scenarios, a decision for each, then
the right decisions with their reasons and explanations. Choices are validated here (every
scenario shown needs a decision); grading, scheduling and the audit are in practice.py."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from safepost.app.accounts.access import org_view
from safepost.app.accounts.rules import Action, Role, can
from safepost.app.audit.services import Who
from safepost.app.training import bank, practice
from safepost.app.training.scenarios import usable

MAX_IDS = 10


def _context(request, scenarios, *, chosen=None, errors=None) -> dict:
    chosen = chosen or {}
    return {"items": [{"s": s, "chosen": chosen.get(s.pk, ""), "error": (errors or {}).get(s.pk, "")} for s in scenarios],
            "decisions": list(bank.DECISIONS.items()), "can_take": True,
            "can_team": can(request.membership.role, Action.TRAINING_TEAM_VIEW),
            "can_review": can(request.membership.role, Action.TRAINING_SCENARIOS_REVIEW)}


@org_view(Action.TRAINING_TAKE)
@require_GET
def practice_page(request):
    scenarios = practice.practice_set(request.org, request.user, Role(request.membership.role))
    return render(request, "training/practice.html", _context(request, scenarios))


def _ids(request) -> list[int] | None:
    raw = request.POST.getlist("ids")
    if not raw or len(raw) > MAX_IDS or not all(x.isdigit() for x in raw):
        return None
    return list(dict.fromkeys(int(x) for x in raw))


@org_view(Action.TRAINING_TAKE)
@require_POST
def practice_answer(request):
    ids = _ids(request)
    if ids is None:
        return render(request, "training/practice.html", _context(request, [])
                      | {"form_error": "The answers arrived without their scenarios; open the practice page again."},
                      status=400)
    found = {s.pk: s for s in usable(request.org).filter(pk__in=ids)}
    scenarios = [found[i] for i in ids if i in found]
    chosen = {s.pk: request.POST.get(f"s{s.pk}", "") for s in scenarios}
    errors = {pk: "Choose a decision for this scenario." for pk, c in chosen.items() if c not in bank.DECISIONS}
    if errors or len(scenarios) != len(ids):
        ctx = _context(request, scenarios, chosen=chosen, errors=errors)
        if len(scenarios) != len(ids):
            ctx["form_error"] = "A scenario is no longer in use; open the practice page again."
        return render(request, "training/practice.html", ctx, status=400)
    try:
        results = practice.answer(Who.from_request(request), request.org, request.user, chosen)
    except practice.PracticeError as e:
        return render(request, "training/practice.html", _context(request, scenarios, chosen=chosen)
                      | {"form_error": str(e)}, status=400)
    return render(request, "training/practice_result.html", _context(request, []) | {
        "results": results, "right": sum(1 for r in results if r.correct)})
