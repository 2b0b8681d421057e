"""The notice letter and the public notices as PDF (fpdf2, the library the consent form uses). The letter is addressed
"Dear patient": one letter is printed per mailing and the addresses go on the envelope, so no
patient's details pass through SafePost here."""

from __future__ import annotations

from fpdf import FPDF

from safepost.app.incidents.letters import (
    TEXT,
    LetterFacts,
    letter_sections,
    spell_date,
)
from safepost.app.incidents.public_notices import Document

BODY = 12
LINE = 6.0

_ASCII = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-",
                        "\u2014": "-", "\u2026": "...", "\u00a0": " "})


def _latin1(text: str) -> str:
    """The PDF core fonts are Latin-1 (Spanish accents, ñ, ¿ and ¡ included); replace the rest."""
    return text.translate(_ASCII).encode("latin-1", "replace").decode("latin-1")


def _pdf(language: str, title: str, org_name: str):
    """A Letter-size PDF and a `para(text, style, size, gap)` that writes into it."""
    pdf = FPDF(format="letter", unit="mm")
    pdf.set_margins(22, 20, 22)
    pdf.set_auto_page_break(True, margin=20)
    pdf.set_title(_latin1(title))
    pdf.set_author(_latin1(org_name))
    pdf.set_creator("SafePost")
    pdf.set_lang("es" if language == "es" else "en")
    pdf.add_page()

    def para(text: str, style: str = "", size: int = BODY, gap: float = 2):
        pdf.set_font("Helvetica", style, size)
        pdf.multi_cell(0, LINE, _latin1(text), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)
    return pdf, para


def _sections(pdf, para, sections) -> None:
    for _element, heading, paragraphs in sections:
        para(heading, "B", BODY + 1, 1)
        for p in paragraphs:
            para(p)
        pdf.ln(2)


def letter_pdf(f: LetterFacts) -> bytes:
    t = TEXT[f.language]
    pdf, para = _pdf(f.language, t["title"], f.org_name)
    para(f.org_name, "B", BODY + 2, 0)
    if f.sent_on:
        para(t["date"].format(date=spell_date(f.sent_on, f.language)))
    para(t["title"], "B", BODY + 4, 4)
    para(t["dear"])
    para(t["intro"], gap=4)
    _sections(pdf, para, letter_sections(f))
    para(t["closing"])
    para(t["sincerely"], gap=0)
    para(f.org_name)
    return bytes(pdf.output())


def document_pdf(d: Document) -> bytes:
    """A public notice (public_notices.Document) as PDF."""
    pdf, para = _pdf(d.language, d.title, d.org_name)
    para(d.org_name, "B", BODY + 2, 0)
    if d.dated:
        para(d.dated)
    para(d.title, "B", BODY + 4, 4)
    for p in d.before:
        para(p, gap=4)
    _sections(pdf, para, d.sections)
    return bytes(pdf.output())
