"""The media engine: finds patients in images before they are published.

    >>> from safepost.engine.media import scan_image
    >>> report = scan_image(open("photo.jpg", "rb").read())     # doctest: +SKIP
    >>> report.verdict, [f.to_dict() for f in report.findings]  # doctest: +SKIP

Text in the picture is read by Tesseract (ocr.py) and checked by the text engine, faces are found
by OpenCV's Haar cascades (faces.py), EXIF/XMP/IPTC is read and stripped (metadata.py), and a
redacted copy can be written (redact.py). A video's keyframes go through the same checks, each
finding with its time (scan_video.py; ffmpeg in video.py). Needs the `media` extra and Debian's
tesseract-ocr and ffmpeg.
"""

from safepost.engine.media.errors import MediaError
from safepost.engine.media.metadata import strip
from safepost.engine.media.redact import Redaction, redact, redact_and_check
from safepost.engine.media.report import MediaFinding, MediaReport
from safepost.engine.media.scan_image import scan_image
from safepost.engine.media.scan_video import VideoReport, scan_video

__all__ = ["MediaError", "MediaFinding", "MediaReport", "Redaction", "VideoReport", "redact", "redact_and_check", "scan_image", "scan_video", "strip"]
