"""Breach notification (45 CFR 164.400-414): deadlines, the four-factor risk assessment, the three
exceptions, reminders and escalation. Pure: no Django import, no clock (callers pass dates).

The law as summarized in shared/docs/hipaa-reference.md sections 5 and 10.5:

  164.402(1)   three exceptions: (i) a workforce member's good-faith, in-scope access or use;
               (ii) an inadvertent disclosure between people authorized at the same covered
               entity / business associate / OHCA; (iii) a recipient who could not reasonably
               have retained the information. (i) and (ii) only with no further impermissible
               use or disclosure.
  164.402(2)   otherwise presumed a breach, unless a risk assessment of at least four factors
               shows a "low probability that the protected health information has been
               compromised": (i) nature and extent (identifier types, likelihood of
               re-identification), (ii) the unauthorized person, (iii) whether it was actually
               acquired or viewed, (iv) the extent of mitigation.
  164.404(b)   individuals: without unreasonable delay, no later than 60 calendar days after
               discovery.
  164.406(a)   media: more than 500 residents of one State or jurisdiction; same timing.
  164.408(b)   HHS: 500 or more in total, contemporaneously with the individual notice.
  164.408(c)   HHS: fewer than 500, in the log reported no later than 60 days after the end of
               the calendar year of discovery.
  164.410(b)   business associate to covered entity: no later than 60 calendar days after the
               business associate's discovery.
  164.412      law enforcement: a written statement delays for its period; an oral one for at
               most 30 days from the statement unless a written one follows.

Conventions (section 5.9, open questions Q3 and Q4): calendar days; the deadline is discovery
+ 60 days, the last permissible day. How the 60 days run after a law-enforcement delay is not
in the regulation (Q3): the clock is paused for the days of the delay that fall inside it
(`Deadline.due`), and the date without the pause (`Deadline.unpaused_due`, never earlier than
the delay's end) is shown beside it with `counsel_decision` set, so counsel decides.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

# -- numbers (section 1, cheat sheet) -------------------------------------------------------------
INDIVIDUAL_NOTICE_DAYS = 60          # 164.404(b)
MEDIA_MORE_THAN = 500                # 164.406(a): more than 500 residents of one State/jurisdiction
HHS_IMMEDIATE_AT_LEAST = 500         # 164.408(b): 500 or more in total
HHS_ANNUAL_DAYS_AFTER_YEAR_END = 60  # 164.408(c)
BA_NOTICE_DAYS = 60                  # 164.410(b)
ORAL_DELAY_MAX_DAYS = 30             # 164.412(b)
REMINDER_DAYS = (30, 14, 7, 1)       # reminders before each due date
ESCALATE_AFTER = timedelta(hours=24)  # nobody acknowledged an open incident

CITATIONS = {
    "individuals": "45 CFR 164.404(b)",
    "media": "45 CFR 164.406(a)",
    "hhs": "45 CFR 164.408(b)",
    "hhs_annual": "45 CFR 164.408(c)",
    "covered_entity": "45 CFR 164.410(b)",
    "delay": "45 CFR 164.412",
}
DEADLINE_LABELS = {
    "individuals": "Notice to the individuals",
    "media": "Notice to prominent media",
    "hhs": "Notice to HHS",
    "covered_entity": "Notice to the covered entity",
}

# -- vocabularies -----------------------------------------------------------------------------------
STATES = {"open": "Open", "assessing": "Assessing", "notifying": "Notifying", "closed": "Closed"}
SOURCE_KINDS = {"post": "A published post", "inbox_item": "An inbox item", "consent": "A revoked consent",
                "manual": "Reported by hand"}
ROLES = {"covered_entity": "We are the covered entity",
         "business_associate": "We are a business associate of the covered entity"}
NOTICE_KINDS = {"individuals": "Individuals (letters)", "media": "Media", "hhs": "HHS (breach portal)",
                "covered_entity": "Covered entity", "substitute": "Substitute notice (contact information out of date)"}
NOTICE_METHODS = {"mail": "First-class mail", "email": "E-mail (the person agreed to electronic notice)",
                  "portal": "HHS breach portal", "press": "Prominent media outlets", "other": "Other written means",
                  "phone": "Telephone", "web": "Conspicuous posting on our website's home page",
                  "toll_free": "Toll-free number"}

# Identifier and information types for factor (i) and letter element (B): the Safe Harbor
# identifiers (164.514(b)(2)(i), as the engine labels them) plus the health information itself.
INFO_TYPES = {
    "NAME": ("name", "nombre"),
    "LOCATION": ("address or place smaller than a state", "dirección o lugar"),
    "DATE": ("dates tied to you (such as a visit or birth date)", "fechas relacionadas con usted (como una cita o su nacimiento)"),
    "AGE": ("age over 89", "edad mayor de 89 años"),
    "PHONE": ("telephone number", "número de teléfono"),
    "FAX": ("fax number", "número de fax"),
    "EMAIL": ("e-mail address", "correo electrónico"),
    "SSN": ("Social Security number", "número de Seguro Social"),
    "MRN": ("medical record number", "número de expediente médico"),
    "HEALTH_PLAN": ("health plan member number", "número de afiliado del plan de salud"),
    "ACCOUNT": ("account number", "número de cuenta"),
    "LICENSE": ("certificate or license number", "número de certificado o licencia"),
    "VEHICLE": ("vehicle identifier or license plate", "identificador o placa de vehículo"),
    "DEVICE": ("device identifier or serial number", "identificador o número de serie de un dispositivo"),
    "URL": ("web address", "dirección web"),
    "IP": ("IP address", "dirección IP"),
    "BIOMETRIC": ("biometric identifier", "identificador biométrico"),
    "PHOTO": ("photograph of your face", "fotografía de su rostro"),
    "USERNAME": ("social media account name", "nombre de cuenta en redes sociales"),
    "OTHER_ID": ("another identifying number or code", "otro número o código de identificación"),
    "HEALTH": ("health information (such as a condition, treatment or visit)",
               "información de salud (como una condición, un tratamiento o una visita)"),
}

# -- 164.402(2): the four factors ---------------------------------------------------------------------
FACTORS = {
    "nature": "(i) Nature and extent of the PHI, including the types of identifiers and the likelihood of re-identification",
    "recipient": "(ii) The unauthorized person who used the PHI or to whom it was disclosed",
    "acquired": "(iii) Whether the PHI was actually acquired or viewed",
    "mitigation": "(iv) The extent to which the risk to the PHI has been mitigated",
}
RISKS = {"low": "Low", "high": "High"}
REIDENTIFICATION = {"low": "Unlikely", "medium": "Possible", "high": "Likely"}
MIN_RATIONALE = 20                   # characters of written evidence per factor

# -- 164.402(1): the three exceptions -----------------------------------------------------------------
EXCEPTIONS = {
    "workforce_good_faith": "164.402(1)(i): unintentional acquisition, access or use by a workforce member or person "
                            "acting under our authority, in good faith and within the scope of authority",
    "inadvertent_internal": "164.402(1)(ii): inadvertent disclosure between people authorized to access PHI at the "
                            "same covered entity, business associate or organized health care arrangement",
    "unable_to_retain": "164.402(1)(iii): good-faith belief that the unauthorized recipient would not reasonably "
                        "have been able to retain the information",
}
EXCEPTIONS_NEEDING_NO_FURTHER_USE = frozenset({"workforce_good_faith", "inadvertent_internal"})

CONCLUSIONS = {"notify": "Breach: notify",
               "low_probability": "Low probability of compromise: no notification",
               "exception": "Not a breach: statutory exception"}


def add_days(d: date, days: int) -> date:
    """Calendar days (weekends and holidays do not extend a HIPAA deadline)."""
    return d + timedelta(days=days)


# -- 164.412 --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Delay:
    """A law-enforcement statement that notice would impede an investigation (164.412)."""

    kind: str                 # "written" (a period is specified) | "oral" (documented, at most 30 days)
    stated_on: date
    until: date | None = None     # the written statement's end date

    def ends_on(self) -> date:
        if self.kind == "written":
            assert self.until is not None
            return self.until
        return add_days(self.stated_on, ORAL_DELAY_MAX_DAYS)


def delay_problems(kind: str, stated_on: date | None, until: date | None, official: str, discovered_on: date) -> list[str]:
    """What a law-enforcement delay lacks (164.412 asks for the statement to be documented)."""
    problems = []
    if kind not in ("written", "oral"):
        problems.append("kind: choose 'written' (a statement that names a period) or 'oral'")
    if stated_on is None:
        problems.append("stated_on: the date of the official's statement is required")
    elif stated_on < discovered_on:
        problems.append("stated_on: a statement before the discovery date cannot delay this incident's notices")
    if not official.strip():
        problems.append("official: record the official's identity and agency (164.412(b) for oral statements)")
    if kind == "written" and until is None:
        problems.append("until: a written statement specifies the period; give its end date")
    if kind == "oral" and until is not None:
        problems.append("until: an oral statement delays for at most 30 days; leave the end date empty "
                        "and record the written statement when it arrives")
    if until is not None and stated_on is not None and until <= stated_on:
        problems.append("until: the end of the delay must come after the statement")
    return problems


# -- deadlines --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Deadline:
    key: str                  # individuals | media | hhs | covered_entity
    due: date                 # the last permissible day (clock paused during a delay)
    citation: str
    unpaused_due: date | None = None   # with a delay: the date without the pause (Q3)
    not_before: date | None = None     # with a delay: notices wait until the delay ends
    annual: bool = False               # HHS: in the annual log (fewer than 500)
    states: tuple[str, ...] = ()       # media: the States/jurisdictions over 500

    @property
    def label(self) -> str:
        return DEADLINE_LABELS[self.key]

    @property
    def counsel_decision(self) -> bool:
        return self.unpaused_due is not None and self.unpaused_due != self.due


def media_states(affected_by_state: dict[str, int]) -> tuple[str, ...]:
    """States/jurisdictions with MORE than 500 affected residents (164.406(a)), sorted."""
    return tuple(sorted(s for s, n in affected_by_state.items() if n > MEDIA_MORE_THAN))


def hhs_annual_due(discovered_on: date) -> date:
    """60 days after the end of the calendar year of discovery (164.408(c)): Mar 1, or Feb 29."""
    return add_days(date(discovered_on.year, 12, 31), HHS_ANNUAL_DAYS_AFTER_YEAR_END)


def _paused(due: date, start: date, delay: Delay | None) -> tuple[date, date | None, date | None]:
    """(due with the pause, due without it, not before) for a clock that started on `start`."""
    if delay is None:
        return due, None, None
    end = delay.ends_on()
    paused_from = max(delay.stated_on, start)
    if paused_from > due:               # the statement came after the deadline: nothing to pause
        return due, None, None
    paused_days = max(0, (end - paused_from).days)
    return add_days(due, paused_days), max(due, end), end


def deadlines(discovered_on: date, affected_by_state: dict[str, int], *, role: str = "covered_entity",
              delay: Delay | None = None) -> list[Deadline]:
    """Every notification deadline of a breach discovered on `discovered_on`.

    A business associate owes one notice, to the covered entity (164.410); the covered entity
    owes the individuals, the media where one State has more than 500, and HHS."""
    if role == "business_associate":
        return [_deadline("covered_entity", add_days(discovered_on, BA_NOTICE_DAYS), discovered_on, delay)]
    base = add_days(discovered_on, INDIVIDUAL_NOTICE_DAYS)
    found = [_deadline("individuals", base, discovered_on, delay)]
    states = media_states(affected_by_state)
    if states:
        d = _deadline("media", base, discovered_on, delay)
        found.append(Deadline(**{**d.__dict__, "states": states}))
    if sum(affected_by_state.values()) >= HHS_IMMEDIATE_AT_LEAST:
        found.append(_deadline("hhs", base, discovered_on, delay))
    else:
        d = _deadline("hhs", hhs_annual_due(discovered_on), discovered_on, delay)
        found.append(Deadline(**{**d.__dict__, "citation": CITATIONS["hhs_annual"], "annual": True}))
    return found


def _deadline(key: str, due: date, start: date, delay: Delay | None) -> Deadline:
    paused, unpaused, not_before = _paused(due, start, delay)
    return Deadline(key=key, due=paused, citation=CITATIONS[key], unpaused_due=unpaused, not_before=not_before)


def affected_problems(affected_by_state: dict) -> list[str]:
    """What is wrong with the counts of affected people per State/jurisdiction."""
    problems = []
    for code, n in affected_by_state.items():
        if not (isinstance(code, str) and len(code) == 2 and code.isascii() and code.isalpha() and code.isupper()):
            problems.append(f"affected_by_state: {str(code)[:10]!r} is not a two-letter State or jurisdiction code such as CA")
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            problems.append(f"affected_by_state: the count for {str(code)[:10]} must be a whole number of people, 0 or more")
    return problems


# -- 164.402(2): the assessment ------------------------------------------------------------------------
@dataclass(frozen=True)
class FactorAnswer:
    risk: str = ""            # low | high
    evidence: str = ""        # what was found, in writing (kept encrypted: it may describe PHI)


@dataclass(frozen=True)
class Assessment:
    info_types: tuple[str, ...] = ()       # factor (i): the identifier types involved (INFO_TYPES keys)
    reidentification: str = ""             # factor (i): REIDENTIFICATION key
    nature: FactorAnswer = field(default_factory=FactorAnswer)
    recipient: FactorAnswer = field(default_factory=FactorAnswer)
    acquired: FactorAnswer = field(default_factory=FactorAnswer)
    mitigation: FactorAnswer = field(default_factory=FactorAnswer)
    rationale: str = ""                    # the overall written conclusion

    def answer(self, factor: str) -> FactorAnswer:
        return getattr(self, factor)


def assessment_problems(a: Assessment) -> list[str]:
    """What the four-factor assessment still lacks; each names the factor."""
    problems = []
    unknown = [t for t in a.info_types if t not in INFO_TYPES]
    if unknown:
        problems.append(f"info_types: unknown type(s) {', '.join(sorted(unknown))[:80]}; use {', '.join(INFO_TYPES)}")
    if not a.info_types:
        problems.append("info_types: name the types of identifiers and information involved (factor (i))")
    if a.reidentification not in REIDENTIFICATION:
        problems.append("reidentification: say how likely re-identification is: low, medium or high (factor (i))")
    for key, title in FACTORS.items():
        ans = a.answer(key)
        if ans.risk not in RISKS:
            problems.append(f"{key}: rate the risk low or high for {title}")
        if len(ans.evidence.strip()) < MIN_RATIONALE:
            problems.append(f"{key}: write the evidence for {title} (at least {MIN_RATIONALE} characters)")
    if a.nature.risk == "low" and a.reidentification in ("medium", "high"):
        problems.append("nature: factor (i) cannot be low risk when re-identification is possible or likely")
    return problems


def conclude(a: Assessment) -> tuple[str, list[str]]:
    """('low_probability' | 'notify', why). The breach is presumed (164.402(2)) unless all four
    factors are answered low risk with evidence AND a written overall rationale."""
    problems = assessment_problems(a)
    if problems:
        return "notify", ["presumed_breach_assessment_incomplete"]
    high = [k for k in FACTORS if a.answer(k).risk == "high"]
    if high:
        return "notify", [f"high_risk_{k}" for k in high]
    if len(a.rationale.strip()) < MIN_RATIONALE:
        return "notify", ["low_probability_needs_written_rationale"]
    return "low_probability", ["all_four_factors_low"]


def exception_problems(code: str, justification: str, no_further_use: bool) -> list[str]:
    """What a claimed 164.402(1) exception lacks."""
    problems = []
    if code not in EXCEPTIONS:
        problems.append(f"exception: choose one of {', '.join(EXCEPTIONS)}")
    if len(justification.strip()) < MIN_RATIONALE:
        problems.append(f"justification: explain in writing why the exception applies (at least {MIN_RATIONALE} characters)")
    if code in EXCEPTIONS_NEEDING_NO_FURTHER_USE and not no_further_use:
        problems.append("no_further_use: this exception applies only when there was no further impermissible "
                        "use or disclosure; confirm it")
    return problems


# -- the life of an incident ---------------------------------------------------------------------------
TRANSITIONS = {
    "open": {"assessing", "closed"},
    "assessing": {"notifying", "closed"},
    "notifying": {"closed"},
    "closed": set(),
}


def required_notices(conclusion: str, deadline_list: list[Deadline]) -> set[str]:
    """Notices that must be recorded as sent before closing. The HHS annual log is reported in
    its own yearly batch, so it does not hold an incident open."""
    if conclusion != "notify":
        return set()
    return {d.key for d in deadline_list if not d.annual}


def close_problems(state: str, conclusion: str, deadline_list: list[Deadline], notices_sent: set[str]) -> list[str]:
    """Why the incident may not close yet (164.414(b): the burden of proof is ours)."""
    if state == "closed":
        return ["the incident is already closed"]
    if conclusion not in CONCLUSIONS:
        return ["record the decision first: the four-factor assessment or a statutory exception"]
    missing = sorted(required_notices(conclusion, deadline_list) - notices_sent)
    return [f"record the {NOTICE_KINDS[k].lower()} notice as sent before closing" for k in missing]


def notice_problems(kind: str, method: str, sent_on: date | None, count: int, discovered_on: date, today: date,
                    owed: set[str]) -> list[str]:
    """What is wrong with a notice being recorded as sent."""
    problems = []
    if kind not in NOTICE_KINDS:
        problems.append(f"kind: choose one of {', '.join(NOTICE_KINDS)}")
    elif kind not in owed:
        problems.append(f"kind: this incident owes no {kind} notice (owed: {', '.join(sorted(owed)) or 'none'})")
    if method not in NOTICE_METHODS:
        problems.append(f"method: choose one of {', '.join(NOTICE_METHODS)}")
    if sent_on is None:
        problems.append("sent_on: the date the notice was sent is required")
    elif sent_on < discovered_on or sent_on > today:
        problems.append("sent_on: the date must lie between the discovery date and today")
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        problems.append("recipients_count: a whole number, 0 or more")
    return problems


# -- reminders and escalation ---------------------------------------------------------------------------
def reminder_due(due: date, today: date, sent: set[int], thresholds: tuple[int, ...] = REMINDER_DAYS) -> int | None:
    """The reminder (days before `due`) to send today, or None. Only the nearest threshold that
    has been reached is sent; thresholds already passed when the incident opened are skipped,
    each is sent once (`sent`), none after the due date."""
    days_left = (due - today).days
    if days_left < 0:
        return None
    reached = [t for t in thresholds if days_left <= t]
    if not reached:
        return None
    nearest = min(reached)
    return None if nearest in sent else nearest


def should_escalate(opened_at: datetime, acknowledged_at: datetime | None, escalated_at: datetime | None,
                    now: datetime, after: timedelta = ESCALATE_AFTER) -> bool:
    """Nobody acknowledged the incident within `after` of its opening (and it was not escalated yet)."""
    return acknowledged_at is None and escalated_at is None and now - opened_at >= after


def urgency(deadline_list: list[Deadline], today: date) -> tuple[int, date | None]:
    """(days to the nearest due date, that date): for sorting lists nearest deadline first."""
    if not deadline_list:
        return (10**6, None)
    nearest = min(d.due for d in deadline_list)
    return ((nearest - today).days, nearest)


# -- containment: takedowns -------------------------------------------------------------------------------
EXPOSURE_KINDS = {"post": "Published post", "reply": "Reply we sent"}
EXPOSURE_STATES = {"live": "Still up", "removing": "Being taken down", "removed": "Taken down (platform confirmed)",
                   "failed": "Takedown failed", "manual": "Removed by hand"}
TAKEDOWN_LEASE = timedelta(minutes=5)    # a takedown claimed by a request or a worker that died is free again after


def can_take_down(state: str, lease_until: datetime | None, now: datetime) -> bool:
    """Claimable: still up, failed before (try again), or claimed by someone whose lease ran out."""
    if state in ("live", "failed"):
        return True
    return state == "removing" and (lease_until is None or lease_until < now)


# -- the post-incident review -------------------------------------------------------------------------------
ROOT_CAUSES = {
    "override": "A person released content the check had blocked",
    "check_missed": "The check did not recognise the PHI",
    "process_gap": "No process covered it, or the process was not followed",
    "training_gap": "The people involved had not been trained for it",
    "public_disclosure": "A patient or member of the public posted it and it stayed up",
    "consent": "An authorization was missing, defective or revoked",
    "platform": "A platform or vendor behaved unexpectedly",
    "other": "Something else (explained in what happened)",
}
ACTION_REMINDER_DAYS = (7, 1)          # reminders to a corrective action's owner before its due date
ACTION_MAX = 500


@dataclass(frozen=True)
class ActionDraft:
    description: str
    owner_id: int | None
    due_on: date | None


def review_problems(what_happened: str, root_cause: str, new_actions: list[ActionDraft], existing_actions: int,
                    today: date) -> list[str]:
    """What is missing from a post-incident review: what happened (in writing), a root-cause
    category and at least one corrective action, each with an owner and a due date."""
    problems = []
    if len(what_happened.strip()) < MIN_RATIONALE:
        problems.append(f"what_happened: say in writing what happened and what failed (at least {MIN_RATIONALE} characters)")
    if root_cause not in ROOT_CAUSES:
        problems.append(f"root_cause: choose one of {', '.join(ROOT_CAUSES)}")
    for n, a in enumerate(new_actions, 1):
        if not a.description.strip() or len(a.description) > ACTION_MAX:
            problems.append(f"actions: corrective action {n} needs a description of at most {ACTION_MAX} characters")
        if a.owner_id is None:
            problems.append(f"actions: corrective action {n} needs an owner")
        if a.due_on is None or a.due_on < today:
            problems.append(f"actions: corrective action {n} needs a due date, today or later")
    if existing_actions + len(new_actions) == 0:
        problems.append("actions: name at least one corrective action, with its owner and due date")
    return problems


def review_close_problems(conclusion: str, has_review: bool) -> list[str]:
    """A breach (the decision 'notify') closes only with its post-incident review recorded."""
    if conclusion == "notify" and not has_review:
        return ["record the post-incident review (what happened, root cause, corrective actions) before closing"]
    return []
