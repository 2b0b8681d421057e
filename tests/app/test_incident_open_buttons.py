""""Open an incident" on the post, inbox item and consent pages: shown to those who may manage
incidents, prefilled with the source; the new-incident page records the source it was opened
from and refuses another organization's ids."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from safepost.app.audit.models import AuditEntry
from safepost.app.audit.services import Who
from safepost.app.inbox import services as inbox
from safepost.app.incidents.models import Incident
from safepost.app.posts import services as posts

from .posting import *  # noqa: F401,F403
from .posting import ALLOW_TEXT

PHI_REVIEW = "My daughter Emma was diagnosed with leukemia here last week, call me at 555-201-3344"


def url(name: str, org="acme", **kw) -> str:
    return reverse(name, kwargs={"org": org, **kw})


def button_href(html: str) -> str | None:
    m = re.search(r'<a class="button" href="([^"]+)" data-open-incident>', html)
    return m.group(1).replace("&amp;", "&") if m else None


@pytest.fixture
def post(people, who, channel):
    return posts.create_post(who("andy"), people.acme, ALLOW_TEXT, [channel.pk])


@pytest.fixture
def item(people):
    (it,) = inbox.ingest(Who.cli(people.acme), people.acme, None, [
        inbox.Incoming("yelp", "y-1", "review", PHI_REVIEW, timezone.now() - timedelta(hours=1), {})])
    return it


def test_the_post_inbox_and_consent_pages_offer_the_button_prefilled_with_the_source(as_user, post, item, consent):
    pages = [(url("posts-detail", post_id=post.pk), "post", post.pk),
             (url("inbox-detail", item_id=item.pk), "inbox_item", item.pk),
             (url("consents-detail", consent_id=consent.pk), "consent", consent.pk)]
    for page, kind, pk in pages:
        href = button_href(as_user("alice").get(page).content.decode())
        assert href == f"{url('incidents-new')}?source_kind={kind}&source_id={pk}", page


def test_members_who_may_not_manage_incidents_see_no_button(as_user, post, item):
    assert button_href(as_user("rita").get(url("posts-detail", post_id=post.pk)).content.decode()) is None
    assert button_href(as_user("cora").get(url("inbox-detail", item_id=item.pk)).content.decode()) is None


def test_the_new_incident_page_records_the_source_it_was_opened_from(as_user, people, post):
    pat = as_user("pat")
    html = pat.get(url("incidents-new") + f"?source_kind=post&source_id={post.pk}").content.decode()
    assert f'name="source_id" value="{post.pk}"' in html and f"A published post #{post.pk}" in html
    r = pat.post(url("incidents-new"), {"title": f"Post #{post.pk}: PHI disclosed", "discovered_on": timezone.localdate(),
                                        "role": "covered_entity", "source_kind": "post", "source_id": post.pk})
    assert r.status_code == 302
    i = Incident.objects.get()
    assert (i.source_kind, i.source_id, i.open_reason) == ("post", post.pk, "reported")
    assert AuditEntry.objects.get(action="incident.open").meta["source_id"] == post.pk


def test_a_malformed_source_in_the_link_falls_back_to_a_report_by_hand(as_user):
    html = as_user("pat").get(url("incidents-new") + "?source_kind=tweet&source_id=abc").content.decode()
    assert 'name="source_kind" value="manual"' in html and "About:" not in html


def test_another_organizations_post_cannot_be_named_as_the_source(as_user, people, who):
    other = posts.create_post(Who.user(people["charlie"], people.other), people.other, ALLOW_TEXT, [])
    r = as_user("pat").post(url("incidents-new"), {"title": "Stray", "discovered_on": timezone.localdate(),
                                                   "role": "covered_entity", "source_kind": "post", "source_id": other.pk})
    assert r.status_code == 422 and f"no post {other.pk} in this organization" in r.content.decode()
    assert not Incident.objects.exists()
