"""Training records: every attempt at a module (kept: 164.530(b) asks to document training,
164.530(j) to keep the record 6 years), the organization's settings, the reminders sent, and
the practice scenarios."""

from __future__ import annotations

from django.db import models

from safepost.app.accounts.models import Organization, User
from safepost.app.lib.fields import EncryptedTextField
from safepost.app.training import bank, rules


class Completion(models.Model):
    """One attempt at one module: the content version taken, the score, whether it passed, and
    (when it passed) when the pass expires."""

    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    module_id = models.CharField(max_length=64)
    version = models.PositiveIntegerField()
    score = models.PositiveSmallIntegerField()              # whole percent
    passed = models.BooleanField()
    wrong = models.JSONField(default=list, blank=True)      # indexes of the questions answered wrongly
    completed_at = models.DateTimeField()
    expires_at = models.DateTimeField(null=True, blank=True)   # passes only

    class Meta:
        ordering = ["-completed_at", "-pk"]
        indexes = [models.Index(fields=["org", "user", "module_id", "completed_at"], name="training_latest"),
                   models.Index(fields=["expires_at"], name="training_expiry", condition=models.Q(passed=True))]


class TrainingSettings(models.Model):
    org = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="training_settings")
    validity_days = models.PositiveSmallIntegerField(default=rules.VALIDITY_DAYS)
    passing_percent = models.PositiveSmallIntegerField(default=rules.PASSING_PERCENT)
    policy = models.CharField(max_length=16, default=rules.Policy.DEFAULT.value,
                              choices=[(p.value, p.label) for p in rules.Policy])


class Reminder(models.Model):
    """A reminder sent for one pass: "due30", "due7" or "lapsed", each at most once."""

    completion = models.ForeignKey(Completion, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=8)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["completion", "kind"], name="one_reminder_per_kind")]


class HireReminder(models.Model):
    """A reminder sent to a new hire under the Texas policy: "due30", "due7" before the 90 days
    from joining run out, "lapsed" when they have; each at most once per membership (`joined`:
    the membership's start, so someone who leaves and is hired again is reminded again)."""

    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    joined = models.DateTimeField()
    kind = models.CharField(max_length=8)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org", "user", "joined", "kind"],
                                               name="one_hire_reminder_per_kind")]


class Scenario(models.Model):
    """A practice scenario: a text, the decision a trained reviewer makes, the engine's reason
    codes for it and an explanation. Builtin ones (org None) come from scenarios/builtin.toml;
    an organization's come from its flagged drafts and closed incidents, de-identified by the
    engine, and wait as drafts until the privacy officer approves them. The text and the
    explanation are encrypted at rest (an organization's text came from its own work)."""

    org = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=16, choices=list(bank.SOURCES.items()))
    source_id = models.PositiveBigIntegerField(null=True, blank=True)   # the post or incident
    builtin_key = models.CharField(max_length=64, blank=True, default="")
    language = models.CharField(max_length=8, default="en")
    direction = models.CharField(max_length=8)
    kind = models.CharField(max_length=20)
    text = EncryptedTextField()
    text_fp = models.CharField(max_length=64, blank=True, default="")   # audit.fingerprint(text): duplicates
    decision = models.CharField(max_length=24, choices=list(bank.DECISIONS.items()))
    reasons = models.JSONField(default=list, blank=True)
    explanation = EncryptedTextField()
    engine_disagrees = models.TextField(blank=True, default="")          # builtins only: how the engine differs
    state = models.CharField(max_length=10, default="draft", choices=list(bank.STATES.items()))
    created = models.DateTimeField(auto_now_add=True)
    reviewed_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["builtin_key"], name="one_row_per_builtin_scenario",
                                    condition=models.Q(source="builtin")),
            models.UniqueConstraint(fields=["org", "source", "source_id"], name="one_scenario_per_source",
                                    condition=~models.Q(source="builtin")),
        ]
        indexes = [models.Index(fields=["org", "state"], name="scenario_org_state")]

    @property
    def decision_label(self) -> str:
        return bank.DECISIONS.get(self.decision, self.decision)

    @property
    def state_label(self) -> str:
        return bank.STATES.get(self.state, self.state)

    @property
    def kind_label(self) -> str:
        return self.kind.replace("_", " ")

    @property
    def source_label(self) -> str:
        return bank.SOURCES.get(self.source, self.source)

    def reason_texts(self) -> list[tuple[str, str]]:
        return [(r, bank.REASON_CODES.get(r, r)) for r in self.reasons]


class PracticeMark(models.Model):
    """Something a person got wrong at work, remembered for their practice: a draft of theirs the
    engine flagged, a post a reviewer sent back, or a reply to the public the check blocked.
    The engine's reason codes only, never text."""

    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=20)            # flagged_draft | reviewer_returned | reply_blocked
    source_id = models.PositiveBigIntegerField()        # the post (the inbox item for a blocked reply)
    version = models.PositiveBigIntegerField(default=0)  # the post's version (a blocked reply: its audit seq)
    codes = models.JSONField(default=list)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField()                    # the latest flag: scenarios answered before it come back

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org", "user", "source", "source_id"], name="one_mark_per_source")]
        indexes = [models.Index(fields=["org", "user", "updated"], name="practice_mark_recent")]


class PracticeCard(models.Model):
    """One person's spaced-repetition state for one scenario: when it comes back (None: learned,
    it comes back only when a new mark of theirs matches it) and how it has gone."""

    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="+")
    step = models.PositiveSmallIntegerField(default=0)
    due_at = models.DateTimeField(null=True, blank=True)
    answers = models.PositiveIntegerField(default=0)
    wrong = models.PositiveIntegerField(default=0)
    last_correct = models.BooleanField(default=False)
    last_answered_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org", "user", "scenario"], name="one_card_per_scenario")]
        indexes = [models.Index(fields=["org", "user", "due_at"], name="practice_card_due")]
