"""The Scan page, its htmx fragment, and the shell around it."""

from .test_api import SSN_TEXT


def test_it_shows_the_form(as_user):
    r = as_user("andy").get("/o/acme/scan/")
    assert r.status_code == 200
    html = r.content.decode()
    assert 'hx-post="/o/acme/scan/"' in html and 'name="text"' in html


def test_a_full_post_shows_the_verdict_and_highlights(as_user):
    r = as_user("andy").post("/o/acme/scan/", {"text": SSN_TEXT, "direction": "outbound", "kind": "post"})
    assert r.status_code == 200
    html = r.content.decode()
    assert "<html" in html and 'data-verdict="' in html
    report = r.context["report"]
    for f in report.findings:
        assert f'data-label="{f.label}"' in html


def test_an_htmx_post_returns_only_the_result(as_user):
    r = as_user("andy").post("/o/acme/scan/", {"text": SSN_TEXT, "direction": "outbound", "kind": "post"},
                             HTTP_HX_REQUEST="true")
    html = r.content.decode()
    assert "<html" not in html and 'data-verdict="' in html


def test_text_is_escaped(as_user):
    r = as_user("andy").post("/o/acme/scan/", {"text": "<script>alert(1)</script> hi", "direction": "outbound",
                                               "kind": "post"}, HTTP_HX_REQUEST="true")
    assert "<script>alert(1)" not in r.content.decode() and "&lt;script&gt;" in r.content.decode()


def test_invalid_input_is_explained(as_user):
    r = as_user("andy").post("/o/acme/scan/", {"text": "", "direction": "outbound", "kind": "post"},
                             HTTP_HX_REQUEST="true")
    assert r.status_code == 400 and "required" in r.content.decode()


def test_the_navigation_shows_what_the_role_may_see(as_user):
    nav = dict(as_user("audrey").get("/o/acme/").context["nav"])
    assert "Audit" in nav and "Scan" not in nav
    nav = dict(as_user("andy").get("/o/acme/scan/").context["nav"])
    assert "Scan" in nav and "Audit" not in nav and "Settings" not in nav


def test_the_switcher_lists_the_other_organizations(people, as_user):
    from safepost.app.accounts.models import Membership

    Membership.objects.create(org=people.other, user=people["andy"], role="author")
    html = as_user("andy").get("/o/acme/scan/").content.decode()
    assert 'href="/o/other/"' in html


def test_the_home_page_opens_the_last_organization(people, as_user):
    from safepost.app.accounts.models import Membership

    Membership.objects.create(org=people.other, user=people["andy"], role="author")
    c = as_user("andy")
    c.get("/o/other/")
    assert c.get("/")["Location"] == "/o/other/"


def test_admins_create_and_revoke_service_keys_in_settings(people, as_user):
    from safepost.app.accounts.models import ApiKey

    c = as_user("alice")
    r = c.post("/o/acme/settings/apikeys/", {"name": "zapier"}, follow=True)
    token = r.context["new_token"]
    assert token.startswith("sp_") and token in r.content.decode()
    assert c.get("/o/acme/settings/").context["new_token"] is None   # shown once
    key = ApiKey.objects.get(name="zapier")
    c.post(f"/o/acme/settings/apikeys/{key.pk}/revoke/")
    assert ApiKey.objects.get(pk=key.pk).revoked_at is not None


def test_a_key_of_another_organization_cannot_be_revoked(people, as_user):
    from safepost.app.accounts import services
    from safepost.app.audit.services import Who

    key, _ = services.create_api_key(Who.cli(people.other), people.other, "theirs")
    assert as_user("alice").post(f"/o/acme/settings/apikeys/{key.pk}/revoke/").status_code == 404
    key.refresh_from_db()
    assert key.revoked_at is None


def test_admins_change_roles_and_remove_members(people, as_user):
    from safepost.app.accounts.models import Membership
    from safepost.app.audit.models import AuditEntry

    c = as_user("alice")
    m = Membership.objects.get(user=people["andy"])
    c.post(f"/o/acme/settings/members/{m.pk}/", {"role": "reviewer"})
    assert Membership.objects.get(pk=m.pk).role == "reviewer"
    c.post(f"/o/acme/settings/members/{m.pk}/", {"remove": "on"})
    assert not Membership.objects.filter(pk=m.pk).exists()
    assert list(AuditEntry.objects.filter(org=people.acme, action__startswith="member.")
                .order_by("seq").values_list("action", flat=True)) == ["member.role_change", "member.remove"]


def test_the_last_admin_cannot_be_demoted(people, as_user):
    from safepost.app.accounts.models import Membership

    me = Membership.objects.get(user=people["alice"])
    r = as_user("alice").post(f"/o/acme/settings/members/{me.pk}/", {"role": "author"}, follow=True)
    assert Membership.objects.get(pk=me.pk).role == "admin"
    assert "at least one administrator" in r.content.decode()


def test_members_of_another_organization_cannot_be_changed(people, as_user):
    from safepost.app.accounts.models import Membership

    theirs = Membership.objects.get(user=people["charlie"])
    assert as_user("alice").post(f"/o/acme/settings/members/{theirs.pk}/", {"role": "author"}).status_code == 404
    assert Membership.objects.get(pk=theirs.pk).role == "admin"
