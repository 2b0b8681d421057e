"""The one error the media engine raises: its message says what to fix and never holds PHI."""

from __future__ import annotations


class MediaError(ValueError):
    """An image that cannot be checked (not an image, too large, unsupported format), or a
    missing system package (the message names it and how to install it)."""


TESSERACT_MISSING = ("Tesseract OCR is not installed, so text in images cannot be read: install Debian's "
                     "tesseract-ocr, tesseract-ocr-eng and tesseract-ocr-spa (scripts/setup.d/30-media.sh does)")
