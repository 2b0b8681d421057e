"""The consent registry's services: recording, encryption at rest, coverage, revocation, expiry."""

from __future__ import annotations

import base64
from datetime import date, datetime, timedelta, timezone as dtz

import pytest
from django.db import connection
from django.utils import timezone

from safepost.app.audit.models import AuditEntry
from safepost.app.audit.services import Who
from safepost.app.consent import services
from safepost.app.consent.demo import SAMPLE_PDF, synthetic_terms
from safepost.app.consent.models import Consent
from safepost.app.consent.services import ConsentError, covering_consent
from safepost.app.consent.signals import consent_revoked

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def pat(people):
    return Who.user(people["pat"], people.acme)


@pytest.fixture
def consent(people, pat):
    return services.record_consent(pat, people.acme, synthetic_terms("Acme Clinic"),
                                   patient_identifiers="MRN 000123", document=SAMPLE_PDF)


@pytest.fixture
def received():
    got = []

    def receiver(sender, consent, who, reason, **kwargs):
        got.append((sender, consent.pk, consent.status, who.actor, reason))

    consent_revoked.connect(receiver, weak=False)
    yield got
    consent_revoked.disconnect(receiver)


def raw(sql: str, params: list) -> tuple:
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchone()


def test_it_records_a_valid_authorization_and_audits_without_phi(consent, people):
    c = Consent.objects.get(pk=consent.pk)
    assert (c.patient_name, c.patient_identifiers, c.status) == ("Jordan Example", "MRN 000123", "active")
    assert c.recorded_by == people["pat"] and c.has_document
    entries = AuditEntry.objects.filter(org=people.acme, action__startswith="consent.").order_by("seq")
    assert [e.action for e in entries] == ["consent.record", "consent.document_upload"]
    dump = str([(e.meta, e.object_id, e.actor) for e in entries])
    for phi in ("Jordan", "Example", "000123", "knee", "discharge"):
        assert phi not in dump


def test_the_patient_identity_and_information_are_ciphertext_at_rest(consent):
    name, ids, info, rep = raw("SELECT patient_name, patient_identifiers, information, representative_name "
                               "FROM consent_consent WHERE id = %s", [consent.pk])
    for stored in (name, ids, info):
        assert stored.startswith("sp1:")
    assert "Jordan" not in name and "000123" not in ids and "knee" not in info
    assert rep == ""


def test_the_signed_document_is_ciphertext_at_rest(consent):
    data, size, ctype = raw("SELECT data, size, content_type FROM consent_consentdocument WHERE consent_id = %s",
                            [consent.pk])
    assert data.startswith("sp1:") and size == len(SAMPLE_PDF) and ctype == "application/pdf"
    assert b"%PDF" not in data.encode() and base64.b64encode(SAMPLE_PDF[:30]).decode()[:20] not in data
    assert consent.document.content() == SAMPLE_PDF


def test_a_defective_authorization_is_refused_with_the_element_named(people, pat):
    with pytest.raises(ConsentError) as e:
        services.record_consent(pat, people.acme, synthetic_terms(statement_redisclosure="", signed_on=None))
    assert {d.element for d in e.value.defects} == {"statement_redisclosure", "signed_on"}
    assert "Statement on redisclosure (164.508(c)(2)(iii))" in str(e.value)
    assert not Consent.objects.exists()


def test_a_document_of_another_type_is_refused(people, pat, consent):
    with pytest.raises(ConsentError, match="PDF, JPEG or PNG"):
        services.record_consent(pat, people.acme, synthetic_terms(), document=b"GIF89a....")
    with pytest.raises(ConsentError, match="never replaced"):
        services.attach_document(pat, consent, PNG)


def test_a_document_can_be_attached_later_once(people, pat):
    c = services.record_consent(pat, people.acme, synthetic_terms())
    assert covering_consent(people.acme, c.pk, use="marketing", platforms=["facebook"], media=["photo"],
                            on=timezone.localdate()) == (False, f"{c.ref} has no signed document on file.")
    services.attach_document(pat, c, PNG)
    ok, why = covering_consent(people.acme, c.pk, use="marketing", platforms=["facebook"], media=["photo"],
                               on=timezone.localdate())
    assert ok, why


# -- covering_consent ---------------------------------------------------------------------------


@pytest.mark.parametrize("ask,ok,words", [
    ({}, True, "Covered by"),
    ({"use": "social media testimonial", "media": ["name", "story", "photo"]}, True, "Covered by"),
    ({"platforms": ["facebook", "instagram", "bluesky"]}, True, "Covered by"),
    ({"use": "fundraising"}, False, "purpose 'fundraising'"),
    ({"platforms": ["x"]}, False, "platform(s): x"),
    ({"platforms": ["facebook", "linkedin"]}, False, "platform(s): linkedin"),
    ({"media": ["video"]}, False, "media: video"),
    ({"days": 366}, False, "expires on"),
    ({"days": -10}, False, "signed on"),
])
def test_covering_consent(people, consent, ask, ok, words):
    day = timezone.localdate() + timedelta(days=ask.pop("days", 0))
    q = {"use": "marketing", "platforms": ["facebook"], "media": ["photo"], **ask}
    got_ok, why = covering_consent(people.acme, consent.pk, on=day, **q)
    assert got_ok is ok and words in why, why


def test_a_consent_of_another_organization_covers_nothing(people, consent):
    ok, why = covering_consent(people.other, consent.pk, use="marketing", platforms=["facebook"],
                               media=["photo"], on=timezone.localdate())
    assert not ok and "no consent" in why
    assert covering_consent(people.acme, 999_999, use="marketing", platforms=["facebook"], media=[],
                            on=timezone.localdate())[0] is False
    assert covering_consent(people.acme, "abc", use="marketing", platforms=["facebook"], media=[],
                            on=timezone.localdate())[0] is False


def test_a_revoked_consent_covers_nothing(people, pat, consent):
    services.revoke(pat, consent)
    ok, why = covering_consent(people.acme, consent.pk, use="marketing", platforms=["facebook"],
                               media=["photo"], on=timezone.localdate())
    assert not ok and "revoked" in why


# -- revocation ---------------------------------------------------------------------------------
def test_revocation_takes_effect_at_once_is_audited_and_sends_the_signal(people, pat, consent, received):
    services.revoke(pat, consent, received_on=timezone.localdate())
    consent.refresh_from_db()
    assert consent.status == "revoked" and consent.revoked_at and consent.revoked_by == people["pat"]
    assert received == [(Consent, consent.pk, "revoked", "pat@acme.test", "revoked")]
    e = AuditEntry.objects.filter(org=people.acme, action="consent.revoke").get()
    assert e.object_id == str(consent.pk) and e.actor == "pat@acme.test"


def test_revoking_twice_is_refused_and_does_not_signal_again(pat, consent, received):
    services.revoke(pat, consent)
    with pytest.raises(ConsentError, match="already revoked"):
        services.revoke(pat, consent)
    assert len(received) == 1


def test_a_receiver_that_fails_rolls_the_revocation_back(pat, consent):
    def boom(sender, **kwargs):
        raise RuntimeError("the posts app could not pull a post")

    consent_revoked.connect(boom, weak=False)
    try:
        with pytest.raises(RuntimeError):
            services.revoke(pat, consent)
    finally:
        consent_revoked.disconnect(boom)
    consent.refresh_from_db()
    assert consent.status == "active"


def test_a_revocation_received_in_the_future_is_refused(pat, consent):
    with pytest.raises(ConsentError, match="future"):
        services.revoke(pat, consent, received_on=timezone.localdate() + timedelta(days=1))


# -- expiry -------------------------------------------------------------------------------------
def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 3, 0, tzinfo=dtz.utc)


def test_the_worker_expires_past_consents_and_sends_the_signal(people, consent, received):
    after = consent.expires_on + timedelta(days=1)
    assert services.expire_and_remind(at(consent.expires_on)).expired == []
    report = services.expire_and_remind(at(after))
    assert report.expired == [consent.pk]
    consent.refresh_from_db()
    assert consent.status == "expired" and consent.expired_at is not None
    assert received == [(Consent, consent.pk, "expired", "system:consent-expiry", "expired")]
    assert AuditEntry.objects.filter(org=people.acme, action="consent.expire").count() == 1
    # idempotent
    assert services.expire_and_remind(at(after)).expired == []
    assert len(received) == 1
    ok, why = covering_consent(people.acme, consent.pk, use="marketing", platforms=["facebook"], media=[],
                               on=consent.expires_on)
    assert not ok and "expired" in why


def test_the_worker_reminds_once_30_days_before_expiry(people, consent):
    assert services.expire_and_remind(at(consent.expires_on - timedelta(days=31))).reminded == []
    assert services.expire_and_remind(at(consent.expires_on - timedelta(days=30))).reminded == [consent.pk]
    assert services.expire_and_remind(at(consent.expires_on - timedelta(days=10))).reminded == []
    consent.refresh_from_db()
    assert consent.reminder_at is not None
    e = AuditEntry.objects.filter(org=people.acme, action="consent.expiry_reminder").get()
    assert e.meta == {"expires_on": consent.expires_on.isoformat(), "days_left": 30}


def test_a_failing_receiver_leaves_the_consent_for_the_next_run(consent):
    def boom(sender, **kwargs):
        raise RuntimeError("not now")

    consent_revoked.connect(boom, weak=False)
    try:
        report = services.expire_and_remind(at(consent.expires_on + timedelta(days=1)))
    finally:
        consent_revoked.disconnect(boom)
    assert report.failed == [consent.pk] and report.expired == []
    consent.refresh_from_db()
    assert consent.status == "active"


def test_an_expiration_event_expires_the_consent(people, pat, received):
    c = services.record_consent(pat, people.acme, synthetic_terms(expires_on=None,
                                expiry_event="The end of the spring campaign"), document=SAMPLE_PDF)
    services.record_expiry_event(pat, c, timezone.localdate())
    c.refresh_from_db()
    assert c.status == "expired" and received[0][-1] == "expired"
    assert not covering_consent(people.acme, c.pk, use="marketing", platforms=["facebook"], media=[],
                                on=timezone.localdate())[0]


def test_the_demo_loads_two_consents(people):
    from safepost.app.accounts.rules import Role
    from safepost.app.consent.demo import load_demo

    members = {Role.PRIVACY: people["pat"]}
    load_demo(people.acme, members)
    load_demo(people.acme, members)
    assert Consent.objects.filter(org=people.acme).count() == 2


def test_the_worker_runs_the_expiry_job(consent, received):
    from safepost.app.worker import discover_jobs

    job = next(j for j in discover_jobs() if j.name == "consent-expiry")
    Consent.objects.filter(pk=consent.pk).update(expires_on=timezone.localdate() - timedelta(days=1))
    assert job.run("test:1") == 1
    assert received[0][2:] == ("expired", "system:consent-expiry", "expired")
    assert job.run("test:1") == 0
