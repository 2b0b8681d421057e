"""A video on a post in headless Chromium against a real `safepost serve --demo --with-worker`:
uploaded on the compose page, checked by the server's worker (job `mediascan`) while the page says
so, then the post page shows the clip, its keyframe with the record number and the SVG boxes over
it, and nothing is refused by the CSP."""

from __future__ import annotations

import os
import tempfile

from .media_uploads import calm_frame, make_clip, patient_frame, require_ffmpeg, require_tesseract
from .test_browser import browser, page, server, sign_in  # noqa: F401  (fixtures)

TEXT = "A quick tour of our renovated ward. Walk in any time!"


def test_a_video_uploaded_on_compose_is_checked_in_the_background_and_its_frame_boxed(page, server):
    require_tesseract()
    require_ffmpeg()
    sign_in(page, server, "author@demo.test")
    page.wait_for_url("**/o/demo/**")
    page.goto(server.url + "/o/demo/posts/new/")
    page.get_by_label("Text", exact=True).fill(TEXT)
    with tempfile.NamedTemporaryFile(suffix=".mp4", delete=False) as f:
        f.write(make_clip([(calm_frame(), 1), (patient_frame(), 2), (calm_frame(shade=60), 1)]))
    page.locator("input[name=video]").set_input_files(f.name)
    page.locator("input[name=video_alt]").fill("A walk through the ward")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_selector("[data-state='draft']")
    figure = page.locator("figure.post-video")
    if figure.get_attribute("data-scan-state") == "pending":
        assert "being checked in the background" in figure.inner_text()
    # no reload: the section asks for itself again every 3 s (htmx) until the worker has checked the clip
    page.wait_for_selector("figure.post-video[data-scan-state='done']", timeout=90_000)
    assert figure.get_attribute("data-verdict") == "BLOCK"
    frame = figure.locator("li.video-frame").first
    img = frame.locator("img")
    img.wait_for()
    assert page.evaluate("(i) => i.complete && i.naturalWidth", img.element_handle()) == 480
    picture, boxes = img.bounding_box(), frame.locator("svg.post-image-boxes").bounding_box()
    assert abs(picture["width"] - boxes["width"]) < 2 and abs(picture["y"] - boxes["y"]) < 2
    assert frame.locator("rect.box-text").count() >= 1
    assert "At " in frame.inner_text() and "record" in frame.inner_text().lower()
    video = figure.locator("video")
    page.wait_for_function("(v) => v.readyState >= 1", arg=video.element_handle(), timeout=15000)
    assert page.evaluate("(v) => v.videoWidth", video.element_handle()) == 480
    assert page.csp_violations == []
    if os.environ.get("SAFEPOST_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["SAFEPOST_SCREENSHOTS"], "post-video.png"), full_page=True)
