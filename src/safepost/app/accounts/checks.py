"""Configuration problems reported by `safepost check` (Django's system-check framework,
tag "safepost"): `python -m django check --deploy --tag safepost` shows the same."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Warning, register

from safepost.app.lib import datadir


@register("safepost", deploy=True)
def safepost_checks(app_configs=None, **kwargs):
    problems = []
    db = settings.DATABASES["default"]
    on_pg = db["ENGINE"] == "django.db.backends.postgresql"
    data_dir = Path(settings.DATA_DIR)
    if settings.DEBUG:
        problems.append(Error("SAFEPOST_DEBUG is True", hint="Never run with DEBUG on where real data is: "
                              "error pages show settings and request data.", id="safepost.E001"))
    if on_pg and datadir.secret_key_path().resolve().is_relative_to(data_dir) and not _env("SAFEPOST_SECRET_KEY"):
        problems.append(Error("the Django secret lives in the data directory while the data lives in PostgreSQL",
                              hint="Move it to a secrets store and set SAFEPOST_SECRET_KEY_FILE.", id="safepost.E002"))
    if on_pg and datadir.keys_path().resolve().is_relative_to(data_dir):
        problems.append(Error("the encryption keyring lives in the data directory while the data lives in PostgreSQL",
                              hint="Move keys.json to a secrets store and set SAFEPOST_KEYS_FILE.", id="safepost.E003"))
    if not settings.SECURE_COOKIES:
        problems.append(Warning("cookies are sent over plain HTTP (SAFEPOST_SECURE_COOKIES=False)",
                                hint="Serve over HTTPS and leave SAFEPOST_SECURE_COOKIES unset.", id="safepost.W001"))
    if "*" in settings.ALLOWED_HOSTS:
        problems.append(Warning("SAFEPOST_ALLOWED_HOSTS contains '*'", hint="List the site's host names.",
                                id="safepost.W002"))
    if not on_pg:
        problems.append(Warning("the database is SQLite", hint="Fine for one machine; set DATABASE_URL=postgresql://… "
                                "to run several web processes or machines.", id="safepost.W003"))
    try:
        from safepost.app.lib.fields import keyring
        keyring()
    except Exception as e:  # KeyringError, OSError
        problems.append(Error(f"the encryption keyring cannot be loaded: {e}", id="safepost.E004"))
    if on_pg and Path(settings.AUDIT_KEY_FILE).resolve().is_relative_to(data_dir):   # audit signing (trust-log)
        problems.append(Warning("the audit signing key lives in the data directory", id="safepost.W010",
                                hint="Keep it where the database administrator cannot read it; set "
                                     "SAFEPOST_AUDIT_KEY_FILE. Whoever holds it can forge audit entries and heads."))
    if settings.SECURE_COOKIES and not (settings.PASSKEY_RP_ID and settings.PASSKEY_ORIGIN):   # passkeys
        problems.append(Warning("the passkey relying party is taken from each request's host", id="safepost.W011",
                                hint="Set SAFEPOST_PASSKEY_RP_ID (the site's domain) and SAFEPOST_PASSKEY_ORIGIN "
                                     "(https://…) so passkeys are bound to the name people use and no other."))
    return problems


def _env(name: str) -> bool:
    import os
    return bool(os.environ.get(name) or os.environ.get(name + "_FILE"))
