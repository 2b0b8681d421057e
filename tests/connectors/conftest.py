"""Fixtures for the connector tests.

``atproto_network`` (session-scoped) is the real AT Protocol reference network: PDS + PLC +
Bluesky AppView on loopback (``safepost.connectors.devnet``). It fails, never skips, when the
network cannot start. To reuse it elsewhere (the inbox tests), import it into that folder's
conftest: ``from tests.connectors.conftest import atproto_network`` when ``tests`` is
importable, or build one the same way from ``AtprotoDevNetwork``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from safepost.connectors.devnet import AtprotoDevNetwork

PAYLOADS = Path(__file__).parent / "payloads"


@pytest.fixture(autouse=True)
def _allow_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    # The local PDS and the recorded platforms live on loopback / example hosts.
    monkeypatch.setenv("SAFEPOST_ALLOW_PRIVATE_HOSTS", "1")


@pytest.fixture(scope="session")
def atproto_network() -> Iterator[AtprotoDevNetwork]:
    with AtprotoDevNetwork(appview=True) as net:
        yield net


def payload(name: str) -> Any:
    """A recorded platform payload (tests/connectors/payloads/<name>.json)."""
    return json.loads((PAYLOADS / f"{name}.json").read_text(encoding="utf-8"))


class Recorder:
    """An ``httpx.MockTransport`` that serves recorded payloads by (method, path) and keeps
    every request, so a test can check what the connector sent."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self._routes: list[tuple[str, str, list[Callable[[httpx.Request], httpx.Response]]]] = []
        self.transport = httpx.MockTransport(self._handle)

    def on(
        self,
        method: str,
        path: str,
        *responses: tuple[int, Any] | tuple[int, Any, dict[str, str]] | Callable[[httpx.Request], httpx.Response],
    ) -> Recorder:
        """Answer ``method path`` with the given responses in turn (the last one repeats).
        A response is ``(status, payload name or JSON body[, headers])`` or a callable."""
        handlers = [r if callable(r) else _static(*r) for r in responses]
        self._routes.append((method.upper(), path, handlers))
        return self

    def _handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        for method, path, handlers in self._routes:
            if request.method == method and request.url.path == path:
                handler = handlers.pop(0) if len(handlers) > 1 else handlers[0]
                return handler(request)
        return httpx.Response(599, json={"unexpected": f"{request.method} {request.url.path}"})

    def sent(self, method: str, path: str) -> list[httpx.Request]:
        return [r for r in self.requests if r.method == method and r.url.path == path]


def _static(status: int, body: Any, headers: dict[str, str] | None = None) -> Callable[[httpx.Request], httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        data = payload(body) if isinstance(body, str) else body
        if data is None:
            return httpx.Response(status, headers=headers)
        return httpx.Response(status, json=data, headers=headers)

    return handler


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()
