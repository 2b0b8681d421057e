"""The audit entry. Rows are only ever INSERTed: triggers (migration 0002) refuse UPDATE,
DELETE and TRUNCATE on both SQLite and PostgreSQL.

`format` and `signature` (migration 0003) are NULL on entries written before it (format 1,
unsigned); see rules.py for the formats."""

from __future__ import annotations

from django.db import models

from safepost.app.accounts.models import Organization
from safepost.app.audit import heads, rules


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
    format = models.SmallIntegerField(null=True)                  # NULL: format 1
    signature = models.CharField(max_length=100, null=True)       # base64 Ed25519 (format ≥ 2)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["chain", "seq"], name="audit_chain_seq_unique")]
        indexes = [models.Index(fields=["org", "-created"], name="audit_org_created"),
                   models.Index(fields=["org", "action"], name="audit_org_action")]
        ordering = ["-created", "-id"]

    def data(self) -> rules.EntryData:
        return rules.EntryData(
            chain=self.chain, seq=self.seq, created=self.created, actor_id=self.actor_id,
            actor=self.actor, action=self.action, object_type=self.object_type,
            object_id=self.object_id, ip=self.ip, meta=self.meta, prev_hash=self.prev_hash,
            org_id=self.org_id, format=self.format or 1)

    def stored(self) -> rules.StoredEntry:
        return rules.StoredEntry(self.pk, self.data(), self.hash, self.signature)


class TreeHead(models.Model):
    """A signed tree head (audit/heads.py): the chain's first `size` entries have this Merkle
    root. Append-only like the entries (triggers, migration 0004)."""

    chain = models.CharField(max_length=40)
    org = models.ForeignKey(Organization, null=True, on_delete=models.PROTECT, related_name="+")
    size = models.BigIntegerField()
    root_hash = models.CharField(max_length=64)
    created = models.DateTimeField()
    key_fingerprint = models.CharField(max_length=80)
    signature = models.CharField(max_length=100)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["chain", "size"], name="audit_head_chain_size_unique")]
        ordering = ["chain", "size"]

    def head(self) -> heads.Head:
        return heads.Head(chain=self.chain, org_id=self.org_id, size=self.size, root=self.root_hash,
                          created=rules.timestamp(self.created), signature=self.signature,
                          key_fingerprint=self.key_fingerprint)
