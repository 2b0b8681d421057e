"""Connecting accounts and talking to them. The only place that builds a connector for a
channel: the post worker (and the inbox, later) call `connector(channel)`.

Credentials are stored encrypted (EncryptedTextField, JSON) and never leave this module except
into the connector; they are never logged or audited.
"""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from typing import Any, Mapping

from django.db import IntegrityError, transaction
from django.utils import timezone

from safepost.app.accounts.models import Organization
from safepost.app.audit.services import Who, record
from safepost.app.channels import rules
from safepost.app.channels.models import Channel
from safepost.connectors import CONNECTORS, Connector, ConnectorError, check_url, connector_for


class ChannelError(ValueError):
    """A channel the service refuses to create or change; the message is safe to show."""


def credentials_of(channel: Channel) -> dict[str, Any]:
    return json.loads(channel.credentials or "{}")


def _checked_credentials(platform: str, credentials: Mapping[str, Any]) -> dict[str, Any]:
    creds = dict(credentials)
    for f in rules.URL_FIELDS.get(platform, ()):
        try:
            creds[f] = check_url(str(creds[f]))   # SSRF guard: private/loopback/link-local refused
        except ConnectorError as e:
            raise ChannelError(f"{f}: {e.message}") from None
    return creds


def create_channel(who: Who, org: Organization, platform: str, name: str, credentials: Mapping[str, Any],
                   *, verify: bool = True) -> Channel:
    """Check the credentials (shape, SSRF guard, then one call to the platform when `verify`)
    and store the channel. Raises ChannelError with a message for the person."""
    name = (name or "").strip()
    if msg := rules.credential_refusal(platform, name, credentials):
        raise ChannelError(msg)
    creds = _checked_credentials(platform, credentials)
    handle = ""
    if verify:
        session: dict[str, Any] = {}
        try:
            with _build(platform, creds, session) as conn:
                handle = conn.verify()
        except ConnectorError as e:
            raise ChannelError(f"{rules.PLATFORM_LABELS[platform]} refused the account: {e.message}") from None
        if session.get("session"):
            creds["session"] = session["session"]
    try:
        with transaction.atomic():
            channel = Channel.objects.create(org=org, platform=platform, name=name, handle=handle[:200],
                                             credentials=json.dumps(creds), created_by_id=who.actor_id)
            record(who, "channel.create", channel, {"platform": platform, "verified": verify})
    except IntegrityError:
        raise ChannelError(f"There is already a channel named {name!r}.") from None
    return channel


def set_disabled(who: Who, channel: Channel, disabled: bool) -> None:
    with transaction.atomic():
        status = rules.Status.DISABLED if disabled else rules.Status.ACTIVE
        Channel.objects.filter(pk=channel.pk).update(status=status.value)
        channel.status = status.value
        record(who, "channel.disable" if disabled else "channel.enable", channel)


def _build(platform: str, creds: Mapping[str, Any], sink: dict[str, Any]) -> Connector:
    kwargs: dict[str, Any] = {}
    if "session" in CONNECTORS[platform].optional_credential_fields:
        kwargs["on_session"] = lambda s: sink.__setitem__("session", s)
    return connector_for(platform, creds, **kwargs)


def connector(channel: Channel) -> Connector:
    """A connector for this channel. A renewed session (Bluesky) is saved back, encrypted."""
    creds = credentials_of(channel)
    kwargs: dict[str, Any] = {}
    if "session" in CONNECTORS[channel.platform].optional_credential_fields:
        def save_session(session: dict[str, str], channel_id: int = channel.pk) -> None:
            with transaction.atomic():
                row = Channel.objects.select_for_update().filter(pk=channel_id).first()
                if row is not None:
                    data = credentials_of(row)
                    data["session"] = session
                    Channel.objects.filter(pk=channel_id).update(credentials=json.dumps(data))
        kwargs["on_session"] = save_session
    return connector_for(channel.platform, creds, **kwargs)


_local = threading.local()


def worker_connector(channel: Channel) -> Connector:
    """A connector for this channel, kept per thread and reused while its credentials stay
    the same: one TLS context, kept-alive connections and (Bluesky) one session per worker
    instead of one per post. `forget_connector(channel)` drops it (credentials refused)."""
    cache: dict[int, tuple[str, Connector]] = _local.__dict__.setdefault("connectors", {})
    creds = credentials_of(channel)
    creds.pop("session", None)
    stamp = json.dumps([channel.platform, creds], sort_keys=True)
    hit = cache.get(channel.pk)
    if hit is not None and hit[0] == stamp:
        return hit[1]
    if hit is not None:
        hit[1].close()
    conn = connector(channel)
    cache[channel.pk] = (stamp, conn)
    return conn


def forget_connector(channel: Channel) -> None:
    cache: dict[int, tuple[str, Connector]] = _local.__dict__.setdefault("connectors", {})
    hit = cache.pop(channel.pk, None)
    if hit is not None:
        hit[1].close()


def note_error(channel: Channel, exc: ConnectorError) -> None:
    """Keep the last error on the channel (shown on its page); credentials refused → reconnect."""
    status = rules.status_after_error(exc.code, exc.permanent, rules.Status(channel.status))
    Channel.objects.filter(pk=channel.pk).update(
        last_error=exc.message[:300], last_error_code=exc.code[:20], last_error_at=timezone.now(),
        status=status.value)


def note_success(channel: Channel) -> None:
    """Clear the last error. `last_published_at` is refreshed at most once a minute, so a burst
    of publishing does not make every worker wait for the same channel row."""
    from django.db.models import Q

    now = timezone.now()
    if not channel.last_error and channel.last_published_at and channel.last_published_at > now - timedelta(minutes=1):
        return
    stale = Q(last_published_at__isnull=True) | Q(last_published_at__lt=now - timedelta(minutes=1))
    Channel.objects.filter(Q(pk=channel.pk) & (stale | ~Q(last_error=""))).update(
        last_published_at=now, last_error="", last_error_code="")
