"""Synthetic images for the media tests and bench/media_figures.py: text rendered by Pillow on
photo-like backgrounds, a screenshot of a patient table, a whiteboard. Every name and number is
made up."""
from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageDraw, ImageFont

LINE = "Patient: Maria Gonzalez MRN 00482913"


DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"   # Debian's fonts-dejavu-core (scripts/setup.d/30-media.sh)


def font(px: int) -> ImageFont.FreeTypeFont:
    """DejaVu Sans, which has every accented letter; Pillow's bundled font draws "José" as "Jos□"."""
    try:
        return ImageFont.truetype(DEJAVU, px)
    except OSError:
        return ImageFont.load_default(size=px)


def photo_background(width: int, height: int, seed: int = 0, noise: float = 8.0) -> Image.Image:
    """A photo-like background: a lit gradient, soft blobs of colour, and sensor grain."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
    base = 150 + 40 * (xx / width) - 25 * (yy / height)
    rgb = np.stack([base + 10, base, base - 15], axis=-1)
    for _ in range(6):
        cx, cy, r = rng.uniform(0, width), rng.uniform(0, height), rng.uniform(40, 200)
        blob = np.exp(-((xx - cx) ** 2 + (yy - cy) ** 2) / (2 * r * r))[..., None]
        rgb += blob * rng.uniform(-30, 30, size=3)
    rgb += rng.normal(0, noise, rgb.shape)
    return Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8))


def text_on_photo(text: str = LINE, px: int = 24, *, angle: float = 0, ink: int = 15, seed: int = 0,
                  size: tuple[int, int] = (900, 300)) -> Image.Image:
    img = photo_background(*size, seed=seed)
    ImageDraw.Draw(img).text((40, size[1] // 3), text, font=font(px), fill=(ink, ink, ink + 10))
    if angle:
        img = img.rotate(angle, expand=True, resample=Image.BICUBIC, fillcolor=(150, 150, 140))
    return img


PATIENTS = [("Maria Gonzalez", "00482913", "03/14/1961"), ("Robert Okafor", "00519377", "11/02/1948"),
            ("Linh Tran", "00623108", "07/29/1990")]


def patient_table() -> Image.Image:
    """A screenshot of a spreadsheet of patients: header row, grid lines, black on white."""
    img = Image.new("RGB", (760, 200), "white")
    d = ImageDraw.Draw(img)
    cols = (10, 260, 450)
    rows = [("Patient name", "MRN", "Date of birth")] + PATIENTS
    for r, row in enumerate(rows):
        y = 15 + r * 42
        if r == 0:
            d.rectangle((0, y - 8, 760, y + 30), fill=(225, 232, 245))
        for x, cell in zip(cols, row):
            d.text((x, y), cell, font=font(20), fill="black")
        d.line((0, y + 32, 760, y + 32), fill=(170, 170, 170))
    for x in cols[1:]:
        d.line((x - 10, 0, x - 10, 200), fill=(170, 170, 170))
    return img


def whiteboard() -> Image.Image:
    """A whiteboard in a staff room: grey-white board, marker handwriting-sized text, a shadow."""
    img = photo_background(1000, 600, seed=7, noise=5)
    d = ImageDraw.Draw(img)
    d.rectangle((60, 60, 940, 540), fill=(228, 230, 226), outline=(120, 120, 120), width=6)
    board = np.asarray(img).astype(np.float32)
    board[:, :, :] *= np.linspace(1.0, 0.8, 1000, dtype=np.float32)[None, :, None]   # light falls off
    img = Image.fromarray(board.clip(0, 255).astype(np.uint8))
    d = ImageDraw.Draw(img)
    d.text((100, 110), "Room 12: Robert Okafor", font=font(34), fill=(20, 40, 140))
    d.text((100, 170), "Room 14: Linh Tran", font=font(34), fill=(20, 40, 140))
    return img


def encode(img: Image.Image, fmt: str = "PNG", **kwargs) -> bytes:
    out = io.BytesIO()
    img.save(out, format=fmt, **kwargs)
    return out.getvalue()


def twelve_megapixel_scene() -> Image.Image:
    """A 4000 × 3000 photo: the astronaut's portrait (1024 px) on the right, a line about a patient
    in 64-px text on the left."""
    from skimage import data
    img = photo_background(4000, 3000, seed=12)
    img.paste(Image.fromarray(data.astronaut()).resize((1024, 1024)), (2600, 900))
    ImageDraw.Draw(img).text((300, 600), LINE, font=font(64), fill=(20, 20, 30))
    return img


def clip(path, scenes: list[tuple[Image.Image, float]], *, fps: int = 5, tags: dict[str, str] | None = None) -> None:
    """Write a clip at ``path`` with Debian's ffmpeg: each (picture, seconds) in turn, all pictures
    the same size; H.264 in an .mp4 or .mov, VP8 in a .webm (the file name's suffix says which);
    ``tags`` become container metadata (``-metadata key=value``). The app's tests use it too
    (tests/app/media_uploads.py; pyproject puts this folder on pytest's path)."""
    import subprocess
    width, height = scenes[0][0].size
    argv = ["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{width}x{height}",
            "-r", str(fps), "-i", "-"]
    for key, value in (tags or {}).items():
        argv += ["-metadata", f"{key}={value}"]
    codec = (["-c:v", "libvpx", "-b:v", "200k", "-deadline", "realtime"] if str(path).endswith(".webm")
             else ["-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p"])
    proc = subprocess.Popen([*argv, *codec, str(path)], stdin=subprocess.PIPE)
    for picture, seconds in scenes:
        raw = picture.convert("RGB").tobytes()
        for _ in range(round(seconds * fps)):
            proc.stdin.write(raw)
    proc.stdin.close()
    if proc.wait() != 0:
        raise RuntimeError("ffmpeg could not write the test clip")
