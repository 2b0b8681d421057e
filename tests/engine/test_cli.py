"""The `safepost scan` contract (issue 2): exit codes, --json, --jsonl in/out, malformed lines,
stdin, --policy errors, --workers.

Every test runs the real engine: in-process through `safepost.cli.main` (stdout and stderr
captured, stdin replaced by bytes), or in a subprocess when the test is about the installed
command. The texts are synthetic and their verdicts unambiguous; `test_the_texts_mean_what_we_say`
pins them, so a change in the engine shows up there first and not as a puzzling CLI failure.
"""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from safepost import cli, scan
from safepost.engine import Policy

SPAN_KEYS = {"start", "end", "label", "is_phi", "score"}
LINE_KEYS = {"id", "verdict", "flag", "spans", "reasons"}

# ------------------------------------------------------------------------------- texts
FLU = "Flu shots are available every weekday at our clinic."                          # ALLOW
STARS = "Thanks for the five stars!"                                                   # ALLOW
SSN = "My SSN is 532-48-1190 and my biopsy results are late."                         # BLOCK (outbound)
CONGRATS = "Congrats to Bartholomew Nguyen, home today after his heart transplant!"    # NEEDS_AUTHORIZATION
GWEN = "Hi Gwen, we're sorry your crown came loose after your visit on May 2."        # BLOCK as a review_reply
DOLORES = "I'm Dolores Vega, my biopsy results were due Friday, call me at 614-555-0142"  # inbound: PRIVATE_FOLLOW_UP
CODE_BROWN = "Our quarterly code brown drill went smoothly. Thank you, team!"                        # ALLOW, unless a policy blocks the term

# (text, direction, kind) → verdict, checked against the engine itself
EXPECTED = [
    (FLU, "outbound", "post", "ALLOW"),
    (STARS, "outbound", "review_reply", "ALLOW"),
    (FLU, "inbound", "comment", "ALLOW"),
    (SSN, "outbound", "post", "BLOCK"),
    (SSN, "inbound", "comment", "PRIVATE_FOLLOW_UP"),
    (CONGRATS, "outbound", "post", "NEEDS_AUTHORIZATION"),
    (CONGRATS, "outbound", "review_reply", "BLOCK"),
    (GWEN, "outbound", "post", "NEEDS_AUTHORIZATION"),
    (GWEN, "outbound", "review_reply", "BLOCK"),
    (GWEN, "inbound", "comment", "PRIVATE_FOLLOW_UP"),
    (DOLORES, "inbound", "comment", "PRIVATE_FOLLOW_UP"),
    (DOLORES, "outbound", "post", "NEEDS_AUTHORIZATION"),
    (CODE_BROWN, "outbound", "post", "ALLOW"),
]

POLICY = """
[organization]
name = "Lakeside Clinic"
phones = ["(555) 201-3344"]
staff = ["Dr. Maria Chen"]

[terms]
allow = ["Harbor Blvd"]
block = ["code brown"]

[thresholds]
name = 0.6
"""


@pytest.mark.parametrize("text,direction,kind,verdict", EXPECTED)
def test_the_texts_mean_what_we_say(text, direction, kind, verdict):
    assert scan(text, direction=direction, kind=kind).verdict.value == verdict


# ------------------------------------------------------------------------------- helpers
class Terminal(io.StringIO):
    """A text stream that says it is a terminal (for the colours and the progress bar)."""

    def isatty(self) -> bool:
        return True


@pytest.fixture(autouse=True)
def _plain_env(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)


def run(argv, capsys, monkeypatch=None, stdin: bytes | None = None):
    """main(argv) → (exit code, stdout, stderr); argparse's SystemExit is turned into a code."""
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
    try:
        code = cli.main(argv)
    except SystemExit as e:
        code = e.code
    out, err = capsys.readouterr()
    return code, out, err


def jsonl(*objs) -> bytes:
    return b"".join((o if isinstance(o, bytes) else json.dumps(o).encode()) + b"\n" for o in objs)


def parse(out: str) -> list[dict]:
    return [json.loads(x) for x in out.splitlines()]


def engine_line(text, direction="outbound", kind="post", org=None) -> dict:
    """What a --jsonl output line must hold for this text, from the engine called directly."""
    d = scan(text, direction=direction, kind=kind, org=org).to_dict()
    return {k: d[k] for k in ("verdict", "flag", "spans", "reasons")}


def without_id(line: dict) -> dict:
    return {k: v for k, v in line.items() if k != "id"}


def span_texts(text: str, d: dict) -> list[str]:
    return [text[s["start"]:s["end"]] for s in d["spans"]]


# ------------------------------------------------------------------------------- single text
@pytest.mark.parametrize("text", [FLU, STARS])
def test_allow_exits_0(capsys, text):
    code, out, err = run(["scan", text], capsys)
    assert code == cli.EXIT_OK == 0
    assert out.startswith("Verdict: ALLOW")
    assert "Safer version" not in out and err == ""


@pytest.mark.parametrize("argv,verdict,reason,phi", [
    (["scan", SSN], "BLOCK", "government_or_record_number", "532-48-1190"),
    (["scan", CONGRATS], "NEEDS_AUTHORIZATION", "names_patient", "Bartholomew Nguyen"),
    (["scan", "--kind", "review_reply", GWEN], "BLOCK", "confirms_patient_relationship", "Gwen"),
    (["scan", "--direction", "inbound", DOLORES], "PRIVATE_FOLLOW_UP", "self_disclosure", "614-555-0142"),
])
def test_any_other_verdict_exits_1(capsys, argv, verdict, reason, phi):
    code, out, _ = run(argv, capsys)
    assert code == cli.EXIT_FLAGGED == 1
    assert out.startswith(f"Verdict: {verdict}")
    assert f"- {reason}:" in out                       # the reasons are shown
    assert f"[{phi}]" in out                           # the PHI marked in the text (no colour: not a tty)
    safer = out.split("Safer version\n", 1)[1]         # and a safer version without it
    assert phi not in safer and safer.strip()


def test_colours_only_on_a_terminal_and_never_with_no_color(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdout", Terminal())
    assert cli.main(["scan", CONGRATS]) == 1
    coloured = sys.stdout.getvalue()
    assert "\033[1;41;97mBartholomew Nguyen\033[0m" in coloured and "\033[1;33mVerdict:" in coloured
    for argv, env in ((["scan", "--no-color", CONGRATS], None), (["scan", CONGRATS], "1")):
        monkeypatch.setattr(sys, "stdout", Terminal())
        if env:
            monkeypatch.setenv("NO_COLOR", env)
        assert cli.main(argv) == 1
        plain = sys.stdout.getvalue()
        assert "\033[" not in plain and "[Bartholomew Nguyen]" in plain


def test_json_single_text(capsys):
    code, out, _ = run(["scan", "--json", SSN], capsys)
    assert code == 1
    d = json.loads(out)
    assert d["verdict"] == "BLOCK" and d["flag"] is True
    assert {"government_or_record_number", "health_information"} <= set(d["reasons"])
    assert all(SPAN_KEYS <= set(s) for s in d["spans"])
    assert [(s["label"], s["is_phi"]) for s in d["spans"]] == [("SSN", True)]
    assert span_texts(SSN, d) == ["532-48-1190"]
    code, out, _ = run(["scan", "--json", STARS], capsys)
    assert code == 0
    d = json.loads(out)
    assert d["verdict"] == "ALLOW" and d["flag"] is False and d["spans"] == [] and d["reasons"] == []


def test_json_is_the_same_object_as_a_jsonl_line(capsys, monkeypatch):
    for text in (FLU, SSN, CONGRATS, GWEN):
        _, single, _ = run(["scan", "--json", text], capsys)
        _, batch, _ = run(["scan", "--jsonl", "-"], capsys, monkeypatch, stdin=jsonl({"id": 7, "text": text}))
        line = json.loads(batch)
        assert {k: json.loads(single)[k] for k in LINE_KEYS - {"id"}} == without_id(line)
        assert line["id"] == 7


def test_stdin_dash(capsys, monkeypatch):
    code, out, _ = run(["scan", "-", "--json", "--direction", "inbound"], capsys, monkeypatch,
                       stdin=(DOLORES + "\n").encode())
    assert code == 1
    d = json.loads(out)
    assert d["verdict"] == "PRIVATE_FOLLOW_UP"
    assert "Dolores Vega" in span_texts(DOLORES, d) and "614-555-0142" in span_texts(DOLORES, d)
    code, out, _ = run(["scan", "-"], capsys, monkeypatch, stdin=FLU.encode())
    assert code == 0 and out.startswith("Verdict: ALLOW")


def test_stdin_bom_is_dropped_and_non_utf8_is_a_usage_error(capsys, monkeypatch):
    _, plain, _ = run(["scan", "-", "--json"], capsys, monkeypatch, stdin=SSN.encode())
    _, bom, _ = run(["scan", "-", "--json"], capsys, monkeypatch, stdin=b"\xef\xbb\xbf" + SSN.encode())
    assert json.loads(bom) == json.loads(plain)         # same offsets: the mark is not part of the text
    code, out, err = run(["scan", "-"], capsys, monkeypatch, stdin=b"my biopsy \xff\xfe results")
    assert code == 2 and out == "" and "not UTF-8" in err


def test_default_direction_and_kind(capsys):
    def verdict_of(*argv):
        code, out, _ = run(["scan", "--json", *argv, GWEN], capsys)
        d = json.loads(out)
        assert code == int(d["flag"])
        return d

    default = verdict_of()
    assert default == verdict_of("--direction", "outbound", "--kind", "post")
    assert default["verdict"] == "NEEDS_AUTHORIZATION"
    assert verdict_of("--kind", "review_reply")["verdict"] == "BLOCK"
    inbound = verdict_of("--direction", "inbound")
    assert inbound["verdict"] == "PRIVATE_FOLLOW_UP"
    assert inbound == verdict_of("--direction", "inbound", "--kind", "comment")       # inbound → comment
    assert inbound != verdict_of("--direction", "inbound", "--kind", "review_reply")  # and the kind counts


def test_a_text_over_the_engines_limit_is_a_usage_error(capsys):
    code, out, err = run(["scan", "a" * 100_001], capsys)
    assert code == 2 and out == "" and "limit" in err and "Traceback" not in err


@pytest.mark.parametrize("argv", [
    [],                                              # no command
    ["scan"],                                        # nothing to scan
    ["scan", FLU, "--jsonl", "in.jsonl"],            # both
    ["scan", FLU, "--out", "o.jsonl"],               # --out without --jsonl
    ["scan", FLU, "--workers", "2"],                 # --workers without --jsonl
    ["scan", "--jsonl", "-", "--workers", "0"],
    ["scan", "--jsonl", "-", "--workers", "two"],
    ["scan", "--direction", "sideways", FLU],
    ["scan", "--kind", "tweet", FLU],
    ["scan", "--no-such-option", FLU],
    ["frobnicate"],
])
def test_usage_errors_exit_2(capsys, argv):
    code, out, err = run(argv, capsys)
    assert code == cli.EXIT_USAGE == 2
    assert out == ""
    assert err.strip()


# ------------------------------------------------------------------------------- --jsonl
JSONL_CASES = [(FLU, False), (SSN, True), (STARS, False), (CONGRATS, True), (GWEN, True), (DOLORES, True)]


def test_jsonl_order_shape_and_flag(capsys, tmp_path):
    rows = [{"id": f"r{i}", "text": JSONL_CASES[i % len(JSONL_CASES)][0]} for i in range(40)]
    flagged = {r["id"]: JSONL_CASES[i % len(JSONL_CASES)][1] for i, r in enumerate(rows)}
    rows.reverse()  # order must be the file's, not sorted
    src = tmp_path / "in.jsonl"
    src.write_bytes(jsonl(*rows))
    code, out, err = run(["scan", "--jsonl", str(src)], capsys)
    assert code == 0 and err == ""
    lines = parse(out)
    assert [x["id"] for x in lines] == [r["id"] for r in rows]
    for x, r in zip(lines, rows):
        assert set(x) == LINE_KEYS
        assert x["flag"] == (x["verdict"] != "ALLOW") == flagged[r["id"]]
        assert without_id(x) == engine_line(r["text"])
        for sp in x["spans"]:
            assert SPAN_KEYS <= set(sp)
            assert 0 <= sp["start"] < sp["end"] <= len(r["text"])


def test_jsonl_ignores_extra_fields(capsys, tmp_path):
    plain = {"id": "a", "text": GWEN, "kind": "review_reply"}
    extra = {**plain, "platform": "yelp", "spans": "garbage", "phi_present": False, "verdict": "ALLOW",
             "flag": False, "nested": {"x": [1, 2]}, "reasons": None, "error": "no"}
    (tmp_path / "a.jsonl").write_bytes(jsonl(plain))
    (tmp_path / "b.jsonl").write_bytes(jsonl(extra))
    _, out_a, _ = run(["scan", "--jsonl", str(tmp_path / "a.jsonl")], capsys)
    _, out_b, _ = run(["scan", "--jsonl", str(tmp_path / "b.jsonl")], capsys)
    assert out_a == out_b
    line = json.loads(out_b)
    assert set(line) == LINE_KEYS
    assert line["verdict"] == "BLOCK" and line["flag"] is True   # its kind was honoured, its "verdict" not


def test_jsonl_default_direction_and_kind(capsys, tmp_path):
    assert engine_line(GWEN, "inbound", "comment") != engine_line(GWEN, "inbound", "review_reply")
    src = tmp_path / "in.jsonl"
    src.write_bytes(jsonl({"id": 1, "text": GWEN},
                          {"id": 2, "text": GWEN, "direction": "inbound"},
                          {"id": 3, "text": GWEN, "direction": None, "kind": None},
                          {"id": 4, "text": GWEN, "kind": "review_reply"},
                          {"id": 5, "text": GWEN, "direction": "inbound", "kind": "review_reply"}))
    code, out, _ = run(["scan", "--jsonl", str(src)], capsys)
    assert code == 0
    assert [without_id(x) for x in parse(out)] == [
        engine_line(GWEN, "outbound", "post"), engine_line(GWEN, "inbound", "comment"),
        engine_line(GWEN, "outbound", "post"), engine_line(GWEN, "outbound", "review_reply"),
        engine_line(GWEN, "inbound", "review_reply")]
    assert [x["verdict"] for x in parse(out)] == [
        "NEEDS_AUTHORIZATION", "PRIVATE_FOLLOW_UP", "NEEDS_AUTHORIZATION", "BLOCK", "PRIVATE_FOLLOW_UP"]


def test_jsonl_command_line_direction_and_kind_are_the_lines_defaults(capsys, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_bytes(jsonl({"id": 1, "text": GWEN}, {"id": 2, "text": GWEN, "direction": "outbound"}))
    _, out, _ = run(["scan", "--jsonl", str(src), "--direction", "inbound"], capsys)
    assert [x["verdict"] for x in parse(out)] == ["PRIVATE_FOLLOW_UP", "NEEDS_AUTHORIZATION"]
    src.write_bytes(jsonl({"id": 1, "text": GWEN}, {"id": 2, "text": GWEN, "kind": "post"}))
    _, out, _ = run(["scan", "--jsonl", str(src), "--kind", "review_reply"], capsys)
    assert [x["verdict"] for x in parse(out)] == ["BLOCK", "NEEDS_AUTHORIZATION"]


def test_jsonl_malformed_lines_get_error_lines_and_the_run_goes_on(capsys, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_bytes(jsonl(
        {"id": "ok1", "text": FLU},
        b"{not json",                                   # 2: no id → line number
        {"id": "t", "text": 42},                        # 3: text not a string → its id
        b"[1, 2, 3]",                                   # 4: not an object
        {"id": "nt"},                                   # 5: no text
        {"id": "dir", "text": SSN, "direction": "up"},  # 6: bad direction (the engine raises)
        {"id": "kind", "text": SSN, "kind": "tweet"},   # 7: bad kind (the engine raises)
        b"\xff\xfe not utf-8",                          # 8: not UTF-8
        {"id": "long", "text": "a" * 100_001},          # 9: over the engine's limit (it raises)
        {"id": "ok2", "text": SSN},                     # 10: still scanned
    ))
    code, out, err = run(["scan", "--jsonl", str(src)], capsys)
    lines = parse(out)
    assert len(lines) == 10
    assert code == cli.EXIT_BAD_LINES == 3              # some lines bad: 3, never a count
    assert "8 line(s)" in err
    assert lines[0]["id"] == "ok1" and lines[0]["verdict"] == "ALLOW" and "error" not in lines[0]
    assert lines[-1]["id"] == "ok2" and lines[-1]["verdict"] == "BLOCK" and "error" not in lines[-1]
    errors = lines[1:9]
    assert all(set(e) == {"id", "line", "error"} and e["error"] for e in errors)
    assert [e["id"] for e in errors] == [None, "t", None, "nt", "dir", "kind", None, "long"]
    assert [e["line"] for e in errors] == list(range(2, 10))
    for e in errors:
        assert e["error"].startswith(f"line {e['line']}: ")
    assert "tweet" in errors[5]["error"] and "up" in errors[4]["error"]


def test_jsonl_blank_lines_skipped_and_line_numbers_kept(capsys, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_bytes(b'{"id": "a", "text": "x"}\n\n   \n{bad\n{"id": "b", "text": "y"}')  # no final newline
    code, out, _ = run(["scan", "--jsonl", str(src)], capsys)
    lines = parse(out)
    assert code == 3                                    # one bad line: 3, not 1 ("flagged")
    assert [x.get("id") for x in lines] == ["a", None, "b"]
    assert lines[1]["line"] == 4


def test_jsonl_missing_id_uses_line_number(capsys, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_bytes(jsonl({"text": FLU}, {"text": SSN}))
    _, out, _ = run(["scan", "--jsonl", str(src)], capsys)
    assert [(x["id"], x["verdict"]) for x in parse(out)] == [(1, "ALLOW"), (2, "BLOCK")]


def test_jsonl_utf8_bom_and_unicode(capsys, tmp_path):
    text = "Sra. Gutiérrez 👋 " + SSN
    src = tmp_path / "in.jsonl"
    src.write_bytes(b"\xef\xbb\xbf" + jsonl({"id": "é", "text": text},
                                            {"id": "s", "text": "\ud800 lone surrogate"}))
    code, out, _ = run(["scan", "--jsonl", str(src)], capsys)
    lines = parse(out)
    assert code == 0
    assert lines[0]["id"] == "é" and lines[0]["verdict"] == "BLOCK"
    assert "532-48-1190" in span_texts(text, lines[0])   # offsets count code points, not bytes
    assert lines[1]["id"] == "s" and lines[1]["verdict"] == "ALLOW"
    out.encode("utf-8")                                  # the lone surrogate did not leak out raw


@pytest.mark.parametrize("bad_lines", [1, 2, 300])
def test_jsonl_bad_lines_exit_3_whatever_their_number_never_2_the_usage_code(capsys, tmp_path, bad_lines):
    src = tmp_path / "in.jsonl"
    src.write_bytes(jsonl({"id": "ok", "text": FLU}) + b"{bad\n" * bad_lines)
    code, out, _ = run(["scan", "--jsonl", str(src)], capsys)
    assert code == 3 and len(out.splitlines()) == bad_lines + 1


def test_jsonl_from_stdin(capsys, monkeypatch):
    data = jsonl({"id": "a", "text": FLU}, {"id": "b", "text": CONGRATS}, b"{bad")
    code, out, _ = run(["scan", "--jsonl", "-"], capsys, monkeypatch, stdin=data)
    assert code == 3
    assert [(x["id"], x.get("verdict")) for x in parse(out)] == [
        ("a", "ALLOW"), ("b", "NEEDS_AUTHORIZATION"), (None, None)]


def test_jsonl_out_file(capsys, tmp_path):
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_bytes(jsonl({"id": "a", "text": STARS}, {"id": "b", "text": CONGRATS}))
    code, out, _ = run(["scan", "--jsonl", str(src), "--out", str(dst)], capsys)
    assert code == 0 and out == ""
    rows = parse(dst.read_text(encoding="utf-8"))
    assert [(r["id"], r["flag"]) for r in rows] == [("a", False), ("b", True)]


def test_jsonl_out_file_may_be_the_input_file(capsys, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_bytes(jsonl({"id": "a", "text": STARS}, {"id": "b", "text": SSN}))
    code, out, _ = run(["scan", "--jsonl", str(src), "--out", str(src)], capsys)
    assert code == 0 and out == ""
    assert [(r["id"], r["verdict"]) for r in parse(src.read_text(encoding="utf-8"))] == [
        ("a", "ALLOW"), ("b", "BLOCK")]


def test_jsonl_unreadable_input_or_output_is_a_usage_error(capsys, tmp_path):
    code, out, err = run(["scan", "--jsonl", str(tmp_path / "missing.jsonl")], capsys)
    assert code == 2 and out == "" and "cannot read" in err
    code, out, err = run(["scan", "--jsonl", str(tmp_path)], capsys)   # a directory
    assert code == 2 and out == "" and "cannot read" in err
    src = tmp_path / "in.jsonl"
    src.write_bytes(jsonl({"id": "a", "text": FLU}))
    code, out, err = run(["scan", "--jsonl", str(src), "--out", str(tmp_path / "no" / "dir" / "o.jsonl")], capsys)
    assert code == 2 and out == "" and "cannot write" in err


# ------------------------------------------------------------------------------- --workers
def archive(n: int) -> bytes:
    """A synthetic archive: every verdict, both directions, per-line kinds, malformed lines."""
    rows: list = []
    for i in range(n):
        text, _ = JSONL_CASES[i % len(JSONL_CASES)]
        row: dict = {"id": f"p{i}", "text": f"{text} #{i}", "platform": "facebook"}
        if i % 5 == 1:
            row["direction"] = "inbound"
        if i % 7 == 2:
            row["kind"] = "review_reply"
        if i % 11 == 3:
            row["text"] = CODE_BROWN
        rows.append(row)
    rows[17] = b"{not json"
    rows[101] = {"id": "p101", "text": SSN, "kind": "tweet"}
    rows[202] = b"\xff not utf-8"
    rows[250] = b""                                  # blank: no output line
    assert n > 250
    return jsonl(*rows)


@pytest.mark.parametrize("start", ["fork", "spawn"])   # Linux forks; macOS and Windows spawn
def test_workers_give_the_same_output_in_the_same_order(capsys, monkeypatch, tmp_path, start):
    from safepost import batch
    monkeypatch.setattr(batch, "_start_method", lambda: start)
    src, policy = tmp_path / "archive.jsonl", tmp_path / "p.toml"
    src.write_bytes(archive(300))
    policy.write_text(POLICY, encoding="utf-8")
    runs = {}
    for workers in ("1", "2"):
        monkeypatch.setattr(sys, "stderr", Terminal())           # so the progress bar is drawn
        code = cli.main(["scan", "--jsonl", str(src), "--policy", str(policy), "--workers", workers])
        runs[workers] = code, capsys.readouterr().out, sys.stderr.getvalue()
    assert runs["1"] == runs["2"]
    code, out, err = runs["2"]
    lines = parse(out)
    assert code == 3 and len(lines) == 299
    assert [x["id"] for x in lines] == [f"p{i}" if i not in (17, 202) else None
                                        for i in range(300) if i != 250]
    assert [x["line"] for x in lines if "error" in x] == [18, 102, 203]
    assert sum(x.get("verdict") == "ALLOW" for x in lines) > 50
    assert sum(x.get("flag", False) for x in lines) > 150
    # the policy reached the workers: its blocked term is flagged (in outbound text)
    brown = [x for x in lines if x["id"] in {f"p{i}" for i in range(3, 300, 11) if i % 5 != 1}]
    assert brown and all("policy_term" in x["reasons"] for x in brown)
    # the progress bar ran to the end, then the failure summary
    assert "\r  scanning [" in err and f"[{'#' * 30}] 300/300\n" in err
    assert err.endswith('safepost scan: 3 line(s) could not be scanned; see their "error" field\n')


def test_workers_left_out_one_per_cpu_for_long_inputs_same_output(capsys, monkeypatch, tmp_path):
    from safepost import batch
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert batch.auto_workers(batch.AUTO_MIN_LINES - 1) == 1          # short input: this process
    assert batch.auto_workers(10 ** 6) == min(cpus, batch.AUTO_MAX)
    assert batch.auto_workers(2 * batch.AUTO_MIN_LINES) == min(cpus, 2)
    src = tmp_path / "archive.jsonl"
    src.write_bytes(archive(300) * 2)
    one = run(["scan", "--jsonl", str(src), "--workers", "1"], capsys)
    used = []
    real = batch.scan_parallel
    monkeypatch.setattr(batch, "scan_parallel", lambda *a, **k: (used.append(a[2]), real(*a, **k))[1])
    assert run(["scan", "--jsonl", str(src)], capsys) == one
    assert used == ([min(cpus, 2)] if cpus > 1 else [])


class KillsAWorker(Terminal):
    """A terminal that kills one worker process the first time the progress bar is drawn."""

    killed: list[int] = []

    def write(self, s: str) -> int:
        if not self.killed:
            import multiprocessing
            workers = multiprocessing.active_children()
            assert workers, "no worker processes to kill"
            workers[0].kill()
            self.killed.append(workers[0].pid)
        return super().write(s)


def test_a_dead_worker_does_not_lose_lines(capsys, monkeypatch, tmp_path):
    src = tmp_path / "archive.jsonl"
    src.write_bytes(archive(300) * 6)                             # 1,800 lines: 8 chunks in flight
    code, expected, _ = run(["scan", "--jsonl", str(src)], capsys)
    monkeypatch.setattr(sys, "stderr", KillsAWorker())
    KillsAWorker.killed = []
    assert cli.main(["scan", "--jsonl", str(src), "--workers", "2"]) == code
    err = sys.stderr.getvalue()
    assert KillsAWorker.killed
    assert "a worker process died; scanning the rest in this process" in err
    assert capsys.readouterr().out == expected and f"] {6 * 300}/{6 * 300}\n" in err


def test_progress_bar_counts_a_last_line_without_newline(capsys, monkeypatch, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_bytes(jsonl({"id": 1, "text": FLU}, {"id": 2, "text": SSN}) + b'{"id": 3, "text": "x"}')
    monkeypatch.setattr(sys, "stderr", Terminal())
    assert cli.main(["scan", "--jsonl", str(src)]) == 0
    assert sys.stderr.getvalue() == f"\r  scanning [{'#' * 30}] 3/3\n"
    assert len(capsys.readouterr().out.splitlines()) == 3


# ------------------------------------------------------------------------------- --policy
def test_policy_is_used(capsys, tmp_path):
    p = tmp_path / "p.toml"
    p.write_text(POLICY, encoding="utf-8")
    code, out, _ = run(["scan", "--json", CODE_BROWN], capsys)
    assert code == 0 and json.loads(out)["verdict"] == "ALLOW"
    code, out, _ = run(["scan", "--json", "--policy", str(p), CODE_BROWN], capsys)
    assert code == 1 and json.loads(out)["verdict"] == "NEEDS_AUTHORIZATION"
    assert "policy_term" in json.loads(out)["reasons"]
    src = tmp_path / "in.jsonl"
    src.write_bytes(jsonl({"id": "a", "text": CODE_BROWN}, {"id": "b", "text": FLU}))
    code, out, _ = run(["scan", "--policy", str(p), "--jsonl", str(src)], capsys)
    assert code == 0
    org = Policy.from_toml(p)
    assert [without_id(x) for x in parse(out)] == [engine_line(CODE_BROWN, org=org), engine_line(FLU, org=org)]
    assert [x["verdict"] for x in parse(out)] == ["NEEDS_AUTHORIZATION", "ALLOW"]


@pytest.mark.parametrize("content", [
    None,                                            # file missing
    "this is [not toml",                             # invalid TOML
    "[organisation]\nname = 'typo'\n",               # unknown section
    "[organization]\nnmae = 'typo'\n",               # unknown key
    "[organization]\nphones = 5551234\n",            # wrong type
    "organization = 5\n",                            # a section that is not a table
    "[thresholds]\nname = 'high'\n",                 # not a number
    "[thresholds]\nname = 7\n",                      # out of range
    b"\xff\xfe[organization]\n",                     # not UTF-8
    "DIR",                                           # a directory
])
def test_policy_errors_exit_2_with_a_message(capsys, tmp_path, content):
    p = tmp_path / "p.toml"
    if content == "DIR":
        p.mkdir()
    elif isinstance(content, bytes):
        p.write_bytes(content)
    elif content is not None:
        p.write_text(content, encoding="utf-8")
    src = tmp_path / "in.jsonl"
    src.write_bytes(jsonl({"id": "a", "text": SSN}))
    for argv in (["scan", "--policy", str(p), SSN], ["scan", "--policy", str(p), "--jsonl", str(src)]):
        code, out, err = run(argv, capsys)
        assert code == 2
        assert out == ""
        assert err.startswith("safepost scan:") and "Traceback" not in err


# ------------------------------------------------------------------------------- the installed command
SAFEPOST = Path(sys.executable).parent / ("safepost.exe" if os.name == "nt" else "safepost")


def safepost(*args, stdin: bytes | None = None, env: dict | None = None, timeout: float = 120):
    assert SAFEPOST.exists(), f"the `safepost` command is not installed next to {sys.executable}"
    return subprocess.run([str(SAFEPOST), *args], input=stdin, capture_output=True, timeout=timeout,
                          env=env if env is not None else dict(os.environ))


def test_installed_command_exit_codes_and_plain_output_when_piped():
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    r = safepost("scan", FLU, env=env)
    assert r.returncode == 0, r.stderr
    assert r.stdout.decode().startswith("Verdict: ALLOW")
    r = safepost("scan", CONGRATS, env=env)
    assert r.returncode == 1, r.stderr
    out = r.stdout.decode()
    assert out.startswith("Verdict: NEEDS_AUTHORIZATION") and "\033[" not in out   # not a terminal
    r = safepost("scan", "--kind", "tweet", FLU, env=env)
    assert r.returncode == 2 and r.stdout == b"" and b"invalid choice" in r.stderr


def test_installed_command_jsonl_stdin_with_workers(capsys, monkeypatch):
    """The console script with --workers 2 (spawned workers re-import the command's module) gives
    what the in-process run gives, and draws no progress bar when stderr is not a terminal."""
    data = archive(300) + b"{oops\n"
    r = safepost("scan", "--jsonl", "-", "--workers", "2", stdin=data)
    code, out, err = run(["scan", "--jsonl", "-"], capsys, monkeypatch, stdin=data)
    assert (r.returncode, r.stdout.decode("utf-8"), r.stderr.decode()) == (code, out, err)
    assert code == 3
    lines = parse(out)
    assert lines[-1]["line"] == 301 and "error" in lines[-1]
    assert err.strip().splitlines() == [
        'safepost scan: 4 line(s) could not be scanned; see their "error" field']


def test_the_exit_status_table_is_in_the_help_of_the_command_and_of_scan(capsys):
    for argv in (["--help"], ["scan", "--help"]):
        code, out, _ = run(argv, capsys)
        assert code == 0
        for line in ("0    ALLOW", "1    the verdict is not ALLOW", "2    usage error",
                     "3    --jsonl: some input lines could not be scanned", "141"):
            assert line in out, (argv, line)


def test_the_codes_of_the_table_never_collide():
    from safepost import exitcodes
    codes = [exitcodes.EXIT_OK, exitcodes.EXIT_FLAGGED, exitcodes.EXIT_USAGE, exitcodes.EXIT_BAD_LINES,
             exitcodes.EXIT_BROKEN_PIPE]
    assert codes == [0, 1, 2, 3, 141] and len(set(codes)) == len(codes)


@pytest.mark.parametrize("args", [["--jsonl", "-"], ["-"]])
def test_a_reader_that_goes_away_ends_the_scan_quietly_with_141(args):
    """`safepost scan ... | head -1`: no BrokenPipeError traceback, exit 128 + SIGPIPE. Both outputs
    are larger than a pipe's buffer, so the command is still writing when the reader leaves."""
    if args[0] == "--jsonl":
        text = jsonl(*({"id": i, "text": FLU} for i in range(3000)))
    else:
        text = ((FLU + "\n") * (90_000 // (len(FLU) + 1))).encode()
    proc = subprocess.Popen([str(SAFEPOST), "scan", *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env={k: v for k, v in os.environ.items() if k != "NO_COLOR"})
    proc.stdin.write(text)
    proc.stdin.close()
    proc.stdout.read(1)
    proc.stdout.close()                       # what `head` does once it has its line
    err = proc.stderr.read().decode()
    code = proc.wait(timeout=120)
    assert "Traceback" not in err and "BrokenPipe" not in err and "Exception ignored" not in err, err
    assert code == 141
