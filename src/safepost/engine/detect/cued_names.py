"""Names announced by the words before them, in any language's spelling: "my name is …",
"I'm …", "Name: …", "patient …", "recipient …", "account holder …", "my dad …", "Mr …".
The cue says a name follows, so the name needs no name list (Urvashi, Gerolf, Timothée); it is
one to four capitalised words, with the particles names carry (van, de, da, von, del, di, le).
Handles written without the @ after "user", "username", "IG" are found here too."""

from __future__ import annotations

import regex

from safepost.engine import lexicons
from safepost.engine.cues import POSSESSORS, RELATIVES
from safepost.engine.doc import Candidate, Doc, ending_here, uncompiled

WORD = r"\p{Lu}[\p{Ll}\p{M}'’]+(?:-\p{Lu}[\p{Ll}\p{M}'’]+)?"
PARTICLE = r"(?:van der|van den|van|von|de la|de los|del|de|da|dos|das|di|du|le|la|bin|ibn|al|el)"
FULL = rf"{WORD}(?:\s+(?:{PARTICLE}\s+)?{WORD}){{0,3}}"
# Cues that announce a name outright (an introduction, a title, a role on a form, a relative) …
STRONG = (r"my name is|my name's|name is|i am|i'm|im|soy|me llamo|je m'appelle|je suis|ich bin|mi chiamo|"
          r"meu nome é|mijn naam is|ik ben|name|nombre|nom|surname|last name|family name|first name|given name|apellidos?|"
          r"pr[ée]nom|nom de famille|vorname|nachname|cognome|sobrenome|voornaam|achternaam|patient|pt|patiente|paciente|recipient|destinatario|"
          r"holder|account holder|subscriber|titular|insured|guarantor|policyholder|mr|mrs|ms|miss|mx|sr|sra|"
          r"srta|señor|señora|don|doña|herr|frau|mme|mlle|m\.|signor|signora|sig\.|sig\.ra|dear|owner|driver|"
          rf"(?:{POSSESSORS}) (?:{RELATIVES}|neighbou?r|friend|vecin[oa]|amig[oa]|t[íi]o|t[íi]a)|"
          r"(?:the |la |el )?(?:mom|mum|mother|dad|father|mam[áa]|pap[áa]|madre|padre) (?:of|de|del)")
# … and cues after which a capitalised word is often something else ("to Berlin", "thanks Team").
WEAK = (r"this is|it's|sono|chamo-me|member|resident|client|user|for|to|from|with|contact|reach|call|text|"
        r"email|ask for|asked for|hi|hello|hey|hola|thanks|thank you|congrats|congratulations|welcome")
CUE_BEFORE = ending_here(uncompiled(rf"(?i:\b(?:(?P<strong>{STRONG})|(?P<weak>{WEAK})))[\s:,.-]{{1,3}}$"))
NAME_HERE = regex.compile(FULL)
USER_CUE = regex.compile(r"(?i)\b(?:user(?:name)?|handle|login|ig|insta(?:gram)?|tiktok|twitter|snap(?:chat)?|"
                         r"usuario)\s{0,3}(?:(?:is|es)\s{0,3})?[:=]?\s{1,3}@?([a-z0-9][a-z0-9_.-]{2,29})\b")
CONTACT_AFTER = regex.compile(r"\s+(?:at|on|via|@)\s+\S*[\d@]|['’]s\s|,\s")
NOT_NAMES = frozenset("""
the a an our your my his her their this that these those we you they it i he she us them all any every
today tomorrow monday tuesday wednesday thursday friday saturday sunday january february march april may june
july august september october november december dr doctor nurse team staff office clinic hospital center
happy merry good great thank thanks please hi hello dear god jesus mom dad ok okay yes no not just
""".split())


def find(doc: Doc) -> list[Candidate]:
    text, out = doc.text, []
    pos = 0
    for _, tok in doc.capitalised:
        if tok.start < pos:
            continue   # inside a name already taken
        m = NAME_HERE.match(text, tok.start)
        if not m:
            continue
        words = m.group().split()
        if words[0].lower() in NOT_NAMES or (len(words) == 1 and _common_word(words[0], 1000)):
            continue   # "The", "We", "our son Is home": asked before the cue, which costs more
        cue_m = CUE_BEFORE.search(text, max(0, tok.start - 40), tok.start)
        if not cue_m:
            continue
        strong = cue_m.group("strong") is not None
        cue = cue_m.group("strong") or cue_m.group("weak")
        if cue.lower() in ROLE_CUES and _common_word(words[0]):
            continue   # "our Patient Advocate", "the account Holder Services": a role or a department
        if not strong and len(words) < 2 and (_common_word(words[0]) or not CONTACT_AFTER.match(text, m.end())):
            continue   # "to Berlin", "from Dr": a weak cue needs a full name, or a name and a way to reach them
        out.append(Candidate(m.start(), m.end(), "NAME", 0.75 if strong else 0.55, f"a name after “{cue.lower()}”"))
        pos = m.end()
    for m in (SPOKEN_HANDLE.finditer(text) if SPOKEN_SEP.search(doc.low) else ()):
        g = next(i for i in (1, 2, 3, 4) if m.group(i))
        out.append(Candidate(m.start(g), m.end(g), "USERNAME", 0.7, "a handle read out (dot, underscore)"))
    if "user" in doc.low or "login" in doc.low or "handle" in doc.low or not doc.words.isdisjoint(USER_WORDS):
        for m in USER_CUE.finditer(text):
            handle = m.group(1)
            if handle.isalpha() and (_common_word(handle) or handle.lower() in NOT_NAMES or handle.lower() in CHAT_WORDS
                                     or handle.lower() in lexicons.spanish_words() or text[m.end(1):m.end(1) + 1] in ("'", "’")):
                continue   # "login from", "user is": an ordinary word, not a handle
            out.append(Candidate(m.start(1), m.end(1), "USERNAME", 0.7, "a handle after “user”"))
    if not doc.words.isdisjoint(ACCOUNT_WORDS):
        for m in ACCOUNT_HANDLE.finditer(text):
            g = 1 if m.group(1) else 2
            out.append(Candidate(m.start(g), m.end(g), "USERNAME", 0.65, "an account's name"))
    return out


# a handle read out or spaced so that no filter sees it: "her ig is jess dot runs", "@ kari . gzz",
# "tag him: leo underscore smiles underscore 09", "mi insta es martha punto fuerte", "my ig is lexi . rose . bb",
# "my insta is at benny underscore runs", "mi prima es arroba caro punto luna"
SPOKEN_SEP = regex.compile(r"\s(?:dot|punto|underscore|guion bajo|dash|guion)\s|@\s\w+\s?[._]\s?\w|\w\s\.\s\w")
SPOKEN_HANDLE = regex.compile(
    r"(?i)(?:\b(?:ig|insta(?:gram)?|handle|tiktok|snap(?:chat)?|usuario|user(?:name)?|venmo|twitter|"
    r"follow (?:him|her|me|us|them)(?: at| on ig)?|tag (?:him|her|them)|on here as|i['’]?m)\b\s{0,3}(?:(?:is|es|:|→|->)\s{0,3})?)"
    r"(?:(?:at|arroba)\s)?([\p{L}\d]+(?:\s(?:dot|punto|underscore|guion bajo|dash|guion)\s[\p{L}\d]+)+)"
    r"|(@\s?[\w]+(?:\s?[._]\s?[\w]+)+)"
    r"|\barroba\s([\p{L}\d]+(?:\s(?:punto|guion bajo|guion|underscore)\s[\p{L}\d]+)+)"
    # spaced dots only after a platform's name: "my ig is lexi . rose . bb" ("I'm at work . so tired" is none)
    r"|\b(?:ig|insta(?:gram)?|handle|tiktok|snap(?:chat)?)\b\s{0,3}(?:(?:is|es|:)\s{0,3})?([\p{L}\d]+(?:\s\.\s[\p{L}\d]+)+)")
# cues that name a role on a form; a capitalised word after them may be the rest of a job title
ROLE_CUES = frozenset("patient pt patiente paciente recipient destinatario holder account holder subscriber titular "
                      "insured guarantor policyholder owner driver name nombre nom".split())
CHAT_WORDS = frozenset("lol lmao lmfao omg omfg smh tbh idk ngl fr jaja jajaja xd".split())
USER_WORDS = frozenset("ig insta instagram tiktok twitter snap snapchat usuario".split())
# an account named beside the word: "mein Konto vladscho82", "minha conta gael.santos", "on my thomasmckay_ account"
# (a digit, a dot or an underscore in it: "my account settings" names nothing)
ACCOUNT_WORDS = frozenset("account konto compte conta cuenta profile perfil profil".split())
_HANDLE = r"(?=[a-z0-9_.]{0,30}[\d_.])(?!\d+[a-z]?\b)[a-z0-9][a-z0-9_.]{2,29}(?<!\.)"   # not "401k"
ACCOUNT_HANDLE = regex.compile(rf"(?i)\b(?:{'|'.join(sorted(ACCOUNT_WORDS))})\s{{1,2}}({_HANDLE})\b(?![.@]\w)"
                               rf"|\b(?:my|mi|mon|mein|minha|mijn)\s({_HANDLE})\s(?:account|profile|login)\b")


def _common_word(word: str, rank: int = 20000) -> bool:
    """A frequent English word that is not also a first name ("Berlin" is not; "Team" is)."""
    return lexicons.common_words().get(word.lower(), 10 ** 6) <= rank and word.lower() not in lexicons.first_names()
