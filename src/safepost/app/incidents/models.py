"""Storage for incidents and breach notices. Decisions live in rules.py, changes in services.py.

The title, the summary, the written evidence of the four factors, the exception's justification
and the notices' notes may describe PHI: `EncryptedTextField`, never filtered on, never in the
audit log. Counts, codes, dates and ids are stored in the clear. Nothing here is deleted: the
record is the evidence of 164.414(b).
"""

from __future__ import annotations

import json
from datetime import date

from django.db import models

from safepost.app.accounts.models import Organization, User
from safepost.app.incidents import rules, substitute
from safepost.app.lib.fields import EncryptedTextField


class Incident(models.Model):
    org = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="incidents")
    state = models.CharField(max_length=12, default="open", choices=list(rules.STATES.items()))
    role = models.CharField(max_length=20, default="covered_entity", choices=list(rules.ROLES.items()))
    title = EncryptedTextField()
    summary = EncryptedTextField(blank=True, default="")
    # where it came from: a published post, an inbox item, a revoked consent, or by hand
    source_kind = models.CharField(max_length=12, default="manual", choices=list(rules.SOURCE_KINDS.items()))
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    open_reason = models.CharField(max_length=40, default="manual")
    # 164.404(a)(2): the first day it was known (or would have been); the first-known timestamp
    discovered_on = models.DateField()
    discovered_at = models.DateTimeField(null=True, blank=True)
    discovery_notes = EncryptedTextField(blank=True, default="")   # why the discovery date moved, dated
    occurred_on = models.DateField(null=True, blank=True)     # the date of the breach, if known (164.404(c)(1)(A))
    affected_by_state = models.JSONField(default=dict)        # {"CA": 600}: counts only
    # 164.404(d)(2): how many have insufficient or out-of-date contact information (None: not recorded)
    unreachable_count = models.PositiveIntegerField(null=True, blank=True)
    # 164.408: the officer's answers to the HHS breach portal's questions (codes only, hhs.py)
    hhs_report = models.JSONField(default=dict)
    # 164.402(2): the four-factor assessment (risks in the clear, evidence encrypted)
    info_types = models.JSONField(default=list)
    reidentification = models.CharField(max_length=8, blank=True, default="")
    factor_risks = models.JSONField(default=dict)             # {"nature": "low", ...}
    factor_evidence = EncryptedTextField(blank=True, default="")   # JSON {"nature": "...", ...}
    rationale = EncryptedTextField(blank=True, default="")
    assessed_at = models.DateTimeField(null=True, blank=True)
    # 164.402(1): a statutory exception
    exception_code = models.CharField(max_length=30, blank=True, default="")
    exception_justification = EncryptedTextField(blank=True, default="")
    exception_no_further_use = models.BooleanField(default=False)
    # the decision
    conclusion = models.CharField(max_length=20, blank=True, default="")
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by_actor = models.CharField(max_length=254, blank=True, default="")
    # 164.412: a law-enforcement delay
    delay_kind = models.CharField(max_length=8, blank=True, default="")
    delay_stated_on = models.DateField(null=True, blank=True)
    delay_until = models.DateField(null=True, blank=True)
    delay_official = EncryptedTextField(blank=True, default="")
    # the team
    assignee = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    escalated_at = models.DateTimeField(null=True, blank=True)
    reminders_sent = models.JSONField(default=dict)           # {"individuals": [30, 14]}
    # bookkeeping
    opened_at = models.DateTimeField(auto_now_add=True)
    opened_by_actor = models.CharField(max_length=254)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["org", "state"], name="incident_org_state"),
                   models.Index(fields=["org", "source_kind", "source_id"], name="incident_org_source")]
        ordering = ["-opened_at", "-id"]

    def __str__(self) -> str:
        return self.ref

    @property
    def ref(self) -> str:
        return f"I-{self.pk}"

    @property
    def state_label(self) -> str:
        return rules.STATES.get(self.state, self.state)

    @property
    def conclusion_label(self) -> str:
        return rules.CONCLUSIONS.get(self.conclusion, "Not decided")

    @property
    def affected_total(self) -> int:
        return sum(self.affected_by_state.values())

    def delay(self) -> rules.Delay | None:
        if not self.delay_kind or self.delay_stated_on is None:
            return None
        return rules.Delay(self.delay_kind, self.delay_stated_on, self.delay_until)

    def deadlines(self) -> list[rules.Deadline]:
        """The notification deadlines; none once the decision is 'not a breach'."""
        if self.conclusion in ("low_probability", "exception"):
            return []
        return rules.deadlines(self.discovered_on, self.affected_by_state, role=self.role, delay=self.delay())

    def evidence(self) -> dict[str, str]:
        return json.loads(self.factor_evidence) if self.factor_evidence else {}

    def assessment(self) -> rules.Assessment:
        ev = self.evidence()
        answers = {k: rules.FactorAnswer(self.factor_risks.get(k, ""), ev.get(k, "")) for k in rules.FACTORS}
        return rules.Assessment(info_types=tuple(self.info_types), reidentification=self.reidentification,
                                rationale=self.rationale, **answers)

    def notices_sent(self) -> set[str]:
        return set(self.notices.values_list("kind", flat=True))

    def media_sent(self) -> dict[str, date]:
        """State -> the first day a media notice for it was recorded as sent (164.406)."""
        sent: dict[str, date] = {}
        for n in self.notices.all():
            if n.kind == "media" and n.jurisdiction and (n.jurisdiction not in sent or n.sent_on < sent[n.jurisdiction]):
                sent[n.jurisdiction] = n.sent_on
        return sent

    def media_missing(self) -> list[str]:
        """The States with more than 500 affected residents whose media notice is not recorded."""
        states = next((d.states for d in self.deadlines() if d.key == "media"), ())
        sent = self.media_sent()
        return [s for s in states if s not in sent]

    def substitute_plan(self) -> substitute.Plan | None:
        """The substitute notice owed (164.404(d)(2)); None when no notice to individuals is owed
        (a business associate, or the decision 'not a breach')."""
        if not any(d.key == "individuals" for d in self.deadlines()):
            return None
        sent = [(n.method, n.sent_on) for n in self.notices.all() if n.kind == "substitute"]
        return substitute.plan(self.unreachable_count, sent)


class Notice(models.Model):
    """A notice sent (164.414(b): proof of every notice)."""

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="notices")
    kind = models.CharField(max_length=20, choices=list(rules.NOTICE_KINDS.items()))
    sent_on = models.DateField()
    method = models.CharField(max_length=20)                  # NOTICE_METHODS key
    recipients_count = models.PositiveIntegerField(default=0)
    jurisdiction = models.CharField(max_length=2, blank=True, default="")   # media: the State (164.406)
    note = EncryptedTextField(blank=True, default="")
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by_actor = models.CharField(max_length=254)

    class Meta:
        ordering = ["sent_on", "id"]

    @property
    def kind_label(self) -> str:
        return rules.NOTICE_KINDS.get(self.kind, self.kind)


class Exposure(models.Model):
    """Containment: one thing of ours on a platform that the incident involves (a published post
    on one channel, or a reply we sent), and whether it was taken down: through the connector
    (with the platform's answer) or by hand, when and by whom. Ids only; no text."""

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="exposures")
    kind = models.CharField(max_length=8, choices=list(rules.EXPOSURE_KINDS.items()))
    ref_id = models.PositiveBigIntegerField()                 # posts.Delivery or inbox.Reply id
    post_id = models.PositiveBigIntegerField(null=True, blank=True)
    item_id = models.PositiveBigIntegerField(null=True, blank=True)
    channel = models.ForeignKey("channels.Channel", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    state = models.CharField(max_length=10, default="live", choices=list(rules.EXPOSURE_STATES.items()))
    attempts = models.PositiveIntegerField(default=0)
    lease_until = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(max_length=80, blank=True, default="")
    error_code = models.CharField(max_length=20, blank=True, default="")
    last_error = models.CharField(max_length=300, blank=True, default="")    # the platform's answer
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by_actor = models.CharField(max_length=254, blank=True, default="")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["incident", "kind", "ref_id"], name="exposure_once")]
        ordering = ["id"]

    @property
    def state_label(self) -> str:
        return rules.EXPOSURE_STATES.get(self.state, self.state)

    @property
    def kind_label(self) -> str:
        return rules.EXPOSURE_KINDS.get(self.kind, self.kind)

    @property
    def removed(self) -> bool:
        return self.state in ("removed", "manual")


class Review(models.Model):
    """The post-incident review: what happened and what failed (encrypted), the root cause's category."""

    incident = models.OneToOneField(Incident, on_delete=models.PROTECT, related_name="review")
    what_happened = EncryptedTextField()
    root_cause = models.CharField(max_length=20, choices=list(rules.ROOT_CAUSES.items()))
    recorded_at = models.DateTimeField(auto_now=True)
    recorded_by_actor = models.CharField(max_length=254)

    @property
    def root_cause_label(self) -> str:
        return rules.ROOT_CAUSES.get(self.root_cause, self.root_cause)


class CorrectiveAction(models.Model):
    """What changes, who owns it, by when; the owner is reminded before the due date."""

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="actions")
    description = EncryptedTextField()
    owner = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    reminders_sent = models.JSONField(default=list)           # thresholds (days before) already sent
    done_at = models.DateTimeField(null=True, blank=True)
    done_by_actor = models.CharField(max_length=254, blank=True, default="")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["due_on"], name="action_due", condition=models.Q(done_at=None))]
