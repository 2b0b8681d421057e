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
    QuickTime) or webm (VP8); `tags` become container metadata."""
    import subprocess
    import tempfile
    from pathlib import Path

    width, height = scenes[0][0].size
    codec = ["-c:v", "libvpx", "-b:v", "200k", "-deadline", "realtime"] if fmt == "webm" else \
        ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]
    with tempfile.TemporaryDirectory(dir=tmpdir) as tmp:
        out = Path(tmp) / f"clip.{fmt}"
        argv = ["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "rawvideo", "-pix_fmt", "rgb24",
                "-s", f"{width}x{height}", "-r", str(fps), "-i", "-"]
        for key, value in (tags or {}).items():
            argv += ["-metadata", f"{key}={value}"]
        proc = subprocess.Popen([*argv, *codec, str(out)], stdin=subprocess.PIPE)
        for picture, seconds in scenes:
            raw = picture.convert("RGB").tobytes()
            for _ in range(round(seconds * fps)):
                proc.stdin.write(raw)
        proc.stdin.close()
        if proc.wait() != 0:
            raise RuntimeError("ffmpeg could not write the test clip")
        return out.read_bytes()
