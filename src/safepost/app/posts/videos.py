"""Video on posts: what an upload must be, the copy without metadata, and the scan's stored shape.

An upload is refused with what to fix: not an MP4, MOV or WebM clip, over `MAX_VIDEO_BYTES` or
`MAX_VIDEO_SECONDS` (SafePost's own limits), or over a limit of one of the post's channels
(connectors/limits.py `VIDEO_LIMITS`: the message names the network, the channel and the limit).
A taken clip is stored twice, encrypted: the original, and `video.strip()`'s copy, which is what
is shown and published (the copy is probed again; a tag left in it refuses the upload).

The scan (`safepost.engine.media.scan_video`: keyframes → OCR → the text engine, faces, the
container's tags) takes seconds, so it is not done here but by the worker (posts/mediascan.py);
until then the attachment's scan is ``{"pending": true}`` and the post cannot be submitted or
approved. What is stored of a scan is PHI-free (labels, boxes, times, reason codes), except the
keyframes with findings, which are kept encrypted for the review page.
"""

from __future__ import annotations

import base64
import io
import json
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from safepost.connectors.limits import VideoFacts, media_message, video_problems
from safepost.engine import Policy
from safepost.engine.media import MediaError, video
from safepost.engine.media.scan_video import VideoReport
from safepost.app.posts.media import MAX_ALT_CHARS, UploadRefused, _alt_findings, _finding_dict, stricter

MAX_VIDEO_BYTES = 50 * 1024 * 1024
MAX_VIDEO_SECONDS = 10 * 60                      # = the engine's video.MAX_SECONDS
FORMATS_TEXT = "an MP4, MOV or WebM clip"
WEBM_CODECS = {"vp8", "vp9", "av1"}
SUFFIX = {"video/mp4": ".mp4", "video/quicktime": ".mov", "video/webm": ".webm"}
FRAME_LONG_SIDE = 960                            # keyframes kept for the review page are at most this long
FRAME_QUALITY = 80


@dataclass(frozen=True)
class CheckedVideo:
    """An upload that passed the limits and was stripped: ready to store, its scan still to come."""

    original: bytes
    stripped: bytes
    mime_type: str
    width: int
    height: int
    duration: float
    alt_text: str
    alt_scan: dict            # the alt text's findings and reasons (scanned at once: it is text)


def looks_like_video(data: bytes) -> bool:
    """An ISO media file (MP4/MOV: an ``ftyp``, ``moov``, ``mdat``, ``free`` or ``wide`` box first)
    or an EBML one (WebM/Matroska), by its first bytes, whatever the browser called it."""
    head = data[:12]
    return head[4:8] in (b"ftyp", b"moov", b"mdat", b"free", b"wide", b"skip") or head[:4] == b"\x1a\x45\xdf\xa3"


def _mime(path: Path, clip: video.Clip) -> str:
    info = video.probe_info(path)
    stream = next((s for s in info.get("streams", []) if s.get("codec_type") == "video"), {})
    if clip.format == "MP4":
        brand = str((info.get("format", {}).get("tags") or {}).get("major_brand", "")).strip()
        return "video/quicktime" if brand == "qt" else "video/mp4"
    if clip.format == "WEBM" and stream.get("codec_name") in WEBM_CODECS:
        return "video/webm"
    raise UploadRefused(f"The video was not taken: it is not {FORMATS_TEXT}. Export it as MP4 (H.264).")


def _seconds(s: float) -> str:
    return f"{s:.1f} s" if s < 60 else f"{int(s // 60)} min {round(s % 60)} s"


def channel_problems(facts: VideoFacts, channels, images: int = 0) -> list[str]:
    """One sentence per channel (of (platform, name) pairs) that cannot take this clip."""
    out = []
    for platform, name in channels:
        if problems := video_problems(platform, [facts], images=images):
            out.append(media_message(platform, problems, name))
    return out


def check_video(data: bytes, alt_text: str, *, policy: Policy, today: date, channels=()) -> CheckedVideo:
    """Refuse what is not a clip SafePost and the post's channels take, else strip it and scan
    its alt text. Raises UploadRefused with what to fix (never with the file's content)."""
    if not data:
        raise UploadRefused(f"The video file is empty: choose {FORMATS_TEXT}.")
    if len(data) > MAX_VIDEO_BYTES:
        raise UploadRefused(f"The video is {len(data) / 1e6:.1f} MB; the limit is "
                            f"{MAX_VIDEO_BYTES // (1024 * 1024)} MB: export it smaller or shorter.")
    alt_text = (alt_text or "").strip()
    if len(alt_text) > MAX_ALT_CHARS:
        raise UploadRefused(f"The video description (alt text) may have at most {MAX_ALT_CHARS} characters.")
    with tempfile.TemporaryDirectory(prefix="safepost-upload-") as tmp:
        source = Path(tmp) / "upload"
        source.write_bytes(data)
        try:
            clip = video.probe(source)
        except MediaError as e:
            raise UploadRefused(f"The video was not taken: {e}.") from None
        mime = _mime(source, clip)
        if clip.duration > MAX_VIDEO_SECONDS:
            raise UploadRefused(f"The video lasts {_seconds(clip.duration)}; the limit is "
                                f"{MAX_VIDEO_SECONDS // 60} minutes: cut it shorter.")
        target = Path(tmp) / f"published{SUFFIX[mime]}"
        try:
            copy = video.strip(source, target)
        except MediaError as e:
            raise UploadRefused(f"The video was not taken: {e}.") from None
        stripped = target.read_bytes()
    problems = channel_problems(VideoFacts(mime, len(stripped), clip.duration), channels)
    if problems:
        raise UploadRefused(f"The video does not fit every channel. {'. '.join(problems)}. Change the video, or "
                            f"untick those channels.")
    alt_scan: dict = {"findings": [], "reasons": [], "verdict": ""}
    if alt_text:
        report, found = _alt_findings(alt_text, policy, today)
        alt_scan = {"findings": found, "reasons": [r.code for r in report.reasons], "verdict": report.verdict.value}
    return CheckedVideo(original=bytes(data), stripped=stripped, mime_type=mime, width=copy.width,
                        height=copy.height, duration=round(clip.duration, 2), alt_text=alt_text, alt_scan=alt_scan)


def _frame_jpeg(image) -> tuple[str, int, int]:
    image = image.copy()
    image.thumbnail((FRAME_LONG_SIDE, FRAME_LONG_SIDE))
    out = io.BytesIO()
    image.convert("RGB").save(out, format="JPEG", quality=FRAME_QUALITY)
    return base64.b64encode(out.getvalue()).decode("ascii"), image.width, image.height


def scan_record(report: VideoReport, alt_scan: dict) -> tuple[str, dict, str]:
    """(verdict, scan, frames) to store: the clip's findings with their time (boxes in the frames'
    pixels), merged with the alt text's; and, as JSON, the keyframes that have findings with their
    boxes scaled to the JPEG kept."""
    findings, frames = [], []
    for timed in report.findings:
        d = _finding_dict(timed.finding)
        d["time"] = None if timed.time is None else round(timed.time, 2)
        findings.append(d)
    times = sorted({f["time"] for f in findings if f["time"] is not None})
    for t in times:
        image = next((img for when, img in report.images.items() if round(when, 2) == t), None)
        if image is None:
            continue
        jpeg, w, h = _frame_jpeg(image)
        scale = w / image.width
        for f in findings:
            if f["time"] == t and f["box"]:
                f["box"] = [round(v * scale) for v in f["box"]]
        frames.append({"time": t, "width": w, "height": h, "jpeg": jpeg})
    reasons = [r.code for r in report.reasons]
    verdict = report.verdict.value
    if alt_scan.get("verdict"):
        findings += [{**f, "time": None} for f in alt_scan["findings"]]
        reasons += [r for r in alt_scan["reasons"] if r not in reasons]
        verdict = stricter(verdict, alt_scan["verdict"])
    scan = {"verdict": verdict, "faces": report.faces, "reasons": reasons, "findings": findings,
            "frames_checked": len(report.frames), "complete": report.complete,
            "times": [round(t, 2) for t, _ in report.frames]}
    return verdict, scan, json.dumps(frames)
