"""POST /api/v1/scan, API keys, the OpenAPI document, /healthz."""

import json

import pytest
from django.test import Client
from django.utils import timezone

from safepost.app.accounts import services
from safepost.app.accounts.models import ApiKey
from safepost.app.audit.services import Who
from safepost.engine import scan

SSN_TEXT = "Jane Roe, SSN 123-45-6789, is recovering well after her surgery."


@pytest.fixture
def service_key(people):
    _key, token = services.create_api_key(Who.cli(people.acme), people.acme, "ci pipeline")
    return token


def post_scan(token, body, client=None):
    c = client or Client()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    data = body if isinstance(body, str) else json.dumps(body)
    return c.post("/api/v1/scan", data=data, content_type="application/json", **headers)


def test_it_returns_the_engines_report_unchanged(service_key):
    r = post_scan(service_key, {"text": SSN_TEXT})
    assert r.status_code == 200
    assert r.json() == scan(SSN_TEXT, direction="outbound", kind="post").to_dict()
    assert set(r.json()) >= {"verdict", "flag", "spans", "reasons", "explanations", "suggestion"}


def test_the_report_has_offsets_labels_and_no_echo_of_the_text(service_key):
    body = r = post_scan(service_key, {"text": SSN_TEXT, "direction": "outbound", "kind": "caption"}).json()
    for span in body["spans"]:
        assert {"start", "end", "label", "is_phi", "score", "why"} <= set(span)
        assert 0 <= span["start"] < span["end"] <= len(SSN_TEXT)
    assert body["verdict"] in ("ALLOW", "NEEDS_AUTHORIZATION", "BLOCK", "PRIVATE_FOLLOW_UP")
    assert r is body


def test_inbound_texts_default_to_comments(service_key):
    text = "My mom was in room 12 last week for her chemo, thanks to all the nurses!"
    r = post_scan(service_key, {"text": text, "direction": "inbound"})
    assert r.json() == scan(text, direction="inbound", kind="comment").to_dict()


@pytest.mark.parametrize("body,where", [
    ({}, "text"),
    ({"text": ""}, "text"),
    ({"text": 42}, "text"),
    ({"text": "hi", "direction": "sideways"}, "direction"),
    ({"text": "hi", "kind": "tweet"}, "kind"),
    ({"text": "hi", "extra": True}, "extra"),
    ({"text": "x" * 20_001}, "text"),
])
def test_it_explains_invalid_requests_without_echoing_them(service_key, body, where):
    r = post_scan(service_key, body)
    assert r.status_code == 422
    detail = r.json()["detail"]
    assert any(where in [str(x) for x in d["loc"]] for d in detail)
    assert all(set(d) == {"loc", "msg", "type"} for d in detail)
    if isinstance(body.get("text"), str) and len(body["text"]) > 100:
        assert "xxxxxxxx" not in r.content.decode()


def test_it_refuses_malformed_json(service_key):
    r = post_scan(service_key, '{"text": "Jane')
    assert r.status_code in (400, 422)


def test_it_refuses_requests_without_a_key_with_a_clear_message(db):
    r = post_scan(None, {"text": "hello"})
    assert r.status_code == 401 and "API key" in r.json()["detail"]
    assert r["WWW-Authenticate"].startswith("Bearer")


def test_it_refuses_a_revoked_key(people, service_key):
    key = ApiKey.objects.get(prefix=service_key.split("_")[1])
    services.revoke_api_key(Who.cli(people.acme), key)
    assert post_scan(service_key, {"text": "hello"}).status_code == 401


def test_it_refuses_a_key_with_the_wrong_secret(service_key):
    forged = service_key[:-4] + ("aaaa" if not service_key.endswith("aaaa") else "bbbb")
    assert post_scan(forged, {"text": "hello"}).status_code == 401


def test_keys_are_stored_hashed(people, service_key):
    key = ApiKey.objects.get(prefix=service_key.split("_")[1])
    secret = service_key.split("_", 2)[2]
    assert secret not in key.secret_hash and len(key.secret_hash) == 64


def test_a_key_bound_to_a_member_acts_with_that_members_role(people):
    _k, author_token = services.create_api_key(Who.cli(people.acme), people.acme, "andy's", people["andy"])
    _k, auditor_token = services.create_api_key(Who.cli(people.acme), people.acme, "audrey's", people["audrey"])
    assert post_scan(author_token, {"text": "hello"}).status_code == 200
    r = post_scan(auditor_token, {"text": "hello"})
    assert r.status_code == 403 and "scan.run" in r.json()["detail"]


def test_a_member_key_stops_working_when_the_member_leaves(people, settings):
    _k, token = services.create_api_key(Who.cli(people.acme), people.acme, "andy's", people["andy"])
    assert post_scan(token, {"text": "hello"}).status_code == 200
    people["andy"].memberships.all().delete()
    services.forget_cached_keys()   # what APIKEY_CACHE_SECONDS (5 s) of waiting does in production
    assert post_scan(token, {"text": "hello"}).status_code == 401


def test_revocation_applies_at_once_in_the_revoking_process(people, service_key):
    assert post_scan(service_key, {"text": "hello"}).status_code == 200   # now cached
    services.revoke_api_key(Who.cli(people.acme), ApiKey.objects.get(prefix=service_key.split("_")[1]))
    assert post_scan(service_key, {"text": "hello"}).status_code == 401


def test_a_key_cannot_be_bound_to_someone_outside_the_organization(people):
    with pytest.raises(services.AccountError, match="not a member"):
        services.create_api_key(Who.cli(people.acme), people.acme, "x", people["charlie"])


def test_key_use_is_recorded_without_a_write_per_request(people, service_key):
    post_scan(service_key, {"text": "hello"})
    key = ApiKey.objects.get(prefix=service_key.split("_")[1])
    first = key.last_used_at
    assert first is not None and (timezone.now() - first).total_seconds() < 5
    post_scan(service_key, {"text": "hello"})
    assert ApiKey.objects.get(pk=key.pk).last_used_at == first


def test_the_openapi_document_describes_the_scan_endpoint(client, db):
    doc = client.get("/api/openapi.json").json()
    op = doc["paths"]["/api/v1/scan"]["post"]
    assert op["operationId"] == "scan"
    assert "bearer" in json.dumps(doc["components"]["securitySchemes"]).lower()
    assert set(op["responses"]) >= {"200", "401", "403", "422"}


def test_the_docs_page_loads_its_assets_from_this_site(client, db):
    r = client.get("/api/docs")
    assert r.status_code == 200
    html = r.content.decode()
    assert "cdn" not in html.lower() and "http://" not in html and "https://" not in html


def test_healthz_answers_when_the_database_does(client, db):
    r = client.get("/healthz")
    assert r.status_code == 200 and r.json() == {"status": "ok", "database": "ok"}
