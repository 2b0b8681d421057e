"""The training report for auditors as PDF, beside the CSV: who (each member, role, standing
under the organization's policy, next expiry or a new hire's deadline, modules to do), then
every attempt: which module and version, when, the score, the expiry and the pass's standing.
Emails, module ids and dates only: nothing a member wrote (164.530(b)(2)(ii), (j))."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from fpdf import FPDF
from fpdf.fonts import FontFace

from safepost.app.training import rules
from safepost.app.training.certificate import latin1
from safepost.app.training.models import Completion
from safepost.app.training.services import MemberStanding, Settings

HEAD = FontFace(emphasis="BOLD", fill_color=(230, 230, 230))
MEMBER_COLUMNS = ("Member", "Role", "Standing", "Next expiry / due by (UTC)", "Modules to do")
ATTEMPT_COLUMNS = ("Member", "Module", "Version", "Completed (UTC)", "Score", "Result", "Expires (UTC)", "Standing")


def _day(dt: datetime | None) -> str:
    return dt.strftime("%Y-%m-%d") if dt else "-"


def _policy_line(conf: Settings) -> str:
    if conf.texas:
        return (f"Policy: {conf.policy.label}. Pass mark {conf.passing_percent} %.")
    return f"Policy: a pass lasts {conf.validity_days} days. Pass mark {conf.passing_percent} %."


def _attempt_standing(c: Completion, latest: dict[tuple[int, str], int], now: datetime) -> str:
    if not c.passed:
        return "not passed"
    if latest.get((c.user_id, c.module_id)) != c.pk:
        return "replaced by a later pass"
    return rules.standing(c.expires_at, now).label


def member_rows(report: Sequence[MemberStanding]) -> list[tuple[str, ...]]:
    return [(m.user.email, m.role.label, m.standing.label,
             f"new hire: by {_day(m.due_by)}" if m.due_by else _day(m.next_expiry),
             ", ".join(m.missing) or "-") for m in report]


def attempt_rows(attempts: Sequence[Completion], emails: dict[int, str], now: datetime) -> list[tuple[str, ...]]:
    latest: dict[tuple[int, str], int] = {}
    for c in sorted((c for c in attempts if c.passed), key=lambda c: (c.expires_at, c.pk)):
        latest[(c.user_id, c.module_id)] = c.pk
    return [(emails[c.user_id], c.module_id, str(c.version), c.completed_at.strftime("%Y-%m-%d %H:%M"),
             f"{c.score} %", "passed" if c.passed else "not passed", _day(c.expires_at),
             _attempt_standing(c, latest, now)) for c in attempts]


def _table(pdf: FPDF, columns: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[int]) -> None:
    with pdf.table(col_widths=widths, headings_style=HEAD, line_height=5, text_align="LEFT",
                   repeat_headings=1) as table:
        table.row([latin1(c) for c in columns])
        for r in rows:
            table.row([latin1(v) for v in r])


def report_pdf(org_name: str, conf: Settings, report: Sequence[MemberStanding], attempts: Sequence[Completion],
               now: datetime) -> bytes:
    emails = {m.user.pk: m.user.email for m in report}
    pdf = FPDF(orientation="landscape", format="letter", unit="mm")
    pdf.set_title(latin1(f"Training report - {org_name}"))
    pdf.set_creator("SafePost")
    pdf.set_author(latin1(org_name))
    pdf.set_margins(12, 12, 12)
    pdf.set_auto_page_break(True, margin=14)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 18)
    pdf.cell(0, 10, latin1(f"Training report - {org_name}"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    counts = " | ".join(f"{s.label}: {sum(1 for m in report if m.standing is s)}" for s in rules.Standing)
    for line in (f"Generated {now:%Y-%m-%d %H:%M} UTC. {_policy_line(conf)}",
                 f"{len(report)} members, {len(attempts)} attempts. {counts}",
                 "Workforce training documented as 45 CFR 164.530(b)(2)(ii) requires; kept 6 years (164.530(j))."):
        pdf.multi_cell(0, 5, latin1(line), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 13)
    pdf.cell(0, 8, "Members", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 8)
    _table(pdf, MEMBER_COLUMNS, member_rows(report), (70, 30, 28, 45, 82))
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 13)
    pdf.cell(0, 8, "Attempts (who, what, when, score)", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 8)
    _table(pdf, ATTEMPT_COLUMNS, attempt_rows(attempts, emails, now), (62, 42, 15, 30, 15, 22, 24, 45))
    return bytes(pdf.output())
