"""Writing and checking the audit log.

`record(who, action, obj=None, meta=None)` is THE way to write an entry. Every service of every
app (posts, consents, inbox, incidents, …) calls it inside its own `transaction.atomic()` block,
so the entry commits or rolls back with the change it describes.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Mapping

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from safepost.app.accounts.models import ApiKey, Organization, User
from safepost.app.audit import heads, outside, rules, signing
from safepost.app.audit.models import AuditEntry, TreeHead


@dataclass(frozen=True)
class Who:
    """Who acted, for which organization, from where. Build it with one of the constructors."""

    org: Organization | None
    actor_id: int | None
    actor: str
    ip: str | None = None

    @classmethod
    def user(cls, user: User, org: Organization | None, ip: str | None = None) -> "Who":
        return cls(org=org, actor_id=user.pk, actor=user.email, ip=ip)

    @classmethod
    def api_key(cls, key: ApiKey, ip: str | None = None) -> "Who":
        if key.user_id is not None:   # a key bound to a member acts as that person
            return cls(org=key.org, actor_id=key.user_id, actor=f"{key.user.email} (apikey:{key.prefix})", ip=ip)
        return cls(org=key.org, actor_id=None, actor=f"apikey:{key.prefix}", ip=ip)

    @classmethod
    def cli(cls, org: Organization | None) -> "Who":
        try:
            name = getpass.getuser()
        except (KeyError, OSError):
            name = "unknown"
        return cls(org=org, actor_id=None, actor=f"cli:{name}"[:254])

    @classmethod
    def anonymous(cls, org: Organization | None = None, ip: str | None = None) -> "Who":
        return cls(org=org, actor_id=None, actor="anonymous", ip=ip)

    @classmethod
    def from_request(cls, request: Any, org: Organization | None = None) -> "Who":
        """The signed-in person (or the API key) behind a request, for `org` (default: the
        organization the view was scoped to, `request.org`)."""
        org = org if org is not None else getattr(request, "org", None)
        ip = client_ip(request)
        key = getattr(request, "api_key", None)
        if key is not None:
            return cls.api_key(key, ip)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return cls.user(user, org, ip)
        return cls.anonymous(org, ip)


def client_ip(request: Any) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


ObjectRef = Model | tuple[str, str | int] | None


def _object_ref(obj: ObjectRef) -> tuple[str, str]:
    if obj is None:
        return "", ""
    if isinstance(obj, tuple):
        return obj[0], str(obj[1])
    return obj._meta.label_lower.replace("accounts.", "").replace("audit.", ""), str(obj.pk)


def record(who: Who, action: str, obj: ObjectRef = None,
           meta: Mapping[str, Any] | None = None) -> AuditEntry:
    """Append one entry to `who.org`'s audit chain (or the system chain when org is None).

    who     `Who.from_request(request)` in views; `Who.user(...)`, `Who.api_key(...)`,
            `Who.cli(org)` elsewhere. Names the person (or key) and the client address.
    action  "area.verb", e.g. "auth.login", "post.approve", "consent.revoke".
    obj     the model instance acted on, or ("type", id) when there is none.
    meta    PHI-free details: None/bool/int/short one-line str, or lists of them (≤20 keys).
            Codes, labels, counts, ids and `fingerprint(text)`, NEVER the text itself.

    Runs in (or opens) a transaction and takes the chain's lock, so concurrent writers of one
    organization get consecutive sequence numbers. Raises `rules.AuditValueError` on bad input.
    """
    rules.check_action(action)
    object_type, object_id = _object_ref(obj)
    rules.check_object(object_type, object_id)
    clean_meta = rules.check_meta(meta or {})
    ip = AuditEntry._meta.get_field("ip").get_prep_value(who.ip)   # as stored ("2001:DB8:0::1" → "2001:db8::1")
    chain = rules.chain_for(who.org.pk if who.org is not None else None)
    with transaction.atomic():
        _lock_chain(chain)
        last = (AuditEntry.objects.filter(chain=chain).order_by("-seq")
                .values_list("seq", "hash").first())
        seq, prev_hash = (last[0] + 1, last[1]) if last else (1, rules.GENESIS)
        now = timezone.now()
        data = rules.EntryData(
            chain=chain, seq=seq, created=now, actor_id=who.actor_id, actor=who.actor[:254],
            action=action, object_type=object_type, object_id=object_id, ip=ip,
            meta=clean_meta, prev_hash=prev_hash, org_id=who.org.pk if who.org is not None else None,
            format=rules.CURRENT_FORMAT)
        digest = rules.entry_digest(data)
        return AuditEntry.objects.create(
            chain=chain, seq=seq, org=who.org, created=now, actor_id=who.actor_id,
            actor=data.actor, action=action, object_type=object_type, object_id=object_id,
            ip=ip, meta=clean_meta, prev_hash=prev_hash, hash=digest, format=data.format,
            signature=signing.sign_entry(signing_key(), digest))


def signing_key() -> Ed25519PrivateKey:
    """The installation's audit signing key (SAFEPOST_AUDIT_KEY_FILE), created on first use."""
    return signing.load_or_create_private_key(Path(settings.AUDIT_KEY_FILE))


def public_key() -> Ed25519PublicKey:
    return signing_key().public_key()


def _lock_chain(chain: str) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"safepost.audit.{chain}"])
    # SQLite: the connection opens transactions with BEGIN IMMEDIATE (settings), one writer at a time


def fingerprint(text: str) -> str:
    """A salted tag for `text`, safe to put in `meta` (see rules.fingerprint)."""
    return rules.fingerprint(text, settings.SECRET_KEY.encode("utf-8"))


# -- verification -----------------------------------------------------------------------------
@dataclass(frozen=True)
class ChainReport:
    chain: str
    entries: int
    head: str
    problems: list[rules.Break]
    unsigned: int = 0

    @property
    def broken(self) -> rules.Break | None:
        return self.problems[0] if self.problems else None


def _rows(chain: str) -> Iterator[rules.StoredEntry]:
    for e in AuditEntry.objects.filter(chain=chain).order_by("seq").iterator(chunk_size=2000):
        yield e.stored()


def signature_check(key: Ed25519PublicKey) -> rules.SignatureCheck:
    return lambda entry_hash, signature: signing.entry_signature_ok(key, entry_hash, signature)


def head_check(key: Ed25519PublicKey | None = None) -> heads.HeadSignatureCheck:
    key = key or public_key()
    return lambda head: signing.head_signature_ok(key, head)


def _witness_heads() -> list[heads.Head]:
    directory = settings.AUDIT_WITNESS_DIR
    return outside.read_witness_heads(Path(directory)) if directory and Path(directory).is_dir() else []


def verify(org: Organization | None = None) -> list[ChainReport]:
    """Check every chain (or only `org`'s): hashes, links, sequence, signatures, and the chain
    against its signed tree heads and their copies in SAFEPOST_AUDIT_WITNESS_DIR (entries
    removed from the end, or a whole chain with its heads, show there). A report's `problems`
    name each bad entry or head, the first one first. Raises outside.ExportFormatError for a
    malformed witness file."""
    witness = _witness_heads()
    if org is not None:
        chains = [rules.chain_for(org.pk)]
    else:
        chains = sorted(set(AuditEntry.objects.values_list("chain", flat=True).distinct())
                        | set(TreeHead.objects.values_list("chain", flat=True).distinct())
                        | {h.chain for h in witness})
    check, check_head = signature_check(public_key()), head_check()
    reports = []
    for chain in chains:
        signed = [h.head() for h in TreeHead.objects.filter(chain=chain)]   # before the entries: no
        c = rules.verify_chain(chain, _rows(chain), check)                  # head beyond what is read
        problems = c.problems + heads.check_heads(chain, c.leaves, signed, check_head)
        problems += outside.witness_problems(chain, c.leaves, [h for h in witness if h.chain == chain], check_head)
        reports.append(ChainReport(chain, c.entries, c.head, problems, c.unsigned))
    return reports
