"""The notice letter as PDF (fpdf2, the library the consent form uses). The letter is addressed
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

BODY = 12
LINE = 6.0

_ASCII = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-",
                        "\u2014": "-", "\u2026": "...", "\u00a0": " "})


def _latin1(text: str) -> str:
    """The PDF core fonts are Latin-1 (Spanish accents, ñ, ¿ and ¡ included); replace the rest."""
    return text.translate(_ASCII).encode("latin-1", "replace").decode("latin-1")


def letter_pdf(f: LetterFacts) -> bytes:
    t = TEXT[f.language]
    pdf = FPDF(format="letter", unit="mm")
    pdf.set_margins(22, 20, 22)
    pdf.set_auto_page_break(True, margin=20)
    pdf.set_title(_latin1(t["title"]))
    pdf.set_author(_latin1(f.org_name))
    pdf.set_creator("SafePost")
    pdf.set_lang("es" if f.language == "es" else "en")
    pdf.add_page()

    def para(text: str, style: str = "", size: int = BODY, gap: float = 2):
        pdf.set_font("Helvetica", style, size)
        pdf.multi_cell(0, LINE, _latin1(text), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    para(f.org_name, "B", BODY + 2, 0)
    if f.sent_on:
        para(t["date"].format(date=spell_date(f.sent_on, f.language)))
    para(t["title"], "B", BODY + 4, 4)
    para(t["dear"])
    para(t["intro"], gap=4)
    for _element, heading, paragraphs in letter_sections(f):
        para(heading, "B", BODY + 1, 1)
        for p in paragraphs:
            para(p)
        pdf.ln(2)
    para(t["closing"])
    para(t["sincerely"], gap=0)
    para(f.org_name)
    return bytes(pdf.output())
