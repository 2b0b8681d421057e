"""OCR reads identifiers back from pictures of text, and puts each word's box where it was drawn."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import ImageDraw

from media_images import LINE, font, text_on_photo
from safepost.engine.media import ocr


def _read(img) -> ocr.Reading:
    return ocr.read_text(np.asarray(img.convert("RGB")))


def test_large_text_on_a_photo_is_read_back_exactly():
    assert _read(text_on_photo(px=32, seed=32)).text == LINE


def test_small_14px_text_on_photos_is_read_back_exactly_at_least_four_times_in_five():
    exact = sum(_read(text_on_photo(px=14, seed=seed)).text == LINE for seed in range(10, 15))
    assert exact >= 4


def test_text_rotated_ten_degrees_is_deskewed_and_read():
    reading = _read(text_on_photo(px=24, angle=10, seed=3))
    assert reading.text == LINE
    assert reading.skew == pytest.approx(-10, abs=1.5)


def test_low_contrast_grey_on_grey_is_read():
    assert _read(text_on_photo(px=24, ink=105, seed=4)).text == LINE


def test_light_text_on_a_dark_screen_is_read():
    img = text_on_photo(px=24, seed=5).point(lambda v: 255 - v)
    assert "00482913" in _read(img).text


def test_a_word_box_is_where_the_word_was_drawn():
    img = text_on_photo(px=24, seed=6)
    y = img.height // 3
    before = ImageDraw.Draw(img).textlength("Patient: Maria Gonzalez MRN ", font=font(24))
    x0, y0, x1, y1 = ImageDraw.Draw(img).textbbox((40 + before, y), "00482913", font=font(24))
    reading = _read(img)
    start = reading.text.index("00482913")
    bx, by, bw, bh = reading.box_of(start, start + 8)
    assert abs(bx - x0) <= 4 and abs(by - y0) <= 4
    assert abs((bx + bw) - x1) <= 4 and abs((by + bh) - y1) <= 4


def test_a_box_found_on_the_prepared_image_maps_back_through_scale_and_rotation():
    back = np.array([[0.5, 0, 10], [0, 0.5, 20]])    # prepared → original: halve, then shift
    assert ocr.map_box((100, 40, 60, 20), back, (1000, 1000)) == (60, 40, 30, 10)
    assert ocr.map_box((1990, 1990, 60, 20), back, (1000, 1000))[:2] == (1000, 1000)   # clipped to the image


def test_a_blank_photo_reads_as_no_text():
    from media_images import photo_background
    assert _read(photo_background(600, 400, seed=9)).text == ""
