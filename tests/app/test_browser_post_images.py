"""An image on a post in headless Chromium against a real `safepost serve --demo`: uploaded on the
compose page, shown on the post page from the org-checked image view, its findings' boxes drawn
by the SVG overlay over the picture, and nothing refused by the CSP."""

from __future__ import annotations

import os
import tempfile

from .media_uploads import face_photo, require_tesseract
from .test_browser import browser, page, server, sign_in  # noqa: F401  (fixtures)

TEXT = "Our team at the spring health fair. Walk in any time!"


def test_a_photo_uploaded_on_compose_is_shown_with_its_face_boxed(page, server):
    require_tesseract()
    sign_in(page, server, "author@demo.test")
    page.wait_for_url("**/o/demo/**")
    page.goto(server.url + "/o/demo/posts/new/")
    page.get_by_label("Text", exact=True).fill(TEXT)
    with tempfile.NamedTemporaryFile(suffix=".jpg", delete=False) as f:
        f.write(face_photo())
    page.locator("input[name=photo]").set_input_files(f.name)
    page.locator("input[name=photo_alt]").fill("A volunteer in a space suit costume")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_selector("[data-state='draft']")
    figure = page.locator("figure.post-image")
    assert figure.get_attribute("data-verdict") == "NEEDS_AUTHORIZATION"
    original = figure.locator("[data-which='original']")      # the redacted copy stands beside it
    img = original.locator("img")
    img.wait_for()
    assert page.evaluate("(i) => i.complete && i.naturalWidth", img.element_handle()) == 512
    picture, boxes = img.bounding_box(), original.locator("svg.post-image-boxes").bounding_box()
    assert abs(picture["width"] - boxes["width"]) < 2 and abs(picture["y"] - boxes["y"]) < 2
    assert original.locator("rect.box-face").count() >= 1
    assert "a face in the picture" in figure.inner_text()
    assert page.csp_violations == []
    if os.environ.get("SAFEPOST_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["SAFEPOST_SCREENSHOTS"], "post-image.png"), full_page=True)
