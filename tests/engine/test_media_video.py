"""Video: a clip's keyframes through the image checks, each finding with its frame's time;
`safepost scan clip.mp4` with the image exit codes; container tags found and stripped (the copy
probed again with ffprobe). Every clip is made here, from Pillow-rendered pictures, with ffmpeg."""
from __future__ import annotations

import json
import subprocess

import pytest
from media_images import clip, photo_background, text_on_photo
from PIL import Image

from safepost import cli
from safepost.engine.media import MediaError, video
from safepost.engine.media.scan_video import scan_video
from safepost.engine.report import Verdict

SIZE = (640, 360)


def _background(seed: int) -> Image.Image:
    return photo_background(*SIZE, seed=seed)


@pytest.fixture(scope="module")
def ward_clip(tmp_path_factory):
    """Six seconds: a background, the patient line from 2.0 s to 4.0 s, another background."""
    path = tmp_path_factory.mktemp("video") / "ward tour.mp4"
    clip(path, [(_background(0), 2), (text_on_photo(size=SIZE, px=22, seed=1), 2), (_background(2), 2)])
    return path


def _run(capsys, *argv) -> tuple[int, str, str]:
    code = cli.main(["scan", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_frame_with_a_record_number_blocks_the_clip_and_its_time_is_given(ward_clip, capsys):
    code, out, _ = _run(capsys, ward_clip, "--json")
    d = json.loads(out)
    assert code == 1 and d["verdict"] == "BLOCK" and d["video"]["format"] == "MP4"
    mrn = next(f for f in d["findings"] if f["label"] == "MRN")
    assert d["text"][mrn["start"]:mrn["end"]] == "00482913" and len(mrn["box"]) == 4
    assert mrn["time"] == pytest.approx(2.0, abs=0.25)
    assert [f["time"] for f in d["frames"]] == pytest.approx([0.0, 2.0, 4.0], abs=0.25)
    assert [f["verdict"] for f in d["frames"]] == ["ALLOW", "BLOCK", "ALLOW"]


def test_the_readable_report_gives_minutes_and_seconds(ward_clip, capsys):
    code, out, _ = _run(capsys, ward_clip, "--no-color")
    assert code == 1 and out.startswith("Verdict: BLOCK") and "3 frame(s) checked" in out
    assert "0:02.00  MRN" in out and "'00482913'" in out


def test_a_clip_without_text_or_faces_is_allowed(tmp_path, capsys):
    path = tmp_path / "sky.mov"                      # MP4 bytes under another video name
    clip(path, [(_background(4), 4), (_background(5), 4), (_background(6), 4)])
    code, out, _ = _run(capsys, path, "--json")
    d = json.loads(out)
    assert code == 0 and d["verdict"] == "ALLOW" and d["findings"] == []
    assert d["frames"][0]["time"] == 0 and len(d["frames"]) >= 2 and d["video"]["complete"]


def test_text_appearing_without_a_cut_is_read_and_a_still_scene_is_read_once(tmp_path):
    path = tmp_path / "whiteboard.mp4"
    clip(path, [(_background(6), 6), (text_on_photo(size=SIZE, px=14, seed=6), 6)])
    report = scan_video(path)
    assert [round(t) for t, _ in report.frames] == [0, 10]     # 5 s: the same as 0 s; 10 s: the text is there
    assert report.verdict is Verdict.BLOCK
    assert {f.finding.label: round(f.time) for f in report.findings} == {"NAME": 10, "MRN": 10}


def test_a_face_in_a_frame_needs_authorization(tmp_path):
    from skimage import data
    astronaut = Image.fromarray(data.astronaut())
    path = tmp_path / "team.mp4"
    clip(path, [(Image.new("RGB", astronaut.size, "white"), 1), (astronaut, 2)])
    report = scan_video(path)
    assert report.verdict is Verdict.NEEDS_AUTHORIZATION and report.faces == 1
    face = next(f for f in report.findings if f.finding.source == "face")
    assert face.time == pytest.approx(1.0, abs=0.25) and "shows_face" in [r.code for r in report.reasons]


def test_more_scene_changes_than_the_frames_checked_needs_a_person(ward_clip, monkeypatch):
    monkeypatch.setattr(video, "MAX_FRAMES", 2)
    report = scan_video(ward_clip)
    assert len(report.frames) == 2 and not report.complete
    assert "video_not_fully_checked" in [r.code for r in report.reasons] and report.verdict is Verdict.BLOCK
    monkeypatch.setattr(video, "MAX_FRAMES", 1)
    assert scan_video(ward_clip).verdict is Verdict.NEEDS_AUTHORIZATION   # the first frame alone is clean


def _tags(path) -> dict:
    done = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format_tags:stream_tags", "-of", "json",
                           str(path)], capture_output=True, check=True)
    info = json.loads(done.stdout)
    return {**info["format"].get("tags", {}), **{k: v for s in info["streams"] for k, v in s.get("tags", {}).items()}}


def test_location_and_author_tags_are_findings_and_the_stripped_copy_has_none(tmp_path):
    path, copy = tmp_path / "lobby.mp4", tmp_path / "lobby-published.mp4"
    clip(path, [(_background(5), 1)], tags={"location": "+40.7128-074.0060/", "artist": "Pat Example"})
    report = scan_video(path)
    assert report.verdict is Verdict.ALLOW
    meta = {(f.finding.field, f.finding.label) for f in report.findings if f.finding.source == "metadata"}
    assert meta == {("tag location", "LOCATION"), ("tag location-eng", "LOCATION"), ("tag artist", "NAME")}
    assert all(f.time is None for f in report.findings if f.finding.source == "metadata")
    video.strip(path, copy)
    tags = _tags(copy)
    assert "artist" not in tags and "location" not in tags and set(tags) <= video.HARMLESS_TAGS
    assert b"Pat Example" not in copy.read_bytes() and b"40.7128" not in copy.read_bytes()
    assert scan_video(copy).findings == []


def test_strip_refuses_a_copy_name_it_cannot_write(tmp_path, ward_clip):
    with pytest.raises(MediaError, match="name the copy .mp4"):
        video.strip(ward_clip, tmp_path / "copy.gif")


def test_a_playlist_named_like_a_clip_is_refused_without_reading_what_it_points_to(tmp_path, ward_clip, capsys):
    path = tmp_path / "clip.mp4"
    path.write_text(f"#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXTINF:6,\n{ward_clip}\n#EXT-X-ENDLIST\n")
    code, _, err = _run(capsys, path)
    assert code == 2 and "not a video that can be read" in err


@pytest.mark.parametrize("argv, message", [
    (["missing.mp4"], "cannot read missing.mp4"),
    (["{notes}"], "not a video that can be read"),
    (["{notes}", "--redact", "out.mp4"], "only images are redacted, not video"),
], ids=["missing", "not-a-video", "redact"])
def test_usage_errors_exit_2_with_what_to_fix_and_no_content(argv, message, tmp_path, capsys):
    notes = tmp_path / "notes.webm"
    notes.write_text("Patient: Maria Gonzalez")
    code, _, err = _run(capsys, *[str(notes) if a == "{notes}" else a for a in argv])
    assert code == 2 and message in err and "Maria" not in err


def test_the_stripped_copy_keeps_picture_and_sound_only_not_a_subtitle_track(tmp_path):
    """A subtitle track is text the checks never read: it must not reach the published copy."""
    srt, path, copy = tmp_path / "s.srt", tmp_path / "tour.mp4", tmp_path / "tour-published.mp4"
    srt.write_text("1\n00:00:00,000 --> 00:00:01,000\nPatient Maria Gonzalez MRN 00482913\n")
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=160x90:rate=4",
                    "-f", "lavfi", "-i", "sine=frequency=440", "-i", str(srt), "-t", "1", "-map", "0:v", "-map", "1:a",
                    "-map", "2", "-c:v", "libx264", "-c:a", "aac", "-c:s", "mov_text", str(path)],
                   check=True, timeout=60)
    assert b"Maria Gonzalez" in path.read_bytes()
    video.strip(path, copy)
    done = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "stream=codec_type", "-of", "json", str(copy)],
                          capture_output=True, check=True)
    assert sorted(s["codec_type"] for s in json.loads(done.stdout)["streams"]) == ["audio", "video"]
    assert b"Maria Gonzalez" not in copy.read_bytes()
