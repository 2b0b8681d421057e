"""The notice letter to individuals (45 CFR 164.404(c)), in plain language, English and Spanish.
Pure: no Django. `letter_sections(facts)` gives the letter as (element, heading, paragraphs);
`letter_problems(facts)` says what is missing before a letter may be produced.

The elements, to the extent possible, in plain language (164.404(c)(1), (2)):
  A  what happened, with the date of the breach and the date of discovery, if known
  B  the types of unsecured PHI involved
  C  the steps individuals should take to protect themselves
  D  what the covered entity is doing to investigate, mitigate harm and protect against more
  E  contact procedures, including a toll-free number, an e-mail address, a website or a postal address
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from safepost.app.incidents.rules import INFO_TYPES

LANGUAGES = {"en": "English", "es": "Español"}

MONTHS_ES = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
             "noviembre", "diciembre"]


@dataclass(frozen=True)
class LetterFacts:
    org_name: str
    language: str                       # en | es
    discovered_on: date
    occurred_on: date | None
    info_types: tuple[str, ...]
    what_happened: str = ""             # the officer's plain-language account (optional; a default is used)
    what_we_are_doing: str = ""         # optional; a default is used
    phone: str = ""                     # toll-free number
    email: str = ""
    website: str = ""
    postal: str = ""
    sent_on: date | None = None


def spell_date(d: date, language: str) -> str:
    if language == "es":
        return f"{d.day} de {MONTHS_ES[d.month - 1]} de {d.year}"
    return d.strftime("%B ") + str(d.day) + d.strftime(", %Y")


def letter_problems(f: LetterFacts) -> list[str]:
    problems = []
    if f.language not in LANGUAGES:
        problems.append(f"language: choose one of {', '.join(LANGUAGES)}")
    if not f.info_types:
        problems.append("info_types: record the types of information involved (the assessment, factor (i)) first: "
                        "the letter must name them (164.404(c)(1)(B))")
    if not any(x.strip() for x in (f.phone, f.email, f.website, f.postal)):
        problems.append("contact: give a toll-free number, an e-mail address, a website or a postal address "
                        "(164.404(c)(1)(E))")
    if not f.org_name.strip():
        problems.append("org_name: the letter must say who is writing")
    return problems


TEXT = {
    "en": {
        "title": "Notice of a privacy incident involving your health information",
        "dear": "Dear patient,",
        "intro": "We are writing to tell you about an incident that involved some of your health information, "
                 "what we are doing about it, and what you can do.",
        "A": "What happened",
        "B": "What information was involved",
        "C": "What you can do",
        "D": "What we are doing",
        "E": "For more information",
        "happened_default": "Information about you was shared on one of {org}'s social media accounts in a way "
                            "that the law does not allow.",
        "occurred": "This happened on {date}.",
        "occurred_unknown": "We are still confirming the date it happened.",
        "discovered": "We discovered it on {date}.",
        "types": "The information involved was: {types}.",
        "steps": [
            ("Watch for messages or calls that mention your health care and that you did not expect. We will never "
            "ask you for passwords or payment details by e-mail or social media."),
            ("Review the statements you receive from your health plan and your providers. If you see a service you "
            "did not receive, contact them."),
            ("If you see a post about you that concerns you, do not reply to it publicly: contact us using the "
            "details below."),
        ],
        "doing_default": "We removed the information as soon as we learned of it, asked the platform to remove any "
                         "copies, reviewed how it happened, and are retraining our staff and improving our checks so "
                         "it does not happen again.",
        "contact": "If you have questions, please contact us:",
        "phone": "Toll-free telephone: {v}",
        "email": "E-mail: {v}",
        "website": "Website: {v}",
        "postal": "Mail: {v}",
        "closing": "We are sorry this happened. Protecting your information is important to us.",
        "sincerely": "Sincerely,",
        "date": "Date: {date}",
    },
    "es": {
        "title": "Aviso de un incidente de privacidad relacionado con su información de salud",
        "dear": "Estimado paciente:",
        "intro": "Le escribimos para informarle sobre un incidente relacionado con parte de su información de "
                 "salud, lo que estamos haciendo al respecto y lo que usted puede hacer.",
        "A": "¿Qué sucedió?",
        "B": "¿Qué información estuvo involucrada?",
        "C": "¿Qué puede hacer usted?",
        "D": "¿Qué estamos haciendo nosotros?",
        "E": "Para más información",
        "happened_default": "Se compartió información sobre usted en una de las cuentas de redes sociales de {org} "
                            "de una manera que la ley no permite.",
        "occurred": "Esto sucedió el {date}.",
        "occurred_unknown": "Todavía estamos confirmando la fecha en que sucedió.",
        "discovered": "Lo descubrimos el {date}.",
        "types": "La información involucrada fue: {types}.",
        "steps": [
            ("Esté atento a mensajes o llamadas inesperadas que mencionen su atención médica. Nunca le pediremos "
            "contraseñas ni datos de pago por correo electrónico o redes sociales."),
            ("Revise los estados de cuenta de su plan de salud y de sus proveedores. Si ve un servicio que no "
            "recibió, comuníquese con ellos."),
            ("Si ve una publicación sobre usted que le preocupa, no responda públicamente: comuníquese con "
            "nosotros usando los datos de abajo."),
        ],
        "doing_default": "Eliminamos la información en cuanto supimos del incidente, pedimos a la plataforma que "
                         "eliminara cualquier copia, revisamos cómo ocurrió y estamos capacitando de nuevo a nuestro "
                         "personal y mejorando nuestros controles para que no vuelva a suceder.",
        "contact": "Si tiene preguntas, comuníquese con nosotros:",
        "phone": "Teléfono gratuito: {v}",
        "email": "Correo electrónico: {v}",
        "website": "Sitio web: {v}",
        "postal": "Correo postal: {v}",
        "closing": "Lamentamos lo sucedido. Proteger su información es importante para nosotros.",
        "sincerely": "Atentamente,",
        "date": "Fecha: {date}",
    },
}


def _join(items: list[str], language: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    last = " y " if language == "es" else ", and " if len(items) > 2 else " and "
    return ", ".join(items[:-1]) + last + items[-1]


def letter_sections(f: LetterFacts) -> list[tuple[str, str, list[str]]]:
    """[(element letter, heading, paragraphs)] for elements A to E, in the letter's language."""
    t, lang = TEXT[f.language], f.language
    idx = 1 if lang == "es" else 0
    types = [INFO_TYPES[k][idx] for k in f.info_types if k in INFO_TYPES]
    happened = [f.what_happened.strip() or t["happened_default"].format(org=f.org_name),
                t["occurred"].format(date=spell_date(f.occurred_on, lang)) if f.occurred_on else t["occurred_unknown"],
                t["discovered"].format(date=spell_date(f.discovered_on, lang))]
    contact = [t["contact"]] + [t[k].format(v=getattr(f, k).strip()) for k in ("phone", "email", "website", "postal")
                                if getattr(f, k).strip()]
    return [
        ("A", t["A"], [" ".join(happened)]),
        ("B", t["B"], [t["types"].format(types=_join(types, lang))]),
        ("C", t["C"], list(t["steps"])),
        ("D", t["D"], [f.what_we_are_doing.strip() or t["doing_default"]]),
        ("E", t["E"], contact),
    ]
