"""Practice that follows the person: flagged drafts and reviewers' returns are remembered as
reason codes (no text), matching scenarios enter the next practice set, and spaced repetition
(1, 3, 7 days) brings back what was answered wrongly. Real engine, real database, real pages."""

from __future__ import annotations

from datetime import datetime, timedelta
from datetime import timezone as tz

import pytest
from django.utils import timezone

from safepost.app.accounts.rules import Role
from safepost.app.audit.models import AuditEntry
from safepost.app.audit.services import Who
from safepost.app.posts import services as posts
from safepost.app.training import practice, spacing
from safepost.app.training.models import PracticeCard, PracticeMark, Scenario
from safepost.app.training.scenarios import sync_builtins, usable

from .posting import *  # noqa: F401,F403
from .posting import ALLOW_TEXT, BLOCK_TEXT

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=tz.utc)
RECORD_NUMBER = "government_or_record_number"


# -- the ladder (pure) ------------------------------------------------------------------------
def test_a_wrong_answer_comes_back_after_one_then_three_then_seven_days_and_then_is_learned():
    n = spacing.after_answer(None, False, NOW)
    assert n.due_at == NOW + timedelta(days=1)
    n = spacing.after_answer(n.step, True, NOW)
    assert n.due_at == NOW + timedelta(days=3)
    n = spacing.after_answer(n.step, True, NOW)
    assert n.due_at == NOW + timedelta(days=7)
    assert spacing.after_answer(n.step, True, NOW).due_at is None


def test_a_right_first_answer_is_learned_and_a_wrong_one_starts_the_ladder_again():
    assert spacing.after_answer(None, True, NOW).due_at is None
    assert spacing.after_answer(2, False, NOW) == spacing.Next(0, NOW + timedelta(days=1))


def test_a_practice_set_puts_due_first_then_flagged_then_new_each_once_at_most_five():
    assert spacing.fill([1, 2], [3, 1], [4, 5, 6, 7]) == [1, 2, 3, 4, 5]
    assert spacing.fill([1, 2, 3, 4], [9], []) == [1, 2, 3, 9, 4]
    assert spacing.fill([], [], []) == []


def test_a_reviewers_return_of_a_text_the_engine_allowed_remembers_what_the_engine_misses():
    assert spacing.mark_codes([], "reviewer_returned") == list(spacing.REVIEWER_CATCH_CODES)
    assert spacing.mark_codes([], "flagged_draft") == []
    assert spacing.mark_codes(["names_patient", "names_patient"], "flagged_draft") == ["names_patient"]


# -- remembering what the person got wrong ----------------------------------------------------
def test_a_flagged_draft_is_remembered_for_its_author_as_reason_codes_only(people, who):
    post = posts.create_post(who("andy"), people.acme, BLOCK_TEXT)
    mark = PracticeMark.objects.get(org=people.acme, user=people["andy"])
    assert (mark.source, mark.source_id) == ("flagged_draft", post.pk)
    assert mark.codes == post.reasons and RECORD_NUMBER in mark.codes
    assert {f.name for f in PracticeMark._meta.get_fields()} == {
        "id", "org", "user", "source", "source_id", "version", "codes", "created", "updated"}


def test_saving_the_same_version_again_is_not_a_new_flag_but_a_new_flagged_version_is(people, who):
    post = posts.create_post(who("andy"), people.acme, BLOCK_TEXT)
    first = PracticeMark.objects.get(user=people["andy"]).updated
    post.save()
    assert PracticeMark.objects.get(user=people["andy"]).updated == first
    posts.edit_post(who("andy"), post, text="Ugh, Delbert Mayfield was back in the ER tonight again. Same story.")
    mark = PracticeMark.objects.get(user=people["andy"])
    assert mark.updated > first and mark.version == 2 and RECORD_NUMBER in mark.codes     # codes accumulate


def test_an_allowed_draft_is_not_remembered(people, who):
    posts.create_post(who("andy"), people.acme, ALLOW_TEXT)
    assert not PracticeMark.objects.exists()


def test_a_reviewers_rejection_is_remembered_for_the_author(people, who, channel):
    post = posts.create_post(who("andy"), people.acme, ALLOW_TEXT, [channel.pk])
    posts.submit(who("andy"), post)
    posts.reject(who("rita"), post, "This reads like it is about one patient we all know.")
    mark = PracticeMark.objects.get(org=people.acme, user=people["andy"], source="reviewer_returned")
    assert mark.source_id == post.pk and mark.codes == list(spacing.REVIEWER_CATCH_CODES)


def test_matching_scenarios_enter_the_authors_next_practice_set(people, who):
    sync_builtins()
    with_code = {s.pk for s in usable(people.acme) if RECORD_NUMBER in s.reasons}
    assert len(with_code) >= 2
    before = {s.pk for s in practice.practice_set(people.acme, people["andy"], Role.AUTHOR)}
    posts.create_post(who("andy"), people.acme, BLOCK_TEXT)
    after = {s.pk for s in practice.practice_set(people.acme, people["andy"], Role.AUTHOR)}
    assert with_code <= after and not with_code <= before
    others = {s.pk for s in practice.practice_set(people.acme, people["rita"], Role.REVIEWER)}
    assert before != after and not with_code <= others        # rita's practice does not follow andy's flags


def test_a_learned_scenario_comes_back_when_a_new_flag_matches_it(people, who):
    sync_builtins()
    ssn = Scenario.objects.get(builtin_key="ssn-in-post")
    practice.answer(Who.user(people["andy"], people.acme), people.acme, people["andy"], {ssn.pk: "block"},
                    now=timezone.now() - timedelta(hours=1))
    assert ssn not in practice.practice_set(people.acme, people["andy"], Role.AUTHOR)
    posts.create_post(who("andy"), people.acme, BLOCK_TEXT)
    assert ssn in practice.practice_set(people.acme, people["andy"], Role.AUTHOR)


def test_people_who_answer_the_public_start_with_replies_and_comments(people):
    sync_builtins()
    first = practice.practice_set(people.acme, people["cora"], Role.COMMUNITY)
    assert len(first) == 5 and all(s.kind not in ("post", "caption", "story_text", "bio") for s in first)


# -- the page ---------------------------------------------------------------------------------
def test_the_practice_page_shows_five_scenarios_with_the_four_decisions(as_user):
    page = as_user("andy").get("/o/acme/training/practice/").content.decode()
    assert page.count('class="question practice-scenario') == 5
    assert page.count('value="needs_authorization"') == 5 and "Follow up privately" in page


def _shown(client) -> list[int]:
    import re

    return [int(x) for x in re.findall(r'name="ids" value="(\d+)"', client.get("/o/acme/training/practice/").content.decode())]


def test_answering_shows_the_explanation_schedules_the_wrong_ones_and_audits_each_answer(as_user, people):
    c = as_user("andy")
    ids = _shown(c)
    rows = {s.pk: s for s in Scenario.objects.filter(pk__in=ids)}
    wrong_id = ids[0]
    wrong_choice = next(d for d in ("allow", "block") if d != rows[wrong_id].decision)
    data = {"ids": ids} | {f"s{i}": rows[i].decision for i in ids} | {f"s{wrong_id}": wrong_choice}
    r = c.post("/o/acme/training/practice/answer/", data)
    body = r.content.decode()
    assert r.status_code == 200 and "4 of 5 right" in body
    assert rows[wrong_id].explanation.replace("'", "&#x27;")[:40] in body
    card = PracticeCard.objects.get(user=people["andy"], scenario_id=wrong_id)
    assert not card.last_correct and card.due_at.date() == (timezone.now() + timedelta(days=1)).date()
    assert PracticeCard.objects.filter(user=people["andy"], due_at__isnull=True).count() == 4
    entries = AuditEntry.objects.filter(org=people.acme, action="training.practice_answer")
    assert entries.count() == 5
    e = entries.get(object_id=str(wrong_id))
    assert e.meta["chosen"] == wrong_choice and e.meta["correct"] is False and e.meta["user"] == people["andy"].pk
    dump = str(list(entries.values_list("meta", flat=True)))
    assert all(rows[i].text[:20] not in dump for i in ids)


def test_the_wrong_one_is_back_the_next_day_and_the_right_ones_are_not(as_user, people):
    c = as_user("andy")
    ids = _shown(c)
    rows = {s.pk: s for s in Scenario.objects.filter(pk__in=ids)}
    wrong_id = ids[0]
    data = {"ids": ids} | {f"s{i}": rows[i].decision for i in ids}
    data[f"s{wrong_id}"] = "allow" if rows[wrong_id].decision != "allow" else "block"
    c.post("/o/acme/training/practice/answer/", data)
    tomorrow = practice.practice_set(people.acme, people["andy"], Role.AUTHOR, now=timezone.now() + timedelta(days=1, minutes=1))
    assert tomorrow[0].pk == wrong_id and not set(ids[1:]) & {s.pk for s in tomorrow}


def test_an_unanswered_scenario_is_refused_with_what_to_fix(as_user):
    c = as_user("andy")
    ids = _shown(c)
    r = c.post("/o/acme/training/practice/answer/", {"ids": ids, f"s{ids[0]}": "block"})
    assert r.status_code == 400 and r.content.decode().count("Choose a decision for this scenario.") == 4
    assert not PracticeCard.objects.exists()


def test_another_organizations_scenario_cannot_be_answered(as_user, people):
    theirs = Scenario.objects.create(org=people.other, source="flagged_draft", source_id=1, direction="outbound",
                                     kind="post", text="[NAME] had a visit.", decision="needs_authorization",
                                     reasons=["names_patient"], explanation="x", state="approved")
    r = as_user("andy").post("/o/acme/training/practice/answer/", {"ids": [theirs.pk], f"s{theirs.pk}": "block"})
    assert r.status_code == 400 and "no longer in use" in r.content.decode()
    assert not PracticeCard.objects.exists()


def test_the_auditor_does_not_practise(as_user):
    assert as_user("audrey").get("/o/acme/training/practice/").status_code == 403


def test_a_reply_to_the_public_the_check_blocked_is_remembered_for_its_writer(people):
    from safepost.app.inbox import services as inbox

    [item] = inbox.ingest(Who.cli(people.acme), people.acme, None, [inbox.Incoming(
        "google", "g-9", "review", "Thanks for fixing my tooth last week!", timezone.now(), {})])
    with pytest.raises(inbox.ReplyBlocked):
        inbox.send_reply(Who.user(people["cora"], people.acme), item,
                         "Hi Brenda, so glad your root canal with Dr. Alvarez on May 3 went well!")
    mark = PracticeMark.objects.get(org=people.acme, user=people["cora"], source="reply_blocked")
    assert mark.source_id == item.pk and "confirms_patient_relationship" in mark.codes
    assert "Brenda" not in str(mark.codes)
