"""The OpenAPI fuzz run (schemathesis) over the three multipart uploads: the signed consent form,
the review import and the post image. werkzeug (test_fuzz_api.py's in-process path) cannot encode
the negative multipart bodies schemathesis makes, so these go over real HTTP (requests) to a real
`safepost serve --demo` process (test_browser.py's fixture): 0 server errors. (The status is not
held to the documented ones here: the HTTP server in front answers a header schemathesis invents,
such as `0:`, with its own HTML 400 before the API sees it.)"""

from __future__ import annotations

import json
import urllib.request
from dataclasses import asdict

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from safepost.app.consent.demo import synthetic_terms

from .test_browser import server  # noqa: F401  (the fixture: a real `safepost serve --demo`)

MULTIPART = ("consent_document", "inbox_import", "post_attach")
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:schemathesis")

schemathesis.experimental.OPEN_API_3_1.enable()   # django-ninja documents the API as OpenAPI 3.1


@pytest.fixture(scope="module")
def live_schema(server):  # noqa: F811
    return schemathesis.from_uri(server.url + "/api/openapi.json", base_url=server.url)


@pytest.fixture(scope="module")
def token(server):  # noqa: F811
    r = server.run("apikey", "create", "--org", "demo", "--name", "fuzz", "--user", "admin@demo.test")
    assert r.returncode == 0, r.stderr
    return r.stdout.strip()


@pytest.fixture(scope="module")
def targets(server, token):  # noqa: F811
    """A draft post and an authorization without its signed form, so the bodies reach the handlers
    (the ids schemathesis makes up find nothing: path ids are fuzzed in test_fuzz_api.py)."""
    def create(path: str, body: dict) -> int:
        req = urllib.request.Request(server.url + path, json.dumps(body).encode(), method="POST", headers={
            "Authorization": f"Bearer {token}", "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=30) as r:      # raises on anything but 2xx
            assert r.status == 201
            return json.load(r)["id"]

    terms = {k: (list(v) if isinstance(v, tuple) else v.isoformat() if hasattr(v, "isoformat") else v)
             for k, v in asdict(synthetic_terms("Demo Clinic")).items()}
    return {"post_id": create("/api/v1/posts", {"text": "Flu shots this week.", "channels": []}),
            "consent_id": create("/api/v1/consents", terms)}


schema = schemathesis.from_pytest_fixture(
    "live_schema", operation_id=MULTIPART,
    data_generation_methods=[schemathesis.DataGenerationMethod.positive, schemathesis.DataGenerationMethod.negative])


def test_the_schema_declares_the_three_uploads_as_multipart(live_schema):
    found = {op.ok().definition.raw.get("operationId") for op in live_schema.get_all_operations()
             if "multipart/form-data" in op.ok().definition.raw.get("requestBody", {}).get("content", {})}
    assert found == set(MULTIPART)


@schema.parametrize()
@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_the_multipart_uploads_never_fail_with_a_server_error(case, token, targets):
    case.path_parameters = {k: targets[k] for k in case.path_parameters or {}}
    response = case.call(headers={"Authorization": f"Bearer {token}"}, timeout=30)
    case.validate_response(response, checks=(not_a_server_error,))
