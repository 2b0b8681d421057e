"""A reviewer marks the engine's verdict as a false alarm in headless Chromium, against a real
`safepost serve --demo` (the server fixture of test_browser.py); then `safepost engine retrain`
says there are too few marks."""

from __future__ import annotations

import json
import urllib.request

from .test_browser import browser, page, server, sign_in  # noqa: F401  (fixtures)

FLAGGED = "Meet Maria Lopez, who ran her first 5K six months after her knee replacement at Acme Clinic."


def create_post(server, text: str) -> int:
    r = server.run("apikey", "create", "--org", "demo", "--name", "marks", "--user", "author@demo.test")
    assert r.returncode == 0, r.stderr
    req = urllib.request.Request(server.url + "/api/v1/posts", method="POST",
                                 data=json.dumps({"text": text, "channels": [], "publish_at": None}).encode(),
                                 headers={"Authorization": f"Bearer {r.stdout.strip()}",
                                          "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        body = json.loads(resp.read())
    assert body["verdict"] != "ALLOW"
    return body["id"]


def test_a_reviewer_marks_a_false_alarm(page, server):
    post_id = create_post(server, FLAGGED)
    sign_in(page, server, "reviewer@demo.test")
    page.wait_for_url("**/o/demo/**")
    page.goto(f"{server.url}/o/demo/posts/{post_id}/")
    page.get_by_label("Note (optional, no patient details)").fill("She is our own physiotherapist.")
    page.get_by_role("button", name="Mark as a false alarm (no PHI)").click()
    page.wait_for_selector("text=your mark is kept")
    assert page.get_by_text("You have marked this version.").is_visible()
    assert page.locator("[data-mark='false_alarm']").count() == 1
    assert page.csp_violations == []
    r = server.run("engine", "retrain", "--org", "demo")
    assert r.returncode == 1 and "not retrained: 1 mark (1 false alarm, 0 missed PHI)" in r.stderr
