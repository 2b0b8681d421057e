"""A publishable copy of an image: faces blurred beyond recognition, every identifier the text
engine found in its text boxed out in black, and no metadata (checked by reading it back)."""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image, ImageOps

from safepost.engine.media.load import open_image
from safepost.engine.media.metadata import strip_image
from safepost.engine.media.report import Box, MediaReport

PAD = 3            # pixels around a text box, so no stroke of a letter is left
FACE_MARGIN = 0.15 # of the face box's size on every side: hairline, ears and chin too
BLOCKS = 4         # blocks across a blurred face


def _grow(box: Box, margin: float, shape: tuple) -> Box:
    x, y, w, h = box
    dx, dy = int(w * margin), int(h * margin)
    x0, y0 = max(0, x - dx), max(0, y - dy)
    x1, y1 = min(shape[1], x + w + dx), min(shape[0], y + h + dy)
    return (x0, y0, x1 - x0, y1 - y0)


def _blur(pixels: np.ndarray, box: Box) -> None:
    x, y, w, h = _grow(box, FACE_MARGIN, pixels.shape)
    roi = pixels[y:y + h, x:x + w]
    if roi.size == 0:
        return
    # pixelate to a few blocks across the face, then smooth: no feature survives, not even for a detector
    small = cv2.resize(roi, (BLOCKS, BLOCKS), interpolation=cv2.INTER_AREA)
    pixels[y:y + h, x:x + w] = cv2.GaussianBlur(cv2.resize(small, (w, h), interpolation=cv2.INTER_NEAREST),
                                                (0, 0), max(w, h) / 8)


def _box_out(pixels: np.ndarray, box: Box) -> None:
    x, y, w, h = box
    height, width = pixels.shape[:2]
    pixels[max(0, y - PAD):min(height, y + h + PAD), max(0, x - PAD):min(width, x + w + PAD)] = 0


def redact(data: bytes, report: MediaReport, fmt: str | None = None) -> bytes:
    """``data`` (the image `report` was made from) with its findings covered, in the same format
    or in ``fmt`` (JPEG, PNG or WEBP)."""
    image = open_image(data)
    pixels = np.array(ImageOps.exif_transpose(image).convert("RGB"))
    for f in report.findings:
        if f.box is None:
            continue
        if f.source == "face":
            _blur(pixels, f.box)
        elif f.source == "text":
            _box_out(pixels, f.box)
    return strip_image(Image.fromarray(pixels), fmt or image.format)
