"""`safepost scan photo.jpg`: image files through the media engine, with the text exit codes
(0 ALLOW, 1 flagged, 2 usage), `--json` with boxes, and `--redact OUT`."""
from __future__ import annotations

import io
import json

import pytest
from PIL import Image

from media_images import encode, photo_background, text_on_photo
from safepost import cli
from test_media_metadata import phone_photo_with_gps


@pytest.fixture(scope="module")
def photo(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "ward photo.JPG"
    path.write_bytes(encode(text_on_photo(px=24, seed=31), "JPEG", quality=92))
    return path


def _run(capsys, *argv) -> tuple[int, str, str]:
    code = cli.main(["scan", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_photo_with_a_record_number_exits_1_and_the_json_has_boxes(photo, capsys):
    code, out, _ = _run(capsys, photo, "--json")
    d = json.loads(out)
    assert code == 1 and d["verdict"] == "BLOCK"
    mrn = next(f for f in d["findings"] if f["label"] == "MRN")
    assert d["text"][mrn["start"]:mrn["end"]] == "00482913" and len(mrn["box"]) == 4


def test_the_readable_report_lists_the_text_and_where_each_finding_is(photo, capsys):
    code, out, _ = _run(capsys, photo, "--no-color")
    assert code == 1 and out.startswith("Verdict: BLOCK")
    assert "Patient: Maria Gonzalez MRN 00482913" in out and "MRN " in out and "at x=" in out


def test_a_clean_photo_exits_0_and_reports_its_metadata(tmp_path, capsys):
    path = tmp_path / "lobby.jpeg"
    path.write_bytes(phone_photo_with_gps())
    code, out, _ = _run(capsys, path, "--json")
    d = json.loads(out)
    assert code == 0 and d["verdict"] == "ALLOW"
    assert {"source": "metadata", "label": "LOCATION", "field": "EXIF GPSInfo"}.items() <= d["findings"][0].items()


def test_redact_writes_a_copy_in_the_format_its_name_asks_for(photo, tmp_path, capsys):
    out_path = tmp_path / "safe.png"
    code, out, _ = _run(capsys, photo, "--redact", out_path)
    assert code == 1 and str(out_path) in out
    with Image.open(out_path) as img:
        assert img.format == "PNG" and img.size == (900, 300)


def test_redact_checks_the_copy_is_clean(tmp_path, capsys):
    path, out_path = tmp_path / "p.webp", tmp_path / "p-safe.webp"
    path.write_bytes(phone_photo_with_gps())          # JPEG bytes in a .webp name: read by content
    assert _run(capsys, path, "--redact", out_path)[0] == 0
    data = out_path.read_bytes()
    assert Image.open(io.BytesIO(data)).format == "WEBP" and b"Pat Example" not in data


@pytest.mark.parametrize("argv, message", [
    (["missing.png"], "cannot read missing.png"),
    (["{bad}", "--redact", "out.gif"], "name the copy .jpg, .png or .webp"),
    (["clip.mp4"], "cannot read clip.mp4"),
], ids=["missing", "redact-gif", "video"])
def test_usage_errors_exit_2_with_what_to_fix(argv, message, capsys, tmp_path):
    argv = [str(tmp_path / "x.jpg") if a == "{bad}" else a for a in argv]
    code, _, err = _run(capsys, *argv)
    assert code == 2 and message in err


def test_a_file_that_is_not_an_image_exits_2(tmp_path, capsys):
    path = tmp_path / "notes.png"
    path.write_text("Patient: Maria Gonzalez")
    code, _, err = _run(capsys, path)
    assert code == 2 and "not an image that can be read" in err and "Maria" not in err


def test_redact_with_text_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as e:
        cli.main(["scan", "Flu shots today", "--redact", "out.png"])
    assert e.value.code == 2 and "--redact only goes with an image file" in capsys.readouterr().err


def test_text_that_merely_mentions_a_file_is_still_text(capsys):
    code, out, _ = _run(capsys, "Flu shots today, see the flyer in lobby.png", "--json")
    assert code == 0 and json.loads(out)["verdict"] == "ALLOW"


def test_an_empty_png_background_is_allowed(tmp_path, capsys):
    path = tmp_path / "sky.png"
    path.write_bytes(encode(photo_background(300, 200, seed=4)))
    assert _run(capsys, path)[0] == 0
