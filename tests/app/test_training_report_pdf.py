"""The training report for auditors as PDF (read back with pypdf): who, which module and
version, when, score, expiry and standing, under the organization's policy; the download is
audited; only those who may export get it; nothing of another organization."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from safepost.app.accounts.models import Membership
from safepost.app.accounts.rules import Role
from safepost.app.audit.models import AuditEntry
from safepost.app.audit.services import Who
from safepost.app.training import content, services
from safepost.app.training.models import Completion
from safepost.app.training.report_pdf import attempt_rows
from safepost.app.training.rules import Policy

from .conftest import make_member

NOW = timezone.now()


def pdf_text(response) -> str:
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="safepost-training-acme.pdf"'
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)


def test_the_pdf_lists_members_and_every_attempt_with_module_version_when_score_expiry_and_standing(people, as_user):
    Completion.objects.filter(user=people["rita"]).update(expires_at=NOW - timedelta(days=2))
    text = pdf_text(as_user("audrey").get("/o/acme/training/team.pdf"))
    for expected in ("Training report - Acme Clinic", "Policy: a pass lasts 365 days. Pass mark 80 %",
                     "Members", "Attempts (who, what, when, score)", "alice@acme.test", "rita@acme.test",
                     "Lapsed", "patient-stories", "100 %", "164.530(b)"):
        assert expected in text, expected
    andy = Completion.objects.filter(user=people["andy"], module_id="patient-stories").get()
    assert f"{andy.completed_at:%Y-%m-%d %H:%M}" in text and f"{andy.expires_at:%Y-%m-%d}" in text
    assert "charlie@other.test" not in text
    e = AuditEntry.objects.filter(action="training.export").get()
    assert e.meta == {"members": 6, "attempts": Completion.objects.filter(org=people.acme).count(), "format": "pdf"}


def test_each_attempt_has_its_own_standing(people):
    nina = make_member(people.acme, "nina", Role.COMMUNITY)
    old, = services.train(nina, people.acme, modules=["review-replies"], when=NOW - timedelta(days=400))
    new, = services.train(nina, people.acme, modules=["review-replies"], when=NOW - timedelta(days=350))
    wrong = [(q.correct + 1) % len(q.choices) for q in content.module("minimum-necessary").questions]
    failed = services.complete(Who.user(nina, people.acme), people.acme, nina, "minimum-necessary", wrong)
    rows = {r[3]: r for r in attempt_rows([old, new, failed], {nina.pk: nina.email}, NOW)}
    by_pk = {c.pk: rows[c.completed_at.strftime("%Y-%m-%d %H:%M")] for c in (old, new, failed)}
    assert by_pk[old.pk][1:3] == ("review-replies", "1") and by_pk[old.pk][-1] == "replaced by a later pass"
    assert by_pk[new.pk][-1] == "Due soon" and by_pk[new.pk][5] == "passed"
    assert by_pk[failed.pk][5:] == ("not passed", "-", "not passed")


def test_the_pdf_follows_the_texas_policy_with_a_new_hires_deadline(people, as_user):
    services.set_settings(Who.cli(people.acme), people.acme, 365, 80, Policy.TEXAS)
    nina = make_member(people.acme, "nina", Role.AUTHOR)
    Membership.objects.filter(user=nina).update(created=NOW - timedelta(days=10))
    text = pdf_text(as_user("pat").get("/o/acme/training/team.pdf"))
    deadline = NOW - timedelta(days=10) + timedelta(days=90)
    assert "Texas (Health & Safety Code 181.101)" in text.replace("\n", " ")
    assert f"new hire: by {deadline:%Y-%m-%d}" in text and "New hire: due" in text


@pytest.mark.parametrize("name", ["andy", "rita", "cora"])
def test_only_those_who_may_export_get_the_pdf(as_user, name):
    assert as_user(name).get("/o/acme/training/team.pdf").status_code == 403


def test_the_team_page_links_the_pdf_for_those_who_may_export(as_user):
    assert 'href="/o/acme/training/team.pdf"' in as_user("audrey").get("/o/acme/training/team/").content.decode()
