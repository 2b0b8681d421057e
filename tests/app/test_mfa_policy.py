"""The second-factor policy (issue 10): admins and privacy officers always need one; each
organization decides for the other roles (default: required). Someone who needs one and has
none is sent to set it up after the password, and a signed-in session that comes to need one
(policy switched on, role changed) can do nothing else until it is set up."""

from __future__ import annotations

import pyotp
import pytest
from django.test import Client

from safepost.app.accounts import rules, services
from safepost.app.accounts.models import Organization, User
from safepost.app.accounts.rules import Role
from safepost.app.audit.models import AuditEntry
from safepost.app.audit.services import Who

from .conftest import PASSWORD
from .softauthn import SoftAuthenticator
from .test_passkeys import add_passkey


def post_login(email: str) -> tuple[Client, str]:
    c = Client()
    r = c.post("/login/", {"email": email, "password": PASSWORD})
    return c, r["Location"]


def require_everyone(org: Organization, on: bool = True) -> None:
    services.set_org_mfa_policy(Who.cli(org), org, on)


@pytest.mark.parametrize("memberships, required", [
    ([(Role.ADMIN, False)], True),
    ([(Role.PRIVACY, False)], True),
    ([(Role.REVIEWER, True)], True),
    ([(Role.REVIEWER, False)], False),
    ([(Role.AUDITOR, False), (Role.AUTHOR, True)], True),       # the strictest organization wins
    ([(Role.AUDITOR, False), (Role.COMMUNITY, False)], False),
    ([], False),
])
def test_the_rule(memberships, required):
    assert rules.second_factor_required(memberships) is required


def test_a_new_organization_requires_a_second_factor_of_every_role(db):
    org = services.create_org(Who.cli(None), "fresh", "Fresh Clinic")
    assert org.mfa_for_everyone
    services.add_member(Who.cli(org), org, "reena@fresh.test", Role.REVIEWER, "lantern orbit pebble quarry")
    c = Client()
    r = c.post("/login/", {"email": "reena@fresh.test", "password": "lantern orbit pebble quarry"})
    assert r["Location"] == "/login/setup-2fa/"
    assert "_auth_user_id" not in c.session
    assert c.get("/o/fresh/").status_code == 302 and "/login/" in c.get("/o/fresh/")["Location"]


def test_with_the_policy_off_other_roles_sign_in_with_a_password_but_admins_still_need_one(people):
    assert post_login("rita@acme.test")[1] == "/"
    User.objects.filter(pk=people["alice"].pk).update(totp_secret="", totp_confirmed_at=None)
    assert post_login("alice@acme.test")[1] == "/login/setup-2fa/"


def test_with_the_policy_on_a_reviewer_enrols_before_getting_in(people):
    require_everyone(people.acme)
    c, where = post_login("rita@acme.test")
    assert where == "/login/setup-2fa/"
    page = c.get(where)
    assert b"Your role or your organization requires a second factor" in page.content
    secret = page.context["secret"]
    assert c.post(where, {"code": pyotp.TOTP(secret).now()})["Location"] == "/"
    assert c.get("/o/acme/").status_code == 200
    assert AuditEntry.objects.filter(action="auth.login", actor_id=people["rita"].pk, meta={"factor": "totp"}).exists()


def test_a_passkey_is_as_good_as_totp_for_the_policy(people, as_user):
    add_passkey(as_user("rita"), SoftAuthenticator())
    require_everyone(people.acme)
    assert as_user("rita").get("/o/acme/").status_code == 200
    assert post_login("rita@acme.test")[1] == "/login/code/"


def test_switching_the_policy_on_stops_a_signed_in_session_until_a_factor_is_set_up(people, as_user):
    c = as_user("andy")
    assert c.get("/o/acme/").status_code == 200
    require_everyone(people.acme)
    for path in ("/o/acme/", "/o/acme/posts/", "/o/acme/profile/", "/", "/no-such-page/"):
        r = c.get(path)
        assert r.status_code == 302 and r["Location"] == "/login/setup-2fa/", path
    assert c.post("/o/acme/profile/", {"name": "Andy", "time_zone": ""})["Location"] == "/login/setup-2fa/"
    r = c.get("/o/acme/", headers={"HX-Request": "true"})
    assert r.status_code == 403 and r["HX-Redirect"] == "/login/setup-2fa/"
    page = c.get("/login/setup-2fa/")
    assert page.status_code == 200
    assert c.post("/login/setup-2fa/", {"code": pyotp.TOTP(page.context["secret"]).now()}).status_code == 302
    assert c.get("/o/acme/").status_code == 200


def test_a_session_that_needs_a_factor_can_still_add_a_passkey_or_sign_out(people, as_user):
    require_everyone(people.acme)
    c = as_user("cora")
    assert add_passkey(c, SoftAuthenticator()).status_code == 200
    assert c.get("/o/acme/").status_code == 200
    c2 = as_user("audrey")
    assert c2.post("/logout/").status_code == 302
    assert "_auth_user_id" not in c2.session


def test_a_member_of_two_organizations_follows_the_stricter_one(people, as_user):
    services.add_member(Who.cli(people.other), people.other, "rita@acme.test", Role.AUTHOR)
    require_everyone(people.other)
    assert post_login("rita@acme.test")[1] == "/login/setup-2fa/"
    assert as_user("rita").get("/o/acme/")["Location"] == "/login/setup-2fa/"


def test_becoming_an_admin_asks_for_a_second_factor(people, as_user):
    c = as_user("rita")
    services.change_membership(Who.cli(people.acme), people["rita"].memberships.get(), Role.ADMIN)
    assert c.get("/o/acme/")["Location"] == "/login/setup-2fa/"


def test_only_an_admin_sets_the_policy_and_it_is_audited(people, as_user):
    page = as_user("alice").get("/o/acme/settings/").content.decode()
    assert 'name="everyone"' in page
    assert 'name="everyone"' not in as_user("pat").get("/o/acme/settings/").content.decode()
    assert as_user("pat").post("/o/acme/settings/second-factor/", {"everyone": "on"}).status_code == 403
    r = as_user("alice").post("/o/acme/settings/second-factor/", {"everyone": "on"})
    assert r.status_code == 302
    assert Organization.objects.get(pk=people.acme.pk).mfa_for_everyone
    entry = AuditEntry.objects.filter(action="org.mfa_policy").latest("id")
    assert entry.meta == {"everyone": True, "was": False} and entry.actor_id == people["alice"].pk
    as_user("alice").post("/o/acme/settings/second-factor/", {})
    assert not Organization.objects.get(pk=people.acme.pk).mfa_for_everyone
    assert AuditEntry.objects.filter(action="org.mfa_policy").count() == 2


def test_the_last_passkey_cannot_be_removed_where_the_organization_requires_one(people, as_user):
    c = as_user("rita")
    add_passkey(c, SoftAuthenticator())
    require_everyone(people.acme)
    key = people["rita"].passkeys.get()
    r = c.post(f"/o/acme/profile/passkeys/{key.pk}/remove/", follow=True)
    assert "only second factor" in r.content.decode()
    assert people["rita"].passkeys.exists()


def test_an_invited_person_sets_up_a_second_factor_before_getting_in(people, as_user, mailoutbox):
    from .test_team import NEW_PASSWORD, invite_link, path_of

    require_everyone(people.acme)
    as_user("alice").post("/o/acme/settings/invite/", {"email": "nina@acme.test", "role": "author"})
    c = Client()
    c.post(path_of(invite_link(mailoutbox)), {"name": "Nina", "password": NEW_PASSWORD, "password2": NEW_PASSWORD})
    r = c.post("/login/", {"email": "nina@acme.test", "password": NEW_PASSWORD})
    assert r["Location"] == "/login/setup-2fa/" and "_auth_user_id" not in c.session


def test_safepost_check_warns_until_the_passkey_relying_party_is_set(db, settings):
    from safepost.app.accounts.checks import safepost_checks

    settings.SECURE_COOKIES = True
    settings.PASSKEY_RP_ID = settings.PASSKEY_ORIGIN = None
    assert "safepost.W011" in {p.id for p in safepost_checks()}
    settings.PASSKEY_RP_ID, settings.PASSKEY_ORIGIN = "safepost.example.org", "https://safepost.example.org"
    assert "safepost.W011" not in {p.id for p in safepost_checks()}

