"""Images for the attachment tests, made here with Pillow (and scikit-image's public-domain
astronaut photo for a face). Tesseract must be installed (scripts/setup.d/30-media.sh): without it
these tests FAIL with a message that says so; they never skip."""

from __future__ import annotations

import io
import shutil

import pytest
from PIL import Image, ImageDraw, ImageFont

DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
PATIENT_LINE = "Patient: Maria Gonzalez MRN 00482913"


def require_tesseract() -> None:
    if shutil.which("tesseract") is None:
        pytest.fail("tesseract is not installed: the image checks need Debian's tesseract-ocr "
                    "(run scripts/setup.d/30-media.sh)", pytrace=False)


def encode(img: Image.Image, fmt: str = "PNG", **kw) -> bytes:
    out = io.BytesIO()
    img.save(out, format=fmt, **kw)
    return out.getvalue()


def plain_photo(fmt: str = "JPEG", **kw) -> bytes:
    """A calm gradient with nothing to find (no text, no face)."""
    img = Image.new("RGB", (320, 200))
    img.putdata([(60 + x // 4, 120 + y // 4, 180) for y in range(200) for x in range(320)])
    return encode(img, fmt, **kw)


def patient_label_photo() -> bytes:
    img = Image.new("RGB", (900, 240), (235, 235, 228))
    ImageDraw.Draw(img).text((40, 90), PATIENT_LINE, font=ImageFont.truetype(DEJAVU, 28), fill=(15, 15, 25))
    return encode(img, "PNG")


def face_photo() -> bytes:
    from skimage import data as skimage_data

    return encode(Image.fromarray(skimage_data.astronaut()), "JPEG", quality=90)


def photo_with_gps() -> bytes:
    """A JPEG whose EXIF holds GPS coordinates and an owner name (made-up)."""
    img = Image.new("RGB", (320, 200), (90, 140, 170))
    exif = img.getexif()
    exif[0x013B] = "Synthetic Owner"                     # Artist
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (40.0, 26.0, 46.0), "W", (79.0, 58.0, 56.0)
    return encode(img, "JPEG", exif=exif.tobytes())
