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
