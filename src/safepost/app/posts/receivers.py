"""Signals from other apps that change posts. Connected in PostsConfig.ready()."""

from __future__ import annotations


def connect() -> None:
    try:
        from safepost.app.consent.signals import consent_revoked
    except ImportError:      # the consent registry is not installed (yet)
        return
    consent_revoked.connect(on_consent_revoked, dispatch_uid="safepost.posts.consent_revoked")


def on_consent_revoked(sender, consent, who, **kwargs) -> None:
    """Revocation or expiry: takes effect at once (164.508(b)(5)). Scheduled posts relying on
    the consent go back to review with the reason; published ones get a takedown task, which
    the worker carries out through the connector where it can (audited either way)."""
    from safepost.app.posts.publishing import consent_withdrawn

    consent_withdrawn(who, consent)
