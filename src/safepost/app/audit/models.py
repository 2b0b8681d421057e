"""The audit entry. Rows are only ever INSERTed: triggers (migration 0002) refuse UPDATE,
DELETE and TRUNCATE on both SQLite and PostgreSQL."""

from __future__ import annotations

from django.db import models

from safepost.app.accounts.models import Organization
from safepost.app.audit import rules


class AuditEntry(models.Model):
    chain = models.CharField(max_length=40)          # "org:<id>" or "system"
    seq = models.BigIntegerField()                   # 1, 2, 3 … within the chain
    org = models.ForeignKey(Organization, null=True, on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField()
    actor_id = models.BigIntegerField(null=True)     # the user's id when a person acted
    actor = models.CharField(max_length=254)         # email, "apikey:<prefix>", "cli:<os user>", "system"
    action = models.CharField(max_length=64)         # "area.verb"
    object_type = models.CharField(max_length=64, blank=True, default="")
    object_id = models.CharField(max_length=64, blank=True, default="")
    ip = models.GenericIPAddressField(null=True)
    meta = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["chain", "seq"], name="audit_chain_seq_unique")]
        indexes = [models.Index(fields=["org", "-created"], name="audit_org_created"),
                   models.Index(fields=["org", "action"], name="audit_org_action")]
        ordering = ["-created", "-id"]

    def data(self) -> rules.EntryData:
        return rules.EntryData(
            chain=self.chain, seq=self.seq, created=self.created, actor_id=self.actor_id,
            actor=self.actor, action=self.action, object_type=self.object_type,
            object_id=self.object_id, ip=self.ip, meta=self.meta, prev_hash=self.prev_hash)
