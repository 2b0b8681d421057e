"""`scan_image`: the text in a picture goes through the text engine with a box for every finding,
a face makes an outbound image NEEDS_AUTHORIZATION, metadata is reported, and what cannot be
checked is refused with a message that says what to fix."""
from __future__ import annotations

import io
import struct
import zlib
from datetime import date

import numpy as np
import pytest
from PIL import Image

from media_images import LINE, PATIENTS, encode, patient_table, photo_background, text_on_photo, whiteboard
from safepost.engine import Verdict
from safepost.engine.media import MediaError, redact, scan_image
from safepost.engine.media.faces import find_faces
from safepost.engine.media.load import MAX_MEGAPIXELS
from safepost.engine.media.ocr import read_text
from test_media_metadata import phone_photo_with_gps

skimage_data = pytest.importorskip("skimage.data")
TODAY = date(2026, 12, 6)


def _scan(data: bytes, **kw):
    return scan_image(data, today=TODAY, **kw)


@pytest.fixture(scope="module")
def patient_line():
    data = encode(text_on_photo(LINE, px=24, seed=21), "JPEG", quality=92)
    return data, _scan(data)


@pytest.fixture(scope="module")
def astronaut():
    data = encode(Image.fromarray(skimage_data.astronaut()), "JPEG", quality=92)
    return data, _scan(data)


def test_a_medical_record_number_in_a_photo_blocks_it_and_has_its_box(patient_line):
    _, report = patient_line
    assert report.verdict is Verdict.BLOCK and report.text == LINE
    mrn = next(f for f in report.findings if f.label == "MRN")
    assert mrn.source == "text" and mrn.is_phi and report.text[mrn.start:mrn.end] == "00482913"
    x, y, w, h = mrn.box
    assert 300 < x < 700 and 80 < y < 120 and 60 < w < 200 and 10 < h < 40
    assert "government_or_record_number" in [r.code for r in report.reasons]


def test_a_spreadsheet_screenshot_of_patients_blocks_with_every_name_and_number_boxed():
    report = _scan(encode(patient_table()))
    assert report.verdict is Verdict.BLOCK
    found = {report.text[f.start:f.end] for f in report.findings if f.source == "text"}
    for name, mrn, born in PATIENTS:
        assert {name, mrn, born} <= found
    labels = {report.text[f.start:f.end]: f.label for f in report.findings}
    assert [labels[mrn] for _, mrn, _ in PATIENTS] == ["MRN"] * 3      # the column header says so
    assert all(f.box and f.box[2] > 0 and f.box[3] > 0 for f in report.findings)


def test_patient_names_on_a_whiteboard_behind_the_team_are_flagged():
    report = _scan(encode(whiteboard(), "JPEG", quality=90))
    assert report.flag
    names = {report.text[f.start:f.end] for f in report.findings if f.label == "NAME" and f.is_phi}
    assert {"Robert Okafor", "Linh Tran"} <= names


def test_a_face_makes_an_outbound_photo_need_authorization(astronaut):
    _, report = astronaut
    assert report.verdict is Verdict.NEEDS_AUTHORIZATION and report.faces == 1
    face = next(f for f in report.findings if f.source == "face")
    assert face.label == "FACE" and face.is_phi and face.box
    assert "shows_face" in report.to_dict()["reasons"]


def test_a_face_in_an_inbound_image_is_reported_but_judged_by_the_text():
    data = encode(Image.fromarray(skimage_data.astronaut()), "PNG")
    report = _scan(data, direction="inbound", kind="comment")
    assert report.verdict is Verdict.ALLOW and report.faces == 1
    assert not any(f.is_phi for f in report.findings)


def test_a_photo_with_no_text_or_face_is_allowed_and_its_gps_is_reported_not_judged():
    report = _scan(phone_photo_with_gps())
    assert report.verdict is Verdict.ALLOW
    meta = {f.field: f.label for f in report.findings if f.source == "metadata"}
    assert meta["EXIF GPSInfo"] == "LOCATION" and meta["EXIF BodySerialNumber"] == "DEVICE"


def test_the_json_shape_has_boxes_and_the_text(patient_line):
    d = patient_line[1].to_dict()
    assert d["verdict"] == "BLOCK" and d["flag"] and d["image"] == {"width": 900, "height": 300, "format": "JPEG"}
    assert d["text"] == LINE and d["faces"] == 0
    assert all(len(f["box"]) == 4 for f in d["findings"])
    assert "[MRN]" in d["suggestion"]


def test_redacted_copy_has_the_record_number_boxed_out_and_no_metadata(patient_line):
    data, report = patient_line
    out = redact(data, report)
    again = Image.open(io.BytesIO(out))
    assert again.format == "JPEG" and not again.getexif()
    assert "00482913" not in read_text(np.asarray(again.convert("RGB"))).text


def test_redacted_copy_blurs_the_face_until_no_face_is_found(astronaut):
    data, report = astronaut
    out = np.asarray(Image.open(io.BytesIO(redact(data, report))).convert("RGB"))
    assert find_faces(out) == []
    x, y, w, h = report.findings[0].box
    before = np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))
    assert _detail(out[y:y + h, x:x + w]) < _detail(before[y:y + h, x:x + w]) / 10   # eyes, nose, mouth gone


def _detail(rgb: np.ndarray) -> float:
    import cv2
    return float(cv2.Laplacian(cv2.cvtColor(np.ascontiguousarray(rgb), cv2.COLOR_RGB2GRAY), cv2.CV_64F).var())


# ------------------------------------------------------------------------------------ refusals
def _png_header(width: int, height: int) -> bytes:
    """A valid PNG signature and header claiming ``width`` × ``height``, with one tiny data chunk:
    a few dozen bytes that would decode to gigabytes (a pixel bomb)."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")


@pytest.mark.parametrize("data, message", [
    (b"", "empty"),
    (b"hello, this is not a picture", "not an image"),
    (_png_header(50_000, 50_000), f"the limit is {MAX_MEGAPIXELS} MP: resize it"),
    (_png_header(10_000, 10_000), f"10000×10000 pixels \\(100 MP\\); the limit is {MAX_MEGAPIXELS} MP: resize it"),
    (encode(photo_background(40, 40), "GIF"), "GIF images are not taken: convert it to JPEG, PNG, WEBP"),
    (encode(photo_background(400, 300), "JPEG")[:3000], "damaged or cut short"),
], ids=["empty", "text", "pixel bomb", "100 MP", "gif", "truncated jpeg"])
def test_what_cannot_be_checked_is_refused_saying_what_to_fix(data, message):
    with pytest.raises(MediaError, match=message):
        _scan(data)


def test_a_direction_or_kind_that_does_not_exist_is_refused_before_the_image_is_read():
    with pytest.raises(ValueError, match="direction must be one of outbound, inbound"):
        _scan(b"", direction="sideways")
    with pytest.raises(ValueError, match="kind must be one of"):
        _scan(b"", kind="tweet")


def test_without_tesseract_the_error_names_the_debian_package(monkeypatch):
    import pytesseract
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")
    with pytest.raises(MediaError, match="install Debian's tesseract-ocr"):
        _scan(encode(photo_background(100, 100)))


def test_ocr_that_runs_too_long_is_stopped_with_a_clear_error(monkeypatch):
    from safepost.engine.media import ocr
    monkeypatch.setattr(ocr, "OCR_TIMEOUT", 0.001)
    with pytest.raises(MediaError, match="took over 0.001 s: send a smaller or simpler image"):
        _scan(encode(text_on_photo(px=24)))


@pytest.mark.parametrize("name", ["coffee", "rocket", "coins"])
def test_photos_with_no_person_and_no_text_are_allowed(name):
    report = _scan(encode(Image.fromarray(getattr(skimage_data, name)()).convert("RGB"), "JPEG"))
    assert report.verdict is Verdict.ALLOW and not any(f.is_phi for f in report.findings)


# ------------------------------------------------------------------- the redacted copy's verdict
def test_a_redacted_copy_without_what_was_found_is_allowed(patient_line, astronaut):
    from safepost.engine.media import redact_and_check

    data, report = patient_line
    done = redact_and_check(data, report, today=TODAY)
    assert report.verdict is Verdict.BLOCK and done.report.verdict is Verdict.ALLOW
    assert done.boxed == len([f for f in report.findings if f.source == "text"]) >= 2 and done.blurred == 0
    assert done.report.findings == [] and "00482913" not in done.report.text
    data, report = astronaut
    done = redact_and_check(data, report, today=TODAY)
    assert report.verdict is Verdict.NEEDS_AUTHORIZATION and done.report.verdict is Verdict.ALLOW
    assert done.blurred == 1 and done.report.faces == 0


def test_what_a_redacted_copy_could_not_cover_is_still_found(patient_line):
    from dataclasses import replace

    from safepost.engine.media import redact_and_check

    data, report = patient_line
    unboxed = replace(report, findings=[replace(f, box=None) if f.label == "MRN" else f for f in report.findings])
    done = redact_and_check(data, unboxed, today=TODAY)
    assert [f.label for f in done.report.findings if f.is_phi] == ["MRN"] and done.report.verdict is Verdict.BLOCK
    assert done.boxed == len(unboxed.findings) - 1
