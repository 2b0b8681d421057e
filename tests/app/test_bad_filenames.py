"""No 5xx on a hostile multipart filename (issue 10): a 5,000-character name, one with NUL and
control characters, one that is not UTF-8, sent as raw multipart bodies (Django's test client
would clean or refuse to encode them) to every upload: the post photo (web, API), the signed
consent form (web new/upload, API), the bulk scheduling CSV and the review import (web, API).
Each answers with its ordinary outcome or a 4xx; the name never reaches a log, the page or the
audit trail. Before this change the 5,000-character name was a 500 on the three API uploads
(Django's MultiPartParserError reached the API's catch-all) and a bare "Bad Request (400)" page
on the web ones. A part whose name is not UTF-8 is dropped by Django's parser: the API says no
file arrived and how to send one, the pages behave as when no file was chosen."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import pytest
from django.test import Client

from safepost.app.accounts import services as accounts
from safepost.app.audit.models import AuditEntry
from safepost.app.audit.services import Who
from safepost.app.consent import services as consents
from safepost.app.consent.demo import SAMPLE_PDF, synthetic_terms
from safepost.app.posts import services as posts

from .media_uploads import plain_photo

BOUNDARY = "----safepost-bad-filename"
MARK = b"MariaGonzalezMRN00482913"               # synthetic PHI-like text inside every name
FILENAMES = {
    "5000 characters": MARK + b"x" * (5000 - len(MARK) - 4) + b".png",
    "NUL and controls": MARK + b"\x00\x01\x1b[31m\x7f\r.png",
    "not UTF-8": MARK + b"\xff\xfe\xe9t\xe9\xc3(.png",
}
CSV = b"text,channels,publish_at\nFlu shots this week.,Nowhere,2030-01-01 09:00\n"
REVIEWS = (b'[{"source": "google", "id": "r1", "text": "Lovely staff.", "rating": 5, '
           b'"created_at": "2026-01-01T09:00:00Z"}]')


def multipart(fields: dict[str, str], field: str, filename: bytes, content: bytes,
              content_type: str = "application/octet-stream") -> bytes:
    out = b""
    for k, v in fields.items():
        out += (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n").encode()
    out += (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"".encode()
            + filename + f"\"\r\nContent-Type: {content_type}\r\n\r\n".encode() + content + b"\r\n")
    return out + f"--{BOUNDARY}--\r\n".encode()


@dataclass(frozen=True)
class Upload:
    who: str                 # a persona; "key:<persona>" for the API with that persona's key
    path: str                # {post} and {consent} are filled in
    field: str
    content: bytes
    fields: tuple = ()
    content_type: str = "application/octet-stream"


UPLOADS = {
    "post photo (web compose)": Upload("andy", "/o/acme/posts/new/", "photo", plain_photo(),
                                       (("text", "Flu shots this week."), ("photo_alt", "A gradient")), "image/jpeg"),
    "post photo (web edit)": Upload("andy", "/o/acme/posts/{post}/edit/", "photo", plain_photo(),
                                    (("text", "Flu shots this week."), ("photo_alt", "A gradient")), "image/jpeg"),
    "post photo (API)": Upload("key:andy", "/api/v1/posts/{post}/attachments", "file", plain_photo(),
                               (("alt_text", "A gradient"),), "image/jpeg"),
    "consent document (web upload)": Upload("pat", "/o/acme/consents/{consent}/document/upload/", "document",
                                            SAMPLE_PDF, content_type="application/pdf"),
    "consent document (web new)": Upload("pat", "/o/acme/consents/new/", "document", SAMPLE_PDF,
                                         content_type="application/pdf"),
    "consent document (API)": Upload("key:pat", "/api/v1/consents/{consent}/document", "document", SAMPLE_PDF,
                                     content_type="application/pdf"),
    "bulk scheduling CSV": Upload("andy", "/o/acme/bulk/", "file", CSV, content_type="text/csv"),
    "review import (web)": Upload("cora", "/o/acme/inbox/import/", "file", REVIEWS,
                                  content_type="application/json"),
    "review import (API)": Upload("key:cora", "/api/v1/inbox/import", "file", REVIEWS,
                                  content_type="application/json"),
}


def client_for(people, who: str) -> Client:
    if who.startswith("key:"):
        name = who.removeprefix("key:")
        token = accounts.create_api_key(Who.cli(people.acme), people.acme, "filenames", user=people[name])[1]
        return Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    c = Client()
    c.force_login(people[who])
    return c


@pytest.fixture
def targets(people):
    post = posts.create_post(Who.user(people["andy"], people.acme), people.acme, "Flu shots this week.", [])
    consent = consents.record_consent(Who.user(people["pat"], people.acme), people.acme,
                                      synthetic_terms("Acme Clinic"))
    return {"post": post.pk, "consent": consent.pk}


@pytest.mark.parametrize("filename", FILENAMES.values(), ids=FILENAMES.keys())
@pytest.mark.parametrize("upload", UPLOADS.values(), ids=UPLOADS.keys())
def test_a_hostile_filename_is_never_a_server_error_nor_logged(people, targets, upload, filename, caplog):
    body = multipart(dict(upload.fields), upload.field, filename, upload.content, upload.content_type)
    caplog.set_level(logging.DEBUG)
    r = client_for(people, upload.who).post(upload.path.format(**targets), body,
                                            content_type=f"multipart/form-data; boundary={BOUNDARY}")
    assert r.status_code < 500, (r.status_code, r.content[:300])
    text = r.content.decode()
    if len(filename) > 1024:                       # over Django's limit for one part's headers
        assert r.status_code == 400 and "file name of at most" in text, text[:300]
    elif b"\xff" in filename and upload.who.startswith("key:"):   # Django's parser drops the part
        assert r.status_code == 422 and "with a file name in UTF-8" in text, text[:300]
    assert MARK.decode() not in caplog.text
    assert MARK not in r.content
    assert not [m for m in AuditEntry.objects.values_list("meta", flat=True) if MARK.decode() in str(m)]
