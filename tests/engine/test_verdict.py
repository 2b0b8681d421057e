"""The verdict: whose identifier it is, whether care is involved, and whether consent could
cure it. Synthetic texts, one mechanism per row."""

from __future__ import annotations

import pytest

from safepost import Policy, Verdict, scan
from safepost.engine.doc import Doc
from safepost.engine.policy import DEFAULT_POLICY
from safepost.engine.scanner import rules

A, N, B, P = Verdict.ALLOW, Verdict.NEEDS_AUTHORIZATION, Verdict.BLOCK, Verdict.PRIVATE_FOLLOW_UP

CASES = [
    # outbound posts: staff, the organization, public figures and events are fine
    ("outbound", "post", "Meet Dr. Ingrid Solberg, our new pediatric cardiologist! She joins us from Denver.", A),
    ("outbound", "post", "Flu shot clinic this Saturday, Oct 18, 9–2 at our Elm Street office. Call 555-301-2200.", A),
    ("outbound", "post", "Last year our cardiac team performed 1,200 procedures. Proud of this team!", A),
    ("outbound", "bio", "Riverbend Family Dental | 22 Mill Rd | (555) 610-7000 | riverbendsmiles.com", A),
    ("outbound", "post", "When a famous singer announced her breast cancer last week, screenings rose. Book yours today.", A),
    ("outbound", "caption", "Kudos to nurse Priyanka on passing her critical care boards! 🎉", A),
    ("outbound", "post", "October is Breast Cancer Awareness Month. Schedule your mammogram today!", A),
    ("outbound", "post", "Ribbon cutting for the new Cancer Pavilion, made possible by a gift from Robert and Ann Smith.", A),
    ("outbound", "post", "Happy 40th work anniversary to Gladys in Medical Records! She's seen it all.", A),
    # patient stories: consent can cure
    ("outbound", "post", "Congrats to Bartholomew, home today after his heart transplant! ❤️", N),
    ("outbound", "caption", "Swipe for Keisha's before & after — 3 months post rhinoplasty 😍", N),
    ("outbound", "post", "Happy 97th birthday to our resident Mr. Alvarado! 🎂", N),
    ("outbound", "post", "Shoutout to the 5th grader from Maple Elementary who came in Tuesday with a broken wrist!", N),
    # nothing cures: replies that confirm care, record numbers, staff venting
    ("outbound", "review_reply", "Hi Gwen, we're sorry your filling came loose after your visit with Dr. Park.", B),
    ("outbound", "review_reply", "We reviewed your chart and you were seen within 20 minutes of arrival.", B),
    ("outbound", "review_reply", "Sir, you checked in at 2:10 and left with your splint at 3:05. Please stop.", B),
    ("outbound", "comment_reply", "So glad the new inhaler is working for your daughter! 💜", B),
    ("outbound", "post", "Whoever left Tamsin R.'s intake form with SSN 521-44-9087 on the printer, it's shredded now 🙄", B),
    ("outbound", "story_text", "bed 7 wants pizza at 3am again 😂 night shift life", B),
    ("outbound", "post", "Shoutout to the Millbrook High volleyball captain who came back from her ACL tear to win state!", N),
    ("outbound", "story_text", "that awkward moment when your kid's teacher is your 10am pap smear 😬", B),
    ("outbound", "post", "Millbrook High athletes: sports physicals are $20 this Saturday at our Main St clinic!", A),
    ("outbound", "story_text", "Our boy Scooter is finally off the vent!! 🙌 #PICUstrong", N),
    ("outbound", "post", "Congrats to our favorite frequent visitor 'Tank' on finally finishing PT! 💪", N),
    ("outbound", "post", "She came to us unable to walk after her stroke. Today Ms. Bernadette danced at a wedding.", N),
    ("outbound", "post", "Meet Scooter, our new therapy dog! He'll be visiting the pediatric floor on Tuesdays 🐶", A),
    ("outbound", "post", "So proud of our guy Big Earl — 100 days sober today! Keep going, Earl 💪 #RecoveryIsPossible", N),
    ("outbound", "post", "Shoutout to the Eastfield Eagles' quarterback, who was back on the field Friday after his collarbone surgery!", N),
    ("outbound", "story_text", "the guy in bay 4 asked if he can keep his kidney stone as a souvenir 💀", B),
    ("outbound", "post", "Happy 100th birthday to Mr. Ellsworth Barnes, a resident of our memory care since 2019!", N),
    ("outbound", "comment_reply", "@jenny_b_fit so glad your new crown feels good!! 🦷", B),
    # replies that acknowledge without confirming are fine
    ("outbound", "review_reply", "Ms. Thompson, HIPAA prevents us from discussing anyone's care online. Please call 555-201-0000.", A),
    ("outbound", "comment_reply", "@jenny_b_fit we can't discuss health details here, but please DM us and we'll help!", A),
    ("outbound", "review_reply", "Thank you for your feedback. We can't discuss anyone's care here; please call our office at 555-301-2200.", A),
    ("outbound", "review_reply", "⭐⭐⭐⭐⭐ thank you so much! We love our community.", A),
    # inbound: self and third-party disclosure with an identifier → answer privately
    ("inbound", "comment", "I'm Dolores Vega, my biopsy results were supposed to come Friday, please call 614-555-0142", P),
    ("inbound", "direct_message", "My member ID is UHC8812004 and my MRI claim was denied.", P),
    ("inbound", "comment", "Saw Rhett Calloway from my gym in your psych unit yesterday, is he ok?", P),
    ("inbound", "review", "My grandma Ines is 98 and the nurses on your rehab floor are angels.", P),
    # inbound without an identifier of a patient is left alone
    ("inbound", "review", "Dr. Halvorsen replaced my knee two years ago. Best decision ever!", A),
    ("inbound", "comment", "Do you take Medicaid for kids' dental cleanings?", A),
    ("inbound", "direct_message", "Hi, I'm applying for the front desk job. My email is sam.trent@gmail.com", A),
    ("inbound", "review", "Parking is awful and the coffee in the lobby is worse.", A),
    ("inbound", "direct_message", "this is Derek's mom, he has a fever of 103 since last night, should we come in?", P),
    ("inbound", "direct_message", "My son (Jacob Ellis, DOB 5/4/2015) has an appointment Monday, can I move it?", P),
    ("inbound", "direct_message", "Do you have any openings for a new patient next week?", A),
    ("inbound", "comment", "Is this the place that did Aunt Carol's hip? She loved it there", P),
    ("inbound", "comment", "My neighbor's kid Aiden broke his arm at the skate park and y'all fixed him up great!", P),
    ("inbound", "review", "Had my knee done here. Great surgeons, terrible parking.", A),
    ("inbound", "review", "Worst ER ever. Waited 6 hours with a broken wrist. Never again.", A),
    ("inbound", "review", "Worst ER ever. I'm Carla Nunez and I waited 6 hours with a broken wrist on Jan 3.", P),
]


def rules_verdict(text: str, direction: str = "outbound", kind: str = "post") -> Verdict:
    """What the rule layer alone decides (the learned verdict weighs this with the words)."""
    view, _, _ = rules(Doc(text, direction, kind, DEFAULT_POLICY))
    return Verdict(view.verdict)


@pytest.mark.parametrize("direction,kind,text,expected", CASES, ids=[c[2][:40] for c in CASES])
def test_rules_verdict(direction: str, kind: str, text: str, expected: Verdict) -> None:
    assert rules_verdict(text, direction, kind) is expected


def test_learned_verdict_agrees_with_the_table() -> None:
    """The learned verdict is a judgement trained on thousands of other texts: it must agree with
    this hand-written table on at least 9 rows in 10, and never let a record number through."""
    wrong = [(text, expected.value, got.value) for direction, kind, text, expected in CASES
             if (got := scan(text, direction=direction, kind=kind).verdict) is not expected]
    assert len(wrong) <= 0.1 * len(CASES), wrong
    assert scan(CASES[17][2]).verdict is B   # the SSN on the printer


def test_every_flag_comes_with_reasons_a_marketer_can_read() -> None:
    report = scan("Hi Gwen, sorry your crown came loose after your visit on May 2.", kind="review_reply")
    assert report.flag and report.reasons
    assert all(r.explanation and r.explanation[0].isupper() for r in report.reasons)
    assert "confirms_patient_relationship" in [r.code for r in report.reasons]


def test_a_reply_gets_the_compliant_template_as_its_suggestion() -> None:
    policy = Policy(name="Riverbend Family Dental", phones=("(555) 610-7000",))
    report = scan("Hi Gwen, sorry your crown came loose after your visit.", kind="review_reply", org=policy)
    assert "Gwen" not in report.suggestion and "crown" not in report.suggestion
    assert "(555) 610-7000" in report.suggestion


def test_a_story_gets_its_identifiers_masked() -> None:
    text = "Congrats to Bartholomew Nguyen, home today after his heart transplant!"
    report = scan(text)
    assert "Bartholomew" not in report.suggestion and "[NAME]" in report.suggestion
    assert "heart transplant" in report.suggestion


def test_the_organization_profile_is_honoured() -> None:
    text = "Questions about your bill? Call Gail Summers at 555-301-2290."
    policy = Policy(name="Riverbend", phones=("555-301-2290",), staff=("Gail Summers",))
    report = scan(text, kind="post", org=policy)
    assert report.verdict is Verdict.ALLOW
    assert not any(f.is_phi for f in report.findings)


def test_policy_block_terms_flag_the_text() -> None:
    policy = Policy(block_terms=("code brown",))
    assert scan("Another code brown on 3 West tonight", org=policy).flag


def test_scan_is_deterministic() -> None:
    text = "Hi Gwen, sorry your crown came loose after your visit on May 2. Call 555-301-2200."
    first = scan(text, kind="review_reply").to_dict()
    assert all(scan(text, kind="review_reply").to_dict() == first for _ in range(5))


@pytest.mark.parametrize("bad,message", [
    ({"direction": "sideways"}, "direction must be one of"),
    ({"kind": "tweet"}, "kind must be one of"),
])
def test_bad_arguments_say_what_to_fix(bad: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        scan("hello", **bad)


def test_a_blocked_reply_names_the_phrases_that_confirm_care() -> None:
    text = "Hi Gwen, sorry your crown came loose after your visit."
    report = scan(text, kind="review_reply")
    phrases = [(text[e.start:e.end], e.reason) for e in report.evidence]
    assert ("your crown", "confirms_patient_relationship") in phrases
    assert ("your visit", "confirms_patient_relationship") in phrases
    assert scan("Thanks for the five stars!", kind="review_reply").evidence == []


CONFIRMING_REPLIES = [
    "We're sorry the wait was so long on Tuesday.",
    "Our records show you were seen by Dr. Alvarez within 20 minutes.",
    "We apologize that your prescription wasn't ready when you arrived.",
    "The billing error on your account has been corrected and your copay refunded.",
    "Dr. Smith said she really enjoyed meeting your family!",
    "We hope your tooth feels better soon!",
    "It was a pleasure caring for your mother during her stay.",
    "Sorry about the mix-up with your lab order, it's been fixed.",
    "We'll have the nurse call you about your results today.",
    "We understand your frustration with the ER wait last night.",
    "Hope your recovery is going well!",
    "We spoke with your daughter and have updated her file.",
    "So sorry about your dad, the ICU team is taking great care of him.",
    "We appreciate you choosing us for your care and we're thrilled Dr. Lee could help!",
    "Hi Donna, we're so sorry your husband had to wait for his pain meds. We've spoken with the nursing team.",
    "Lamentamos que su mamá haya esperado tanto en urgencias. Ya hablamos con el equipo.",
    "Hi Tom, your new dentures are ready for pickup whenever you are!",
    "Ma'am, our staff followed protocol. You arrived 45 minutes late and were rescheduled per our policy.",
    "This is simply not true. The x-ray was read by a radiologist within the hour.",
    "We did call you twice to confirm the appointment. Our phone logs show it.",
    "Thank you, Ray! It was great having you in the office today.",
]
COMPLIANT_REPLIES = [
    "We're sorry to hear about your experience. Please call us at 555-201-1000 so we can learn more.",
    "Thank you for the kind words! We love our community.",
    "We're sorry you didn't feel heard. We'd welcome a call to discuss your concerns privately.",
    "Thanks for reaching out! Our hours are 8–5 on weekdays, and we take most major plans.",
    "Hi Donna, we're sorry to hear this. Please contact our patient advocate at 555-201-3000 so we can look into it.",
    "Gracias por su comentario. Por favor llámenos al 555-201-3000.",
    "We strive to see every patient on time. We'd love the chance to talk with you directly — please call us.",
]


@pytest.mark.parametrize("text", CONFIRMING_REPLIES)
def test_a_reply_that_confirms_care_is_blocked(text: str) -> None:
    assert scan(text, kind="review_reply").verdict is Verdict.BLOCK


@pytest.mark.parametrize("text", COMPLIANT_REPLIES)
def test_the_rules_allow_a_reply_that_confirms_nothing(text: str) -> None:
    assert rules_verdict(text, kind="review_reply") is Verdict.ALLOW


def test_most_replies_that_confirm_nothing_are_allowed() -> None:
    """Recall comes first, so the learned verdict may refuse a compliant reply now and then."""
    refused = [t for t in COMPLIANT_REPLIES if scan(t, kind="review_reply").verdict is not Verdict.ALLOW]
    assert len(refused) <= max(1, len(COMPLIANT_REPLIES) // 5), refused
