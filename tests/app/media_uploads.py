"""Images for the attachment tests, made here with Pillow (and scikit-image's public-domain
astronaut photo for a face). Tesseract must be installed (scripts/setup.d/30-media.sh): without it
these tests FAIL with a message that says so; they never skip."""

from __future__ import annotations

import shutil

import pytest
from media_images import (  # the engine tests' pictures (pyproject puts tests/engine on the path)
    DEJAVU,
    encode,
)
from PIL import Image, ImageDraw, ImageFont

PATIENT_LINE = "Patient: Maria Gonzalez MRN 00482913"


def require_tesseract() -> None:
    if shutil.which("tesseract") is None:
        pytest.fail("tesseract is not installed: the image checks need Debian's tesseract-ocr "
                    "(run scripts/setup.d/30-media.sh)", pytrace=False)


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


# -- video (made with Debian's ffmpeg) -----------------------------------------------------------
def require_ffmpeg() -> None:
    if shutil.which("ffmpeg") is None:
        pytest.fail("ffmpeg is not installed: the video checks need Debian's ffmpeg "
                    "(run scripts/setup.d/30-media.sh)", pytrace=False)


def calm_frame(size=(480, 270), shade: int = 0) -> Image.Image:
    """A soft gradient with nothing to find."""
    w, h = size
    img = Image.new("RGB", size)
    img.putdata([(40 + shade + x // 8, 90 + y // 6, 160) for y in range(h) for x in range(w)])
    return img


def patient_frame(size=(480, 270)) -> Image.Image:
    img = Image.new("RGB", size, (238, 238, 230))
    ImageDraw.Draw(img).text((16, size[1] // 2 - 14), PATIENT_LINE, font=ImageFont.truetype(DEJAVU, 22),
                             fill=(15, 15, 25))
    return img


def make_clip(scenes, *, fmt: str = "mp4", fps: int = 4, tags: dict | None = None, tmpdir=None) -> bytes:
    """The bytes of a short clip: each (picture, seconds) in turn. fmt: mp4 (H.264), mov (H.264 in
    QuickTime) or webm (VP8); `tags` become container metadata. Written by the engine tests' own
    clip writer (tests/engine/media_images.py)."""
    import tempfile
    from pathlib import Path

    from media_images import clip

    with tempfile.TemporaryDirectory(dir=tmpdir) as tmp:
        out = Path(tmp) / f"clip.{fmt}"
        clip(out, scenes, fps=fps, tags=tags)
        return out.read_bytes()
