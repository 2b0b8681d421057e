"""The certificate of completion (PDF): who passed which module (and its version), when, with
what score, valid until when, for which organization; the completion's id ties it to the
record and its audit entry (164.530(b)(2)(ii): document that training occurred)."""

from __future__ import annotations

from fpdf import FPDF

from safepost.app.training.content import Module
from safepost.app.training.models import Completion

_ASCII = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-",
                        "\u2014": "-", "\u2026": "...", "\u00a0": " "})


def latin1(text: str) -> str:
    """The PDF core fonts are Latin-1: keep what they can show, replace the rest."""
    return text.translate(_ASCII).encode("latin-1", "replace").decode("latin-1")


def certificate_pdf(c: Completion, mod: Module, org_name: str, person: str) -> bytes:
    if not c.passed or c.expires_at is None:
        raise ValueError(f"completion {c.pk} did not pass; there is no certificate for it")
    pdf = FPDF(orientation="landscape", format="letter", unit="mm")
    pdf.set_title(latin1(f"Certificate of completion - {mod.title}"))
    pdf.set_creator("SafePost")
    pdf.set_author(latin1(org_name))
    pdf.add_page()
    pdf.set_margins(25, 25, 25)
    pdf.set_y(35)
    pdf.set_font("Helvetica", "B", 28)
    pdf.cell(0, 14, "Certificate of completion", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 14)
    pdf.cell(0, 10, latin1(org_name), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.cell(0, 9, "This certifies that", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 20)
    pdf.cell(0, 12, latin1(person), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 14)
    pdf.cell(0, 9, "completed the privacy training module", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 10, latin1(f"{mod.title} (version {c.version})"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 13)
    pdf.ln(4)
    lines = [f"Completed: {c.completed_at:%Y-%m-%d} (UTC)    Score: {c.score} %",
             f"Valid until: {c.expires_at:%Y-%m-%d} (UTC)",
             f"Covers 45 CFR {', '.join(mod.cites)}",
             f"Record: training completion #{c.pk}, kept in SafePost's audit log"]
    for line in lines:
        pdf.cell(0, 8, latin1(line), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "I", 10)
    pdf.ln(6)
    pdf.multi_cell(0, 6, "Workforce training on privacy policies and procedures, documented as 45 CFR 164.530(b) "
                   "requires.", align="C")
    return bytes(pdf.output())
