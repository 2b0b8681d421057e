"""Writing and checking the audit log.

`record(who, action, obj=None, meta=None)` is THE way to write an entry. Every service of every
app (posts, consents, inbox, incidents, …) calls it inside its own `transaction.atomic()` block,
so the entry commits or rolls back with the change it describes.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from typing import Any, Iterator, Mapping

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from safepost.app.accounts.models import ApiKey, Organization, User
from safepost.app.audit import rules
from safepost.app.audit.models import AuditEntry


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
    chain = rules.chain_for(who.org.pk if who.org is not None else None)
    with transaction.atomic():
        _lock_chain(chain)
        last = (AuditEntry.objects.filter(chain=chain).order_by("-seq")
                .values_list("seq", "hash").first())
        seq, prev_hash = (last[0] + 1, last[1]) if last else (1, rules.GENESIS)
        now = timezone.now()
        data = rules.EntryData(
            chain=chain, seq=seq, created=now, actor_id=who.actor_id, actor=who.actor[:254],
            action=action, object_type=object_type, object_id=object_id, ip=who.ip,
            meta=clean_meta, prev_hash=prev_hash)
        return AuditEntry.objects.create(
            chain=chain, seq=seq, org=who.org, created=now, actor_id=who.actor_id,
            actor=data.actor, action=action, object_type=object_type, object_id=object_id,
            ip=who.ip, meta=clean_meta, prev_hash=prev_hash, hash=rules.entry_digest(data))


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
    broken: rules.Break | None


def _rows(chain: str) -> Iterator[tuple[int, rules.EntryData, str]]:
    for e in AuditEntry.objects.filter(chain=chain).order_by("seq").iterator(chunk_size=2000):
        yield e.pk, e.data(), e.hash


def verify(org: Organization | None = None) -> list[ChainReport]:
    """Check every chain (or only `org`'s). A report's `broken` names the first bad entry."""
    if org is not None:
        chains = [rules.chain_for(org.pk)]
    else:
        chains = sorted(set(AuditEntry.objects.values_list("chain", flat=True).distinct()))
    reports = []
    for chain in chains:
        n, head, broken = rules.verify_chain(chain, _rows(chain))
        reports.append(ChainReport(chain, n, head, broken))
    return reports
