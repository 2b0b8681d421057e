"""Training in headless Chromium at phone width against a real `safepost serve --demo` (the
server fixture of test_browser.py): the author sees the demo standing (due soon), reads a
module, answers its quiz, sees the result; no horizontal scrolling, no CSP violations."""

from __future__ import annotations

import re

import pyotp

from safepost.app.training import content

from .test_browser import SAFEPOST, browser, server, sign_in  # noqa: F401  (fixtures)

MOD = "photos-and-video"


def test_an_author_takes_a_module_on_a_phone(browser, server):  # noqa: F811
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    try:
        sign_in(page, server, "author@demo.test")
        page.wait_for_url("**/o/demo/**")
        page.goto(server.url + "/o/demo/training/")
        assert page.locator("[data-standing]").get_attribute("data-standing") == "due_soon"
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.locator(f'tr[data-module="{MOD}"] a.button').click()
        page.wait_for_url(f"**/training/m/{MOD}/")
        assert page.get_by_role("heading", name="Look at the whole picture").is_visible()
        for i, q in enumerate(content.module(MOD).questions, start=1):
            page.get_by_role("group", name=f"{i}. {q.text}").get_by_label(q.choices[q.correct]).check()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.get_by_role("button", name="Submit answers").click()
        page.wait_for_url("**/training/results/*/")
        assert page.locator("[data-result]").get_attribute("data-result") == "passed"
        assert page.get_by_role("link", name="Download the certificate (PDF)").is_visible()
        assert violations == []
    finally:
        context.close()


def test_an_author_practises_five_scenarios_on_a_phone(browser, server):  # noqa: F811
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    try:
        sign_in(page, server, "author@demo.test")
        page.wait_for_url("**/o/demo/**")
        page.goto(server.url + "/o/demo/training/")
        page.get_by_role("link", name="Practice", exact=True).click()
        page.wait_for_url("**/training/practice/")
        scenarios = page.locator("fieldset.practice-scenario")
        assert scenarios.count() == 5
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        for i in range(5):
            scenarios.nth(i).get_by_label("Block: never publish it").check()
        page.get_by_role("button", name="Check my answers").click()
        page.wait_for_url("**/training/practice/answer/")
        assert page.get_by_role("heading", name="Practice:").inner_text().endswith("of 5 right")
        assert page.locator("section.practice-answer").count() == 5
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert violations == []
    finally:
        context.close()


def test_an_admin_downloads_the_pdf_report_and_chooses_the_texas_policy_on_a_phone(browser, server):  # noqa: F811
    """Last in the module: it changes the demo organization's policy."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, accept_downloads=True)
    page = context.new_page()
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    try:
        secret = re.search(r"admin@demo\.test\s+TOTP key: ([A-Z2-7]+)", server.output).group(1)
        sign_in(page, server, "admin@demo.test")
        page.wait_for_url("**/login/code/")
        page.get_by_label("6-digit code").fill(pyotp.TOTP(secret).now())
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/o/demo/**")
        page.goto(server.url + "/o/demo/training/team/")
        with page.expect_download() as download:
            page.get_by_role("link", name="Download PDF for auditors").click()
        assert download.value.suggested_filename == "safepost-training-demo.pdf"
        assert open(download.value.path(), "rb").read(5) == b"%PDF-"
        policy = page.get_by_role("group", name="Training policy")
        policy.get_by_label("Texas (Health & Safety Code 181.101)", exact=False).check()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.get_by_role("button", name="Save").click()
        page.wait_for_url("**/training/team/")
        assert page.get_by_text("Training settings saved").is_visible()
        assert page.get_by_role("group", name="Training policy").get_by_label(
            "Texas (Health & Safety Code 181.101)", exact=False).is_checked()
        page.goto(server.url + "/o/demo/training/")
        assert page.locator("[data-policy]").get_attribute("data-policy") == "texas"
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert violations == []
    finally:
        context.close()
