"""Notice letters to individuals (164.404(c)) in English and Spanish, read back from the PDF; the
incident log and the annual HHS log as CSV (no titles, summaries or evidence)."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import date, timedelta

import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone

from safepost.app.audit.models import AuditEntry
from safepost.app.audit.services import Who
from safepost.app.incidents import services
from safepost.app.incidents.letter_pdf import letter_pdf
from safepost.app.incidents.letters import LetterFacts, letter_problems, letter_sections
from safepost.app.incidents.models import Incident
from safepost.app.incidents.rules import Assessment, FactorAnswer

FACTS = LetterFacts(org_name="Acme Clinic", language="en", discovered_on=date(2026, 3, 3),
                    occurred_on=date(2026, 3, 1), info_types=("NAME", "HEALTH"), phone="1-800-555-0100",
                    email="privacy@acme.test", sent_on=date(2026, 3, 20))

# (language, what each element A-E must show in the PDF's text)
ELEMENTS = {
    "en": {"A": ["What happened", "March 1, 2026", "March 3, 2026"],
           "B": ["What information was involved", "name", "health information"],
           "C": ["What you can do", "Review the statements"],
           "D": ["What we are doing", "removed the information"],
           "E": ["For more information", "Toll-free telephone: 1-800-555-0100", "privacy@acme.test"]},
    "es": {"A": ["¿Qué sucedió?", "1 de marzo de 2026", "3 de marzo de 2026"],
           "B": ["¿Qué información estuvo involucrada?", "nombre", "información de salud"],
           "C": ["¿Qué puede hacer usted?", "Revise los estados de cuenta"],
           "D": ["¿Qué estamos haciendo nosotros?", "Eliminamos la información"],
           "E": ["Para más información", "Teléfono gratuito: 1-800-555-0100", "privacy@acme.test"]},
}


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_letter_pdf_carries_every_element_of_164_404_c(language):
    text = pdf_text(letter_pdf(replace(FACTS, language=language)))
    for element, words in ELEMENTS[language].items():
        for w in words:
            assert w in text, (element, w)
    assert "Acme Clinic" in text


def test_the_sections_are_the_five_elements_in_order():
    assert [s[0] for s in letter_sections(FACTS)] == ["A", "B", "C", "D", "E"]


def test_an_unknown_breach_date_is_said_plainly():
    text = " ".join(p for _e, _h, ps in letter_sections(replace(FACTS, occurred_on=None)) for p in ps)
    assert "still confirming the date" in text and "March 3, 2026" in text


def test_the_officers_own_account_replaces_the_default():
    a = letter_sections(replace(FACTS, what_happened="A reply on our review page named a patient."))[0][2][0]
    assert a.startswith("A reply on our review page named a patient.") and "March 3, 2026" in a


@pytest.mark.parametrize("change, field", [
    ({"phone": "", "email": ""}, "contact"), ({"info_types": ()}, "info_types"), ({"language": "fr"}, "language"),
])
def test_a_letter_without_a_required_element_is_refused(change, field):
    assert any(p.startswith(field) for p in letter_problems(replace(FACTS, **change)))


def test_any_one_contact_route_is_enough():
    assert letter_problems(replace(FACTS, phone="", email="", postal="PO Box 1, Springfield")) == []


# -- through the page ---------------------------------------------------------------------------------------
def url(name: str, **kw) -> str:
    return reverse(name, kwargs={"org": "acme", **kw})


@pytest.fixture
def breach(people):
    who = Who.user(people["pat"], people.acme)
    i = services.open_reported(who, people.acme, services.NewIncident(
        title="Reply named Gwen Example", summary="Gwen Example's crown", affected_by_state={"CA": 2},
        discovered_on=timezone.localdate() - timedelta(days=2)))
    hi = FactorAnswer("high", "Public reply with the full name and the procedure.")
    services.assess(who, i, Assessment(("NAME", "HEALTH"), "high", hi, hi, hi, hi, ""))
    return services.decide(who, Incident.objects.get(pk=i.pk))


@pytest.mark.parametrize("language, heading", [("en", "What happened"), ("es", "¿Qué sucedió?")])
def test_the_privacy_officer_downloads_the_letter(as_user, breach, language, heading):
    r = as_user("pat").post(url("incidents-letter", incident_id=breach.pk),
                            {"language": language, "phone": "1-800-555-0100", "sent_on": ""})
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert heading in pdf_text(r.content)
    entry = AuditEntry.objects.get(action="incident.letter")
    assert entry.meta["language"] == language and "Gwen" not in str(entry.meta)


def test_a_letter_without_contact_details_is_refused_on_the_page(as_user, breach):
    r = as_user("pat").post(url("incidents-letter", incident_id=breach.pk), {"language": "en"})
    assert r.status_code == 422 and "toll-free number" in r.content.decode()


def test_the_auditor_may_not_produce_letters(as_user, breach):
    r = as_user("audrey").post(url("incidents-letter", incident_id=breach.pk), {"language": "en", "phone": "1"})
    assert r.status_code == 403


def test_the_incident_log_csv_has_codes_and_dates_but_no_phi(as_user, breach):
    r = as_user("audrey").get(url("incidents-log"))
    assert r.status_code == 200 and r["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.content.decode())))
    assert len(rows) == 1
    row = rows[0]
    assert row["incident"] == breach.ref and row["conclusion"] == "notify" and row["info_types"] == "NAME HEALTH"
    assert row["individuals_due"] == (breach.discovered_on + timedelta(days=60)).isoformat()
    assert row["hhs_annual"] == "yes" and row["affected_by_state"] == "CA=2"
    assert "Gwen" not in r.content.decode() and "crown" not in r.content.decode()
    assert AuditEntry.objects.filter(action="incident.export").exists()


def test_the_annual_log_holds_only_that_years_small_breaches(as_user, breach, people):
    who = Who.user(people["pat"], people.acme)
    services.open_reported(who, people.acme, services.NewIncident(
        title="Big", affected_by_state={"CA": 700}, discovered_on=breach.discovered_on))
    year = breach.discovered_on.year
    got = list(csv.DictReader(io.StringIO(as_user("pat").get(url("incidents-log") + f"?year={year}").content.decode())))
    assert [r["incident"] for r in got] == [breach.ref]
    assert list(csv.DictReader(io.StringIO(as_user("pat").get(url("incidents-log") + f"?year={year - 1}").content.decode()))) == []
    assert as_user("pat").get(url("incidents-log") + "?year=last").status_code == 400
