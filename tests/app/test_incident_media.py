"""Media notice (45 CFR 164.406): one per State or jurisdiction with more than 500 affected
residents, to prominent media outlets, by the individuals' deadline, with the same content as the
letter (164.404(c)); recorded as sent per State; closing waits for every State; the notice's text
in English and Spanish (plain text or PDF)."""

from __future__ import annotations

import io
from datetime import timedelta

import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone

from safepost.app.audit.models import AuditEntry
from safepost.app.audit.services import Who
from safepost.app.incidents import public_notices, services
from safepost.app.incidents.letters import LetterFacts
from safepost.app.incidents.models import Incident
from safepost.app.incidents.review import save_review
from safepost.app.incidents.rules import ActionDraft
from safepost.app.incidents.services import IncidentError, NewIncident

from .test_incident_api import key  # noqa: F401  (fixture)
from .test_incident_substitute import HIGH

TODAY = timezone.localdate()
AFFECTED = {"CA": 600, "NV": 20, "TX": 501}


@pytest.fixture
def pat(people):
    return Who.user(people["pat"], people.acme)


@pytest.fixture
def breach(people, pat):
    """A breach over three States (CA and TX above 500), letters sent, everyone reachable, reviewed."""
    i = services.open_reported(pat, people.acme, NewIncident(
        title="Synthetic breach", discovered_on=TODAY - timedelta(days=10), affected_by_state=AFFECTED))
    services.assess(pat, i, HIGH)
    i = services.decide(pat, Incident.objects.get(pk=i.pk))
    for kind, method in (("individuals", "mail"), ("hhs", "portal")):
        services.record_notice(pat, i, kind=kind, method=method, sent_on=TODAY, recipients_count=1121)
    services.record_unreachable(pat, i, 0)
    save_review(pat, i, "A public reply confirmed patients' procedures.", "process_gap",
                [ActionDraft("Reply templates only", people["rita"].pk, TODAY + timedelta(days=7))])
    return Incident.objects.get(pk=i.pk)


def media(pat, i, state, method="press"):
    return services.record_notice(pat, i, kind="media", method=method, sent_on=TODAY, recipients_count=3, state=state)


def test_closing_waits_for_a_media_notice_in_every_state_over_500(breach, pat):
    assert breach.media_missing() == ["CA", "TX"]
    with pytest.raises(IncidentError) as e:
        services.close(pat, breach)
    assert e.value.problems == ["record the media notice for CA as sent before closing (164.406)",
                                "record the media notice for TX as sent before closing (164.406)"]
    media(pat, breach, "CA")
    with pytest.raises(IncidentError) as e:
        services.close(pat, breach)
    assert e.value.problems == ["record the media notice for TX as sent before closing (164.406)"]
    media(pat, breach, "TX")
    assert services.close(pat, Incident.objects.get(pk=breach.pk)).state == "closed"
    entry = AuditEntry.objects.filter(action="incident.notice", meta__kind="media").order_by("seq").last()
    assert entry.meta["state"] == "TX"


@pytest.mark.parametrize("kind, method, state, error", [
    ("media", "press", "NV", "state: name the State of this media notice: CA, TX"),    # 20 residents: none owed
    ("media", "press", "", "state: name the State"),
    ("media", "mail", "CA", "method: a media notice goes to prominent media outlets"),
    ("individuals", "mail", "CA", "state: only a media notice names a State"),
])
def test_a_media_notice_names_a_state_over_500_and_goes_to_the_press(breach, pat, kind, method, state, error):
    with pytest.raises(IncidentError, match=error):
        services.record_notice(pat, breach, kind=kind, method=method, sent_on=TODAY, recipients_count=1, state=state)


def url(name, **kw):
    return reverse(name, kwargs={"org": "acme", **kw})


def test_the_page_lists_each_state_with_its_deadline_and_records_it_sent(as_user, breach):
    c = as_user("pat")
    html = c.get(url("incidents-detail", incident_id=breach.pk)).content.decode()
    due = (TODAY + timedelta(days=50)).isoformat()
    assert "Media notice (164.406)" in html and "California (CA)" in html and "Texas (TX)" in html
    assert 'data-state="NV"' not in html and html.count(f'<time datetime="{due}">') >= 3
    r = c.post(url("incidents-notice", incident_id=breach.pk), {"kind": "media", "method": "press", "state": "ca",
                                                               "sent_on": TODAY.isoformat(), "recipients_count": "4"})
    assert r.status_code == 302
    html = c.get(url("incidents-detail", incident_id=breach.pk)).content.decode()
    ca = html[html.index('data-state="CA"'):]
    assert TODAY.isoformat() in ca[:ca.index("</tr>")] and "Media (CA)" in html
    assert "Record the media notice for TX as sent before closing (164.406)." in html
    r = c.post(url("incidents-notice", incident_id=breach.pk), {"kind": "media", "method": "press", "state": "NV",
                                                               "sent_on": TODAY.isoformat(), "recipients_count": "4"})
    assert r.status_code == 422 and "state: name the State of this media notice" in r.content.decode()


FACTS = LetterFacts(org_name="Acme Clinic", language="en", discovered_on=TODAY, occurred_on=None,
                    info_types=("NAME", "HEALTH"), email="privacy@acme.test")


def test_the_media_notice_carries_the_letters_elements_for_its_state():
    doc = public_notices.document(FACTS, "media", "TX")
    assert doc.title.endswith("residents of Texas") and "more than 500 residents of Texas" in doc.before[0]
    assert [e for e, _h, _p in doc.sections] == ["A", "B", "C", "D", "E"]
    text = public_notices.document_text(doc)
    assert "name and health information" in text and "E-mail: privacy@acme.test" in text
    assert public_notices.problems(FACTS, "media", "NV", ("CA", "TX"))[0].startswith("state: a media notice is owed only for CA, TX")


def test_the_media_notice_downloads_in_english_text_and_spanish_pdf(as_user, breach):
    c = as_user("pat")
    data = {"notice": "media", "media-state": "CA", "media-language": "en", "media-format": "txt",
            "media-phone": "1-800-555-0100", "media-sent_on": TODAY.isoformat()}
    r = c.post(url("incidents-public-notice", incident_id=breach.pk), data)
    assert r.status_code == 200 and r["Content-Disposition"] == f'attachment; filename="media-notice-{breach.ref}-CA-en.txt"'
    text = r.content.decode()
    for part in ("more than 500 residents of California", "What happened", "What information was involved",
                 "What you can do", "What we are doing", "Toll-free telephone: 1-800-555-0100"):
        assert part in text
    r = c.post(url("incidents-public-notice", incident_id=breach.pk),
               {**data, "media-language": "es", "media-format": "pdf"})
    pdf = " ".join(" ".join((p.extract_text() or "").split()) for p in pypdf.PdfReader(io.BytesIO(r.content)).pages)
    assert "más de 500 residentes de California" in pdf and "¿Qué sucedió?" in pdf
    r = c.post(url("incidents-public-notice", incident_id=breach.pk), {**data, "media-state": "NV"})
    assert r.status_code == 422 and "Select a valid choice" in r.content.decode()


def test_the_api_records_media_notices_per_state(key, breach):
    c = key("pat")
    got = c.get(f"/api/v1/incidents/{breach.pk}").json()
    assert [(m["state"], m["residents"], m["sent_on"]) for m in got["media_notices"]] == [("CA", 600, None),
                                                                                         ("TX", 501, None)]
    r = c.post(f"/api/v1/incidents/{breach.pk}/notices", {"kind": "media", "method": "press", "state": "TX",
                                                          "sent_on": TODAY.isoformat(), "recipients_count": 2},
               content_type="application/json")
    assert r.status_code == 201 and r.json()["state"] == "TX"
    got = c.get(f"/api/v1/incidents/{breach.pk}").json()
    assert got["media_notices"][1]["sent_on"] == TODAY.isoformat() and got["media_notices"][0]["sent_on"] is None
    r = c.post(f"/api/v1/incidents/{breach.pk}/close")
    assert r.status_code == 422 and "media notice for CA" in r.json()["detail"][0]["msg"]
