"""A channel: one connected social account of an organization. Decisions live in rules.py."""

from __future__ import annotations

from django.db import models

from safepost.app.accounts.models import Organization, User
from safepost.app.channels.rules import PLATFORM_LABELS, STATUS_LABELS, Status
from safepost.app.lib.fields import EncryptedTextField


class Channel(models.Model):
    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="channels")
    platform = models.CharField(max_length=20, choices=list(PLATFORM_LABELS.items()))
    name = models.CharField(max_length=100)
    handle = models.CharField(max_length=200, blank=True, default="")     # the account, as the platform named it
    credentials = EncryptedTextField()                                     # JSON; Bluesky keeps its session here
    status = models.CharField(max_length=20, default=Status.ACTIVE.value,
                              choices=[(s.value, STATUS_LABELS[s]) for s in Status])
    last_error = models.CharField(max_length=300, blank=True, default="")  # PHI-free (connectors scrub)
    last_error_code = models.CharField(max_length=20, blank=True, default="")
    last_error_at = models.DateTimeField(null=True, blank=True)
    last_published_at = models.DateTimeField(null=True, blank=True)
    # for the inbox: where reading replies/comments stopped (RepliesPage.next_cursor)
    replies_cursor = models.CharField(max_length=500, blank=True, default="")
    replies_checked_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org", "name"], name="channel_name_unique_in_org")]
        ordering = ["name"]

    @property
    def platform_label(self) -> str:
        return PLATFORM_LABELS.get(self.platform, self.platform)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[Status(self.status)]

    def __str__(self) -> str:
        return f"{self.name} ({self.platform_label})"
