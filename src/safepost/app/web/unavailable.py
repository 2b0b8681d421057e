"""A locked or unreachable database answers 503 with `Retry-After`, quickly, on every page and
API call, and `/healthz` says so (issue 10).

Where the time limit comes from: SQLite waits at most SAFEPOST_DB_LOCK_SECONDS (default 3) for
a lock; PostgreSQL gives up connecting after SAFEPOST_DB_CONNECT_SECONDS (default 3). The probe
of `/healthz` takes the write lock (SQLite: BEGIN IMMEDIATE; PostgreSQL: a transaction with a
statement_timeout) for at most PROBE_SECONDS, so a database readers can use but writers cannot
is reported as locked, not ok.

Three ways an error reaches us: a view raises (DatabaseUnavailableMiddleware), an API operation
raises (`api_unavailable`, registered on the NinjaAPI), or a middleware raises (handler500,
`errors.server_error`, asks `is_unavailable`). The responses never carry the error's text.
"""

from __future__ import annotations

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection, transaction
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string

RETRY_AFTER_SECONDS = 5
PROBE_SECONDS = 2
DOWN = (OperationalError, InterfaceError)
MESSAGE = "The database is busy or unreachable. Nothing was changed; try again in a few seconds."


def is_unavailable(exc: BaseException | None) -> bool:
    return isinstance(exc, DOWN)


def _wants_json(request) -> bool:
    return request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", "")


def response(request) -> HttpResponse:
    """503 + Retry-After, JSON for the API, a page without the database for people."""
    if _wants_json(request):
        resp = JsonResponse({"detail": MESSAGE, "code": "database_unavailable"}, status=503)
    else:
        # rendered without the request: the shell's context processors would query the database
        resp = HttpResponse(render_to_string("web/unavailable.html", {"message": MESSAGE}), status=503)
    resp["Retry-After"] = str(RETRY_AFTER_SECONDS)
    resp["Cache-Control"] = "no-store"
    return resp


def api_unavailable(request, exc):
    return response(request)


def current_exception_unavailable() -> bool:
    """For handler500, which Django calls inside its `except` block."""
    return is_unavailable(sys.exc_info()[1])


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        return response(request) if is_unavailable(exception) else None


def _probe_sqlite() -> None:
    lock_ms = int(settings.DATABASES["default"].get("OPTIONS", {}).get("timeout", 5) * 1000)
    with connection.cursor() as cur:
        cur.execute(f"PRAGMA busy_timeout = {PROBE_SECONDS * 1000}")
    try:
        with transaction.atomic(), connection.cursor() as cur:   # BEGIN IMMEDIATE: the write lock
            cur.execute("SELECT 1")
            cur.fetchone()
    finally:
        try:
            with connection.cursor() as cur:
                cur.execute(f"PRAGMA busy_timeout = {lock_ms}")
        except DOWN:
            connection.close()


def _probe_postgresql() -> None:
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(f"SET LOCAL statement_timeout = '{PROBE_SECONDS}s'")
        cur.execute("SELECT 1")
        cur.fetchone()


def database_state() -> str:
    """"ok", "locked" (SQLite's lock held past PROBE_SECONDS, or a PostgreSQL statement timed
    out) or "unreachable"."""
    try:
        (_probe_sqlite if connection.vendor == "sqlite" else _probe_postgresql)()
    except DOWN as e:
        text = str(e).lower()
        return "locked" if ("locked" in text or "timeout" in text or "busy" in text) else "unreachable"
    return "ok"
