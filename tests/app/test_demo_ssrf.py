"""`safepost serve --demo` keeps the SSRF guard on (issue 10): only the demo network's hosts
(this machine's loopback names) may be non-public; cloud metadata, private networks and
loopback written another way are still refused. Runs a real `serve --demo` process."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from safepost.app.channels.fakeplatform import FakePlatform

from .test_browser import server  # noqa: F401  (the real `serve --demo` process)


@pytest.fixture(scope="module")
def token(server):
    r = server.run("apikey", "create", "--org", "demo", "--name", "ssrf", "--user", "admin@demo.test")
    assert r.returncode == 0, r.stderr
    return r.stdout.strip()


def connect_mastodon(server, token, instance: str) -> tuple[int, dict]:
    req = urllib.request.Request(server.url + "/api/v1/channels", method="POST", data=json.dumps({
        "platform": "mastodon", "name": "Probe", "credentials": {"instance": instance, "access_token": "t" * 20}}).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


@pytest.mark.parametrize("instance", [
    "https://169.254.169.254",            # cloud metadata
    "https://10.0.0.1",                   # a private network
    "https://[64:ff9b::7f00:1]",          # loopback through NAT64
    "https://[::127.0.0.1]",              # loopback, IPv4-compatible
    "https://[::ffff:127.0.0.1]",         # loopback, IPv4-mapped
    "https://2130706433",                 # loopback as one integer: not the name the demo allows
])
def test_the_demo_server_still_refuses_non_public_hosts(server, token, instance):
    status, body = connect_mastodon(server, token, instance)
    assert status == 400 and "private, loopback or link-local" in body["detail"], body


def test_the_demo_server_reaches_a_platform_on_its_own_loopback(server, token):
    with FakePlatform() as platform:
        req = urllib.request.Request(server.url + "/api/v1/channels", method="POST", data=json.dumps({
            "platform": "mastodon", "name": "Local toots",
            "credentials": {"instance": platform.url, "access_token": platform.token}}).encode(),
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=30) as resp:
            assert resp.status == 201
