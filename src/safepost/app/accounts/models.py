"""Storage for organizations, people, memberships and API keys. Decisions live in rules.py."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import RegexValidator
from django.db import models

from safepost.app.accounts.rules import ROLE_LABELS, Role
from safepost.app.lib.fields import EncryptedTextField

SLUG_PATTERN = r"^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$"


class Organization(models.Model):
    """A tenant: one clinic or health system. Every row of every later app points at one."""

    slug = models.CharField(max_length=40, unique=True, validators=[RegexValidator(SLUG_PATTERN)])
    name = models.CharField(max_length=200)
    created = models.DateTimeField(auto_now_add=True)
    time_zone = models.CharField(max_length=64, blank=True, default="")   # IANA; "" = the service's
    # Every role signs in with a second factor (admin and privacy always do: rules.TOTP_REQUIRED_ROLES)
    mfa_for_everyone = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.slug


class UserManager(BaseUserManager):
    def create_user(self, email: str, password: str | None = None, **extra):
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Signs in with email + password (+ TOTP). Roles are per organization."""

    email = models.EmailField(unique=True)
    name = models.CharField(max_length=200, blank=True)
    is_active = models.BooleanField(default=True)
    created = models.DateTimeField(auto_now_add=True)
    # second factor
    totp_secret = EncryptedTextField(blank=True, default="")
    totp_confirmed_at = models.DateTimeField(null=True, blank=True)
    totp_last_step = models.BigIntegerField(default=0)   # replay guard: last accepted time step
    # lockout
    # IANA name ("America/Chicago"); empty: the service's default (TIME_ZONE). Times are stored
    # in UTC and shown and entered in this zone (web.middleware.TimeZoneMiddleware).
    time_zone = models.CharField(max_length=64, blank=True, default="")

    objects = UserManager()
    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    @property
    def has_totp(self) -> bool:
        return self.totp_confirmed_at is not None

    @property
    def has_passkey(self) -> bool:
        return self.passkeys.exists()

    @property
    def has_second_factor(self) -> bool:
        return self.has_totp or self.has_passkey

    def __str__(self) -> str:
        return self.email


class Membership(models.Model):
    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=[(r.value, ROLE_LABELS[r]) for r in Role])
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org", "user"], name="one_membership_per_org")]
        ordering = ["org__name"]

    @property
    def role_enum(self) -> Role:
        return Role(self.role)


class ApiKey(models.Model):
    """`Authorization: Bearer sp_<prefix>_<secret>`. Only a SHA-256 of the secret is kept
    (the secret is 256 random bits, so a slow hash adds nothing)."""

    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="api_keys")
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.CASCADE, related_name="api_keys")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    created = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"


class Invitation(models.Model):
    """An invitation to join `org` with `role`, sent by e-mail as a one-time link. Only a SHA-256
    of the link's token is kept (256 random bits). Used once; expires (rules.INVITE_DAYS)."""

    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=20, choices=[(r.value, ROLE_LABELS[r]) for r in Role])
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        indexes = [models.Index(fields=["org", "accepted_at", "revoked_at"], name="invite_org_open")]

    @property
    def role_enum(self) -> Role:
        return Role(self.role)


class LoginThrottle(models.Model):
    """Failed sign-ins counted per scope (issue 10; decisions in rules.throttle_*): `pair` =
    (account, source), `account`, `source`. Accounts are keyed by a salted fingerprint of the
    e-mail address, so unknown addresses are counted exactly like known ones; sources by IP."""

    scope = models.CharField(max_length=10, choices=[("pair", "pair"), ("account", "account"),
                                                     ("source", "source")])
    key = models.CharField(max_length=80)
    failures = models.PositiveIntegerField(default=0)
    blocked_until = models.DateTimeField(null=True, blank=True)
    # pair only: this source has signed in to this account (the account-wide count spares it)
    trusted = models.BooleanField(default=False)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "key"], name="one_throttle_per_scope_key")]


class Passkey(models.Model):
    """A WebAuthn credential: a second factor beside TOTP (issue 10; ceremonies in passkeys.py).
    Only public material is kept: the credential id, its COSE public key and signature counter."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="passkeys")
    name = models.CharField(max_length=60)                     # the person's label ("Work laptop")
    credential_id = models.CharField(max_length=1400, unique=True)   # base64url, ≤ 1023 bytes raw
    public_key = models.BinaryField()
    sign_count = models.BigIntegerField(default=0)             # a clone shows as a counter going back
    aaguid = models.CharField(max_length=36, blank=True, default="")   # the authenticator's model
    created = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created", "id"]

    def __str__(self) -> str:
        return self.name
