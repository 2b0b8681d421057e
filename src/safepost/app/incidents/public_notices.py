"""The public notices, built from the letter's content (the elements A-E of 164.404(c)), in English
and Spanish. Pure: no Django. `document(facts, kind, state)` gives a `Document` that
`letter_pdf.document_pdf` prints and `document_text` writes as plain text.

  posting  the substitute notice for 10 or more people who cannot be reached (164.404(d)(2)(ii)):
           for the home page of our website (90 days) or major print or broadcast media, with the
           toll-free number where people can learn whether their information was involved.
  media    the notice to prominent media outlets serving a State or jurisdiction with more than 500
           affected residents (164.406): the same content as the notice to individuals (164.406(c)).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from safepost.app.incidents.letters import LetterFacts, letter_problems, letter_sections, spell_date

KINDS = {"posting": "Substitute notice for our website or the media (164.404(d)(2)(ii))",
         "media": "Notice to prominent media outlets (164.406)"}

# States and jurisdictions by their two-letter postal codes (164.406 says "State or jurisdiction").
JURISDICTIONS = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California", "CO": "Colorado",
    "CT": "Connecticut", "DE": "Delaware", "DC": "the District of Columbia", "FL": "Florida", "GA": "Georgia",
    "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas",
    "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan",
    "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York", "NC": "North Carolina",
    "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania",
    "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas",
    "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington", "WV": "West Virginia",
    "WI": "Wisconsin", "WY": "Wyoming", "PR": "Puerto Rico", "GU": "Guam", "VI": "the U.S. Virgin Islands",
    "AS": "American Samoa", "MP": "the Northern Mariana Islands",
}

TEXT = {
    "en": {
        "posting": {
            "title": "Notice of a privacy incident involving patient information",
            "intro": "{org} is publishing this notice because we could not reach some of the people affected by a "
                     "privacy incident at their current address. If you are or were our patient, please read it.",
            "happened_default": "Information about some of our patients was shared on one of {org}'s social media "
                                "accounts in a way that the law does not allow.",
            "toll_free": "To learn whether your information was involved, call our toll-free number {phone}. "
                         "It will be answered for at least 90 days.",
            "dated": "Posted on {date}.",
        },
        "media": {
            "title": "Notice of a privacy incident involving the health information of residents of {state}",
            "intro": "{org} is notifying the public about a privacy incident that involved the health information "
                     "of more than 500 residents of {state}. Each person affected is also being told by letter.",
            "happened_default": "Information about some of our patients was shared on one of {org}'s social media "
                                "accounts in a way that the law does not allow.",
            "toll_free": "",
            "dated": "Released on {date}.",
        },
    },
    "es": {
        "posting": {
            "title": "Aviso de un incidente de privacidad relacionado con información de pacientes",
            "intro": "{org} publica este aviso porque no pudimos comunicarnos con algunas de las personas afectadas "
                     "por un incidente de privacidad en su dirección actual. Si usted es o fue nuestro paciente, "
                     "léalo por favor.",
            "happened_default": "Se compartió información sobre algunos de nuestros pacientes en una de las cuentas de "
                                "redes sociales de {org} de una manera que la ley no permite.",
            "toll_free": "Para saber si su información estuvo involucrada, llame a nuestro número gratuito {phone}. "
                         "Se atenderá durante al menos 90 días.",
            "dated": "Publicado el {date}.",
        },
        "media": {
            "title": "Aviso de un incidente de privacidad relacionado con la información de salud de residentes "
                     "de {state}",
            "intro": "{org} informa al público sobre un incidente de privacidad relacionado con la información de "
                     "salud de más de 500 residentes de {state}. Cada persona afectada también recibe una carta.",
            "happened_default": "Se compartió información sobre algunos de nuestros pacientes en una de las cuentas de "
                                "redes sociales de {org} de una manera que la ley no permite.",
            "toll_free": "",
            "dated": "Publicado el {date}.",
        },
    },
}


@dataclass(frozen=True)
class Document:
    language: str
    org_name: str
    title: str
    dated: str                                   # "" when the notice has no date
    before: tuple[str, ...]                      # paragraphs before the sections
    sections: tuple[tuple[str, str, tuple[str, ...]], ...]   # (element, heading, paragraphs)


def state_name(code: str) -> str:
    return JURISDICTIONS.get(code, code)


def problems(f: LetterFacts, kind: str, state: str = "", media_states: tuple[str, ...] = ()) -> list[str]:
    found = letter_problems(f)
    if kind not in KINDS:
        found.append(f"kind: choose one of {', '.join(KINDS)}")
    elif kind == "posting" and not f.phone.strip():
        found.append("phone: the substitute notice must give a toll-free number where people can learn whether "
                     "their information was involved (164.404(d)(2)(ii))")
    elif kind == "media" and state not in media_states:
        found.append(f"state: a media notice is owed only for {', '.join(media_states) or 'no State'} "
                     "(more than 500 residents, 164.406)")
    return found


def document(f: LetterFacts, kind: str, state: str = "") -> Document:
    """The notice's text: the letter's elements A-E, addressed to the public."""
    t = TEXT[f.language][kind]
    where = state_name(state)
    facts = f if f.what_happened.strip() else replace(f, what_happened=t["happened_default"].format(org=f.org_name))
    sections = []
    for element, heading, paragraphs in letter_sections(facts):
        if element == "E" and t["toll_free"]:
            paragraphs = [t["toll_free"].format(phone=f.phone.strip()), *paragraphs]
        sections.append((element, heading, tuple(paragraphs)))
    return Document(language=f.language, org_name=f.org_name, title=t["title"].format(state=where),
                    dated=t["dated"].format(date=spell_date(f.sent_on, f.language)) if f.sent_on else "",
                    before=(t["intro"].format(org=f.org_name, state=where),), sections=tuple(sections))


def document_text(d: Document) -> str:
    """Plain text (UTF-8), ready to paste on a web page or send to a newsroom."""
    lines = [d.org_name, d.title, "=" * min(len(d.title), 72)]
    if d.dated:
        lines.append(d.dated)
    lines += ["", *(p + "\n" for p in d.before)]
    for _element, heading, paragraphs in d.sections:
        lines += [heading, "-" * len(heading), *(p + "\n" for p in paragraphs)]
    return "\n".join(lines).rstrip() + "\n"
