"""Server-side request forgery guard for URLs that users configure (a Bluesky PDS, a Mastodon
instance).

A configured URL whose host resolves to a private, loopback, link-local, shared, reserved or
multicast address is refused, unless ``SAFEPOST_ALLOW_PRIVATE_HOSTS=1`` is in the environment
(tests and local development set it). The check runs twice:

* ``check_url(url)`` when the channel is configured, so the user gets a clear message;
* ``guarded_transport()`` on every connection: the host is resolved once, every address is
  checked, and the socket is opened to the checked address (no second lookup), which also
  covers DNS rebinding and hosts that change after configuration. TLS still verifies the
  certificate against the host name.
"""

from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import Callable, Iterable
from typing import Any

import httpcore
import httpx

from .base import REFUSED_HOST, ConnectorError, RefusedAddress

__all__ = [
    "ALLOW_PRIVATE_HOSTS_ENV",
    "GuardedBackend",
    "check_url",
    "guarded_transport",
    "is_public_address",
    "private_hosts_allowed",
]

ALLOW_PRIVATE_HOSTS_ENV = "SAFEPOST_ALLOW_PRIVATE_HOSTS"

Resolver = Callable[..., list[tuple[Any, ...]]]
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def private_hosts_allowed() -> bool:
    return os.environ.get(ALLOW_PRIVATE_HOSTS_ENV, "").strip().lower() in ("1", "true", "yes")


def is_public_address(ip: IPAddress) -> bool:
    """True for a globally routable unicast address."""
    if isinstance(ip, ipaddress.IPv6Address):
        mapped = ip.ipv4_mapped or ip.sixtofour
        if mapped is not None:
            return is_public_address(mapped)
        if ip.teredo is not None:
            return False
    return ip.is_global and not ip.is_multicast


def resolve(host: str, port: int, resolver: Resolver = socket.getaddrinfo) -> list[IPAddress]:
    """Every address ``host`` resolves to (an IP literal resolves to itself)."""
    literal = host.strip("[]")
    try:
        return [ipaddress.ip_address(literal)]
    except ValueError:
        pass
    infos = resolver(literal, port, type=socket.SOCK_STREAM)
    addresses: list[IPAddress] = []
    for info in infos:
        ip = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if ip not in addresses:
            addresses.append(ip)
    return addresses


def check_url(url: str, *, resolver: Resolver = socket.getaddrinfo) -> str:
    """Validate a configured base URL; returns it without a trailing slash.

    Raises a permanent ``ConnectorError`` (code ``refused_host``) for a URL that is not
    http(s), carries credentials, or whose host is or resolves to a non-public address.
    Plain http is accepted only when private hosts are allowed (local development).
    """
    try:
        parsed = httpx.URL(url.strip())
    except Exception:
        raise ConnectorError("not a valid URL", permanent=True, code=REFUSED_HOST) from None
    allowed = private_hosts_allowed()
    if parsed.scheme not in ("https", "http") or not parsed.host:
        raise ConnectorError(
            "the URL must start with https:// and name a host", permanent=True, code=REFUSED_HOST
        )
    if parsed.scheme == "http" and not allowed:
        raise ConnectorError("the URL must use https://", permanent=True, code=REFUSED_HOST)
    if parsed.userinfo:
        raise ConnectorError(
            "the URL must not contain a user name or password", permanent=True, code=REFUSED_HOST
        )
    if parsed.query or parsed.fragment:
        raise ConnectorError(
            "the URL must not contain a query or fragment", permanent=True, code=REFUSED_HOST
        )
    if not allowed:
        port = parsed.port or (443 if parsed.scheme == "https" else 80)
        try:
            addresses = resolve(parsed.host, port, resolver)
        except (OSError, UnicodeError):
            raise ConnectorError(
                f"cannot resolve {parsed.host}", permanent=True, code=REFUSED_HOST
            ) from None
        _refuse_private(parsed.host, addresses, exc=None)
    return str(parsed).rstrip("/")


def _refuse_private(host: str, addresses: Iterable[IPAddress], exc: type[Exception] | None) -> None:
    addresses = list(addresses)
    bad = [ip for ip in addresses if not is_public_address(ip)]
    if bad or not addresses:
        message = (
            f"{host} resolves to a private, loopback or link-local address ({bad[0] if bad else 'none'}); "
            f"refused (set {ALLOW_PRIVATE_HOSTS_ENV}=1 only for local development)"
        )
        if exc is not None:
            raise exc(message)
        raise ConnectorError(message, permanent=True, code=REFUSED_HOST)


class GuardedBackend(httpcore.NetworkBackend):
    """An httpcore network backend that connects only to public addresses."""

    def __init__(
        self,
        inner: httpcore.NetworkBackend | None = None,
        resolver: Resolver = socket.getaddrinfo,
    ) -> None:
        self._inner = inner or httpcore.SyncBackend()
        self._resolver = resolver

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        if private_hosts_allowed():
            return self._inner.connect_tcp(host, port, timeout, local_address, socket_options)
        try:
            addresses = resolve(host, port, self._resolver)
        except (OSError, UnicodeError) as exc:
            raise httpcore.ConnectError(f"cannot resolve host: {type(exc).__name__}") from None
        _refuse_private(host, addresses, exc=RefusedAddress)
        last: Exception | None = None
        for ip in addresses:
            try:
                return self._inner.connect_tcp(str(ip), port, timeout, local_address, socket_options)
            except httpcore.ConnectError as exc:
                last = exc
        assert last is not None
        raise last

    def connect_unix_socket(self, *args: Any, **kwargs: Any) -> httpcore.NetworkStream:
        raise RefusedAddress("unix sockets are not allowed")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def guarded_transport(resolver: Resolver = socket.getaddrinfo, **kwargs: Any) -> httpx.HTTPTransport:
    """An ``httpx.HTTPTransport`` whose connections go through ``GuardedBackend``."""
    transport = httpx.HTTPTransport(**kwargs)
    pool = transport._pool  # httpx 0.28 (pinned): the httpcore.ConnectionPool
    if not isinstance(pool, httpcore.ConnectionPool):  # a proxy from the environment
        raise ConnectorError(
            "the SSRF guard does not support HTTP proxies", permanent=True, code=REFUSED_HOST
        )
    pool._network_backend = GuardedBackend(pool._network_backend, resolver)
    return transport
