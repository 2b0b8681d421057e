"""The API object, its error handlers and the v1 operations. Operations are thin: validate
(ninja + ScanSpec), check the permission table, call the engine or a service."""

from __future__ import annotations

from datetime import date

import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import JsonResponse
from django.http.multipartparser import MultiPartParserError
from ninja import NinjaAPI, Router
from ninja.errors import AuthenticationError, HttpError, ValidationError

from safepost.app.accounts.rules import Action
from safepost.app.api.auth import ApiKeyAuth, require
from safepost.app.api.schemas import ErrorDict, ScanReportDict, ScanSpec
from safepost.app.lib.ids import MAX_ID
from safepost.app.web.errors import MISSING_FILE, UNREADABLE_UPLOAD
from safepost.app.web.unavailable import api_unavailable
from safepost.engine import scan as engine_scan

api = NinjaAPI(
    title="SafePost API", version="1",
    description="Check texts for protected health information before they are published. "
                "Authenticate with `Authorization: Bearer <API key>`.",
    urls_namespace="api", docs_url="/docs", openapi_url="/openapi.json", auth=ApiKeyAuth(),
)


@api.exception_handler(AuthenticationError)
def _unauthorized(request, exc):
    resp = JsonResponse({"detail": "Missing or invalid API key. Send `Authorization: Bearer sp_…`."}, status=401)
    resp["WWW-Authenticate"] = 'Bearer realm="safepost"'
    return resp


@api.exception_handler(ValidationError)
def _invalid(request, exc: ValidationError):
    # never echo the submitted values back (pydantic puts them in "input" and "ctx")
    errors = [{"loc": list(e.get("loc", [])), "msg": _message(e), "type": e.get("type", "")} for e in exc.errors]
    return JsonResponse({"detail": errors}, status=422)


def _message(e: dict) -> str:
    if e.get("type") == "missing" and list(e.get("loc", []))[:1] == ["file"]:
        # also what a part whose file name is not UTF-8 becomes: Django's parser drops it
        return MISSING_FILE
    return e.get("msg", "invalid")


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    return JsonResponse({"detail": str(exc.message)}, status=exc.status_code)


@api.exception_handler(RequestDataTooBig)
def _too_big(request, exc):
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return JsonResponse({"detail": f"The request body is larger than {limit} bytes; send less "
                                   f"(a text to scan is at most {settings.SCAN_MAX_CHARS} characters)."}, status=413)


@api.exception_handler(MultiPartParserError)
def _unreadable_upload(request, exc):
    # never str(exc): it may quote the request's headers
    return JsonResponse({"detail": UNREADABLE_UPLOAD}, status=400)


@api.exception_handler(OverflowError)
def _out_of_range(request, exc):
    # an integer beyond 64 bits reaching the database (an id in a body or query); never echoed
    return JsonResponse({"detail": f"A number in the request is out of range: ids are at most {MAX_ID}."},
                        status=422)


api.add_exception_handler(OperationalError, api_unavailable)   # 503 + Retry-After (issue 10)
api.add_exception_handler(InterfaceError, api_unavailable)


@api.exception_handler(Exception)
def _crash(request, exc: Exception):
    logging.getLogger("safepost.api").error("unhandled error in %s", request.path, exc_info=exc)
    return JsonResponse({"detail": "Internal error. It was logged (without the submitted text)."}, status=500)


v1 = Router(tags=["scan"])


@v1.post("/scan", response={200: ScanReportDict, 401: ErrorDict, 403: ErrorDict, 422: ErrorDict},
         summary="Check a text for PHI", operation_id="scan")
def scan(request, spec: ScanSpec):
    """Returns the verdict (ALLOW, NEEDS_AUTHORIZATION, BLOCK, PRIVATE_FOLLOW_UP), the identifier
    spans with offsets, the reason codes with explanations, and a safer version of the text."""
    require(request, Action.SCAN_RUN)
    kind = spec.kind or ("comment" if spec.direction == "inbound" else "post")
    report = engine_scan(spec.text, direction=spec.direction, kind=kind, today=date.today())
    return JsonResponse(report.to_dict())


api.add_router("/v1/", v1)

from safepost.app.consent.api import router as consent_router  # noqa: E402

api.add_router("/v1/", consent_router)

from safepost.app.channels.api import router as channels_router  # noqa: E402
from safepost.app.posts.api import router as posts_router  # noqa: E402

api.add_router("/v1/", posts_router)
api.add_router("/v1/", channels_router)

from safepost.app.inbox.api import router as inbox_router  # noqa: E402

api.add_router("/v1/", inbox_router)

from safepost.app.incidents.api import router as incidents_router  # noqa: E402

api.add_router("/v1/", incidents_router)
from safepost.app.training.api import router as training_router  # noqa: E402

api.add_router("/v1/", training_router)
