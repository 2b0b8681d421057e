"""Orchestration for accounts: each function runs in a transaction and writes the audit log."""

from __future__ import annotations

import enum
import functools
import hashlib
import hmac
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

import pyotp
from django.conf import settings
from django.contrib.auth import hashers, password_validation
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from safepost.app.accounts import rules, throttle
from safepost.app.accounts.models import ApiKey, Membership, Organization, User
from safepost.app.accounts.rules import Role
from safepost.app.audit.services import Who, record


class AccountError(ValueError):
    """A request the accounts service refuses; the message is safe to show the operator."""


# -- organizations and people -----------------------------------------------------------------
def create_org(who: Who | None, slug: str, name: str) -> Organization:
    org = Organization(slug=slug, name=name or slug)
    try:
        org.full_clean()
    except ValidationError as e:
        raise AccountError("; ".join(f"{k}: {' '.join(v)}" for k, v in e.message_dict.items())) from None
    with transaction.atomic():
        org.save()
        record(Who(org=org, actor_id=who.actor_id if who else None,
                   actor=who.actor if who else "system", ip=who.ip if who else None),
               "org.create", org, {"slug": slug})
    return org


def validate_new_password(password: str, email: str = "", name: str = "") -> None:
    """Raise AccountError with every policy problem, in plain words (length, common, numeric,
    guessable by zxcvbn or holding the e-mail name: accounts.passwords)."""
    try:
        password_validation.validate_password(password, User(email=email, name=name))
    except ValidationError as e:
        raise AccountError(" ".join(e.messages)) from None


def add_member(who: Who, org: Organization, email: str, role: Role | str, password: str | None = None,
               name: str = "") -> Membership:
    """Create the person when new (with `password`, checked against the policy) and give them
    `role` in `org`; an existing member's role is changed."""
    try:
        role = Role(role)
    except ValueError:
        raise AccountError(f"unknown role {role!r}; choose one of: {', '.join(r.value for r in Role)}") from None
    email = User.objects.normalize_email(email).strip().lower()
    try:
        User(email=email).clean_fields(exclude=["password"])
    except ValidationError:
        raise AccountError(f"{email!r} is not a valid email address") from None
    with transaction.atomic():
        user = User.objects.filter(email=email).first()
        if user is None:
            if not password:
                raise AccountError("a new person needs a password")
            validate_new_password(password, email, name)
            user = User.objects.create_user(email=email, password=password, name=name)
            record(who, "user.create", user)
        m, created = Membership.objects.get_or_create(org=org, user=user, defaults={"role": role.value})
        if created:
            record(who, "member.add", m, {"user_id": user.pk, "role": role.value})
        elif m.role != role.value:
            old, m.role = m.role, role.value
            m.save(update_fields=["role"])
            record(who, "member.role_change", m, {"user_id": user.pk, "from_role": old, "to_role": role.value})
    return m


def change_membership(who: Who, m: Membership, new_role: Role | str | None) -> None:
    """Change `m`'s role, or remove the person from the organization when new_role is None."""
    if new_role is not None:
        try:
            new_role = Role(new_role)
        except ValueError:
            raise AccountError(f"unknown role {new_role!r}") from None
    with transaction.atomic():
        m = Membership.objects.select_for_update().get(pk=m.pk)
        admins = Membership.objects.filter(org_id=m.org_id, role=Role.ADMIN.value).count()
        if reason := rules.membership_change_refused(m.role, new_role, admins):
            raise AccountError(reason)
        if new_role is None:
            record(who, "member.remove", m, {"user_id": m.user_id, "role": m.role})
            m.delete()
        elif m.role != new_role.value:
            record(who, "member.role_change", m, {"user_id": m.user_id, "from_role": m.role, "to_role": new_role.value})
            m.role = new_role.value
            m.save(update_fields=["role"])
    forget_cached_keys()   # keys bound to this person now act with the new role (or for nobody)


def roles_of(user: User) -> set[Role]:
    return {Role(r) for r in user.memberships.values_list("role", flat=True)}


def membership(user: User, org_slug: str) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.select_related("org").filter(user=user, org__slug=org_slug).first()


def memberships(user: User) -> list[Membership]:
    return list(Membership.objects.select_related("org").filter(user=user).order_by("org__name"))


# -- sign-in ----------------------------------------------------------------------------------
class SignIn(enum.Enum):
    OK = "ok"                     # password right, no second factor needed: signed in
    NEED_SECOND_FACTOR = "need_totp"   # password right; ask for the code or the passkey
    NEED_ENROLL = "need_enroll"   # password right; a second factor is required and none is set up
    REFUSED = "refused"           # wrong email/password, or locked


@dataclass(frozen=True)
class SignInResult:
    outcome: SignIn
    user: User | None = None


def whos_for(user: User, ip: str | None):
    """A sign-in event is audited in every organization the person belongs to."""
    orgs = [m.org for m in Membership.objects.select_related("org").filter(user=user)]
    return [Who.user(user, org, ip) for org in orgs] or [Who.user(user, None, ip)]


def record_all(whos, action, obj=None, meta=None):
    for w in whos:
        record(w, action, obj, meta)


def _fail(user: User, ip: str | None, reason: str) -> None:
    """A failed password or code of a known person: counted in every throttle scope, audited."""
    started = throttle.record_failure(throttle.keys(_email_fp(user.email), ip), timezone.now())
    whos = whos_for(user, ip)
    record_all(whos, "auth.login_failed", user, {"reason": reason})
    for scope in started:
        record_all(whos, "auth.locked", user, {"scope": scope})


@functools.lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return make_password(secrets.token_urlsafe(16))


def _password_matches(user: User | None, password: str) -> bool:
    """Always runs the password hasher once (a real hash or a dummy one), so an unknown address,
    a held-back account and a wrong password take the same time (issue 10: no timing oracle)."""
    if user is None:
        hashers.check_password(password, _dummy_hash())
        return False
    return user.check_password(password)


def check_password(email: str, password: str, ip: str | None) -> SignInResult:
    """First step of sign-in. Throttled per account, per source and per pair (throttle.py);
    never says which part failed, and every refusal costs one password hash."""
    email = (email or "").strip().lower()
    keys = throttle.keys(_email_fp(email), ip)
    with transaction.atomic():
        user = User.objects.select_for_update().filter(email=email, is_active=True).first()
        held_by = throttle.blocked_scope(keys, timezone.now())
        matches = _password_matches(user, password)
        if user is None:
            if held_by is None:
                throttle.record_failure(keys, timezone.now())
            record(Who.anonymous(ip=ip), "auth.login_failed",
                   meta={"reason": "throttled" if held_by else "unknown_email", "email_fp": keys.account})
            return SignInResult(SignIn.REFUSED)
        if held_by is not None:
            record_all(whos_for(user, ip), "auth.login_failed", user,
                        {"reason": "throttled", "scope": held_by})
            return SignInResult(SignIn.REFUSED)
        if not matches:
            _fail(user, ip, "bad_password")
            return SignInResult(SignIn.REFUSED)
    if user.has_second_factor:
        return SignInResult(SignIn.NEED_SECOND_FACTOR, user)
    if second_factor_required(user):
        return SignInResult(SignIn.NEED_ENROLL, user)
    login_succeeded(user, ip, factor="password")
    return SignInResult(SignIn.OK, user)


def _email_fp(email: str) -> str:
    from safepost.app.audit.services import fingerprint
    return fingerprint(email)


def login_succeeded(user: User, ip: str | None, factor: str) -> None:
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(last_login=timezone.now())
        throttle.record_success(throttle.keys(_email_fp(user.email), ip))
        record_all(whos_for(user, ip), "auth.login", user, {"factor": factor})


def _totp(secret: str) -> pyotp.TOTP:
    return pyotp.TOTP(secret, issuer="SafePost")


def second_factor_required(user: User) -> bool:
    """Must this person sign in with a second factor (TOTP or a passkey)? Their roles and their
    organizations' policies decide (rules.second_factor_required)."""
    return rules.second_factor_required(list(user.memberships.values_list("role", "org__mfa_for_everyone")))


def second_step(user_id: int, ip: str | None, factor: str, verify: Callable[[User], bool]) -> SignInResult:
    """The second step of sign-in, for any factor: `verify(user)` runs with the person's row
    locked (so a code or a passkey counter is used once) and behind the same throttle as the
    password; a failure is counted and audited as `bad_<factor>`."""
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=user_id, is_active=True).first()
        if user is None:
            return SignInResult(SignIn.REFUSED)
        held_by = throttle.blocked_scope(throttle.keys(_email_fp(user.email), ip), timezone.now())
        if held_by is not None:
            record_all(whos_for(user, ip), "auth.login_failed", user,
                        {"reason": "throttled", "scope": held_by})
            return SignInResult(SignIn.REFUSED)
        if not verify(user):
            _fail(user, ip, f"bad_{factor}")
            return SignInResult(SignIn.REFUSED)
    login_succeeded(user, ip, factor=factor)
    return SignInResult(SignIn.OK, user)


def check_totp(user_id: int, code: str, ip: str | None) -> SignInResult:
    """Second step: a 6-digit code from the person's authenticator (±1 step, no replay)."""

    def verify(user: User) -> bool:
        step = _matching_step(user.totp_secret, code, user.totp_last_step) if user.has_totp else None
        if step is None:
            return False
        User.objects.filter(pk=user.pk).update(totp_last_step=step)
        return True

    return second_step(user_id, ip, "totp", verify)


def _matching_step(secret: str, code: str, last_step: int) -> int | None:
    code = (code or "").replace(" ", "")
    if not (len(code) == 6 and code.isascii() and code.isdigit()):
        return None
    totp = _totp(secret)
    now_step = int(timezone.now().timestamp()) // totp.interval
    for step in (now_step - 1, now_step, now_step + 1):
        if step > last_step and hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def new_totp_secret() -> str:
    return pyotp.random_base32()


def totp_uri(user: User, secret: str) -> str:
    return _totp(secret).provisioning_uri(name=user.email, issuer_name="SafePost")


def confirm_totp(user_id: int, secret: str, code: str, ip: str | None) -> bool:
    """Enrol a second factor: keep `secret` once the person proves their app shows its codes."""
    step = _matching_step(secret, code, 0)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user_id)
        if step is None:
            _fail(user, ip, "bad_totp_enroll")
            return False
        user.totp_secret = secret
        user.totp_confirmed_at = timezone.now()
        user.totp_last_step = step
        user.save(update_fields=["totp_secret", "totp_confirmed_at", "totp_last_step"])
        record_all(whos_for(user, ip), "auth.totp_enrolled", user)
    return True


# -- API keys ---------------------------------------------------------------------------------
KEY_PREFIX = "sp"


def _hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("ascii")).hexdigest()


def create_api_key(who: Who, org: Organization, name: str, user: User | None = None) -> tuple[ApiKey, str]:
    """Returns the stored key and the full token, which is shown once and never stored."""
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise AccountError("an API key needs a name of 1 to 100 characters")
    if user is not None and not Membership.objects.filter(org=org, user=user).exists():
        raise AccountError(f"{user.email} is not a member of {org.slug}")
    prefix, secret = secrets.token_hex(6), secrets.token_urlsafe(32)
    with transaction.atomic():
        key = ApiKey.objects.create(org=org, user=user, name=name, prefix=prefix,
                                    secret_hash=_hash_secret(secret))
        record(who, "apikey.create", key, {"prefix": prefix, "bound_to_user": user.pk if user else None})
    return key, f"{KEY_PREFIX}_{prefix}_{secret}"


def revoke_api_key(who: Who, key: ApiKey) -> None:
    with transaction.atomic():
        ApiKey.objects.filter(pk=key.pk, revoked_at=None).update(revoked_at=timezone.now())
        record(who, "apikey.revoke", key, {"prefix": key.prefix})
    forget_cached_keys()


@dataclass(frozen=True)
class KeyPrincipal:
    """What an API request may do: the key's org, and the member's role when bound to one."""

    key: ApiKey
    role: Role | None

    def can(self, action: rules.Action) -> bool:
        if self.key.user_id is None:
            return rules.can_service_key(action)
        return rules.can(self.role, action)


# Verified keys are remembered for APIKEY_CACHE_SECONDS (default 5) per process, so a busy
# pipeline costs no query per request. Revoking a key, or removing its member, therefore takes
# effect within that many seconds in other processes (at once in the one that revoked it).
_KEY_CACHE: dict[str, tuple[float, KeyPrincipal]] = {}
_KEY_CACHE_MAX = 10_000


def forget_cached_keys() -> None:
    _KEY_CACHE.clear()


def authenticate_api_key(token: str) -> KeyPrincipal | None:
    if not (token or "").isascii():     # keys are ASCII; anything else is no key (401, not 500)
        return None
    digest = _hash_secret(token or "")
    hit = _KEY_CACHE.get(digest)
    if hit is not None and hit[0] > time.monotonic():
        return hit[1]
    principal = _authenticate_api_key(token)
    ttl = settings.APIKEY_CACHE_SECONDS
    if principal is not None and ttl > 0:
        if len(_KEY_CACHE) >= _KEY_CACHE_MAX:
            _KEY_CACHE.clear()
        _KEY_CACHE[digest] = (time.monotonic() + ttl, principal)
    return principal


def _authenticate_api_key(token: str) -> KeyPrincipal | None:
    parts = (token or "").split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_PREFIX:
        return None
    member_role = Membership.objects.filter(org_id=OuterRef("org_id"), user_id=OuterRef("user_id")).values("role")[:1]
    key = (ApiKey.objects.select_related("org", "user").annotate(member_role=Subquery(member_role))
           .filter(prefix=parts[1], revoked_at=None).first())          # one query per request
    if key is None or not hmac.compare_digest(key.secret_hash, _hash_secret(parts[2])):
        return None
    role = None
    if key.user_id is not None:
        if not key.user.is_active or key.member_role is None:
            return None  # the person left the organization (or was deactivated): the key acts for nobody
        role = Role(key.member_role)
    now = timezone.now()
    if key.last_used_at is None or (now - key.last_used_at).total_seconds() > 60:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
    return KeyPrincipal(key, role)


# -- profile ----------------------------------------------------------------------------------
def set_org_time_zone(who: Who, org: Organization, time_zone: str) -> None:
    """The organization's time zone: the default for members who have not chosen their own."""
    from safepost.app.web.timezones import valid

    if not valid(time_zone):
        raise AccountError("Choose a time zone from the list, like America/Chicago.")
    with transaction.atomic():
        if time_zone != org.time_zone:
            Organization.objects.filter(pk=org.pk).update(time_zone=time_zone)
            record(who, "org.time_zone", org, {"time_zone": time_zone or None, "was": org.time_zone or None})
        org.time_zone = time_zone


def set_org_mfa_policy(who: Who, org: Organization, everyone: bool) -> None:
    """Whether every role needs a second factor in `org` (admin and privacy always do). People
    without one are sent to set one up at their next request (accounts.middleware)."""
    with transaction.atomic():
        if everyone != org.mfa_for_everyone:
            Organization.objects.filter(pk=org.pk).update(mfa_for_everyone=everyone)
            record(who, "org.mfa_policy", org, {"everyone": everyone, "was": org.mfa_for_everyone})
        org.mfa_for_everyone = everyone


def set_profile(who: Who, user: User, *, name: str, time_zone: str) -> None:
    """A person's own name and time zone (an IANA name, or "" for the service's default)."""
    from safepost.app.web.timezones import valid

    if not valid(time_zone):
        raise AccountError("Choose a time zone from the list, like America/Chicago.")
    name = (name or "").strip()[:200]
    with transaction.atomic():
        changed = {"time_zone": time_zone != user.time_zone, "name": name != user.name}
        User.objects.filter(pk=user.pk).update(name=name, time_zone=time_zone)
        user.name, user.time_zone = name, time_zone
        if any(changed.values()):
            record(who, "user.profile", user, {"time_zone": time_zone or None, "name_changed": changed["name"]})
