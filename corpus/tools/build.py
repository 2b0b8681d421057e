#!/usr/bin/env python3
"""Turn a writer's marked-up batch into FORMAT.md JSONL, with offsets computed, never counted.

    python corpus/tools/build.py corpus/raw/w01.jsonl            # writes corpus/batches/w01.jsonl
    python corpus/tools/build.py corpus/raw/w01.jsonl --check    # report problems only

A raw line is one JSON object: direction, kind, platform, text, phi_present, consent_can_cure
(outbound PHI only), reasons (the judgement reasons; identifier reasons are derived from the
phi:true spans and added here), notes, org_type, voice, language ("en" or "es"). In `text`,
every identifier of a person is marked `[[LABEL+|words]]` (PHI here) or `[[LABEL-|words]]`
(an identifier, but not PHI here: staff, the organization, a public figure, an event date).

Exit 0 when every line is well-formed, 1 otherwise (each problem printed with its line).
Standard library only, so a writer can run it anywhere.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

LABELS = {"NAME", "LOCATION", "DATE", "AGE", "PHONE", "FAX", "EMAIL", "SSN", "MRN", "HEALTH_PLAN",
          "ACCOUNT", "LICENSE", "VEHICLE", "DEVICE", "URL", "IP", "BIOMETRIC", "USERNAME", "OTHER_ID"}
KINDS = {"outbound": {"post", "caption", "review_reply", "comment_reply", "direct_message", "story_text", "bio"},
         "inbound": {"comment", "review", "direct_message"}}
PLATFORMS = {"facebook", "instagram", "x", "linkedin", "tiktok", "youtube", "google_reviews", "yelp",
             "healthgrades", "nextdoor"}
JUDGEMENT = {"health_information", "confirms_patient_relationship", "patient_photo_described",
             "indirect_identification", "self_disclosure", "third_party_disclosure"}
DERIVED = {"NAME": "names_patient", "USERNAME": "contact_identifier", "PHONE": "contact_identifier",
           "FAX": "contact_identifier", "EMAIL": "contact_identifier", "URL": "contact_identifier",
           "IP": "contact_identifier", "SSN": "government_or_record_number", "MRN": "government_or_record_number",
           "HEALTH_PLAN": "government_or_record_number", "ACCOUNT": "government_or_record_number",
           "LICENSE": "government_or_record_number", "VEHICLE": "government_or_record_number",
           "DEVICE": "government_or_record_number", "OTHER_ID": "government_or_record_number",
           "DATE": "date_tied_to_care", "LOCATION": "location_tied_to_patient", "AGE": "age_over_89"}
REASON_ORDER = ["names_patient", "health_information", "confirms_patient_relationship", "patient_photo_described",
                "contact_identifier", "government_or_record_number", "date_tied_to_care",
                "location_tied_to_patient", "age_over_89", "indirect_identification", "self_disclosure",
                "third_party_disclosure"]
MARK = re.compile(r"\[\[([A-Z_]+)([+-])\|(.*?)\]\]", re.S)
LANGUAGES = {"en", "es"}


def unmark(marked: str) -> tuple[str, list[dict], list[str]]:
    """Plain text and spans from marked-up text."""
    out, spans, bad, pos = [], [], [], 0
    length = 0
    for m in MARK.finditer(marked):
        chunk = marked[pos:m.start()]
        out.append(chunk)
        length += len(chunk)
        label, sign, words = m.group(1), m.group(2), m.group(3)
        if label not in LABELS:
            bad.append(f"unknown label {label!r}")
        if words != words.strip() or not words:
            bad.append(f"marked words {words!r} are empty or start/end with a space")
        if "[[" in words:
            bad.append(f"nested marker in {words!r}")
        spans.append({"start": length, "end": length + len(words), "label": label, "phi": sign == "+"})
        out.append(words)
        length += len(words)
        pos = m.end()
    out.append(marked[pos:])
    text = "".join(out)
    if "[[" in text or "]]" in text:
        bad.append("a marker is not closed or is malformed ([[LABEL+|words]])")
    return text, spans, bad


def build(raw: dict, item_id: str) -> tuple[dict, list[str]]:
    bad: list[str] = []
    d = raw.get("direction")
    if d not in KINDS:
        return {}, [f"direction {d!r} (outbound or inbound)"]
    if raw.get("kind") not in KINDS[d]:
        bad.append(f"kind {raw.get('kind')!r}: {d} kinds are {sorted(KINDS[d])}")
    if raw.get("platform") not in PLATFORMS:
        bad.append(f"platform {raw.get('platform')!r}: one of {sorted(PLATFORMS)}")
    if not isinstance(raw.get("text"), str) or not raw["text"].strip():
        return {}, bad + ["no text"]
    text, spans, problems = unmark(raw["text"])
    bad += problems
    pp = raw.get("phi_present")
    if not isinstance(pp, bool):
        bad.append("phi_present must be true or false")
    judged = list(raw.get("reasons") or [])
    unknown = [r for r in judged if r not in REASON_ORDER]
    if unknown:
        bad.append(f"unknown reasons {unknown}")
    phi = [s for s in spans if s["phi"]]
    reasons = set(judged) | {DERIVED[s["label"]] for s in phi if s["label"] in DERIVED}
    if pp is False and (phi or judged):
        bad.append("an item without PHI has a `+` span or reasons")
    if pp is True:
        if not phi and not {"confirms_patient_relationship", "indirect_identification",
                            "patient_photo_described"} & reasons:
            bad.append("PHI without a `+` span needs confirms_patient_relationship, indirect_identification "
                       "or patient_photo_described")
        if d == "inbound" and not {"self_disclosure", "third_party_disclosure"} & reasons:
            bad.append("inbound PHI needs self_disclosure or third_party_disclosure")
    item = {"id": item_id, "direction": d, "kind": raw.get("kind"), "platform": raw.get("platform"), "text": text,
            "spans": spans, "phi_present": pp}
    if d == "outbound" and pp is True:
        if not isinstance(raw.get("consent_can_cure"), bool):
            bad.append("outbound PHI needs consent_can_cure true/false")
        item["consent_can_cure"] = raw.get("consent_can_cure")
    item["reasons"] = [r for r in REASON_ORDER if r in reasons] if pp else []
    item["notes"] = str(raw.get("notes") or "")
    if raw.get("language") not in LANGUAGES:
        bad.append(f"language {raw.get('language')!r} (en or es)")
    for key in ("org_type", "voice", "language"):
        item[key] = raw.get(key)
        if not item[key]:
            bad.append(f"no {key}")
    return item, bad


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    if len(args) != 1:
        print(__doc__.strip())
        return 2
    src = Path(args[0])
    batch = src.stem
    out_path = src.parent.parent / "batches" / f"{batch}.jsonl"
    items, problems, seen = [], 0, set()
    for no, line in enumerate(src.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except ValueError as e:
            print(f"{src}:{no}: not JSON ({e})")
            problems += 1
            continue
        item, bad = build(raw, f"{batch}-{len(items) + 1:04d}")
        if item.get("text") in seen:
            bad.append("same text as an earlier line")
        seen.add(item.get("text"))
        for b in bad:
            print(f"{src}:{no}: {b}")
        problems += len(bad)
        if item:
            items.append(item)
    pos = sum(1 for i in items if i.get("phi_present"))
    print(f"{len(items)} items ({pos} with PHI, {len(items) - pos} without); problems: {problems}")
    if problems or "--check" in argv:
        return 1 if problems else 0
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), encoding="utf-8")
    print(f"wrote {out_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
