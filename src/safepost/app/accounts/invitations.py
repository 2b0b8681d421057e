"""Team: invite by e-mail (a one-time link, stored hashed, valid rules.INVITE_DAYS days), accept
(set a password, or join with the account one already has), deactivate. Each change is audited
in the same transaction; the audit holds ids, roles and a fingerprint of the address only."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from safepost.app.accounts import rules
from safepost.app.accounts.models import Invitation, Membership, Organization, User
from safepost.app.accounts.rules import Role
from safepost.app.accounts.services import AccountError, add_member, forget_cached_keys, validate_new_password
from safepost.app.audit.services import Who, fingerprint, record


def _hash(token: str) -> str:
    return hashlib.sha256((token or "").encode("utf-8")).hexdigest()


def _clean_email(email: str) -> str:
    email = User.objects.normalize_email(email or "").strip().lower()
    try:
        User(email=email).clean_fields(exclude=["password"])
    except ValidationError:
        raise AccountError("Enter a valid e-mail address, like name@clinic.org.") from None
    return email


def accept_url(token: str) -> str:
    return f"{settings.SAFEPOST_BASE_URL}/invite/{token}/"


def invite(who: Who, org: Organization, email: str, role: Role | str) -> tuple[Invitation, str]:
    """Create an invitation; returns it and the token (shown and mailed once, never stored)."""
    try:
        role = Role(role)
    except ValueError:
        raise AccountError(f"Choose one of the roles: {', '.join(r.label for r in Role)}.") from None
    email = _clean_email(email)
    if Membership.objects.filter(org=org, user__email=email).exists():
        raise AccountError(f"{email} is already a member; change their role in the list instead.")
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        inv = Invitation.objects.create(org=org, email=email, role=role.value, token_hash=_hash(token),
                                        invited_by_id=who.actor_id,
                                        expires_at=timezone.now() + timedelta(days=rules.INVITE_DAYS))
        record(who, "member.invite", inv, {"role": role.value, "email_fp": fingerprint(email),
                                          "expires_days": rules.INVITE_DAYS})
    return inv, token


def send(inv: Invitation, token: str) -> bool:
    """E-mail the link. False when the mail server refused (the admin is shown the link)."""
    body = (f"You are invited to join {inv.org.name} on SafePost as {inv.role_enum.label}.\n\n"
            f"Accept within {rules.INVITE_DAYS} days (the link works once):\n{accept_url(token)}\n\n"
            "If you did not expect this, ignore this message.\n")
    msg = EmailMessage(subject=f"[SafePost] Invitation to {inv.org.name}", body=body,
                       from_email=settings.DEFAULT_FROM_EMAIL, to=[inv.email])
    try:
        msg.send(fail_silently=False)
    except OSError:
        return False
    return True


def find(token: str) -> Invitation | None:
    return Invitation.objects.select_related("org").filter(token_hash=_hash(token)).first()


def refusal(inv: Invitation | None, now=None) -> str | None:
    if inv is None:
        return "This invitation link is not valid. Check you copied the whole link."
    return rules.invitation_refusal(accepted=inv.accepted_at is not None, revoked=inv.revoked_at is not None,
                                    expires_at=inv.expires_at, now=now or timezone.now())


@dataclass(frozen=True)
class Accepted:
    membership: Membership
    new_account: bool


def accept(token: str, *, password: str = "", name: str = "", user: User | None = None,
           ip: str | None = None) -> Accepted:
    """Use the invitation: a new person sets `password`; an existing account joins as `user`
    (signed in as the invited address). Single use even under concurrent clicks."""
    inv = find(token)
    if reason := refusal(inv):
        raise AccountError(reason)
    existing = User.objects.filter(email=inv.email).first()
    if existing is not None and (user is None or user.pk != existing.pk):
        raise AccountError(f"An account for {inv.email} exists: sign in as {inv.email} first, then open the link again.")
    if existing is None:
        validate_new_password(password, inv.email, name)
    now = timezone.now()
    with transaction.atomic():
        used = Invitation.objects.filter(pk=inv.pk, accepted_at=None, revoked_at=None,
                                         expires_at__gt=now).update(accepted_at=now)
        if used != 1:
            raise AccountError("This invitation was already used. Sign in, or ask an administrator for a new one.")
        who = Who(org=inv.org, actor_id=existing.pk if existing else None, actor=inv.email, ip=ip)
        if existing is not None and not existing.is_active:
            User.objects.filter(pk=existing.pk).update(is_active=True)
        m = add_member(who, inv.org, inv.email, inv.role_enum, password=password or None, name=name.strip()[:200])
        Invitation.objects.filter(pk=inv.pk).update(accepted_by=m.user)
        record(Who(org=inv.org, actor_id=m.user_id, actor=inv.email, ip=ip), "member.invite_accept", inv,
               {"user_id": m.user_id, "role": inv.role, "new_account": existing is None})
    return Accepted(m, existing is None)


def revoke(who: Who, inv: Invitation) -> None:
    with transaction.atomic():
        n = Invitation.objects.filter(pk=inv.pk, accepted_at=None, revoked_at=None).update(revoked_at=timezone.now())
        if n:
            record(who, "member.invite_revoke", inv, {"role": inv.role})


def open_invitations(org: Organization):
    return Invitation.objects.filter(org=org, accepted_at=None, revoked_at=None, expires_at__gt=timezone.now())


def deactivate(who: Who, m: Membership) -> bool:
    """Take the person out of the organization; when they belong to no other organization their
    account is switched off too (no sign-in, their API keys act for nobody). The last
    administrator cannot be deactivated. Returns whether the account was switched off."""
    with transaction.atomic():
        m = Membership.objects.select_for_update(of=("self",)).select_related("user").get(pk=m.pk)
        admins = Membership.objects.filter(org_id=m.org_id, role=Role.ADMIN.value, user__is_active=True).count()
        if reason := rules.membership_change_refused(m.role, None, admins):
            raise AccountError(reason)
        others = Membership.objects.filter(user_id=m.user_id).exclude(pk=m.pk).exists()
        record(who, "member.deactivate", m, {"user_id": m.user_id, "role": m.role, "account_off": not others})
        m.delete()
        if not others:
            User.objects.filter(pk=m.user_id).update(is_active=False)
    forget_cached_keys()
    return not others
