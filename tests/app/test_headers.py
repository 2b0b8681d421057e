"""Security headers on every response."""

import pytest


@pytest.mark.parametrize("path", ["/login/", "/healthz", "/api/openapi.json"])
def test_strict_headers(client, db, path):
    r = client.get(path)
    csp = r["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert r["X-Frame-Options"] == "DENY"
    assert r["X-Content-Type-Options"] == "nosniff"
    assert r["Referrer-Policy"] == "same-origin"
    assert r["Cache-Control"] == "no-store"


def test_static_assets_are_served_from_the_package(client, db):
    r = client.get("/static/vendor/htmx.min.js")
    assert r.status_code == 200
    assert r["Cache-Control"] != "no-store"


def test_error_pages_do_not_repeat_the_request(as_user):
    r = as_user("charlie").get("/o/acme/scan/?q=Maria+Lopez")
    assert r.status_code == 404 and "Maria" not in r.content.decode()
