"""Images on posts: what an upload must be, how it is checked, and how its verdict joins the post's.

An upload is refused with what to fix (format, size, how many per post). A taken image is scanned
by the media engine (`safepost.engine.media.scan_image`: OCR → the text engine, faces, metadata)
and its alt text by the text engine, once, before any transaction (OCR takes a second or two).
The original is kept encrypted (`Attachment.data`); the copy shown and published is
`metadata.strip()`'s (`Attachment.stripped`). What is stored of the scan is PHI-free: labels,
boxes, reason codes and plain words, never the text that was read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from safepost.engine import Policy, Verdict, scan
from safepost.engine.labels import PLAIN
from safepost.engine.media import MediaError, redact_and_check, scan_image, strip
from safepost.engine.media.redact import covered
from safepost.engine.media.errors import TESSERACT_MISSING

MAX_BYTES = 10 * 1024 * 1024
MAX_PER_POST = 4
MIME_OF_FORMAT = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
FORMATS_TEXT = "JPEG, PNG or WebP"
MAX_ALT_CHARS = 1000
# the stricter verdict wins when a post's text and its images are merged
STRICTNESS = {Verdict.ALLOW.value: 0, Verdict.NEEDS_AUTHORIZATION.value: 1,
              Verdict.PRIVATE_FOLLOW_UP.value: 2, Verdict.BLOCK.value: 3}


NOT_CHECKED = "image_not_checked"
VIDEO_PENDING = "video_check_pending"
VIDEO_NOT_CHECKED = "video_not_checked"


class UploadRefused(ValueError):
    """An upload that is not taken; the message says what to fix (no content of the file)."""


class CheckUnavailable(RuntimeError):
    """The server cannot check images (Tesseract missing): nothing is taken unchecked."""


@dataclass(frozen=True)
class CheckedImage:
    """An upload that passed the limits and was scanned: ready to store."""

    original: bytes
    stripped: bytes
    mime_type: str
    width: int
    height: int
    alt_text: str
    verdict: str
    scan: dict
    redacted: bytes = b""          # faces blurred, text findings boxed out (only for an image with such findings)
    redacted_scan: dict | None = None


ORIGINAL, REDACTED = "original", "redacted"
COPIES = (ORIGINAL, REDACTED)


def check_count(existing: int, adding: int = 1) -> None:
    if existing + adding > MAX_PER_POST:
        raise UploadRefused(f"A post may have at most {MAX_PER_POST} images; it has {existing}. "
                            f"Remove one or start another post.")


def check_limits(data: bytes, existing: int, adding: int = 1) -> None:
    if not data:
        raise UploadRefused("The image file is empty: choose a JPEG, PNG or WebP photo.")
    if len(data) > MAX_BYTES:
        raise UploadRefused(f"The image is {len(data) / 1e6:.1f} MB; the limit is {MAX_BYTES // (1024 * 1024)} MB: "
                            f"export it smaller.")
    check_count(existing, adding)


def _finding_dict(f) -> dict:
    """A media finding without what was read: label, plain words, source, box, field name."""
    d = {"source": f.source, "label": f.label, "plain": PLAIN.get(f.label, f.label.replace("_", " ").lower()),
         "is_phi": f.is_phi, "box": list(f.box) if f.box else None}
    if f.field:
        d["field"] = f.field
    return d


def _alt_findings(alt: str, policy: Policy, today: date):
    report = scan(alt, direction="outbound", kind="caption", org=policy, today=today)
    found = [{"source": "alt_text", "label": f.label, "plain": PLAIN.get(f.label, f.label), "is_phi": f.is_phi,
              "box": None} for f in report.findings]
    return report, found


def check_image(data: bytes, alt_text: str, *, policy: Policy, today: date, existing: int = 0) -> CheckedImage:
    """Refuse what is over the limits or not an image, else scan it (pixels and alt text), and
    make the redacted copy when there is something to cover (with the copy's own verdict)."""
    check_limits(data, existing)
    alt_text = check_alt(alt_text)
    redaction = None
    try:
        report = scan_image(data, direction="outbound", kind="post", policy=policy, today=today)
        stripped = strip(data)
        if covered(report):
            redaction = redact_and_check(data, report, policy=policy, today=today)
    except MediaError as e:           # its messages name the problem, never the content
        if str(e) == TESSERACT_MISSING:
            raise CheckUnavailable("Images cannot be checked on this server: its OCR (Tesseract) is not installed, "
                                   "so the image was not taken. Ask your administrator to run "
                                   "scripts/setup.d/30-media.sh.") from None
        raise UploadRefused(f"The image was not taken: {e}. Use a {FORMATS_TEXT} photo.") from None
    scan_result = with_alt(pixels_part(report), alt_text, policy, today)
    redacted_scan = None
    if redaction is not None:
        redacted_scan = with_alt({**pixels_part(redaction.report), "blurred": redaction.blurred,
                                  "boxed": redaction.boxed}, alt_text, policy, today)
    return CheckedImage(original=bytes(data), stripped=stripped, mime_type=MIME_OF_FORMAT[report.format],
                        width=report.width, height=report.height, alt_text=alt_text, verdict=scan_result["verdict"],
                        scan=scan_result, redacted=redaction.data if redaction else b"", redacted_scan=redacted_scan)


def check_alt(alt_text: str) -> str:
    alt_text = (alt_text or "").strip()
    if len(alt_text) > MAX_ALT_CHARS:
        raise UploadRefused(f"The image description (alt text) may have at most {MAX_ALT_CHARS} characters.")
    return alt_text


def pixels_part(report) -> dict:
    """What is stored of a scan of the pixels (no text read): kept apart under "image" so that the
    alt text can be checked again alone."""
    return {"findings": [_finding_dict(f) for f in report.findings], "reasons": [r.code for r in report.reasons],
            "verdict": report.verdict.value, "faces": report.faces, "skew": round(report.skew, 1)}


def with_alt(pixels: dict, alt_text: str, policy: Policy, today: date) -> dict:
    """A stored scan: the pixels' part (`pixels_part`, or a stored scan's "image") joined with the
    check of ``alt_text``; the stricter verdict wins."""
    image = {k: v for k, v in pixels.items() if k != "image"}
    findings, reasons, verdict = list(image["findings"]), list(image["reasons"]), image["verdict"]
    if alt_text:
        alt_report, alt_found = _alt_findings(alt_text, policy, today)
        findings += alt_found
        reasons += [r.code for r in alt_report.reasons if r.code not in reasons]
        verdict = stricter(verdict, alt_report.verdict.value)
    extra = {k: image[k] for k in ("blurred", "boxed") if k in image}
    return {"verdict": verdict, "faces": image.get("faces", 0), "reasons": reasons, "findings": findings,
            "skew": image.get("skew", 0.0), **extra, "image": image}


def stricter(a: str, b: str) -> str:
    """The stricter of two verdicts (an empty one counts for nothing)."""
    if not a:
        return b
    if not b:
        return a
    return a if STRICTNESS.get(a, 3) >= STRICTNESS.get(b, 3) else b


@dataclass(frozen=True)
class Merged:
    verdict: str
    reasons: list[str]
    labels: list[str]


def merge(verdict: str, reasons: list[str], labels: list[str], images: list[dict]) -> Merged:
    """The post's verdict with each image's scan folded in: the stricter verdict wins, reason
    codes and PHI labels are joined (a face is FACE: the consent check then asks for photos)."""
    reasons, labels = list(reasons), set(labels)
    for scan_result in images:
        if scan_result.get("pending"):              # a video the worker has not checked yet
            verdict = stricter(verdict, Verdict.NEEDS_AUTHORIZATION.value)
            reasons += [] if VIDEO_PENDING in reasons else [VIDEO_PENDING]
            continue
        if scan_result.get("failed"):               # a video that could not be checked: a person must watch it
            verdict = stricter(verdict, Verdict.NEEDS_AUTHORIZATION.value)
            reasons += [] if VIDEO_NOT_CHECKED in reasons else [VIDEO_NOT_CHECKED]
            continue
        if not scan_result.get("verdict"):           # stored before images were checked: a person must look
            verdict = stricter(verdict, Verdict.NEEDS_AUTHORIZATION.value)
            reasons += [] if NOT_CHECKED in reasons else [NOT_CHECKED]
            continue
        verdict = stricter(verdict, scan_result.get("verdict", ""))
        reasons += [r for r in scan_result.get("reasons", []) if r not in reasons]
        labels |= {f["label"] for f in scan_result.get("findings", []) if f.get("is_phi")}
    return Merged(verdict, reasons, sorted(labels))
