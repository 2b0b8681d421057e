"""The inbox: what the public wrote to the organization (comments, replies, mentions, reviews,
secure messages), our replies, per-organization settings and webhook endpoints. Storage only:
decisions are in rules.py, changes in services.py.

Bodies, authors and platform references are PHI-bearing: encrypted at rest. Deduplication uses
`external_key`, a salted hash of (channel or source, the platform's id), never the id itself.
"""

from __future__ import annotations

import json

from django.db import models
from django.db.models import Q

from safepost.app.accounts.models import Organization, User
from safepost.app.channels.models import Channel
from safepost.app.inbox.rules import DEFAULT_SLA_HOURS, SITUATION_LABELS, SOURCE_LABELS, STATE_LABELS, \
    VERDICT_LABELS, Situation, State
from safepost.app.lib.fields import EncryptedTextField


class InboxSettings(models.Model):
    org = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="inbox_settings")
    sla_hours = models.PositiveIntegerField(default=DEFAULT_SLA_HOURS)     # first response due after
    contact_phone = models.CharField(max_length=40, blank=True, default="")   # the office's, public
    contact_email = models.CharField(max_length=200, blank=True, default="")
    portal_url = models.CharField(max_length=500, blank=True, default="")  # their patient portal, or ""
    form_enabled = models.BooleanField(default=True)                       # SafePost's secure form
    form_slug = models.CharField(max_length=40, unique=True)               # public: /secure/<form_slug>/
    auto_hide = models.BooleanField(default=False)                         # hide PHI comments on arrival


class Item(models.Model):
    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    channel = models.ForeignKey(Channel, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=20)              # the platform, a review site, or secure_form
    external_key = models.CharField(max_length=64)        # salted hash of (channel/source, platform id)
    kind = models.CharField(max_length=20)                # reply, mention, quote, comment, review, direct_message
    body = EncryptedTextField()
    remote = EncryptedTextField(blank=True, default="")   # JSON: InboundItem.to_dict() without text; author, url
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    received_at = models.DateTimeField()                  # when the author wrote it (platform time)
    ingested_at = models.DateTimeField(auto_now_add=True)
    # the engine's answer on arrival (offsets, labels, reason codes: no text)
    verdict = models.CharField(max_length=24)
    reasons = models.JSONField(default=list, blank=True)
    spans = models.JSONField(default=list, blank=True)
    situation = models.CharField(max_length=24, default=Situation.GENERAL.value)
    escalated = models.BooleanField(default=False)        # crisis language: top of the queue, 1 h SLA
    # triage
    state = models.CharField(max_length=12, default=State.OPEN.value)
    assignee = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    due_at = models.DateTimeField()
    first_response_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)     # hidden on the platform through the connector
    hidden_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    client_fp = models.CharField(max_length=64, blank=True, default="")   # secure form: salted hash of the IP

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org", "external_key"], name="inbox_item_once")]
        indexes = [
            models.Index(fields=["org", "state", "-escalated", "due_at", "id"], name="inbox_queue"),
            models.Index(fields=["org", "state", "verdict"], name="inbox_verdict"),
            models.Index(fields=["org", "state", "channel"], name="inbox_channel"),
            models.Index(fields=["org", "state", "source"], name="inbox_source"),
            models.Index(fields=["org", "state", "assignee"], name="inbox_assignee"),
            models.Index(fields=["org", "received_at"], name="inbox_received"),
            models.Index(fields=["client_fp", "ingested_at"], name="inbox_form_rate",
                         condition=~Q(client_fp="")),
        ]
        ordering = ["-escalated", "due_at", "id"]

    @property
    def remote_data(self) -> dict:
        return json.loads(self.remote or "{}")

    @property
    def author(self) -> str:
        return str(self.remote_data.get("author_handle") or "")

    @property
    def url(self) -> str:
        return str(self.remote_data.get("url") or "")

    @property
    def state_label(self) -> str:
        return STATE_LABELS[State(self.state)]

    @property
    def verdict_label(self) -> str:
        return VERDICT_LABELS.get(self.verdict, self.verdict)

    @property
    def situation_label(self) -> str:
        return SITUATION_LABELS[Situation(self.situation)]

    @property
    def source_label(self) -> str:
        if self.channel_id is not None:
            return self.channel.name
        return SOURCE_LABELS.get(self.source, self.source)


class Reply(models.Model):
    """One answer to an item: checked by the engine before it was stored, then sent."""

    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    body = EncryptedTextField()
    body_fp = models.CharField(max_length=64)
    situation = models.CharField(max_length=24, blank=True, default="")   # the template used, if any
    # sending, sent, failed, manual (no API); blocked: the check refused it, kept for a privacy
    # officer's release (nothing was sent)
    state = models.CharField(max_length=12, default="sending")
    remote = models.JSONField(null=True, blank=True)              # RemotePost.to_dict()
    error = models.CharField(max_length=300, blank=True, default="")
    created = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # a privacy officer's release of a blocked reply (lib/override.py rules); reasons encrypted,
    # shown to the privacy role only. With the two-person rule the first officer's is a request.
    release_requested_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    release_requested_at = models.DateTimeField(null=True, blank=True)
    release_request_reason = EncryptedTextField(blank=True, default="")
    released_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    released_at = models.DateTimeField(null=True, blank=True)
    release_reason = EncryptedTextField(blank=True, default="")
    labels = models.JSONField(default=list, blank=True)          # the engine's identifier labels (no text)

    class Meta:
        ordering = ["created", "id"]


class Webhook(models.Model):
    """A Meta (Facebook Page / Instagram) webhook endpoint for one channel: /hooks/meta/<token>/."""

    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    channel = models.OneToOneField(Channel, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, unique=True)
    app_secret = EncryptedTextField()
    verify_token = EncryptedTextField()
    created = models.DateTimeField(auto_now_add=True)
    last_delivery_at = models.DateTimeField(null=True, blank=True)
