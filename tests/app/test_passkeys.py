"""Passkeys (WebAuthn) as a second factor beside TOTP: the views and the `webauthn` package's
checks end to end, with a software authenticator (softauthn.py) on the test client's origin
(http://testserver). The same in Chromium: test_browser_passkeys.py."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from safepost.app.accounts.models import Passkey, User
from safepost.app.audit.models import AuditEntry

from .conftest import PASSWORD
from .softauthn import SoftAuthenticator, b64


def add_passkey(client: Client, soft: SoftAuthenticator, name: str = "Work laptop"):
    options = client.post("/passkeys/new/options/").json()
    return client.post("/passkeys/new/", {"credential": soft.create(options), "name": name},
                       content_type="application/json")


def password_step(email: str) -> Client:
    c = Client()
    r = c.post("/login/", {"email": email, "password": PASSWORD})
    assert r.status_code == 302, r.content
    return c


def passkey_step(client: Client, soft: SoftAuthenticator):
    options = client.post("/login/passkey/options/").json()
    return client.post("/login/passkey/", {"credential": soft.get(options)}, content_type="application/json")


def signed_in(client: Client) -> bool:
    return client.get("/o/acme/").status_code == 200


@pytest.fixture
def rita_key(people, as_user):
    soft = SoftAuthenticator()
    r = add_passkey(as_user("rita"), soft)
    assert r.status_code == 200, r.content
    return soft


def test_a_person_adds_a_passkey_from_the_profile_and_it_is_listed(people, as_user, rita_key):
    key = Passkey.objects.get(user=people["rita"])
    assert key.name == "Work laptop" and key.credential_id == b64(rita_key.credential_id)
    page = as_user("rita").get("/o/acme/profile/").content.decode()
    assert "Work laptop" in page and "Remove the passkey Work laptop" in page


def test_after_the_password_the_passkey_signs_in(people, rita_key):
    c = password_step("rita@acme.test")
    assert not signed_in(c)
    r = passkey_step(c, rita_key)
    assert r.status_code == 200 and r.json()["redirect"] == "/"
    assert signed_in(c)
    entry = AuditEntry.objects.filter(action="auth.login", actor_id=people["rita"].pk).latest("id")
    assert entry.meta == {"factor": "passkey"}
    assert Passkey.objects.get(user=people["rita"]).last_used_at is not None


def test_the_sign_in_options_offer_only_the_persons_own_passkeys(people, as_user, rita_key):
    andy_key = SoftAuthenticator()
    add_passkey(as_user("andy"), andy_key)
    options = password_step("rita@acme.test").post("/login/passkey/options/").json()
    assert [c["id"] for c in options["allowCredentials"]] == [b64(rita_key.credential_id)]


def test_another_persons_passkey_does_not_sign_in(people, as_user, rita_key):
    andy_key = SoftAuthenticator()
    add_passkey(as_user("andy"), andy_key)
    c = password_step("rita@acme.test")
    r = passkey_step(c, andy_key)
    assert r.status_code == 400 and "did not work" in r.json()["detail"]
    assert not signed_in(c)
    failed = AuditEntry.objects.filter(action="auth.login_failed", actor_id=people["rita"].pk).latest("id")
    assert failed.meta == {"reason": "bad_passkey"}


def test_an_answer_signed_for_another_site_is_refused(people, rita_key):
    rita_key.origin = "https://safepost.example.evil"             # a phishing page relaying the challenge
    c = password_step("rita@acme.test")
    assert passkey_step(c, rita_key).status_code == 400
    assert not signed_in(c)


def test_a_cloned_authenticator_whose_counter_goes_back_is_refused(people, rita_key):
    c = password_step("rita@acme.test")
    assert passkey_step(c, rita_key).status_code == 200
    rita_key.counter = 0                                          # a copy of the key, used elsewhere
    c = password_step("rita@acme.test")
    assert passkey_step(c, rita_key).status_code == 400
    assert not signed_in(c)


def test_a_challenge_is_used_once(people, rita_key):
    c = password_step("rita@acme.test")
    options = c.post("/login/passkey/options/").json()
    answer = rita_key.get(options)
    assert c.post("/login/passkey/", {"credential": answer}, content_type="application/json").status_code == 200
    c2 = password_step("rita@acme.test")
    c2.post("/login/passkey/options/")                              # a fresh challenge for this session
    r = c2.post("/login/passkey/", {"credential": answer}, content_type="application/json")
    assert r.status_code == 400 and not signed_in(c2)


def test_wrong_passkeys_count_towards_the_sign_in_throttle(people, as_user, rita_key, settings):
    andy_key = SoftAuthenticator()
    add_passkey(as_user("andy"), andy_key)
    c = password_step("rita@acme.test")
    for _ in range(settings.LOCKOUT_FAILURES):
        passkey_step(c, andy_key)
    assert passkey_step(c, rita_key).status_code == 400             # held back, even with the right one
    assert not signed_in(c)


def test_the_passkey_steps_need_the_password_first(people, rita_key):
    c = Client()
    assert c.post("/login/passkey/options/").status_code == 401
    r = c.post("/login/passkey/", {"credential": {}}, content_type="application/json")
    assert r.status_code == 401 and "password first" in r.json()["detail"]
    assert c.post("/passkeys/new/options/").status_code == 401


@pytest.mark.parametrize("body", ["not json", "[]", '{"credential": "x"}', '{"credential": {}}',
                                  '{"credential": {"id": "AAAA", "rawId": "%%%", "response": {}}}',
                                  json.dumps({"credential": {"id": "A", "rawId": "A", "type": "public-key",
                                                             "response": {"clientDataJSON": "e30",
                                                                          "attestationObject": "oA"}}})])
def test_malformed_answers_get_a_clear_400_not_a_server_error(people, as_user, body):
    c = as_user("rita")
    c.post("/passkeys/new/options/")
    r = c.post("/passkeys/new/", body, content_type="application/json")
    assert r.status_code == 400 and r.json()["detail"]
    assert not Passkey.objects.exists()


def test_the_same_passkey_cannot_be_added_twice(people, as_user, rita_key):
    c = as_user("rita")
    options = c.post("/passkeys/new/options/").json()
    assert options["excludeCredentials"][0]["id"] == b64(rita_key.credential_id)
    rita_key.user_handle = b""
    r = c.post("/passkeys/new/", {"credential": rita_key.create(options)}, content_type="application/json")
    assert r.status_code == 400 and "already registered" in r.json()["detail"]


def test_a_name_longer_than_60_characters_is_refused(people, as_user):
    r = add_passkey(as_user("rita"), SoftAuthenticator(), name="x" * 61)
    assert r.status_code == 400 and "60 characters" in r.json()["detail"]


def test_a_passkey_is_removed_from_the_profile_and_not_accepted_after(people, as_user, rita_key):
    key = Passkey.objects.get(user=people["rita"])
    r = as_user("rita").post(f"/o/acme/profile/passkeys/{key.pk}/remove/")
    assert r.status_code == 302 and not Passkey.objects.exists()
    r = Client().post("/login/", {"email": "rita@acme.test", "password": PASSWORD})
    assert r["Location"] != "/login/code/"                        # no second step asked for any more


def test_another_persons_passkey_cannot_be_removed(people, as_user, rita_key):
    key = Passkey.objects.get(user=people["rita"])
    assert as_user("andy").post(f"/o/acme/profile/passkeys/{key.pk}/remove/").status_code == 404
    assert as_user("charlie").post(f"/o/other/profile/passkeys/{key.pk}/remove/").status_code == 404
    assert Passkey.objects.filter(pk=key.pk).exists()


def test_an_admins_only_second_factor_cannot_be_removed(people, as_user):
    User.objects.filter(pk=people["alice"].pk).update(totp_secret="", totp_confirmed_at=None)
    add_passkey(as_user("alice"), SoftAuthenticator())
    key = Passkey.objects.get(user=people["alice"])
    r = as_user("alice").post(f"/o/acme/profile/passkeys/{key.pk}/remove/", follow=True)
    assert "only second factor" in r.content.decode()
    assert Passkey.objects.filter(pk=key.pk).exists()


def test_every_step_is_audited_without_key_material(people, as_user, rita_key):
    key = Passkey.objects.get(user=people["rita"])
    passkey_step(password_step("rita@acme.test"), rita_key)
    as_user("rita").post(f"/o/acme/profile/passkeys/{key.pk}/remove/")
    entries = {e.action: e for e in AuditEntry.objects.filter(actor_id=people["rita"].pk)}
    assert entries["passkey.register"].meta == {"passkey_id": key.pk, "aaguid": "00000000-0000-0000-0000-000000000000",
                                                "user_verified": True}
    assert entries["passkey.remove"].meta == {"passkey_id": key.pk, "aaguid": "00000000-0000-0000-0000-000000000000"}
    assert entries["auth.login"].meta == {"factor": "passkey"}
    every_meta = json.dumps([e.meta for e in AuditEntry.objects.all()])
    assert key.credential_id not in every_meta and b64(bytes(key.public_key)) not in every_meta
    assert "Work laptop" not in every_meta


def test_a_failed_registration_is_audited(people, as_user):
    c = as_user("rita")
    c.post("/passkeys/new/options/")
    soft = SoftAuthenticator(origin="https://elsewhere.example")
    options = {"rp": {"id": "testserver"}, "user": {"id": "AA"}, "challenge": "AAAA"}
    assert c.post("/passkeys/new/", {"credential": soft.create(options)}, content_type="application/json").status_code == 400
    assert AuditEntry.objects.filter(action="passkey.register_failed", actor_id=people["rita"].pk).exists()


def test_the_configured_relying_party_wins_over_the_request(people, as_user, settings):
    settings.PASSKEY_RP_ID, settings.PASSKEY_ORIGIN = "safepost.example.org", "https://safepost.example.org"
    c = as_user("rita")
    options = c.post("/passkeys/new/options/").json()
    assert options["rp"]["id"] == "safepost.example.org"
    r = c.post("/passkeys/new/", {"credential": SoftAuthenticator().create(options)},   # signed on http://testserver
               content_type="application/json")
    assert r.status_code == 400 and not Passkey.objects.exists()
    options = c.post("/passkeys/new/options/").json()
    soft = SoftAuthenticator(origin="https://safepost.example.org")
    r = c.post("/passkeys/new/", {"credential": soft.create(options)}, content_type="application/json")
    assert r.status_code == 200 and Passkey.objects.count() == 1
