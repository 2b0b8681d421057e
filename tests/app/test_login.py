"""Signing in: Argon2 passwords, TOTP for admins and privacy officers, lockout, idle logoff,
CSRF, cookie flags."""

import time

import pyotp
import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from safepost.app.accounts.middleware import LAST_SEEN
from safepost.app.accounts.models import User
from safepost.app.audit.models import AuditEntry

from .conftest import PASSWORD


def post_login(client, email, password=PASSWORD):
    return client.post("/login/", {"email": email, "password": password})


def test_passwords_are_stored_with_argon2(people):
    assert people["rita"].password.startswith("argon2")


def test_it_signs_a_reviewer_in_with_a_password(people):
    c = Client()
    r = post_login(c, "rita@acme.test")
    assert r.status_code == 302 and r["Location"] == "/"
    r = c.get("/")
    assert r["Location"] == "/o/acme/scan/"
    assert c.get("/o/acme/scan/").status_code == 200
    assert AuditEntry.objects.filter(org=people.acme, action="auth.login", actor="rita@acme.test").exists()


def test_it_refuses_a_wrong_password_without_saying_which_part_was_wrong(people):
    c = Client()
    r = post_login(c, "rita@acme.test", "wrong password!!")
    assert r.status_code == 400
    assert b"Sign-in failed" in r.content
    r2 = post_login(c, "nobody@acme.test", "wrong password!!")
    assert r2.content.count(b"Sign-in failed") == 1
    # the unknown address is not written to the log, only a salted fingerprint of it
    entry = AuditEntry.objects.filter(action="auth.login_failed", chain="system").get()
    assert "nobody" not in str(entry.meta) and len(entry.meta["email_fp"]) == 16


def test_it_locks_the_account_after_repeated_failures(people):
    c = Client()
    for _ in range(settings.LOCKOUT_FAILURES):
        post_login(c, "andy@acme.test", "not the password")
    andy = User.objects.get(email="andy@acme.test")
    assert andy.locked_until and andy.locked_until > timezone.now()
    r = post_login(c, "andy@acme.test")  # even the right password is refused while locked
    assert r.status_code == 400
    assert "_auth_user_id" not in c.session
    assert AuditEntry.objects.filter(org=people.acme, action="auth.locked").count() == 1


def test_the_lock_lifts_after_the_lockout_period(people):
    User.objects.filter(email="andy@acme.test").update(locked_until=timezone.now() - timezone.timedelta(seconds=1))
    assert post_login(Client(), "andy@acme.test").status_code == 302


def test_an_admin_without_totp_must_enrol_before_getting_in(people):
    c = Client()
    r = post_login(c, "alice@acme.test")
    assert r["Location"] == "/login/setup-2fa/"
    assert "_auth_user_id" not in c.session          # not signed in yet
    assert c.get("/o/acme/scan/").status_code == 302  # still bounced to the login page
    page = c.get("/login/setup-2fa/")
    secret = page.context["secret"]
    assert b"data:image/svg+xml" in page.content
    r = c.post("/login/setup-2fa/", {"code": "000000" if pyotp.TOTP(secret).now() != "000000" else "111111"})
    assert r.status_code == 400
    r = c.post("/login/setup-2fa/", {"code": pyotp.TOTP(secret).now()})
    assert r.status_code == 302
    alice = User.objects.get(email="alice@acme.test")
    assert alice.has_totp and alice.totp_secret == secret
    assert c.get("/o/acme/settings/").status_code == 200


def enrol(user: User) -> pyotp.TOTP:
    secret = pyotp.random_base32()
    user.totp_secret, user.totp_confirmed_at = secret, timezone.now()
    user.save()
    return pyotp.TOTP(secret)


def test_a_user_with_totp_signs_in_with_the_current_code_once(people):
    totp = enrol(people["pat"])
    c = Client()
    assert post_login(c, "pat@acme.test")["Location"] == "/login/code/"
    code = totp.now()
    assert c.post("/login/code/", {"code": code}).status_code == 302
    assert c.get("/o/acme/audit/").status_code == 200
    # the same code cannot be replayed in another session
    c2 = Client()
    post_login(c2, "pat@acme.test")
    assert c2.post("/login/code/", {"code": code}).status_code == 400


def test_wrong_codes_count_towards_the_lockout(people):
    totp = enrol(people["pat"])
    c = Client()
    for _ in range(settings.LOCKOUT_FAILURES):
        post_login(c, "pat@acme.test")
        c.post("/login/code/", {"code": "12345x"})  # malformed: refused by the form, not counted
        c.post("/login/code/", {"code": str((int(totp.now()) + 1) % 1000000).zfill(6)})
    assert User.objects.get(pk=people["pat"].pk).locked_until is not None


def test_the_code_page_needs_a_password_first(people):
    assert Client().get("/login/code/")["Location"] == "/login/"


def test_idle_sessions_are_signed_out(people, as_user):
    c = as_user("rita")
    assert c.get("/o/acme/scan/").status_code == 200
    s = c.session
    s[LAST_SEEN] = time.time() - settings.IDLE_MINUTES * 60 - 5
    s.save()
    r = c.get("/o/acme/scan/")
    assert r.status_code == 302 and r["Location"].startswith("/login/")
    assert c.get("/o/acme/scan/").status_code == 302   # really signed out
    assert AuditEntry.objects.filter(action="auth.idle_logout", org=people.acme).exists()


def test_activity_keeps_the_session_alive(people, as_user):
    c = as_user("rita")
    c.get("/o/acme/scan/")
    s = c.session
    s[LAST_SEEN] = time.time() - settings.IDLE_MINUTES * 60 + 30
    s.save()
    assert c.get("/o/acme/scan/").status_code == 200


def test_forms_refuse_posts_without_a_csrf_token(people):
    c = Client(enforce_csrf_checks=True)
    assert post_login(c, "rita@acme.test").status_code == 403
    c.force_login(people["rita"])
    r = c.post("/o/acme/scan/", {"text": "hello", "direction": "outbound", "kind": "post"})
    assert r.status_code == 403
    assert c.post("/logout/").status_code == 403


def test_forms_accept_posts_with_the_csrf_token(people):
    c = Client(enforce_csrf_checks=True)
    c.get("/login/")
    token = c.cookies[settings.CSRF_COOKIE_NAME].value
    r = c.post("/login/", {"email": "rita@acme.test", "password": PASSWORD, "csrfmiddlewaretoken": token})
    assert r.status_code == 302


def test_cookies_are_secure_httponly_and_samesite(people):
    c = Client()
    r = post_login(c, "rita@acme.test")
    cookie = r.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Lax"


def test_sign_out_is_a_post_and_is_audited(people, as_user):
    c = as_user("rita")
    assert c.get("/logout/").status_code == 405
    assert c.post("/logout/").status_code == 302
    assert c.get("/o/acme/scan/").status_code == 302
    assert AuditEntry.objects.filter(action="auth.logout", org=people.acme).exists()


@pytest.mark.parametrize("password,problem", [
    ("short", "too short"), ("12345678901234", "entirely numeric"), ("password1234", "too common"),
])
def test_the_password_policy_is_enforced(people, password, problem):
    from safepost.app.accounts import services
    from safepost.app.audit.services import Who

    with pytest.raises(services.AccountError, match=problem):
        services.add_member(Who.cli(people.acme), people.acme, "new@acme.test", "author", password)


def test_it_returns_to_the_page_asked_for_but_never_to_another_site(people):
    c = Client()
    c.get("/login/?next=/o/acme/posts/")
    assert post_login(c, "rita@acme.test")["Location"] == "/o/acme/posts/"
    for evil in ("//evil.test/", "/\\evil.test", "https://evil.test/"):
        c = Client()
        c.get("/login/", {"next": evil})
        assert post_login(c, "rita@acme.test")["Location"] == "/"


def test_a_signed_in_session_cannot_replace_an_existing_second_factor(people, as_user):
    totp = enrol(people["pat"])
    c = as_user("pat")
    assert c.get("/login/setup-2fa/")["Location"] == "/"
    c.post("/login/setup-2fa/", {"code": totp.now()})
    assert User.objects.get(pk=people["pat"].pk).totp_secret == totp.secret
