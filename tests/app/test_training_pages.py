"""The training pages and API with the real database: my training, taking a module, the result
with what was missed, the certificate (read back), the team report and its CSV, the settings,
and /api/v1/training/me."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from safepost.app.accounts import services as accounts
from safepost.app.accounts.rules import Role
from safepost.app.audit.models import AuditEntry
from safepost.app.audit.services import Who
from safepost.app.training import content, services
from safepost.app.training.models import Completion

from .conftest import make_member

MOD = "review-replies"


def form_answers(module_id: str, wrong: int = 0) -> dict[str, int]:
    qs = content.module(module_id).questions
    return {f"q{i + 1}": (q.correct + 1) % len(q.choices) if i < wrong else q.correct for i, q in enumerate(qs)}


@pytest.fixture
def nina(people):
    return make_member(people.acme, "nina", Role.COMMUNITY)


def test_my_training_shows_required_modules_standing_and_due_dates(people, nina):
    c = Client()
    c.force_login(nina)
    page = c.get("/o/acme/training/").content.decode()
    assert 'data-standing="not_done"' in page and "Posting and answering the public are paused" in page
    assert page.index("Answering reviews") < page.index("Patient stories")      # required first
    services.train(nina, people.acme)
    page = c.get("/o/acme/training/").content.decode()
    expiry = (timezone.now() + timedelta(days=365)).strftime("%Y-%m-%d")
    assert 'data-standing="current"' in page and expiry in page


def test_taking_a_module_records_the_score_and_shows_explanations_for_wrong_answers(people, nina):
    c = Client()
    c.force_login(nina)
    page = c.get(f"/o/acme/training/m/{MOD}/").content.decode()
    assert "<h3>The pattern OCR keeps fining</h3>" in page and 'name="q1"' in page
    r = c.post(f"/o/acme/training/m/{MOD}/answer/", form_answers(MOD, wrong=2))
    done = Completion.objects.get(user=nina)
    assert r.status_code == 302 and r["Location"] == f"/o/acme/training/results/{done.pk}/"
    result = c.get(r["Location"]).content.decode()
    assert 'data-result="failed"' in result and "50 %" in result
    q1 = content.module(MOD).questions[0]
    assert 'data-question="1"' in result and 'data-question="2"' in result and 'data-question="3"' not in result
    assert q1.explanation.split()[0] in result
    r = c.post(f"/o/acme/training/m/{MOD}/answer/", form_answers(MOD))
    assert 'data-result="passed"' in c.get(r["Location"]).content.decode()


def test_an_unanswered_question_is_named_and_nothing_is_recorded(nina):
    c = Client()
    c.force_login(nina)
    answers = form_answers(MOD)
    del answers["q3"]
    r = c.post(f"/o/acme/training/m/{MOD}/answer/", answers)
    assert r.status_code == 400 and "Question 3: choose an answer." in r.content.decode()
    assert not Completion.objects.filter(user=nina).exists()


def test_an_unknown_module_is_not_found(as_user):
    assert as_user("cora").get("/o/acme/training/m/nosuch/").status_code == 404
    assert as_user("cora").post("/o/acme/training/m/nosuch/answer/", {}).status_code == 404


def test_the_auditor_reads_the_modules_but_takes_no_quiz(as_user):
    page = as_user("audrey").get(f"/o/acme/training/m/{MOD}/").content.decode()
    assert "The pattern OCR keeps fining" in page and 'name="q1"' not in page
    assert as_user("audrey").post(f"/o/acme/training/m/{MOD}/answer/", form_answers(MOD)).status_code == 403


def test_a_result_or_certificate_of_someone_else_is_not_found(people, as_user):
    mine = Completion.objects.filter(user=people["cora"]).first()
    assert as_user("andy").get(f"/o/acme/training/results/{mine.pk}/").status_code == 404
    assert as_user("andy").get(f"/o/acme/training/results/{mine.pk}/certificate.pdf").status_code == 404
    assert as_user("charlie").get(f"/o/other/training/results/{mine.pk}/").status_code == 404


def test_the_certificate_names_the_person_module_score_and_dates(people, nina):
    c = Client()
    c.force_login(nina)
    r = c.post(f"/o/acme/training/m/{MOD}/answer/", form_answers(MOD, wrong=1))   # 75 %: not passed
    failed = Completion.objects.get(user=nina)
    assert c.get(f"/o/acme/training/results/{failed.pk}/certificate.pdf").status_code == 404
    services.set_settings(Who.cli(people.acme), people.acme, 365, 75)
    r = c.post(f"/o/acme/training/m/{MOD}/answer/", form_answers(MOD, wrong=1))
    passed = Completion.objects.filter(user=nina, passed=True).get()
    pdf = c.get(f"/o/acme/training/results/{passed.pk}/certificate.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    for expected in ("Certificate of completion", "Nina", "Acme Clinic", "Answering reviews and comments (version 1)",
                     "Score: 75 %", f"Completed: {passed.completed_at:%Y-%m-%d}",
                     f"Valid until: {passed.expires_at:%Y-%m-%d}", f"#{passed.pk}", "164.530(b)"):
        assert expected in text, expected
    assert r.status_code == 302


def test_the_team_report_shows_who_is_current_due_or_lapsed(people, nina, as_user):
    Completion.objects.filter(user=people["rita"]).update(expires_at=timezone.now() - timedelta(days=2))
    page = as_user("pat").get("/o/acme/training/team/").content.decode()
    row = page[page.index("rita@acme.test"):]
    assert "standing-lapsed" in row[:400]
    assert "nina@acme.test" in page and "charlie@other.test" not in page
    assert as_user("andy").get("/o/acme/training/team/").status_code == 403


def test_the_csv_lists_who_what_when_score_and_the_export_is_audited(people, as_user):
    r = as_user("audrey").get("/o/acme/training/team.csv")
    assert r.status_code == 200 and r["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.content.decode())))
    standing = {row["email"]: row["standing"] for row in rows if row["standing"]}
    assert standing["alice@acme.test"] == "current" and standing["audrey@acme.test"] == "current"
    attempts = [row for row in rows if row["module"]]
    assert {(row["email"], row["module"]) for row in attempts} >= {("andy@acme.test", "patient-stories")}
    assert all(row["score"] == "100" and row["completed_at_utc"].endswith("Z") for row in attempts)
    e = AuditEntry.objects.filter(action="training.export").get()
    assert e.meta == {"members": 6, "attempts": len(attempts), "format": "csv"}


def test_admins_change_the_settings_and_bad_values_say_what_to_fix(people, as_user):
    r = as_user("alice").post("/o/acme/training/settings/", {"validity_days": "730", "passing_percent": "90",
                                                             "policy": "default"})
    assert r.status_code == 302 and services.settings_for(people.acme) == services.Settings(730, 90)
    r = as_user("alice").post("/o/acme/training/settings/", {"validity_days": "730", "passing_percent": "20",
                                                             "policy": "default"}, follow=True)
    assert "greater than or equal to 50" in r.content.decode()
    assert services.settings_for(people.acme).passing_percent == 90
    assert as_user("rita").post("/o/acme/training/settings/", {"validity_days": "90", "passing_percent": "80"}).status_code == 403


def test_the_nav_leads_to_my_training(as_user):
    assert 'href="/o/acme/training/"' in as_user("andy").get("/o/acme/scan/").content.decode()


# -- API --------------------------------------------------------------------------------------
def test_the_api_shows_my_standing_and_each_module(people):
    Completion.objects.filter(user=people["cora"], module_id="review-replies").update(
        expires_at=timezone.now() - timedelta(days=1))
    _k, token = accounts.create_api_key(Who.cli(people.acme), people.acme, "cora key", user=people["cora"])
    r = Client().get("/api/v1/training/me", HTTP_AUTHORIZATION=f"Bearer {token}")
    body = r.json()
    assert r.status_code == 200 and (body["standing"], body["current"]) == ("lapsed", False)
    mods = {m["id"]: m for m in body["modules"]}
    assert mods["review-replies"]["standing"] == "lapsed" and mods["review-replies"]["last_score"] == 100
    assert mods["patient-stories"] == {**mods["patient-stories"], "required": False, "standing": "not_done",
                                       "last_score": None}
    assert (body["validity_days"], body["passing_percent"]) == (365, 80)
    assert mods["review-replies"]["outdated"] is False


def test_a_service_key_has_no_training_standing(people):
    _k, token = accounts.create_api_key(Who.cli(people.acme), people.acme, "pipeline")
    assert Client().get("/api/v1/training/me", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 403
