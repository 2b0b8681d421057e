"""Server-side request forgery guard for URLs that users configure (a Bluesky PDS, a Mastodon
instance).

A configured URL whose host resolves to a private, loopback, link-local, shared, reserved,
unspecified, site-local or multicast address is refused, and so is an IPv6 address that carries
such an IPv4 address inside it (IPv4-mapped ::ffff:0:0/96, 6to4 2002::/16, NAT64 64:ff9b::/96)
or that is IPv4-compatible (::/96, deprecated), Teredo (2001::/32) or local-use NAT64
(64:ff9b:1::/48). Two ways round it: ``SAFEPOST_ALLOW_PRIVATE_HOSTS=1`` switches the guard off
(tests and local development only), and ``SAFEPOST_PRIVATE_HOSTS_ALLOWED=h1,h2:port`` lets
exactly those hosts (as written in the URL; a port limits the entry to it) be non-public:
``serve --demo`` sets it to the demo's loopback host instead of switching the guard off. The
check runs twice:

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
    "PRIVATE_HOSTS_ALLOWED_ENV",
    "allowed_private_host",
    "GuardedBackend",
    "check_url",
    "guarded_transport",
    "is_public_address",
    "private_hosts_allowed",
]

ALLOW_PRIVATE_HOSTS_ENV = "SAFEPOST_ALLOW_PRIVATE_HOSTS"
PRIVATE_HOSTS_ALLOWED_ENV = "SAFEPOST_PRIVATE_HOSTS_ALLOWED"
NAT64_WELL_KNOWN = ipaddress.IPv6Network("64:ff9b::/96")        # RFC 6052: the IPv4 in the last 32 bits
NAT64_LOCAL_USE = ipaddress.IPv6Network("64:ff9b:1::/48")       # RFC 8215: embedding varies, refused

Resolver = Callable[..., list[tuple[Any, ...]]]
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def private_hosts_allowed() -> bool:
    return os.environ.get(ALLOW_PRIVATE_HOSTS_ENV, "").strip().lower() in ("1", "true", "yes")


def _host_key(host: str) -> str:
    return host.strip().strip("[]").lower().rstrip(".")


def _allow_entry(entry: str) -> tuple[str, int | None]:
    """`host`, `host:port`, `[v6]` or `[v6]:port` → (host, port or None)."""
    if entry.startswith("["):
        host, _, rest = entry[1:].partition("]")
        port = rest[1:] if rest.startswith(":") else ""
    elif entry.count(":") == 1:
        host, _, port = entry.partition(":")
    else:                               # a name, an IPv4 address or a bare IPv6 address
        host, port = entry, ""
    return _host_key(host), int(port) if port.isdigit() else None


def allowed_private_host(host: str, port: int | None = None) -> bool:
    """Is `host` (as written in the URL) named in SAFEPOST_PRIVATE_HOSTS_ALLOWED (comma-separated
    entries; an entry with a port allows that port only)?"""
    key = _host_key(host)
    for entry in filter(None, (e.strip() for e in os.environ.get(PRIVATE_HOSTS_ALLOWED_ENV, "").split(","))):
        name, entry_port = _allow_entry(entry)
        if name == key and (entry_port is None or entry_port == port):
            return True
    return False


def embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address carries: IPv4-mapped, 6to4, NAT64 (64:ff9b::/96)."""
    found = [a for a in (ip.ipv4_mapped, ip.sixtofour) if a is not None]
    if ip in NAT64_WELL_KNOWN:
        found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return found


def _plainly_public(ip: IPAddress) -> bool:
    if not ip.is_global:
        return False
    if ip.is_multicast or ip.is_link_local or ip.is_loopback or ip.is_private or ip.is_unspecified:
        return False
    if ip.is_reserved:
        return False
    return not (isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local)


def is_public_address(ip: IPAddress) -> bool:
    """True for a globally routable unicast address, checked with every `ipaddress` rule and
    through every IPv4 address an IPv6 one carries."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip in NAT64_LOCAL_USE or ip.teredo is not None:
            return False
        if int(ip) >> 32 == 0:          # ::/96 IPv4-compatible (deprecated), and :: and ::1
            return False
        inner = embedded_ipv4(ip)
        if inner:
            return all(_plainly_public(v4) for v4 in inner)
    return _plainly_public(ip)


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
    if not allowed and allowed_private_host(parsed.host, parsed.port or (443 if parsed.scheme == "https" else 80)):
        allowed = True                  # one host named in SAFEPOST_PRIVATE_HOSTS_ALLOWED (serve --demo)
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
        if private_hosts_allowed() or allowed_private_host(host, port):
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
