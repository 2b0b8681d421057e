"""The `safepost scan` contract (issue 2): exit codes, --json, --jsonl in/out, malformed lines,
stdin, --policy errors.

Most tests run `safepost.cli.main` in-process with a fake engine whose verdict is set by the
text, so they pin the CLI's behaviour whatever the real engine decides. The last group runs the
real command in a subprocess with the real engine and checks only what holds for any verdict.
"""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest

from safepost import cli
from safepost.engine import Finding, Policy, Reason, Report, Verdict

SPAN_KEYS = {"start", "end", "label", "is_phi", "score"}
LINE_KEYS = {"id", "verdict", "flag", "spans", "reasons"}


# ------------------------------------------------------------------------------- fake engine
class FakeEngine:
    """Verdict from a marker in the text; records every call."""

    MARKERS = (("BLOCKME", Verdict.BLOCK), ("AUTHME", Verdict.NEEDS_AUTHORIZATION),
               ("FOLLOWME", Verdict.PRIVATE_FOLLOW_UP), ("CRASHME", None))

    def __init__(self) -> None:
        self.calls: list[dict] = []

    def __call__(self, text, *, direction="outbound", kind="post", org=None):
        from safepost.engine import DIRECTIONS, KINDS
        if direction not in DIRECTIONS:
            raise ValueError(f"direction must be one of {', '.join(DIRECTIONS)}; got {direction!r}")
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}; got {kind!r}")
        self.calls.append({"text": text, "direction": direction, "kind": kind, "org": org})
        verdict = Verdict.ALLOW
        for marker, v in self.MARKERS:
            if marker in text:
                if v is None:
                    raise RuntimeError("engine bug")
                verdict = v
        findings = []
        if verdict is not Verdict.ALLOW:
            i = text.index("ME") - 5
            findings.append(Finding(start=i, end=i + 7, label="NAME", is_phi=True, score=0.9, why="marker"))
        reasons = [Reason("names_patient", "names a patient")] if findings else []
        return Report(verdict=verdict, findings=findings, reasons=reasons, suggestion="[masked]")


@pytest.fixture
def fake(monkeypatch):
    engine = FakeEngine()
    monkeypatch.setattr(cli, "scan", engine)
    monkeypatch.setenv("NO_COLOR", "1")
    return engine


def run(argv, capsys, stdin: bytes | None = None, monkeypatch=None):
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


# ------------------------------------------------------------------------------- single text
def test_allow_exits_0(fake, capsys):
    code, out, _ = run(["scan", "Flu shots all week, walk-ins welcome."], capsys)
    assert code == cli.EXIT_OK == 0
    assert "ALLOW" in out


@pytest.mark.parametrize("marker,verdict", [("BLOCKME", "BLOCK"), ("AUTHME", "NEEDS_AUTHORIZATION"),
                                            ("FOLLOWME", "PRIVATE_FOLLOW_UP")])
def test_any_other_verdict_exits_1(fake, capsys, marker, verdict):
    code, out, _ = run(["scan", f"hello {marker} there"], capsys)
    assert code == cli.EXIT_FLAGGED == 1
    assert verdict in out
    assert "names_patient" in out          # the reasons are shown
    assert "[masked]" in out               # and the safer version


def test_readable_report_marks_spans_without_colour(fake, capsys):
    code, out, _ = run(["scan", "hello BLOCKME there"], capsys)
    assert "[BLOCKME]" in out and "\033[" not in out


def test_json_single_text(fake, capsys):
    code, out, _ = run(["scan", "--json", "hi BLOCKME"], capsys)
    assert code == 1
    d = json.loads(out)
    assert d["verdict"] == "BLOCK" and d["flag"] is True
    assert d["reasons"] == ["names_patient"]
    assert d["spans"] and SPAN_KEYS <= set(d["spans"][0])
    code, out, _ = run(["scan", "--json", "nothing here"], capsys)
    assert code == 0
    d = json.loads(out)
    assert d["verdict"] == "ALLOW" and d["flag"] is False and d["spans"] == []


def test_stdin_dash(fake, capsys, monkeypatch):
    code, out, _ = run(["scan", "-", "--json"], capsys, stdin="from stdin AUTHME\n".encode(),
                       monkeypatch=monkeypatch)
    assert code == 1
    assert json.loads(out)["verdict"] == "NEEDS_AUTHORIZATION"
    assert fake.calls[-1]["text"] == "from stdin AUTHME\n"


def test_default_direction_and_kind(fake, capsys):
    run(["scan", "x"], capsys)
    assert fake.calls[-1]["direction"] == "outbound" and fake.calls[-1]["kind"] == "post"
    run(["scan", "--direction", "inbound", "x"], capsys)
    assert fake.calls[-1]["direction"] == "inbound" and fake.calls[-1]["kind"] == "comment"
    run(["scan", "--direction", "inbound", "--kind", "review", "x"], capsys)
    assert fake.calls[-1]["kind"] == "review"


@pytest.mark.parametrize("argv", [
    [],                                              # no command
    ["scan"],                                        # nothing to scan
    ["scan", "text", "--jsonl", "in.jsonl"],         # both
    ["scan", "text", "--out", "o.jsonl"],            # --out without --jsonl
    ["scan", "--direction", "sideways", "x"],
    ["scan", "--kind", "tweet", "x"],
    ["scan", "--no-such-option", "x"],
    ["frobnicate"],
])
def test_usage_errors_exit_2(fake, capsys, argv):
    code, out, err = run(argv, capsys)
    assert code == cli.EXIT_USAGE == 2
    assert out == ""
    assert err.strip()
    assert fake.calls == []


# ------------------------------------------------------------------------------- --jsonl
def test_jsonl_order_shape_and_flag(fake, capsys, tmp_path):
    rows = [{"id": f"r{i}", "text": f"item {i} " + ("BLOCKME" if i % 3 == 0 else "fine")} for i in range(40)]
    rows.reverse()  # order must be the file's, not sorted
    src = tmp_path / "in.jsonl"
    src.write_bytes(jsonl(*rows))
    code, out, err = run(["scan", "--jsonl", str(src)], capsys)
    assert code == 0 and err == ""
    lines = [json.loads(x) for x in out.splitlines()]
    assert [x["id"] for x in lines] == [r["id"] for r in rows]
    for x, r in zip(lines, rows):
        assert set(x) == LINE_KEYS
        assert x["flag"] == (x["verdict"] != "ALLOW")
        assert x["flag"] == ("BLOCKME" in r["text"])
        for sp in x["spans"]:
            assert SPAN_KEYS <= set(sp)
            assert 0 <= sp["start"] < sp["end"] <= len(r["text"])


def test_jsonl_ignores_extra_fields(fake, capsys, tmp_path):
    plain = {"id": "a", "text": "hello BLOCKME", "direction": "inbound", "kind": "review"}
    extra = {**plain, "platform": "yelp", "spans": "garbage", "phi_present": False, "verdict": "ALLOW",
             "flag": False, "nested": {"x": [1, 2]}, "reasons": None}
    (tmp_path / "a.jsonl").write_bytes(jsonl(plain))
    (tmp_path / "b.jsonl").write_bytes(jsonl(extra))
    _, out_a, _ = run(["scan", "--jsonl", str(tmp_path / "a.jsonl")], capsys)
    _, out_b, _ = run(["scan", "--jsonl", str(tmp_path / "b.jsonl")], capsys)
    assert out_a == out_b
    assert json.loads(out_b)["verdict"] == "BLOCK"
    assert fake.calls[-1]["direction"] == "inbound" and fake.calls[-1]["kind"] == "review"


def test_jsonl_default_direction_and_kind(fake, capsys, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_bytes(jsonl({"id": 1, "text": "a"}, {"id": 2, "text": "b", "direction": "inbound"},
                          {"id": 3, "text": "c", "direction": None, "kind": None}))
    code, _, _ = run(["scan", "--jsonl", str(src)], capsys)
    assert code == 0
    assert [(c["direction"], c["kind"]) for c in fake.calls] == [
        ("outbound", "post"), ("inbound", "comment"), ("outbound", "post")]


def test_jsonl_command_line_direction_is_the_lines_default(fake, capsys, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_bytes(jsonl({"id": 1, "text": "a"}, {"id": 2, "text": "b", "direction": "outbound"}))
    run(["scan", "--jsonl", str(src), "--direction", "inbound"], capsys)
    assert [(c["direction"], c["kind"]) for c in fake.calls] == [("inbound", "comment"), ("outbound", "post")]


def test_jsonl_malformed_lines_get_error_lines_and_the_run_goes_on(fake, capsys, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_bytes(jsonl(
        {"id": "ok1", "text": "fine"},
        b"{not json",                                   # 2: no id → line number
        {"id": "t", "text": 42},                        # 3: text not a string → its id
        b"[1, 2, 3]",                                   # 4: not an object
        {"id": "nt"},                                   # 5: no text
        {"id": "dir", "text": "x", "direction": "up"},  # 6: bad direction
        {"id": "kind", "text": "x", "kind": "tweet"},   # 7: bad kind
        b"\xff\xfe not utf-8",                          # 8: not UTF-8
        {"id": "boom", "text": "CRASHME"},              # 9: the engine raises
        {"id": "ok2", "text": "BLOCKME"},               # 10: still scanned
    ))
    code, out, err = run(["scan", "--jsonl", str(src)], capsys)
    lines = [json.loads(x) for x in out.splitlines()]
    assert len(lines) == 10
    assert code == 8                                    # the exit status counts the failures
    assert "8 line(s)" in err
    assert lines[0]["id"] == "ok1" and "error" not in lines[0]
    assert lines[-1]["id"] == "ok2" and lines[-1]["verdict"] == "BLOCK"
    errors = lines[1:9]
    assert all("error" in e and e["error"] for e in errors)
    assert [e["id"] for e in errors] == [None, "t", None, "nt", "dir", "kind", None, "boom"]
    assert [e["line"] for e in errors] == list(range(2, 10))
    for e in errors:
        assert f"line {e['line']}" in e["error"]


def test_jsonl_blank_lines_skipped_and_line_numbers_kept(fake, capsys, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_bytes(b'{"id": "a", "text": "x"}\n\n   \n{bad\n{"id": "b", "text": "y"}')  # no final newline
    code, out, _ = run(["scan", "--jsonl", str(src)], capsys)
    lines = [json.loads(x) for x in out.splitlines()]
    assert code == 1
    assert [x.get("id") for x in lines] == ["a", None, "b"]
    assert lines[1]["line"] == 4


def test_jsonl_missing_id_uses_line_number(fake, capsys, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_bytes(jsonl({"text": "a"}, {"text": "b"}))
    _, out, _ = run(["scan", "--jsonl", str(src)], capsys)
    assert [json.loads(x)["id"] for x in out.splitlines()] == [1, 2]


def test_jsonl_utf8_bom_and_unicode(fake, capsys, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_bytes(b"\xef\xbb\xbf" + jsonl({"id": "é", "text": "Sra. Gutiérrez 👋 BLOCKME"},
                                            {"id": "s", "text": "\ud800 lone surrogate"}))
    code, out, _ = run(["scan", "--jsonl", str(src)], capsys)
    lines = [json.loads(x) for x in out.splitlines()]
    assert code == 0
    assert lines[0]["id"] == "é" and lines[0]["verdict"] == "BLOCK"
    assert lines[1]["id"] == "s"


def test_jsonl_exit_status_is_capped(fake, capsys, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_bytes(b"{bad\n" * 300)
    code, out, _ = run(["scan", "--jsonl", str(src)], capsys)
    assert code == 125 and len(out.splitlines()) == 300


def test_jsonl_from_stdin(fake, capsys, monkeypatch):
    data = jsonl({"id": "a", "text": "x"}, {"id": "b", "text": "BLOCKME"}, b"{bad")
    code, out, _ = run(["scan", "--jsonl", "-"], capsys, stdin=data, monkeypatch=monkeypatch)
    assert code == 1
    assert [json.loads(x)["id"] for x in out.splitlines()] == ["a", "b", None]


def test_jsonl_out_file(fake, capsys, tmp_path):
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_bytes(jsonl({"id": "a", "text": "x"}, {"id": "b", "text": "AUTHME"}))
    code, out, _ = run(["scan", "--jsonl", str(src), "--out", str(dst)], capsys)
    assert code == 0 and out == ""
    rows = [json.loads(x) for x in dst.read_text(encoding="utf-8").splitlines()]
    assert [(r["id"], r["flag"]) for r in rows] == [("a", False), ("b", True)]


def test_jsonl_unreadable_input_or_output_is_a_usage_error(fake, capsys, tmp_path):
    code, out, err = run(["scan", "--jsonl", str(tmp_path / "missing.jsonl")], capsys)
    assert code == 2 and out == "" and "cannot read" in err
    src = tmp_path / "in.jsonl"
    src.write_bytes(jsonl({"id": "a", "text": "x"}))
    code, out, err = run(["scan", "--jsonl", str(src), "--out", str(tmp_path / "no" / "dir" / "o.jsonl")], capsys)
    assert code == 2 and "cannot write" in err


# ------------------------------------------------------------------------------- --policy
GOOD_POLICY = """
[organization]
name = "Lakeside Clinic"
phones = ["(555) 201-3344"]
staff = ["Dr. Maria Chen"]

[terms]
allow = ["Harbor Blvd"]

[thresholds]
name = 0.6
"""


def test_policy_is_passed_to_the_engine(fake, capsys, tmp_path):
    p = tmp_path / "p.toml"
    p.write_text(GOOD_POLICY, encoding="utf-8")
    code, _, _ = run(["scan", "--policy", str(p), "hello"], capsys)
    assert code == 0
    org = fake.calls[-1]["org"]
    assert isinstance(org, Policy) and org.name == "Lakeside Clinic" and org.name_threshold == 0.6
    src = tmp_path / "in.jsonl"
    src.write_bytes(jsonl({"id": "a", "text": "x"}))
    run(["scan", "--policy", str(p), "--jsonl", str(src)], capsys)
    assert fake.calls[-1]["org"].name == "Lakeside Clinic"


@pytest.mark.parametrize("content", [
    None,                                            # file missing
    "this is [not toml",                             # invalid TOML
    "[organisation]\nname = 'typo'\n",               # unknown section
    "[organization]\nnmae = 'typo'\n",               # unknown key
    "[organization]\nphones = 5551234\n",            # wrong type
    "[thresholds]\nname = 'high'\n",                 # not a number
    "[thresholds]\nname = 7\n",                      # out of range
    b"\xff\xfe[organization]\n",                     # not UTF-8
    "DIR",                                           # a directory
])
def test_policy_errors_exit_2_with_a_message(fake, capsys, tmp_path, content):
    p = tmp_path / "p.toml"
    if content == "DIR":
        p.mkdir()
    elif isinstance(content, bytes):
        p.write_bytes(content)
    elif content is not None:
        p.write_text(content, encoding="utf-8")
    for argv in (["scan", "--policy", str(p), "hello"], ["scan", "--policy", str(p), "--jsonl", "-"]):
        code, out, err = run(argv, capsys)
        assert code == 2
        assert out == ""
        assert err.startswith("safepost scan:") and "Traceback" not in err
    assert fake.calls == []


# ------------------------------------------------------------------------------- real engine
def safepost(*args, stdin: bytes | None = None, timeout: float = 120):
    return subprocess.run([sys.executable, "-m", "safepost.cli", *args], input=stdin,
                          capture_output=True, timeout=timeout, env={**os.environ, "NO_COLOR": "1"})


REAL_TEXTS = [
    "Flu shots all week at our clinic, walk-ins welcome!",
    "Congratulations to our patient Maria Lopez, home today after her hip replacement on March 3!",
    "We're sorry to hear about your visit. Please call our office so we can help.",
    "Patient SSN 123-45-6789, MRN 00482913, admitted yesterday for chest pain.",
]


@pytest.mark.parametrize("text", REAL_TEXTS)
def test_real_engine_exit_code_matches_the_verdict(text):
    r = safepost("scan", "--json", text)
    assert r.returncode in (0, 1), r.stderr
    d = json.loads(r.stdout)
    assert d["flag"] == (d["verdict"] != "ALLOW")
    assert r.returncode == int(d["flag"])
    for sp in d["spans"]:
        assert SPAN_KEYS <= set(sp) and 0 <= sp["start"] < sp["end"] <= len(text)
    plain = safepost("scan", text)
    assert plain.returncode == r.returncode
    assert d["verdict"] in plain.stdout.decode()


def test_real_engine_jsonl_round_trip_via_stdin():
    rows = [{"id": f"x{i}", "text": t, "direction": "inbound" if i % 2 else "outbound", "junk": [i]}
            for i, t in enumerate(REAL_TEXTS * 3)]
    r = safepost("scan", "--jsonl", "-", stdin=jsonl(*rows, b"{oops"))
    assert r.returncode == 1, r.stderr
    out = [json.loads(x) for x in r.stdout.decode().splitlines()]
    assert [o["id"] for o in out] == [row["id"] for row in rows] + [None]
    for o in out[:-1]:
        assert set(o) == LINE_KEYS and o["flag"] == (o["verdict"] != "ALLOW")
    assert out[-1]["line"] == len(rows) + 1 and "error" in out[-1]
    # no progress bar when stderr is not a terminal: only the failure summary
    assert r.stderr.decode().strip().splitlines() == [
        'safepost scan: 1 line(s) could not be scanned; see their "error" field']


def test_real_engine_jsonl_agrees_with_single_text():
    rows = [{"id": i, "text": t} for i, t in enumerate(REAL_TEXTS)]
    r = safepost("scan", "--jsonl", "-", stdin=jsonl(*rows))
    assert r.returncode == 0, r.stderr
    for row, line in zip(rows, r.stdout.decode().splitlines()):
        batch = json.loads(line)
        single = json.loads(safepost("scan", "--json", row["text"]).stdout)
        assert (batch["verdict"], batch["spans"], batch["reasons"]) == (
            single["verdict"], single["spans"], single["reasons"])
