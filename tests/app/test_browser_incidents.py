"""The privacy officer's incident pages in headless Chromium against a real `safepost serve --demo`
(the server fixture of test_browser.py): the demo incident in the list with its due date, the
four-factor form completed and decided, the deadlines timeline, the letter downloaded, the count of
people affected corrected, those not reached recorded and the substitute notice downloaded; no CSP violations."""

from __future__ import annotations

import os
import re
from datetime import date, timedelta

import pyotp
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from .test_browser import browser, page, server, sign_in  # noqa: F401  (fixtures)


def test_the_privacy_officer_assesses_the_demo_incident_and_downloads_the_letter(page, server):
    secret = re.search(r"privacy@demo\.test\s+TOTP key: ([A-Z2-7]+)", server.output).group(1)
    sign_in(page, server, "privacy@demo.test")
    page.wait_for_url("**/login/code/")
    page.get_by_label("6-digit code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/o/demo/")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Incidents").click()
    page.wait_for_url("**/o/demo/incidents/")
    due = (date.today() - timedelta(days=12) + timedelta(days=60)).isoformat()
    row = page.get_by_role("row").filter(has_text="Review reply confirmed")
    assert due in row.inner_text() and "48 days left" in row.inner_text()
    row.get_by_role("link").click()
    page.wait_for_url(re.compile(r".*/o/demo/incidents/\d+/$"))
    assert page.locator(".deadline-timeline").get_by_text("Notice to the individuals").is_visible()

    for factor in ("acquired", "mitigation"):
        box = page.locator(f"#factor-{factor}")
        box.get_by_label("High").check()
        box.get_by_label("Evidence").fill("The reply stayed public for two days; screenshots may exist.")
    page.get_by_role("button", name="Save and decide").click()
    try:
        page.wait_for_selector("text=Decision recorded: Breach: notify.")
    except PlaywrightTimeout:
        raise AssertionError(f"no decision message on {page.url}; the page says:\n"
                             f"{page.locator('main').inner_text()[:1500]}\nserver:\n{server.log_tail()}") from None
    assert "Notifying" in page.locator("h1").inner_text()
    if os.environ.get("SAFEPOST_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["SAFEPOST_SCREENSHOTS"], "incident.png"), full_page=True)

    page.get_by_label("Toll-free number").fill("1-800-555-0100")
    with page.expect_download() as got:
        page.get_by_role("button", name="Download the letter (PDF)").click()
    assert got.value.suggested_filename.endswith("-en.pdf")

    # substitute notice (164.404(d)(2)): 40 people affected after all, 12 of them cannot be reached
    page.get_by_label("People affected per State").fill("CA 40")
    page.get_by_role("button", name="Update", exact=True).click()
    page.wait_for_selector("text=Facts updated")
    page.get_by_label("People who cannot be reached").fill("12")
    page.get_by_role("button", name="Record the count").click()
    page.wait_for_selector("text=People who cannot be reached: 12.")
    steps = page.locator(".substitute-steps")
    assert "Toll-free number active for at least 90 days" in steps.inner_text()
    form = page.locator(".public-notice-form")
    form.get_by_label("Toll-free number").fill("1-800-555-0100")
    with page.expect_download() as got:
        form.get_by_role("button", name="Download the substitute notice").click()
    assert got.value.suggested_filename.endswith("-en.txt")
    with open(got.value.path(), encoding="utf-8") as fh:
        assert "call our toll-free number 1-800-555-0100" in fh.read()
    assert page.get_by_role("link", name="Download the HHS report (CSV)").is_visible()
    assert page.csp_violations == []
