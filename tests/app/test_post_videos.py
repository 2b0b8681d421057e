"""Video on posts, through the services, the worker's job, the API and the post's page, on the real
database with the real media engine (ffmpeg, Tesseract): the upload validated (format, size,
duration, each channel's limits, the message naming the limit), the original encrypted and the
copy stripped of its container tags (probed again), the scan done by the job `mediascan` with
timed findings merged into the post's verdict, nothing submitted or approved while it is pending,
and the keyframes with findings shown with their boxes."""

from __future__ import annotations

import base64
import json
import subprocess

import pytest
from django.db import connection
from django.test import Client

from safepost.app.audit.models import AuditEntry
from safepost.app.channels import services as channels
from safepost.app.posts import mediascan, services
from safepost.app.posts.models import Attachment
from safepost.app.posts.rules import Refused

from .media_uploads import calm_frame, make_clip, patient_frame, require_ffmpeg, require_tesseract
from .posting import *  # noqa: F401,F403
from .posting import ALLOW_TEXT


@pytest.fixture(autouse=True)
def _tools():
    require_tesseract()
    require_ffmpeg()


@pytest.fixture(scope="module")
def patient_clip():
    """Four seconds: calm, the patient line from 1 s to 3 s, calm; a location and an author tag."""
    return make_clip([(calm_frame(), 1), (patient_frame(), 2), (calm_frame(shade=60), 1)],
                     tags={"location": "+40.7128-074.0060/", "artist": "Pat Example"})


@pytest.fixture(scope="module")
def calm_clip():
    return make_clip([(calm_frame(), 2)])


def clip(data: bytes, alt: str = "") -> services.NewAttachment:
    return services.NewAttachment(kind="video", mime_type="application/octet-stream", data=data, alt_text=alt)


@pytest.fixture
def draft(people, who, channel):
    return lambda *media, text=ALLOW_TEXT, chans=None: services.create_post(
        who("andy"), people.acme, text, [channel.pk] if chans is None else chans, attachments=list(media))


def _tags(data: bytes, tmp_path) -> dict:
    path = tmp_path / "copy.mp4"
    path.write_bytes(data)
    done = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format_tags:stream_tags", "-of", "json",
                           str(path)], capture_output=True, check=True)
    info = json.loads(done.stdout)
    return {**info["format"].get("tags", {}), **{k: v for s in info["streams"] for k, v in s.get("tags", {}).items()}}


def test_a_clip_is_kept_encrypted_its_copy_stripped_and_the_post_waits_for_the_check(draft, who, patient_clip,
                                                                                       tmp_path):
    post = draft(clip(patient_clip, "A tour of the ward"))
    a = post.attachments.get()
    assert (a.kind, a.mime_type, a.scan_state, a.width, a.height) == ("video", "video/mp4", "pending", 480, 270)
    assert 3.5 <= a.duration <= 4.5 and a.size == len(patient_clip)
    with connection.cursor() as c:
        c.execute("SELECT data, stripped, alt_text FROM posts_attachment WHERE id = %s", [a.pk])
        raw = c.fetchone()
    assert all(v.startswith("sp1:") for v in raw) and "ward" not in raw[2]
    assert base64.b64decode(a.data) == patient_clip
    stripped = a.published_bytes()
    tags = _tags(stripped, tmp_path)
    assert "artist" not in tags and "location" not in tags
    assert b"Pat Example" not in stripped and b"40.7128" not in stripped
    assert post.verdict == "NEEDS_AUTHORIZATION" and "video_check_pending" in post.reasons
    with pytest.raises(Refused, match="still being checked"):
        services.submit(who("andy"), post)


def test_the_worker_finds_the_record_number_with_its_time_and_box_and_blocks_the_post(draft, patient_clip):
    post = draft(clip(patient_clip))
    assert mediascan.scan_due("test-worker") == 1
    assert mediascan.scan_due("test-worker") == 0
    a = Attachment.objects.get(post=post)
    post.refresh_from_db()
    assert a.scan_state == "done" and a.verdict == "BLOCK" and post.verdict == "BLOCK"
    mrn = next(f for f in a.findings if f["label"] == "MRN")
    assert mrn["is_phi"] and len(mrn["box"]) == 4 and 0.9 <= mrn["time"] <= 3.0
    meta = {f["field"] for f in a.findings if f["source"] == "metadata"}
    assert {"tag location", "tag artist"} <= meta and all(f["time"] is None for f in a.findings
                                                           if f["source"] == "metadata")
    assert "MRN" in post.labels and "government_or_record_number" in post.reasons
    assert "video_check_pending" not in post.reasons
    assert "Gonzalez" not in str(a.scan) and "00482913" not in str(a.scan) and "Pat Example" not in str(a.scan)
    frames = a.frame_list()
    assert [f["time"] for f in frames] == [mrn["time"]] and frames[0]["boxes"]
    entry = AuditEntry.objects.filter(org=post.org, action="post.media_checked").get()
    assert entry.meta["media_verdict"] == "BLOCK" and "Gonzalez" not in json.dumps(entry.meta)


def test_a_calm_clip_allows_the_post_once_checked_and_it_can_then_be_approved(draft, who, calm_clip):
    post = draft(clip(calm_clip, "Our new lobby"))
    mediascan.scan_due("test-worker")
    post.refresh_from_db()
    assert post.verdict == "ALLOW" and post.attachments.get().verdict == "ALLOW"
    services.submit(who("andy"), post)
    services.approve(who("rita"), post)
    assert post.state == "approved"


def test_nothing_is_approved_while_the_check_is_pending(draft, who, calm_clip):
    post = draft()
    services.submit(who("andy"), post)
    services.edit_post(who("andy"), post, attachments=[clip(calm_clip)])      # in review again, scan pending
    assert post.state == "in_review"
    with pytest.raises(Refused, match="still being checked"):
        services.approve(who("rita"), post)
    mediascan.scan_due("test-worker")
    post.refresh_from_db()
    services.approve(who("rita"), post)
    assert post.state == "approved"


def test_a_clip_the_engine_cannot_read_needs_a_person(draft, calm_clip):
    post = draft(clip(calm_clip))
    Attachment.objects.filter(post=post).update(data=base64.b64encode(b"\0" * 500).decode())
    mediascan.scan_due("test-worker")
    a = Attachment.objects.get(post=post)
    post.refresh_from_db()
    assert a.scan_state == "failed"
    assert post.verdict == "NEEDS_AUTHORIZATION" and "video_not_checked" in post.reasons


def test_a_claimed_clip_is_not_claimed_twice(draft, calm_clip):
    draft(clip(calm_clip))
    first = mediascan.claim("w1")
    assert first is not None and mediascan.claim("w2") is None
    assert mediascan.scan_one(first, "w2") == "lost"        # not w2's claim: its result is dropped
    assert Attachment.objects.get(pk=first).scan_state == "pending"


@pytest.mark.parametrize("data,says", [
    (b"", "The video file is empty"),
    (b"\0\0\0\x18ftypmp42" + b"\0" * 400, "not a video that can be read"),
])
def test_an_upload_that_is_not_a_clip_is_refused_with_what_to_fix(draft, data, says):
    with pytest.raises(Refused, match=says):
        draft(clip(data))


def test_a_video_and_images_do_not_share_a_post(draft, who, calm_clip):
    from .media_uploads import plain_photo

    post = draft(clip(calm_clip))
    with pytest.raises(Refused, match="takes no other image or video"):
        services.edit_post(who("andy"), post, attachments=[services.NewAttachment("photo", "image/jpeg", plain_photo())])
    with pytest.raises(Refused, match="one video and nothing else"):
        draft(services.NewAttachment("photo", "image/jpeg", plain_photo()), clip(calm_clip))


@pytest.fixture
def x_channel(people, who):
    return channels.create_channel(who("alice"), people.acme, "x", "Clinic X", {"access_token": "t"}, verify=False)


def test_a_clip_longer_than_a_channel_takes_is_refused_naming_the_network_and_its_limit(people, who, x_channel):
    long_clip = make_clip([(calm_frame((64, 36)), 141)], fps=1)
    with pytest.raises(Refused) as refused:
        services.create_post(who("andy"), people.acme, ALLOW_TEXT, [x_channel.pk], attachments=[clip(long_clip)])
    assert 'X (channel "Clinic X"): the video lasts 2 min 21 s; the limit is 2 min 20 s: cut it shorter' in str(refused.value)


def test_a_webm_clip_is_taken_but_not_for_x_and_submit_names_the_channel(people, who, channel, x_channel):
    webm = make_clip([(calm_frame((160, 90)), 1)], fmt="webm")
    post = services.create_post(who("andy"), people.acme, ALLOW_TEXT, [channel.pk], attachments=[clip(webm)])
    assert post.attachments.get().mime_type == "video/webm"
    mediascan.scan_due("test-worker")
    services.edit_post(who("andy"), post, channel_ids=[channel.pk, x_channel.pk])
    with pytest.raises(Refused) as refused:
        services.submit(who("andy"), post)
    assert 'X (channel "Clinic X"): the video is WebM; it takes MP4 or MOV' in str(refused.value)


def test_a_mov_clip_is_taken_as_quicktime(draft):
    post = draft(clip(make_clip([(calm_frame((160, 90)), 1)], fmt="mov")))
    assert post.attachments.get().mime_type == "video/quicktime"


# -- API and pages ------------------------------------------------------------------------------
@pytest.fixture
def token(people):
    from safepost.app.accounts import services as accounts
    from safepost.app.audit.services import Who

    return accounts.create_api_key(Who.cli(people.acme), people.acme, "andy key", user=people["andy"])[1]


def test_the_api_takes_a_clip_and_returns_its_timed_findings_once_checked(people, who, channel, token, patient_clip):
    from django.core.files.uploadedfile import SimpleUploadedFile

    post = services.create_post(who("andy"), people.acme, ALLOW_TEXT, [channel.pk])
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    r = Client().post(f"/api/v1/posts/{post.pk}/attachments",
                      {"file": SimpleUploadedFile("tour.mp4", patient_clip, "video/mp4"), "alt_text": "Ward tour"}, **auth)
    assert r.status_code == 201, r.content
    a = r.json()["attachments"][0]
    assert (a["kind"], a["scan_state"], a["mime_type"]) == ("video", "pending", "video/mp4")
    assert r.json()["verdict"] == "NEEDS_AUTHORIZATION"
    assert Client().post(f"/api/v1/posts/{post.pk}/submit", **auth).status_code == 409
    mediascan.scan_due("test-worker")
    body = Client().get(f"/api/v1/posts/{post.pk}", **auth).json()
    a = body["attachments"][0]
    assert body["verdict"] == "BLOCK" and a["scan_state"] == "done" and a["frames_checked"] >= 2
    assert any(f["label"] == "MRN" and f["time"] is not None and f["box"] for f in a["findings"])


def test_the_post_page_shows_the_check_pending_then_the_frame_with_its_boxes(people, draft, as_user, patient_clip):
    post = draft(clip(patient_clip))
    a = post.attachments.get()
    page = as_user("rita").get(f"/o/acme/posts/{post.pk}/").content.decode()
    assert 'data-scan-state="pending"' in page and "Being checked" in page
    mediascan.scan_due("test-worker")
    rita = as_user("rita")
    page = rita.get(f"/o/acme/posts/{post.pk}/").content.decode()
    assert 'data-scan-state="done"' in page and "Being checked" not in page
    assert f"/o/acme/posts/{post.pk}/videos/{a.pk}/frames/0/" in page and '<rect class="box box-text"' in page
    assert "At 1." in page or "At 2." in page
    frame = rita.get(f"/o/acme/posts/{post.pk}/videos/{a.pk}/frames/0/")
    assert frame.status_code == 200 and frame["Content-Type"] == "image/jpeg" and frame.content[:2] == b"\xff\xd8"
    assert rita.get(f"/o/acme/posts/{post.pk}/videos/{a.pk}/frames/1/").status_code == 404
    served = rita.get(f"/o/acme/posts/{post.pk}/videos/{a.pk}/")
    assert served.status_code == 200 and b"Pat Example" not in served.content
    assert as_user("charlie").get(f"/o/other/posts/{post.pk}/videos/{a.pk}/").status_code == 404


def test_the_compose_form_takes_a_video(people, channel, as_user, calm_clip):
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = as_user("andy").post("/o/acme/posts/new/", {"text": ALLOW_TEXT, "channels": [channel.pk], "action": "save",
                                                    "video": SimpleUploadedFile("lobby.mp4", calm_clip, "video/mp4"),
                                                    "video_alt": "Our lobby"})
    assert r.status_code == 302, r.content.decode()[:2000]
    a = Attachment.objects.get(post__org=people.acme, kind="video")
    assert a.alt_text == "Our lobby" and a.scan_state == "pending"


def test_an_unexpected_error_is_retried_after_the_lease_and_the_last_attempt_needs_a_person(draft, calm_clip):

    from django.utils import timezone

    post = draft(clip(calm_clip))
    Attachment.objects.filter(post=post).update(data="not base64 at all!")       # a damaged row
    assert mediascan.scan_due("w1") == 1
    a = Attachment.objects.get(post=post)
    assert (a.scan_state, a.scan_attempts) == ("pending", 1) and mediascan.scan_due("w1") == 0   # leased
    for attempt in (2, 3):
        assert mediascan.scan_due("w1", now=timezone.now() + mediascan.LEASE * 2 * attempt) == 1
    a.refresh_from_db()
    post.refresh_from_db()
    assert (a.scan_state, a.scan_attempts) == ("failed", 3)
    assert post.verdict == "NEEDS_AUTHORIZATION" and "video_not_checked" in post.reasons


def test_the_publishing_worker_sends_back_a_post_whose_video_is_not_checked(draft, who, calm_clip, fake_platform):
    from safepost.app.posts import publishing
    from safepost.app.posts.models import Delivery

    post = draft(clip(calm_clip))
    mediascan.scan_due("w1")
    post.refresh_from_db()
    services.submit(who("andy"), post)
    services.approve(who("rita"), post)
    services.schedule(who("andy"), post, None)
    Attachment.objects.filter(post=post).update(scan_state="pending")     # e.g. a row restored from an old backup
    assert publishing.publish_due("w1") == 1
    post.refresh_from_db()
    assert post.state == "in_review" and Delivery.objects.get(post=post).state == "cancelled"
    assert fake_platform.statuses == []


def test_a_face_in_the_clip_needs_an_authorization_that_covers_video(people, who, channel):
    from PIL import Image
    from skimage import data as skimage_data

    from safepost.app.consent import services as consents
    from safepost.app.consent.demo import SAMPLE_PDF, synthetic_terms

    def authorization(media_kinds):
        return consents.record_consent(who("pat"), people.acme, synthetic_terms(
            "Acme Clinic", patient_name="Maria Lopez", platforms=("mastodon",), media=media_kinds),
            document=SAMPLE_PDF)

    face = Image.fromarray(skimage_data.astronaut()).resize((320, 320))
    photos_only = authorization(("name", "story", "photo"))
    post = services.create_post(who("andy"), people.acme, ALLOW_TEXT, [channel.pk], consent_id=photos_only.pk,
                                attachments=[clip(make_clip([(face, 1)]))])
    mediascan.scan_due("w1")
    post.refresh_from_db()
    a = post.attachments.get()
    assert a.scan["faces"] >= 1 and any(f["source"] == "face" and f["time"] is not None for f in a.findings)
    assert post.verdict == "NEEDS_AUTHORIZATION" and "shows_face" in post.reasons and "FACE" in post.labels
    services.submit(who("andy"), post)
    with pytest.raises(Refused, match="video"):
        services.approve(who("rita"), post)
    services.edit_post(who("andy"), post, consent_id=authorization(("name", "story", "video")).pk)
    services.approve(who("rita"), post)
    post.refresh_from_db()
    assert post.state == "approved"


def test_a_video_can_be_removed_even_while_it_is_being_checked(draft, who, calm_clip):
    from safepost.app.posts import media_edits

    post = draft(clip(calm_clip))
    a = post.attachments.get()
    assert mediascan.claim("w1") == a.pk                                # the worker has it in hand
    media_edits.remove_video(who("andy"), post, a.pk)
    post.refresh_from_db()
    assert post.attachments.count() == 0 and post.version == 2
    assert post.verdict == "ALLOW" and "video_check_pending" not in post.reasons
    with pytest.raises(Attachment.DoesNotExist):
        mediascan.scan_one(a.pk, "w1")                                   # its claim had nothing left to check
    assert mediascan.scan_due("w1") == 0
    assert AuditEntry.objects.filter(org=post.org, action="post.video_remove").count() == 1
    services.submit(who("andy"), post)                                   # nothing pending any more
    assert post.state == "in_review"


def test_the_remove_button_takes_the_video_off_and_another_posts_video_is_404(people, draft, as_user, calm_clip):
    post = draft(clip(calm_clip))
    a = post.attachments.get()
    andy = as_user("andy")
    assert f"/o/acme/posts/{post.pk}/videos/{a.pk}/remove/" in andy.get(f"/o/acme/posts/{post.pk}/").content.decode()
    other = draft()
    assert andy.post(f"/o/acme/posts/{other.pk}/videos/{a.pk}/remove/").status_code == 404
    assert andy.post(f"/o/acme/posts/{post.pk}/videos/{a.pk}/remove/").status_code == 302
    assert not Attachment.objects.filter(pk=a.pk).exists()


def test_the_api_removes_a_video(people, who, channel, token, calm_clip):
    post = services.create_post(who("andy"), people.acme, ALLOW_TEXT, [channel.pk], attachments=[clip(calm_clip)])
    a = post.attachments.get()
    r = Client().delete(f"/api/v1/posts/{post.pk}/attachments/{a.pk}", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert r.status_code == 200 and r.json()["attachments"] == [] and r.json()["verdict"] == "ALLOW"
    r = Client().delete(f"/api/v1/posts/{post.pk}/attachments/{a.pk}", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert r.status_code == 404
