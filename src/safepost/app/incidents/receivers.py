"""Signals from other apps that open incidents. Connected in IncidentsConfig.ready().

    posts.signals.post_published   a post released by an override is out      -> override_published
    inbox.signals.item_past_sla    a public item with PHI is still up, late   -> phi_public_past_sla
    consent.signals.consent_revoked  revoked while a post it covered is live  -> consent_revoked_published
    inbox.signals.reply_released   a privacy officer released a blocked reply -> blocked_reply_released

Each opens at most one incident per source (open_incident returns the one not yet closed).
"""

from __future__ import annotations

# inbox items that are not public on a platform: private messages and SafePost's own secure form
PRIVATE_KINDS = ("direct_message", "message")
PRIVATE_SOURCES = ("secure_form",)


def connect() -> None:
    from safepost.app.consent.signals import consent_revoked
    from safepost.app.inbox.signals import item_past_sla, reply_released
    from safepost.app.posts.signals import post_published

    post_published.connect(on_post_published, dispatch_uid="safepost.incidents.post_published")
    item_past_sla.connect(on_item_past_sla, dispatch_uid="safepost.incidents.item_past_sla")
    consent_revoked.connect(on_consent_revoked, dispatch_uid="safepost.incidents.consent_revoked")
    reply_released.connect(on_reply_released, dispatch_uid="safepost.incidents.reply_released")


def on_post_published(sender, post, who, **kwargs) -> None:
    """A post released by a privacy officer's override of a BLOCK is a disclosure the engine
    judged to carry PHI: open an incident at once (discovery = the moment of publication)."""
    if not post.overridden:
        return
    from safepost.app.incidents.services import open_incident

    open_incident(post.org, "post", post.pk, "override_published", discovered_at=post.published_at)


def is_public_phi(item) -> bool:
    """Inbound PHI in public view: the engine did not allow it, it is not a private message, and
    nobody hid it on the platform."""
    return (item.verdict != "ALLOW" and item.kind not in PRIVATE_KINDS and item.source not in PRIVATE_SOURCES
            and item.hidden_at is None)


def on_item_past_sla(sender, item, who, **kwargs) -> None:
    """A patient's PHI left public past the first-response time: the organization now knows
    (or with reasonable diligence would have known), so the clock starts (164.404(a)(2))."""
    if not is_public_phi(item):
        return
    from safepost.app.incidents.services import open_incident

    open_incident(item.org, "inbox_item", item.pk, "phi_public_past_sla")


def on_consent_revoked(sender, consent, who, reason="revoked", **kwargs) -> None:
    """A revocation (not an expiry) while a post that relied on the authorization is still
    published: the post is now on the platform without authorization (164.508(b)(5))."""
    if reason != "revoked":
        return
    from safepost.app.posts.models import Delivery

    live = Delivery.objects.filter(post__org_id=consent.org_id, post__consent_id=consent.pk, state="published")
    if not live.exists():
        return
    from safepost.app.incidents.services import open_incident

    open_incident(consent.org, "consent", consent.pk, "consent_revoked_published")


def on_reply_released(sender, reply, who, **kwargs) -> None:
    """A reply the engine judged to carry PHI, released by a privacy officer's decision: an
    incident about its inbox item at once (discovery = the release), with the identifier types
    the engine found (labels, never the text); the crisis team is told by open_incident. An
    incident already open about the item gains the reply on its containment list."""
    from safepost.app.incidents.containment import track
    from safepost.app.incidents.services import open_incident, system_who

    incident = open_incident(reply.org, "inbox_item", reply.item_id, "blocked_reply_released",
                             discovered_at=reply.released_at, info_types=reply.labels)
    track(system_who(reply.org), incident)
