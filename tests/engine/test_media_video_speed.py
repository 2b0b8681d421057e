"""The cheap text check that lets video frames without text skip OCR (`ocr.likely_text`): it says
yes wherever Tesseract reads the identifiers (12–24 px, dark to faint grey ink on a photo, a
table, a whiteboard, rotated text), no on plain photo backgrounds, and a clip's findings are the
same as before while Tesseract runs only on the frames with text."""
from __future__ import annotations

import re

import numpy as np
import pytest
from media_images import (
    LINE,
    clip,
    patient_table,
    photo_background,
    text_on_photo,
    whiteboard,
)
from PIL import Image

from safepost.engine.media import ocr
from safepost.engine.media.scan_video import scan_video
from safepost.engine.report import Verdict

SIZE = (1280, 720)


def _px(img: Image.Image) -> np.ndarray:
    return np.asarray(img.convert("RGB"))


@pytest.mark.parametrize("px", [12, 14, 18, 24])
@pytest.mark.parametrize("ink", [15, 90, 130])
def test_text_that_ocr_reads_is_seen_by_the_cheap_check(px, ink):
    for seed in (1, 2):
        pixels = _px(text_on_photo(LINE, px=px, ink=ink, seed=seed + px))
        if re.search(r"\d{6}", ocr.read_text(pixels).text):      # OCR reads the record number …
            assert ocr.likely_text(pixels), (px, ink, seed)       # … so the check must not skip it


def test_tables_whiteboards_and_rotated_text_are_seen():
    for img in (patient_table(), whiteboard(), text_on_photo(LINE, px=14, angle=10, seed=3),
                text_on_photo(LINE, px=28, seed=43, size=SIZE)):
        assert ocr.likely_text(_px(img))


def test_photo_backgrounds_without_text_are_not_read():
    plain = [ocr.likely_text(_px(photo_background(*SIZE, seed=40 + i))) for i in range(8)]
    assert sum(plain) <= 1, plain            # one in eight may look like text: it is read, nothing lost
    assert not ocr.likely_text(np.full((720, 1280, 3), 200, np.uint8))


def test_a_clip_keeps_its_findings_and_ocr_runs_only_on_frames_with_text(tmp_path, monkeypatch):
    import pytesseract
    from skimage import data

    calls = []
    real = pytesseract.image_to_data
    monkeypatch.setattr(pytesseract, "image_to_data", lambda *a, **k: calls.append(1) or real(*a, **k))
    face = photo_background(*SIZE, seed=40)
    face.paste(Image.fromarray(data.astronaut()).resize((360, 360)), (460, 180))
    scenes = [photo_background(*SIZE, seed=s) for s in (41, 42, 44, 45)]
    scenes.insert(1, text_on_photo(size=SIZE, px=28, seed=43))
    scenes.insert(3, face)
    path = tmp_path / "tour.mp4"
    clip(path, [(scene, 5) for scene in scenes], fps=5)      # a frame at least every 5 s: each scene is checked
    report = scan_video(path)
    assert len(report.frames) == 6 and report.verdict is Verdict.BLOCK and report.faces == 1
    flagged = {f.finding.label: round(f.time) for f in report.findings if f.finding.is_phi}
    assert flagged == {"NAME": 5, "MRN": 5, "FACE": 15}
    assert 1 <= len(calls) <= 3              # the text frame, and at most two of five without text
