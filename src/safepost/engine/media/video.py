"""Video files through Debian's ffmpeg/ffprobe (scripts/setup.d/30-media.sh): what a clip is
(`probe`), the identifying tags in its container (`metadata_fields`), the frames worth checking
(`keyframes`), and a copy without its metadata (`strip`, verified by probing the copy).

Only local files are read (`-protocol_whitelist file`), and only container formats that hold a
clip (MP4/MOV, Matroska/WebM, AVI): a playlist or a concatenation script named ``clip.mp4`` could
make ffmpeg read other files or URLs, so it is refused from the probe.

Which frames: the first, each scene change, and one at least every few seconds (text on a slow pan
never makes a scene change), never two within `MIN_GAP` seconds, at most `MAX_FRAMES`. A clip
with more frames worth checking than that is reported as not fully checked (`VideoFrames.complete`).
A frame that looks like the last one kept (no block of a 32 × 18 grid changed by more than `SAME`
grey levels on average; a line of 14-px text appearing on a 1080p frame changes a block by 7, sensor
grain by 1) is not checked again: a still scene is read once, not every five seconds.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from safepost.engine.media.errors import MediaError
from safepost.engine.media.load import MAX_MEGAPIXELS
from safepost.engine.media.metadata import MetaField

FFMPEG_MISSING = ("ffmpeg is not installed, so video cannot be checked: install Debian's ffmpeg "
                  "(scripts/setup.d/30-media.sh does)")
CONTAINERS = {"mov,mp4,m4a,3gp,3g2,mj2": "MP4", "matroska,webm": "WEBM", "avi": "AVI"}
MAX_SECONDS = 600
MAX_FRAMES = 60
MIN_GAP = 1.0            # seconds between two checked frames, at least
FLOOR_GAP = 5.0          # and at most (longer clips: spread so these take half of MAX_FRAMES)
SCENE = 0.1              # ffmpeg's scene score (0-1) that counts as a cut (text appearing on a slide: ~0.15)
TIMEOUT = 300
FACE_LONG_SIDE = 960     # faces in frames are looked for on a copy this long (a photo's: 1600): half the time
                         # per frame, and a face 32 px tall in a 1280-px frame is still found
GRID = (32, 18)
SAME = 4.0               # grey levels: the most a block of the grid may change for a frame to be "the same"
# container and stream tags → the Safe Harbor label of what they hold
TAGS = {"location": "LOCATION", "location-eng": "LOCATION", "com.apple.quicktime.location.iso6709": "LOCATION",
        "artist": "NAME", "album_artist": "NAME", "author": "NAME", "composer": "NAME", "copyright": "NAME",
        "com.apple.quicktime.author": "NAME", "com.apple.quicktime.artist": "NAME",
        "com.apple.quicktime.displayname": "NAME", "title": "NAME", "comment": "NAME", "description": "NAME",
        "com.apple.quicktime.model": "DEVICE", "com.android.manufacturer": "DEVICE",
        "com.android.model": "DEVICE", "serial_number": "DEVICE"}
# what a stripped copy may still carry: structure the muxer writes, nothing about the clip or its maker
HARMLESS_TAGS = {"major_brand", "minor_version", "compatible_brands", "language", "vendor_id", "duration",
                 "handler_name"}
HANDLER_NAMES = {"VideoHandler", "SoundHandler"}
OWN_ENCODER = "Lavf"     # the Matroska/WebM muxer names itself even in bitexact mode: our copy's, not the clip's
MUXERS = {".mp4": "mp4", ".m4v": "mp4", ".mov": "mov", ".webm": "webm", ".mkv": "matroska", ".avi": "avi"}


@dataclass(frozen=True, slots=True)
class Clip:
    path: Path
    format: str          # MP4, WEBM or AVI
    width: int
    height: int
    duration: float      # seconds
    tags: dict           # lower-cased tag name → value, the container's and every stream's


@dataclass(frozen=True, slots=True)
class VideoFrames:
    frames: list[tuple[float, Image.Image]]      # (seconds from the start, upright RGB pixels)
    complete: bool                               # False: MAX_FRAMES reached before the end


def _tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise MediaError(FFMPEG_MISSING)
    return path


def _run(argv: list[str]) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(argv, capture_output=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL, check=False)
    except subprocess.TimeoutExpired:
        raise MediaError(f"reading the video took more than {TIMEOUT} s: send a shorter clip") from None


def _source(path: Path) -> str:
    return "file:" + str(path.resolve())


def _tags(info: dict) -> dict:
    tags = {k.lower(): v for k, v in (info.get("format", {}).get("tags") or {}).items()}
    for stream in info.get("streams", []):
        tags.update({k.lower(): v for k, v in (stream.get("tags") or {}).items() if k.lower() not in tags})
    return tags


def _probe_json(path: Path) -> dict:
    done = _run([_tool("ffprobe"), "-v", "error", "-protocol_whitelist", "file", "-show_format", "-show_streams",
                 "-of", "json", _source(path)])
    try:
        return json.loads(done.stdout) if done.returncode == 0 else {}
    except ValueError:
        return {}


def probe_info(path: str | Path) -> dict:
    """ffprobe's JSON about the file (format and streams), {} when it is not a media file."""
    return _probe_json(Path(path))


def probe(path: str | Path) -> Clip:
    """What the clip is, or MediaError saying what to fix (not a video, too long, too large)."""
    path = Path(path)
    if not path.is_file():
        raise MediaError("the video file does not exist")
    info = _probe_json(path)
    video = next((s for s in info.get("streams", []) if s.get("codec_type") == "video"
                  and not (s.get("disposition") or {}).get("attached_pic")), None)
    container = CONTAINERS.get(info.get("format", {}).get("format_name", ""))
    if not video or not container:
        raise MediaError("not a video that can be read: send an MP4, MOV, WebM or AVI clip")
    width, height = int(video.get("width") or 0), int(video.get("height") or 0)
    if width * height > MAX_MEGAPIXELS * 1e6 or width < 1 or height < 1:
        raise MediaError(f"the video's frames are {width}×{height} pixels; the limit is {MAX_MEGAPIXELS} MP")
    try:
        duration = float(info["format"].get("duration") or video.get("duration") or 0)
    except ValueError:
        duration = 0.0
    if duration > MAX_SECONDS:
        raise MediaError(f"the clip lasts {duration:.0f} s; the limit is {MAX_SECONDS} s: cut it shorter")
    return Clip(path, container, width, height, duration, _tags(info))


def metadata_fields(clip: Clip) -> list[MetaField]:
    """The identifying tags of the clip (where it was filmed, by whom, on what device)."""
    return [MetaField(f"tag {name}", label) for name, label in TAGS.items() if str(clip.tags.get(name, "")).strip()]


def _select(clip: Clip) -> str:
    floor = max(FLOOR_GAP, 2 * clip.duration / MAX_FRAMES)
    gap = "t-prev_selected_t"
    return (f"select='isnan(prev_selected_t)+gte({gap}\\,{MIN_GAP})*(gt(scene\\,{SCENE})+gte({gap}\\,{floor}))',"
            "showinfo")


def _thumbnail(image: Image.Image) -> np.ndarray:
    """The frame's mean grey level in each block of the grid."""
    return np.asarray(image.convert("L").resize(GRID, Image.Resampling.BOX), dtype=np.float32)


def _distinct(frames: list[tuple[float, Image.Image]]) -> list[tuple[float, Image.Image]]:
    kept, last = [], None
    for time, image in frames:
        thumb = _thumbnail(image)
        if last is None or thumb.shape != last.shape or float(np.abs(thumb - last).max()) > SAME:
            kept.append((time, image))
            last = thumb
    return kept


def keyframes(clip: Clip) -> VideoFrames:
    """The frames worth checking, with their time. ffmpeg turns them upright (its autorotate)."""
    with tempfile.TemporaryDirectory(prefix="safepost-frames-") as tmp:
        done = _run([_tool("ffmpeg"), "-nostdin", "-v", "info", "-protocol_whitelist", "file", "-i", _source(clip.path),
                     "-an", "-sn", "-dn", "-vf", _select(clip), "-fps_mode", "vfr", "-frames:v", str(MAX_FRAMES + 1),
                     str(Path(tmp) / "%04d.ppm")])
        files = sorted(Path(tmp).glob("*.ppm"))     # uncompressed: PNG cost ~0.1 CPU-s a frame to write
        if done.returncode != 0 or not files:
            raise MediaError("the video's frames cannot be decoded: the file is damaged or cut short")
        times = [float(t) for t in re.findall(rb"pts_time:\s*([0-9.]+)", done.stderr)]
        frames = []
        for i, file in enumerate(files[:MAX_FRAMES]):
            with Image.open(file) as img:
                frames.append((times[i] if i < len(times) else 0.0, img.convert("RGB")))
    return VideoFrames(_distinct(frames), complete=len(files) <= MAX_FRAMES)


def _leftover(clip: Clip) -> list[str]:
    """Tags a stripped copy should not have."""
    return sorted(k for k, v in clip.tags.items()
                  if not (k == "encoder" and v == OWN_ENCODER)
                  and (k not in HARMLESS_TAGS or (k == "handler_name" and v not in HANDLER_NAMES)))


def strip(source: str | Path, target: str | Path) -> Clip:
    """Write ``target``, the clip without its container and stream metadata or chapters (the
    streams copied as they are, so no quality is lost), in the container its name asks for; raises
    MediaError if probing the copy still finds a tag that is not structural. Only the picture and
    the sound are kept: subtitle and data tracks (text that is never checked, a phone's timed
    location track), cover art and attached files are left out."""
    target = Path(target)
    if target.suffix.lower() not in MUXERS:
        raise MediaError(f"name the copy {', '.join(MUXERS)}")
    clip = probe(source)
    done = _run([_tool("ffmpeg"), "-nostdin", "-v", "error", "-y", "-protocol_whitelist", "file",
                 "-i", _source(clip.path), "-map", "0:V", "-map", "0:a?", "-map_metadata", "-1", "-map_chapters", "-1", "-c", "copy",
                 "-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact",
                 "-f", MUXERS[target.suffix.lower()], _source(target)])
    if done.returncode != 0:
        raise MediaError("the video could not be copied without its metadata")
    copy = probe(target)
    if left := _leftover(copy):
        target.unlink(missing_ok=True)
        raise MediaError(f"the copy still carries metadata ({', '.join(left)}); it was not written")
    return copy
