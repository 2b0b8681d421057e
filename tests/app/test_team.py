"""Team from the web: invite by e-mail with a one-time link (stored hashed, 7 days), accept and
set a password, change roles, deactivate (never the last administrator); all audited."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from safepost.app.accounts import invitations
from safepost.app.accounts.models import Invitation, Membership, User
from safepost.app.accounts.services import AccountError, create_api_key
from safepost.app.audit.models import AuditEntry
from safepost.app.audit.services import Who

NEW_PASSWORD = "a long synthetic passphrase 42"


def invite_link(mailoutbox) -> str:
    return re.search(r"http://\S+/invite/(\S+)/", mailoutbox[-1].body).group(0)


def path_of(link: str) -> str:
    return "/" + link.split("/", 3)[3]


def test_an_admin_invites_by_email_and_only_a_hash_of_the_token_is_kept(people, as_user, mailoutbox):
    r = as_user("alice").post("/o/acme/settings/invite/", {"email": "Nina@Acme.test", "role": "author"}, follow=True)
    assert "Invitation sent to nina@acme.test" in r.content.decode()
    link = invite_link(mailoutbox)
    token = link.rstrip("/").rsplit("/", 1)[1]
    inv = Invitation.objects.get()
    assert inv.token_hash == hashlib.sha256(token.encode()).hexdigest() and token not in inv.token_hash
    assert timedelta(days=6, hours=23) < inv.expires_at - timezone.now() <= timedelta(days=7)
    assert mailoutbox[-1].to == ["nina@acme.test"] and "Acme Clinic" in mailoutbox[-1].body
    entry = AuditEntry.objects.get(action="member.invite")
    assert "nina" not in str(entry.meta) and entry.meta["role"] == "author"


def test_the_invited_person_sets_a_password_and_can_sign_in(people, as_user, mailoutbox):
    as_user("alice").post("/o/acme/settings/invite/", {"email": "nina@acme.test", "role": "reviewer"})
    path = path_of(invite_link(mailoutbox))
    c = Client()
    page = c.get(path)
    assert page.status_code == 200 and "Reviewer" in page.content.decode()
    r = c.post(path, {"name": "Nina", "password": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert r.status_code == 302 and r["Location"] == "/login/"
    assert Membership.objects.get(org=people.acme, user__email="nina@acme.test").role == "reviewer"
    r = c.post("/login/", {"email": "nina@acme.test", "password": NEW_PASSWORD})
    assert r.status_code == 302 and c.get("/")["Location"] == "/o/acme/"
    assert AuditEntry.objects.filter(org=people.acme, action="member.invite_accept").count() == 1


def test_a_link_works_once(people, as_user, mailoutbox):
    as_user("alice").post("/o/acme/settings/invite/", {"email": "nina@acme.test", "role": "author"})
    path = path_of(invite_link(mailoutbox))
    Client().post(path, {"password": NEW_PASSWORD, "password2": NEW_PASSWORD})
    again = Client().get(path)
    assert again.status_code == 410 and "already used" in again.content.decode()
    with pytest.raises(AccountError, match="already used"):
        invitations.accept(path.split("/")[2], password=NEW_PASSWORD)


def test_an_expired_or_withdrawn_link_is_refused_with_what_to_do(people, as_user, mailoutbox):
    inv, token = invitations.invite(Who.user(people["alice"], people.acme), people.acme, "old@acme.test", "author")
    Invitation.objects.filter(pk=inv.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    r = Client().post(f"/invite/{token}/", {"password": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert r.status_code == 410 and "expired" in r.content.decode() and "Ask an administrator" in r.content.decode()
    inv2, token2 = invitations.invite(Who.user(people["alice"], people.acme), people.acme, "gone@acme.test", "author")
    as_user("alice").post(f"/o/acme/settings/invites/{inv2.pk}/revoke/")
    assert "withdrawn" in Client().get(f"/invite/{token2}/").content.decode()
    assert not User.objects.filter(email__in=["old@acme.test", "gone@acme.test"]).exists()
    assert Client().get("/invite/not-a-real-token/").status_code == 404


def test_a_weak_or_mismatched_password_is_explained(people, mailoutbox):
    _inv, token = invitations.invite(Who.user(people["alice"], people.acme), people.acme, "nina@acme.test", "author")
    r = Client().post(f"/invite/{token}/", {"password": "short", "password2": "short"})
    assert r.status_code == 400 and "too short" in r.content.decode()
    r = Client().post(f"/invite/{token}/", {"password": NEW_PASSWORD, "password2": NEW_PASSWORD + "x"})
    assert "type the same one twice" in r.content.decode()
    r = Client().post(f"/invite/{token}/", {"password": "aaaaaaaaaaaa", "password2": "aaaaaaaaaaaa"})
    assert r.status_code == 400 and "too easy to guess" in r.content.decode()
    r = Client().post(f"/invite/{token}/", {"password": "nina orbit pebble quarry", "password2": "nina orbit pebble quarry"})
    assert r.status_code == 400 and "contains your e-mail name" in r.content.decode()
    assert "passphrase of four or more unrelated words" in r.content.decode()
    assert Invitation.objects.get().accepted_at is None           # still usable


def test_an_existing_account_joins_only_when_signed_in_as_that_address(people, as_user):
    inv, token = invitations.invite(Who.user(people["charlie"], people.other), people.other, "andy@acme.test", "author")
    assert "Sign in as andy@acme.test" in Client().get(f"/invite/{token}/").content.decode()
    assert as_user("rita").post(f"/invite/{token}/").status_code == 302       # someone else: refused
    assert not Membership.objects.filter(org=people.other, user=people["andy"]).exists()
    r = as_user("andy").post(f"/invite/{token}/")
    assert r["Location"] == "/o/other/"
    assert Membership.objects.get(org=people.other, user=people["andy"]).role == "author"


def test_members_cannot_be_invited_twice_and_bad_input_says_what_to_fix(people, as_user):
    r = as_user("alice").post("/o/acme/settings/invite/", {"email": "rita@acme.test", "role": "author"}, follow=True)
    assert "already a member" in r.content.decode()
    r = as_user("alice").post("/o/acme/settings/invite/", {"email": "not-an-address", "role": "boss"}, follow=True)
    html = r.content.decode()
    assert "Enter an e-mail address" in html and "Choose one of the roles" in html
    assert not Invitation.objects.exists()


def test_only_admins_invite_and_deactivate(people, as_user):
    m = Membership.objects.get(user=people["andy"])
    assert as_user("pat").post("/o/acme/settings/invite/", {"email": "x@acme.test", "role": "author"}).status_code == 403
    assert as_user("pat").post(f"/o/acme/settings/members/{m.pk}/deactivate/").status_code == 403
    assert as_user("charlie").post(f"/o/other/settings/members/{m.pk}/deactivate/").status_code == 404


def test_deactivating_switches_the_account_off_and_its_keys_stop_working(people, as_user):
    m = Membership.objects.get(user=people["andy"])
    _key, token = create_api_key(Who.user(people["alice"], people.acme), people.acme, "andy's", user=people["andy"])
    r = as_user("alice").post(f"/o/acme/settings/members/{m.pk}/deactivate/", follow=True)
    assert "andy@acme.test deactivated (their account is off)" in r.content.decode()
    assert not User.objects.get(pk=people["andy"].pk).is_active
    assert Client().post("/login/", {"email": "andy@acme.test", "password": "correct horse battery staple"}).status_code == 400
    assert Client().get("/api/v1/posts", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401
    assert AuditEntry.objects.get(action="member.deactivate").meta == {"user_id": people["andy"].pk, "role": "author",
                                                                       "account_off": True}


def test_the_last_admin_cannot_be_deactivated_or_demoted(people, as_user):
    alice = Membership.objects.get(user=people["alice"])
    r = as_user("alice").post(f"/o/acme/settings/members/{alice.pk}/deactivate/", follow=True)
    assert "needs at least one administrator" in r.content.decode()
    r = as_user("alice").post(f"/o/acme/settings/members/{alice.pk}/", {"role": "author"}, follow=True)
    assert "needs at least one administrator" in r.content.decode()
    assert Membership.objects.get(pk=alice.pk).role == "admin" and User.objects.get(pk=people["alice"].pk).is_active


def test_a_member_of_two_organizations_keeps_the_account_when_deactivated_in_one(people, as_user):
    Membership.objects.create(org=people.other, user=people["rita"], role="reviewer")
    m = Membership.objects.get(org=people.acme, user=people["rita"])
    as_user("alice").post(f"/o/acme/settings/members/{m.pk}/deactivate/")
    assert User.objects.get(pk=people["rita"].pk).is_active
    assert as_user("rita").get("/o/acme/").status_code == 404 and as_user("rita").get("/o/other/").status_code == 200


def test_the_settings_page_lists_open_invitations(people, as_user):
    invitations.invite(Who.user(people["alice"], people.acme), people.acme, "nina@acme.test", "privacy")
    html = as_user("alice").get("/o/acme/settings/").content.decode()
    assert "nina@acme.test · Privacy officer" in html and "Send invitation" in html
    assert "Send invitation" not in as_user("audrey").get("/o/acme/settings/").content.decode()


def test_when_the_mail_server_refuses_the_admin_is_shown_the_link_once(people, as_user, settings):
    import socket

    with socket.socket() as s:                      # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
    c = as_user("alice")
    r = c.post("/o/acme/settings/invite/", {"email": "nina@acme.test", "role": "author"}, follow=True)
    html = r.content.decode()
    assert "could not be sent" in html
    link = re.search(r'id="invite-link">([^<]+)<', html).group(1)
    assert Client().get(path_of(link)).status_code == 200
    assert 'id="invite-link"' not in c.get("/o/acme/settings/").content.decode()
