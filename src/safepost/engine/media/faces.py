"""Faces in an image: OpenCV's Haar cascades (frontal, and profile facing either way), which ship
inside the opencv-python-headless 4.x wheel. Safe Harbor counts "full face photographic images and
any comparable images" as an identifier (45 CFR 164.514(b)(2)(i)(Q))."""

from __future__ import annotations

from functools import lru_cache

import cv2
import numpy as np

from safepost.engine.media.ocr import Box, grayscale

DETECT_LONG_SIDE = 1600        # faces are looked for on a copy this size at most (1024 misses ~35-px faces)
MIN_FACE = 24                  # pixels, on that copy
FRONTAL = ("haarcascade_frontalface_alt2.xml", 8)   # (cascade, neighbours needed): alt2 has fewer false
PROFILE = ("haarcascade_profileface.xml", 8)        # faces than _default; the profile one needs more votes
SCALE_STEP = 1.15             # window growth between scales: 1.1 finds a little more, 1.4× slower
OVERLAP = 0.3                  # boxes overlapping more than this (IoU) are one face


@lru_cache(maxsize=None)
def _cascade(name: str) -> cv2.CascadeClassifier:
    cascade = cv2.CascadeClassifier(cv2.data.haarcascades + name)
    if cascade.empty():
        raise RuntimeError(f"OpenCV's {name} is missing: reinstall opencv-python-headless 4.x")
    return cascade


def _detect(gray: np.ndarray, which: tuple[str, int]) -> list[Box]:
    name, neighbours = which
    found = _cascade(name).detectMultiScale(gray, scaleFactor=SCALE_STEP, minNeighbors=neighbours,
                                            minSize=(MIN_FACE, MIN_FACE))
    return [tuple(int(v) for v in b) for b in found]


def _iou(a: Box, b: Box) -> float:
    x0, y0 = max(a[0], b[0]), max(a[1], b[1])
    x1, y1 = min(a[0] + a[2], b[0] + b[2]), min(a[1] + a[3], b[1] + b[3])
    inter = max(0, x1 - x0) * max(0, y1 - y0)
    return inter / float(a[2] * a[3] + b[2] * b[3] - inter) if inter else 0.0


def _merge(boxes: list[Box]) -> list[Box]:
    kept: list[Box] = []
    for box in sorted(boxes, key=lambda b: -b[2] * b[3]):
        if all(_iou(box, k) <= OVERLAP for k in kept):
            kept.append(box)
    return sorted(kept)


def find_faces(rgb: np.ndarray, long_side: int = DETECT_LONG_SIDE) -> list[Box]:
    """The boxes (x, y, width, height) of the faces in an RGB or grayscale image, in its pixels,
    looked for on a copy whose longer side is ``long_side`` at most."""
    gray = grayscale(rgb)
    scale = min(1.0, long_side / max(gray.shape))
    if scale < 1:
        gray = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    gray = cv2.equalizeHist(gray)
    width = gray.shape[1]
    boxes = _detect(gray, FRONTAL)
    boxes += _detect(gray, PROFILE)                                               # facing left
    boxes += [(width - x - w, y, w, h)                                            # facing right
              for x, y, w, h in _detect(cv2.flip(gray, 1), PROFILE)]
    return [tuple(int(round(v / scale)) for v in b) for b in _merge(boxes)]
