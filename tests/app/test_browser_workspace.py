"""The workspace in a real headless Chromium against a real `safepost serve --demo` (the server
and browser fixtures of test_browser.py): on a 390 px wide phone the home, the post editor and
the inbox do not scroll sideways, and "Use this text" puts the safe rewrite into the editor."""

from __future__ import annotations

import pytest

from .test_browser import browser, server, sign_in  # noqa: F401  (fixtures)

PHONE = {"width": 390, "height": 844}
PAGES = {"home": "/o/demo/", "post editor": "/o/demo/posts/new/", "inbox": "/o/demo/inbox/",
         "search": "/o/demo/search/?q=open", "bulk upload": "/o/demo/bulk/"}


@pytest.fixture
def phone(browser):  # noqa: F811
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.csp_violations = []
    page.on("console", lambda m: page.csp_violations.append(m.text)
            if "Content Security Policy" in m.text or "Refused to" in m.text else None)
    yield page
    context.close()


def test_home_editor_and_inbox_have_no_horizontal_scroll_at_390_px(phone, server):  # noqa: F811
    sign_in(phone, server, "community@demo.test")
    phone.wait_for_url("**/o/demo/")
    wide = {}
    for name, path in PAGES.items():
        phone.goto(server.url + path)
        phone.wait_for_load_state("load")
        width = phone.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            wide[name] = width
    assert wide == {}, f"pages that scroll sideways on a phone: {wide}"

    # the safe rewrite goes into the editor with one tap, and the live check runs again
    phone.goto(server.url + PAGES["post editor"])
    phone.get_by_label("Text", exact=True).press_sequentially("Jane Roe, SSN 123-45-6789, is recovering after her surgery.",
                                                  delay=2)
    button = phone.get_by_role("button", name="Use this text")
    button.wait_for()
    rewrite = phone.inner_text("#safe-rewrite").strip()
    button.click()
    assert phone.input_value("#id_text") == rewrite
    assert phone.csp_violations == []


def test_the_network_preview_follows_the_text_as_it_is_typed(phone, server):  # noqa: F811
    sign_in(phone, server, "community@demo.test")
    phone.wait_for_url("**/o/demo/")
    phone.goto(server.url + PAGES["post editor"])
    phone.get_by_label("Demo Bluesky", exact=False).check()
    phone.fill("#id_text", "Our walk-in flu clinic is open all week. " * 8)      # 328 graphemes
    over = phone.locator(".preview.over")
    over.wait_for()
    assert "28 graphemes over the limit of 300" in over.inner_text()
    assert phone.locator(".preview-cut").count() == 1
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert phone.csp_violations == []
