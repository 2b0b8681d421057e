"""Signals about the whole text, beyond its identifiers (engine-notes.md, signals 2–5):

- health: conditions, procedures, units, medications, visit words (a lexicon in data files)
- relationship: the text confirms someone is or was a patient ("your visit", "we reviewed
  your chart", "when you came in", "see you both in six weeks")
- patient frame: a story or shout-out about a patient ("congrats to", "home after", "our resident")
- indirect identification: no name, but a small audience could tell who ("the firefighter
  from Engine 7", "the 6th grader from Lincoln Elementary", "the guy in the yellow Jeep")
- venting: staff joking about or calling out patients (nothing can authorise it)
"""

from __future__ import annotations

from functools import lru_cache

import regex

from safepost.engine import lexicons
from safepost.engine.cues import RELATIVES
from safepost.engine.doc import ending_here, cached_property, uncompiled, Uncompiled, WORD, Doc, SpanIndex



REPLY_KINDS = ("review_reply", "comment_reply")

# Second person + care: the reply confirms the reader was treated here.
YOU_CARE = uncompiled(
    r"\b(?:your|you['’]?re|you)\s+(?:(?:\w+['’]s|recent|last|first|next|new|follow[- ]up|upcoming|post[- ]op|"
    r"little|son['’]s|daughter['’]s|mom['’]s|dad['’]s|husband['’]s|wife['’]s|child['’]s|baby['’]s|kid['’]s|"
    r"[\w-]+)\s+){0,2}?"
    r"(?:visit|appointment|appt|procedure|surgery|results?|labs?|chart|records?|treatment|prescription|rx|refill|"
    r"diagnosis|scan|x-?rays?|mri|ct|biopsy|crown|filling|implant|cleaning|extraction|root canal|braces|aligners|"
    r"stay|admission|discharge|bill|billing|claim|copay|balance|account|insurance|therapy|session|sessions|"
    r"medication|meds|dose|injection|shots?|vaccine|test|check-?up|exam|consult|consultation|follow[- ]up|"
    r"recovery|plan of care|case|"
    r"stitches|cast|incision|bandage|wound|inhaler|insulin|glasses|lenses|hearing aids?|botox|filler|peel|"
    r"facial|lipo|tummy tuck|implants|post[- ]op|pre[- ]op|delivery|baby|pregnancy|ultrasound|sonogram|"
    r"mammogram|colonoscopy|endoscopy|physical|perscription|presciption|pickup|order|splint|brace|lips|"
    r"wait time|time with us|experience with dr|concerns about (?:your|the) (?:bill|care|visit))\b",
    regex.IGNORECASE)
WE_CARE = uncompiled(
    r"\b(?:we|i|our (?:team|staff|doctors?|nurses?|providers?|office|records?|front desk|billing|logs?|security logs?|system))\s+"
    r"(?:(?:have|had|has|just|already|also|did|were|was|are|will|'ve|’ve|'ll|’ll|can see|see|\w+ly)\s+){0,2}"
    r"(?:treated|saw|seen|examined|reviewed|checked|looked (?:at|into)|pulled|removed|placed|prescribed|"
    r"admitted|discharged|diagnosed|operated|adjusted|refilled|sent|faxed|resent|re-sent|billed|charged|"
    r"called|scheduled|rescheduled|updated|processed|submitted|cared for|took care of|fixed|replaced|"
    r"show|shows|indicate|indicates|note|notes)\b"
    r"(?:\s+(?:\w+\s+){0,3}?(?:you|your|yours|him|her|them)\b)?",
    regex.IGNORECASE)
WHEN_YOU = uncompiled(
    r"\b(?:when|while|since|after|before|during)\s+you\s+(?:came(?: in| by)?|were(?: here| in)?|was|visited|saw|had|got|left|"
    r"checked(?: in| out)?|stayed|called)\b|\byou\s+(?:were|was)\s+(?:seen|treated|admitted|here|in|discharged|walked out|"
    r"intoxicated|rude|abusive|late|a no-show)\b|\b(?:see|seeing)\s+(?:you|y['’]?all)\s+(?:both\s+)?"
    r"(?:again|back|at your|in group|at group|in session|(?:on )?(?:mon|tues|wednes|thurs|fri|satur|sun)day|in \d|in (?:a|two|three|four|six) (?:days?|weeks?|months?)|for your|next (?:week|time|month)|on \w+day)\b|\bour (?:records|logs|security logs|system) show|\bthank(?:s| you) for (?:coming in|visiting us|trusting us with)\b|\b(?:fue|fueron) (?:atendid[oa]s?|vist[oa]s?|tratad[oa]s?|internad[oa]s?|operad[oa]s?|dad[oa]s? de alta)\b|\b(?:sus?|seus?|suas?)\s+(?:\w+\s+)?(?:receta|cita|resultados?|cirug[ií]a|tratamiento|tratamento|medicamentos?|consulta|factura|cuenta|seguro|an[aá]lisis|hij[oa]|filh[oa]|esposo|esposa|beb[ée]|dente|diente|presi[oó]n|exame|receita)\b|\b(?:até|hasta) (?:a |la )?pr[óo]xima (?:consulta|cita|visita)\b|\bglad (?:\w+ ){1,2}(?:is|was|are|'s) (?:feeling|breathing|doing|healing|home|better|back|recovering|up)\b|\byou (?:missed|cancell?ed|no-showed|rescheduled|skipped) (?:\w+ ){0,3}(?:appointments?|appts?|visits?|sessions?)\b|\byou['’]re (?:all )?set for\b|\bwe['’]ll see you (?:then|tomorrow|on \w+day|at \d)|\bsee you then\b|\b(?:pleasure|honou?r|privilege|enjoyed|loved|great|nice|happy|glad) (?:\w+ ){0,2}(?:caring for|treating|taking care of|meeting|seeing|working with|helping) (?:you|your)\b|\b(?:taking|took|takes) (?:\w+ )?care of (?:him|her|them|you|your)\b|\b(?:is|are) (?:caring for|treating|looking after) (?:him|her|them|your)\b|\b(?:thanks? (?:you )?for|appreciate you|grateful you) (?:choosing|trusting|picking) us\b|\b(?:her|his|their) (?:file|chart|records?|prescription|results|appointment|procedure|surgery)\b|\bthanks? (?:you )?for (?:coming|stopping|popping|dropping) (?:in|by)\b(?! (?:to|at) (?:our|the) (?:[\w-]+ )?(?:fair|event|booth|open house|party|class|talk|workshop|clinic day|5k|walk|run|drive))|\b(?:get|got) you (?:patched|stitched|fixed) up\b|\byou\s+checked\s+in\b|\bour records\b|\bin (?:your|the) (?:chart|file|records?)\b|"
    r"\bwe (?:can|could) see (?:that|you)\b|\bglad (?:you|the|your|to hear)\b.{0,40}\b(?:working|better|feeling|healing|recovered|recovery)\b",
    regex.IGNORECASE)
# Replies that acknowledge without confirming (what the compliant template does).
SAFE_REPLY = uncompiled(
    r"\b(?:can(?:no|'|’)?t|cannot|unable to|not able to|won['’]t|don['’]t|do not)\s+(?:discuss|confirm|share|comment on|see|access|look up)\b|"
    r"\b(?:privacy|hipaa)\b", regex.IGNORECASE)

PATIENT_FRAME = uncompiled(
    r"#(?:\w*(?:warrior|strong|survivor|hero)|team\w+|patient ?heroe?s?)\b|"   # hashtags: no \b before '#'
    r"\b(?:patient ?heroe?s?|patient of the (?:month|week|year)|caring for (?:mr|mrs|ms|miss|little|baby|our)\b|"
    r"(?:help|support) (?:the )?\w+(?:['’]s)? family|recovery ?fund|medical (?:bills|expenses)|"
    r"(?:the|this|that|a|my|our) (?:patient|client|resident)\b(?!s|\s+(?:advocate|portal|experience|navigator|coordinator|"
    r"services|relations|safety|care|satisfaction|financial|education|line|access|liaison|representative|rep|council|family))|our (?:little|sweet|brave|favorite|youngest|oldest|tiniest|dialysis|nicu|picu)|"
    r"congrat(?:s|ulations)\s+(?:again\s+|so much\s+)?(?:to|on)|home after|going home|went home|discharged|recovering|recovery|get well|"
    r"prayers?(?: up)? for|(?:youngest|oldest|newest|tiniest|favorite|favourite) (?:patient|resident|client)s?|praying for|thoughts are with|in memory of|rest in peace|\brip\b|passed away|lost (?:her|his|their) battle|"
    r"survivor|beat (?:cancer|leukemia|covid)|cancer[- ]free|ring(?:s|ing)? the bell|graduat(?:ed|es|ion) from|"
    r"nicu grad|happy (?:\d+\w* )?birthday|celebrat(?:ed|es|ing)|welcome(?:d)? (?:baby|home)|"
    r"before\W{1,4}(?:\w+\W+){0,3}?after|before/after|swipe for (?:her|his|their)|"
    r"before (?:and|&|➡️|->|vs\.?) after|before/after|transformation|journey|success story|testimonial|"
    r"was (?:rushed|brought|admitted|airlifted|life-?flighted)|came in|walked in|rolled in|showed up|"
    r"brought (?:him|her) in|swallowed|feeling better|doing (?:better|great|well|amazing)|on the mend|"
    r"healing (?:well|nicely|up)|recover\w*|been coming (?:to|in)|comes in for|visited (?:the|our) (?:ed|er|clinic|office)|"
    r"in (?:your|our) (?:prayers|thoughts)|rest easy|fly high|we will miss|healing|nicu grad\w*|"
    r"graduat\w+ (?:from|to) (?:the )?(?:nicu|picu|rehab|therapy|treatment|chemo|home)|fell|crashed|got stitches|delivered|born)\b",
    regex.IGNORECASE)
STAFF_FRAME = uncompiled(
    r"\b(?:meet our|meet (?:dr|nurse)|welcome (?:to the team|aboard|our new)|welcoming|joins? (?:our|the) (?:[\w-]+ )?team|joined (?:our|the)|new to (?:our|the) team|"
    r"our (?:own|new|amazing|wonderful|awesome|incredible|fabulous|dedicated|talented|lead|head|chief|"
    r"nurse|nurses|doctor|doctors|therapist|hygienist|pharmacist|surgeon|dentist|staff|team|provider|"
    r"front desk|receptionist|manager|director|ceo|founder|medical director|physician|midwife|tech)|"
    r"staff spotlight|employee of the|spotlight|years of service|anniversary with us|retire(?:s|ment|d)?|"
    r"board[- ]certified|fellowship|residency|specializ(?:es|ing) in|now accepting|book with|"
    r"appointments? with|schedule with|see (?:dr|nurse)|ask (?:dr|our)|thank you,? dr|thanks,? dr|"
    r"pass(?:ed|ing)? (?:her|his|their) [\w ]{0,30}boards|certification|certified|earn(?:ed|ing) (?:her|his|their)|"
    r"promoted|promotion|grew up|hobbies|in (?:her|his) free time|spends (?:her|his) weekends|"
    r"training|course|presented|published|research study|summit|conference|workshop|webinar|lecture|"
    r"honou?red (?:with|for|as|at|to receive)|recogni[sz]ed (?:with|for|as)|keynote|speaker|research|fellowship|admissions director|hiring)\b",
    regex.IGNORECASE)
VENTING = uncompiled(
    r"😂|🤣|🙄|😅|🤦|💀|😤|🙃|😩|😵|😬|\b(?:lol|lmao|smh|omg|tfw|pov|awkward moment|that moment when|frequent flyer|fail of the day|you can['’]t make this up|"
    r"can['’]t make this up|guess who|you know who you are|you['’]re welcome|whoever (?:left|took|forgot)|"
    r"worst patient|crazy patient|drunk|today['’]s vibes|full moon|another one|call[- ]out|shame on)\b",
    regex.IGNORECASE)
INDIRECT = uncompiled(
    r"\b(?:the|a|our|that|this)\s+(?:\d{1,3}[- ]year[- ]old|\d+(?:st|nd|rd|th)[- ]grader|(?:[\w'’-]+\s){0,3}"
    r"(?:firefighter|officer|cop|teacher|principal|coach|pastor|priest|rabbi|imam|quarterback|pitcher|"
    r"player|captain|goalie|cheerleader|valedictorian|mascot|homecoming (?:queen|king)|student|junior|senior|sophomore|freshman|grader|singer|drummer|guitarist|musician|band|pilot|chef|driver|judge|anchor|meteorologist|mailman|mail carrier|bus driver|trucker|farmer|mayor|councilman|anchor|reporter|"
    r"ceo|owner|bartender|barista|lifeguard|nun|veteran|twins?|triplets|guy|lady|gentleman|woman|man|"
    r"kid|boy|girl|mom|dad|grandma|grandpa|neighbor|celebrity|star|athlete|legend))\s*,?\s+"
    r"(?:(?:from|at|on|of|in|who|with|driving|that)\b)|\bthe only (?:\w+ ){1,3}(?:in|at|on|from) (?:town|the county|the city|the valley|the district|our|the school|the team|the league)\b",
    regex.IGNORECASE)
# someone from a named place: "someone from Big Horn Feed & Seed" (the capital matters: on the original text)
SOMEONE_FROM = regex.compile(r"(?i)\b(?:someone|somebody|a guy|a lady|one of the guys) (?:from|at|who works at) (?:the )?(?-i:\p{Lu}\p{Ll})")
DISTINCTIVE = uncompiled(
    r"\b(?:jersey|engine|ladder|station|squad|unit|badge|truck)\s*#?\s*\d{1,3}\b|\bin the \w+ (?:jeep|truck|car|van|tesla|corvette|mustang|motorcycle|bike)\b|"
    r"\btattoo\b|\b(?:my|your|our|the)\s+\d{1,2}(?::\d\d)?\s*(?:am|pm)?\s+(?:[\w-]+\s+){0,2}?(?:root canal|appointment|appt|patient|client|crown|filling|consult|new patient|cleaning|session)\b|"
    r"\bi['’]m the one (?:in|with|wearing)\b|\b(?:that['’]s|thats|it['’]s|its) me in (?:the|this|that) (?:before|after|photo|pic|picture|video)\b|"
    r"\b(?:the|that) (?:pt|patient|client|resident) who\b|"
    r"\b(?:mayor|pastor|coach|principal|sheriff|chief|senator|judge|superintendent)['’]s (?:wife|husband|son|daughter|kid|mom|dad|mother|father)\b|"
    r"\b(?:my|our|the)\s+\d{1,2}:\d\d\s+(?:in|at|on|is|was|just|asked|wants|said|came|showed)\b|"
    r"\b(?:my|our)\s+\d{1,2}(?::\d\d)?\s*(?:am|pm|o['’]clock)\b|\b(?:my|your)\s+\d{1,2}(?::\d\d)?\s*(?:am|pm)\s+[a-z]|"
    r"\b(?:my|her|his) (?:before|face|photos?|pics?|pictures?)\b.{0,40}\b(?:post|posted|share|shared)\b|"
    r"\b(?:post|posted|share|shared)\b.{0,40}\b(?:my|her|his) (?:face|before|photos?|pics?|pictures?)\b|\bthe (?:\w+ )?(?:girl|guy|man|woman|lady|kid) who (?:works|lives|drives|plays)\b|\bonly (?:female|male|woman|man|one)\b|\bmy ex\b|\bthe \d{1,2}(?::\d\d)?\s*(?:am|pm)?\s+(?:root canal|appointment|appt|patient|crown|filling|consult)\b|"
    r"\b(?:a|one) (?:guy|woman|man|lady|kid|patient) named\b",
    regex.IGNORECASE)
# What every match of a pattern that rarely matches contains, besides a digit for those marked so: a
# first look before the pattern (Doc.may_match).
DISTINCTIVE_KEYS = ("in the ", "tattoo", "m the one ", " me in ", " who", "mayor", "pastor", "coach", "principal",
                    "sheriff", "chief", "senator", "judge", "superintendent", "post", "share", "only ", "my ex",
                    " named")   # or a digit
SOMEONE_FROM_KEYS = ("some", "guy", "lady")
WEAK_FRAME = regex.compile(r"(?i)congrat|happy|birthday|bday|celebrat|welcome|journey|delivered|born|treated|transformation")
SELF_DESCRIPTION = uncompiled(r"(?i)\b(?:i['’]m|i am|im|as)\s+$")
SLOT = uncompiled(
    r"(?i)\b(?:my|your|our|the)\s+\d{1,2}(?::\d\d)?\s*(?:am|pm)?\s+(?:[\w-]+\s+){0,2}?(?:root canal|appointment|appt|patient|client|crown|"
    r"filling|consult|new patient|cleaning|session)\b|\b(?:my|our)\s+\d{1,2}(?::\d\d)?\s*(?:am|pm|o['’]clock)\b|\b(?:bed|room)\s+\d{1,3}\b|"
    r"\b(?:my|her|his) (?:before|face|photos?|pics?|pictures?)\b")
SLOT_KEYS = ("before", "face", "photo", "pic")    # or a digit
SELF = uncompiled(
    r"\b(?:i['’]m|im|i am|my name is|this is|it['’]?s|soy|me llamo|mi nombre es|sou|eu sou|meu nome [ée]|name['’]?s|"
    r"(?:patient )?name\s*:|pt\s*:)\s*$",
    regex.IGNORECASE)


class Signals:
    """Signals about the whole text. Each is computed the first time a rule asks for it, so a
    text without identifiers pays only for the few signals the verdict needs."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc

    @cached_property
    def health(self) -> list[tuple[int, int, str]]:
        """Health terms: (start, end, category)."""
        return _health_terms(self.doc)

    @cached_property
    def relationship(self) -> list[tuple[int, int]]:
        """Where the text confirms someone's care here: "your visit", "we reviewed your chart"."""
        doc = self.doc
        found = [m.span() for rx in (YOU_CARE, WE_CARE, WHEN_YOU) for m in rx.finditer(self.doc.low)]
        if self.doc.kind in REPLY_KINDS:
            found += [m.span() for rx in (APOLOGY_WITH_DATE, RECOUNTED_VISIT) for m in rx.finditer(self.doc.low)]
        reply = doc.kind in REPLY_KINDS
        for s, e, category in self.health:
            if category == "specialty_unit" or doc.low[s:e] in ROLE_TERMS:
                continue
            if YOUR_BEFORE.search(doc.low[max(0, s - 24):s]) or (
                    reply and category != "visit" and _second_person_sentence(doc, s, e)):
                found.append((s, e))
        return found

    @cached_property
    def confirmed(self) -> bool:
        """A past-tense confirmation addressed to someone: "since we discharged you"."""
        return self.doc.may_match(CONFIRMED_KEYS) and bool(CONFIRMED.search(self.doc.low))

    @cached_property
    def patient_frame(self) -> list[tuple[int, int]]:
        return [m.span() for m in PATIENT_FRAME.finditer(self.doc.low)]

    @cached_property
    def strong_patient_frame(self) -> bool:
        """A patient frame that is not also said of staff (congratulations, birthdays, welcomes)."""
        return any(not WEAK_FRAME.match(self.doc.text[s:e]) for s, e in self.patient_frame)

    @cached_property
    def staff_frame(self) -> list[tuple[int, int]]:
        return [m.span() for m in STAFF_FRAME.finditer(self.doc.low)]

    @cached_property
    def indirect(self) -> list[tuple[int, int]]:
        text = self.doc.text
        found = [m.span() for m in INDIRECT.finditer(self.doc.low)
                 if not SELF_DESCRIPTION.search(text[max(0, m.start() - 8):m.start()])]
        doc = self.doc
        distinctive = DISTINCTIVE.finditer(doc.low) if doc.digits or doc.may_match(DISTINCTIVE_KEYS) else ()
        someone = SOMEONE_FROM.finditer(text) if doc.may_match(SOMEONE_FROM_KEYS) else ()
        return found + [m.span() for m in distinctive] + [m.span() for m in someone]

    @cached_property
    def personal_care(self) -> bool:
        """The writer's own or a relative's care."""
        return _personal_care(self.doc, self.health)

    @cached_property
    def staff_doc(self) -> bool:
        """The text is about staff: hiring, spotlights, training, job seekers."""
        low = self.doc.low
        return any(k in low for k in STAFF_DOC_KEYS) and bool(STAFF_DOC.search(low))

    @cached_property
    def indirect_care(self) -> bool:
        """The indirect cue itself implies care ("my 3pm client", "bed 4")."""
        doc = self.doc
        return (doc.digits > 0 or doc.may_match(SLOT_KEYS)) and bool(SLOT.search(doc.low))

    @cached_property
    def venting(self) -> bool:
        low = self.doc.low
        return any(k in low for k in VENTING_KEYS) and bool(VENTING.search(low))

    @cached_property
    def safe_reply(self) -> bool:
        return bool(SAFE_REPLY.search(self.doc.low))

    @cached_property
    def block_terms(self) -> list[tuple[int, int]]:
        low = self.doc.low
        return [m.span() for term in self.doc.policy.block_terms
                for m in regex.finditer(regex.escape(term.lower()), low)]

    @property
    def has_health(self) -> bool:
        return bool(self.health)

    @property
    def has_clinical(self) -> bool:
        """A condition, procedure, medication, device or body part: more than visit words."""
        return any(category not in ("visit", "specialty_unit") for _, _, category in self.health)

    @cached_property
    def health_index(self) -> SpanIndex:
        return SpanIndex(self.health)

    @cached_property
    def care_index(self) -> SpanIndex:
        """Where the text speaks of someone's care: relationship and patient-story cues."""
        return SpanIndex(self.relationship + self.patient_frame)

    @cached_property
    def staff_index(self) -> SpanIndex:
        return SpanIndex(self.staff_frame)

    def health_near(self, start: int, end: int, width: int = 80) -> bool:
        return self.health_index.overlaps(start - width, end + width)


@lru_cache(maxsize=1)
def _phrase_starts() -> frozenset[str]:
    """First words of the lexicon's multi-word terms: only these start a longer lookup."""
    starts = set()
    for term in lexicons.health_terms():
        words = [m.group() for m in WORD.finditer(term)]
        if len(words) > 1:
            starts.add(words[0])
    return frozenset(starts)


def _may_start_a_term(doc: Doc, terms: dict, starts: frozenset[str]) -> set[str]:
    """The text's words a health term may start with: a term, its possessive, or the first word
    of a longer one. Asked once a distinct word, so that the others are passed over at the cost of
    one set lookup (for speed)."""
    return {w for w in doc.words if w in terms or w in starts or (w.endswith(("'s", "’s")) and w[:-2] in terms)}


def _health_terms(doc: Doc) -> list[tuple[int, int, str]]:
    terms = lexicons.health_terms()
    starts = _phrase_starts()
    extra = {t.lower() for t in doc.policy.health_terms}
    maybe = None if extra else _may_start_a_term(doc, terms, starts)
    toks = doc.tokens
    low = doc.low
    found: list[tuple[int, int, str]] = []
    i, n = 0, len(toks)
    while i < n:
        tok = toks[i]
        first = low[tok.start:tok.end]
        if maybe is not None and first not in maybe:
            i += 1     # no term starts here: what the single-word lookup below would find
            continue
        if first not in starts and not extra:
            # one word: the common case, without the phrase machinery
            entry = terms.get(first)
            if entry is None and first.endswith(("'s", "’s")):
                entry = terms.get(first[:-2])
            if entry is not None and (not entry[1] or _ambiguous_ok(doc, tok.start, tok.end, entry[0])):
                found.append((tok.start, tok.end, entry[0]))
            i += 1
            continue
        hit = None
        for width in (4, 3, 2, 1):
            if i + width > n:
                continue
            s, e = toks[i].start, toks[i + width - 1].end
            phrase = doc.low[s:e]
            if width > 1:
                phrase = " ".join(phrase.split())
            entry = terms.get(phrase)
            if entry is None and phrase.endswith(("'s", "’s")):
                entry = terms.get(phrase[:-2])
            if entry is None and phrase in extra:
                entry = ("policy", False)
            if entry is not None:
                category, ambiguous = entry
                if ambiguous and not _ambiguous_ok(doc, s, e, category):
                    continue
                hit = (s, e, category, width)
                break
        if hit:
            found.append(hit[:3])
            i += hit[3]
        else:
            i += 1
    return found


BODY_PART_OWNER = uncompiled(
    r"\b(?:my|your|his|her|their|our|lower|upper|left|right|sore|bad|broken|hurt|injured|aching|swollen|bruised|"
    r"mi|su|sus|el|la|both|new|two)\s+(?:\w+\s+)?$|\w['’]s\s+(?:\w+\s+)?$")
BODY_PART_CARE = regex.compile(r"\s+(?:\w+\s+)?(?:replaced|replacement|surgery|fracture|fractured|broken|injury|injured|pain|"
                               r"x-?rays?|mri|scan|infection|swelling|stitches|cast|brace|sprain|sprained)\b")


def _ambiguous_ok(doc: Doc, s: int, e: int, category: str = "") -> bool:
    """Short or ordinary words ("ct", "crown", "shot") count only as written or near care words;
    an ambiguous body part ("back", "hand") only when it is someone's ("my back", "her left hand")."""
    raw = doc.text[s:e]
    if category == "body_part":
        return bool(BODY_PART_OWNER.search(doc.low, max(0, s - 25), s) or BODY_PART_CARE.match(doc.low, e))
    if raw.isupper() and len(raw) <= 4 and not doc.mostly_upper:
        return doc.text[e:e + 1] != "."   # CT, PT, ER written as acronyms
    if len(raw) <= 2:
        return False                      # "St.", "pt", "or": abbreviations and words
    window = doc.low[max(0, s - 60):e + 60]
    return any(w in window for w in ("your", "my", "her", "his", "dr", "patient", "appointment", "visit",
                                      "tooth", "surgery", "doctor", "nurse", "dentist", "therap"))


FIRST_PERSON_AFTER = regex.compile(r"(?i)^\W{0,3}(?:\w+\W+){0,3}?(?:for me|on me|to me|i had|i got|i have)\b")
FIRST_PERSON = uncompiled(
    r"(?i)(?:\b(?:my|mi|mis|i['’]m|i am|im|i have|i had|i got|i was|i['’]ve had|i've been|i've got|i need|"
    r"i think i have|i just had|i just got)\s+(?:[\w'’-]+\s+){0,3}$)|"
    r"(?:\b(?:his|her|their|su|sus)\s+(?:[\w'’-]+\s+){0,2}$)|"
    r"(?:\b(?:he|she|they)(?:['’]s| has| had| have| is| was| got| needs?)\s+(?:[\w'’-]+\s+){0,3}$)|"
    rf"(?:\b(?:{RELATIVES})(?:['’]s)?\s+(?:[\w'’-]+\s+){{0,3}}$)")
SERVICE_AFTER = regex.compile(r"\s+(?:program|programs|center|clinic|unit|department|services?|team|ward|class|classes|"
                           r"group|support group|awareness|month|screening day|fair|event)\b")
WRITER = regex.compile(r"(?i)\b(?:i|i['’]m|me|my|mine|myself|mi|mis|yo|me)\b")
OWN_CARE = uncompiled(
    r"(?i)\b(?:i|we)\s+(?:was|were|got|had|have|came|went|am|'m|’m)\s+(?:\w+\s+){0,2}?(?:in|seen|treated|admitted|"
    r"discharged|diagnosed|prescribed|billed|charged|here|there|pregnant|diabetic|allergic|sick|hurt|injured|"
    r"a patient|your patient|a resident)\b|"
    r"\bmy\s+(?:\w+\s+)?(?:visit|appointment|appt|surgery|procedure|results?|chart|records?|bill|claim|account|"
    r"prescription|rx|meds|medication|test|scan|consult|treatment|diagnosis|insurance|copay|balance|stay)\b|"
    r"\bmis?\s+(?:\w+\s+)?(?:cita|consulta|receta|medicamentos?|medicinas?|resultados?|cirug[ií]a|tratamiento|factura|cuenta|"
    r"seguro|an[aá]lisis|pastillas|operaci[óo]n|embarazo|registros|expediente|historial)\b|"
    r"\b(?:meu|minha|meus|minhas)\s+(?:\w+\s+)?(?:consulta|dente|exame|resultados?|cirurgia|tratamento|receita|rem[ée]dio)\b|"
    r"\bpreciso marcar (?:uma )?consulta\b|"
    r"\b(?:can|could|may) i (?:get|make|book|schedule|have) (?:an? )?(?:appt|appointment|cleaning|visit|refill|checkup)\b|"
    r"\bi need (?:an? |my )?(?:appt|appointment|refill|prescription|records|results)\b")


ROLE_TERMS = frozenset({"patient", "patients", "nurse", "nurses", "doctor", "doctors", "staff", "provider", "providers"})


STAFF_DOC = uncompiled(
    r"(?i)\b(?:we['’]re hiring|now hiring|hiring|job (?:opening|posting|fair)|open position|(?:the|this) \w+ position|"
    r"r[ée]sum[ée]|apply (?:now|today|at)|recruiter|sign-on bonus|staff spotlight|employee spotlight|meet the (?:new )?"
    r"(?:team|faces|staff)|new faces|new hires|nurses week|travel (?:rn|nurse)|years of experience|yrs (?:icu |er )?experience|"
    r"community education|health fair|cpr (?:class|station|training)|training (?:was|day|session)|continuing education|"
    r"#?nurses ?week|#?nurses ?day|#?doctors ?day|day in the life|retirement|retiring|work anniversary|"
    r"years with us|years of service|award|winning the|of the year|honoree|we help (?:hospitals|clinics|practices|providers)|"
    r"i['’]m with [\w-]+ (?:supply|solutions|health|medical|systems|group|media|marketing)|partnership|collab|reporter|"
    r"journalist|working on (?:a|an|the) (?:\w+ ){0,3}(?:story|article|piece)|press inquiry)")
# Every alternative of STAFF_DOC and VENTING contains one of these: a cheap first look.
STAFF_DOC_KEYS = ("hiring", "job", "position", "sum", "apply", "recruit", "sign-on", "spotlight", "meet the", "new faces",
                  "new hires", "nurses", "doctors", "travel", "experience", "education", "health fair", "cpr", "training",
                  "day in the life", "retir", "anniversary", "years with us", "years of service", "award", "winning the",
                  "of the year", "honoree", "we help", "with", "partnership", "collab", "reporter", "journalist",
                  "working on", "press inquiry")
VENTING_KEYS = ("😂", "🤣", "🙄", "😅", "🤦", "💀", "😤", "🙃", "😩", "😵", "😬", "tfw", "pov", "moment", "lol", "lmao", "smh", "omg", "frequent flyer",
                "fail of the day", "make this up", "guess who", "you know who", "welcome", "whoever", "worst patient",
                "crazy patient", "drunk", "vibes", "full moon", "another one", "call", "shame on")
GENERIC = regex.compile(r"(?i)\b(?:most|many|any|anyone|everyone|in general|typically|usually|always|"
                        r"generally|should|can|may|might|if you|before any|after any)\b")
# a reply apologising for what happened on a given day confirms the visit: "sorry the wait was so long on Tuesday"
APOLOGY_WITH_DATE = uncompiled(
    r"\b(?:sorry|apologi[sz]e|apologies|regret|understand)\b[^.!?\n]{0,60}?\b(?:wait|delay|visit|experience|stay|mix-?up|"
    r"error|frustration|trouble|treatment|care)\b[^.!?\n]{0,40}?\b(?:yesterday|today|last (?:night|week|month|\w+day)|"
    r"this (?:morning|afternoon|week)|on (?:mon|tues|wednes|thurs|fri|satur|sun)day|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b")
# a (defensive) reply that recounts the visit: "you arrived 45 minutes late", "the x-ray was read
# within the hour", "we did call you twice to confirm the appointment"
RECOUNTED_VISIT = uncompiled(
    r"\byou (?:arrived|showed up|came in|checked out|were (?:rescheduled|late|seen|told|given|offered|advised|informed|asked|"
    r"triaged|discharged|admitted)|refused|declined|left (?:before|without|against)|signed|agreed|consented)\b|"
    r"\bthe (?:x-?rays?|scan|mri|ct|test|results?|biopsy|procedure|extraction|surgery|crown|filling|prescription|labs?|"
    r"bloodwork|appointment|visit|exam|injection|shot|stitches|cast|bill|charge|claim|copay)\b[^.!?\n]{0,30}?\b(?:was|were|had been)\b|"
    r"\b(?:before|after|when) we (?:started|finished|began|did|removed|placed)\b|"
    r"\bcall(?:ed)? you\b[^.!?\n]{0,40}?\b(?:appointment|appt|results?|refill|prescription|procedure|surgery|visit)\b|"
    r"\b(?:great|nice|wonderful|lovely|good|fun|a pleasure) (?:having|to have|seeing|to see) you (?:in|at|here|today|yesterday)\b")
SECOND_PERSON = regex.compile(r"(?i)\b(?:you|your|you['’]re|ur|u)\b")
SENTENCE_END = regex.compile(r"[.!?\n]")


def _sentence(doc: Doc, s: int, e: int) -> str:
    """The sentence around [s, e), at most 120 characters either side."""
    lo = max(0, s - 120)
    cut = [m.end() for m in SENTENCE_END.finditer(doc.text, lo, s)]
    start = cut[-1] if cut else lo
    m = SENTENCE_END.search(doc.text, e, min(len(doc.text), e + 120))
    return doc.text[start:m.start() if m else min(len(doc.text), e + 120)]


def _second_person_sentence(doc: Doc, s: int, e: int) -> bool:
    """A reply sentence that speaks to the reader about care: "your little guy was a trooper at his
    circumcision follow-up". Sentences that decline to discuss care do not count."""
    sentence = _sentence(doc, s, e)
    return bool(SECOND_PERSON.search(sentence)) and not SAFE_REPLY.search(sentence.lower()) and not GENERIC.search(sentence)


def _personal_care(doc: Doc, health: list[tuple[int, int, str]]) -> bool:
    """Health information about the writer or their family, not the world in general:
    "my surgery", "I'm allergic to penicillin", "mom's new meds"."""
    if OWN_CARE.search(doc.low):
        return True
    if doc.direction == "inbound":
        for s, e, category in health:
            if category in ("condition", "procedure", "medication") and not SERVICE_AFTER.match(doc.low, e) \
                    and WRITER.search(_sentence(doc, s, e)):
                return True  # "how am I supposed to survive 6 more days of chemo"
    for s, e, category in health:
        if category == "specialty_unit" or doc.low[s:e] in ROLE_TERMS:
            continue
        if FIRST_PERSON.search(doc.text[max(0, s - 40):s]) or FIRST_PERSON_AFTER.match(doc.text[e:e + 30]):
            return True
    return False


YOUR_BEFORE = regex.compile(r"\b(?:your|you['’]re|ur|you were|you had|you got)\s+(?:[\w'’-]+\s+){0,2}$")
CONFIRMED = uncompiled(
    r"(?i)\bwe (?:do |definitely |totally )?remember you\b|\b(?:great|wonderful|nice|good|so good|lovely|fun) (?:to see|seeing) you\b|\b(?:we|i)\s+(?:(?:\w+ly|have|had|just|already)\s+)?(?:treated|saw|discharged|admitted|examined|fixed|"
    r"operated on|stitched|delivered|diagnosed|prescribed)\s+(?:you|your)\b|"
    r"\byou\s+(?:were|got)\s+(?:seen|treated|admitted|discharged|here|in our)\b|\byou\s+checked\s+in\b")


CONFIRMED_KEYS = ("you",)


def compute(doc: Doc) -> Signals:
    return Signals(doc)


def _on_lowercase(rx: Uncompiled) -> regex.Pattern:
    """The same pattern, case-sensitive, for text already lowercased (about a third faster)."""
    pattern = rx.pattern[4:] if rx.pattern.startswith("(?i)") else rx.pattern
    return regex.compile(pattern, rx.flags & ~regex.IGNORECASE)


# Searched on Doc.low, which keeps the text's offsets.
(YOU_CARE, WE_CARE, WHEN_YOU, CONFIRMED, PATIENT_FRAME, STAFF_FRAME, INDIRECT, DISTINCTIVE, STAFF_DOC, SLOT, VENTING,
 SAFE_REPLY, OWN_CARE, APOLOGY_WITH_DATE, RECOUNTED_VISIT) = map(
    _on_lowercase, (YOU_CARE, WE_CARE, WHEN_YOU, CONFIRMED, PATIENT_FRAME, STAFF_FRAME, INDIRECT, DISTINCTIVE, STAFF_DOC,
                    SLOT, VENTING, SAFE_REPLY, OWN_CARE, APOLOGY_WITH_DATE, RECOUNTED_VISIT))


# Cues anchored at the end of a window: search them backwards (see doc.ending_here).
SELF, FIRST_PERSON, SELF_DESCRIPTION, BODY_PART_OWNER = map(
    ending_here, (SELF, FIRST_PERSON, SELF_DESCRIPTION, BODY_PART_OWNER))
