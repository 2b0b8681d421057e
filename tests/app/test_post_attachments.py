"""Images on posts, through the services on the real database with the real media engine:
limits refused with what to fix, the original encrypted and the stripped copy kept, the scan
stored without what was read, and each image's verdict merged into the post's."""

from __future__ import annotations

import base64

import pytest
from django.db import connection
from PIL import Image
import io

from safepost.app.posts import media, services
from safepost.app.posts.models import Attachment
from safepost.app.posts.rules import Refused
from safepost.engine.media.metadata import has_metadata

from .media_uploads import (face_photo, patient_label_photo, photo_with_gps, plain_photo, require_tesseract)
from .posting import *  # noqa: F401,F403
from .posting import ALLOW_TEXT


@pytest.fixture(autouse=True)
def _tesseract():
    require_tesseract()


def photo(data: bytes, alt: str = "") -> services.NewAttachment:
    return services.NewAttachment(kind="photo", mime_type="application/octet-stream", data=data, alt_text=alt)


@pytest.fixture
def draft(people, who, channel):
    return lambda *images, text=ALLOW_TEXT, **kw: services.create_post(
        who("andy"), people.acme, text, [channel.pk], attachments=list(images), **kw)


def test_a_plain_photo_is_stored_encrypted_and_leaves_the_post_allowed(draft):
    data = plain_photo()
    post = draft(photo(data, "Our new waiting room"))
    a = post.attachments.get()
    assert (post.verdict, a.verdict, a.mime_type, a.size, a.width, a.height) == ("ALLOW", "ALLOW", "image/jpeg",
                                                                                len(data), 320, 200)
    with connection.cursor() as c:
        c.execute("SELECT data, stripped, alt_text FROM posts_attachment WHERE id = %s", [a.pk])
        raw = c.fetchone()
    assert all(v.startswith("sp1:") for v in raw)            # AES-GCM ciphertext, not base64 of the file
    assert base64.b64encode(data).decode() not in raw[0] and "waiting room" not in raw[2]
    assert base64.b64decode(a.data) == data


def test_the_stored_copy_has_no_gps_or_owner_and_the_scan_names_the_fields(draft):
    post = draft(photo(photo_with_gps()))
    a = post.attachments.get()
    with Image.open(io.BytesIO(a.published_bytes())) as img:
        assert not has_metadata(img)
    fields = {f.get("field") for f in a.findings if f["source"] == "metadata"}
    assert fields and any("GPS" in f for f in fields)
    assert "Synthetic Owner" not in str(a.scan)


def test_a_record_number_in_the_image_blocks_the_post_with_its_box_and_no_text_read(draft):
    post = draft(photo(patient_label_photo()))
    a = post.attachments.get()
    assert a.verdict == "BLOCK" and post.verdict == "BLOCK"
    mrn = next(f for f in a.findings if f["label"] == "MRN")
    assert mrn["is_phi"] and len(mrn["box"]) == 4 and mrn["plain"]
    assert "MRN" in post.labels and "government_or_record_number" in post.reasons
    assert "Gonzalez" not in str(a.scan) and "00482913" not in str(a.scan)


def test_a_face_makes_an_allowed_post_need_authorization(draft):
    post = draft(photo(face_photo()))
    a = post.attachments.get()
    assert a.scan["faces"] >= 1 and a.verdict == "NEEDS_AUTHORIZATION"
    assert post.verdict == "NEEDS_AUTHORIZATION" and "shows_face" in post.reasons and "FACE" in post.labels


def test_a_face_is_cleared_by_an_authorization_that_covers_photos_only(people, who, draft):
    from safepost.app.consent import services as consents
    from safepost.app.consent.demo import SAMPLE_PDF, synthetic_terms

    def authorization(media_kinds):
        return consents.record_consent(who("pat"), people.acme, synthetic_terms(
            "Acme Clinic", patient_name="Maria Lopez", platforms=("mastodon",), media=media_kinds),
            document=SAMPLE_PDF)

    no_photos = authorization(("name", "story"))
    post = draft(photo(face_photo()), consent_id=no_photos.pk)
    services.submit(who("andy"), post)
    with pytest.raises(Refused, match="photo"):
        services.approve(who("rita"), post)
    services.edit_post(who("andy"), post, consent_id=authorization(("name", "story", "photo")).pk)
    services.approve(who("rita"), post)
    post.refresh_from_db()
    assert post.state == "approved"


def test_alt_text_is_scanned_like_the_posts_text(draft):
    post = draft(photo(plain_photo(), "Jane Roe, SSN 123-45-6789, after her surgery"))
    a = post.attachments.get()
    assert a.verdict == "BLOCK" and post.verdict == "BLOCK"
    assert any(f["source"] == "alt_text" and f["label"] == "SSN" for f in a.findings)
    assert "123-45-6789" not in str(a.scan)


@pytest.mark.parametrize("data, says", [
    (b"GIF89a" + b"\0" * 40, "JPEG, PNG or WebP"),
    (b"", "empty"),
    (b"\xff" * (media.MAX_BYTES + 1), "limit is 10 MB"),
])
def test_an_upload_that_is_not_taken_is_refused_with_what_to_fix(draft, data, says):
    with pytest.raises(Refused, match=says) as e:
        draft(photo(data))
    assert e.value.code == "invalid"


def test_webp_and_png_are_taken(draft):
    post = draft(photo(plain_photo("WEBP")), photo(plain_photo("PNG")))
    assert [a.mime_type for a in post.attachments.all()] == ["image/webp", "image/png"]


def test_a_fifth_image_is_refused(draft, who):
    post = draft(*[photo(plain_photo()) for _ in range(4)])
    with pytest.raises(Refused, match="at most 4 images"):
        services.edit_post(who("andy"), post, attachments=[photo(plain_photo())])
    assert post.attachments.count() == 4


def test_a_video_that_is_not_a_clip_is_refused_with_what_to_fix(draft):
    with pytest.raises(Refused, match="The video was not taken: not a video that can be read: send an MP4"):
        draft(services.NewAttachment(kind="video", mime_type="video/mp4", data=b"\0" * 100))


def test_adding_an_image_after_approval_sends_the_post_back_to_review_with_the_merged_verdict(draft, who):
    post = draft()
    services.submit(who("andy"), post)
    services.approve(who("rita"), post)
    services.edit_post(who("andy"), post, attachments=[photo(patient_label_photo())])
    post.refresh_from_db()
    assert (post.state, post.verdict, post.version) == ("in_review", "BLOCK", 2)
    assert Attachment.objects.filter(post=post).count() == 1


def test_an_image_stored_before_images_were_checked_needs_a_person_and_is_never_published_with_metadata(draft, who):
    post = draft()
    legacy = Attachment.objects.create(post=post, kind="photo", mime_type="image/jpeg",
                                       data=base64.b64encode(photo_with_gps()).decode())
    services.submit(who("andy"), post)
    post.refresh_from_db()
    assert post.verdict == "NEEDS_AUTHORIZATION" and media.NOT_CHECKED in post.reasons
    with Image.open(io.BytesIO(legacy.published_bytes())) as img:
        assert not has_metadata(img)


@pytest.fixture
def gram(people, who):
    from safepost.app.channels import services as channels
    return channels.create_channel(who("alice"), people.acme, "instagram", "Gram",
                                   {"ig_user_id": "1", "access_token": "t"}, verify=False)


def test_images_a_network_does_not_take_are_refused_at_submit_with_each_channel_named(people, who, channel, gram):
    wide = Image.new("RGB", (900, 240), (90, 140, 200))
    out = io.BytesIO()
    wide.save(out, "JPEG")
    post = services.create_post(who("andy"), people.acme, ALLOW_TEXT, [channel.pk, gram.pk],
                                attachments=[photo(plain_photo("PNG")), photo(out.getvalue())])
    with pytest.raises(Refused) as refused:
        services.submit(who("andy"), post)
    assert str(refused.value) == (
        'The images do not fit every channel. Instagram (channel "Gram"): image 1 is PNG; it takes JPEG; image 2 is '
        '900×240 (width/height 3.75); it takes 0.8 (4:5) to 1.91 (1.91:1). Change the images, or untick those channels.')
    services.edit_post(who("andy"), post, channel_ids=[channel.pk])         # Mastodon takes both
    assert services.submit(who("andy"), post).state == "in_review"


def test_the_api_answers_409_naming_the_channel_and_the_image(people, who, gram):
    from django.test import Client

    from safepost.app.accounts import services as accounts
    from safepost.app.audit.services import Who
    post = services.create_post(who("andy"), people.acme, ALLOW_TEXT, [gram.pk], attachments=[photo(plain_photo("WEBP"))])
    _k, token = accounts.create_api_key(Who.cli(people.acme), people.acme, "andy key", user=people["andy"])
    r = Client().post(f"/api/v1/posts/{post.pk}/submit", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert r.status_code == 409
    assert 'Instagram (channel "Gram"): image 1 is WebP; it takes JPEG' in r.json()["detail"]
    post.refresh_from_db()
    assert post.state == "draft"
