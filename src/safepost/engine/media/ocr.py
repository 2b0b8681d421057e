"""Text in an image, with the pixel box of every word.

Preprocessing for photos of screens, whiteboards and wristbands: grayscale, small images doubled
and large ones reduced, contrast stretched, grain smoothed, the background flattened (light text
on dark inverted), small rotations (up to ±15°) found by the projection profile and undone.
Then Tesseract (Debian's `tesseract-ocr`, through pytesseract) reads words with their boxes,
which are mapped back into the coordinates of the image as given.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass

import cv2
import numpy as np
import pytesseract

from safepost.engine.media.errors import TESSERACT_MISSING, MediaError

Box = tuple[int, int, int, int]          # x, y, width, height in the image's pixels

LANGUAGES = "eng+spa"
MIN_CONFIDENCE = 30                      # Tesseract's 0–100 word confidence; below it, noise
UPSCALE_BELOW = 1600                     # long side in pixels under which the image is doubled
# long side above which the image is reduced: a 12-MP photo (4000 × 3000) is read at 2400 × 1800, so
# its text must be ~17 px tall or more; that is 4–5 px once a platform shows it 1080 px wide, where
# nobody reads it either. The cost: Tesseract takes ~4 s on one core at full size, ~1 s at this.
DOWNSCALE_ABOVE = 2400
# page segmentation: automatic; binarization: Sauvola (local), which keeps small text on a
# textured background that a global Otsu threshold loses
TESSERACT_CONFIG = "--psm 3 -c thresholding_method=2"
OCR_TIMEOUT = 30                         # seconds; Tesseract is stopped after that
SKEW_LIMIT = 15                          # degrees either way
SKEW_STEP = 1.0
SKEW_GAIN = 1.15                         # a rotation must sharpen the row profile this much to be used


@dataclass(frozen=True, slots=True)
class Word:
    """A word OCR read, with its box; or, with no box, words SafePost added to give the text
    engine context that the picture gives by layout (a table's column header before a cell)."""

    text: str
    box: Box | None
    confidence: float


@dataclass(frozen=True, slots=True)
class Line:
    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def box(self) -> Box | None:
        boxes = [w.box for w in self.words if w.box]
        return union(boxes) if boxes else None


@dataclass(frozen=True, slots=True)
class Reading:
    """What OCR read: the lines, and the rotation (degrees) that was undone to read them."""

    lines: tuple[Line, ...]
    skew: float = 0.0

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    def word_spans(self) -> list[tuple[int, int, Word]]:
        """(start, end, word) for every word of `text`, so a text finding can be drawn."""
        out, pos = [], 0
        for line in self.lines:
            for i, w in enumerate(line.words):
                pos += i > 0
                out.append((pos, pos + len(w.text), w))
                pos += len(w.text)
            pos += 1
        return out

    def box_of(self, start: int, end: int) -> Box | None:
        """The box of the words that the characters [start, end) of `text` fall in."""
        boxes = [w.box for s, e, w in self.word_spans() if s < end and start < e and w.box]
        return union(boxes) if boxes else None


def union(boxes: list[Box]) -> Box:
    x0 = min(b[0] for b in boxes)
    y0 = min(b[1] for b in boxes)
    x1 = max(b[0] + b[2] for b in boxes)
    y1 = max(b[1] + b[3] for b in boxes)
    return (x0, y0, x1 - x0, y1 - y0)


# ------------------------------------------------------------------------------ preprocessing
def grayscale(rgb: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY) if rgb.ndim == 3 else rgb


def stretch_contrast(gray: np.ndarray) -> np.ndarray:
    """Autolevel: the darkest and lightest areas of a lightly blurred copy (so that pixel noise
    does not set the range) become 0 and 255; faint text on a grey board stands out."""
    smooth = cv2.GaussianBlur(gray, (5, 5), 0)
    lo, hi = np.percentile(smooth, (0.05, 99.95))
    if hi - lo < 8:
        return gray
    out = (gray.astype(np.float32) - lo) * (255.0 / (hi - lo))
    return np.clip(out, 0, 255).astype(np.uint8)


def denoise(gray: np.ndarray) -> np.ndarray:
    """Sensor grain and JPEG speckle off, strokes kept: an edge-preserving filter on images of
    ordinary size, a light blur on large ones (where the edge-preserving filter costs seconds)."""
    if gray.size > 6_000_000:
        return cv2.GaussianBlur(gray, (3, 3), 0)
    return cv2.bilateralFilter(gray, 9, 75, 75)


def flatten_background(gray: np.ndarray) -> np.ndarray:
    """Dark text on an even white: light-on-dark images are inverted, then every pixel is divided
    by the local background (a closing wider than a stroke), which removes gradients, shadows
    and a grey whiteboard's tint."""
    if np.median(gray) < 100:
        gray = 255 - gray
    background = cv2.morphologyEx(gray, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (25, 25)))
    return cv2.divide(gray, background, scale=255)


def scale_for_ocr(gray: np.ndarray) -> float:
    long_side = max(gray.shape)
    if long_side < UPSCALE_BELOW:
        return 2.0
    if long_side > DOWNSCALE_ABOVE:
        return DOWNSCALE_ABOVE / long_side
    return 1.0


def _ink(gray: np.ndarray) -> np.ndarray:
    """Text strokes as 1, background 0: dark text on light or light text on dark alike."""
    _, binary = cv2.threshold(gray, 0, 1, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return binary if binary.mean() < 0.5 else 1 - binary


def _rotate(img: np.ndarray, angle: float, border: int) -> tuple[np.ndarray, np.ndarray]:
    h, w = img.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    cos, sin = abs(m[0, 0]), abs(m[0, 1])
    nw, nh = int(h * sin + w * cos + 0.5), int(h * cos + w * sin + 0.5)
    m[0, 2] += nw / 2 - w / 2
    m[1, 2] += nh / 2 - h / 2
    out = cv2.warpAffine(img, m, (nw, nh), flags=cv2.INTER_LINEAR, borderValue=border)
    return out, m


def _profile_sharpness(ink: np.ndarray) -> float:
    rows = ink.sum(axis=1, dtype=np.float64)
    return float(np.square(np.diff(rows)).sum())


def estimate_skew(gray: np.ndarray) -> float:
    """The small rotation (degrees, counter-clockwise) that makes text lines horizontal: the angle
    whose row profile of ink is sharpest, tried on a reduced copy; 0 when nothing clearly wins."""
    factor = min(1.0, 800 / max(gray.shape))
    small = cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA) if factor < 1 else gray
    ink = _ink(small)
    if ink.mean() < 0.002:
        return 0.0
    base = _profile_sharpness(ink)
    best, best_angle = base, 0.0
    for angle in np.arange(-SKEW_LIMIT, SKEW_LIMIT + SKEW_STEP / 2, SKEW_STEP):
        if angle == 0:
            continue
        score = _profile_sharpness(_rotate(ink, float(angle), 0)[0])
        if score > best:
            best, best_angle = score, float(angle)
    return best_angle if best > base * SKEW_GAIN else 0.0


@dataclass(frozen=True)
class Prepared:
    """The image Tesseract sees and the affine map from its pixels back to the original's."""

    image: np.ndarray
    back: np.ndarray          # 2×3: prepared (x, y, 1) → original (x, y)
    skew: float


def prepare(rgb: np.ndarray) -> Prepared:
    gray = grayscale(rgb)
    scale = scale_for_ocr(gray)
    if scale != 1.0:
        gray = cv2.resize(gray, None, fx=scale, fy=scale,
                          interpolation=cv2.INTER_CUBIC if scale > 1 else cv2.INTER_AREA)
    gray = flatten_background(denoise(stretch_contrast(gray)))
    forward = np.array([[scale, 0, 0], [0, scale, 0]], dtype=np.float64)
    skew = estimate_skew(gray)
    if skew:
        background = int(np.median(gray))
        gray, rot = _rotate(gray, skew, background)
        forward = _compose(rot, forward)
    return Prepared(gray, cv2.invertAffineTransform(forward), skew)


def _compose(outer: np.ndarray, inner: np.ndarray) -> np.ndarray:
    a = np.vstack([outer, [0, 0, 1]])
    b = np.vstack([inner, [0, 0, 1]])
    return (a @ b)[:2]


def map_box(box: Box, back: np.ndarray, limit: tuple[int, int]) -> Box:
    """A box in the prepared image → the axis-aligned box around it in the original image."""
    x, y, w, h = box
    corners = np.array([[x, y, 1], [x + w, y, 1], [x, y + h, 1], [x + w, y + h, 1]], dtype=np.float64)
    pts = corners @ back.T
    width, height = limit
    x0 = min(width, max(0, int(np.floor(pts[:, 0].min()))))
    y0 = min(height, max(0, int(np.floor(pts[:, 1].min()))))
    x1 = min(width, max(0, int(np.ceil(pts[:, 0].max()))))
    y1 = min(height, max(0, int(np.ceil(pts[:, 1].max()))))
    return (x0, y0, max(0, x1 - x0), max(0, y1 - y0))


# ------------------------------------------------------------------------------ is there text?
GATE_LONG_SIDE = 1280        # the text check looks at a copy this long at most
GATE_DELTA = 2               # MSER's step in grey levels: 2 finds 14-px text 130 levels from its ground
GATE_CHAR = (5, 90)          # heights (px) of a letter-like region
GATE_LINE = 3.0              # a row of such regions at least this many times wider than tall is a line


def likely_text(rgb: np.ndarray) -> bool:
    """Could the image hold a line of text? A cheap check (~0.1 s on a 720p frame, against ~0.7 s
    for OCR) used to skip OCR on video frames that show none: letter-like stable regions (OpenCV's
    MSER) no wider than twice their height, merged along rows; a merged row three times wider than
    tall is a line of text. Tuned to say yes to all the 12–24 px text Tesseract reads on the test
    images (dark to faint grey ink on a photo), so a no costs nothing OCR would have found; a yes
    on a texture only costs the OCR it would have had anyway."""
    gray = grayscale(rgb)
    factor = min(1.0, GATE_LONG_SIDE / max(gray.shape))
    if factor < 1:
        gray = cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    _, boxes = cv2.MSER_create(GATE_DELTA, 8, 3000).detectRegions(gray)
    if len(boxes) == 0:
        return False
    b = np.asarray(boxes)
    lo, hi = GATE_CHAR
    letters = b[(b[:, 3] >= lo) & (b[:, 3] <= hi) & (b[:, 2] <= 2 * b[:, 3])]
    mask = np.zeros(gray.shape, np.uint8)
    for x, y, w, h in letters:
        mask[y:y + h, x:x + w] = 255
    rows = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (9, 1)))
    stats = cv2.connectedComponentsWithStats(rows)[2][1:]
    return bool(((stats[:, 2] >= GATE_LINE * stats[:, 3]) & (stats[:, 3] >= lo) & (stats[:, 3] <= hi)).any())


# ------------------------------------------------------------------------------ reading
def _tesseract(image: np.ndarray) -> dict:
    """Tesseract's words, boxes and confidences. The image goes to it as an uncompressed PGM file
    (pytesseract would write a PNG: ~0.3 s of compression on a 4-MP image)."""
    with tempfile.TemporaryDirectory(prefix="safepost-ocr-") as tmp:
        path = os.path.join(tmp, "page.pgm")
        if not cv2.imwrite(path, image):
            raise MediaError("the image could not be handed to OCR (temporary directory not writable)")
        try:
            return pytesseract.image_to_data(path, lang=LANGUAGES, config=TESSERACT_CONFIG,
                                             output_type=pytesseract.Output.DICT, timeout=OCR_TIMEOUT)
        except pytesseract.TesseractNotFoundError:
            raise MediaError(TESSERACT_MISSING) from None
        except RuntimeError as e:                     # pytesseract's "Tesseract process timeout"
            if "timeout" not in str(e).lower():
                raise
            raise MediaError(f"reading the text in the image took over {OCR_TIMEOUT} s: send a smaller or "
                             "simpler image") from None


def read_text(rgb: np.ndarray) -> Reading:
    """The lines of text in an RGB (or grayscale) image, each word with its box in that image."""
    prepared = prepare(rgb)
    data = _tesseract(prepared.image)
    limit = (rgb.shape[1], rgb.shape[0])
    lines: dict[tuple[int, int, int], list[Word]] = {}
    for i, raw in enumerate(data["text"]):
        text = raw.strip()
        confidence = float(data["conf"][i])
        if not text or confidence < MIN_CONFIDENCE:
            continue
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        box = (data["left"][i], data["top"][i], data["width"][i], data["height"][i])
        lines.setdefault(key, []).append(Word(text, map_box(box, prepared.back, limit), confidence))
    return Reading(tuple(Line(tuple(words)) for words in lines.values()), prepared.skew)
