"""Reviewing a post's images: the redacted copy made at upload (faces blurred, text findings boxed
out, stored encrypted, with its own verdict), the reviewer's choice of the copy that is published
(page and API, audited without PHI, merged into the post's verdict, handed to the connectors), and
removing an image or changing its description before approval (issue 11)."""

from __future__ import annotations

import base64
import io
import json

import numpy as np
import pytest
from django.db import connection
from django.test import Client
from PIL import Image

from safepost.app.accounts import services as accounts
from safepost.app.audit.models import AuditEntry
from safepost.app.audit.services import Who
from safepost.app.posts import publishing, services
from safepost.app.posts.models import Attachment

from .media_uploads import (
    face_photo,
    patient_label_photo,
    plain_photo,
    require_tesseract,
)
from .posting import *  # noqa: F401,F403
from .posting import ALLOW_TEXT

PHI_ALT = "Maria Gonzalez, MRN 00482913, at her discharge"


@pytest.fixture(autouse=True)
def _tesseract():
    require_tesseract()


@pytest.fixture
def post_with(people, who, channel):
    def make(*images, alt=""):
        return services.create_post(who("andy"), people.acme, ALLOW_TEXT, [channel.pk], attachments=[
            services.NewAttachment(kind="photo", mime_type="image/jpeg", data=d, alt_text=alt) for d in images])
    return make


@pytest.fixture
def key(people):
    def make(name):
        return accounts.create_api_key(Who.cli(people.acme), people.acme, f"{name} key", user=people[name])[1]
    return make


def api(token, method, path, body=None):
    c = Client()
    kw = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    if body is not None:
        kw.update(data=json.dumps(body), content_type="application/json")
    return getattr(c, method)(f"/api/v1{path}", **kw)


def audit(action) -> AuditEntry:
    return AuditEntry.objects.filter(action=action).order_by("-seq").first()


def raw_column(a: Attachment, column: str) -> str:
    with connection.cursor() as cur:
        cur.execute(f"SELECT {column} FROM posts_attachment WHERE id = %s", [a.pk])
        return cur.fetchone()[0]


# -- the redacted copy ------------------------------------------------------------------------
def test_an_image_with_findings_gets_a_redacted_copy_stored_encrypted_with_its_own_verdict(post_with):
    post = post_with(patient_label_photo(), plain_photo())
    label, plain = post.attachments.all()
    assert label.has_redacted and not plain.has_redacted         # nothing to cover: no copy
    assert label.verdict == "BLOCK" and label.redacted_scan["verdict"] == "ALLOW"
    assert label.redacted_scan["boxed"] == 2 and label.redacted_scan["findings"] == []
    redacted = label.copy_bytes("redacted")
    with Image.open(io.BytesIO(redacted)) as img:
        assert img.size == (label.width, label.height)
        mrn = next(f["box"] for f in label.findings if f["label"] == "MRN")
        x, y, w, h = mrn
        assert np.asarray(img.convert("L").crop((x, y, x + w, y + h))).max() == 0     # boxed out in black
    assert redacted != label.stripped_bytes()
    stored = raw_column(label, "redacted")
    assert stored and base64.b64encode(redacted).decode()[:40] not in stored    # encrypted at rest
    assert label.publish_copy == "original" and post.verdict == "BLOCK"


def test_the_review_page_shows_both_copies_and_the_reviewer_publishes_the_redacted_one(as_user, post_with, people):
    post = post_with(patient_label_photo())
    a = post.attachments.get()
    services.submit(Who.user(post.author, post.org), post)
    page = as_user("rita").get(f"/o/acme/posts/{post.pk}/").content.decode()
    assert f"/images/{a.pk}/?copy=redacted" in page and f"/images/{a.pk}/?copy=original" in page
    assert f'action="/o/acme/posts/{post.pk}/images/{a.pk}/copy/"' in page and "2 identifiers boxed out" in page
    version = post.version
    r = as_user("rita").post(f"/o/acme/posts/{post.pk}/images/{a.pk}/copy/", {"copy": "redacted"}, follow=True)
    assert "The redacted copy will be published." in r.content.decode()
    post.refresh_from_db()
    a.refresh_from_db()
    assert (a.publish_copy, post.verdict, post.state, post.version) == ("redacted", "ALLOW", "in_review", version + 1)
    entry = audit("post.image_copy")
    assert entry.actor == "rita@acme.test"
    assert {k: entry.meta[k] for k in ("attachment", "copy", "was", "boxed", "faces_blurred", "findings_left")} == {
        "attachment": a.pk, "copy": "redacted", "was": "original", "boxed": 2, "faces_blurred": 0, "findings_left": 0}
    dumped = json.dumps(entry.meta)
    assert "Maria" not in dumped and "00482913" not in dumped
    served = as_user("rita").get(f"/o/acme/posts/{post.pk}/images/{a.pk}/")
    assert served.content == a.copy_bytes("redacted")                     # what is published is what is shown
    assert [m.data for m in publishing._media(post)] == [a.copy_bytes("redacted")]   # and what the connectors get
    services.approve(Who.user(people["rita"], people.acme), post)
    post.refresh_from_db()
    assert post.state == "approved"
    # back to the original: the block returns (and this is refused now that it is approved)
    r = as_user("rita").post(f"/o/acme/posts/{post.pk}/images/{a.pk}/copy/", {"copy": "original"}, follow=True)
    assert "its images are what was approved" in r.content.decode()
    a.refresh_from_db()
    assert a.publish_copy == "redacted"


def test_choosing_the_original_again_brings_the_block_back(key, post_with):
    post = post_with(patient_label_photo())
    a = post.attachments.get()
    body = api(key("rita"), "post", f"/posts/{post.pk}/attachments/{a.pk}/copy", {"publish_copy": "redacted"}).json()
    assert body["verdict"] == "ALLOW" and body["attachments"][0]["publish_copy"] == "redacted"
    assert body["attachments"][0]["redacted"]["boxed"] == 2
    body = api(key("rita"), "post", f"/posts/{post.pk}/attachments/{a.pk}/copy", {"publish_copy": "original"}).json()
    assert body["verdict"] == "BLOCK" and body["attachments"][0]["publish_copy"] == "original"
    assert publishing._media(post)[0].data == a.stripped_bytes()


def test_blurred_faces_clear_the_need_for_an_authorization(key, post_with):
    post = post_with(face_photo())
    a = post.attachments.get()
    assert post.verdict == "NEEDS_AUTHORIZATION" and a.redacted_scan["blurred"] == 1
    r = api(key("pat"), "post", f"/posts/{post.pk}/attachments/{a.pk}/copy", {"publish_copy": "redacted"})
    assert r.status_code == 200, r.content
    assert r.json()["verdict"] == "ALLOW" and r.json()["attachments"][0]["redacted"]["faces_blurred"] == 1
    assert audit("post.image_copy").meta["faces_blurred"] == 1


def test_only_reviewers_choose_the_copy_and_only_a_copy_that_exists(key, as_user, post_with):
    post = post_with(patient_label_photo(), plain_photo())
    label, plain = post.attachments.all()
    assert api(key("andy"), "post", f"/posts/{post.pk}/attachments/{label.pk}/copy", {"publish_copy": "redacted"}).status_code == 403
    assert as_user("andy").post(f"/o/acme/posts/{post.pk}/images/{label.pk}/copy/", {"copy": "redacted"}).status_code == 403
    r = api(key("rita"), "post", f"/posts/{post.pk}/attachments/{plain.pk}/copy", {"publish_copy": "redacted"})
    assert r.status_code == 409 and "no redacted copy" in r.json()["detail"]
    r = api(key("rita"), "post", f"/posts/{post.pk}/attachments/{label.pk}/copy", {"publish_copy": "blurry"})
    assert r.status_code == 422 and "blurry" not in r.content.decode()
    other = post_with()
    assert api(key("rita"), "post", f"/posts/{other.pk}/attachments/{label.pk}/copy", {"publish_copy": "redacted"}).status_code == 404
    assert as_user("charlie").get(f"/o/acme/posts/{post.pk}/images/{label.pk}/?copy=redacted").status_code == 404
    assert as_user("rita").get(f"/o/acme/posts/{post.pk}/images/{label.pk}/?copy=secret").status_code == 404
    assert as_user("rita").get(f"/o/acme/posts/{post.pk}/images/{plain.pk}/?copy=redacted").status_code == 404
    assert not AuditEntry.objects.filter(action="post.image_copy").exists()


# -- removing an image, changing its description ----------------------------------------------
def test_removing_an_image_on_the_page_merges_the_verdict_again_and_is_audited(as_user, post_with):
    post = post_with(patient_label_photo(), plain_photo())
    label, plain = post.attachments.all()
    assert post.verdict == "BLOCK"
    page = as_user("andy").get(f"/o/acme/posts/{post.pk}/").content.decode()
    assert f'action="/o/acme/posts/{post.pk}/images/{label.pk}/remove/"' in page
    r = as_user("andy").post(f"/o/acme/posts/{post.pk}/images/{label.pk}/remove/", follow=True)
    assert "Image removed." in r.content.decode()
    post.refresh_from_db()
    assert post.verdict == "ALLOW" and list(post.attachments.all()) == [plain] and post.state == "draft"
    assert not Attachment.objects.filter(pk=label.pk).exists()
    entry = audit("post.image_remove")
    assert entry.meta["attachment"] == label.pk and entry.meta["images_left"] == 1
    assert entry.meta["image_verdict"] == "BLOCK" and entry.meta["verdict"] == "ALLOW"
    assert as_user("audrey").post(f"/o/acme/posts/{post.pk}/images/{plain.pk}/remove/").status_code == 403


def test_a_new_description_is_checked_again_and_audited_without_its_words(key, post_with, people):
    post = post_with(plain_photo(), alt="Our lobby")
    a = post.attachments.get()
    assert post.verdict == "ALLOW"
    r = api(key("andy"), "patch", f"/posts/{post.pk}/attachments/{a.pk}", {"alt_text": PHI_ALT})
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["verdict"] != "ALLOW" and body["attachments"][0]["alt_text"] == PHI_ALT
    assert {f["source"] for f in body["attachments"][0]["findings"]} == {"alt_text"}
    entry = audit("post.image_alt_text")
    dumped = json.dumps(entry.meta)
    assert "Maria" not in dumped and "00482913" not in dumped and entry.meta["alt_chars"] == len(PHI_ALT)
    assert entry.meta["alt_fp"] and "NAME" in entry.meta["alt_labels"]
    r = api(key("andy"), "patch", f"/posts/{post.pk}/attachments/{a.pk}", {"alt_text": "Our lobby at noon"})
    assert r.json()["verdict"] == "ALLOW" and r.json()["attachments"][0]["findings"] == []


def test_a_description_on_the_page_keeps_the_redacted_copys_check_in_step(as_user, post_with, people):
    post = post_with(face_photo())
    a = post.attachments.get()
    r = as_user("andy").post(f"/o/acme/posts/{post.pk}/images/{a.pk}/alt/", {"alt_text": PHI_ALT}, follow=True)
    assert "Description saved and checked." in r.content.decode()
    a.refresh_from_db()
    assert any(f["source"] == "alt_text" for f in a.redacted_findings)     # published with either copy
    assert a.redacted_scan["verdict"] != "ALLOW" and a.redacted_scan["blurred"] == 1
    r = as_user("andy").post(f"/o/acme/posts/{post.pk}/images/{a.pk}/alt/", {"alt_text": "x" * 1001}, follow=True)
    assert "at most 1000 characters" in r.content.decode()


def test_images_cannot_change_once_the_post_is_approved(key, post_with, people, who):
    post = post_with(plain_photo())
    a = post.attachments.get()
    services.submit(who("andy"), post)
    r = api(key("andy"), "patch", f"/posts/{post.pk}/attachments/{a.pk}", {"alt_text": "The lobby"})
    assert r.status_code == 200 and r.json()["state"] == "in_review"       # before approval: stays in review
    services.approve(who("rita"), post)
    post.refresh_from_db()
    assert post.state == "approved"
    r = api(key("andy"), "delete", f"/posts/{post.pk}/attachments/{a.pk}")
    assert r.status_code == 409 and "send it back to review" in r.json()["detail"]
    r = api(key("andy"), "patch", f"/posts/{post.pk}/attachments/{a.pk}", {"alt_text": "Another"})
    assert r.status_code == 409
    assert post.attachments.get().alt_text == "The lobby"
    services.edit_post(who("andy"), post, text=ALLOW_TEXT + " Bring a friend.")      # back to review
    r = api(key("andy"), "delete", f"/posts/{post.pk}/attachments/{a.pk}")
    assert r.status_code == 200 and r.json()["attachments"] == [] and r.json()["state"] == "in_review"


def test_an_image_of_another_post_is_not_found(key, post_with):
    post, other = post_with(plain_photo()), post_with()
    a = post.attachments.get()
    assert api(key("andy"), "delete", f"/posts/{other.pk}/attachments/{a.pk}").status_code == 404
    assert api(key("andy"), "patch", f"/posts/{other.pk}/attachments/{a.pk}", {"alt_text": "x"}).status_code == 404
    assert Attachment.objects.filter(pk=a.pk).exists()


def test_an_image_stored_before_redaction_is_checked_whole_when_its_description_changes(people, who, post_with):
    post = post_with()
    label = patient_label_photo()
    old = Attachment.objects.create(post=post, kind="photo", mime_type="image/png", size=len(label),
                                    data=base64.b64encode(label).decode(), width=900, height=240, verdict="BLOCK",
                                    scan={"verdict": "BLOCK", "faces": 0, "reasons": ["government_or_record_number"],
                                          "findings": [{"source": "text", "label": "MRN", "plain": "a record number",
                                                        "is_phi": True, "box": [455, 96, 139, 20]}]})
    assert not old.has_redacted and not old.stripped
    from safepost.app.posts import media_edits

    media_edits.set_alt_text(who("andy"), post, old.pk, "Our front desk")
    old.refresh_from_db()
    assert old.scan["image"]["verdict"] == "BLOCK" and old.alt_text == "Our front desk"
    assert old.has_redacted and old.redacted_scan["verdict"] == "ALLOW" and old.stripped    # made now
    post.refresh_from_db()
    assert post.verdict == "BLOCK" and audit("post.image_alt_text").meta["image_verdict"] == "BLOCK"
