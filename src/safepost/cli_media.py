"""`safepost scan photo.jpg`: image files through the media engine (safepost.engine.media).

A scan argument that names an image (.jpg, .jpeg, .png, .webp) or a video (.mp4, .mov, .m4v, .webm,
.avi, .mkv: its keyframes are checked, safepost.engine.media.scan_video) is read as a file; anything
else is text, as before. Same exit codes as for text: 0 ALLOW, 1 flagged, 2 usage error (a missing or
unreadable file, a file that is not an image, a missing system package)."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

IMAGE_SUFFIXES = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}
VIDEO_SUFFIXES = (".mp4", ".mov", ".m4v", ".webm", ".avi", ".mkv")
EXIT_OK, EXIT_FLAGGED, EXIT_USAGE = 0, 1, 2


def names_media(arg: str | None) -> bool:
    """Whether a scan argument is a media file's name rather than text to check."""
    if not arg or arg == "-" or "\n" in arg or len(arg) > 4096:
        return False
    if Path(arg).suffix.lower() not in (*IMAGE_SUFFIXES, *VIDEO_SUFFIXES):
        return False
    # "photo.jpg" is a file (a missing one is an error); "see our new photo.jpg" is text unless it exists
    return not any(c.isspace() for c in arg) or Path(arg).is_file()


def _fail(message: str) -> int:
    print(f"safepost scan: {message}", file=sys.stderr)
    return EXIT_USAGE


def _read(path: str) -> bytes | None:
    try:
        return Path(path).read_bytes()
    except OSError as e:
        _fail(f"cannot read {path}: {e.strerror}")
        return None


def run_image(path: str, *, direction: str, kind: str, policy, as_json: bool, redact_to: str | None,
              color: bool) -> int:
    if Path(path).suffix.lower() in VIDEO_SUFFIXES:
        if redact_to:
            return _fail(f"--redact {redact_to}: only images are redacted, not video")
        return run_video(path, direction=direction, kind=kind, policy=policy, as_json=as_json, color=color)
    if redact_to and Path(redact_to).suffix.lower() not in IMAGE_SUFFIXES:
        return _fail(f"--redact {redact_to}: name the copy .jpg, .png or .webp")
    try:
        from safepost.engine.media import MediaError, redact, scan_image
    except ImportError as e:
        return _fail(f"image checks need the media extra (pip install 'safepost[media]'): {e.name} is missing")
    data = _read(path)
    if data is None:
        return EXIT_USAGE
    try:
        report = scan_image(data, direction=direction, kind=kind, policy=policy, today=date.today())
        if redact_to:
            Path(redact_to).write_bytes(redact(data, report, IMAGE_SUFFIXES[Path(redact_to).suffix.lower()]))
    except MediaError as e:
        return _fail(f"{path}: {e}")
    except OSError as e:
        return _fail(f"cannot write {redact_to}: {e.strerror}")
    if as_json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(render_image(report, color))
        if redact_to:
            print(f"\nRedacted copy (faces blurred, identifiers boxed out, no metadata): {redact_to}")
    return EXIT_FLAGGED if report.flag else EXIT_OK


def run_video(path: str, *, direction: str, kind: str, policy, as_json: bool, color: bool) -> int:
    try:
        from safepost.engine.media import MediaError
        from safepost.engine.media.scan_video import scan_video
    except ImportError as e:
        return _fail(f"video checks need the media extra (pip install 'safepost[media]'): {e.name} is missing")
    if not Path(path).is_file():
        return _fail(f"cannot read {path}: No such file")
    try:
        report = scan_video(path, direction=direction, kind=kind, policy=policy, today=date.today())
    except MediaError as e:
        return _fail(f"{path}: {e}")
    print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) if as_json else render_video(report, color))
    return EXIT_FLAGGED if report.flag else EXIT_OK


def render_video(report, color: bool) -> str:
    from safepost.cli import VERDICT_STYLE, Style
    style = Style(color)
    v, clip = report.verdict.value, report.clip
    out = [style(f"Verdict: {v}", VERDICT_STYLE[v]),
           f"  {clip.width}×{clip.height} {clip.format}, {clip.duration:.1f} s; {len(report.frames)} frame(s) checked"
           + ("" if report.complete else " (not all: watch the rest)") + f"; at most {report.faces} face(s) in a frame"]
    if report.findings:
        out += ["", style("Findings", "1")]
        for t in report.findings:
            f = t.finding
            when = "file" if t.time is None else f"{int(t.time // 60)}:{t.time % 60:05.2f}"
            what = repr(report.text[f.start:f.end]) if f.source == "text" else f.source
            tag = style("PHI", "31") if f.is_phi else style("not PHI", "32")
            out.append(f"  {when:>8}  {f.label:<11} {what:<28} {tag}  {_where(f)}; {f.why}")
    if report.reasons:
        out += ["", style("Why", "1")] + [f"  - {r.code}: {r.explanation}" for r in report.reasons]
    return "\n".join(out)


def _where(f) -> str:
    if f.box:
        x, y, w, h = f.box
        return f"at x={x} y={y} {w}×{h}"
    return f.field or ""


def render_image(report, color: bool) -> str:
    from safepost.cli import VERDICT_STYLE, Style
    style = Style(color)
    v = report.verdict.value
    out = [style(f"Verdict: {v}", VERDICT_STYLE[v]),
           f"  {report.width}×{report.height} {report.format}; {report.faces} face(s)"
           + (f"; text turned {report.skew:+.0f}° to read it" if report.skew else "")]
    if report.text:
        out += ["", style("Text in the image", "1")] + ["  " + line for line in report.text.splitlines()]
    if report.findings:
        out += ["", style("Findings", "1")]
        for f in report.findings:
            what = repr(report.text[f.start:f.end]) if f.source == "text" else f.source
            tag = style("PHI", "31") if f.is_phi else style("not PHI", "32")
            out.append(f"  {f.label:<11} {what:<28} {tag}  {_where(f)}; {f.why}")
    if report.reasons:
        out += ["", style("Why", "1")] + [f"  - {r.code}: {r.explanation}" for r in report.reasons]
    return "\n".join(out)
