"""LinkedIn organization posts against recorded Posts API payloads."""

from __future__ import annotations

import json

import httpx
import pytest
from connector_helpers import image, post

from safepost.connectors import ConnectorError, LinkedInConnector, RemotePost
from safepost.connectors.linkedin import escape_little_text, unescape_little_text

TEXT = "Flu shots this Saturday (walk-ins welcome) #FluSeason"
SHARE = "urn:li:share:7168934127300000000"


def connector(recorder) -> LinkedInConnector:
    return LinkedInConnector("5515715", "li-token", transport=recorder.transport)


def created(request: httpx.Request) -> httpx.Response:
    return httpx.Response(201, headers={"x-restli-id": SHARE})


def test_it_publishes_an_organization_post(recorder):
    recorder.on("POST", "/rest/posts", created)
    remote = connector(recorder).publish(post(TEXT))
    assert remote == RemotePost("linkedin", SHARE, f"https://www.linkedin.com/feed/update/{SHARE}/")
    [sent] = recorder.sent("POST", "/rest/posts")
    assert sent.headers["LinkedIn-Version"] == "202510"
    assert sent.headers["X-Restli-Protocol-Version"] == "2.0.0"
    body = json.loads(sent.content)
    assert body["author"] == "urn:li:organization:5515715"
    assert body["commentary"] == r"Flu shots this Saturday \(walk-ins welcome\) \#FluSeason"
    assert (body["visibility"], body["lifecycleState"]) == ("PUBLIC", "PUBLISHED")


def test_it_uploads_images_through_the_images_api(recorder):
    recorder.on("POST", "/rest/images", (200, "linkedin/image_initialize"))
    recorder.on("PUT", "/dms-uploads/sp/v2/D4D10AQH/uploaded-image/0", (201, None))
    recorder.on("POST", "/rest/posts", created)
    connector(recorder).publish(post(TEXT, media=(image(),)))
    init = json.loads(recorder.sent("POST", "/rest/images")[0].content)
    assert init == {"initializeUploadRequest": {"owner": "urn:li:organization:5515715"}}
    assert recorder.sent("PUT", "/dms-uploads/sp/v2/D4D10AQH/uploaded-image/0")[0].content.startswith(b"\x89PNG")
    content = json.loads(recorder.sent("POST", "/rest/posts")[0].content)["content"]
    assert content == {"media": {"id": "urn:li:image:C4D10AQGnZ8o9vY4vEA", "altText": "The new lobby"}}


def test_a_retry_finds_the_post_an_earlier_attempt_made(recorder):
    recorder.on("GET", "/rest/posts", (200, "linkedin/posts_lookup"))
    remote = connector(recorder).publish(post(TEXT, attempt=2))
    assert remote.already_existed and remote.id == SHARE
    assert recorder.sent("POST", "/rest/posts") == []


def test_a_duplicate_on_a_retry_is_our_own_post(recorder):
    recorder.on("GET", "/rest/posts", (200, {"elements": []}))
    recorder.on("POST", "/rest/posts", (422, "linkedin/error_duplicate"))
    remote = connector(recorder).publish(post(TEXT, attempt=2))
    assert remote.already_existed and remote.id == SHARE


def test_a_duplicate_on_a_first_attempt_is_a_clear_permanent_error(recorder):
    recorder.on("POST", "/rest/posts", (422, "linkedin/error_duplicate"))
    with pytest.raises(ConnectorError) as info:
        connector(recorder).publish(post(TEXT))
    assert info.value.permanent and info.value.code == "duplicate" and info.value.existing_id == SHARE


@pytest.mark.parametrize(
    "status, payload, permanent, code",
    [
        (401, "linkedin/error_token_expired", True, "auth"),
        (429, "linkedin/error_rate_limit", False, "rate_limited"),
        (403, "linkedin/error_permission", True, "forbidden"),
        (504, "linkedin/error_server", False, "server_error"),
    ],
)
def test_it_maps_errors(recorder, status, payload, permanent, code):
    recorder.on("POST", "/rest/posts", (status, payload))
    with pytest.raises(ConnectorError) as info:
        connector(recorder).publish(post(TEXT))
    assert (info.value.permanent, info.value.code) == (permanent, code)
    assert "walk-ins" not in info.value.message
    if code == "rate_limited":
        assert 0 < info.value.retry_after <= 86400  # until the daily quota resets (midnight UTC)


def test_it_reads_comments_and_answers_them(recorder):
    recorder.on("GET", "/rest/posts", (200, "linkedin/posts_lookup"))
    recorder.on("GET", f"/rest/socialActions/{SHARE}/comments", (200, "linkedin/comments"))
    c = connector(recorder)
    page = c.fetch_replies()
    [item] = page.items  # the organization's own answer is left out
    assert item.author_handle == "urn:li:person:Ab12Cd34" and item.text == "Do you need an appointment?"
    assert item.root_id == SHARE and item.id.startswith("urn:li:comment:(")
    assert page.next_cursor == "2026-03-02T15:10:00+00:00"
    assert c.fetch_replies(page.next_cursor).items == []

    recorder.on("POST", f"/rest/socialActions/{item.id}/comments", lambda r: httpx.Response(201, headers={"x-restli-id": "urn:li:comment:(urn:li:activity:1,2)"}))
    answer = c.reply(item, "No appointment needed.")
    sent = json.loads(recorder.sent("POST", f"/rest/socialActions/{item.id}/comments")[0].content)
    assert sent == {"actor": "urn:li:organization:5515715", "object": SHARE, "message": {"text": "No appointment needed."}, "parentComment": item.id}
    assert answer.id == "urn:li:comment:(urn:li:activity:1,2)"


def test_it_reads_metrics_and_deletes(recorder):
    recorder.on("GET", f"/rest/socialMetadata/{SHARE}", (200, "linkedin/social_metadata"))
    recorder.on("DELETE", f"/rest/posts/{SHARE}", (204, None), (404, {"status": 404, "message": "Not Found"}))
    c = connector(recorder)
    remote = RemotePost("linkedin", SHARE)
    assert c.fetch_metrics(remote) == {"reactions": 11, "comments": 2}
    c.delete(remote)
    c.delete(remote)
    assert recorder.sent("DELETE", f"/rest/posts/{SHARE}")[0].url.raw_path.endswith(b"urn%3Ali%3Ashare%3A7168934127300000000")


def test_little_text_escaping_round_trips():
    text = r"50% off (today) #Flu @clinic [x] <y> *z* _w_ ~v~ a\b |c| {d}"
    assert unescape_little_text(escape_little_text(text)) == text


VIDEO = "urn:li:video:C5505AQH-oV1qvnFtKA"
PARTS = [f"/dms-uploads/sp/v2/C5505AQH/uploadedVideo/{i}" for i in range(3)]


def _etag(i: int):
    return lambda request: httpx.Response(200, headers={"etag": f"/ambry-video/part-{i}"})


def test_it_uploads_a_video_in_the_parts_linkedin_asks_for_and_posts_it(recorder):
    from connector_helpers import video

    sleeps = []
    recorder.on("POST", "/rest/videos", (200, "linkedin/video_initialize"), (200, {}))
    for i, part in enumerate(PARTS):
        recorder.on("PUT", part, _etag(i))
    recorder.on("GET", f"/rest/videos/{VIDEO}", (200, "linkedin/video_processing"), (200, "linkedin/video_available"))
    recorder.on("POST", "/rest/posts", created)
    clip = video()
    c = LinkedInConnector("5515715", "li-token", transport=recorder.transport, sleep=sleeps.append)
    remote = c.publish(post(TEXT, media=(clip,)))
    assert remote.id == SHARE
    init, final = recorder.sent("POST", "/rest/videos")
    assert init.url.params["action"] == "initializeUpload" and final.url.params["action"] == "finalizeUpload"
    assert json.loads(init.content) == {"initializeUploadRequest": {
        "owner": "urn:li:organization:5515715", "fileSizeBytes": len(clip.data), "uploadCaptions": False,
        "uploadThumbnail": False}}
    parts = [recorder.sent("PUT", p)[0].content for p in PARTS]
    assert b"".join(parts) == clip.data and [len(p) for p in parts] == [4194304, 4194304, 611328]
    assert json.loads(final.content) == {"finalizeUploadRequest": {
        "video": VIDEO, "uploadToken": "", "uploadedPartIds": [f"/ambry-video/part-{i}" for i in range(3)]}}
    assert len(recorder.sent("GET", f"/rest/videos/{VIDEO}")) == 2 and sleeps == [2.0]
    assert json.loads(recorder.sent("POST", "/rest/posts")[0].content)["content"] == {"media": {"id": VIDEO}}


def test_a_video_linkedin_cannot_process_is_permanent_and_nothing_is_posted(recorder):
    from connector_helpers import video

    recorder.on("POST", "/rest/videos", (200, "linkedin/video_initialize"), (200, {}))
    for i, part in enumerate(PARTS):
        recorder.on("PUT", part, _etag(i))
    recorder.on("GET", f"/rest/videos/{VIDEO}", (200, "linkedin/video_failed"))
    with pytest.raises(ConnectorError, match="PROCESSING_FAILED") as e:
        connector(recorder).publish(post(TEXT, media=(video(),)))
    assert e.value.permanent and not recorder.sent("POST", "/rest/posts")
