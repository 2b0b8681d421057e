"""Passkeys (WebAuthn) in a real headless Chromium with its virtual authenticator (CDP
`WebAuthn.addVirtualAuthenticator`), against a real `safepost serve --demo` (the fixtures of
test_browser.py). The pages are opened as http://localhost:<port>: WebAuthn needs a secure
context and a domain as relying party id; Chromium counts http://localhost as secure, and
refuses an IP address such as 127.0.0.1 as relying party id."""

from __future__ import annotations

import tempfile

from .test_browser import browser, page, server, sign_in  # noqa: F401  (fixtures)

PASSWORD = "copper lantern orbit meadow"


def base(server) -> str:  # noqa: F811
    return f"http://localhost:{server.port}"


def new_member(server, email: str, role: str) -> None:  # noqa: F811
    with tempfile.NamedTemporaryFile("w", delete=False) as pw:
        pw.write(PASSWORD + "\n")
    r = server.run("createuser", "--org", "demo", "--email", email, "--role", role, "--password-file", pw.name)
    assert r.returncode == 0, r.stderr


def authenticator(page) -> tuple[object, str]:  # noqa: F811
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    added = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "internal", "hasResidentKey": True, "hasUserVerification": True,
        "isUserVerified": True, "automaticPresenceSimulation": True}})
    return cdp, added["authenticatorId"]


def password_step(page, server, email: str) -> None:  # noqa: F811
    page.goto(base(server) + "/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()


def sign_out(page) -> None:  # noqa: F811
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/login/")


def test_a_person_adds_a_passkey_and_signs_in_with_it_but_not_with_another_device(page, server):  # noqa: F811
    email = "passkey-reviewer@demo.test"
    new_member(server, email, "reviewer")
    cdp, auth_id = authenticator(page)
    password_step(page, server, email)
    page.wait_for_url("**/o/demo/")

    page.goto(base(server) + "/o/demo/profile/")
    assert page.get_by_text("No passkeys yet.").is_visible()
    page.get_by_label("Name for this passkey").fill("Test laptop")
    page.get_by_role("button", name="Add a passkey").click()
    page.get_by_text("Passkey added.").wait_for()
    assert page.get_by_text("Test laptop").is_visible()
    assert len(cdp.send("WebAuthn.getCredentials", {"authenticatorId": auth_id})["credentials"]) == 1

    # the next sign-in asks for the passkey after the password
    sign_out(page)
    password_step(page, server, email)
    page.wait_for_url("**/login/code/")
    assert page.get_by_label("6-digit code").count() == 0          # no authenticator app set up
    page.get_by_role("button", name="Sign in with a passkey").click()
    page.wait_for_url("**/o/demo/")

    # another device (an authenticator without that credential) cannot stand in for it
    sign_out(page)
    cdp.send("WebAuthn.removeVirtualAuthenticator", {"authenticatorId": auth_id})
    cdp, auth_id = authenticator(page)
    password_step(page, server, email)
    page.wait_for_url("**/login/code/")
    page.get_by_role("button", name="Sign in with a passkey").click()
    page.get_by_role("alert").filter(has_text="not used").wait_for()
    assert "/login/code/" in page.url
    assert page.csp_violations == []


def test_removing_the_passkey_returns_to_password_sign_in_for_a_role_that_does_not_need_one(page, server):  # noqa: F811
    email = "passkey-author@demo.test"
    new_member(server, email, "author")
    authenticator(page)
    password_step(page, server, email)
    page.wait_for_url("**/o/demo/")
    page.goto(base(server) + "/o/demo/profile/")
    page.get_by_label("Name for this passkey").fill("Spare key")
    page.get_by_role("button", name="Add a passkey").click()
    page.get_by_text("Passkey added.").wait_for()
    page.get_by_role("button", name="Remove the passkey Spare key").click()
    page.get_by_text("Passkey removed.").wait_for()
    assert page.get_by_text("No passkeys yet.").is_visible()
    sign_out(page)
    password_step(page, server, email)
    page.wait_for_url("**/o/demo/")


def test_an_admin_sets_up_a_passkey_as_the_required_second_factor_on_first_sign_in(page, server):  # noqa: F811
    email = "passkey-admin@demo.test"
    new_member(server, email, "admin")
    authenticator(page)
    password_step(page, server, email)
    page.wait_for_url("**/login/setup-2fa/")
    page.get_by_label("Name for this passkey").fill("Admin key")
    page.get_by_role("button", name="Add a passkey and sign in").click()
    page.wait_for_url("**/o/demo/")
    # and the passkey is now the second step of every sign-in; it cannot be removed (the only one)
    page.goto(base(server) + "/o/demo/profile/")
    page.get_by_role("button", name="Remove the passkey Admin key").click()
    page.get_by_text("This is your only second factor").wait_for()
    sign_out(page)
    password_step(page, server, email)
    page.wait_for_url("**/login/code/")
    page.get_by_role("button", name="Sign in with a passkey").click()
    page.wait_for_url("**/o/demo/")
    assert page.csp_violations == []


def test_the_profile_explains_that_passkeys_need_the_sites_name_not_an_ip_address(page, server):  # noqa: F811
    sign_in(page, server, "author@demo.test")                  # at http://127.0.0.1:<port>
    page.wait_for_url("**/o/demo/")
    page.goto(server.url + "/o/demo/profile/")
    assert page.get_by_text("Passkeys need the site's name, not an IP address").is_visible()
    assert page.get_by_role("button", name="Add a passkey").count() == 0
