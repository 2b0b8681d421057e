"""Whose identifier is it? Decides `is_phi` for each candidate from the words around it.

An identifier is PHI when it belongs to a patient (or a patient's relative, employer or
household) and the text ties that person to health information or to being a patient.
Staff introducing themselves, the organization's own contact details, public figures and
event dates are not PHI.
"""

from __future__ import annotations


import regex

from safepost.engine.cues import POSSESSORS, RELATIVES
from safepost.engine.doc import ending_here, uncompiled, cached_property, Candidate, Doc
from safepost.engine.signals import REPLY_KINDS, SELF, Signals

POSSESSIVE = regex.compile(r"(?i)\b(?:your|my|his|her)\b")
DASH_END = regex.compile(r"[—–~-]\s*$")
YEAR_ONLY = regex.compile(r"(?:19|20)\d\d")

# Record numbers are PHI wherever a person is involved.
RECORD_LABELS = frozenset({"SSN", "MRN", "HEALTH_PLAN", "ACCOUNT", "DEVICE", "BIOMETRIC", "VEHICLE", "OTHER_ID", "LICENSE"})

ORG_CONTACT = regex.compile(
    r"\b(?:call|text|reach|contact|email|e-mail|message|dm|fax|visit|find|book|schedule|reserve|register|sign up|"
    r"rsvp|apply|donate|learn more|details|info|more info|questions|appointments?|hours|open|located|location|"
    r"office|clinic|main line|front desk|nurse line|after-hours|after hours|hotline|helpline|line|number|"
    r"website|site|portal|online|page|link in bio|follow|us|our|we['’]re|we are|at)\b[^.!?\n]{0,40}$",
    regex.IGNORECASE)
PERSONAL_CONTACT = regex.compile(
    r"(?:\b(?:my|his|her|their|mom['’]?s|dad['’]?s|husband['’]?s|wife['’]?s|son['’]?s|daughter['’]?s|mi|su)\s+"
    r"(?:\w+\s+)?(?:cell|mobile|phone|number|email|e-mail|whatsapp|fax|page|blog|site|website|fundraiser|gofundme|"
    r"n[úu]mero|correo|tel[ée]fono|handle|ig|insta)\b|\b(?:reach me|call me|text me|email me|me at|cell|mobile|whatsapp))"
    r"[^.!?\n]{0,20}$",
    regex.IGNORECASE)
PERSONAL_DOMAINS = regex.compile(r"@(?:gmail|yahoo|hotmail|outlook|icloud|aol|live|msn|me|comcast|proton(?:mail)?)\.|"
                                 r"@students?\.|gofundme|gofund\.me|caringbridge|mealtrain|blogspot|wordpress|"
                                 r"tiktok\.com/@|instagram\.com/|facebook\.com/|twitter\.com/|x\.com/|youtube\.com/@|"
                                 r"spotify|linktr\.ee|venmo|cash\.app|paypal\.me", regex.IGNORECASE)
EVENT = regex.compile(
    r"\b(?:open|opens|opening|closed|close|closing|closure|hours|event|join us|webinar|class|classes|seminar|"
    r"workshop|fair|drive|clinic day|screening day|health fair|walk|run|5k|gala|fundraiser|deadline|"
    r"enroll|enrollment|register|registration|rsvp|starting|starts|begins|launch|grand opening|ribbon|"
    r"walk-ins|available|schedule|book|holiday|celebrate|awareness|month|week of|season|since|founded|"
    r"established|serving|anniversary|last year|this year|in 20\d\d|published|announced|award|named|"
    r"hiring|party|celebration|luncheon|potluck|retirement|services|funeral|memorial service|visitation|"
    r"celebration of life|conference|summit|symposium|presented|presentation|lecture|meeting|town hall|shots? clinic|flu shots?|vaccines? (?:are )?available)\b",
    regex.IGNORECASE)
ORG_PLACE = regex.compile(
    r"\b(?:we['’]re|we are|our|visit us|find us|located|location|office|clinic|campus|hospital|center|branch|"
    r"moved|moving|new|open|opening|at|on|off|near|behind|across from|next to|parking)\b[^.!?\n]{0,40}$",
    regex.IGNORECASE)
PERSON_PLACE = regex.compile(
    r"\b(?:lives?|living|lived|home|house|apartment|from|grew up|her|his|my|their|neighbor|neighbour|student at|"
    r"attends|works? at|worked at|plays for|school|grader|resident of|moved to)\b[^.!?\n]{0,30}$",
    regex.IGNORECASE)
NAME_STAFF_AFTER = regex.compile(
    r"^(?:['’]s)?\s*(?:,\s*(?:our|the|a|an|one of our)\s+(?:[\w-]+\s+){0,3}?(?:nurse|doctor|physician|therapist|hygienist|"
    r"pharmacist|surgeon|dentist|receptionist|manager|director|np|pa|provider|assistant|tech|technician|coordinator|"
    r"aide|cna|rn|md|volunteer|chef|educator|navigator|administrator|specialist|counselor|midwife|intern|team member|"
    r"staff|employee|colleague|queen|king|rockstar|superstar|lead|founder|ceo|owner|partner|sponsor|trainer|"
    r"recruiter|scheduler|biller|dietitian|nutritionist|pt|ot|dds|dmd|np)s?\b|\(\s*our\b|at the front desk|from (?:the )?(?:front desk|billing|our)|"
    r"(?:is|was) (?:our|the|a) (?:new |amazing |lead |head )?(?:nurse|doctor|therapist|hygienist|pharmacist|"
    r"surgeon|dentist|receptionist|manager|director|np|pa|provider|assistant|tech|coordinator|aide|cna|rn)|"
    r"joins|joined|has joined|brings|will be (?:joining|seeing)|says hi|is (?:always|so|the best|amazing|wonderful)|"
    r"(?:was|is) (?:so|super|very|incredibly) (?:kind|nice|patient|helpful|gentle|caring|sweet)|"
    r"taught|teaches|helped (?:me|us|my)|treated (?:me|us|my)|works (?:in|at|for)|explained|answered|called me|"
    r"(?:and|&) (?:the|his|her|their) (?:crew|team|staff|folks|gang)|"
    r"(?:\s+(?:and|&)\s+\p{Lu}\w+)?\s+(?:is|are|was|were)\s+(?:so\s+|the\s+|always\s+|absolutely\s+|truly\s+)?"
    r"(?:amazing|awesome|wonderful|great|the best|fantastic|incredible|kind|sweet|patient|helpful|angels?|rock)|"
    r"\W{0,4}you (?:cleaned|fixed|treated|helped|saved|took care of|delivered|checked) (?:my|me|us|our|in)\b|"
    r"deserves|rocks|is a gem|is the best|made (?:me|us|my)|explained|took (?:great )?care|listened|"
    r"(?:and|&) (?:the|her|his) team|replaced my|fixed my|did my|delivered (?:my|both|our))",
    regex.IGNORECASE)
NAME_STAFF_BEFORE = uncompiled(
    r"(?:\b(?:ask|see|book with|"
    r"appointment with|nurse|therapist|hygienist|pharmacist|receptionist|injector|provider|"
    r"surgeon|dentist|doctor|assistant|coordinator|manager|director|tech|technician|counselor|coach|midwife|"
    r"doula|aide|cna|rn|np|pa|dr|dra|pt|ot|staff|team member|colleague|coworker|co-worker|valet)[\s,(]+(?:\w+[\s,(]+){0,2}$)"
    r"|\b(?:nurse|charge nurse|therapist|hygienist|assistant|manager|director|administrator|coordinator|receptionist|"
    r"front desk|graduates?|officer|coach|chef|volunteers?|partners?|queen|king|rockstar|superstar|"
    r"pharmacist|dentist|surgeon|midwife|educator|navigator|scheduler|biller|recruiter|intern|resident physician)"
    r"\b\s*[:,]?\s*(?:[\w'\"“”&-]+\s+){0,1}$",
    regex.IGNORECASE)
STAFF_CUE_NEAR = regex.compile(
    r"\b(?:dr|dra|doctor['’]s|dentist['’]s|clinicians?|certification|certified|boards|rph|"
    r"rn|np|pa-c|md|dds|dmd|dpt|lcsw|phd|pharmd|cna|lpn|front desk|staff|team|nurse|therapist|hygienist|"
    r"receptionist|pharmacist|tech|doctor|surgeon|provider|assistant|coordinator|manager|director|volunteer|"
    r"intern|resident physician|fellow|ceo|founder|owner|vendor|rep|representative)\b",
    regex.IGNORECASE)
PUBLIC_CUE = regex.compile(
    r"\b(?:mayor|governor|senator|president|congress(?:man|woman)?|councilmember|commissioner|celebrity|"
    r"actor|actress|singer|athlete|announced|publicly|went public|press release|in the news|star|podcast|interview|"
    r"memoir|documentary|tv|show|album|tour|olympic\w*|nba|nfl|mlb|whatever you think of|famously|influencer|"
    r"celebrit\w+|reality star)\b", regex.IGNORECASE)
BIRTH_YEAR = regex.compile(r"\b(?:born|b\.|nacid[oa]|since|dob)\W{0,3}(?:in\s+|on\s+)?$", regex.IGNORECASE)


def _clause(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """The sentence around a span (bounded)."""
    text = doc.text
    lo = max(0, start - 160)
    seg = text[lo:start]
    s = lo
    for sep in (". ", "! ", "? ", "\n", "; "):
        k = seg.rfind(sep)
        if k >= 0:
            s = max(s, lo + k + len(sep))
    e = min(len(text), end + 160)
    tail = text[end:e]
    cut = [tail.find(sep) for sep in (". ", "! ", "? ", "\n") if tail.find(sep) >= 0]
    if cut:
        e = end + min(cut) + 1
    return s, e


class Ctx:
    """What the whole text says, for the per-identifier decisions; each answer is worked out the
    first time a rule asks for it."""

    def __init__(self, doc: Doc, sig: Signals) -> None:
        self.sig = sig
        self.reply = doc.kind in REPLY_KINDS
        self.inbound = doc.direction == "inbound"

    @cached_property
    def care(self) -> bool:
        """Health information, a care relationship or a patient story anywhere."""
        sig = self.sig
        return (sig.has_health or bool(sig.relationship) or bool(sig.patient_frame) or bool(sig.indirect)
                or self.personal_care)

    @cached_property
    def personal_care(self) -> bool:
        """Inbound: the writer's own or a relative's care ("my surgery", "mom's meds")."""
        return self.inbound and self.sig.personal_care

    @cached_property
    def story(self) -> bool:
        """Outbound: a specific patient is the subject (frame, relationship, indirect)."""
        sig = self.sig
        return not self.inbound and bool(sig.patient_frame or sig.indirect or sig.confirmed
                                         or (self.reply and sig.relationship))


def decide(doc: Doc, cands: list[Candidate], sig: Signals) -> list[tuple[Candidate, bool, str]]:
    """For each candidate: (candidate, is_phi, why).

    Names and record numbers are decided first; they anchor the rest: a date, a place or a
    phone number is a patient's only when the text is about a specific patient.
    """
    if not cands:
        return []
    inbound = doc.direction == "inbound"
    ctx = Ctx(doc, sig)
    decided: dict[int, tuple[bool, str]] = {}
    for k, c in enumerate(cands):
        if c.label in ("NAME", "AGE") or c.label in RECORD_LABELS or _self_evident(doc, c):
            decided[k] = _decide_one(doc, c, sig, ctx, anchored=False)
    _same_person_same_answer(doc, cands, decided)
    named = any(ok for k, (ok, _) in decided.items() if cands[k].label == "NAME")
    anchored = any(ok for ok, _ in decided.values()) or ctx.story or ctx.personal_care
    out = []
    for k, c in enumerate(cands):
        if k in decided:
            is_phi, why = decided[k]
        elif c.label == "DATE" and PERIOD.fullmatch(doc.text[c.start:c.end]) and not named:
            is_phi, why = False, "a year or month in general, with no named patient"
        elif c.label in ("DATE", "LOCATION") and not inbound and _about_staff(doc, c, cands, decided):
            is_phi, why = False, Why.SAME_SENTENCE_STAFF
        else:
            is_phi, why = _decide_one(doc, c, sig, ctx, anchored)
        out.append((c, is_phi, why))
    return out


HANDLE_FRAME = regex.compile(r"(?i)\b(?:congrats|congratulations|prayers for|praying for|get well|feel better|hugs to)\W*$")


def SECOND_PERSON_CARE(doc: Doc, sig: Signals) -> bool:  # noqa: N802 (reads as a cue, like the patterns)
    """Someone addressed about their care: "this is the detox place you went to"."""
    return any(cat != "specialty_unit" and SECOND_PERSON.search(doc.low, max(0, s - 60), min(len(doc.low), e + 60))
               for s, e, cat in sig.health)


SECOND_PERSON = regex.compile(r"\b(?:you|your|you['’]re|ur|u)\b")
PHONE_AFTER = regex.compile(r"[\s,:-]*(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}")
BIRTH_DATE = regex.compile(r"\b(?:dob|d\.o\.b\.?|date of birth|birth ?date|birthday is|born(?: on)?|nacid[oa](?: el| em)?|"
                           r"fecha de nacimiento|data de nascimento)\W{0,4}$")
PERIOD = regex.compile(r"(?i)(?:last|this|next|past)\s+(?:year|month)")


def _about_staff(doc: Doc, c: Candidate, cands: list[Candidate], decided: dict[int, tuple[bool, str]]) -> bool:
    """A date or place in a sentence about a staff member and no patient ("Dr. Okafor, who passed
    away Tuesday ... in Gainesville")."""
    cs, ce = _clause(doc, c.start, c.end)
    ce = _story_end(doc, ce)
    cs = max(0, cs - 1)
    staff = patient = False
    for k, (ok, why) in decided.items():
        n = cands[k]
        if n.label != "NAME" or not (cs - 200 <= n.start < ce):
            continue
        n_cs, n_ce = _clause(doc, n.start, n.end)
        if _story_end(doc, n_ce) < c.start or n_cs > c.end:
            continue
        if ok:
            patient = True
        elif why in STAFF_REASONS and not CARE_AGENT.search(doc.low, max(0, n.start - 12), n.start):
            staff = True
    return staff and not patient


# "removed by Dr. Ahmed yesterday", "operada por la Dra. Ruiz el lunes": the staff member treated
# someone, so the date is that patient's care, not the staff member's news
CARE_AGENT = regex.compile(r"\b(?:by|with|por|con)\s+(?:the |el |la )?$")


def _same_person_same_answer(doc: Doc, cands: list[Candidate], decided: dict[int, tuple[bool, str]]) -> None:
    """A name the text shows to be staff ("Gloria Fitzgerald, our front desk queen") is staff at
    every mention ("Gloria, we'll miss your laugh!")."""
    staff_words = set()
    patient_words = set()
    for k, (ok, why) in decided.items():
        c = cands[k]
        words = {w.lower() for w in doc.text[c.start:c.end].split() if len(w) > 2}
        if c.label == "NAME" and not ok and why in STAFF_REASONS:
            staff_words.update(words)
        elif c.label == "NAME" and ok:
            patient_words.update(words - TITLE_WORDS)
    for k, (ok, why) in list(decided.items()):
        c = cands[k]
        if c.label == "NAME" and not ok and why not in STAFF_REASONS | PUBLIC_REASONS \
                and {w.lower() for w in doc.text[c.start:c.end].split()} & patient_words:
            decided[k] = (True, "the same person as a patient named elsewhere in the text")
    if not staff_words:
        return
    names = sorted((c.start, k) for k, c in enumerate(cands) if c.label == "NAME" and k in decided)
    previous_staff = False
    previous_end = -1
    for _, k in names:
        c = cands[k]
        ok, why = decided[k]
        listed = previous_staff and LIST_JOIN.fullmatch(doc.text[previous_end:c.start]) is not None
        if ok and (listed or {w.lower() for w in doc.text[c.start:c.end].split()} & staff_words):
            decided[k] = (False, Why.STAFF_ELSEWHERE)
            ok = False
        previous_staff = not ok and decided[k][1] in STAFF_REASONS
        previous_end = c.end
    return


# units whose name says what treatment a person receives there
TREATMENT_UNIT = regex.compile(r"dialysis|chemo|infusion|burn|oncology|cancer|nicu|picu|psych|detox|rehab|hospice|memory care|labor")
TITLE_WORDS = frozenset({"mr.", "mrs.", "ms.", "mr", "mrs", "ms", "miss", "dr.", "dr", "baby", "little", "big"})
LIST_JOIN = regex.compile(r"\s*(?:\([^)]{0,40}\))?\s*(?:,|and|&|,\s*and)\s*(?:our\s+\w+\s+)?")


class Why:
    """The reasons a decision gives that later rules read: that an identifier is a staff member's
    or a public figure's. They are compared by name (STAFF_REASONS, PUBLIC_REASONS), never parsed."""

    SAME_SENTENCE_STAFF = "about a staff member named in the same sentence"
    STAFF_ELSEWHERE = "a staff member named elsewhere in the text, or in the same list"
    PROFILE = "a profile describes the organization or its staff"
    STAFF_POST = "a post about staff, hiring or training"
    STAFF_NUMBER = "a staff member's or the organization's number"
    STAFF_UNIT = "a unit where staff work, not a patient's room"
    STAFF_ACCOUNT = "a staff member's account"
    STAFF_STORY_PLACE = "a place in a staff member's story"
    STAFF_LIST = "on the organization's staff list"
    STAFF_BY_WORDS = "a staff member, by the words around the name"
    PUBLIC_FIGURE = "a public figure"
    PUBLIC_NEWS = "a date in a public figure's news"
    OWNER_ORG = "the organization's own"
    OWNER_STAFF = "a staff member's"
    OWNER_PUBLIC = "a public figure's"


STAFF_REASONS = frozenset({Why.SAME_SENTENCE_STAFF, Why.STAFF_ELSEWHERE, Why.PROFILE, Why.STAFF_POST, Why.STAFF_NUMBER,
                           Why.STAFF_UNIT, Why.STAFF_ACCOUNT, Why.STAFF_STORY_PLACE, Why.STAFF_LIST, Why.STAFF_BY_WORDS,
                           Why.OWNER_STAFF})
PUBLIC_REASONS = frozenset({Why.PUBLIC_FIGURE, Why.PUBLIC_NEWS, Why.OWNER_PUBLIC})
OWNER_REASONS = {"org": Why.OWNER_ORG, "staff": Why.OWNER_STAFF, "public": Why.OWNER_PUBLIC}
CONTACT_LABELS = ("PHONE", "FAX", "EMAIL", "URL", "IP")
Decision = tuple[bool, str]


def _decide_one(doc: Doc, c: Candidate, sig: Signals, ctx: Ctx, anchored: bool) -> Decision:
    """Rules in order, the first that applies decides: the identifier's own evidence, the kind
    of text, the identifier's kind, and last whether a specific patient's care is in the text."""
    text = doc.text
    span = text[c.start:c.end]
    if doc.policy.is_allowed(span):
        return False, "on the organization's allow-list"
    if c.owner in OWNER_REASONS:
        return False, OWNER_REASONS[c.owner]
    before = text[max(0, c.start - 60):c.start]
    after = text[c.end:c.end + 60]
    cs, ce = _clause(doc, c.start, c.end)
    clause_care = sig.health_near(c.start, c.end, 100) or sig.care_index.overlaps(cs, ce)
    return (_not_about_patients(doc, c, sig, ctx, span)
            or _decide_by_label(doc, c, sig, ctx, span, before, after)
            or _decide_in_care(doc, c, sig, ctx, anchored, span, before, clause_care, cs, ce))


def _not_about_patients(doc: Doc, c: Candidate, sig: Signals, ctx: Ctx, span: str) -> Decision | None:
    """Texts, and codes, that are about no patient whatever the identifier."""
    if (doc.kind == "bio" and c.label not in ("AGE", "SSN", "MRN", "HEALTH_PLAN") and not sig.patient_frame
            and not _is_room(c, span)
            and not (doc.text[c.end:c.end + 2] in ("'s", "’s") and sig.health_index.starting_in(c.end, c.end + 25))):
        return False, Why.PROFILE
    if sig.staff_doc and not sig.strong_patient_frame and c.label not in ("NAME", "AGE", "SSN", "MRN", "HEALTH_PLAN", "ACCOUNT"):
        return False, Why.STAFF_POST
    if c.label == "OTHER_ID" and c.kind == "code" and not ctx.care:
        return False, "a code with no one's care in the text"
    return None


def _decide_by_label(doc: Doc, c: Candidate, sig: Signals, ctx: Ctx, span: str, before: str,
                     after: str) -> Decision | None:
    """Identifiers whose kind, or the words next to them, decide whose they are."""
    if c.label in RECORD_LABELS:
        return _decide_record(c, sig, ctx, before)
    if c.label == "AGE":
        return True, "an age over 89 identifies a person"
    if c.label == "NAME":
        return _decide_name(doc, c, sig, ctx, before, after)
    if c.label == "DATE" and BIRTH_DATE.search(doc.low, max(0, c.start - 22), c.start):
        return True, "a date of birth"
    if _is_room(c, span):
        return _decide_room(doc, c, sig, ctx, before, after)
    if c.label == "URL" and PERSONAL_DOMAINS.search(span):
        return (sig.has_clinical or ctx.personal_care or bool(sig.patient_frame)), "a person's own page or fundraiser"
    if c.label == "USERNAME":
        return _decide_username(doc, sig, ctx, span, before)
    if c.label == "IP" and POSSESSIVE.search(before[-30:]):
        return ctx.care or ctx.reply, "an IP address tied to a person"
    if ctx.inbound and c.label in CONTACT_LABELS:
        return ctx.personal_care, ("the writer's contact detail, with their care" if ctx.personal_care
                                   else "a contact detail with no care of the writer's")
    return None


def _decide_in_care(doc: Doc, c: Candidate, sig: Signals, ctx: Ctx, anchored: bool, span: str, before: str,
                    clause_care: bool, cs: int, ce: int) -> Decision:
    """Contact details, dates and places: a patient's only in a specific patient's care."""
    if not ctx.care or not anchored:
        return False, "no specific patient's care in the text"
    if c.label in CONTACT_LABELS or c.label == "USERNAME":
        return _decide_contact(doc, c, sig, ctx, span, before, clause_care)
    if c.label == "DATE":
        return _decide_date(doc, c, sig, ctx, clause_care, before, cs, ce)
    if c.label == "LOCATION":
        return _decide_location(c, sig, ctx, before, clause_care)
    return True, "identifier in a health context"


def _decide_record(c: Candidate, sig: Signals, ctx: Ctx, before: str) -> Decision:
    if c.label in ("LICENSE", "OTHER_ID") and STAFF_CUE_NEAR.search(before[-40:]):
        return False, "a provider's licence or certificate"
    if c.label in ("LICENSE", "OTHER_ID", "VEHICLE") and sig.staff_frame and not (sig.patient_frame or sig.relationship):
        return False, Why.STAFF_NUMBER
    if c.label == "VEHICLE" and not ctx.care and not ctx.inbound:
        return False, "no person's care in the text"
    return True, "a record number of a person"


def _decide_room(doc: Doc, c: Candidate, sig: Signals, ctx: Ctx, before: str, after: str) -> Decision:
    cs, ce = _clause(doc, c.start, c.end)
    if (NOT_A_PATIENT_ROOM.match(after) or OUR_UNIT.search(before[-12:]) or (sig.staff_doc and not sig.patient_frame)
            or STAFF_ROOM.search(doc.text, cs, ce) or STAFF_BEFORE_ROOM.search(before[-30:])):
        return False, Why.STAFF_UNIT
    return ctx.care or bool(PERSON_NEAR.search(doc.text[max(0, c.start - 40):c.end + 40])), \
        "a room, bed or unit that locates a patient"


def _decide_username(doc: Doc, sig: Signals, ctx: Ctx, span: str, before: str) -> Decision:
    if ORG_HANDLE.search(span):
        return False, "an organization's account"
    if ctx.reply and not (sig.confirmed or sig.patient_frame or sig.relationship):
        return False, "the person replied to, in a reply that does not discuss their care"
    if sig.staff_doc and not sig.strong_patient_frame:
        return False, Why.STAFF_ACCOUNT
    if ctx.inbound and not (ctx.personal_care or sig.relationship or sig.patient_frame
                            or HANDLE_FRAME.search(before[-25:]) or SECOND_PERSON_CARE(doc, sig)):
        return False, "an account mentioned, with no one's care"
    return ctx.care, "the handle of a person tied to care"


def _decide_contact(doc: Doc, c: Candidate, sig: Signals, ctx: Ctx, span: str, before: str,
                    clause_care: bool) -> Decision:
    """An outbound phone, e-mail, web address, handle or IP address in a text about a patient's care."""
    if c.label in ("PHONE", "FAX") and doc.policy.owns_phone(span):
        return False, "the organization's own number"
    if PERSONAL_DOMAINS.search(span) or PERSONAL_CONTACT.search(before[-30:]):
        return True, "a person's own contact detail"
    if c.label == "IP":
        return True, "an IP address in a patient's story"
    if ORG_CONTACT.search(before[-50:]) or (c.label == "URL" and not ctx.inbound):
        return False, "the organization's contact detail or link"
    if ctx.inbound:
        return True, "contact detail given by a patient"
    return (ctx.reply and bool(sig.relationship)) or (clause_care and ctx.story), "a contact detail in a patient's story"


def _decide_location(c: Candidate, sig: Signals, ctx: Ctx, before: str, clause_care: bool) -> Decision:
    if sig.staff_index.overlaps(c.start - 60, c.end + 60) and not sig.patient_frame:
        return False, Why.STAFF_STORY_PLACE
    if ctx.inbound and not PERSON_PLACE.search(before[-30:]):
        return False, "a place the writer mentions, not where a patient is"
    if ORG_PLACE.search(before[-45:]) and not PERSON_PLACE.search(before[-25:]):
        return False, "the organization's own location"
    if PERSON_PLACE.search(before[-30:]) or sig.indirect:
        return True, "a place tied to a patient"
    return clause_care, "a place in a patient's story"


STAFF_BEFORE_ROOM = uncompiled(r"(?i)\b(?:nurse|dr\.?|doctor|therapist|tech|aide|cna|rn)\s+\p{L}+\s+(?:on|in|at|from)\s+$")
STAFF_ROOM = regex.compile(r"(?i)\b(?:(?:is|as) an? (?:nurse|rn|aide|cna|tech|doctor|therapist)|works? (?:on|in|at)|our staff|employees?)\b")
OUR_UNIT = regex.compile(r"(?i)\bour\s+$|\bon our\s+$")
NOT_A_PATIENT_ROOM = regex.compile(r"(?i)^\s+(?:family |staff |break |waiting |conference |meeting )?(?:lounge|cafeteria|break room|conference|lobby|gift shop|chapel|garden|gym)")
PERSON_NEAR = regex.compile(r"(?i)\b(?:he|she|his|her|him|they|mr|mrs|ms|patient|pt|neighbor|who|wants|refus\w+|finally)\b")
ORG_HANDLE = regex.compile(r"(?i)^@(?:everyone|here|all|channel)$|nurse|\brn|rn\b|_rn|rn_|doc\b|^@dr|md$|pharm|therap|(?:derm|dental|health|clinic|care|rx|pharm|md\b|hospital|medical|rmc|ortho|peds|smile|uc$|pt$|official|team|news|gov)")


def _self_evident(doc: Doc, c: Candidate) -> bool:
    """Identifiers whose owner the words around them show without the rest of the text."""
    span = doc.text[c.start:c.end]
    if c.label == "DATE" and BIRTH_DATE.search(doc.low, max(0, c.start - 22), c.start):
        return True
    return _is_room(c, span) or (c.label == "URL" and bool(PERSONAL_DOMAINS.search(span))) or c.label == "USERNAME"


def _is_room(c: Candidate, span: str) -> bool:
    return c.label == "LOCATION" and c.kind != "street" and bool(ROOMLIKE.search(span))


ROOMLIKE = regex.compile(r"(?i)\b(?:room|rm|bed|bay|floor|unit|wing|west|east|north|south|piso|cama|phòng)\b|^\d{1,2}[a-z]$")


CONTINUES = regex.compile(r"(?i)\b(?:he|she|his|her|him|they|their|them|su|sus|él|ella)\b")


def _story_start(doc: Doc, clause_start: int) -> int:
    """The sentence before a name, when it is about the same person ("She came to us unable to
    walk after her stroke. Today Ms. Bernadette danced…")."""
    if clause_start <= 1:
        return clause_start
    prev_s, prev_e = _clause(doc, max(0, clause_start - 2), max(0, clause_start - 1))
    if prev_s < clause_start and CONTINUES.search(doc.text, prev_s, clause_start):
        return prev_s
    return clause_start


def _story_end(doc: Doc, clause_end: int) -> int:
    """Where the story about a person ends: their sentence, and the next one when it goes on
    about them ("Meet Grant! After 3 months of therapy his vertigo is gone")."""
    nxt_s, nxt_e = _clause(doc, min(len(doc.text), clause_end + 1), min(len(doc.text), clause_end + 2))
    if nxt_s >= clause_end and CONTINUES.search(doc.text, nxt_s, nxt_e):
        return nxt_e
    return clause_end


def _decide_name(doc: Doc, c: Candidate, sig: Signals, ctx: Ctx, before: str, after: str) -> tuple[bool, str]:
    span = doc.text[c.start:c.end]
    if doc.policy.is_staff_name(span):
        return False, Why.STAFF_LIST
    if sig.staff_doc and not sig.strong_patient_frame:
        return False, Why.STAFF_POST
    relative = bool(RELATIVE_BEFORE.search(before) or RELATIVE_AFTER.match(after) or RELATIVE_OF.match(after))
    cs, ce = _clause(doc, c.start, c.end)
    se = _story_end(doc, ce)
    ss = _story_start(doc, cs) if not ctx.inbound and not ctx.reply else cs
    clinical_here = any(cat not in ("visit", "specialty_unit") or TREATMENT_UNIT.search(doc.low, s, e)
                        for s, e, cat in sig.health_index.starting_in(ss, se))
    if relative and not NAME_STAFF_AFTER.match(after):
        any_care_here = any(doc.low[s:e] not in ROLE_WORDS for s, e, _ in sig.health_index.starting_in(cs, se))
        return (any_care_here or sig.care_index.overlaps(cs, ce) or (ctx.inbound and ctx.personal_care)
                or (not ctx.inbound and sig.strong_patient_frame)), "a patient or a patient's relative"
    if SELF.search(before[-20:]) or DASH_END.search(before) or (ctx.inbound and PHONE_AFTER.match(after)):
        return (ctx.personal_care if ctx.inbound else ctx.care), "the writer's own name"
    if PUBLIC_CUE.search(doc.text[cs:ce]):
        return False, Why.PUBLIC_FIGURE
    staff = bool(NAME_STAFF_AFTER.match(after) or NAME_STAFF_BEFORE.search(before[-40:])
                 or PROFESSIONAL.search(doc.text[c.start:c.end + 120]) or SUPPORTER.search(doc.text[c.end:c.end + 120])
                 or SUPPORTER_BEFORE.search(before[-60:]))
    if staff and not PATIENT_NOUN.search(before[-40:]):
        return False, Why.STAFF_BY_WORDS
    if not ctx.care:
        return False, "no health information or care in the text"
    if ctx.reply:
        if sig.confirmed or sig.patient_frame or (sig.relationship and not (sig.safe_reply and not sig.has_clinical)):
            return True, "the person replied to, in a reply that discusses their care"
        return False, "the person replied to, in a reply that does not discuss their care"
    if ctx.inbound:
        titled = bool(PERSON_TITLE.match(span))
        care_after = any(doc.low[s:e] not in ROLE_WORDS and cat != "visit"
                         for s, e, cat in sig.health_index.starting_in(c.end, min(se, c.end + 90)))
        titled_care = titled and any(cat != "visit" for _, _, cat in sig.health_index.starting_in(c.start - 60, c.end + 60))
        attached = (bool(NAME_CARE_AFTER.match(after)) or care_after or titled_care
                    or (ctx.personal_care and sig.health_near(c.start, c.end, 30)))
        return attached, "a person named alongside their care"
    if sig.staff_index.overlaps(c.start - 40, c.end + 40) and not sig.patient_frame:
        return False, Why.STAFF_BY_WORDS
    if sig.care_index.overlaps(cs, se) or sig.indirect or sig.venting:
        return True, "a person in a patient's story"
    if clinical_here:
        return True, "a person named alongside their health information"
    return False, "no care tied to this person"


# "my son Ezekiel", "Tanya's son Jaxon", "my mom's name, Carla", "Grace is my mom"
RELATIVE_BEFORE = uncompiled(
    rf"(?i)(?:\b\w+['’]s|\b(?:{POSSESSORS}))\s+(?:\w+\s+)?(?:{RELATIVES}|co-?worker|boss|neighbou?r|roommate|friend|classmate|teammate)(?:['’]s\s+name(?:\s+is)?)?[\s,!.:;—–(-]*(?:is\s+)?$"
    r"|\bproud parents\s+$|\b(?:mẹ|bố|con) tôi,?\s+(?:\w+\s+)?$")
RELATIVE_OF = regex.compile(rf"(?i)^['’]s\s+(?:{RELATIVES})\b")   # "this is Derek's mom": Derek is the patient
RELATIVE_AFTER = regex.compile(rf"(?i)^\s*(?:is|was)\s+my\s+(?:\w+\s+)?(?:{RELATIVES})\b")
ROLE_WORDS = frozenset({"patient", "patients", "nurse", "nurses", "doctor", "doctors", "staff"})
# professionals completing training: "Officer Kimball ... for completing our Narcan training"
PROFESSIONAL = regex.compile(
    r"(?i)\b(?:complet\w*|finish\w*|pass\w*|earn\w*|taught|teach\w*|present\w*|lead\w*|led)\s+(?:\w+\s+){0,4}?"
    r"(?:training|certification|course|boards|degree|residency|fellowship|class|workshop|seminar|talk|lecture|"
    r"project|initiative|program|survey|audit)\b")
# donors, sponsors and vendors: "Thank you to Summer Jackson ... for donating 200 backpacks"
SUPPORTER = regex.compile(r"(?i)\bfor (?:donating|sponsoring|supporting|volunteering|organizing|hosting|delivering|"
                          r"getting our|bringing|making|collecting|raising|running|coaching|leading)\b|"
                          r"\b(?:donat\w+|sponsor\w*|vendor|partner\w*)\b")
SUPPORTER_BEFORE = regex.compile(r"(?i)\b(?:gift from|gifts? of|donated by|sponsored by|made possible by|funded by|"
                                 r"generosity of|thanks to donors?|named (?:for|after)|in honou?r of (?:our )?(?:donors?|founders?))\b")
PERSON_TITLE = regex.compile(r"(?i)(?:mr|mrs|ms|miss|mx|sr|sra|don|doña|señor|señora)\b")
PATIENT_NOUN = regex.compile(r"(?i)\b(?:patient|resident|client)s?\b")
NAME_CARE_AFTER = regex.compile(
    r"(?i)^(?:['’]s\s+(?:\w+\s+){0,2}(?:surgery|procedure|appointment|visit|results?|diagnosis|treatment|meds|"
    r"medication|prescription|chart|records?|bill|test|scan|recovery|care|cancer|stroke|injury|fracture|condition)|"
    r"\s+(?:\w+\s+){0,4}?(?:gave birth|had (?:her|a|the) baby|delivered (?:her|a|the) baby|is in labou?r)|"
    r"\s+(?:was|is|has been|got|had)\s+(?:admitted|diagnosed|discharged|treated|seen|rushed|hospitali[sz]ed|in (?:the |your )?(?:icu|er|hospital)))")


def _decide_date(doc: Doc, c: Candidate, sig: Signals, ctx: Ctx, clause_care: bool, before: str,
                 cs: int, ce: int) -> tuple[bool, str]:
    span = doc.text[c.start:c.end]
    if YEAR_ONLY.fullmatch(span):
        year = int(span)
        if BIRTH_YEAR.search(before[-12:]) and doc.today and doc.today.year - year > 89:
            return True, "a birth year that reveals an age over 89"
        return False, "a year alone"
    clause = doc.text[cs:ce]
    if PUBLIC_CUE.search(clause):
        return False, Why.PUBLIC_NEWS
    in_clause = sig.care_index.overlaps(cs, ce)
    if EVENT.search(clause) and not in_clause and not ctx.inbound:
        return False, "an event or opening date"
    if clause_care or ctx.reply or ctx.personal_care:
        return True, "a date tied to a person's care"
    return False, "a date not tied to anyone's care"


# Cues anchored at the end of a window: search them backwards (see doc.ending_here).
NAME_STAFF_BEFORE, RELATIVE_BEFORE, STAFF_BEFORE_ROOM = map(
    ending_here, (NAME_STAFF_BEFORE, RELATIVE_BEFORE, STAFF_BEFORE_ROOM))
