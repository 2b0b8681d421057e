"""Incident operations. Each runs in a transaction, writes the audit log (ids, codes, dates and
counts only: never the title, the summary or the evidence) and tells people through notify.

For other apps:

    open_incident(org, source_kind, source_id, reason_code, who=None) -> Incident
        opens (or returns the open incident already tracking) a published post, an inbox item
        or a consent; e.g. open_incident(org, "post", post.pk, "override_published")
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from safepost.app.accounts.models import Membership, Organization, User
from safepost.app.accounts.rules import Action, can
from safepost.app.audit.services import Who, fingerprint, record
from safepost.app.incidents import hhs, public_notices, rules, substitute
from safepost.app.incidents.letter_pdf import document_pdf, letter_pdf
from safepost.app.incidents.letters import LetterFacts, letter_problems
from safepost.app.incidents.models import Incident, Notice
from safepost.app.notify.events import EVENTS, Event, reason_code
from safepost.app.notify.services import notify

SYSTEM_ACTOR = "system:incidents"
TITLE_MAX = 200
SUMMARY_MAX = 5000


class IncidentError(ValueError):
    """A refused operation; `problems` name each field to fix."""

    def __init__(self, problems: list[str] | str):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("; ".join(self.problems))


def today() -> date:
    return timezone.localdate()


def system_who(org: Organization) -> Who:
    return Who(org=org, actor_id=None, actor=SYSTEM_ACTOR)


def link(incident: Incident) -> str:
    return f"/o/{incident.org.slug}/incidents/{incident.pk}/"


def _locked(incident: Incident) -> Incident:
    return Incident.objects.select_for_update().get(pk=incident.pk)


def _refuse_if_closed(i: Incident) -> None:
    if i.state == "closed":
        raise IncidentError(f"{i.ref} is closed; nothing more can be recorded on it")


# -- opening ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class NewIncident:
    title: str
    discovered_on: date
    affected_by_state: dict
    summary: str = ""
    role: str = "covered_entity"
    source_kind: str = "manual"
    source_id: int | None = None
    discovered_at: datetime | None = None
    occurred_on: date | None = None
    info_types: tuple[str, ...] = ()      # identifier types known at opening (INFO_TYPES keys)


def new_incident_problems(n: NewIncident, on: date) -> list[str]:
    problems = []
    if not n.title.strip():
        problems.append("title: give the incident a short title (it is stored encrypted)")
    elif len(n.title) > TITLE_MAX:
        problems.append(f"title: at most {TITLE_MAX} characters")
    if len(n.summary) > SUMMARY_MAX:
        problems.append(f"summary: at most {SUMMARY_MAX} characters")
    if n.discovered_on > on:
        problems.append("discovered_on: the discovery date cannot be in the future")
    if n.occurred_on is not None and n.occurred_on > n.discovered_on:
        problems.append("occurred_on: the breach cannot have happened after it was discovered")
    if n.role not in rules.ROLES:
        problems.append(f"role: choose one of {', '.join(rules.ROLES)}")
    if n.source_kind not in rules.SOURCE_KINDS:
        problems.append(f"source_kind: choose one of {', '.join(rules.SOURCE_KINDS)}")
    if n.source_kind != "manual" and not n.source_id:
        problems.append("source_id: name the post, inbox item or consent by its id")
    return problems + rules.affected_problems(n.affected_by_state)


SOURCE_MODELS = {"post": ("posts", "Post"), "inbox_item": ("inbox", "Item"), "consent": ("consent", "Consent")}


def source_exists(org: Organization, kind: str, source_id: int | None) -> bool:
    """Is `source_id` a post, inbox item or consent of `org`?"""
    from django.apps import apps

    if kind not in SOURCE_MODELS or not source_id:
        return kind == "manual"
    return apps.get_model(*SOURCE_MODELS[kind]).objects.filter(org=org, pk=source_id).exists()


def open_reported(who: Who, org: Organization, n: NewIncident, reason: str = "manual") -> Incident:
    """Open an incident from a form or the API; everyone with the privacy role is told at once."""
    problems = new_incident_problems(n, today())
    if not problems and n.source_kind != "manual" and not source_exists(org, n.source_kind, n.source_id):
        problems.append(f"source_id: no {n.source_kind.replace('_', ' ')} {n.source_id} in this organization")
    if problems:
        raise IncidentError(problems)
    with transaction.atomic():
        i = Incident.objects.create(
            org=org, title=n.title.strip(), summary=n.summary.strip(), role=n.role, source_kind=n.source_kind,
            source_id=n.source_id, open_reason=reason_code(reason), discovered_on=n.discovered_on,
            discovered_at=n.discovered_at, occurred_on=n.occurred_on, affected_by_state=dict(n.affected_by_state), opened_by_actor=who.actor[:254],
            info_types=list(dict.fromkeys(n.info_types)))
        record(who, "incident.open", i, {
            "source_kind": i.source_kind, "source_id": i.source_id, "reason": i.open_reason, "role": i.role,
            "discovered_on": i.discovered_on.isoformat(), "affected_total": i.affected_total,
            "states": sorted(i.affected_by_state)[:20], **({"info_types": i.info_types[:20]} if i.info_types else {})})
        notify(org, Event.INCIDENT_OPENED, link=link(i), obj=i, reason=i.open_reason)
        if i.source_kind != "manual":
            from safepost.app.incidents.containment import track

            track(who, i)       # what of ours is up on the platforms: the containment list
    return i


def open_incident(org: Organization, source_kind: str, source_id: int, reason: str, who: Who | None = None,
                  discovered_at: datetime | None = None, info_types: Sequence[str] = ()) -> Incident:
    """Open an incident about a post, an inbox item or a consent, for another app or the worker.

    Idempotent: while an incident about the same source is not closed, that one is returned.
    Discovery is the moment SafePost knew (164.404(a)(2): an alert starts the clock)."""
    if source_kind not in rules.SOURCE_KINDS or source_kind == "manual":
        raise IncidentError(f"source_kind: choose one of post, inbox_item, consent (not {source_kind[:20]!r})")
    who = who or system_who(org)
    when = discovered_at or timezone.now()
    with transaction.atomic():
        existing = (Incident.objects.select_for_update().filter(org=org, source_kind=source_kind, source_id=source_id)
                    .exclude(state="closed").first())
        if existing is not None:
            return existing
        title = f"{rules.SOURCE_KINDS[source_kind]} #{source_id}: {reason_code(reason).replace('_', ' ')}"
        return open_reported(who, org, NewIncident(title=title, discovered_on=timezone.localdate(when), affected_by_state={},
                                            source_kind=source_kind, source_id=source_id, discovered_at=when,
                                            info_types=tuple(t for t in info_types if t in rules.INFO_TYPES)),
                      reason=reason)


# -- the team ---------------------------------------------------------------------------------------------
def acknowledge(who: Who, incident: Incident, user: User) -> Incident:
    """Someone of the crisis team has seen it: stops the 24-hour escalation."""
    with transaction.atomic():
        i = _locked(incident)
        _refuse_if_closed(i)
        if i.acknowledged_at is not None:
            return i
        i.acknowledged_at, i.acknowledged_by = timezone.now(), user
        i.save(update_fields=["acknowledged_at", "acknowledged_by"])
        record(who, "incident.acknowledge", i, {"user": user.pk})
    return i


def assign(who: Who, incident: Incident, user: User) -> Incident:
    """Give the incident to a member who may manage incidents; they are told at once."""
    m = Membership.objects.filter(org=incident.org, user=user, user__is_active=True).first()
    if m is None or not can(m.role, Action.INCIDENTS_MANAGE):
        raise IncidentError("assignee: choose an active member who may manage incidents (privacy officer or administrator)")
    with transaction.atomic():
        i = _locked(incident)
        _refuse_if_closed(i)
        i.assignee = user
        i.save(update_fields=["assignee"])
        record(who, "incident.assign", i, {"user": user.pk})
        notify(i.org, Event.INCIDENT_ASSIGNED, to=[user], link=link(i), obj=i, reason="assigned")
    return i


def update_facts(who: Who, incident: Incident, *, discovered_on: date, affected_by_state: dict,
                 rationale: str = "") -> Incident:
    """Correct the discovery date or the counts per State (the deadlines follow). Moving the
    discovery date needs a written rationale (kept encrypted); the first-known timestamp stays."""
    problems = rules.affected_problems(affected_by_state)
    if discovered_on > today():
        problems.append("discovered_on: the discovery date cannot be in the future")
    if incident.occurred_on and discovered_on < incident.occurred_on:
        problems.append("discovered_on: the breach cannot have been discovered before it happened")
    moved = discovered_on != incident.discovered_on
    if moved and len(rationale.strip()) < rules.MIN_RATIONALE:
        problems.append(f"rationale: say in writing why the discovery date changes (at least {rules.MIN_RATIONALE} "
                        "characters); it moves every deadline")
    if problems:
        raise IncidentError(problems)
    with transaction.atomic():
        i = _locked(incident)
        _refuse_if_closed(i)
        before = i.discovered_on
        i.discovered_on, i.affected_by_state = discovered_on, dict(affected_by_state)
        if moved:
            stamp = f"{timezone.localdate().isoformat()} {before.isoformat()} -> {discovered_on.isoformat()}: "
            i.discovery_notes = (i.discovery_notes + "\n" if i.discovery_notes else "") + stamp + rationale.strip()
        i.save(update_fields=["discovered_on", "affected_by_state", "discovery_notes"])
        record(who, "incident.update_facts", i, {
            "discovered_on": discovered_on.isoformat(), "discovered_on_before": before.isoformat(),
            "rationale": fingerprint(rationale.strip()) if moved else None,
            "affected_total": i.affected_total, "states": sorted(affected_by_state)[:20]})
    return i


# -- 164.402 ----------------------------------------------------------------------------------------------
def assess(who: Who, incident: Incident, a: rules.Assessment) -> Incident:
    """Store the four-factor assessment (may be incomplete: a draft); the incident is 'assessing'."""
    unknown = [t for t in a.info_types if t not in rules.INFO_TYPES]
    bad = [k for k in rules.FACTORS if a.answer(k).risk not in ("", *rules.RISKS)]
    if unknown or bad or a.reidentification not in ("", *rules.REIDENTIFICATION):
        raise IncidentError([p for p in rules.assessment_problems(a)
                             if p.startswith(("info_types: unknown", "reidentification")) or "rate the risk" in p])
    with transaction.atomic():
        i = _locked(incident)
        _refuse_if_closed(i)
        i.info_types, i.reidentification = list(dict.fromkeys(a.info_types)), a.reidentification
        i.factor_risks = {k: a.answer(k).risk for k in rules.FACTORS}
        i.factor_evidence = json.dumps({k: a.answer(k).evidence.strip() for k in rules.FACTORS})
        i.rationale, i.assessed_at = a.rationale.strip(), timezone.now()
        if i.state == "open":
            i.state = "assessing"
        i.save()
        record(who, "incident.assess", i, {
            "info_types": i.info_types[:20], "reidentification": i.reidentification or None,
            **{f"risk_{k}": v or None for k, v in i.factor_risks.items()},
            "complete": not rules.assessment_problems(a)})
    return i


def decide(who: Who, incident: Incident) -> Incident:
    """Conclude from the stored assessment: 'low_probability' only when every factor is low with
    evidence and a written rationale; otherwise 'notify' (the presumption of 164.402(2))."""
    problems = rules.assessment_problems(incident.assessment())
    if problems:
        raise IncidentError(problems)
    conclusion, why = rules.conclude(incident.assessment())
    return _set_conclusion(who, incident, conclusion, why)


def claim_exception(who: Who, incident: Incident, code: str, justification: str, no_further_use: bool) -> Incident:
    """Record that a 164.402(1) exception applies: not a breach, no notices."""
    problems = rules.exception_problems(code, justification, no_further_use)
    if problems:
        raise IncidentError(problems)
    with transaction.atomic():
        i = _locked(incident)
        _refuse_if_closed(i)
        i.exception_code, i.exception_justification = code, justification.strip()
        i.exception_no_further_use = no_further_use
        i.save(update_fields=["exception_code", "exception_justification", "exception_no_further_use"])
        return _set_conclusion(who, i, "exception", [code])


def _set_conclusion(who: Who, incident: Incident, conclusion: str, why: list[str]) -> Incident:
    with transaction.atomic():
        i = _locked(incident)
        _refuse_if_closed(i)
        i.conclusion, i.decided_at, i.decided_by_actor = conclusion, timezone.now(), who.actor[:254]
        i.state = "notifying" if conclusion == "notify" else "assessing"
        i.save(update_fields=["conclusion", "decided_at", "decided_by_actor", "state"])
        record(who, "incident.decide", i, {"conclusion": conclusion, "why": why[:10],
                                            "exception": i.exception_code or None})
    return i


# -- 164.412 ----------------------------------------------------------------------------------------------
def record_delay(who: Who, incident: Incident, *, kind: str, stated_on: date | None, until: date | None,
                 official: str) -> Incident:
    """A law-enforcement official's statement: the clocks pause (see rules, Q3)."""
    problems = rules.delay_problems(kind, stated_on, until, official, incident.discovered_on)
    if problems:
        raise IncidentError(problems)
    with transaction.atomic():
        i = _locked(incident)
        _refuse_if_closed(i)
        i.delay_kind, i.delay_stated_on, i.delay_until, i.delay_official = kind, stated_on, until, official.strip()
        i.save(update_fields=["delay_kind", "delay_stated_on", "delay_until", "delay_official"])
        record(who, "incident.delay", i, {"kind": kind, "stated_on": stated_on.isoformat(),
                                           "until": until.isoformat() if until else None})
    return i


# -- notices and closing -------------------------------------------------------------------------------------
def _media_problems(i: Incident, kind: str, method: str, state: str) -> list[str]:
    """A media notice names one State with more than 500 affected residents and goes to prominent
    media outlets (164.406); no other notice names a State."""
    if kind != "media":
        return ["state: only a media notice names a State"] if state else []
    states = next((d.states for d in i.deadlines() if d.key == "media"), ())
    problems = []
    if state not in states:
        problems.append(f"state: name the State of this media notice: {', '.join(states) or 'none'} "
                        "(more than 500 residents, 164.406)")
    if method != "press":
        problems.append("method: a media notice goes to prominent media outlets serving the State (press)")
    return problems


def record_notice(who: Who, incident: Incident, *, kind: str, method: str, sent_on: date | None,
                  recipients_count: int, note: str = "", state: str = "") -> Notice:
    """Proof that a notice went out (164.414(b)); a media notice names its State (164.406)."""
    with transaction.atomic():
        i = _locked(incident)
        owed = {d.key for d in i.deadlines()} if i.conclusion == "notify" else set()
        plan = i.substitute_plan()
        if plan is not None and plan.applies and i.conclusion == "notify":
            owed.add("substitute")
        problems = rules.notice_problems(kind, method, sent_on, recipients_count, i.discovered_on, today(), owed)
        if kind == "substitute" and not problems:
            problems = substitute.method_problems(plan, method)
        if not problems:
            problems = _media_problems(i, kind, method, state)
        if problems:
            raise IncidentError(problems)
        _refuse_if_closed(i)
        n = Notice.objects.create(incident=i, kind=kind, method=method, sent_on=sent_on,
                                  recipients_count=recipients_count, jurisdiction=state, note=note.strip()[:2000],
                                  recorded_by_actor=who.actor[:254])
        record(who, "incident.notice", i, {"notice": n.pk, "kind": kind, "method": method, "state": state or None,
                                            "sent_on": sent_on.isoformat(), "recipients_count": recipients_count})
    return n


def has_review(incident: Incident) -> bool:
    from safepost.app.incidents.models import Review

    return Review.objects.filter(incident_id=incident.pk).exists()


def record_unreachable(who: Who, incident: Incident, count: int) -> Incident:
    """How many of the people affected have insufficient or out-of-date contact information: it
    decides the substitute notice owed (164.404(d)(2))."""
    problems = substitute.count_problems(count, incident.affected_total)
    if problems:
        raise IncidentError(problems)
    with transaction.atomic():
        i = _locked(incident)
        _refuse_if_closed(i)
        i.unreachable_count = count
        i.save(update_fields=["unreachable_count"])
        record(who, "incident.unreachable", i, {"unreachable_count": count, "rule": substitute.rule_for(count)})
    return i


def close_problems(i: Incident) -> list[str]:
    """Why the incident may not close yet: the decision, every notice owed (the substitute notice
    and its 90 days included) and, for a breach, the post-incident review."""
    missing = i.media_missing()
    sent = i.notices_sent() | ({"media"} if missing else set())      # named per State below
    problems = rules.close_problems(i.state, i.conclusion, i.deadlines(), sent)
    if i.state == "closed":
        return problems
    if i.conclusion == "notify":
        problems += [f"record the media notice for {s} as sent before closing (164.406)" for s in missing]
    plan = i.substitute_plan()
    if plan is not None and i.conclusion == "notify":
        problems += substitute.close_problems(plan, today())
    return problems + rules.review_close_problems(i.conclusion, has_review(i))


def close(who: Who, incident: Incident) -> Incident:
    """Close: only with the decision recorded and, for a breach, every notice owed sent."""
    with transaction.atomic():
        i = _locked(incident)
        problems = close_problems(i)
        if problems:
            raise IncidentError(problems)
        i.state, i.closed_at = "closed", timezone.now()
        i.save(update_fields=["state", "closed_at"])
        record(who, "incident.close", i, {"conclusion": i.conclusion, "notices": sorted(i.notices_sent())})
    return i


def timeline(incident: Incident):
    """Everything that happened to the incident, from the audit log (oldest first); page views
    are in the audit log but not in the timeline."""
    from safepost.app.audit.models import AuditEntry

    return (AuditEntry.objects.filter(org=incident.org, object_type="incidents.incident", object_id=str(incident.pk))
            .exclude(action="incident.view").order_by("seq"))


# -- the worker's duties (jobs.py) ----------------------------------------------------------------------------
def _active_ids():
    return list(Incident.objects.exclude(state="closed").exclude(conclusion__in=("low_probability", "exception"))
                .values_list("pk", flat=True))


def remind_deadlines(now: datetime | None = None) -> list[tuple[int, str, int]]:
    """INCIDENT_DEADLINE 30, 14, 7 and 1 days before each due date, once each, for incidents not
    closed and not decided 'not a breach', and only for notices not yet sent. Safe from any number
    of workers: the row is locked and the reminders already sent re-read under the lock."""
    now = now or timezone.now()
    day = timezone.localtime(now).date()
    sent_now = []
    for pk in _active_ids():
        with transaction.atomic():
            i = Incident.objects.select_for_update(of=("self",)).select_related("org").get(pk=pk)
            done = i.notices_sent()
            for d in i.deadlines():
                already = set(i.reminders_sent.get(d.key, []))
                days = None if d.key in done else rules.reminder_due(d.due, day, already)
                if days is None:
                    continue
                i.reminders_sent = {**i.reminders_sent, d.key: sorted(already | {days})}
                i.save(update_fields=["reminders_sent"])
                who = system_who(i.org)
                record(who, "incident.deadline_reminder", i, {"deadline": d.key, "due": d.due.isoformat(),
                                                               "days_left": (d.due - day).days, "threshold": days})
                notify(i.org, Event.INCIDENT_DEADLINE, link=link(i), obj=i, reason=f"{d.key}_{days}d",
                       to=[i.assignee] if i.assignee_id else None, roles=EVENTS[Event.INCIDENT_DEADLINE].roles)
                sent_now.append((pk, d.key, days))
    return sent_now


def escalate_unacknowledged(now: datetime | None = None) -> list[int]:
    """INCIDENT_ESCALATED once for each incident nobody acknowledged within 24 hours."""
    now = now or timezone.now()
    cutoff = now - rules.ESCALATE_AFTER
    due = Incident.objects.filter(acknowledged_at=None, escalated_at=None, opened_at__lte=cutoff).exclude(state="closed")
    escalated = []
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            i = Incident.objects.select_for_update(of=("self",)).select_related("org").get(pk=pk)
            if not rules.should_escalate(i.opened_at, i.acknowledged_at, i.escalated_at, now):
                continue
            i.escalated_at = now
            i.save(update_fields=["escalated_at"])
            hours = int((now - i.opened_at).total_seconds() // 3600)
            record(system_who(i.org), "incident.escalate", i, {"hours_unacknowledged": hours})
            notify(i.org, Event.INCIDENT_ESCALATED, link=link(i), obj=i, reason="not_acknowledged_24h")
            escalated.append(pk)
    return escalated


def note_view(who: Who, incident: Incident) -> None:
    """Opening an incident shows what happened (it may describe PHI): audited."""
    with transaction.atomic():
        record(who, "incident.view", incident)


# -- letters and the log ---------------------------------------------------------------------------------------
def notice_letter(who: Who, incident: Incident, facts: LetterFacts) -> bytes:
    """The 164.404(c) letter to individuals as PDF, audited (language and a fingerprint only)."""
    if incident.conclusion in ("low_probability", "exception"):
        raise IncidentError("conclusion: the decision is 'not a breach'; no letter is owed")
    problems = letter_problems(facts)
    if problems:
        raise IncidentError(problems)
    data = letter_pdf(facts)
    with transaction.atomic():
        record(who, "incident.letter", incident, {"language": facts.language, "sha256": hashlib.sha256(data).hexdigest(),
                                                  "info_types": list(facts.info_types)[:20]})
    return data


def public_notice(who: Who, incident: Incident, facts: LetterFacts, kind: str, state: str = "",
                  fmt: str = "pdf") -> bytes:
    """The substitute notice for the web or the media (164.404(d)(2)(ii)) or the notice to the
    media of one State (164.406), as PDF or plain text; audited (kind, State, language, fingerprint)."""
    plan = incident.substitute_plan()
    media = next((d.states for d in incident.deadlines() if d.key == "media"), ())
    problems = public_notices.problems(facts, kind, state, media)
    if incident.conclusion in ("low_probability", "exception"):
        problems.insert(0, "conclusion: the decision is 'not a breach'; no notice is owed")
    elif kind == "posting" and (plan is None or plan.rule != "many"):
        problems.insert(0, "unreachable_count: a web or media substitute notice is owed only when 10 or more people "
                           "cannot be reached (164.404(d)(2)(ii)); record how many first")
    if fmt not in ("pdf", "txt"):
        problems.append("format: pdf or txt")
    if problems:
        raise IncidentError(problems)
    doc = public_notices.document(facts, kind, state)
    data = document_pdf(doc) if fmt == "pdf" else public_notices.document_text(doc).encode()
    with transaction.atomic():
        record(who, "incident.public_notice", incident, {
            "kind": kind, "state": state or None, "language": facts.language, "format": fmt,
            "sha256": hashlib.sha256(data).hexdigest()})
    return data


def letter_facts(incident: Incident, language: str, **contact) -> LetterFacts:
    return LetterFacts(org_name=incident.org.name, language=language, discovered_on=incident.discovered_on,
                       occurred_on=incident.occurred_on, info_types=tuple(incident.info_types), **contact)


def record_hhs_report(who: Who, incident: Incident, report: dict) -> Incident:
    """The officer's answers to the HHS breach portal's questions (164.408): codes only."""
    report = {**hhs.DEFAULTS, **report}
    problems = hhs.report_problems(report)
    if problems:
        raise IncidentError(problems)
    with transaction.atomic():
        i = _locked(incident)
        _refuse_if_closed(i)
        i.hhs_report = {k: report[k] for k in hhs.DEFAULTS}
        i.save(update_fields=["hhs_report"])
        record(who, "incident.hhs_report", i, {k: v[:10] if isinstance(v, list) else v for k, v in i.hhs_report.items()})
    return i


def hhs_facts(i: Incident) -> hhs.Facts:
    """What SafePost knows of `i` for the portal. The breach ends when everything of ours is down."""
    notices = list(i.notices.all())
    exposures = list(i.exposures.all())
    ended = (max(e.removed_at for e in exposures).date() if exposures and all(e.removed and e.removed_at for e in exposures)
             else None)
    first = lambda kind: min((n.sent_on for n in notices if n.kind == kind), default=None)  # noqa: E731
    d = {x.key: x for x in i.deadlines()}
    plan = i.substitute_plan()
    return hhs.Facts(
        ref=i.ref, occurred_on=i.occurred_on, ended_on=ended, discovered_on=i.discovered_on,
        affected_total=i.affected_total, states=tuple(sorted(i.affected_by_state)), info_types=tuple(i.info_types),
        report=i.hhs_report, individuals_sent=first("individuals"),
        substitute_required=None if plan is not None and plan.rule == "unknown" else bool(plan and plan.applies),
        substitute_sent=first("substitute"),
        media_required="media" in d, media_sent=tuple(sorted(i.media_sent().values())),
        annual="hhs" in d and d["hhs"].annual)


def hhs_csv(who: Who, org: Organization, year: int | None = None, incident: Incident | None = None) -> str:
    """The HHS portal's fields as CSV: one incident's report, the annual log of `year` (164.408(c):
    fewer than 500, not decided 'not a breach'), or every breach decided 'notify'."""
    if incident is not None:
        rows = [incident]
    elif year is not None:
        rows = [i for i in Incident.objects.filter(org=org, discovered_on__year=year)
                .exclude(conclusion__in=("low_probability", "exception")).order_by("discovered_on", "pk")
                .prefetch_related("notices", "exposures") if i.affected_total < rules.HHS_IMMEDIATE_AT_LEAST]
    else:
        rows = list(Incident.objects.filter(org=org, conclusion="notify").order_by("discovered_on", "pk")
                    .prefetch_related("notices", "exposures"))
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(hhs.COLUMNS)
    for i in rows:
        w.writerow(hhs.row(hhs_facts(i)))
    with transaction.atomic():
        record(who, "incident.export", incident, {"rows": len(rows), "year": year, "fields": "hhs_portal"})
    return out.getvalue()


LOG_COLUMNS = ["incident", "state", "role", "source", "occurred_on", "discovered_on", "affected_total",
               "affected_by_state", "info_types", "conclusion", "exception", "individuals_due", "media_due",
               "media_states", "hhs_due", "hhs_annual", "delay", "notices", "opened_at", "closed_at"]


def incident_log_csv(who: Who, org: Organization, year: int | None = None) -> str:
    """The incident log as CSV (codes, dates, counts: no titles, summaries or evidence). With
    `year`: the annual log for HHS (164.408(c)): breaches of fewer than 500 discovered that year,
    not decided 'not a breach'."""
    qs = Incident.objects.filter(org=org).prefetch_related("notices").order_by("discovered_on", "pk")
    if year is not None:
        qs = qs.filter(discovered_on__year=year).exclude(conclusion__in=("low_probability", "exception"))
    rows = [i for i in qs if year is None or i.affected_total < rules.HHS_IMMEDIATE_AT_LEAST]
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(LOG_COLUMNS)
    for i in rows:
        w.writerow(_log_row(i))
    with transaction.atomic():
        record(who, "incident.export", meta={"rows": len(rows), "year": year})
    return out.getvalue()


def _log_row(i: Incident) -> list:
    d = {x.key: x for x in i.deadlines()}
    due = lambda k: d[k].due.isoformat() if k in d else ""
    return [i.ref, i.state, i.role, f"{i.source_kind}:{i.source_id or ''}", i.occurred_on or "", i.discovered_on,
            i.affected_total, " ".join(f"{k}={v}" for k, v in sorted(i.affected_by_state.items())),
            " ".join(i.info_types), i.conclusion, i.exception_code, due("individuals"), due("media"),
            " ".join(d["media"].states) if "media" in d else "", due("hhs"), "yes" if "hhs" in d and d["hhs"].annual else "",
            f"{i.delay_kind}:{i.delay_stated_on}" if i.delay_kind else "",
            " ".join(f"{n.kind}@{n.sent_on.isoformat()}" for n in i.notices.all()),
            i.opened_at.isoformat(timespec="seconds"), i.closed_at.isoformat(timespec="seconds") if i.closed_at else ""]
