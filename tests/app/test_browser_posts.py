"""Compose → submit → approve → schedule → publish in headless Chromium against a real
`safepost serve --demo` (the server fixture of test_browser.py), with a channel on the local fake
platform and `safepost worker --once` doing the publishing."""

from __future__ import annotations

import json
import os
import subprocess
import urllib.request

import pytest

from safepost.app.channels.fakeplatform import FakePlatform

from .test_browser import SAFEPOST, browser, page, server, sign_in  # noqa: F401  (fixtures)

TEXT = "Flu shots are available at all our clinics this week. Walk in any time!"


@pytest.fixture(scope="module")
def platform():
    with FakePlatform() as fp:
        yield fp


@pytest.fixture(scope="module")
def channel(server, platform):
    r = server.run("apikey", "create", "--org", "demo", "--name", "browser", "--user", "admin@demo.test")
    assert r.returncode == 0, r.stderr
    token = r.stdout.strip()
    req = urllib.request.Request(server.url + "/api/v1/channels", method="POST", data=json.dumps({
        "platform": "mastodon", "name": "Demo toots",
        "credentials": {"instance": platform.url, "access_token": platform.token}}).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        assert resp.status == 201
        return json.loads(resp.read())


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/login/")


def test_compose_submit_approve_and_publish(page, server, channel, platform):
    sign_in(page, server, "author@demo.test")
    page.wait_for_url("**/o/demo/**")
    page.goto(server.url + "/o/demo/posts/new/")
    page.get_by_label("Text", exact=True).press_sequentially(TEXT, delay=2)
    page.get_by_label("Demo toots · Mastodon").check()
    page.wait_for_selector("#scan-result [data-verdict='ALLOW']")
    page.wait_for_selector(f"#scan-result [data-count='{len(TEXT)}']")       # the per-channel count
    page.get_by_role("button", name="Submit for review").click()
    page.wait_for_selector("[data-state='in_review']")
    post_url = page.url
    assert page.csp_violations == []
    if os.environ.get("SAFEPOST_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["SAFEPOST_SCREENSHOTS"], "post.png"), full_page=True)
    sign_out(page)

    sign_in(page, server, "reviewer@demo.test")
    page.wait_for_url("**/o/demo/**")
    page.goto(server.url + "/o/demo/posts/review/")
    post_id = post_url.rstrip("/").rsplit("/", 1)[1]
    page.get_by_role("link", name=f"#{post_id}", exact=True).click()
    page.get_by_role("button", name="Approve").click()
    page.wait_for_selector("[data-state='approved']")
    page.get_by_role("button", name="Schedule").click()                       # empty time: now
    page.wait_for_selector("[data-state='scheduled']")
    assert page.csp_violations == []

    r = subprocess.run([SAFEPOST, "worker", "--once"], env={**server.env, "SAFEPOST_ALLOW_PRIVATE_HOSTS": "1"},
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert platform.texts() == [TEXT]
    page.reload()
    page.wait_for_selector("[data-state='published']")
    assert page.get_by_role("link", name=platform.statuses[0]["id"]).is_visible()
