"""The post workflow as tables: which operation may start from which state, and the refusals."""

from datetime import datetime, timedelta, timezone

import pytest

from safepost.app.posts import rules
from safepost.app.posts.rules import Delivery as D, Op, State

S = State
# (operation, states it may start from); every other state is refused with a message
TABLE = {
    Op.EDIT:      {S.DRAFT, S.IN_REVIEW, S.APPROVED, S.SCHEDULED, S.REJECTED, S.FAILED},
    Op.SUBMIT:    {S.DRAFT, S.REJECTED},
    Op.APPROVE:   {S.IN_REVIEW},
    Op.REJECT:    {S.IN_REVIEW},
    Op.OVERRIDE:  {S.IN_REVIEW},
    Op.SCHEDULE:  {S.APPROVED, S.SCHEDULED, S.FAILED},
    Op.WITHDRAW:  {S.DRAFT, S.IN_REVIEW, S.APPROVED, S.SCHEDULED, S.REJECTED, S.FAILED},
    Op.PUBLISH:   {S.SCHEDULED},
    Op.SEND_BACK: {S.IN_REVIEW, S.APPROVED, S.SCHEDULED, S.FAILED},
}


def test_it_has_exactly_the_reviewed_transitions():
    assert {op: set(states) for op, states in rules.ALLOWED_FROM.items()} == TABLE


@pytest.mark.parametrize("op", list(Op))
@pytest.mark.parametrize("state", list(State))
def test_every_refusal_is_a_sentence(op, state):
    msg = rules.state_refusal(op, state)
    assert (msg is None) == (state in TABLE[op])
    if msg:
        assert msg.endswith(".") and len(msg) > 20


@pytest.mark.parametrize("before,after", [
    (S.DRAFT, S.DRAFT), (S.REJECTED, S.DRAFT), (S.IN_REVIEW, S.IN_REVIEW),
    (S.APPROVED, S.IN_REVIEW), (S.SCHEDULED, S.IN_REVIEW), (S.FAILED, S.IN_REVIEW),
])
def test_editing_after_approval_goes_back_to_review(before, after):
    assert rules.AFTER_EDIT[before] is after


def facts(**kw):
    base = dict(state=S.IN_REVIEW, verdict="ALLOW", author_id=1, approver_id=2)
    return rules.ApproveFacts(**{**base, **kw})


@pytest.mark.parametrize("kw,refused_with", [
    ({}, None),
    ({"approver_id": 1}, "Authors cannot approve their own posts"),
    ({"approved_by": frozenset({2})}, "already approved"),
    ({"verdict": "BLOCK"}, "override"),
    ({"verdict": "BLOCK", "overridden": True}, None),
    ({"verdict": "NEEDS_AUTHORIZATION"}, "link a signed authorization"),
    ({"verdict": "NEEDS_AUTHORIZATION", "consent_reason": "C-3 was revoked."}, "C-3 was revoked"),
    ({"verdict": "NEEDS_AUTHORIZATION", "consent_ok": True}, None),
    ({"state": S.DRAFT}, "submit it for review first"),
    ({"scanned": False}, "checked again"),
])
def test_approval(kw, refused_with):
    msg = rules.approve_refusal(facts(**kw))
    assert (msg is None) if refused_with is None else (refused_with in msg)


@pytest.mark.parametrize("kw,refused_with", [
    ({}, None),
    ({"verdict": "ALLOW"}, "approved normally"),
    ({"verdict": "NEEDS_AUTHORIZATION"}, "once an authorization is linked"),
    ({"reason": "ok"}, "written reason"),
    ({"officer_id": 1}, "their own post"),
    ({"overridden": True}, "already"),
])
def test_override(kw, refused_with):
    base = dict(state=S.IN_REVIEW, verdict="BLOCK", author_id=1, officer_id=3,
                reason="The number is the clinic's published fax, not an SSN.")
    msg = rules.override_refusal(rules.OverrideFacts(**{**base, **kw}))
    assert (msg is None) if refused_with is None else (refused_with in msg)


@pytest.mark.parametrize("kw,refused_with", [
    ({}, None),
    ({"training_current": False}, "training has lapsed"),
    ({"channel_count": 0}, "at least one channel"),
    ({"text": "  "}, "needs some text"),
    ({"over_limit": ('X (channel "Main"): 290 weighted characters, 10 over the limit of 280',)},
     '(channel "Main"): 290 weighted characters, 10 over'),
    ({"media_over": ('Instagram (channel "Gram"): image 1 is PNG; it takes JPEG',)},
     'images do not fit every channel. Instagram (channel "Gram"): image 1 is PNG; it takes JPEG. Change the images'),
    ({"state": S.IN_REVIEW}, "already in review"),
])
def test_submit(kw, refused_with):
    base = dict(state=S.DRAFT, text="hello", channel_count=1, training_current=True)
    msg = rules.submit_refusal(rules.SubmitFacts(**{**base, **kw}))
    assert (msg is None) if refused_with is None else (refused_with in msg)


@pytest.mark.parametrize("approvals,required,state", [(0, 1, S.IN_REVIEW), (1, 1, S.APPROVED), (1, 2, S.IN_REVIEW),
                                                      (2, 2, S.APPROVED), (1, 0, S.APPROVED)])
def test_enough_approvals_approve(approvals, required, state):
    assert rules.state_after_approval(approvals, required) is state


NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)


@pytest.mark.parametrize("permanent,attempts,retry_after,state,delay", [
    (True, 1, None, D.FAILED, None),
    (False, 1, None, D.PENDING, 30),
    (False, 2, None, D.PENDING, 60),
    (False, 3, None, D.PENDING, 120),
    (False, 2, 600.0, D.PENDING, 600),           # the platform's Retry-After wins when longer
    (False, 7, None, D.PENDING, 1920),
    (False, rules.MAX_ATTEMPTS, None, D.FAILED, None),
    (False, 20, None, D.FAILED, None),
])
def test_backoff(permanent, attempts, retry_after, state, delay):
    got, at = rules.after_failure(rules.Failure(permanent, attempts, retry_after), NOW)
    assert got is state
    assert at == (None if delay is None else NOW + timedelta(seconds=delay))


@pytest.mark.parametrize("states,post", [
    (["published", "published"], S.PUBLISHED),
    (["published", "pending"], None),
    (["published", "publishing"], None),
    (["published", "failed"], S.FAILED),
    (["cancelled", "published"], S.PUBLISHED),
    (["cancelled"], None),
])
def test_post_state_follows_its_deliveries(states, post):
    assert rules.post_state_after_deliveries(states) == post


def test_consent_media():
    assert rules.consent_media(["NAME", "DATE"], []) == ["story", "name"]
    assert rules.consent_media([], ["photo", "video"]) == ["story", "photo", "video"]


def test_idempotency_key_is_stable():
    assert rules.idempotency_key(12, 3) == rules.idempotency_key(12, 3) != rules.idempotency_key(12, 4)
