"""`consent_revoked`: an authorization stopped covering anything, at once.

Sent by `services.revoke` (the patient revoked) and by `services.expire_and_remind` /
`services.record_expiry_event` (it expired), as

    consent_revoked.send(sender=Consent, consent=consent, who=who, reason="revoked" | "expired")

Receivers run INSIDE the transaction that changes the consent's status: write rows (posts back
to review, takedown tasks) and let the worker talk to platforms; an exception rolls the
revocation back, so the caller sees the failure and nothing is half done.

    from django.dispatch import receiver
    from safepost.app.consent.signals import consent_revoked

    @receiver(consent_revoked)
    def pull_posts(sender, consent, who, reason, **kwargs): ...
"""

from django.dispatch import Signal

consent_revoked = Signal()
