"""Passkeys (WebAuthn) as a second factor beside TOTP (issue 10), with the `webauthn` package.

Each ceremony has two steps; the one-time challenge is kept in the person's session between them:
  registration  registration_options(user, rp) → (options JSON, challenge)
                register(user, ip, rp, challenge, credential, name) verifies and stores a Passkey
  sign-in       authentication_options(user, rp) → (options JSON, challenge), for the person's
                own passkeys only; check_passkey(...) is the second step of sign-in
  removal       remove(user, ip, passkey_id)
Only public material is stored (credential id, COSE public key, counter). Every step is audited
with ids and the authenticator model (AAGUID) only. The relying party (the site's domain and
origin) comes from SAFEPOST_PASSKEY_RP_ID / SAFEPOST_PASSKEY_ORIGIN, else from the request.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from base64 import urlsafe_b64decode, urlsafe_b64encode
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from safepost.app.accounts import services
from safepost.app.accounts.models import Passkey, User

NAME_MAX = 60


def _webauthn():
    """The webauthn package, imported on first use: it takes about 0.5 s, which every server
    worker would otherwise pay on its first request (`serve` has a cold-start budget)."""
    import webauthn
    from webauthn.helpers import parse_authentication_credential_json, structs
    from webauthn.helpers.exceptions import WebAuthnException

    # what it raises on a malformed or forged response (a 400, never a 500)
    bad = (WebAuthnException, ValueError, TypeError, KeyError, AttributeError)
    return webauthn, structs, parse_authentication_credential_json, bad


def _b64(data: bytes) -> str:
    return urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return urlsafe_b64decode(text + "=" * (-len(text) % 4))


class PasskeyError(ValueError):
    """A passkey request refused; the message is safe to show the person."""


@dataclass(frozen=True)
class RelyingParty:
    id: str          # the domain passkeys are bound to
    origin: str      # the exact origin the browser must report
    name: str = "SafePost"


def relying_party(host: str, scheme: str) -> RelyingParty:
    """The relying party for a request to `host` (Host header, already ALLOWED_HOSTS-checked)."""
    hostname = urlsplit(f"//{host}").hostname or ""
    rp_id = settings.PASSKEY_RP_ID or hostname
    try:
        ipaddress.ip_address(rp_id)
    except ValueError:
        pass
    else:
        raise PasskeyError("Passkeys need the site's name, not an IP address: open SafePost by its "
                           "name (for example http://localhost:8000/) or set SAFEPOST_PASSKEY_RP_ID.")
    return RelyingParty(rp_id, settings.PASSKEY_ORIGIN or f"{scheme}://{host}")


def _user_handle(user: User) -> bytes:
    """WebAuthn's user.id: stable per person, and no e-mail or database id in the clear."""
    return hmac.new(settings.SECRET_KEY.encode(), f"passkey-user:{user.pk}".encode(), hashlib.sha256).digest()


def _descriptors(user: User) -> list:
    _, structs, _, _ = _webauthn()
    return [structs.PublicKeyCredentialDescriptor(id=_unb64(p.credential_id)) for p in user.passkeys.all()]


def registration_options(user: User, rp: RelyingParty) -> tuple[str, str]:
    webauthn, structs, _, _ = _webauthn()
    options = webauthn.generate_registration_options(
        rp_id=rp.id, rp_name=rp.name, user_name=user.email, user_id=_user_handle(user),
        user_display_name=user.name or user.email, attestation=structs.AttestationConveyancePreference.NONE,
        authenticator_selection=structs.AuthenticatorSelectionCriteria(
            resident_key=structs.ResidentKeyRequirement.DISCOURAGED,
            user_verification=structs.UserVerificationRequirement.PREFERRED),
        exclude_credentials=_descriptors(user))
    return webauthn.options_to_json(options), _b64(options.challenge)


def register(user: User, ip: str | None, rp: RelyingParty, challenge: str, credential, name: str) -> Passkey:
    """Check the authenticator's answer to `challenge` and keep the new passkey."""
    name = (name or "").strip() or "Passkey"
    if len(name) > NAME_MAX:
        raise PasskeyError(f"Give the passkey a name of at most {NAME_MAX} characters.")
    webauthn, _, _, bad_response = _webauthn()
    try:
        verified = webauthn.verify_registration_response(credential=credential, expected_challenge=_unb64(challenge),
                                                         expected_rp_id=rp.id, expected_origin=rp.origin)
    except bad_response:
        with transaction.atomic():
            services.record_all(services.whos_for(user, ip), "passkey.register_failed", user)
        raise PasskeyError("The passkey could not be checked. Try again, from this page.") from None
    credential_id = _b64(verified.credential_id)
    with transaction.atomic():
        if Passkey.objects.filter(credential_id=credential_id).exists():
            raise PasskeyError("This passkey is already registered.")
        passkey = Passkey.objects.create(user=user, name=name, credential_id=credential_id,
                                         public_key=verified.credential_public_key,
                                         sign_count=verified.sign_count, aaguid=verified.aaguid)
        services.record_all(services.whos_for(user, ip), "passkey.register", passkey,
                            {"passkey_id": passkey.pk, "aaguid": verified.aaguid,
                             "user_verified": verified.user_verified})
    return passkey


def authentication_options(user: User, rp: RelyingParty) -> tuple[str, str]:
    descriptors = _descriptors(user)
    if not descriptors:
        raise PasskeyError("This account has no passkey. Use the code from your authenticator app.")
    webauthn, structs, _, _ = _webauthn()
    options = webauthn.generate_authentication_options(rp_id=rp.id, allow_credentials=descriptors,
                                                       user_verification=structs.UserVerificationRequirement.PREFERRED)
    return webauthn.options_to_json(options), _b64(options.challenge)


def check_passkey(user_id: int, ip: str | None, rp: RelyingParty, challenge: str, credential) -> services.SignInResult:
    """Second step of sign-in with one of the person's own passkeys (throttled like a code)."""

    webauthn, _, parse_credential, bad_response = _webauthn()

    def verify(user: User) -> bool:
        try:
            parsed = parse_credential(credential)
            passkey = user.passkeys.filter(credential_id=_b64(parsed.raw_id)).first()
            if passkey is None:
                return False
            verified = webauthn.verify_authentication_response(
                credential=parsed, expected_challenge=_unb64(challenge), expected_rp_id=rp.id,
                expected_origin=rp.origin, credential_public_key=bytes(passkey.public_key),
                credential_current_sign_count=passkey.sign_count)
        except bad_response:     # forged, replayed, wrong origin, or a counter going back (a clone)
            return False
        Passkey.objects.filter(pk=passkey.pk).update(sign_count=verified.new_sign_count, last_used_at=timezone.now())
        return True

    return services.second_step(user_id, ip, "passkey", verify)


def remove(user: User, ip: str | None, passkey_id: int) -> None:
    """Remove one of the person's passkeys; never their last second factor when one is required."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        passkey = Passkey.objects.filter(user=user, pk=passkey_id).first()
        if passkey is None:
            raise Passkey.DoesNotExist
        last = not user.has_totp and user.passkeys.count() == 1
        if last and services.second_factor_required(user):
            raise PasskeyError("This is your only second factor, and your role or organization requires one. "
                               "Add another passkey first, then remove this one.")
        services.record_all(services.whos_for(user, ip), "passkey.remove", passkey,
                            {"passkey_id": passkey.pk, "aaguid": passkey.aaguid})
        passkey.delete()
