"""The printable authorization form (PDF), from the organization's details, with every core
element of 164.508(c)(1), the statements of (c)(2), blanks for the patient's details, signature
and date, in plain language (c)(3) and 14-point type (California Civil Code 56.11(b)(1)).

The wording of the statements comes from `rules.STATEMENTS`, the same text the record form
offers as the statements "as printed on the signed form".
"""

from __future__ import annotations

from fpdf import FPDF

from safepost.app.consent import rules

BODY = 14          # points: California asks for at least 14
SMALL = 11
LINE = 7.0         # mm per line of body text
BLANK = "_" * 34

HEADINGS = {
    "patient": "1. About me (the patient)",
    "information": "2. What information may be used and shared",
    "discloser": "3. Who may use and share it",
    "recipients": "4. Who may receive it",
    "purpose": "5. Why (the purpose)",
    "expiry": "6. When this authorization ends",
    "rights": "7. My rights",
    "signature": "8. Signature",
}

_ASCII = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-",
                        "\u2014": "-", "\u2026": "...", "\u00a0": " "})


def _latin1(text: str) -> str:
    """The PDF core fonts are Latin-1: keep what they can show, replace the rest."""
    return text.translate(_ASCII).encode("latin-1", "replace").decode("latin-1")


class _Form(FPDF):
    def __init__(self, org_name: str):
        super().__init__(format="letter", unit="mm")
        self.org_name = org_name
        self.set_margins(20, 18, 20)
        self.set_auto_page_break(True, margin=20)
        self.set_title(_latin1(f"Authorization - {org_name}"))
        self.set_creator("SafePost")
        self.set_author(_latin1(org_name))

    def footer(self):
        self.set_y(-14)
        self.set_font("Helvetica", "", 9)
        self.cell(0, 5, _latin1(f"{self.org_name} - authorization form {rules.FORM_VERSION} - page {self.page_no()}"),
                  align="C")

    def heading(self, text: str):
        self.ln(2)
        self.set_font("Helvetica", "B", BODY + 2)
        self.multi_cell(0, LINE + 1, _latin1(text), new_x="LMARGIN", new_y="NEXT")
        self.set_font("Helvetica", "", BODY)

    def para(self, text: str, size: int = BODY, style: str = ""):
        self.set_font("Helvetica", style, size)
        self.multi_cell(0, LINE if size == BODY else 5.5, _latin1(text), new_x="LMARGIN", new_y="NEXT")
        self.set_font("Helvetica", "", BODY)

    def boxes(self, labels):
        for label in labels:
            self.para(f"[  ]  {label}")

    def blank(self, label: str):
        self.para(f"{label}: {BLANK}")


def blank_form_pdf(org_name: str) -> bytes:
    """The form to print or send for signature, as PDF bytes."""
    o = org_name.strip() or "the organization"
    pdf = _Form(o)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", BODY + 6)
    pdf.multi_cell(0, 10, _latin1("Authorization to use and share my health information on social media"),
                   new_x="LMARGIN", new_y="NEXT")
    pdf.para(o, style="B")
    pdf.para(f"This form lets {o} use my information, photos or story on social media. Signing it is my "
             f"choice. This form is separate from any other form: it is not part of my consent to treatment, "
             f"my registration or my financial paperwork.")

    pdf.heading(HEADINGS["patient"])
    pdf.blank("My full name")
    pdf.blank("My date of birth")
    pdf.blank("Other identifiers (for example, patient number)")

    pdf.heading(HEADINGS["information"])
    pdf.para("I allow the following information to be used (tick each that applies):")
    pdf.boxes(["My name (write which form, e.g. first name only): " + "_" * 18,
               "My story or quotes, as written below or attached",
               "Photographs of me", "Video of me"])
    pdf.para("Describe the information specifically (for example: first name, photos taken at my last visit, "
             "the condition or procedure that may be mentioned):")
    for _ in range(3):
        pdf.para("_" * 60)

    pdf.heading(HEADINGS["discloser"])
    pdf.para(f"{o} and its staff who manage its communications may use and share this information.")

    pdf.heading(HEADINGS["recipients"])
    pdf.para(f"The public, anyone who can see {o}'s accounts on these platforms (tick each that applies):")
    pdf.boxes(list(rules.PLATFORMS.values()))

    pdf.heading(HEADINGS["purpose"])
    pdf.para("My information may be used for these purposes (tick each that applies):")
    pdf.boxes(list(rules.USES.values()))
    pdf.para("Describe each purpose (for example, the campaign or service it promotes):")
    pdf.para("_" * 60)
    pdf.para("Tick this box only if a company pays " + o + " for this communication:")
    pdf.boxes([rules.statement("remuneration", o) + "_" * 24])

    pdf.heading(HEADINGS["expiry"])
    pdf.para("This authorization ends on the date or at the event below, whichever comes first. "
             "(In California, a date is required.)")
    pdf.blank("Expiration date")
    pdf.blank("Or this event")

    pdf.heading(HEADINGS["rights"])
    pdf.para("Right to revoke. " + rules.statement("revocation", o))
    pdf.blank(f"Address of the Privacy Officer of {o}")
    pdf.para("No conditions on my care. " + rules.statement("conditioning", o))
    pdf.para("Redisclosure. " + rules.statement("redisclosure", o))
    pdf.para("Copy. " + rules.statement("copy", o))

    pdf.heading(HEADINGS["signature"])
    pdf.para("This signature is used only for this authorization.")
    pdf.blank("Signature")
    pdf.blank("Date")
    pdf.blank("Printed name")
    pdf.para("If a personal representative signs for the patient:")
    pdf.blank("Representative's name")
    pdf.blank("Authority to act for the patient (e.g. parent of a minor, legal guardian, executor)")

    pdf.ln(3)
    pdf.para(f"For {o} staff: copy given to the patient on ______________ by ______________ "
             f"(in person / mail / email).", size=SMALL)
    return bytes(pdf.output())
