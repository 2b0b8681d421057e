"""Every URL refuses anonymous users and members of another organization.

The test walks the whole URL map, so a new page or API endpoint is checked without editing
this file, and one that does not declare its access (accounts.access decorators for pages,
`auth=` for API operations) fails `test_every_view_declares_who_may_reach_it`.

When a new URL has a parameter besides <org>, add a sample value to SAMPLE_KWARGS.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from safepost.app.accounts.access import ACCESS_ATTR
from safepost.app.accounts.rules import can
from safepost.app.api.api import api

# Pages anyone may open (they show nothing of any organization).
PUBLIC_PAGES = {"healthz", "login", "login-totp", "login-enroll", "inbox-secure-form", "inbox-meta-webhook",
                "web-invite-accept", "login-passkey-options", "login-passkey", "passkey-register-options",
                "passkey-register"}
# API paths that need no key: the schema and its docs page.
PUBLIC_API = {"/api/openapi.json", "/api/docs"}
SAMPLE_KWARGS = {"key_id": 1, "member_id": 1, "consent_id": 1, "post_id": 1, "channel_id": 1, "item_id": 1, "notification_id": 1,
                 "form_slug": "nosuchform", "token": "nosuchtoken", "invite_id": 1, "incident_id": 1,
                 "module_id": "phi-on-social-media", "completion_id": 1,
                 "scenario_id": 1, "attachment_id": 1, "passkey_id": 1, "reply_id": 1,
                 "frame": 0}


def walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p


def django_views():
    """(route, URLPattern) for every page outside the ninja API."""
    return [(route, p) for route, p in walk(get_resolver().url_patterns) if not route.startswith("api/")]


def url_for(route: str, org: str) -> str:
    from django.urls.resolvers import RoutePattern  # noqa: F401
    import re

    def sub(m):
        name = m.group(2)
        if name == "org":
            return org
        assert name in SAMPLE_KWARGS, f"add a sample value for <{name}> to SAMPLE_KWARGS"
        return str(SAMPLE_KWARGS[name])

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", sub, route)


ORG_ROUTES = [(r, p) for r, p in django_views() if "<slug:org>" in r]


def access(p: URLPattern):
    return getattr(p.callback, ACCESS_ATTR, None)


def test_every_view_declares_who_may_reach_it():
    undeclared = [route for route, p in django_views() if access(p) is None]
    assert undeclared == [], "views without @public_view / @login_view / @org_view(...)"


def test_public_pages_are_exactly_the_listed_ones():
    public = {p.name for _, p in django_views() if access(p)[0] == "public"}
    assert public == PUBLIC_PAGES


def test_org_pages_are_all_scoped_by_the_org_in_the_url():
    for route, p in django_views():
        kind, _action = access(p)
        assert (kind == "org") == ("<slug:org>" in route), route


def test_there_are_org_pages_to_check():
    assert len(ORG_ROUTES) >= 10


@pytest.mark.parametrize("route,pattern", ORG_ROUTES, ids=[r for r, _ in ORG_ROUTES])
def test_anonymous_users_are_sent_to_sign_in(client, people, route, pattern):
    url = url_for(route, "acme")
    for method in ("get", "post"):
        r = getattr(client, method)(url)
        assert r.status_code in (302, 405), (method, url, r.status_code)
        if r.status_code == 302:
            assert r["Location"].startswith("/login/"), (method, url)


@pytest.mark.parametrize("route,pattern", ORG_ROUTES, ids=[r for r, _ in ORG_ROUTES])
def test_members_of_another_organization_get_not_found(as_user, route, pattern):
    c = as_user("charlie")  # an admin, but of "other"
    url = url_for(route, "acme")
    for method in ("get", "post"):
        r = getattr(c, method)(url)
        assert r.status_code in (404, 405), (method, url, r.status_code)
    # and their own organization's page does exist (the 404 above is about membership)
    own = c.get(url_for(route, "other"))
    assert own.status_code != 404 or "_id>" in route


@pytest.mark.parametrize("route,pattern", ORG_ROUTES, ids=[r for r, _ in ORG_ROUTES])
def test_roles_without_the_permission_are_forbidden(as_user, people, route, pattern):
    _kind, action = access(pattern)
    for name in ("alice", "pat", "rita", "andy", "cora", "audrey"):
        role = people[name].memberships.get().role
        if can(role, action):
            continue
        c = as_user(name)
        for method in ("get", "post"):
            r = getattr(c, method)(url_for(route, "acme"))
            assert r.status_code in (403, 405), (name, method, route, r.status_code)


@pytest.mark.parametrize("route,pattern", [(r, p) for r, p in django_views() if access(p)[0] == "login"])
def test_signed_in_only_pages_send_anonymous_users_to_sign_in(client, db, route, pattern):
    for method in ("get", "post"):
        r = getattr(client, method)(url_for(route, "acme"))
        assert r.status_code in (302, 405)
        if r.status_code == 302:
            assert r["Location"].startswith("/login/")


# -- the API ----------------------------------------------------------------------------------
def api_operations():
    """(path, method, operation) for every ninja operation."""
    out = []
    for bound in api._get_bound_routers():
        for path, path_view in bound.path_operations.items():
            for op in path_view.operations:
                for method in op.methods:
                    full = "/api/" + "/".join(x.strip("/") for x in (bound.prefix, path) if x.strip("/"))
                    out.append((full, method, op))
    return out


OPS = api_operations()


def test_there_are_api_operations_to_check():
    assert ("/api/v1/scan", "POST") in [(p, m) for p, m, _ in OPS]


def test_every_api_operation_requires_a_key():
    for path, method, op in OPS:
        assert op.auth_callbacks, f"{method} {path} has no auth"


def test_the_public_api_paths_are_the_schema_and_docs(client, db):
    for path in PUBLIC_API:
        assert client.get(path).status_code == 200


@pytest.mark.parametrize("path,method,op", OPS, ids=[f"{m} {p}" for p, m, _ in OPS])
def test_api_refuses_requests_without_a_valid_key(client, db, path, method, op):
    for headers in ({}, {"HTTP_AUTHORIZATION": "Bearer sp_nope_nope"}, {"HTTP_AUTHORIZATION": "Basic eDp5"}):
        r = client.generic(method, path, data="{}", content_type="application/json", **headers)
        assert r.status_code == 401, (method, path, headers)


@pytest.mark.parametrize("path,method,op", OPS, ids=[f"{m} {p}" for p, m, _ in OPS])
def test_api_refuses_a_signed_in_browser_session(as_user, path, method, op):
    r = as_user("alice").generic(method, path, data="{}", content_type="application/json")
    assert r.status_code == 401
