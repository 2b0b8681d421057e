"""Training: taking a module, the organization's settings, each person's standing, the gate
posting and replying ask (`is_current`), and `train` (seeding: demo and tests).

Audit meta holds module ids, versions, scores and codes only, never answers' text."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from safepost.app.accounts.models import Membership, Organization, User
from safepost.app.accounts.rules import Role
from safepost.app.audit.services import Who, record
from safepost.app.training import content, rules
from safepost.app.training.content import Module
from safepost.app.training.models import Completion, TrainingSettings
from safepost.app.training.rules import Policy, Standing

TRAINING_REQUIRED = "training_required"      # the refusal code posts and inbox answer with (403)
LAPSED_MESSAGE = ("Your required privacy training has lapsed, so you cannot {what}. "
                  "Complete it under Training, then try again.")


class TrainingError(ValueError):
    """The request cannot be taken as it is; the message says what to fix."""


@dataclass(frozen=True)
class Settings:
    validity_days: int
    passing_percent: int
    policy: Policy = Policy.DEFAULT

    @property
    def texas(self) -> bool:
        return self.policy is Policy.TEXAS

    def expiry(self, completed_at: datetime) -> datetime:
        return rules.pass_expiry(completed_at, self.policy, self.validity_days)


@dataclass(frozen=True)
class ModuleStanding:
    module: Module
    required: bool
    standing: Standing
    expires_at: datetime | None
    last: Completion | None          # the latest attempt, passed or not
    outdated: bool = False           # the latest pass was of an earlier version (material change: retake)
    due_by: datetime | None = None   # Texas: the new-hire deadline, while the module waits for it


@dataclass(frozen=True)
class MemberStanding:
    user: User
    role: Role
    standing: Standing
    next_expiry: datetime | None     # the earliest expiry among the required modules' passes
    missing: tuple[str, ...]         # required modules still to pass (not current, not due soon)
    due_by: datetime | None = None   # Texas: the new-hire deadline, while modules wait for it


# -- settings ---------------------------------------------------------------------------------
def settings_for(org: Organization) -> Settings:
    row = TrainingSettings.objects.filter(org=org).first()
    if row is None:
        return Settings(rules.VALIDITY_DAYS, rules.PASSING_PERCENT)
    return Settings(row.validity_days, row.passing_percent, Policy(row.policy))


def set_settings(who: Who, org: Organization, validity_days: int, passing_percent: int,
                 policy: Policy | str = Policy.DEFAULT) -> Settings:
    """Save the settings. Under the Texas policy a pass lasts 2 years whatever `validity_days`
    says (kept for a return to the default policy). New values apply to passes from now on."""
    policy = policy.value if isinstance(policy, Policy) else policy
    if problem := rules.settings_problem(validity_days, passing_percent, policy):
        raise TrainingError(problem.message)
    with transaction.atomic():
        old = settings_for(org)
        TrainingSettings.objects.update_or_create(
            org=org, defaults={"validity_days": validity_days, "passing_percent": passing_percent, "policy": policy})
        record(who, "training.settings", ("organization", org.pk),
               {"validity_days": validity_days, "passing_percent": passing_percent, "policy": policy,
                "was_validity_days": old.validity_days, "was_passing_percent": old.passing_percent,
                "was_policy": old.policy.value})
    return Settings(validity_days, passing_percent, Policy(policy))


# -- taking a module --------------------------------------------------------------------------
def get_module(module_id: str) -> Module:
    mod = content.module(module_id)
    if mod is None:
        raise TrainingError(f"There is no training module {module_id!r}.")
    return mod


def grade(mod: Module, answers: Sequence[int | None]) -> tuple[int, tuple[int, ...]]:
    """(score percent, indexes of questions answered wrongly). Every question needs an answer."""
    if len(answers) != len(mod.questions):
        raise TrainingError(f"Answer all {len(mod.questions)} questions (got {len(answers)}).")
    for i, (a, q) in enumerate(zip(answers, mod.questions)):
        if a is None or not isinstance(a, int) or isinstance(a, bool) or not 0 <= a < len(q.choices):
            raise TrainingError(f"Question {i + 1}: choose one of its {len(q.choices)} answers.")
    wrong = tuple(i for i, (a, q) in enumerate(zip(answers, mod.questions)) if a != q.correct)
    return rules.score_percent(len(mod.questions) - len(wrong), len(mod.questions)), wrong


def complete(who: Who, org: Organization, user: User, module_id: str, answers: Sequence[int | None],
             now: datetime | None = None) -> Completion:
    """Grade the quiz and record the attempt (and its audit entry). A pass lasts the
    organization's validity period."""
    mod = get_module(module_id)
    score, wrong = grade(mod, answers)
    now = now or timezone.now()
    conf = settings_for(org)
    ok = rules.passed(score, conf.passing_percent)
    with transaction.atomic():
        c = Completion.objects.create(org=org, user=user, module_id=mod.id, version=mod.version, score=score,
                                      passed=ok, wrong=list(wrong), completed_at=now,
                                      expires_at=conf.expiry(now) if ok else None)
        record(who, "training.complete", c, {"user": user.pk, "module": mod.id, "version": mod.version,
                                             "score": score, "passed": ok, "wrong": len(wrong)})
    return c


def train(user: User, org: Organization, *, when: datetime | None = None, who: Who | None = None,
          modules: Sequence[str] | None = None) -> list[Completion]:
    """Record a full-score pass of `modules` (default: every module the member's role needs) at
    `when`: seeding for the demo and the tests. One audit entry for the lot."""
    role = role_of(org, user.pk)
    ids = list(modules) if modules is not None else sorted(rules.required_modules(role) if role else ())
    if not ids:
        return []
    when = when or timezone.now()
    conf = settings_for(org)
    with transaction.atomic():
        made = [Completion.objects.create(org=org, user=user, module_id=mid, version=get_module(mid).version,
                                          score=100, passed=True, completed_at=when,
                                          expires_at=conf.expiry(when)) for mid in ids]
        record(who or Who.cli(org), "training.complete", ("user", user.pk),
               {"user": user.pk, "modules": ids, "score": 100, "passed": True, "seeded": True})
    return made


# -- standing ---------------------------------------------------------------------------------
def role_of(org: Organization, user_id: int | None) -> Role | None:
    member = _member(org, user_id)
    return member[0] if member else None


def _member(org: Organization, user_id: int | None) -> tuple[Role, datetime] | None:
    """(role, the membership's start) or None for non-members."""
    if user_id is None:
        return None
    row = Membership.objects.filter(org=org, user_id=user_id).values_list("role", "created").first()
    return (Role(row[0]), row[1]) if row else None


def latest_expiries(org: Organization, user_id: int) -> dict[str, datetime]:
    """Each module's latest pass expiry for the member."""
    rows = (Completion.objects.filter(org=org, user_id=user_id, passed=True)
            .values("module_id").annotate(last=Max("expires_at")))
    return {r["module_id"]: r["last"] for r in rows}


def is_current(org: Organization, user: User | int | None, now: datetime | None = None) -> bool:
    """The gate posting and replying ask: every module the member's role requires has a pass
    that has not expired (Texas policy: or the member's 90 days from joining have not run
    out). Nobody (an API key acting for no person) and non-members: False."""
    user_id = user.pk if isinstance(user, User) else user
    member = _member(org, user_id)
    if member is None:
        return False
    deadline = rules.hire_deadline(settings_for(org).policy, member[1])
    return rules.is_current(member[0], latest_expiries(org, user_id), now or timezone.now(), deadline)


def my_training(org: Organization, user: User, now: datetime | None = None) -> list[ModuleStanding]:
    """Every module with the member's standing in it; required ones first."""
    now = now or timezone.now()
    member = _member(org, user.pk)
    need = rules.required_modules(member[0]) if member else frozenset()
    deadline = rules.hire_deadline(settings_for(org).policy, member[1]) if member else None
    expiries = latest_expiries(org, user.pk)
    last, passed_version = {}, {}
    for c in Completion.objects.filter(org=org, user=user).order_by("completed_at", "pk"):
        last[c.module_id] = c
        if c.passed:
            passed_version[c.module_id] = c.version
    out = []
    for m in content.modules():
        mine = rules.standing(expiries.get(m.id), now, deadline=deadline if m.id in need else None)
        out.append(ModuleStanding(m, m.id in need, mine, expiries.get(m.id), last.get(m.id),
                                  outdated=passed_version.get(m.id, m.version) < m.version,
                                  due_by=deadline if mine is Standing.NEW_HIRE else None))
    return sorted(out, key=lambda s: not s.required)


def overall(items: Sequence[ModuleStanding]) -> Standing:
    return rules.overall(s.standing for s in items if s.required)


def team_report(org: Organization, now: datetime | None = None) -> list[MemberStanding]:
    """Every member's standing in their required modules under the organization's policy (three
    queries, whatever the size)."""
    now = now or timezone.now()
    policy = settings_for(org).policy
    expiries: dict[int, dict[str, datetime]] = {}
    for r in (Completion.objects.filter(org=org, passed=True).values("user_id", "module_id")
              .annotate(last=Max("expires_at"))):
        expiries.setdefault(r["user_id"], {})[r["module_id"]] = r["last"]
    out = []
    for m in Membership.objects.filter(org=org).select_related("user").order_by("user__email"):
        role, mine = Role(m.role), expiries.get(m.user_id, {})
        need = sorted(rules.required_modules(role))
        deadline = rules.hire_deadline(policy, m.created)
        standings = {mid: rules.standing(mine.get(mid), now, deadline=deadline) for mid in need}
        dates = [mine[mid] for mid in need if mid in mine]
        waiting = Standing.NEW_HIRE in standings.values()
        out.append(MemberStanding(m.user, role, rules.overall(standings.values()), min(dates) if dates else None,
                                  tuple(mid for mid, s in standings.items() if not s.counts or s is Standing.NEW_HIRE),
                                  due_by=deadline if waiting else None))
    return out


def lapsed_message(what: str) -> str:
    return LAPSED_MESSAGE.format(what=what)


def record_export(who: Who, org: Organization, *, members: int, attempts: int, form: str) -> None:
    """Audit a download of the training report (`form`: csv or pdf)."""
    with transaction.atomic():
        record(who, "training.export", ("organization", org.pk),
               {"members": members, "attempts": attempts, "format": form})
