"""What the Facebook Pages and Instagram connectors share: Meta's Graph API.

Errors (https://developers.facebook.com/docs/graph-api/guides/error-handling) come as
``{"error": {"message", "type", "code", "error_subcode", "is_transient", "fbtrace_id"}}``:

* code 190 (and 102, 463, 467 subcodes): the access token expired or was revoked -> permanent,
  reconnect;
* codes 4, 17, 32, 613 and 80001-80014 (app, user, page and business-use-case rate limits) ->
  transient; the wait comes from ``estimated_time_to_regain_access`` (minutes) in the
  ``X-Business-Use-Case-Usage`` / ``X-Page-Usage`` / ``X-App-Usage`` headers;
* code 506 "Duplicate status message" -> permanent duplicate;
* codes 10 and 200-299: missing permission -> permanent;
* code 100 subcode 33: the object does not exist -> not found;
* ``is_transient: true``, codes 1 and 2, and 5xx -> transient.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, ClassVar

import httpx

from .base import (
    AUTH,
    DUPLICATE,
    FORBIDDEN,
    INVALID,
    NOT_FOUND,
    RATE_LIMITED,
    SERVER_ERROR,
    Connector,
    ConnectorError,
    json_or_empty,
)

GRAPH_VERSION = "v23.0"
RATE_LIMIT_CODES = {4, 17, 32, 613, *range(80001, 80015)}
AUTH_SUBCODES = {458, 459, 460, 463, 464, 467, 492}
DEFAULT_RATE_LIMIT_WAIT = 300.0


class GraphConnector(Connector):
    host: ClassVar[str] = "https://graph.facebook.com"

    def __init__(self, access_token: str, *, version: str = GRAPH_VERSION, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._token = access_token
        self.version = version

    def _graph(
        self,
        method: str,
        path: str,
        *,
        what: str,
        params: Mapping[str, Any] | None = None,
        data: Mapping[str, Any] | None = None,
        files: Any = None,
        scrub: tuple[str, ...] = (),
    ) -> dict[str, Any]:
        response = self._send(
            method,
            f"{self.host}/{self.version}/{path.lstrip('/')}",
            params=params,
            data=data,
            files=files,
            headers={"Authorization": f"Bearer {self._token}"},
            scrub=scrub,
        )
        if response.status_code < 300:
            body = json_or_empty(response)
            return body if isinstance(body, dict) else {}
        raise self._graph_error(response, what, scrub)

    def _graph_error(
        self, response: httpx.Response, what: str, scrub: tuple[str, ...] = ()
    ) -> ConnectorError:
        error = json_or_empty(response).get("error") or {}
        code = int(error.get("code") or 0)
        subcode = int(error.get("error_subcode") or 0)
        detail = f"code {code}" + (f"/{subcode}" if subcode else "")
        if error.get("message"):
            detail += f": {error['message']}"
        if code == 190 or subcode in AUTH_SUBCODES or code == 102:
            return self._error(response, what=what, detail=detail, scrub=scrub, code=AUTH)
        if code in RATE_LIMIT_CODES or self._publishing_limit(code, subcode):
            err = self._error(response, what=what, detail=detail, scrub=scrub, code=RATE_LIMITED)
            err.retry_after = usage_wait(response.headers) or err.retry_after or DEFAULT_RATE_LIMIT_WAIT
            return err
        if code == 506:
            return self._error(response, what=what, detail=detail, scrub=scrub, code=DUPLICATE)
        if code == 100 and subcode == 33:
            return self._error(response, what=what, detail=detail, scrub=scrub, code=NOT_FOUND)
        if code == 10 or 200 <= code <= 299:
            return self._error(response, what=what, detail=detail, scrub=scrub, code=FORBIDDEN)
        if error.get("is_transient") or code in (1, 2) or response.status_code >= 500:
            return self._error(response, what=what, detail=detail, scrub=scrub, code=SERVER_ERROR)
        if response.status_code in (400, 403, 404) and error:
            return self._error(response, what=what, detail=detail, scrub=scrub, code=INVALID)
        return self._error(response, what=what, detail=detail, scrub=scrub)

    def _publishing_limit(self, code: int, subcode: int) -> bool:
        return False


def usage_wait(headers: Mapping[str, str]) -> float | None:
    """Seconds until access is regained, from Meta's usage headers (minutes in the JSON)."""
    minutes = 0.0
    for name in ("x-business-use-case-usage", "x-page-usage", "x-app-usage", "x-ad-account-usage"):
        raw = headers.get(name)
        if not raw:
            continue
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        entries: list[Any] = []
        if isinstance(data, dict) and all(isinstance(v, list) for v in data.values()):
            for value in data.values():
                entries.extend(value)
        else:
            entries.append(data)
        for entry in entries:
            if isinstance(entry, dict):
                try:
                    minutes = max(minutes, float(entry.get("estimated_time_to_regain_access") or 0))
                except (TypeError, ValueError):
                    pass
    return minutes * 60 if minutes else None
