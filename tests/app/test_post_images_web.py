"""Images on the post pages and the API: uploaded on the editor (multipart, CSRF) and through
`POST /api/v1/posts/{id}/attachments`, shown on the post (review) page with their findings and
boxes, and served as the stripped copy only to the post's organization."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from safepost.app.accounts import services as accounts
from safepost.app.audit.services import Who
from safepost.app.posts import services
from safepost.app.posts.models import Attachment, Post
from safepost.engine.media.metadata import has_metadata

from .media_uploads import face_photo, patient_label_photo, photo_with_gps, plain_photo, require_tesseract
from .posting import *  # noqa: F401,F403
from .posting import ALLOW_TEXT


@pytest.fixture(autouse=True)
def _tesseract():
    require_tesseract()


def upload(data: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.fixture
def post_with(people, who, channel):
    def make(*images):
        return services.create_post(who("andy"), people.acme, ALLOW_TEXT, [channel.pk], attachments=[
            services.NewAttachment(kind="photo", mime_type="image/jpeg", data=d) for d in images])
    return make


@pytest.fixture
def key(people):
    def make(name, org=None):
        org = org or people.acme
        return accounts.create_api_key(Who.cli(org), org, f"{name} key", user=people[name])[1]
    return make


def api_attach(token, post_id, data, alt=""):
    return Client().post(f"/api/v1/posts/{post_id}/attachments", {"file": upload(data), "alt_text": alt},
                         HTTP_AUTHORIZATION=f"Bearer {token}")


# -- the editor -------------------------------------------------------------------------------
def test_an_image_uploaded_on_the_compose_page_is_checked_and_stored(as_user, channel):
    page = as_user("andy").get("/o/acme/posts/new/").content.decode()
    assert 'enctype="multipart/form-data"' in page and "csrfmiddlewaretoken" in page
    r = as_user("andy").post("/o/acme/posts/new/", {"text": ALLOW_TEXT, "channels": [channel.pk],
                                                    "photo": upload(patient_label_photo(), "label.png", "image/png"),
                                                    "photo_alt": "A label"})
    assert r.status_code == 302, r.content.decode()[:500]
    post = Post.objects.get()
    assert post.verdict == "BLOCK" and post.attachments.get().mime_type == "image/png"


def test_the_edit_page_adds_an_image_and_says_what_to_fix_for_a_file_that_is_not_taken(as_user, channel, post_with):
    post = post_with()
    r = as_user("andy").post(f"/o/acme/posts/{post.pk}/edit/", {"text": ALLOW_TEXT, "channels": [channel.pk],
                                                                  "photo": upload(b"GIF89a" + b"\0" * 64, "x.gif")})
    assert r.status_code == 400 and "JPEG, PNG or WebP" in r.content.decode()
    r = as_user("andy").post(f"/o/acme/posts/{post.pk}/edit/", {"text": ALLOW_TEXT, "channels": [channel.pk],
                                                                  "photo": upload(face_photo())})
    assert r.status_code == 302
    post.refresh_from_db()
    assert post.attachments.count() == 1 and post.verdict == "NEEDS_AUTHORIZATION"


def test_the_editor_refuses_an_upload_without_the_csrf_token(people, channel):
    c = Client(enforce_csrf_checks=True)
    c.force_login(people["andy"])
    r = c.post("/o/acme/posts/new/", {"text": ALLOW_TEXT, "photo": upload(plain_photo())})
    assert r.status_code == 403 and not Post.objects.exists()


# -- the post (review) page and the image ------------------------------------------------------
def test_the_review_page_shows_each_image_with_its_findings_and_boxes(as_user, post_with):
    post = post_with(patient_label_photo(), face_photo())
    text_image, face_image = post.attachments.all()
    page = as_user("rita").get(f"/o/acme/posts/{post.pk}/").content.decode()
    section = page[page.index('aria-label="Images"'):page.index("</section>", page.index('aria-label="Images"'))]
    for a in (text_image, face_image):
        assert f"/o/acme/posts/{post.pk}/images/{a.pk}/" in section
        assert f'viewBox="0 0 {a.width} {a.height}"' in section
    assert 'class="box box-text"' in section and 'class="box box-face"' in section
    assert 'data-post-verdict="BLOCK"' in section            # the text alone is allowed; its image is not
    assert "a face in the picture" in section and "text in the picture" in section
    mrn_box = next(f["box"] for f in text_image.findings if f["label"] == "MRN")
    assert f'x="{mrn_box[0]}" y="{mrn_box[1]}" width="{mrn_box[2]}" height="{mrn_box[3]}"' in section
    assert not re.search(r"\sstyle=|<style|<script", section)
    assert "00482913" not in section            # the findings name the kind, not what was read


def test_the_image_served_is_the_stripped_copy_with_its_type_and_nosniff(as_user, post_with):
    post = post_with(photo_with_gps())
    a = post.attachments.get()
    r = as_user("audrey").get(f"/o/acme/posts/{post.pk}/images/{a.pk}/")
    assert r.status_code == 200 and r["Content-Type"] == "image/jpeg" and r["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in r["Cache-Control"]
    with Image.open(io.BytesIO(r.content)) as img:
        assert not has_metadata(img)
    assert r.content == a.published_bytes() != a.data


def test_an_image_is_not_served_to_another_organization_or_under_another_post(as_user, post_with, people, who, channel):
    post = post_with(plain_photo())
    a = post.attachments.get()
    assert as_user("charlie").get(f"/o/acme/posts/{post.pk}/images/{a.pk}/").status_code == 404
    theirs = services.create_post(who("charlie"), people.other, ALLOW_TEXT, [])
    assert as_user("charlie").get(f"/o/other/posts/{theirs.pk}/images/{a.pk}/").status_code == 404
    other = post_with()
    assert as_user("rita").get(f"/o/acme/posts/{other.pk}/images/{a.pk}/").status_code == 404


# -- the API ----------------------------------------------------------------------------------
def test_the_api_attaches_an_image_and_returns_the_merged_verdict_with_boxes(key, post_with):
    post = post_with()
    r = api_attach(key("andy"), post.pk, patient_label_photo(), alt="Our front desk")
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["verdict"] == "BLOCK" and body["version"] == 2
    [image] = body["attachments"]
    assert image["mime_type"] == "image/png" and image["alt_text"] == "Our front desk"
    mrn = next(f for f in image["findings"] if f["label"] == "MRN")
    assert mrn["source"] == "text" and len(mrn["box"]) == 4 and mrn["plain"]
    assert Client().get(f"/api/v1/posts/{post.pk}", HTTP_AUTHORIZATION=f"Bearer {key('rita')}").json()[
        "attachments"][0]["id"] == image["id"]


def test_the_api_refuses_what_is_not_taken_with_what_to_fix(key, post_with):
    post = post_with(*[plain_photo() for _ in range(4)])
    r = api_attach(key("andy"), post.pk, plain_photo())
    assert r.status_code == 400 and "at most 4 images" in r.json()["detail"]
    r = api_attach(key("andy"), post_with().pk, b"%PDF-1.4 not an image")
    assert r.status_code == 400 and "JPEG, PNG or WebP" in r.json()["detail"]
    r = Client().post(f"/api/v1/posts/{post.pk}/attachments", {}, HTTP_AUTHORIZATION=f"Bearer {key('andy')}")
    assert r.status_code == 422 and Attachment.objects.filter(post=post).count() == 4


def test_the_api_keeps_roles_and_organizations_apart(key, post_with, people):
    post = post_with()
    assert api_attach(key("audrey"), post.pk, plain_photo()).status_code == 403
    assert api_attach(key("charlie", people.other), post.pk, plain_photo()).status_code == 404
    assert not post.attachments.exists()


def test_without_tesseract_no_image_is_taken_unchecked_and_the_api_says_why(monkeypatch, key, post_with):
    import pytesseract

    post = post_with()
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")
    r = api_attach(key("andy"), post.pk, plain_photo())
    assert r.status_code == 503 and "Tesseract" in r.json()["detail"] and r.json()["code"] == "unavailable"
    assert not post.attachments.exists()
