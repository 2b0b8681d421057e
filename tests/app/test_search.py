"""Search across posts, inbox items and consents: ids, dates, states, verdicts, channels and the
consents' plain columns; each kind only for roles that may see its list; the page names what is
encrypted and so not searched, and the encrypted text is never matched."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone as dt_timezone

import pytest
from django.utils import timezone

from safepost.app.inbox import services as inbox
from safepost.app.posts import services as posts
from safepost.app.web.searchq import parse

from .posting import *  # noqa: F401,F403
from .posting import ALLOW_TEXT, STORY_TEXT


@pytest.fixture
def world(people, who, channel, consent):
    draft = posts.create_post(who("andy"), people.acme, ALLOW_TEXT, [channel.pk],
                              datetime(2031, 5, 4, 15, 0, tzinfo=dt_timezone.utc))
    story = posts.create_post(who("andy"), people.acme, STORY_TEXT, [channel.pk])
    posts.submit(who("andy"), story)
    [review] = inbox.ingest(who("cora"), people.acme, None, [inbox.Incoming(
        source="google", external_id="r1", kind="review", text="Dr. Lee was kind and the wait was short.",
        received_at=timezone.now() - timedelta(hours=2), rating=5)])
    return {"draft": draft, "story": story, "review": review, "consent": consent}


def ids(page: str, attr: str) -> set[int]:
    import re
    return {int(x) for x in re.findall(rf'data-{attr}="(\d+)"', page)}


def test_a_number_finds_the_post_inbox_item_or_consent_with_that_id(as_user, world):
    page = as_user("pat").get(f"/o/acme/search/?q=%23{world['draft'].pk}").content.decode()
    assert world["draft"].pk in ids(page, "post")
    page = as_user("pat").get(f"/o/acme/search/?q=C-{world['consent'].pk}").content.decode()
    assert ids(page, "consent") == {world["consent"].pk}


def test_states_channels_and_dates_narrow_the_posts(as_user, world):
    client = as_user("andy")
    assert ids(client.get("/o/acme/search/?q=in_review").content.decode(), "post") == {world["story"].pk}
    assert ids(client.get("/o/acme/search/?q=draft+main").content.decode(), "post") == {world["draft"].pk}
    assert ids(client.get("/o/acme/search/?q=2031-05-04").content.decode(), "post") == {world["draft"].pk}
    assert ids(client.get("/o/acme/search/?q=published").content.decode(), "post") == set()


def test_inbox_items_are_found_by_source_and_state_but_never_by_their_encrypted_text(as_user, world):
    client = as_user("cora")
    assert ids(client.get("/o/acme/search/?q=google+open").content.decode(), "item") == {world["review"].pk}
    assert ids(client.get("/o/acme/search/?q=kind").content.decode(), "item") == set()


def test_consents_match_their_plain_columns_and_not_the_patients_name(as_user, world):
    client = as_user("pat")
    assert ids(client.get("/o/acme/search/?q=active").content.decode(), "consent") == {world["consent"].pk}
    assert ids(client.get("/o/acme/search/?q=Lopez").content.decode(), "consent") == set()


def test_each_kind_appears_only_for_roles_that_may_see_its_list(as_user, world):
    andy = as_user("andy").get("/o/acme/search/?q=google").content.decode()     # authors: no inbox
    assert 'data-kind="inbox"' not in andy and 'data-kind="posts"' in andy and 'data-kind="consents"' in andy
    cora = as_user("cora").get("/o/acme/search/?q=active").content.decode()    # community: no consents
    assert 'data-kind="consents"' not in cora and 'data-not-searched="consents"' not in cora


def test_the_page_says_what_is_encrypted_and_not_searched(as_user, world):
    page = as_user("pat").get("/o/acme/search/").content.decode()
    assert 'data-not-searched="posts"' in page and "the text" in page and "review notes" in page
    assert "the patient&#x27;s name" in page and "the message" in page


def test_another_organizations_records_are_never_found(as_user, world):
    page = as_user("charlie").get(f"/o/other/search/?q={world['draft'].pk}").content.decode()
    assert ids(page, "post") == set()


def test_a_query_too_long_is_refused_with_the_limit(as_user, people):
    r = as_user("andy").get("/o/acme/search/?q=" + "a" * 201)
    assert r.status_code == 400 and "at most 200 characters" in r.content.decode()


def test_the_query_is_read_into_ids_dates_and_words():
    q = parse("#12 C-7 2027-01-15 2027-02-30 9999-12-31 Blocked")
    assert q.ids == (12, 7) and [d.isoformat() for d in q.dates] == ["2027-01-15"]
    assert q.words == ("2027-02-30", "9999-12-31", "blocked")


@pytest.mark.parametrize("q", ["9999-12-31", "0001-01-01", "a%00b", "%23" + "9" * 12, "%E2%80%AE"])
def test_odd_queries_are_answered_without_a_server_error(as_user, world, q):
    r = as_user("pat").get(f"/o/acme/search/?q={q}")
    assert r.status_code in (200, 400)
