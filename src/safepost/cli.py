"""The `safepost` command.

    safepost scan "text"                 readable report; exit 0 when ALLOW, 1 otherwise
    safepost scan -                      the same, text from stdin
    safepost scan --json "text"          the report as one JSON object
    safepost scan --jsonl IN [--out OUT] one JSON line per input line
    safepost scan --jsonl IN --workers N the same, scanned by N worker processes (default: one a
                                         CPU, at most 4, for 250 lines or more a worker)
    safepost scan photo.jpg [--json]     an image (.jpg, .png, .webp): its text, faces and metadata
    safepost scan photo.jpg --redact OUT also write a copy with faces blurred, identifiers boxed out
    safepost scan clip.mp4 [--json]      a video (.mp4, .mov, .webm, ...): its keyframes, each with its time

Exit status: the one table in `safepost.exitcodes` (0 ALLOW, 1 flagged, 2 usage error, 3 some
--jsonl lines could not be scanned, 141 the output's reader went away).

The service's operator commands (serve, migrate, createuser, apikey, audit, check, worker)
are registered by `safepost.app.commands` when the service is installed.
"""

from __future__ import annotations

from datetime import date

import argparse
import json
import os
import sys
from typing import IO, Iterable

from safepost.engine import DIRECTIONS, KINDS, Policy, PolicyError, Report, scan

from safepost.exitcodes import (EPILOG, EXIT_BAD_LINES, EXIT_FLAGGED, EXIT_OK, EXIT_USAGE,  # noqa: F401
                                run_quietly)


# ---------------------------------------------------------------------------------------------
# readable report
# ---------------------------------------------------------------------------------------------
class Style:
    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, text: str, code: str) -> str:
        return f"\033[{code}m{text}\033[0m" if self.enabled else text


VERDICT_STYLE = {"ALLOW": "1;32", "NEEDS_AUTHORIZATION": "1;33", "BLOCK": "1;31", "PRIVATE_FOLLOW_UP": "1;35"}


def render(text: str, report: Report, style: Style, explain: bool = False) -> str:
    out = []
    v = report.verdict.value
    out.append(style(f"Verdict: {v}", VERDICT_STYLE[v]))
    # the text, with identifiers highlighted: red for PHI, dim underline for the rest
    marked, pos = [], 0
    for f in sorted(report.findings, key=lambda f: f.start):
        if f.start < pos:
            continue
        marked.append(text[pos:f.start])
        span = text[f.start:f.end]
        marked.append(style(span, "1;41;97" if f.is_phi else "4") if style.enabled
                      else (f"[{span}]" if f.is_phi else f"({span})"))
        pos = f.end
    marked.append(text[pos:])
    out.append("")
    out.append("  " + "".join(marked).replace("\n", "\n  "))
    if report.findings:
        out.append("")
        out.append(style("Identifiers", "1"))
        for f in report.findings:
            tag = style("PHI", "31") if f.is_phi else style("not PHI", "32")
            out.append(f"  {f.label:<11} {text[f.start:f.end]!r:<32} {tag}  {f.why}")
    if report.reasons:
        out.append("")
        out.append(style("Why", "1"))
        for r in report.reasons:
            out.append(f"  - {r.code}: {r.explanation}")
    if report.flag:
        out.append("")
        out.append(style("Safer version", "1"))
        out.append("  " + report.suggestion.replace("\n", "\n  "))
    if explain and report.judgement:
        out.extend(_explain(report.judgement, style))
    return "\n".join(out)


def _explain(j, style: Style) -> list[str]:
    """How the learned verdict was reached: probability against the threshold, and the features
    that moved it most (+ towards PHI, − away from it)."""
    side = "at or above" if j.probability >= j.threshold else "below"
    out = ["", style("How the verdict was reached", "1"),
           f"  probability of PHI {j.probability:.2f}, {side} the threshold {j.threshold:.2f}; "
           f"the rules alone said {j.rules_verdict}"]
    for c in j.contributions:
        out.append(f"  {c.weight:+.2f}  {c.feature}")
    return out


# ---------------------------------------------------------------------------------------------
# JSONL batch
# ---------------------------------------------------------------------------------------------
def _scan_line(raw: bytes, lineno: int, policy: Policy | None,
               default_direction: str = "outbound", default_kind: str | None = None) -> tuple[dict, bool]:
    """One input line → (output object, ok)."""
    try:
        line = raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
    except UnicodeDecodeError:
        return {"id": None, "line": lineno, "error": f"line {lineno}: not UTF-8 text"}, False
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as e:
        return {"id": None, "line": lineno, "error": f"line {lineno}: not valid JSON ({e.msg})"}, False
    if not isinstance(obj, dict):
        return {"id": None, "line": lineno, "error": f"line {lineno}: expected a JSON object"}, False
    ident = obj.get("id", lineno)
    text = obj.get("text")
    if not isinstance(text, str):
        return {"id": ident, "line": lineno, "error": f"line {lineno}: 'text' must be a string"}, False
    direction = obj.get("direction") or default_direction
    kind = obj.get("kind") or default_kind or ("comment" if direction == "inbound" else "post")
    try:
        report = scan(text, direction=direction, kind=kind, org=policy, today=date.today())
    except ValueError as e:
        return {"id": ident, "line": lineno, "error": f"line {lineno}: {e}"}, False
    except Exception as e:  # an engine bug on one text must not end the batch
        return {"id": ident, "line": lineno,
                "error": f"line {lineno}: internal error ({type(e).__name__}: {e})"}, False
    # the fields of Report.to_dict() a line carries, without building the others (for speed)
    return {"id": ident, "verdict": report.verdict.value, "flag": report.flag,
            "spans": [f.to_dict() for f in report.findings], "reasons": [r.code for r in report.reasons]}, True


class Progress:
    """A one-line progress bar on stderr, drawn only when stderr is a terminal."""

    def __init__(self, total: int, stream: IO[str]) -> None:
        self.total, self.stream, self.done = total, stream, 0
        self.enabled = stream.isatty() and total > 0

    def step(self) -> None:
        self.done += 1
        if self.enabled and (self.done % 50 == 0 or self.done == self.total):
            width = 30
            filled = width * self.done // self.total
            self.stream.write(f"\r  scanning [{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total}")
            if self.done == self.total:
                self.stream.write("\n")
            self.stream.flush()


def scan_numbered(raw: bytes, lineno: int, policy: Policy | None, direction: str = "outbound",
                  kind: str | None = None) -> tuple[dict | None, bool]:
    """`_scan_line`, except that a blank line has no output (None)."""
    if not raw.strip():
        return None, True
    return _scan_line(raw, lineno, policy, direction, kind)


def _open_lines(path: str) -> tuple[int, Iterable[bytes], IO[bytes] | None]:
    """(number of lines, the raw lines, the file to close). Each line is decoded on its own, so
    one bad line does not sink the file. A regular file is counted, then streamed, so a long
    archive is never held in memory; stdin, a pipe or a FIFO is read whole (to count it)."""
    if path == "-":
        lines = list(sys.stdin.buffer)
        return len(lines), lines, None
    f = open(path, "rb")
    try:
        if not f.seekable():
            lines = list(f)
            f.close()
            return len(lines), lines, None
        total, last = 0, b"\n"
        while block := f.read(1 << 20):
            total += block.count(b"\n")
            last = block[-1:]
        total += last != b"\n"
        f.seek(0)
    except BaseException:
        f.close()
        raise
    return total, f, f


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _dumps(obj: dict) -> str:
    s = json.dumps(obj, ensure_ascii=False)
    if not _encodable(s):  # a lone surrogate from a \ud800 escape in the input
        s = json.dumps(obj)
    return s


def run_jsonl(in_path: str, out_path: str | None, policy: Policy | None,
              direction: str = "outbound", kind: str | None = None, workers: int | None = 1) -> int:
    try:
        total, lines, infile = _open_lines(in_path)
    except OSError as e:
        print(f"safepost scan: cannot read {in_path}: {e.strerror}", file=sys.stderr)
        return EXIT_USAGE
    try:
        if infile is not None and out_path and _same_file(in_path, out_path):
            lines = list(infile)  # rewritten in place: read it all before --out truncates it
            infile.close()
            infile = None
        try:
            out = open(out_path, "w", encoding="utf-8") if out_path else sys.stdout
        except OSError as e:
            print(f"safepost scan: cannot write {out_path}: {e.strerror}", file=sys.stderr)
            return EXIT_USAGE
        failed = 0
        progress = Progress(total, sys.stderr)
        numbered = enumerate(lines, 1)
        if workers is None:
            from safepost.batch import auto_workers
            workers = auto_workers(total)
        workers = min(workers, max(total, 1))
        if workers > 1:
            from safepost.batch import scan_parallel
            results = scan_parallel(numbered, total, workers, policy, direction, kind)
        else:
            results = (scan_numbered(raw, n, policy, direction, kind) for n, raw in numbered)
        try:
            for obj, ok in results:
                if obj is not None:
                    failed += not ok
                    out.write(_dumps(obj) + "\n")
                progress.step()
        finally:
            close = getattr(results, "close", None)
            if close:
                close()          # stops the worker processes on an early exit
            if out_path:
                out.close()
    finally:
        if infile is not None:
            infile.close()
    if failed:
        print(f"safepost scan: {failed} line(s) could not be scanned; see their \"error\" field",
              file=sys.stderr)
    return EXIT_BAD_LINES if failed else EXIT_OK


# ---------------------------------------------------------------------------------------------
# argument parsing
# ---------------------------------------------------------------------------------------------
def _add_scan(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "scan", help="check a text for protected health information",
        description="Check a post, caption or reply for protected health information (PHI) before "
                    "it is published, or an inbound comment before it is left public.",
        epilog=EPILOG + "\n"
               "Examples:\n"
               "  safepost scan \"Congrats to Maria on her new hip!\"\n"
               "  echo 'we reviewed your chart' | safepost scan - --kind review_reply\n"
               "  safepost scan --jsonl comments.jsonl --out verdicts.jsonl --direction inbound\n"
               "  safepost scan --jsonl archive.jsonl --out verdicts.jsonl --workers 8\n"
               "  safepost scan photo.jpg --json --redact photo-redacted.jpg",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("text", nargs="?", help="the text to check, - to read it from stdin, or an image file "
                                          "(.jpg, .jpeg, .png, .webp) or video file (.mp4, .mov, .webm, ...)")
    p.add_argument("--redact", metavar="OUT", help="with an image: write a copy with faces blurred, identifiers "
                                                   "boxed out and no metadata (.jpg, .png or .webp)")
    p.add_argument("--jsonl", metavar="IN", help="scan a JSONL file (one {\"id\",\"text\",...} per line; - for stdin)")
    p.add_argument("--out", metavar="OUT", help="with --jsonl: write results here instead of stdout")
    p.add_argument("--json", action="store_true", help="print the report as one JSON object")
    p.add_argument("--direction", choices=DIRECTIONS, default="outbound",
                   help="outbound: written by the organization (default); inbound: by a patient or the public")
    p.add_argument("--kind", choices=KINDS, default=None,
                   help="what the text is (default: post for outbound, comment for inbound)")
    p.add_argument("--policy", metavar="FILE.toml",
                   help="organization profile and allow-lists (see `safepost.engine.policy`)")
    p.add_argument("--workers", metavar="N", type=_positive_int, default=None,
                   help="with --jsonl: scan in N worker processes (1: in this process; default: one per "
                        "CPU, at most 4, when there are at least 250 lines per worker); the output is the "
                        "same, in the input order")
    p.add_argument("--no-color", action="store_true", help="plain text, even on a terminal")
    p.add_argument("--explain", action="store_true",
                   help="also show how the verdict was reached: the model's probability, the threshold, "
                        "and the evidence that moved it most (the JSON output always has it, as 'judgement')")
    p.set_defaults(func=cmd_scan)


def _positive_int(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {n}")
    return n


def _load_policy(path: str | None) -> tuple[Policy | None, bool]:
    """(the policy, ok); the error is printed when not ok."""
    if not path:
        return None, True
    try:
        return Policy.from_toml(path), True
    except PolicyError as e:
        print(f"safepost scan: {e}", file=sys.stderr)
    except (OSError, UnicodeDecodeError) as e:
        print(f"safepost scan: cannot read policy file {path}: "
              f"{getattr(e, 'strerror', None) or 'not UTF-8 text'}", file=sys.stderr)
    return None, False


def cmd_scan(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    policy, ok = _load_policy(args.policy)
    if not ok:
        return EXIT_USAGE
    if args.jsonl:
        if args.text is not None:
            parser.error("give either a text or --jsonl FILE, not both")
        if args.redact:
            parser.error("--redact only goes with an image file, not --jsonl")
        return run_jsonl(args.jsonl, args.out, policy, args.direction, args.kind, args.workers)
    if args.out:
        parser.error("--out only goes with --jsonl")
    if args.workers not in (None, 1):
        parser.error("--workers only goes with --jsonl")
    if args.text is None:
        parser.error("nothing to scan: give the text, - for stdin, an image file, or --jsonl FILE")
    kind = args.kind or ("comment" if args.direction == "inbound" else "post")
    from safepost.cli_media import names_media, run_image
    if names_media(args.text):
        color = sys.stdout.isatty() and not args.no_color and "NO_COLOR" not in os.environ
        return run_image(args.text, direction=args.direction, kind=kind, policy=policy, as_json=args.json,
                         redact_to=args.redact, color=color)
    if args.redact:
        parser.error("--redact only goes with an image file (.jpg, .jpeg, .png, .webp)")
    if args.text == "-":
        text = _read_stdin()
        if text is None:
            print("safepost scan: stdin is not UTF-8 text", file=sys.stderr)
            return EXIT_USAGE
    else:
        text = args.text
    try:
        report = scan(text, direction=args.direction, kind=kind, org=policy, today=date.today())
    except ValueError as e:  # e.g. a text over the engine's length limit
        print(f"safepost scan: {e}", file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        s = json.dumps(report.to_dict(), ensure_ascii=False, indent=2)
        if not _encodable(s):  # a lone surrogate (an undecodable byte in argv)
            s = json.dumps(report.to_dict(), indent=2)
        print(s)
    else:
        color = sys.stdout.isatty() and not args.no_color and "NO_COLOR" not in os.environ
        print(render(text, report, Style(color), explain=args.explain))
    return EXIT_FLAGGED if report.flag else EXIT_OK


def _read_stdin() -> str | None:
    """The text on stdin, without a UTF-8 byte-order mark; None when it is not UTF-8."""
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:  # a text stream without bytes underneath
        return sys.stdin.read().removeprefix("\ufeff")
    try:
        return buffer.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def _encodable(s: str) -> bool:
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="safepost",
        description="SafePost keeps protected health information out of a healthcare "
                    "organization's social media.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_scan(sub)
    try:
        from safepost.app.commands import register  # the service, when installed
    except ImportError:
        pass
    else:
        register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """The entry point; `safepost ... | head` ends quietly with 141 (see safepost.exitcodes)."""
    return run_quietly(_main, argv)


def _main(argv: list[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    return args.func(args, parser)


if __name__ == "__main__":
    sys.exit(main())
