"""SafePost's one settings file. Every setting comes from the environment; defaults are safe.

    SAFEPOST_DATA_DIR          ./data: the SQLite database, and the generated secret and keyring
    DATABASE_URL               unset: SQLite in the data dir; postgresql://user@host:5432/name
    SAFEPOST_SECRET_KEY[_FILE] the Django secret (default: <data dir>/secret_key, generated)
    SAFEPOST_KEYS_FILE         the AES-GCM keyring (default: <data dir>/keys.json, generated)
    SAFEPOST_DB_LOCK_SECONDS   3: how long SQLite waits for a lock before the request answers 503
    SAFEPOST_DB_CONNECT_SECONDS 3: how long PostgreSQL connecting may take (then 503)
    SAFEPOST_DEBUG             False | True (only "True"/"False" are accepted)
    SAFEPOST_ALLOWED_HOSTS     127.0.0.1,localhost
    SAFEPOST_SECURE_COOKIES    True: cookies only over HTTPS (`serve` on a loopback address
                               without it set turns it off, for the local demo)
    SAFEPOST_HSTS_SECONDS      0 (set it once the site is served over HTTPS only)
    SAFEPOST_IDLE_MINUTES      15: automatic logoff after this much inactivity
    SAFEPOST_LOCKOUT_FAILURES  5 failed sign-ins in a row from one source hold that account back
                               for that source (an account or a source: 4 × as many) ...
    SAFEPOST_LOCKOUT_BASE_SECONDS  ... 30 s, doubling with every further failure ...
    SAFEPOST_LOCKOUT_MINUTES   ... up to 15 minutes
    SAFEPOST_PASSWORD_MIN      12: minimum password length
    SAFEPOST_APIKEY_CACHE_SECONDS  5: how long a process trusts a verified API key (0: never)
    SAFEPOST_SCAN_MAX_CHARS    20000: the longest text the Scan page and API accept
    SAFEPOST_BASE_URL          http://127.0.0.1:8000: where links in e-mails point
    SAFEPOST_SMTP_URL          unset: e-mails are written to <data dir>/outbox as .eml files;
                               smtp://user:password@host:587?starttls=1, smtp+ssl://host:465
    SAFEPOST_MAIL_FROM         safepost@localhost: the sender of notification e-mails
    SAFEPOST_DIGEST_HOUR       7: daily digests go out after this hour (UTC)
    SAFEPOST_AUDIT_KEY_FILE    <data dir>/audit_signing_key.pem: the Ed25519 key that signs audit
                               entries and tree heads (generated 0600 on first use; keep it out
                               of the database's reach, e.g. a secrets store)
    SAFEPOST_AUDIT_SIGN_MINUTES  60: the worker signs a tree head of each grown audit chain
                               this often (`safepost audit sign` signs one now)
    SAFEPOST_AUDIT_WITNESS_DIR unset: also write every signed tree head there as a JSON file
                               (a mount the database administrator cannot write: NFS, WORM share)
    SAFEPOST_PASSKEY_RP_ID     unset: the host name the page was served from (ALLOWED_HOSTS-checked).
                               In production set the site's domain, e.g. safepost.example.org:
                               passkeys are bound to it, and changing it orphans every passkey.
                               Browsers refuse IP addresses; http is allowed only for localhost
    SAFEPOST_PASSKEY_ORIGIN    unset: the page's scheme and host. In production set the exact
                               origin people use, e.g. https://safepost.example.org (a passkey
                               signed on any other origin is refused)
"""

from __future__ import annotations

import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from safepost.app.lib import datadir


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value not in ("True", "False"):
        raise ImproperlyConfigured(f"{name} must be True or False, not {value!r}")
    return value == "True"


def envint(name: str, default: int, minimum: int = 0) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        n = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None
    if n < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {n}")
    return n


def envsecret(name: str) -> str | None:
    if path := os.environ.get(name + "_FILE"):
        with open(path, encoding="utf-8") as f:
            return f.read().strip()
    return os.environ.get(name) or None


DATA_DIR = datadir.data_dir()
DEBUG = envbool("SAFEPOST_DEBUG", False)
SECRET_KEY = envsecret("SAFEPOST_SECRET_KEY") or datadir.read_secret_key()
if not SECRET_KEY:
    raise ImproperlyConfigured(
        f"no Django secret: run `safepost migrate` or `safepost serve` once to generate "
        f"{datadir.secret_key_path()}, or set SAFEPOST_SECRET_KEY / SAFEPOST_SECRET_KEY_FILE")
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("SAFEPOST_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",
    "safepost.app.accounts",
    "safepost.app.audit",
    "safepost.app.web",
    "safepost.app.api",
    "safepost.app.consent",
    "safepost.app.channels",
    "safepost.app.posts",
    "safepost.app.inbox",
    "safepost.app.notify",
    "safepost.app.incidents",
    "safepost.app.training",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "safepost.app.web.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "safepost.app.accounts.middleware.IdleLogoutMiddleware",
    "safepost.app.accounts.middleware.SecondFactorRequiredMiddleware",   # MFA policy (issue 10)
    "safepost.app.web.middleware.TimeZoneMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "safepost.app.web.unavailable.DatabaseUnavailableMiddleware",   # 503 + Retry-After (issue 10)
]

ROOT_URLCONF = "safepost.app.urls"
WSGI_APPLICATION = "safepost.app.wsgi.application"
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "DIRS": [],
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
        "safepost.app.web.context.shell",
    ]},
}]

# -- database ---------------------------------------------------------------------------------
if os.environ.get("DATABASE_URL"):
    try:
        DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60,
                                                      conn_health_checks=True)}
    except ValueError as e:
        raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {e}") from None
    if DATABASES["default"]["ENGINE"] not in ("django.db.backends.postgresql", "django.db.backends.sqlite3"):
        raise ImproperlyConfigured("DATABASE_URL must be postgresql://… or sqlite:///…")
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3",
                             "NAME": str(DATA_DIR / datadir.SQLITE_FILE_NAME)}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":   # unreachable: 503 within 5 s
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", envint("SAFEPOST_DB_CONNECT_SECONDS", 3, minimum=1))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # one writer at a time, taken at BEGIN: the audit chain and the job queue rely on it
    DATABASES["default"]["CONN_MAX_AGE"] = None     # one connection per thread, kept: no PRAGMAs per request
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE", "timeout": envint("SAFEPOST_DB_LOCK_SECONDS", 3, minimum=1),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    datadir.private_sqlite(str(DATABASES["default"]["NAME"]))   # 0600, its directory 0700 (issue 10)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# -- authentication -----------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
PASSWORD_MIN_LENGTH = envint("SAFEPOST_PASSWORD_MIN", 12, minimum=8)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "safepost.app.accounts.passwords.StrengthValidator"},   # zxcvbn (issue 10)
]
IDLE_MINUTES = envint("SAFEPOST_IDLE_MINUTES", 15, minimum=1)
LOCKOUT_FAILURES = envint("SAFEPOST_LOCKOUT_FAILURES", 5, minimum=1)
LOCKOUT_MINUTES = envint("SAFEPOST_LOCKOUT_MINUTES", 15, minimum=1)
LOCKOUT_BASE_SECONDS = envint("SAFEPOST_LOCKOUT_BASE_SECONDS", 30, minimum=1)

# -- sessions, cookies, headers ---------------------------------------------------------------
SECURE_COOKIES = envbool("SAFEPOST_SECURE_COOKIES", True)
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = 12 * 3600          # absolute cap; idle logoff is IdleLogoutMiddleware
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_NAME = "safepost_session"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "safepost.app.web.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_HSTS_SECONDS = envint("SAFEPOST_HSTS_SECONDS", 0)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if envbool("SAFEPOST_BEHIND_PROXY", False) else None
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                           "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
                           "frame-ancestors 'none'; form-action 'self'")

# -- static files, i18n -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = os.environ.get("SAFEPOST_STATIC_ROOT") or None  # only for `collectstatic` behind a CDN/proxy
STORAGES = {"staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
WHITENOISE_USE_FINDERS = True           # serve straight from the package: no collectstatic step
WHITENOISE_AUTOREFRESH = DEBUG
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

# -- API --------------------------------------------------------------------------------------
APIKEY_CACHE_SECONDS = envint("SAFEPOST_APIKEY_CACHE_SECONDS", 5)  # revocation reaches other processes within this
SCAN_MAX_CHARS = envint("SAFEPOST_SCAN_MAX_CHARS", 20_000, minimum=280)
NINJA_PAGINATION_PER_PAGE = 50

# -- logging: stdout only, never request bodies -------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"phi_safe": {"()": "safepost.app.lib.logsafe.PhiSafeFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["phi_safe"]}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"django": {"handlers": ["console"], "level": "WARNING", "propagate": False},
                "gunicorn.error": {"handlers": ["console"], "level": "WARNING", "propagate": False}},
}


# -- e-mail (notifications) --------------------------------------------------------------------
SAFEPOST_BASE_URL = os.environ.get("SAFEPOST_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
DEFAULT_FROM_EMAIL = os.environ.get("SAFEPOST_MAIL_FROM", "safepost@localhost")
SAFEPOST_DIGEST_HOUR = envint("SAFEPOST_DIGEST_HOUR", 7)
if SAFEPOST_DIGEST_HOUR > 23:
    raise ImproperlyConfigured(f"SAFEPOST_DIGEST_HOUR must be 0-23, not {SAFEPOST_DIGEST_HOUR}")
EMAIL_TIMEOUT = 20


def _smtp(url: str) -> dict:
    from urllib.parse import parse_qs, unquote, urlsplit

    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtp+ssl") or not parts.hostname:
        raise ImproperlyConfigured("SAFEPOST_SMTP_URL must look like smtp://user:password@host:587"
                                   "?starttls=1 or smtp+ssl://host:465")
    query = parse_qs(parts.query)
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname, "EMAIL_PORT": parts.port or (465 if parts.scheme == "smtp+ssl" else 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""), "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_SSL": parts.scheme == "smtp+ssl", "EMAIL_USE_TLS": query.get("starttls") == ["1"],
    }


if smtp_url := envsecret("SAFEPOST_SMTP_URL"):
    globals().update(_smtp(smtp_url))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(DATA_DIR / "outbox")

# -- audit log signing (safepost.app.audit.signing) ---------------------------------------------
AUDIT_KEY_FILE = os.environ.get("SAFEPOST_AUDIT_KEY_FILE") or str(DATA_DIR / "audit_signing_key.pem")
AUDIT_SIGN_MINUTES = envint("SAFEPOST_AUDIT_SIGN_MINUTES", 60, minimum=1)
AUDIT_WITNESS_DIR = os.environ.get("SAFEPOST_AUDIT_WITNESS_DIR") or None


# -- passkeys (WebAuthn; safepost.app.accounts.passkeys) ------------------------------------------
PASSKEY_RP_ID = os.environ.get("SAFEPOST_PASSKEY_RP_ID", "").strip().lower() or None
PASSKEY_ORIGIN = os.environ.get("SAFEPOST_PASSKEY_ORIGIN", "").strip().rstrip("/") or None
if PASSKEY_ORIGIN and not PASSKEY_ORIGIN.startswith(("https://", "http://localhost")):
    raise ImproperlyConfigured(f"SAFEPOST_PASSKEY_ORIGIN must be https://… (or http://localhost…), "
                               f"not {PASSKEY_ORIGIN!r}")
