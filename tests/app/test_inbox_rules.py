"""The inbox's rules, as tables: the reply checker (with the real engine), situations and
templates, review-export parsing, the webhook signature and Meta's payloads. No database."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import datetime, timedelta, timezone

import pytest

from safepost.app.inbox import rules
from safepost.app.inbox.rules import Contact, Situation
from safepost.engine import Policy, scan

# -- the reply checker: 22 compliant replies and 22 that must be blocked (synthetic texts) ----
OK = [
    "Thank you for your feedback. We take every concern seriously; please call our office so we can help.",
    "We're sorry to hear about your experience. Please contact our patient relations team directly.",
    "Thank you for the kind words! We'll share them with our team.",
    "We appreciate you taking the time to write. Please reach out to us privately so we can learn more.",
    "Thanks for reaching out! Our office hours are Monday to Friday, 8am to 5pm.",
    "We can't discuss anyone's care here, but we'd like to hear from you. Please send us a private message.",
    "Thank you for sharing. We strive to give every person who walks through our doors excellent care.",
    "We're glad to hear you had a good experience with our team!",
    "Sorry for the frustration. Please give our office a call so we can look into this.",
    "Thanks for your question. We don't give medical advice online; please contact our office.",
    "We value all feedback and use it to improve. Please reach us through our secure portal.",
    "Thank you! Our whole staff works hard to make every visitor feel welcome.",
    "We hear you, and we want to make things right. Please contact our practice manager privately.",
    "Flu shots are available at all our locations this month, no appointment needed.",
    "Thank you for the five stars! It means a lot to our team.",
    "We are sorry you are unhappy. To protect privacy we never discuss details online; please call us.",
    "Please don't share personal health details in public comments. Our team will follow up privately.",
    "Thanks for bearing with us while the phone lines were busy this week.",
    "Thank you for being part of our community!",
    "Concerns like this matter to us. Please send us a private message and a manager will respond.",
    "If you are in crisis, please call or text 988 or call 911. Please reach our team privately.",
    "Thanks for the shout-out! We love our nurses too.",
]
BAD = [
    ("Hi Maria, we're sorry your root canal last Tuesday was painful.", ["Maria"]),
    ("Our records show you missed two appointments in March.", ["Our records show"]),
    ("We're glad your knee replacement went well!", ["knee replacement"]),
    ("Mr. Johnson, your bill reflects the MRI you had on May 3.", ["Johnson"]),
    ("As your dentist, I recommended the crown and you declined it.", ["crown"]),
    ("We reviewed your chart and the wait was due to your late arrival.", ["reviewed your chart"]),
    ("Sorry about the wait at your appointment with Dr. Patel yesterday.", ["your appointment"]),
    ("Your insurance denied the claim for your physical therapy, not us.", ["physical therapy"]),
    ("We hope your chemotherapy is going better now.", ["chemotherapy"]),
    ("Thanks for coming in for your colonoscopy, John!", ["John"]),
    ("Jane, your lab results were normal, as we told you on the phone.", ["Jane"]),
    ("We're sorry your son's asthma flared up after his visit.", ["asthma"]),
    ("When you came in on Friday we did everything we could for your back pain.", ["When you came"]),
    ("Your prescription for Zoloft was sent to the pharmacy on time.", ["Zoloft"]),
    ("It was great to see you at your follow-up after surgery!", ["surgery"]),
    ("Our patient Lisa Gomez was treated according to protocol.", ["Lisa Gomez"]),
    ("Please call us back about your diabetes management plan.", ["diabetes"]),
    ("Thanks for the review, Dr. Lee will call you about your MRI results.", ["MRI"]),
    ("Your balance of $240 for the cleaning is still outstanding.", ["cleaning"]),
    ("We're sorry your pregnancy check-up ran late.", ["pregnancy"]),
    ("Dear Robert Chen, we apologize for your ER visit on 2/14.", ["Robert Chen"]),
    ("Your therapist noted that you skipped the last three sessions.", ["sessions"]),
]


def check(text: str, kind: str = "review_reply", **kw) -> rules.ReplyCheck:
    r = scan(text, direction="outbound", kind=kind)
    return rules.check_reply(text, r.verdict.value, r.findings, r.evidence, r.reasons, r.suggestion, **kw)


def test_the_table_is_balanced():
    assert len(OK) >= 20 and len(BAD) >= 20 and abs(len(OK) - len(BAD)) <= 1


@pytest.mark.parametrize("text", OK)
@pytest.mark.parametrize("kind", ["review_reply", "comment_reply"])
def test_a_compliant_reply_passes(text, kind):
    c = check(text, kind)
    assert c.ok, (c.phrases, c.reasons)
    assert c.phrases == () and c.rewrite == ""


@pytest.mark.parametrize("text,named", BAD, ids=[t[:40] for t, _ in BAD])
def test_a_reply_that_discloses_is_blocked_and_the_phrase_is_named(text, named):
    c = check(text, "comment_reply")
    assert not c.ok
    assert c.verdict != "ALLOW"
    found = [p.text for p in c.phrases]
    for fragment in named:
        assert any(fragment in p for p in found), (fragment, found)
    for p in c.phrases:
        assert text[p.start:p.end] == p.text          # the offsets point at the phrase
    assert c.reasons and c.rewrite
    assert "care here" in c.rewrite                    # the engine's compliant template
    assert c.phrase and c.phrase in c.message()


def test_a_reply_may_not_echo_what_the_author_disclosed():
    inbound = "Call me at 555-201-3344 about my results"
    spans = [{"start": 11, "end": 23, "label": "PHONE", "is_phi": True}]
    text = "We will call you at 555-201-3344 today."
    c = check(text, "comment_reply", inbound=inbound, inbound_spans=spans)
    assert not c.ok
    assert any(p.reason == "echoes_author" and p.text == "555-201-3344" for p in c.phrases)
    assert "echoes_author" in [code for code, _ in c.reasons]


# -- situations and templates -----------------------------------------------------------------
@pytest.mark.parametrize("text,rating,expected", [
    ("I want to kill myself, nobody listens to me", None, Situation.CRISIS),
    ("Honestly I have thought about self-harm since the diagnosis", 1, Situation.CRISIS),
    ("Great staff but I can't go on like this anymore", 5, Situation.CRISIS),
    ("Is it normal to have a headache after the new medication?", None, Situation.CLINICAL_QUESTION),
    ("I was charged twice and my insurance says the bill is wrong", 1, Situation.BILLING_COMPLAINT),
    ("Terrible experience, the front desk was rude", 1, Situation.NEGATIVE_REVIEW),
    ("Thank you to the amazing nurses!", 5, Situation.PRAISE),
    ("ok", 1, Situation.NEGATIVE_REVIEW),
    ("ok", None, Situation.GENERAL),
])
def test_it_recognises_the_situation(text, rating, expected):
    assert rules.situation(text, rating) is expected


CONTACTS = [Contact("Acme Clinic", "(555) 201-3344", "frontdesk@acme.example", "https://portal.acme.example/msg"),
            Contact("Acme Clinic")]
POLICY = Policy(name="Acme Clinic", phones=("(555) 201-3344",), domains=("acme.example", "portal.acme.example"))


@pytest.mark.parametrize("sit", list(Situation))
@pytest.mark.parametrize("contact", CONTACTS, ids=["full", "bare"])
def test_every_template_passes_the_reply_checker(sit, contact):
    text = rules.render_template(sit, contact)
    assert "{" not in text
    for kind in ("review_reply", "comment_reply"):
        r = scan(text, direction="outbound", kind=kind, org=POLICY)
        assert r.verdict.value == "ALLOW", (sit, kind, [(text[f.start:f.end], f.label) for f in r.findings])


def test_the_crisis_template_names_988_and_911():
    text = rules.render_template(Situation.CRISIS, CONTACTS[0])
    assert "988" in text and "911" in text and "(555) 201-3344" in text


def test_crisis_items_are_due_within_the_hour():
    now = datetime(2026, 1, 1, tzinfo=timezone.utc)
    assert rules.due_at(now, 24, Situation.CRISIS) == now + timedelta(hours=1)
    assert rules.due_at(now, 24, Situation.PRAISE) == now + timedelta(hours=24)
    assert rules.overdue("open", now, now + timedelta(seconds=1))
    assert not rules.overdue("replied", now, now + timedelta(seconds=1))


# -- review exports ---------------------------------------------------------------------------
GOOD_ROW = "google,g-1,Friendly staff and short wait,2026-03-01,Sam,5,https://g.example/r/1"


def test_a_malformed_csv_keeps_the_good_rows_and_names_each_bad_one():
    data = "\n".join([
        "source,id,text,date,author,rating,url",
        GOOD_ROW,
        "yelp,y-1,My diabetes diagnosis was missed,yesterday,Al,1,",     # bad date
        "myspace,m-1,hello,2026-03-02,,,",                               # unknown source
        "healthgrades,h-1,,2026-03-02,,,",                               # no text
        "google,g-2,Fine,2026-03-02,,9,",                                # bad rating
        "google,g-3,Too,many,fields,2026-03-02,,,,",                     # more fields than the header
        "google,g-1,Same id again,2026-03-03,,,",                        # duplicate
        "yelp,y-2,\"Quoted, with a comma\",2026-03-04T10:00:00Z,,2,",
    ]).encode()
    p = rules.parse_reviews(data, "export.csv")
    assert [(r.source, r.id) for r in p.rows] == [("google", "g-1"), ("yelp", "y-2")]
    assert p.rows[1].text == "Quoted, with a comma" and p.rows[1].rating == 2
    errors = dict(p.errors)
    assert sorted(errors) == [3, 4, 5, 6, 7, 8]
    assert "date" in errors[3] and "source" in errors[4] and "text is missing" in errors[5]
    assert "rating" in errors[6] and "more fields" in errors[7] and "earlier" in errors[8]
    assert all(m.startswith(f"row {n}") for n, m in p.errors)
    assert not any("diabetes" in m or "Same id" in m for m in errors.values())   # never the text


def test_a_csv_without_the_required_columns_is_refused_as_a_whole():
    p = rules.parse_reviews(b"who,what\nx,y\n", "x.csv")
    assert p.rows == [] and p.errors[0][0] == 0 and "source" in p.errors[0][1]


def test_json_exports_are_read_too():
    data = json.dumps({"reviews": [
        {"source": "healthgrades", "review_id": "h-9", "comment": "Kind doctor", "created_at": "2026-02-02", "stars": 4},
        {"source": "google", "id": "g-9", "text": "x"},
        "not an object"]}).encode()
    p = rules.parse_reviews(data, "x.json")
    assert [(r.id, r.text, r.rating) for r in p.rows] == [("h-9", "Kind doctor", 4)]
    assert [n for n, _ in p.errors] == [2, 3]


@pytest.mark.parametrize("data", [b"\xff\xfe\x00bad", b"[{not json", b"{\"reviews\": 3}"])
def test_unreadable_files_get_one_clear_error(data):
    p = rules.parse_reviews(data, "x.json")
    assert p.rows == [] and len(p.errors) == 1 and p.errors[0][0] == 0


# -- the webhook signature and payloads -------------------------------------------------------
def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


@pytest.mark.parametrize("header,ok", [
    (sign("s3cret", b'{"a":1}'), True),
    (sign("s3cret", b'{"a":1}').upper().replace("SHA256=", "sha256="), True),
    (sign("other", b'{"a":1}'), False),
    (sign("s3cret", b'{"a":2}'), False),
    ("sha1=" + hmac.new(b"s3cret", b'{"a":1}', hashlib.sha1).hexdigest(), False),
    ("", False), (None, False), ("sha256=", False),
])
def test_the_signature_is_an_hmac_sha256_of_the_raw_body(header, ok):
    assert rules.signature_ok("s3cret", b'{"a":1}', header) is ok


def test_meta_payloads_yield_new_comments_only():
    fb = {"object": "page", "entry": [{"id": "111", "time": 1767225600, "changes": [
        {"field": "feed", "value": {"item": "comment", "verb": "add", "comment_id": "111_2_3", "post_id": "111_2",
                                    "parent_id": "111_2", "message": "hi", "from": {"id": "9", "name": "Pat"},
                                    "created_time": 1767225600}},
        {"field": "feed", "value": {"item": "comment", "verb": "edited", "comment_id": "111_2_4"}},
        {"field": "feed", "value": {"item": "reaction", "verb": "add"}},
        {"field": "feed", "value": {"item": "comment", "verb": "add", "comment_id": "111_2_5", "post_id": "111_2",
                                    "message": "our own", "from": {"id": "111", "name": "Acme"}}}]},
        {"id": "999", "changes": [{"field": "feed", "value": {"item": "comment", "verb": "add", "comment_id": "x"}}]}]}
    out = rules.meta_changes(fb, "facebook", "111")
    assert [(c.id, c.text, c.author, c.root_id) for c in out] == [("111_2_3", "hi", "Pat", "111_2")]
    ig = {"object": "instagram", "entry": [{"id": "17", "time": 1767225600, "changes": [
        {"field": "comments", "value": {"id": "c1", "text": "nice", "from": {"id": "5", "username": "kim"},
                                        "media": {"id": "m1"}}}]}]}
    out = rules.meta_changes(ig, "instagram", "17")
    assert [(c.id, c.author, c.parent_id) for c in out] == [("c1", "kim", "m1")]
    assert rules.meta_changes("nonsense", "facebook", "111") == []
