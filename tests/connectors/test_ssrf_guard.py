"""The SSRF guard: configured hosts that are or resolve to non-public addresses are refused
unless SAFEPOST_ALLOW_PRIVATE_HOSTS=1."""

from __future__ import annotations

import ipaddress
import socket
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import httpx
import pytest

from safepost.connectors import BlueskyConnector, ConnectorError, MastodonConnector, check_url
from safepost.connectors.net import guarded_transport, is_public_address


def resolver(*addresses: str):
    def resolve(host, port, type=0):  # noqa: A002 - getaddrinfo's signature
        return [(socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port)) for a in addresses]

    return resolve


@pytest.fixture
def strict(monkeypatch):
    monkeypatch.delenv("SAFEPOST_ALLOW_PRIVATE_HOSTS", raising=False)


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "10.1.2.3", "172.16.0.5", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0",
     "::1", "fe80::1", "fc00::1", "::ffff:127.0.0.1", "224.0.0.1", "198.18.0.1"],
)
def test_it_refuses_hosts_that_resolve_to_non_public_addresses(strict, address):
    with pytest.raises(ConnectorError) as info:
        check_url("https://pds.example.com", resolver=resolver(address))
    assert info.value.permanent and info.value.code == "refused_host"
    assert "SAFEPOST_ALLOW_PRIVATE_HOSTS" in info.value.message


def test_one_private_address_among_public_ones_is_enough_to_refuse(strict):
    with pytest.raises(ConnectorError):
        check_url("https://pds.example.com", resolver=resolver("93.184.215.14", "10.0.0.8"))


def test_it_accepts_public_https_hosts(strict):
    assert check_url("https://bsky.social/", resolver=resolver("93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c")) == "https://bsky.social"


@pytest.mark.parametrize(
    "url, why",
    [
        ("http://bsky.social", "https"),
        ("ftp://bsky.social", "https"),
        ("https://user:pw@bsky.social", "user name"),
        ("https://127.0.0.1", "loopback"),
        ("https://[::1]:8080", "loopback"),
        ("https://2130706433", "loopback"),  # 127.0.0.1 as one integer
    ],
)
def test_it_refuses_unsafe_urls(strict, url, why):
    with pytest.raises(ConnectorError) as info:
        check_url(url, resolver=resolver("93.184.215.14") if "2130706433" not in url else socket.getaddrinfo)
    assert why in info.value.message


def test_connectors_refuse_private_instances_at_configuration(strict):
    with pytest.raises(ConnectorError):
        MastodonConnector("https://localhost", "token")
    with pytest.raises(ConnectorError):
        BlueskyConnector("https://169.254.169.254", "alice.test", "pw")


def test_local_development_may_allow_private_hosts(monkeypatch):
    monkeypatch.setenv("SAFEPOST_ALLOW_PRIVATE_HOSTS", "1")
    assert check_url("http://localhost:2583") == "http://localhost:2583"


def test_is_public_address():
    assert is_public_address(ipaddress.ip_address("8.8.8.8"))
    assert not is_public_address(ipaddress.ip_address("::ffff:10.0.0.1"))
    assert not is_public_address(ipaddress.ip_address("2002:7f00:1::1"))  # 6to4 of 127.0.0.1


class _Ok(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


@pytest.fixture
def local_server():
    server = HTTPServer(("127.0.0.1", 0), _Ok)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()


def test_the_transport_checks_every_connection(strict, local_server):
    # A host that passed configuration but now resolves to loopback (DNS rebinding).
    with httpx.Client(transport=guarded_transport(resolver=resolver("127.0.0.1"))) as client:
        with pytest.raises(httpx.ConnectError, match="loopback"):
            client.get(f"http://rebinding.example:{local_server}/")


def test_a_connector_reports_a_refused_connection_as_permanent(strict, local_server, monkeypatch):
    monkeypatch.setenv("SAFEPOST_ALLOW_PRIVATE_HOSTS", "1")
    connector = MastodonConnector(f"http://127.0.0.1:{local_server}", "token")
    monkeypatch.delenv("SAFEPOST_ALLOW_PRIVATE_HOSTS")
    with pytest.raises(ConnectorError) as info:
        connector.verify()
    assert info.value.permanent and info.value.code == "refused_host"


def test_the_transport_connects_when_allowed(monkeypatch, local_server):
    monkeypatch.setenv("SAFEPOST_ALLOW_PRIVATE_HOSTS", "1")
    with httpx.Client(transport=guarded_transport()) as client:
        assert client.get(f"http://127.0.0.1:{local_server}/").text == "ok"


# -- every ipaddress rule, and IPv4 inside IPv6 (issue 10) -------------------------------------
NON_PUBLIC_V6 = [
    "64:ff9b::7f00:1",                      # NAT64 (RFC 6052) of 127.0.0.1
    "64:ff9b::a9fe:a9fe",                   # NAT64 of 169.254.169.254
    "64:ff9b::a00:1",                       # NAT64 of 10.0.0.1
    "64:ff9b:1::7f00:1",                    # local-use NAT64 (RFC 8215)
    "::127.0.0.1", "::10.0.0.1", "::8.8.8.8",  # IPv4-compatible (deprecated)
    "::ffff:169.254.169.254", "::ffff:10.0.0.1",  # IPv4-mapped
    "2002:a00:1::1", "2002:a9fe:a9fe::1",   # 6to4 of 10.0.0.1, of 169.254.169.254
    "2001:0:4136:e378:8000:63bf:3fff:fdd2",  # Teredo
    "fec0::1",                              # site-local (deprecated)
    "ff02::1", "ff0e::1",                   # multicast, even global scope
    "::", "::1", "100::1", "2001:db8::1", "fe80::1%eth0",
]


@pytest.mark.parametrize("address", NON_PUBLIC_V6)
def test_it_refuses_ipv6_addresses_that_are_or_carry_non_public_ones(strict, address):
    with pytest.raises(ConnectorError) as info:
        check_url("https://pds.example.com", resolver=resolver(address))
    assert info.value.code == "refused_host"


@pytest.mark.parametrize("literal", ["[64:ff9b::7f00:1]", "[::127.0.0.1]", "[::ffff:7f00:1]", "[2002:7f00:1::]"])
def test_it_refuses_such_addresses_written_in_the_url(strict, literal):
    with pytest.raises(ConnectorError, match="loopback"):
        check_url(f"https://{literal}/")


@pytest.mark.parametrize("address", ["64:ff9b::808:808", "2002:808:808::1", "::ffff:8.8.8.8",
                                     "2606:4700:4700::1111", "8.8.8.8"])
def test_it_accepts_public_addresses_however_written(address):
    assert is_public_address(ipaddress.ip_address(address))


def test_the_transport_refuses_nat64_loopback_on_every_connection(strict):
    with httpx.Client(transport=guarded_transport(resolver=resolver("64:ff9b::7f00:1"))) as client:
        with pytest.raises(Exception, match="loopback"):
            client.get("https://pds.example.com/")


# -- an allow-list of exact hosts instead of switching the guard off (serve --demo) -------------
@pytest.fixture
def allow(monkeypatch, strict):
    def set_(value):
        monkeypatch.setenv("SAFEPOST_PRIVATE_HOSTS_ALLOWED", value)
    return set_


def test_only_the_allowed_host_may_be_private(allow, local_server):
    allow(f"127.0.0.1:{local_server}")
    assert check_url(f"http://127.0.0.1:{local_server}") == f"http://127.0.0.1:{local_server}"
    with httpx.Client(transport=guarded_transport()) as client:
        assert client.get(f"http://127.0.0.1:{local_server}/").text == "ok"
    for url in (f"http://127.0.0.1:{local_server + 1}", f"http://localhost:{local_server}",
                "https://169.254.169.254", "https://[::ffff:127.0.0.1]", "https://10.0.0.1"):
        with pytest.raises(ConnectorError):
            check_url(url)
    with httpx.Client(transport=guarded_transport()) as client:
        with pytest.raises(Exception, match="loopback"):
            client.get(f"http://localhost:{local_server}/")


def test_allowed_hosts_may_name_ipv6_and_names_without_a_port(allow):
    from safepost.connectors.net import allowed_private_host

    allow("localhost, [::1], [::1]:8080 ,demo.internal:443")
    assert allowed_private_host("localhost", 1) and allowed_private_host("[::1]", 9)
    assert allowed_private_host("demo.internal", 443) and not allowed_private_host("demo.internal", 80)
    assert not allowed_private_host("127.0.0.1", 80)
