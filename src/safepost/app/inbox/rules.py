"""The inbox, decided here and nowhere else. Pure: no Django import.

* what an inbound item is for the engine (`engine_kind`, `reply_kind`);
* which situation a message is in (`situation`: crisis language first) and the HIPAA-safe
  template for it (`TEMPLATES`, `render_template` with the organization's contact details);
* whether a reply may go out (`check_reply`): the engine's verdict for a reply plus "never echo
  what they wrote"; a refusal names the exact phrases and offers the safe rewrite;
* the queue's timers (`due_at`, `overdue`, `AGES`);
* review exports (`parse_reviews`: CSV or JSON, one error per bad row, good rows kept);
* the webhook signature (`signature_ok`: X-Hub-Signature-256) and Meta's payload (`meta_changes`).
"""

from __future__ import annotations

import csv
import enum
import hashlib
import hmac
import io
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any


class State(str, enum.Enum):
    OPEN = "open"            # waiting for a first response
    REPLIED = "replied"      # a reply went out (or was recorded for a site without an API)
    RESOLVED = "resolved"    # closed without (further) reply; "do not reply" is a first-class choice


STATE_LABELS = {State.OPEN: "Open", State.REPLIED: "Replied", State.RESOLVED: "Resolved"}
VERDICTS = ("ALLOW", "NEEDS_AUTHORIZATION", "BLOCK", "PRIVATE_FOLLOW_UP")
VERDICT_LABELS = {"ALLOW": "No PHI", "NEEDS_AUTHORIZATION": "Patient story", "BLOCK": "Blocked",
                  "PRIVATE_FOLLOW_UP": "Private follow-up"}

# Sources without a connector: review sites (imported) and SafePost's own secure form.
REVIEW_SOURCES = ("google", "yelp", "healthgrades", "facebook_reviews", "other")
SECURE_FORM = "secure_form"
SOURCE_LABELS = {"google": "Google", "yelp": "Yelp", "healthgrades": "Healthgrades",
                 "facebook_reviews": "Facebook reviews", "other": "Other review site",
                 SECURE_FORM: "Secure message form"}
# Platforms whose connector can hide a public comment (see connectors' `can_hide`).
MAX_BODY = 20_000

DEFAULT_SLA_HOURS = 24
CRISIS_SLA = timedelta(hours=1)


def engine_kind(kind: str) -> str:
    """The engine's `kind` for an inbound item."""
    if kind == "review":
        return "review"
    if kind in ("direct_message", "message"):
        return "direct_message"
    return "comment"


def reply_kind(kind: str) -> str:
    """The engine's `kind` for our answer to it."""
    return "review_reply" if kind == "review" else "comment_reply"


# -- situations and templates -----------------------------------------------------------------
class Situation(str, enum.Enum):
    CRISIS = "crisis"
    CLINICAL_QUESTION = "clinical_question"
    BILLING_COMPLAINT = "billing_complaint"
    NEGATIVE_REVIEW = "negative_review"
    PRAISE = "praise"
    GENERAL = "general"


SITUATION_LABELS = {
    Situation.CRISIS: "Emergency / self-harm language", Situation.CLINICAL_QUESTION: "Clinical question",
    Situation.BILLING_COMPLAINT: "Billing complaint", Situation.NEGATIVE_REVIEW: "Negative review or complaint",
    Situation.PRAISE: "Praise", Situation.GENERAL: "General",
}

_W = r"(?<![\w])"
_CUES: list[tuple[Situation, re.Pattern[str]]] = [
    (Situation.CRISIS, re.compile(
        _W + r"(?:kill(?:ing)? my ?self|suicid\w*|end(?:ing)? (?:my|it all|my own) ?life|end it all|"
        r"want(?:ed)? to die|wish i (?:was|were) dead|better off dead|no reason to (?:live|go on)|"
        r"self[- ]?harm\w*|hurt(?:ing)? my ?self|cut(?:ting)? my ?self|harm(?:ing)? my ?self|"
        r"overdos\w*|can'?t go on|not (?:be|being) here anymore|"
        r"(?:chest pain|can'?t breathe|cannot breathe|having a stroke|heart attack|bleeding (?:heavily|a lot))|"
        r"quiero morir|matarme|suicidarme)", re.IGNORECASE)),
    (Situation.CLINICAL_QUESTION, re.compile(
        _W + r"(?:should i|can i|is it (?:safe|normal|ok)|how (?:long|much|often)|what dose|dosage|"
        r"side effects?|symptoms?|is this normal|do i need|when can i|"
        r"interact(?:ion)?s? with|medication|prescription|refill)\b[^?]*\?|"
        + _W + r"(?:side effects?|dosage|is this normal)", re.IGNORECASE)),
    (Situation.BILLING_COMPLAINT, re.compile(
        _W + r"(?:bill(?:s|ed|ing)?|invoice|charged?|overcharg\w*|insurance|copay|co-pay|deductible|"
        r"collections?|refund|statement|price|cost|fees?)\b", re.IGNORECASE)),
    (Situation.NEGATIVE_REVIEW, re.compile(
        _W + r"(?:terrible|awful|horrible|worst|rude|never again|waited|wait time|unprofessional|"
        r"disappoint\w*|complain\w*|ignored|dismissive|incompetent|disgust\w*|angry|upset|"
        r"bad experience|poor|unacceptable|avoid|negligen\w*|misdiagnos\w*)\b", re.IGNORECASE)),
    (Situation.PRAISE, re.compile(
        _W + r"(?:thank(?:s| you)|grateful|amazing|wonderful|great|excellent|best|love|kind|caring|"
        r"friendly|recommend|fantastic|awesome|professional|helpful)\b", re.IGNORECASE)),
]


def situation(text: str, rating: int | None = None) -> Situation:
    """The situation a message is in, for the reply composer. Crisis language wins over
    everything; a 1–2 star review without other cues is a negative review, 4–5 is praise."""
    for sit, pattern in _CUES:
        if sit is Situation.PRAISE and rating is not None and rating <= 2:
            continue
        if pattern.search(text):
            if sit is Situation.NEGATIVE_REVIEW and rating is not None and rating >= 4:
                continue
            return sit
    if rating is not None:
        return Situation.NEGATIVE_REVIEW if rating <= 2 else Situation.PRAISE if rating >= 4 else Situation.GENERAL
    return Situation.GENERAL


# HIPAA-safe templates: they never confirm or deny that the author is a patient, never mention a
# visit, a treatment, a date or anything from a record, and move the conversation to a private
# channel. Placeholders: {org_name} {contact} {secure_link}. Each one passes the engine (tested).
TEMPLATES: dict[Situation, str] = {
    Situation.CRISIS: (
        "If you are thinking about harming yourself or are in danger, please call or text 988 (Suicide & "
        "Crisis Lifeline) now, or call 911. We care about your safety. Please reach our team privately "
        "at {contact} or {secure_link}."),
    Situation.CLINICAL_QUESTION: (
        "Thank you for your question. We can't give medical advice in a public forum, and to protect "
        "everyone's privacy we don't discuss health questions here. Please contact {contact} or send us "
        "a private message at {secure_link}, and a member of our team will help."),
    Situation.BILLING_COMPLAINT: (
        "Thank you for raising this. To protect everyone's privacy we never discuss accounts in public. "
        "Please contact {contact} or write to us privately at {secure_link} and our team will look "
        "into it with you."),
    Situation.NEGATIVE_REVIEW: (
        "Thank you for taking the time to share this. We take every concern seriously, but to protect "
        "everyone's privacy we can't discuss anyone's care here. Please contact {contact} or "
        "{secure_link} so we can help you directly."),
    Situation.PRAISE: (
        "Thank you for the kind words! We'll share them with our team. - {org_name}"),
    Situation.GENERAL: (
        "Thank you for reaching out. To protect your privacy, please don't share personal or health "
        "details here. Please contact {contact} or {secure_link} and our team will follow up privately."),
}


@dataclass(frozen=True)
class Contact:
    org_name: str
    phone: str = ""
    email: str = ""
    secure_link: str = ""


def render_template(sit: Situation | str, contact: Contact) -> str:
    """The template for `sit` with the organization's contact details filled in."""
    how = [x for x in (contact.phone, contact.email) if x]
    who = f"our office at {' or '.join(how)}" if how else "our office"
    link = contact.secure_link or "our patient portal"
    return TEMPLATES[Situation(sit)].format(org_name=contact.org_name or "our team", contact=who, secure_link=link)


# -- the reply checker ------------------------------------------------------------------------
@dataclass(frozen=True)
class Phrase:
    start: int
    end: int
    text: str
    reason: str          # a reason code (confirms_patient_relationship, names_patient, echoes_author, …)

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "reason": self.reason}


@dataclass(frozen=True)
class ReplyCheck:
    ok: bool
    verdict: str
    phrases: tuple[Phrase, ...] = ()
    reasons: tuple[tuple[str, str], ...] = ()     # (code, explanation)
    rewrite: str = ""

    @property
    def phrase(self) -> str:
        return self.phrases[0].text if self.phrases else ""

    def message(self) -> str:
        if self.ok:
            return "This reply is safe to send."
        named = ", ".join(f"“{p.text}”" for p in self.phrases[:5])
        why = self.reasons[0][1] if self.reasons else "it could disclose protected health information"
        head = f"This reply cannot be sent: {named}. " if named else "This reply cannot be sent. "
        return head + why


LABEL_REASON = {"NAME": "names_patient", "DATE": "date_tied_to_care", "AGE": "age", "PHONE": "contact_identifier",
                "EMAIL": "contact_identifier", "LOCATION": "location", "MRN": "record_number"}
_MIN_ECHO = 4


def check_reply(reply: str, verdict: str, findings: Iterable[Any], evidence: Iterable[Any],
                reasons: Iterable[Any], suggestion: str, *, inbound: str = "",
                inbound_spans: Sequence[Mapping[str, Any]] = ()) -> ReplyCheck:
    """May `reply` go out? `verdict`, `findings` (start, end, label, is_phi), `evidence`
    (start, end, reason), `reasons` (code, explanation) and `suggestion` are the engine's report
    for the reply (kind review_reply / comment_reply). Anything but ALLOW refuses; so does a
    reply that repeats an identifier the author disclosed (`inbound`, `inbound_spans`): no
    self-disclosure exception. The phrases are the PHI findings and the engine's evidence
    (relationship cues, health terms), in text order, without duplicates."""
    phrases: dict[tuple[int, int], Phrase] = {}
    for f in findings:
        if f.is_phi:
            phrases.setdefault((f.start, f.end), Phrase(f.start, f.end, reply[f.start:f.end],
                                                        LABEL_REASON.get(f.label, f.label.lower())))
    for e in evidence:
        if not any(s <= e.start and e.end <= t for s, t in phrases):
            phrases.setdefault((e.start, e.end), Phrase(e.start, e.end, reply[e.start:e.end], e.reason))
    echo = _echoes(reply, inbound, inbound_spans)
    for p in echo:   # the more telling reason: the author's own words, repeated
        phrases[(p.start, p.end)] = p
    why = [(r.code, r.explanation) for r in reasons]
    if echo:
        why.append(("echoes_author", "It repeats something the author disclosed; never echo their details back."))
    ok = verdict == "ALLOW" and not echo
    ordered = tuple(sorted(phrases.values(), key=lambda p: (p.start, -p.end)))
    # a phrase inside a longer one adds nothing
    kept = tuple(p for p in ordered if not any(o is not p and o.start <= p.start and p.end <= o.end
                                              and (o.end - o.start) > (p.end - p.start) for o in ordered))
    return ReplyCheck(ok=ok, verdict="ALLOW" if ok else (verdict if verdict != "ALLOW" else "BLOCK"),
                      phrases=() if ok else kept, reasons=() if ok else tuple(why),
                      rewrite="" if ok else suggestion)


def _echoes(reply: str, inbound: str, spans: Sequence[Mapping[str, Any]]) -> list[Phrase]:
    out: list[Phrase] = []
    if not inbound:
        return out
    low = reply.casefold()
    for s in spans:
        if not s.get("is_phi"):
            continue
        piece = inbound[int(s["start"]):int(s["end"])].strip()
        if len(piece) < _MIN_ECHO:
            continue
        i = low.find(piece.casefold())
        if i >= 0:
            out.append(Phrase(i, i + len(piece), reply[i:i + len(piece)], "echoes_author"))
    return out


# -- timers -----------------------------------------------------------------------------------
def due_at(received: datetime, sla_hours: int, sit: Situation | str | None = None) -> datetime:
    """When the first response is due: the organization's SLA, one hour for crisis language."""
    sla = timedelta(hours=max(1, sla_hours))
    if sit is not None and Situation(sit) is Situation.CRISIS:
        sla = min(sla, CRISIS_SLA)
    return received + sla


def overdue(state: str, due: datetime | None, now: datetime) -> bool:
    return state == State.OPEN.value and due is not None and due < now


# age filter: (value, label, newer than, older than)
AGES = {"1h": ("Last hour", timedelta(hours=1), None), "24h": ("Last 24 hours", timedelta(hours=24), None),
        "7d": ("Last 7 days", timedelta(days=7), None), "old": ("Older than 7 days", None, timedelta(days=7))}


def sla_refusal(hours: Any) -> str | None:
    if not isinstance(hours, int) or isinstance(hours, bool) or not 1 <= hours <= 24 * 14:
        return "The first-response time must be a whole number of hours between 1 and 336."
    return None


def url_refusal(url: str) -> str | None:
    if url and not re.fullmatch(r"https://[^\s<>\"']{3,490}", url):
        return "The patient portal link must be an https:// address."
    return None


# -- review exports ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Review:
    source: str
    id: str
    text: str
    created_at: datetime
    author: str = ""
    rating: int | None = None
    url: str = ""


@dataclass
class Parsed:
    rows: list[Review] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)    # (row number, message: never the row's text)


REVIEW_FIELDS = ("source", "id", "text", "date", "author", "rating", "url")
REQUIRED = ("source", "id", "text", "date")
MAX_IMPORT_ROWS = 5000
_ALIASES = {"review_id": "id", "comment": "text", "review": "text", "body": "text", "created_at": "date",
            "created": "date", "reviewer": "author", "stars": "rating", "site": "source", "platform": "source"}


def _json_reviews(text: str) -> tuple[list, str | None]:
    """The list of review objects in a JSON export, or the file-level problem."""
    try:
        doc = json.loads(text)
    except ValueError as e:
        return [], f"The file is not valid JSON (line {getattr(e, 'lineno', '?')})."
    except RecursionError:   # issue 10: a document nested 100,000 deep
        return [], ("The JSON is nested too deeply: a review export is a list of flat "
                    "objects ({\"author\": …, \"text\": …}).")
    if isinstance(doc, dict):
        doc = doc.get("reviews")
    if not isinstance(doc, list):
        return [], "JSON must be a list of reviews or {\"reviews\": [...]}."
    return doc, None


def parse_reviews(data: bytes, filename: str = "") -> Parsed:
    """A review export: CSV with a header row, or JSON (a list of objects, or {"reviews": […]}).
    Columns: source (google, yelp, healthgrades, facebook_reviews, other), id, text, date (ISO
    8601), and optionally author, rating (1–5), url. Each bad row gets one error naming the row
    and the column (never the row's text); good rows are kept."""
    out = Parsed()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        out.errors.append((0, "The file is not UTF-8 text."))
        return out
    stripped = text.lstrip()
    is_json = filename.lower().endswith(".json") or stripped[:1] in ("[", "{")
    records: list[tuple[int, Any]]
    if is_json:
        doc, problem = _json_reviews(text)
        if problem:
            out.errors.append((0, problem))
            return out
        records = list(enumerate(doc, start=1))
    else:
        try:
            reader = csv.DictReader(io.StringIO(text, newline=""))
            header = [_ALIASES.get((h or "").strip().lower(), (h or "").strip().lower()) for h in (reader.fieldnames or [])]
        except csv.Error:
            out.errors.append((0, "The file is not a readable CSV."))
            return out
        missing = [c for c in REQUIRED if c not in header]
        if missing:
            out.errors.append((0, f"The CSV header lacks the column(s): {', '.join(missing)} "
                                  f"(expected {', '.join(REVIEW_FIELDS)})."))
            return out
        records = []
        try:
            for n, raw in enumerate(reader, start=2):          # row 1 is the header
                if None in raw:
                    records.append((n, ValueError("has more fields than the header")))
                    continue
                records.append((n, {header[i]: v for i, v in enumerate(raw.values())}))
        except csv.Error as e:
            out.errors.append((reader.line_num, f"unreadable CSV ({str(e)[:80]})."))
    if len(records) > MAX_IMPORT_ROWS:
        out.errors.append((0, f"At most {MAX_IMPORT_ROWS} reviews per file; this one has {len(records)}."))
        return out
    seen: set[tuple[str, str]] = set()
    for n, rec in records:
        if isinstance(rec, Exception):
            out.errors.append((n, f"row {n} {rec}."))
            continue
        review, err = _review(n, rec)
        if err:
            out.errors.append((n, err))
        elif (review.source, review.id) in seen:
            out.errors.append((n, f"row {n}: the same source and id appear earlier in the file."))
        else:
            seen.add((review.source, review.id))
            out.rows.append(review)
    return out


def _review(n: int, rec: Any) -> tuple[Review | None, str]:
    if not isinstance(rec, dict):
        return None, f"row {n}: expected an object with {', '.join(REQUIRED)}."
    rec = {_ALIASES.get(str(k).strip().lower(), str(k).strip().lower()): v for k, v in rec.items()}
    for c in REQUIRED:
        v = rec.get(c)
        if v is None or (isinstance(v, str) and not v.strip()):
            return None, f"row {n}: {c} is missing."
    source = str(rec["source"]).strip().lower().replace(" ", "_")
    if source not in REVIEW_SOURCES:
        return None, f"row {n}: source must be one of {', '.join(REVIEW_SOURCES)}."
    rid = str(rec["id"]).strip()
    if len(rid) > 200:
        return None, f"row {n}: id is longer than 200 characters."
    body = rec["text"]
    if not isinstance(body, str):
        return None, f"row {n}: text must be text."
    if len(body) > MAX_BODY:
        return None, f"row {n}: text is longer than {MAX_BODY} characters."
    try:
        created = _date(str(rec["date"]))
    except ValueError:
        return None, f"row {n}: date is not an ISO 8601 date (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)."
    rating = rec.get("rating")
    if rating in (None, ""):
        rating = None
    else:
        try:
            rating = int(str(rating).strip())
        except ValueError:
            return None, f"row {n}: rating must be a whole number from 1 to 5."
        if not 1 <= rating <= 5:
            return None, f"row {n}: rating must be a whole number from 1 to 5."
    url = str(rec.get("url") or "").strip()
    if url and not url.startswith(("https://", "http://")):
        return None, f"row {n}: url must start with https://."
    return Review(source, rid, body, created, str(rec.get("author") or "")[:200], rating, url[:500]), ""


def _date(value: str) -> datetime:
    v = value.strip()
    if v.endswith("Z"):
        v = v[:-1] + "+00:00"
    d = datetime.fromisoformat(v)
    if d.tzinfo is None:
        d = d.replace(tzinfo=timezone.utc)
    if d.year < 1990 or d > datetime.now(timezone.utc) + timedelta(days=1):
        raise ValueError("out of range")
    return d


# -- webhooks (Facebook / Instagram) ----------------------------------------------------------
def signature_ok(secret: str, body: bytes, header: str | None) -> bool:
    """X-Hub-Signature-256: "sha256=" + hex HMAC-SHA256 of the raw body with the app secret."""
    if not secret or not header or not header.startswith("sha256="):
        return False
    expected = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header[7:].strip().lower())


@dataclass(frozen=True)
class Change:
    """One new comment from a Meta webhook, as the connectors' InboundItem needs it."""

    id: str
    text: str
    author: str
    author_id: str | None
    created_at: datetime
    parent_id: str | None
    root_id: str | None


def meta_changes(payload: Any, platform: str, account_id: str) -> list[Change]:
    """New comments in a Meta webhook payload for `account_id` (the Page id or Instagram user
    id). Edits, removals, reactions and the account's own comments are skipped."""
    out: list[Change] = []
    if not isinstance(payload, dict):
        return out
    for entry in payload.get("entry") or []:
        if not isinstance(entry, dict) or str(entry.get("id")) != str(account_id):
            continue
        when = entry.get("time")
        for ch in entry.get("changes") or []:
            if not isinstance(ch, dict) or not isinstance(ch.get("value"), dict):
                continue
            v = ch["value"]
            try:
                if platform == "facebook" and ch.get("field") == "feed" and v.get("item") == "comment" \
                        and v.get("verb") == "add":
                    frm = v.get("from") or {}
                    if str(frm.get("id")) == str(account_id):
                        continue
                    created = _epoch(v.get("created_time") or when)
                    out.append(Change(str(v["comment_id"]), str(v.get("message") or ""), str(frm.get("name") or ""),
                                      frm.get("id"), created, str(v.get("parent_id") or v.get("post_id") or ""),
                                      str(v.get("post_id") or "") or None))
                elif platform == "instagram" and ch.get("field") in ("comments", "live_comments"):
                    frm = v.get("from") or {}
                    if str(frm.get("id")) == str(account_id):
                        continue
                    media = (v.get("media") or {}).get("id")
                    out.append(Change(str(v["id"]), str(v.get("text") or ""), str(frm.get("username") or ""),
                                      frm.get("id"), _epoch(when), str(v.get("parent_id") or media or ""),
                                      str(media) if media else None))
            except (KeyError, TypeError, ValueError):
                continue
    return out


def _epoch(value: Any) -> datetime:
    if isinstance(value, (int, float)):
        v = value / 1000 if value > 10**11 else value
        return datetime.fromtimestamp(v, tz=timezone.utc)
    if isinstance(value, str) and value:
        return _date(value) if not value.isdigit() else _epoch(int(value))
    return datetime.now(timezone.utc)
