"""The media engine's figures for the README (issue 11): identifiers recovered from pictures of text,
faces found on a small labelled set, and the time to check a 12-megapixel photo on one core.

    OMP_THREAD_LIMIT=1 .venv/bin/python bench/media_figures.py            # markdown; JSON in bench/results/
    .venv/bin/python bench/media_figures.py --n 10                        # quicker, fewer images per size

Identifiers: every image holds two lines on a photo-like background (tests/engine/media_images.py),
"Patient: <name>  MRN <8 digits>" and "DOB <date>  Tel <phone>", all made up (seeded). An identifier
is *read* when OCR returns it exactly (spaces collapsed), *read, accents aside* when it does so
but for accents ("Lucia" for "Lucía"), and *flagged* when the media report has a text finding over
it; each is counted per identifier, over the whole pipeline (`scan_image` on a JPEG). The 12-MP photo is a 4000 × 3000 JPEG with a face and a line of text, checked with
`scan_image` in a process pinned to one core (Tesseract's threads limited to one). The 60-second
clip (`--video`) is a 1280 × 720, 30 fps H.264 MP4 of ten 6-second scenes (two show a patient line,
one a face), checked with `scan_video`: wall time on the whole machine (ffmpeg decodes on every
core), and the CPU seconds it and its children (ffmpeg, Tesseract) spent.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import time
import unicodedata
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests" / "engine")]
os.environ.setdefault("OMP_THREAD_LIMIT", "1")   # Tesseract: one thread (it inherits the pinned core too)

import cv2  # noqa: E402
import numpy as np  # noqa: E402
from PIL import Image, ImageDraw  # noqa: E402

from media_images import (  # noqa: E402
    clip,
    encode,
    font,
    patient_table,
    photo_background,
    text_on_photo,
    twelve_megapixel_scene,
    whiteboard,
)
from safepost.engine.media import scan_image, scan_video  # noqa: E402
from safepost.engine.media.faces import find_faces  # noqa: E402

FIRST = ["Maria", "Robert", "Linh", "José", "Aisha", "Daniel", "Grace", "Tomasz", "Priya", "Samuel",
         "Lucía", "Kevin", "Fatima", "Oliver", "Mei", "Andre", "Hannah", "Carlos", "Nadia", "Peter"]
LAST = ["Gonzalez", "Okafor", "Tran", "Ramírez", "Bello", "Whitaker", "Lindqvist", "Nowak", "Raman",
        "Fischer", "Herrera", "O'Brien", "Haddad", "Brennan", "Zhou", "Moreau", "Keller", "Mendoza", "Sato", "Adler"]
CONDITIONS = [(14, 0), (18, 0), (24, 0), (32, 0), (24, 10), (14, 10)]
TODAY = date(2026, 12, 6)


def _identifiers(rng: random.Random) -> dict[str, str]:
    return {"NAME": f"{rng.choice(FIRST)} {rng.choice(LAST)}", "MRN": f"{rng.randrange(10**7, 10**8):08d}",
            "DATE": f"{rng.randrange(1, 13):02d}/{rng.randrange(1, 29):02d}/{rng.randrange(1935, 2015)}",
            "PHONE": f"({rng.randrange(201, 990)}) {rng.randrange(200, 999)}-{rng.randrange(0, 10000):04d}"}


def _image(ids: dict[str, str], px: int, angle: float, seed: int) -> bytes:
    img = photo_background(1000, 360, seed=seed)
    d = ImageDraw.Draw(img)
    d.text((40, 100), f"Patient: {ids['NAME']}  MRN {ids['MRN']}", font=font(px), fill=(15, 15, 25))
    d.text((40, 100 + 2 * px), f"DOB {ids['DATE']}  Tel {ids['PHONE']}", font=font(px), fill=(15, 15, 25))
    if angle:
        img = img.rotate(angle, expand=True, resample=Image.BICUBIC, fillcolor=(150, 150, 140))
    return encode(img, "JPEG", quality=90)


def _squash(s: str) -> str:
    return " ".join(s.split())


def _fold(s: str) -> str:
    """Without accents, one character for one (í → i), so positions stay where they were."""
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def _flagged(report, value: str) -> bool:
    """A text finding of the report lies over the identifier (found with accents ignored)."""
    text = _fold(report.text).replace("\n", " ")
    start = text.find(_fold(value))
    return start >= 0 and any(f.source == "text" and f.start < start + len(value) and start < f.end
                              for f in report.findings)


def identifiers(n: int) -> list[dict]:
    rows = []
    for px, angle in CONDITIONS:
        rng = random.Random(px * 100 + angle)
        read = loose = flagged = total = 0
        per_label: dict[str, list[int]] = {}
        for i in range(n):
            ids = _identifiers(rng)
            report = scan_image(_image(ids, px, angle, seed=i), today=TODAY)
            for label, value in ids.items():
                ok = value in _squash(report.text)
                read += ok
                loose += _fold(value) in _fold(_squash(report.text))
                flagged += _flagged(report, value)
                total += 1
                per_label.setdefault(label, [0, 0])
                per_label[label][0] += ok
                per_label[label][1] += 1
        rows.append({"px": px, "angle": angle, "identifiers": total, "read": read / total,
                     "read_ignoring_accents": loose / total, "flagged": flagged / total,
                     "read_by_label": {k: round(v[0] / v[1], 3) for k, v in per_label.items()}})
        print(f"  {px} px, {angle}°: read {read}/{total} ({loose} ignoring accents), flagged {flagged}/{total}",
              file=sys.stderr)
    return rows


def _face_set() -> list[tuple[str, np.ndarray, int]]:
    from skimage import data
    astro = data.astronaut()
    small = photo_background(1600, 1200, seed=3)
    small.paste(Image.fromarray(astro).resize((200, 200)), (900, 500))
    group = np.concatenate([astro, astro[:, ::-1], astro], axis=1)
    return [
        ("astronaut", astro, 1), ("astronaut mirrored", np.ascontiguousarray(astro[:, ::-1]), 1),
        ("three astronauts side by side", group, 3), ("astronaut 200 px in a 2-MP photo", np.asarray(small), 1),
        ("astronaut rotated 20°", np.asarray(Image.fromarray(astro).rotate(20)), 1),
        ("cameraman (face half behind the camera)", data.camera(), 1),
        ("coffee", data.coffee(), 0), ("cat (chelsea)", data.chelsea(), 0), ("rocket", data.rocket(), 0),
        ("retina", data.retina(), 0), ("microscopy", data.immunohistochemistry(), 0), ("horse", data.horse().astype(np.uint8) * 255, 0),
        ("patient table", np.asarray(patient_table()), 0), ("whiteboard", np.asarray(whiteboard()), 0),
        ("12-MP JPEG: a face and a line of 64-px text", _jpeg_pixels(twelve_megapixel_scene()), 1),
    ]


def _jpeg_pixels(img: Image.Image) -> np.ndarray:
    import io
    return np.asarray(Image.open(io.BytesIO(encode(img, "JPEG", quality=90))).convert("RGB"))


def faces() -> dict:
    rows, found, labelled, false = [], 0, 0, 0
    for name, img, expected in _face_set():
        got = len(find_faces(img))
        found += min(got, expected)
        false += max(0, got - expected)
        labelled += expected
        rows.append({"image": name, "labelled": expected, "found": got})
    return {"images": rows, "recall": found / labelled, "found": found, "labelled": labelled, "false_faces": false}


SAMPLE_PHOTOS = ("coffee", "chelsea", "rocket", "retina", "immunohistochemistry", "hubble_deep_field", "camera",
                 "coins", "page", "text", "clock", "brick", "grass", "moon")


def false_alarms() -> dict:
    """scikit-image's sample photos (none shows a patient; `page` is a scanned page of a tutorial,
    `camera` a man's face half hidden by his camera): how many does `scan_image` flag?"""
    from skimage import data
    flagged = []
    for name in SAMPLE_PHOTOS:
        pixels = getattr(data, name)()
        if pixels.dtype != np.uint8:
            pixels = (pixels * 255).astype(np.uint8)
        report = scan_image(encode(Image.fromarray(pixels).convert("RGB"), "JPEG", quality=90), today=TODAY)
        if report.flag:
            flagged.append(name)
    return {"photos": len(SAMPLE_PHOTOS), "flagged": flagged}


def twelve_megapixels(runs: int) -> dict:
    jpeg = encode(twelve_megapixel_scene(), "JPEG", quality=90)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    cv2.setNumThreads(1)
    scan_image(jpeg, today=TODAY)        # warm: cascades loaded, Tesseract's models in the page cache
    times, cpu, verdict = [], [], None
    for _ in range(runs):
        t, c = time.perf_counter(), _cpu()
        report = scan_image(jpeg, today=TODAY)
        times.append(time.perf_counter() - t)
        cpu.append(_cpu() - c)
        verdict = (report.verdict.value, report.faces, "00482913" in report.text)
    return {"median_s": statistics.median(times), "max_s": max(times), "cpu_median_s": statistics.median(cpu),
            "runs": runs, "jpeg_bytes": len(jpeg), "verdict": verdict[0], "faces": verdict[1], "mrn_read": verdict[2]}


def sixty_second_clip(runs: int) -> dict:
    """A 60-second 720p clip: how long `scan_video` takes, and what it found."""
    import tempfile

    from skimage import data
    size = (1280, 720)
    face = photo_background(*size, seed=40)
    face.paste(Image.fromarray(data.astronaut()).resize((360, 360)), (460, 180))
    scenes = [photo_background(*size, seed=40 + i) for i in range(10)]
    scenes[3] = text_on_photo(size=size, px=28, seed=43)
    scenes[7] = text_on_photo("Room 12: Robert Okafor  DOB 11/02/1948", size=size, px=28, seed=47)
    scenes[5] = face
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sixty.mp4"
        clip(path, [(scene, 6) for scene in scenes], fps=30)
        scan_video(path, today=TODAY)     # warm
        times, cpu = [], []
        for _ in range(runs):
            t, c = time.perf_counter(), _cpu()
            report = scan_video(path, today=TODAY)
            times.append(time.perf_counter() - t)
            cpu.append(_cpu() - c)
    return {"median_s": statistics.median(times), "max_s": max(times), "cpu_median_s": statistics.median(cpu),
            "runs": runs, "frames_checked": len(report.frames), "verdict": report.verdict.value,
            "faces": report.faces, "times_flagged": sorted({round(f.time) for f in report.findings
                                                             if f.time is not None and f.finding.is_phi})}


def _cpu() -> float:
    """CPU seconds of this process and its finished children (Tesseract): what one core spends,
    whatever else the machine is doing."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def markdown(res: dict) -> str:
    out = [f"measured {res['date']} on {res['machine']}", "",
           "| text | identifiers | read exactly by OCR | read, accents aside | flagged by the engine |",
           "| --- | --- | --- | --- | --- |"]
    for r in res["identifiers"]:
        what = f"{r['px']} px" + (f", rotated {r['angle']}°" if r["angle"] else "")
        out.append(f"| {what} | {r['identifiers']} | {r['read']:.3f} | {r['read_ignoring_accents']:.3f} "
                   f"| {r['flagged']:.3f} |")
    f = res["faces"]
    out += ["", f"faces: {f['found']}/{f['labelled']} found (recall {f['recall']:.2f}), {f['false_faces']} false faces "
                f"on {len(f['images'])} images"]
    out += [f"  - {r['image']}: labelled {r['labelled']}, found {r['found']}" for r in f["images"]]
    a = res["false_alarms"]
    out += ["", f"scikit-image sample photos flagged: {len(a['flagged'])} of {a['photos']} {a['flagged'] or ''}"]
    t = res["twelve_mp"]
    out += ["", f"12-MP photo, one core: median {t['median_s']:.2f} s, worst {t['max_s']:.2f} s over {t['runs']} runs, "
                f"CPU {t['cpu_median_s']:.2f} s "
                f"(verdict {t['verdict']}, {t['faces']} face, MRN read: {t['mrn_read']})"]
    if v := res.get("video"):
        out += ["", f"60-second 720p clip: median {v['median_s']:.2f} s, worst {v['max_s']:.2f} s over {v['runs']} runs, "
                    f"CPU {v['cpu_median_s']:.2f} s; {v['frames_checked']} frames checked, verdict {v['verdict']}, "
                    f"PHI found at {v['times_flagged']} s"]
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=25, help="images per text size (4 identifiers each; 0: skip)")
    ap.add_argument("--runs", type=int, default=5, help="timed scans of the 12-MP photo")
    ap.add_argument("--video", type=int, default=3, help="timed scans of the 60-second clip (0: skip)")
    ap.add_argument("--video-only", action="store_true", help="only the 60-second clip")
    args = ap.parse_args()
    if args.video_only:
        print(json.dumps(sixty_second_clip(args.video or 1), indent=2))
        return
    res = {"date": date.today().isoformat(),
           "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}",
           "identifiers": identifiers(args.n) if args.n else [], "faces": faces(), "false_alarms": false_alarms(),
           "twelve_mp": twelve_megapixels(args.runs)}
    if args.video:
        res["video"] = sixty_second_clip(args.video)
    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "media_figures.json").write_text(json.dumps(res, indent=2, ensure_ascii=False))
    print(markdown(res))


if __name__ == "__main__":
    main()
