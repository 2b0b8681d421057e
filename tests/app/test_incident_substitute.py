"""Substitute notice (45 CFR 164.404(d)(2)): the count of people with insufficient or out-of-date
contact information decides it (fewer than 10: alternative written notice, telephone or other
means; 10 or more: a 90-day home-page posting or major print/broadcast media, and a toll-free
number for at least 90 days); the page says which applies and what is left; closing waits for
it; the notice for the website is produced from the letter's content (text or PDF, en/es)."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone

from safepost.app.audit.models import AuditEntry
from safepost.app.audit.services import Who
from safepost.app.incidents import rules, services, substitute
from safepost.app.incidents.models import Incident
from safepost.app.incidents.review import save_review
from safepost.app.incidents.rules import Assessment, FactorAnswer
from safepost.app.incidents.services import IncidentError, NewIncident

from .test_incident_api import key  # noqa: F401  (fixture)

TODAY = timezone.localdate()
D = date
HIGH = Assessment(
    info_types=("NAME", "HEALTH"), reidentification="high",
    nature=FactorAnswer("high", "Full name and the procedure: clearly PHI."),
    recipient=FactorAnswer("high", "Public page, anyone could read it for hours."),
    acquired=FactorAnswer("high", "The platform shows 41 views before removal."),
    mitigation=FactorAnswer("high", "Removed after 3 hours; copies may exist."))


# (count, rule, steps)
RULES = [
    (None, "unknown", ()),
    (0, "none", ()),
    (1, "few", ("alternative",)),
    (9, "few", ("alternative",)),
    (10, "many", ("posting", "toll_free")),
    (250, "many", ("posting", "toll_free")),
]


@pytest.mark.parametrize("count, rule, steps", RULES)
def test_the_count_decides_the_substitute_notice(count, rule, steps):
    p = substitute.plan(count, [])
    assert p.rule == rule and tuple(s.key for s in p.steps) == steps
    assert p.applies == (rule in ("few", "many"))


# (method, started on, keep until): 90 calendar days, across February of common and leap years
KEEP = [
    ("web", D(2026, 1, 15), D(2026, 4, 15)),
    ("web", D(2027, 1, 1), D(2027, 4, 1)),
    ("web", D(2028, 1, 1), D(2028, 3, 31)),          # 2028 is a leap year
    ("toll_free", D(2026, 11, 20), D(2027, 2, 18)),  # across a year end
    ("press", D(2026, 1, 15), None),                 # a media notice is given once
]


@pytest.mark.parametrize("method, started, until", KEEP)
def test_the_posting_and_the_line_stay_up_90_days(method, started, until):
    step = next(s for s in substitute.plan(12, [(method, started)]).steps if method in s.kind.methods)
    assert (step.done_on, step.keep_until) == (started, until)


def test_what_remains_and_when_it_may_close():
    p = substitute.plan(12, [("web", D(2026, 1, 15))])
    left = p.remaining(D(2026, 2, 1))
    assert len(left) == 2 and "keep it up until 2026-04-15" in left[0] and "Toll-free number" in left[1]
    p = substitute.plan(12, [("web", D(2026, 1, 15)), ("toll_free", D(2026, 1, 16))])
    left = p.remaining(D(2026, 4, 15))                     # the posting's 90 days are over; the line runs one more day
    assert len(left) == 1 and "Toll-free number" in left[0] and "until 2026-04-16" in left[0]
    assert substitute.close_problems(p, D(2026, 4, 16)) == []
    assert substitute.close_problems(substitute.plan(None, []), D(2026, 4, 16))[0].startswith("unreachable_count:")
    assert substitute.close_problems(substitute.plan(3, [("phone", D(2026, 1, 15))]), D(2026, 1, 15)) == []


@pytest.mark.parametrize("count, method, ok", [
    (3, "phone", True), (3, "mail", True), (3, "web", False), (3, "toll_free", False),
    (12, "web", True), (12, "press", True), (12, "toll_free", True), (12, "mail", False), (12, "phone", False),
])
def test_the_method_must_fit_the_count(count, method, ok):
    assert (substitute.method_problems(substitute.plan(count, []), method) == []) == ok


@pytest.fixture
def pat(people):
    return Who.user(people["pat"], people.acme)


def breach(people, pat, days_ago=3, affected=None):
    i = services.open_reported(pat, people.acme, NewIncident(
        title="Synthetic breach", discovered_on=TODAY - timedelta(days=days_ago),
        affected_by_state=affected or {"CA": 40}))
    services.assess(pat, i, HIGH)
    i = services.decide(pat, Incident.objects.get(pk=i.pk))
    services.record_notice(pat, i, kind="individuals", method="mail", sent_on=i.discovered_on, recipients_count=28)
    save_review(pat, i, "A public reply confirmed a patient's procedure.", "process_gap",
                [rules.ActionDraft("Reply templates only", people["rita"].pk, TODAY + timedelta(days=7))])
    return Incident.objects.get(pk=i.pk)


def test_ten_or_more_unreachable_closes_only_after_the_posting_and_the_line_ran_90_days(people, pat):
    i = breach(people, pat, days_ago=120)
    services.record_unreachable(pat, i, 12)
    with pytest.raises(IncidentError) as e:
        services.close(pat, Incident.objects.get(pk=i.pk))
    assert sum("substitute notice" in p for p in e.value.problems) == 2
    with pytest.raises(IncidentError, match="method: substitute notice for 10 or more"):
        services.record_notice(pat, i, kind="substitute", method="mail", sent_on=TODAY, recipients_count=12)
    services.record_notice(pat, i, kind="substitute", method="web", sent_on=TODAY - timedelta(days=95),
                           recipients_count=12)
    services.record_notice(pat, i, kind="substitute", method="toll_free", sent_on=TODAY - timedelta(days=30),
                           recipients_count=12)
    with pytest.raises(IncidentError) as e:
        services.close(pat, Incident.objects.get(pk=i.pk))
    assert e.value.problems == [f"substitute notice: toll-free number active for at least 90 days: keep it up until "
                                f"{(TODAY + timedelta(days=60)).isoformat()} (90 days from "
                                f"{(TODAY - timedelta(days=30)).isoformat()})"]
    services.record_notice(pat, i, kind="substitute", method="toll_free", sent_on=TODAY - timedelta(days=91),
                           recipients_count=12)
    assert services.close(pat, Incident.objects.get(pk=i.pk)).state == "closed"


def test_fewer_than_10_needs_one_alternative_notice(people, pat):
    i = breach(people, pat)
    services.record_unreachable(pat, i, 3)
    with pytest.raises(IncidentError, match="alternative written notice"):
        services.close(pat, Incident.objects.get(pk=i.pk))
    services.record_notice(pat, i, kind="substitute", method="phone", sent_on=TODAY, recipients_count=3)
    assert services.close(pat, Incident.objects.get(pk=i.pk)).state == "closed"


def test_no_substitute_notice_is_owed_when_everyone_is_reached(people, pat):
    i = breach(people, pat)
    services.record_unreachable(pat, i, 0)
    with pytest.raises(IncidentError, match="owes no substitute notice"):
        services.record_notice(pat, i, kind="substitute", method="phone", sent_on=TODAY, recipients_count=1)
    assert services.close(pat, Incident.objects.get(pk=i.pk)).state == "closed"


def test_the_count_is_checked_and_audited_as_a_number_only(people, pat):
    i = breach(people, pat, affected={"CA": 5})
    for bad, msg in ((-1, "0 or more"), (6, r"cannot exceed the number of people affected \(5\)")):
        with pytest.raises(IncidentError, match=msg):
            services.record_unreachable(pat, i, bad)
    services.record_unreachable(pat, i, 2)
    entry = AuditEntry.objects.get(action="incident.unreachable")
    assert entry.meta == {"unreachable_count": 2, "rule": "few"}


def test_a_business_associate_owes_no_substitute_notice(people, pat):
    i = services.open_reported(pat, people.acme, NewIncident(title="T", discovered_on=TODAY,
                                                             affected_by_state={"CA": 40}, role="business_associate"))
    assert i.substitute_plan() is None


def url(name, **kw):
    return reverse(name, kwargs={"org": "acme", **kw})


def posting(**extra) -> dict:
    d = {"notice": "posting", "posting-language": "en", "posting-format": "txt", "posting-phone": "1-800-555-0100",
         "posting-email": "privacy@acme.test", "posting-sent_on": "2026-03-20"}
    d.update(extra)
    return d


def test_the_page_shows_which_substitute_notice_applies_and_what_is_left(as_user, people, pat):
    i = breach(people, pat)
    c = as_user("pat")
    html = c.get(url("incidents-detail", incident_id=i.pk)).content.decode()
    assert "Substitute notice (164.404(d)(2))" in html and "Record how many of the people affected" in html
    assert c.post(url("incidents-unreachable", incident_id=i.pk), {"unreachable_count": "12"}).status_code == 302
    html = c.get(url("incidents-detail", incident_id=i.pk)).content.decode()
    assert "People who cannot be reached: <strong>12</strong>" in html and "45 CFR 164.404(d)(2)(ii)" in html
    assert "Toll-free number active for at least 90 days" in html and "Download the substitute notice" in html
    c.post(url("incidents-notice", incident_id=i.pk), {"kind": "substitute", "method": "web",
                                                       "sent_on": TODAY.isoformat(), "recipients_count": "12"})
    html = c.get(url("incidents-detail", incident_id=i.pk)).content.decode()
    assert f"keep it up until <time datetime=\"{(TODAY + timedelta(days=90)).isoformat()}\"" in html
    r = c.post(url("incidents-unreachable", incident_id=i.pk), {"unreachable_count": "-2"})
    assert r.status_code == 422


def test_the_web_posting_notice_comes_from_the_letter_in_text_and_spanish_pdf(as_user, people, pat):
    i = breach(people, pat)
    services.record_unreachable(pat, i, 12)
    c = as_user("pat")
    r = c.post(url("incidents-public-notice", incident_id=i.pk), posting())
    assert r.status_code == 200 and r["Content-Type"].startswith("text/plain")
    assert r["Content-Disposition"] == f'attachment; filename="posting-notice-{i.ref}-en.txt"'
    text = r.content.decode()
    for part in ("could not reach some of the people affected", "What happened", "What information was involved",
                 "What you can do", "What we are doing", "For more information", "Posted on March 20, 2026",
                 "call our toll-free number 1-800-555-0100", "at least 90 days", "privacy@acme.test"):
        assert part in text
    r = c.post(url("incidents-public-notice", incident_id=i.pk), posting(**{"posting-language": "es",
                                                                            "posting-format": "pdf"}))
    assert r["Content-Type"] == "application/pdf"
    pdf = " ".join(" ".join((p.extract_text() or "").split()) for p in pypdf.PdfReader(io.BytesIO(r.content)).pages)
    assert "llame a nuestro número gratuito 1-800-555-0100" in pdf and "¿Qué sucedió?" in pdf
    entry = AuditEntry.objects.filter(action="incident.public_notice").order_by("seq").last()
    assert (entry.meta["kind"], entry.meta["language"], entry.meta["format"]) == ("posting", "es", "pdf")


@pytest.mark.parametrize("count, data, error", [
    (12, {"posting-phone": ""}, "must give a toll-free number"),
    (3, {}, "only when 10 or more people cannot be reached"),
])
def test_a_refused_posting_notice_says_why(as_user, people, pat, count, data, error):
    i = breach(people, pat)
    services.record_unreachable(pat, i, count)
    r = as_user("pat").post(url("incidents-public-notice", incident_id=i.pk), posting(**data))
    assert r.status_code == 422 and error in r.content.decode()


def test_an_unknown_notice_name_is_refused(as_user, people, pat):
    i = breach(people, pat)
    r = as_user("pat").post(url("incidents-public-notice", incident_id=i.pk), posting(notice="media-california"))
    assert r.status_code == 302
    assert not AuditEntry.objects.filter(action="incident.public_notice").exists()


def test_the_api_records_the_count_and_shows_the_steps(key, people, pat):
    i = breach(people, pat)
    c = key("pat")
    r = c.post(f"/api/v1/incidents/{i.pk}/unreachable", {"unreachable_count": 12}, content_type="application/json")
    assert r.status_code == 200
    sub = r.json()["substitute"]
    assert (sub["rule"], sub["citation"], [s["key"] for s in sub["steps"]]) == (
        "many", "45 CFR 164.404(d)(2)(ii)", ["posting", "toll_free"])
    r = c.post(f"/api/v1/incidents/{i.pk}/notices", {"kind": "substitute", "method": "toll_free",
                                                     "sent_on": TODAY.isoformat(), "recipients_count": 12},
               content_type="application/json")
    assert r.status_code == 201
    sub = c.get(f"/api/v1/incidents/{i.pk}").json()["substitute"]
    assert sub["steps"][1]["keep_until"] == (TODAY + timedelta(days=90)).isoformat()
    r = c.post(f"/api/v1/incidents/{i.pk}/unreachable", {"unreachable_count": "twelve"}, content_type="application/json")
    assert r.status_code == 422
