"""The reviewer's choice of the published copy of an image, in headless Chromium against a real
`safepost serve --demo`: the author uploads a photo of a patient label, the reviewer sees the
original and the redacted copy side by side, publishes the redacted one, and the post's verdict
changes from Block to Allow; then the author changes the description and removes the image."""

from __future__ import annotations

import os
import tempfile

from .media_uploads import patient_label_photo, require_tesseract
from .test_browser import browser, page, server, sign_in  # noqa: F401  (fixtures)

TEXT = "The new front desk is open. Come and say hello!"


def test_a_reviewer_publishes_the_redacted_copy_and_the_author_edits_the_image(page, server, browser):
    require_tesseract()
    sign_in(page, server, "author@demo.test")
    page.wait_for_url("**/o/demo/**")
    page.goto(server.url + "/o/demo/posts/new/")
    page.get_by_label("Text", exact=True).fill(TEXT)
    with tempfile.NamedTemporaryFile(suffix=".png", delete=False) as f:
        f.write(patient_label_photo())
    page.locator("input[name=photo]").set_input_files(f.name)
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_selector("[data-state='draft']")
    assert page.locator("[data-post-verdict]").get_attribute("data-post-verdict") == "BLOCK"
    post_url = page.url

    reviewer = browser.new_context().new_page()
    reviewer.csp_violations = []
    reviewer.on("console", lambda m: reviewer.csp_violations.append(m.text) if "Refused to" in m.text else None)
    sign_in(reviewer, server, "reviewer@demo.test")
    reviewer.wait_for_url("**/o/demo/**")
    reviewer.goto(post_url)
    figure = reviewer.locator("figure.post-image")
    redacted = figure.locator("[data-which='redacted'] img")
    redacted.wait_for()
    assert reviewer.evaluate("(i) => i.complete && i.naturalWidth", redacted.element_handle()) == 900
    assert "2 identifiers boxed out" in figure.inner_text()
    figure.get_by_label("Redacted").check()
    figure.get_by_role("button", name="Publish this copy").click()
    reviewer.wait_for_selector("figure.post-image[data-copy='redacted']")
    assert "The redacted copy will be published." in reviewer.content()
    assert reviewer.locator("[data-post-verdict]").get_attribute("data-post-verdict") == "ALLOW"
    assert reviewer.locator("[data-which='redacted'] .copy-chosen").count() == 1
    assert reviewer.csp_violations == []
    if os.environ.get("SAFEPOST_SCREENSHOTS"):
        reviewer.screenshot(path=os.path.join(os.environ["SAFEPOST_SCREENSHOTS"], "image-review.png"), full_page=True)
    reviewer.context.close()

    page.goto(post_url)
    page.get_by_label("Description (alt text)").fill("Our new front desk")
    page.get_by_role("button", name="Save description").click()
    page.wait_for_selector("text=Description saved and checked.")
    assert "description: Our new front desk" in page.locator("figure.post-image").inner_text()
    page.get_by_role("button", name="Remove image").click()
    page.wait_for_selector("text=Image removed.")
    assert page.locator("figure.post-image").count() == 0
    assert page.csp_violations == []
