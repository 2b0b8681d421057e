"""Notifications (the bell and the e-mail outbox in one row) and each person's choices.

A notification holds an event code, a PHI-free reason code and a link; never text. Its e-mail
state is the outbox: `pending` rows are sent by the worker (retried with back-off, then parked
as `failed` with the error's class name), `digest` rows wait for the person's daily digest.
"""

from __future__ import annotations

from django.db import models

from safepost.app.accounts.models import Organization, User


class Notification(models.Model):
    class Mail(models.TextChoices):
        NONE = "none"          # in-app only
        PENDING = "pending"    # to send now (or at next_try_at)
        SENDING = "sending"    # claimed by a worker until lease_until
        DIGEST = "digest"      # waits for the daily digest
        SENT = "sent"
        FAILED = "failed"      # gave up after the last attempt; error says why

    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    event = models.CharField(max_length=40)
    reason = models.CharField(max_length=60, blank=True, default="")
    link = models.CharField(max_length=300)
    object_type = models.CharField(max_length=40, blank=True, default="")
    object_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    shown_in_app = models.BooleanField(default=True)
    mail = models.CharField(max_length=8, choices=Mail.choices, default=Mail.NONE)
    mail_attempts = models.PositiveSmallIntegerField(default=0)
    mail_next_try = models.DateTimeField(null=True, blank=True)
    mail_lease_until = models.DateTimeField(null=True, blank=True)
    mail_worker = models.CharField(max_length=64, blank=True, default="")
    mail_error = models.CharField(max_length=80, blank=True, default="")
    mailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["recipient", "org", "read_at"]),
            models.Index(fields=["mail", "mail_next_try"]),
        ]
        ordering = ["-created_at", "-pk"]


class Preference(models.Model):
    """One person's choice for one event in one organization (absent: the event's default)."""

    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    event = models.CharField(max_length=40)
    in_app = models.BooleanField(default=True)
    email = models.CharField(max_length=8)     # events.Email value

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org", "user", "event"], name="notify_pref_once")]


class DigestMark(models.Model):
    """The last day a person's digest for an organization went out (one digest a day)."""

    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org", "user"], name="notify_digest_once")]
