"""The inbox, orchestrated: every change here runs in a transaction with its audit entry.
Audit meta never holds text: ids, labels, reason codes, counts and `fingerprint(text)`.

    ingest(...)            scan on arrival, store encrypted, deduplicate (the worker, webhooks,
                           imports and the secure form all come through here)
    pull_channel(...)      one channel: fetch_replies(cursor) → ingest → (then) store the cursor
    pull_replies(worker)   the worker job: claim due channels, pull each
    assign / resolve / hide / bulk
    check_reply / send_reply   the reply guard, then the connector
    import_reviews, submit_secure_message, create_webhook, deliver_webhook, update_settings
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
import logging
import secrets
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings as django_settings
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone

from safepost.app.accounts.models import Membership, Organization, User
from safepost.app.accounts.rules import Action, can
from safepost.app.audit.services import Who, fingerprint, record
from safepost.app.channels import services as channel_services
from safepost.app.channels.models import Channel
from safepost.app.channels.rules import Status as ChannelStatus
from safepost.app.inbox import rules
from safepost.app.inbox.models import InboxSettings, Item, Reply, Webhook
from safepost.app.inbox.rules import ReplyCheck, State
from safepost.app.notify.events import Event
from safepost.app.notify.services import notify
from safepost.app.lib.ids import is_row_id
from safepost.connectors import CONNECTORS, ConnectorError, InboundItem
from safepost.engine import Policy, scan
from safepost.engine.scanner import MAX_TEXT

log = logging.getLogger("safepost.inbox")

POLL_INTERVAL = timedelta(seconds=60)     # a channel is asked for new replies at most this often
FORM_PER_CLIENT_PER_HOUR = 5              # secure form: messages from one address per hour
FORM_PER_ORG_PER_HOUR = 200               # … and to one organization per hour


class Refused(ValueError):
    """The inbox refuses the operation; the message is safe to show."""


class NotAllowed(Refused):
    """The member's role (or lapsed training) does not allow it."""


class TrainingRequired(NotAllowed):
    """The member's required training lapsed (403, code "training_required")."""

    code = "training_required"


class ReplyBlocked(Refused):
    def __init__(self, check: ReplyCheck, reply: Reply | None = None) -> None:
        super().__init__(check.message())
        self.check = check
        self.reply = reply        # the blocked reply, kept for a privacy officer's release


class SendFailed(Refused):
    """The platform refused or failed; the reply is kept as failed."""


class RateLimited(Refused):
    pass


class BadSignature(Refused):
    pass


# -- settings ---------------------------------------------------------------------------------
def settings_for(org: Organization) -> InboxSettings:
    row = InboxSettings.objects.filter(org=org).first()
    if row is None:
        try:
            with transaction.atomic():
                row = InboxSettings.objects.create(org=org, form_slug=secrets.token_urlsafe(12).lower().replace("_", "x"))
        except IntegrityError:
            row = InboxSettings.objects.get(org=org)
    return row


def secure_link(row: InboxSettings, base_url: str = "") -> str:
    """The organization's portal, or SafePost's secure form (absolute when base_url is given)."""
    if row.portal_url:
        return row.portal_url
    if row.form_enabled:
        return f"{base_url.rstrip('/')}/secure/{row.form_slug}/"
    return ""


def contact_for(org: Organization, base_url: str = "") -> rules.Contact:
    row = settings_for(org)
    return rules.Contact(org.name, row.contact_phone, row.contact_email, secure_link(row, base_url))


def reply_policy(org: Organization, base_url: str = "") -> Policy:
    """The engine policy for replies: the organization's own, plus its public contact details
    (its phone, e-mail and portal are not a patient's identifiers)."""
    from safepost.app.posts.services import policy_for

    base = policy_for(org)
    row = settings_for(org)
    hosts = [urlsplit(u).hostname or "" for u in (row.portal_url, base_url) if u]
    if row.contact_email and "@" in row.contact_email:
        hosts.append(row.contact_email.rsplit("@", 1)[1])
    return dataclasses.replace(
        base, phones=tuple(base.phones) + ((row.contact_phone,) if row.contact_phone else ()),
        domains=tuple(base.domains) + tuple(h for h in hosts if h))


def update_settings(who: Who, org: Organization, *, sla_hours: int, contact_phone: str, contact_email: str,
                    portal_url: str, form_enabled: bool, auto_hide: bool) -> InboxSettings:
    if msg := rules.sla_refusal(sla_hours) or rules.url_refusal(portal_url):
        raise Refused(msg)
    with transaction.atomic():
        row = settings_for(org)
        row.sla_hours, row.contact_phone, row.contact_email = sla_hours, contact_phone.strip(), contact_email.strip()
        row.portal_url, row.form_enabled, row.auto_hide = portal_url.strip(), form_enabled, auto_hide
        row.save()
        record(who, "inbox.settings", ("organization", org.pk),
               {"sla_hours": sla_hours, "portal": bool(row.portal_url), "form": form_enabled, "auto_hide": auto_hide})
    return row


# -- ingestion --------------------------------------------------------------------------------
@dataclass
class Incoming:
    """One inbound message, whatever its origin."""

    source: str
    external_id: str
    kind: str
    text: str
    received_at: datetime
    remote: dict[str, Any] = field(default_factory=dict)    # author, url, thread refs (stored encrypted)
    rating: int | None = None
    client_fp: str = ""


def from_inbound(item: InboundItem) -> Incoming:
    data = item.to_dict()
    data.pop("text", None)
    return Incoming(source=item.platform, external_id=item.id, kind=item.kind, text=item.text,
                    received_at=item.created_at, remote=data)


def inbound_item(item: Item) -> InboundItem:
    """The connectors' view of a stored item (what `reply` and `hide` need)."""
    data = item.remote_data
    data["text"] = item.body
    data.setdefault("platform", item.source)
    data.setdefault("kind", item.kind)
    data.setdefault("author_handle", "")
    data.setdefault("id", "")
    data.setdefault("created_at", item.received_at.isoformat())
    return InboundItem.from_dict(data)


def external_key(org: Organization, scope: str, external_id: str) -> str:
    msg = f"{org.pk}\x00{scope}\x00{external_id}".encode("utf-8")
    return hmac.new(django_settings.SECRET_KEY.encode("utf-8"), msg, hashlib.sha256).hexdigest()


def _scope(channel: Channel | None, source: str) -> str:
    return f"channel:{channel.pk}" if channel is not None else f"source:{source}"


def ingest(who: Who, org: Organization, channel: Channel | None, incoming: Sequence[Incoming], *,
           action: str = "inbox.ingest", policy: Policy | None = None) -> list[Item]:
    """Scan and store what is new; returns the new items (duplicates are skipped, by
    `external_key`). The engine runs before the transaction; the rows and one audit entry per
    batch (counts by verdict; one more per escalated item) are written together."""
    if not incoming:
        return []
    row = settings_for(org)
    policy = policy or _inbound_policy(org)
    by_key: dict[str, Incoming] = {}
    for inc in incoming:
        by_key.setdefault(external_key(org, _scope(channel, inc.source), inc.external_id), inc)
    existing = set()
    keys = list(by_key)
    for i in range(0, len(keys), 500):
        existing.update(Item.objects.filter(org=org, external_key__in=keys[i:i + 500])
                        .values_list("external_key", flat=True))
    batch = timezone.now()       # this call's rows carry it in ingested_at (see _insert)
    rows: list[dict[str, Any]] = []
    for key, inc in by_key.items():
        if key in existing:
            continue
        text = inc.text[:MAX_TEXT]
        report = scan(text, direction="inbound", kind=rules.engine_kind(inc.kind), org=policy, today=date.today())
        sit = rules.situation(text, inc.rating)
        rows.append({
            "org_id": org.pk, "channel_id": channel.pk if channel is not None else None, "source": inc.source[:20],
            "external_key": key, "kind": inc.kind[:20], "body": text, "remote": json.dumps(inc.remote, default=str),
            "rating": inc.rating, "received_at": inc.received_at, "ingested_at": batch,
            "verdict": report.verdict.value, "reasons": [r.code for r in report.reasons],
            "spans": [f.to_dict() for f in report.findings], "situation": sit.value,
            "escalated": sit is rules.Situation.CRISIS, "state": State.OPEN.value, "assignee_id": None,
            "due_at": rules.due_at(inc.received_at, row.sla_hours, sit), "first_response_at": None,
            "resolved_at": None, "hidden_at": None, "hidden_by_id": None, "client_fp": inc.client_fp})
    if not rows:
        return []
    with transaction.atomic():
        _insert(rows)
        ids = dict(Item.objects.filter(org=org, external_key__in=[r["external_key"] for r in rows],
                                       ingested_at=batch).values_list("external_key", "id"))
        created = []
        for r in rows:
            if r["external_key"] in ids:
                it = Item(id=ids[r["external_key"]], **r)
                it.org, it.channel = org, channel
                created.append(it)
        if created:
            verdicts = Counter(i.verdict for i in created)
            record(who, action, channel if channel is not None else ("inbox_source", created[0].source),
                   {"created": len(created), "duplicates": len(incoming) - len(created),
                    **{f"verdict_{k.lower()}": v for k, v in sorted(verdicts.items())}})
            for it in created:
                if it.escalated:
                    record(who, "inbox.escalate", it, {"situation": it.situation, "verdict": it.verdict})
            _tell_phi(org, [it for it in created if it.verdict != "ALLOW"])
    return created


PHI_ONE_BY_ONE = 5     # more PHI items than this in one batch: one notification for the batch


def _tell_phi(org: Organization, items: list[Item]) -> None:
    if len(items) > PHI_ONE_BY_ONE:
        notify(org, Event.INBOX_PHI, link=f"/o/{org.slug}/inbox/?state=open", reason=f"items_{len(items)}")
        return
    for it in items:
        notify(org, Event.INBOX_PHI, link=f"/o/{org.slug}/inbox/{it.pk}/", obj=it, reason=it.verdict.lower())


_COLUMNS: list[tuple[str, Any]] = []


def _insert(rows: list[dict[str, Any]]) -> None:
    """One multi-row INSERT … ON CONFLICT DO NOTHING (SQLite and PostgreSQL): an item stored
    meanwhile by another worker or a webhook is skipped, not an error. The values go through
    each field's own preparation (encryption of body and remote, JSON), without the ORM's
    per-value SQL compilation, which cost more than the rest of ingestion together."""
    from django.db import connection

    if not _COLUMNS:
        _COLUMNS.extend((f.column, f) for f in Item._meta.concrete_fields if not f.primary_key)
    qn = connection.ops.quote_name
    cols = ", ".join(qn(c) for c, _ in _COLUMNS)
    one = "(" + ", ".join(["%s"] * len(_COLUMNS)) + ")"
    attname = {f.column: f.attname for _, f in _COLUMNS}
    adapt = connection.ops.adapt_datetimefield_value
    params = [[(adapt(r[attname[c]]) if r[attname[c]] is not None else None) if isinstance(f, models.DateTimeField)
               else f.get_db_prep_save(r[attname[c]], connection) for c, f in _COLUMNS] for r in rows]
    with connection.cursor() as cur:
        for i in range(0, len(params), 200):
            chunk = params[i:i + 200]
            cur.execute(f"INSERT INTO {qn(Item._meta.db_table)} ({cols}) VALUES {', '.join([one] * len(chunk))} "
                        f"ON CONFLICT DO NOTHING", [v for p in chunk for v in p])


def _inbound_policy(org: Organization) -> Policy:
    from safepost.app.posts.services import policy_for

    return policy_for(org)


# -- the worker job ---------------------------------------------------------------------------
def _pull_due(now: datetime) -> Q:
    return Q(status=ChannelStatus.ACTIVE.value) & (Q(replies_checked_at__isnull=True)
                                                   | Q(replies_checked_at__lt=now - POLL_INTERVAL))


def claim_channel(now: datetime | None = None) -> Channel | None:
    """Claim one channel due for a pull with a conditional UPDATE of `replies_checked_at`
    (only one worker wins; the others move on)."""
    now = now or timezone.now()
    for ch in Channel.objects.filter(_pull_due(now)).order_by("replies_checked_at", "id")[:10]:
        if ch.platform not in CONNECTORS:
            continue
        won = Channel.objects.filter(_pull_due(now), pk=ch.pk, replies_checked_at=ch.replies_checked_at) \
            .update(replies_checked_at=now)
        if won == 1:
            ch.replies_checked_at = now
            return ch
    return None


def pull_channel(channel: Channel, worker: str = "worker") -> int:
    """Fetch what is new on `channel` since its cursor, store it, then advance the cursor. The
    cursor is written only after the items are committed: a crash in between re-reads the same
    page next time, and the duplicates are dropped by `external_key` (no gaps, no duplicates)."""
    who = Who(org=channel.org, actor_id=None, actor=f"worker:{worker}"[:254])
    try:       # making the connector can fail too: a service address that no longer resolves
        conn = channel_services.worker_connector(channel)
        page = conn.fetch_replies(channel.replies_cursor or None)
    except ConnectorError as e:
        channel_services.forget_connector(channel)
        channel_services.note_error(channel, e)
        log.warning("inbox: pulling channel %s failed: %s", channel.pk, e.code)
        return 0
    new = ingest(who, channel.org, channel, [from_inbound(i) for i in page.items])
    if page.next_cursor is not None and page.next_cursor != channel.replies_cursor:
        Channel.objects.filter(pk=channel.pk).update(replies_cursor=page.next_cursor[:500])
        channel.replies_cursor = page.next_cursor[:500]
    if new and settings_for(channel.org).auto_hide and conn.can_hide:
        for it in new:
            if it.verdict == "PRIVATE_FOLLOW_UP":
                try:
                    hide(who, it)
                except Refused as e:
                    log.warning("inbox: auto-hide of item %s failed: %s", it.pk, e)
    return len(new)


def pull_replies(worker: str, *, max_channels: int = 20) -> int:
    """The `pullreplies` job: pull every channel that is due; returns how many were pulled."""
    done = 0
    while done < max_channels:
        ch = claim_channel()
        if ch is None:
            break
        pull_channel(Channel.objects.select_related("org").get(pk=ch.pk), worker)
        done += 1
    return done


# -- triage -----------------------------------------------------------------------------------
def _member(org: Organization, user_id: int | None) -> User | None:
    if user_id is None:
        return None
    m = Membership.objects.select_related("user").filter(org=org, user_id=user_id).first()
    if m is None or not can(m.role, Action.INBOX_REPLY):
        raise Refused("Assign to a member of this organization who may answer the inbox.")
    return m.user


def assign(who: Who, item: Item, user_id: int | None) -> Item:
    user = _member(item.org, user_id)
    with transaction.atomic():
        Item.objects.filter(pk=item.pk).update(assignee=user)
        item.assignee = user
        record(who, "inbox.assign", item, {"assignee": user.pk if user else None})
    return item


def resolve(who: Who, item: Item) -> Item:
    """Close an item (also "do not reply"). Counts as the first response."""
    now = timezone.now()
    with transaction.atomic():
        item.state, item.resolved_at = State.RESOLVED.value, now
        item.first_response_at = item.first_response_at or now
        Item.objects.filter(pk=item.pk).update(state=item.state, resolved_at=now, first_response_at=item.first_response_at)
        record(who, "inbox.resolve", item, {"verdict": item.verdict})
    return item


def reopen(who: Who, item: Item) -> Item:
    with transaction.atomic():
        item.state, item.resolved_at = State.OPEN.value, None
        Item.objects.filter(pk=item.pk).update(state=item.state, resolved_at=None)
        record(who, "inbox.reopen", item)
    return item


def can_hide(item: Item) -> bool:
    return item.channel_id is not None and getattr(CONNECTORS.get(item.source), "can_hide", False)


def hide(who: Who, item: Item) -> Item:
    """Hide the item on its platform through the connector (where the platform allows it)."""
    if item.hidden_at is not None:
        return item
    if not can_hide(item):
        raise Refused("This platform does not let us hide comments; answer privately and resolve it instead.")
    channel = item.channel
    try:
        channel_services.worker_connector(channel).hide(inbound_item(item))
    except ConnectorError as e:
        channel_services.forget_connector(channel)
        with transaction.atomic():
            record(who, "inbox.hide_failed", item, {"code": e.code[:20]})
        raise Refused(f"The platform refused to hide it: {e.message}") from None
    now = timezone.now()
    with transaction.atomic():
        Item.objects.filter(pk=item.pk).update(hidden_at=now, hidden_by_id=who.actor_id)
        item.hidden_at, item.hidden_by_id = now, who.actor_id
        record(who, "inbox.hide", item, {"platform": item.source, "verdict": item.verdict})
    return item


BULK_OPS = ("assign", "resolve", "hide", "reopen")


def bulk(who: Who, org: Organization, ids: Iterable[int], op: str, assignee: int | None = None) -> tuple[int, list[str]]:
    """One operation on several items of `org`; returns (done, errors)."""
    if op not in BULK_OPS:
        raise Refused(f"Unknown action {op!r}.")
    items = list(Item.objects.filter(org=org, pk__in=list(ids)[:500]).select_related("channel", "org"))
    if op == "assign":
        _member(org, assignee)
    done, errors = 0, []
    for it in items:
        try:
            {"assign": lambda: assign(who, it, assignee), "resolve": lambda: resolve(who, it),
             "hide": lambda: hide(who, it), "reopen": lambda: reopen(who, it)}[op]()
            done += 1
        except Refused as e:
            errors.append(f"#{it.pk}: {e}")
    return done, errors


def view(who: Who, item: Item) -> None:
    """Opening a PHI-bearing item is audited (164.312(b))."""
    if item.verdict != "ALLOW":
        with transaction.atomic():
            record(who, "inbox.view", item, {"verdict": item.verdict})


# -- replies ----------------------------------------------------------------------------------
def _scan(item: Item, text: str, base_url: str):
    return scan(text, direction="outbound", kind=rules.reply_kind(item.kind), org=reply_policy(item.org, base_url),
                today=date.today())


def check_reply(item: Item, text: str, base_url: str = "") -> ReplyCheck:
    """The reply guard: the engine (kind review_reply / comment_reply) plus "never echo"."""
    return _check(item, text, _scan(item, text, base_url), base_url)


def _check(item: Item, text: str, report, base_url: str) -> ReplyCheck:
    return rules.check_reply(text, report.verdict.value, report.findings, report.evidence,
                             report.reasons, _rewrite(item, base_url), inbound=item.body, inbound_spans=item.spans)


def _phi_labels(report) -> list[str]:
    return sorted({str(f.label) for f in report.findings if f.is_phi})


def _rewrite(item: Item, base_url: str) -> str:
    sit = rules.situation(item.body, item.rating)
    return rules.render_template(sit if sit is not rules.Situation.PRAISE else rules.Situation.GENERAL,
                                 contact_for(item.org, base_url))


def template_for(item: Item, situation: str | None = None, base_url: str = "") -> str:
    return rules.render_template(situation or item.situation, contact_for(item.org, base_url))


def send_reply(who: Who, item: Item, text: str, *, situation: str = "", base_url: str = "") -> Reply:
    """Check, store, send through the connector, audit. Raises ReplyBlocked (nothing is sent; the
    reply is kept as "blocked" for a privacy officer's release), NotAllowed (training lapsed) or
    SendFailed (the platform failed; the reply is kept as failed)."""
    from safepost.app.training.services import is_current, lapsed_message

    text = (text or "").strip()
    if not text:
        raise Refused("Write a reply first.")
    if len(text) > 5000:
        raise Refused("A reply is at most 5,000 characters.")
    if not is_current(item.org, who.actor_id):
        raise TrainingRequired(lapsed_message("answer the public"))
    report = _scan(item, text, base_url)
    chk = _check(item, text, report, base_url)
    fp = fingerprint(text)
    if not chk.ok:
        with transaction.atomic():
            held = Reply.objects.create(org=item.org, item=item, author_id=who.actor_id, body=text, body_fp=fp,
                                        situation=situation[:24], state="blocked", labels=_phi_labels(report))
            record(who, "inbox.reply_blocked", item, {"fp": fp, "reasons": [c for c, _ in chk.reasons][:10],
                                                      "phrases": len(chk.phrases), "reply": held.pk})
        raise ReplyBlocked(chk, held)
    with transaction.atomic():
        reply = Reply.objects.create(org=item.org, item=item, author_id=who.actor_id, body=text, body_fp=fp,
                                     situation=situation[:24], state="sending")
    return _deliver(who, item, reply)


def _deliver(who: Who, item: Item, reply: Reply, *, released: bool = False) -> Reply:
    """Send a stored reply through the item's channel, or record it for posting by hand when
    the source has no API. A platform failure keeps it as failed and raises SendFailed. For a
    released blocked reply, `reply_released` goes out in the transaction recording the outcome."""
    meta = {"reply": reply.pk, "fp": reply.body_fp, **({"released": True} if released else {})}
    if item.channel_id is None:
        with transaction.atomic():
            Reply.objects.filter(pk=reply.pk).update(state="manual")
            reply.state = "manual"
            _answered(item, reply)
            record(who, "inbox.reply_record", item, {**meta, "source": item.source,
                                                     "situation": reply.situation or None})
            _tell_released(who, reply, released)
        return reply
    channel = item.channel
    try:
        if channel.status != ChannelStatus.ACTIVE.value:
            raise ConnectorError(f"the channel is {channel.status_label.lower()}", permanent=True, code="disabled")
        remote = channel_services.worker_connector(channel).reply(inbound_item(item), reply.body,
                                                                  key=f"inbox-reply-{reply.pk}")
    except ConnectorError as e:
        channel_services.forget_connector(channel)
        with transaction.atomic():
            Reply.objects.filter(pk=reply.pk).update(state="failed", error=e.message[:300])
            reply.state, reply.error = "failed", e.message[:300]
            record(who, "inbox.reply_failed", item, {**meta, "code": e.code[:20]})
            _tell_released(who, reply, released)
        raise SendFailed(f"The reply was not sent: {e.message}") from None
    with transaction.atomic():
        reply.state, reply.remote, reply.sent_at = "sent", remote.to_dict(), timezone.now()
        reply.save(update_fields=["state", "remote", "sent_at"])
        _answered(item, reply)
        record(who, "inbox.reply_send", item, {**meta, "platform": item.source, "situation": reply.situation or None})
        _tell_released(who, reply, released)
    return reply


def _tell_released(who: Who, reply: Reply, released: bool) -> None:
    if released:
        from safepost.app.inbox.signals import reply_released

        reply_released.send(sender=Reply, reply=reply, who=who)


def _answered(item: Item, reply: Reply) -> None:
    now = timezone.now()
    item.state = State.REPLIED.value
    item.first_response_at = item.first_response_at or now
    Item.objects.filter(pk=item.pk).update(state=item.state, first_response_at=item.first_response_at)


# -- imports ----------------------------------------------------------------------------------
@dataclass
class ImportResult:
    rows: int
    created: int
    duplicates: int
    errors: list[tuple[int, str]]


def import_reviews(who: Who, org: Organization, data: bytes, filename: str = "") -> ImportResult:
    parsed = rules.parse_reviews(data, filename)
    incoming = [Incoming(source=r.source, external_id=r.id, kind="review", text=r.text, received_at=r.created_at,
                         remote={"author_handle": r.author, "url": r.url, "id": r.id}, rating=r.rating)
                for r in parsed.rows]
    new = ingest(who, org, None, incoming, action="inbox.import")
    if not new:
        with transaction.atomic():
            record(who, "inbox.import", ("organization", org.pk),
                   {"created": 0, "duplicates": len(incoming), "errors": len(parsed.errors)})
    return ImportResult(len(parsed.rows) + len(parsed.errors), len(new), len(incoming) - len(new), parsed.errors)


# -- the secure message form ------------------------------------------------------------------
def form_settings(slug: str) -> InboxSettings | None:
    return InboxSettings.objects.select_related("org").filter(form_slug=slug, form_enabled=True).first()


def submit_secure_message(row: InboxSettings, *, name: str, contact: str, message: str, ip: str | None) -> Item:
    """A patient's private message: stored encrypted as an inbox item for the team (the
    notification), never shown back to the sender. Rate-limited per address and per org."""
    message = (message or "").strip()
    if not message:
        raise Refused("Please write your message.")
    if len(message) > 5000 or len(name) > 200 or len(contact) > 200:
        raise Refused("The message is too long (at most 5,000 characters).")
    now = timezone.now()
    client = fingerprint(f"form-ip:{ip or '-'}")
    hour = now - timedelta(hours=1)
    recent = Item.objects.filter(source=rules.SECURE_FORM, ingested_at__gte=hour)
    if recent.filter(client_fp=client).count() >= FORM_PER_CLIENT_PER_HOUR \
            or recent.filter(org=row.org).count() >= FORM_PER_ORG_PER_HOUR:
        raise RateLimited("Too many messages were sent from here in the last hour. Please try again later or call us.")
    inc = Incoming(source=rules.SECURE_FORM, external_id=secrets.token_hex(16), kind="direct_message", text=message,
                   received_at=now, remote={"author_handle": name.strip(), "contact": contact.strip()},
                   client_fp=client)
    return ingest(Who.anonymous(row.org, ip), row.org, None, [inc], action="inbox.secure_message")[0]


# -- Meta webhooks ----------------------------------------------------------------------------
WEBHOOK_PLATFORMS = {"facebook": "page_id", "instagram": "ig_user_id"}


def create_webhook(who: Who, channel: Channel, app_secret: str) -> Webhook:
    """A webhook endpoint for a Facebook Page or Instagram channel; the verify token is generated."""
    if channel.platform not in WEBHOOK_PLATFORMS:
        raise Refused("Webhooks are for Facebook Page and Instagram channels.")
    if not app_secret or len(app_secret) > 200:
        raise Refused("Paste the Meta app secret (App settings › Basic).")
    with transaction.atomic():
        Webhook.objects.filter(channel=channel).delete()
        hook = Webhook.objects.create(org=channel.org, channel=channel, token=secrets.token_urlsafe(24),
                                      app_secret=app_secret.strip(), verify_token=secrets.token_urlsafe(18))
        record(who, "inbox.webhook_create", channel, {"platform": channel.platform})
    return hook


def webhook_challenge(token: str, mode: str, verify_token: str, challenge: str) -> str | None:
    """Meta's subscription check (GET): echo `hub.challenge` when the verify token matches."""
    hook = Webhook.objects.filter(token=token).first()
    if hook is None or mode != "subscribe" or not hmac.compare_digest(hook.verify_token, verify_token or ""):
        return None
    return challenge[:100]


def deliver_webhook(token: str, body: bytes, signature: str | None, ip: str | None = None) -> int:
    """A webhook delivery: verify X-Hub-Signature-256 over the raw body, then ingest the new
    comments. A bad signature raises BadSignature and is logged without the body."""
    hook = Webhook.objects.select_related("channel", "org").filter(token=token).first()
    if hook is None:
        raise Refused("unknown webhook")
    if not rules.signature_ok(hook.app_secret, body, signature):
        log.warning("inbox: webhook %s refused: bad X-Hub-Signature-256 (%d bytes, from %s)",
                    hook.pk, len(body), ip or "?")
        raise BadSignature("bad signature")
    try:
        payload = json.loads(body)
    except ValueError:
        raise Refused("not JSON") from None
    channel = hook.channel
    account = channel_services.credentials_of(channel).get(WEBHOOK_PLATFORMS[channel.platform], "")
    changes = rules.meta_changes(payload, channel.platform, account)
    incoming = [Incoming(source=channel.platform, external_id=c.id, kind="comment", text=c.text,
                         received_at=c.created_at,
                         remote={"platform": channel.platform, "id": c.id, "kind": "comment", "author_handle": c.author,
                                 "author_id": c.author_id, "parent_id": c.parent_id, "root_id": c.root_id,
                                 "created_at": c.created_at.isoformat()})
                for c in changes]
    who = Who(org=hook.org, actor_id=None, actor=f"webhook:{channel.platform}", ip=ip)
    new = ingest(who, hook.org, channel, incoming, action="inbox.webhook")
    Webhook.objects.filter(pk=hook.pk).update(last_delivery_at=timezone.now())
    return len(new)


# -- the queue (read side, shared by the page and the API) -----------------------------------
def queue(org: Organization, *, state: str | None = "open", verdict: str | None = None, channel: str | None = None,
          age: str | None = None, assignee: str | None = None, user_id: int | None = None, now: datetime | None = None):
    """Items of `org` matching the filters, escalated first, then by due time. `channel` is a
    channel id or a source name (google, yelp, secure_form, …); `assignee` is a user id, "me"
    or "none"; `age` a key of rules.AGES."""
    now = now or timezone.now()
    qs = Item.objects.filter(org=org)
    if state:
        qs = qs.filter(state=state)
    if verdict:
        qs = qs.filter(verdict=verdict)
    if channel:
        qs = qs.filter(channel_id=int(channel)) if is_row_id(channel) else qs.filter(source=channel, channel__isnull=True)
    if age in rules.AGES:
        _, newer, older = rules.AGES[age]
        if newer is not None:
            qs = qs.filter(received_at__gte=now - newer)
        if older is not None:
            qs = qs.filter(received_at__lt=now - older)
    if assignee == "me":
        qs = qs.filter(assignee_id=user_id)
    elif assignee == "none":
        qs = qs.filter(assignee__isnull=True)
    elif assignee and is_row_id(assignee):
        qs = qs.filter(assignee_id=int(assignee))
    return qs.order_by("-escalated", "due_at", "id")
