"""Releasing a blocked inbox reply in headless Chromium against a real `safepost serve --demo`
(the server fixture of test_browser.py): the community manager's reply is blocked and kept; the
privacy officer asks for its release (typed RELEASE, a written reason); a second privacy officer,
enrolled on first sign-in, confirms it; the reply is recorded for posting (the demo reviews have
no API) and an incident is open. No CSP violations."""

from __future__ import annotations

import json
import re
import tempfile
import urllib.request

import pyotp

from .test_browser import browser, page, server, sign_in  # noqa: F401  (fixtures)

BLOCKED = "Emma, we are sorry her asthma visit and the inhaler refill took so long."
REASON = "The parent asked us in writing to answer publicly; approved by the privacy office."


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/login/")


def phi_review_id(server) -> int:
    r = server.run("apikey", "create", "--org", "demo", "--name", "release test", "--user", "community@demo.test")
    assert r.returncode == 0, r.stderr
    req = urllib.request.Request(server.url + "/api/v1/inbox?channel=yelp",
                                 headers={"Authorization": f"Bearer {r.stdout.strip()}"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        items = json.loads(resp.read())
    return next(i["id"] for i in items if i["verdict"] != "ALLOW" and not i["escalated"])


def release(page, item_url: str, button: str) -> None:
    page.goto(item_url)
    form = page.locator("form.release-form")
    form.get_by_label("Written reason for releasing the blocked reply").fill(REASON)
    form.get_by_label("Type RELEASE to confirm").fill("RELEASE")
    form.get_by_role("button", name=button).click()
    page.wait_for_selector("ul.messages")


def test_two_privacy_officers_release_a_blocked_reply(page, server):
    item_url = f"{server.url}/o/demo/inbox/{phi_review_id(server)}/"
    sign_in(page, server, "community@demo.test")
    page.wait_for_url("**/o/demo/**")
    page.goto(item_url)
    page.fill("#id_text", BLOCKED)
    page.get_by_role("button", name="Send reply").click()
    page.wait_for_selector("li[data-state='blocked']")
    assert page.locator("form.release-form").count() == 0          # not the community manager's to release
    sign_out(page)

    secret = re.search(r"privacy@demo\.test\s+TOTP key: ([A-Z2-7]+)", server.output).group(1)
    sign_in(page, server, "privacy@demo.test")
    page.wait_for_url("**/login/code/")
    page.get_by_label("6-digit code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/o/demo/")
    release(page, item_url, "Release this reply")
    assert "a second privacy officer must confirm it" in page.inner_text("ul.messages")
    assert page.get_by_text("Release requested", exact=True).is_visible()
    assert page.csp_violations == []
    sign_out(page)

    pw = tempfile.NamedTemporaryFile("w", delete=False)
    pw.write("a second officer's long passphrase\n")
    pw.close()
    r = server.run("createuser", "--org", "demo", "--email", "privacy2@demo.test", "--role", "privacy",
                   "--password-file", pw.name)
    assert r.returncode == 0, r.stderr
    sign_in(page, server, "privacy2@demo.test", "a second officer's long passphrase")
    page.wait_for_url("**/login/setup-2fa/")
    page.get_by_label("6-digit code").fill(pyotp.TOTP(page.inner_text("#totp-secret").strip()).now())
    page.get_by_role("button", name="Turn on and sign in").click()
    page.wait_for_url("**/o/demo/")
    release(page, item_url, "Confirm the release")
    assert "an incident is open" in page.inner_text("ul.messages")
    page.wait_for_selector("li[data-state='manual']")
    assert page.get_by_text(REASON).first.is_visible()            # the reason, for the privacy role
    page.goto(server.url + "/o/demo/incidents/")
    assert page.get_by_text("blocked reply released").first.is_visible()
    assert page.csp_violations == []
