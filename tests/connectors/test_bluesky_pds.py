"""Bluesky end to end: our connector against the real AT Protocol reference PDS + AppView
running on loopback (see conftest.atproto_network)."""

from __future__ import annotations

import struct
import time
import zlib
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any, TypeVar

import pytest

from safepost.connectors import ConnectorError, MediaItem, OutboundPost, RemotePost
from safepost.connectors.bluesky import POST, BlueskyConnector, tid_for
from safepost.connectors.devnet import AtprotoDevNetwork, DevAccount

T = TypeVar("T")


def png(width: int = 2, height: int = 2) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def eventually(check: Callable[[], T | None], timeout: float = 15.0) -> T:
    """The AppView indexes the PDS's firehose asynchronously (about a second here)."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError("the AppView did not show it in time")
        time.sleep(0.2)


def get_record(net: AtprotoDevNetwork, uri: str) -> tuple[int, dict[str, Any]]:
    repo, collection, rkey = uri[5:].split("/")
    r = net.xrpc("GET", "com.atproto.repo.getRecord", params={"repo": repo, "collection": collection, "rkey": rkey})
    return r.status_code, r.json()


def list_posts(net: AtprotoDevNetwork, did: str) -> list[dict[str, Any]]:
    r = net.xrpc("GET", "com.atproto.repo.listRecords", params={"repo": did, "collection": POST, "limit": 100})
    assert r.status_code == 200
    return r.json()["records"]


def _now() -> str:
    return datetime.now(timezone.utc).isoformat().replace("+00:00", "Z")


def _indexed(connector: BlueskyConnector, remote: RemotePost) -> bool:
    try:
        connector.fetch_metrics(remote)
        return True
    except ConnectorError as exc:
        assert exc.code == "not_found"
        return False


def outbound(text: str, key: str, **kw: Any) -> OutboundPost:
    return OutboundPost(key=key, text=text, first_attempt_at=datetime.now(timezone.utc), **kw)


@pytest.fixture(scope="module")
def alice(atproto_network: AtprotoDevNetwork) -> DevAccount:
    return atproto_network.create_account("alice-clinic.test")


@pytest.fixture(scope="module")
def bob(atproto_network: AtprotoDevNetwork) -> DevAccount:
    return atproto_network.create_account("bob-public.test")


@pytest.fixture
def connector(atproto_network: AtprotoDevNetwork, alice: DevAccount) -> BlueskyConnector:
    return BlueskyConnector(atproto_network.pds_url, alice.handle, alice.app_password)


def test_it_publishes_a_post_that_reads_back_from_the_pds(atproto_network, alice, bob, connector):
    text = "Flu shots at our Elm St clinic this Saturday, see https://example.org/flu #FluSeason @bob-public.test"
    remote = connector.publish(outbound(text, "post-1:chan-1"))

    assert remote.platform == "bluesky"
    assert remote.id.startswith(f"at://{alice.did}/{POST}/")
    assert remote.url == f"https://bsky.app/profile/{alice.handle}/post/{remote.id.rsplit('/', 1)[1]}"
    assert remote.cid and not remote.already_existed

    status, body = get_record(atproto_network, remote.id)
    assert status == 200
    assert body["cid"] == remote.cid
    record = body["value"]
    assert record["text"] == text
    features = {f["features"][0]["$type"].rsplit("#", 1)[1]: f for f in record["facets"]}
    assert features["link"]["features"][0]["uri"] == "https://example.org/flu"
    assert features["tag"]["features"][0]["tag"] == "FluSeason"
    assert features["mention"]["features"][0]["did"] == bob.did
    link = features["link"]["index"]
    assert text.encode()[link["byteStart"] : link["byteEnd"]] == b"https://example.org/flu"
    assert [r["uri"] for r in list_posts(atproto_network, alice.did)].count(remote.id) == 1


def test_it_does_not_publish_twice_when_a_retry_follows_a_crash(atproto_network, alice, connector):
    post = outbound("Our new pediatric wing opens Monday.", "post-2:chan-1")
    first = connector.publish(post)
    before = len(list_posts(atproto_network, alice.did))

    # The worker crashed after the platform answered: same key, same first attempt.
    same_attempt = connector.publish(post)
    retry = connector.publish(OutboundPost(post.key, post.text, post.first_attempt_at, attempt=2))
    other_worker = BlueskyConnector(atproto_network.pds_url, alice.handle, alice.app_password)
    concurrent = other_worker.publish(post)

    assert same_attempt.id == retry.id == concurrent.id == first.id
    assert same_attempt.already_existed and retry.already_existed and concurrent.already_existed
    assert len(list_posts(atproto_network, alice.did)) == before
    assert first.id.rsplit("/", 1)[1] == tid_for(post.key, post.first_attempt_at)


def test_it_deletes_a_post_and_it_is_gone(atproto_network, connector):
    remote = connector.publish(outbound("Walk-in hours change next week.", "post-3:chan-1"))
    assert get_record(atproto_network, remote.id)[0] == 200

    connector.delete(remote)

    status, body = get_record(atproto_network, remote.id)
    assert status == 400 and body["error"] == "RecordNotFound"
    connector.delete(remote)  # already gone: not an error


def test_it_uploads_images_with_alt_text(atproto_network, connector):
    image = MediaItem(mime_type="image/png", alt_text="The new lobby, empty", data=png(), width=2, height=2)
    remote = connector.publish(outbound("Our renovated lobby", "post-4:chan-1", media=(image,)))

    embed = get_record(atproto_network, remote.id)[1]["value"]["embed"]
    assert embed["$type"] == "app.bsky.embed.images"
    assert embed["images"][0]["alt"] == "The new lobby, empty"
    assert embed["images"][0]["image"]["mimeType"] == "image/png"
    assert embed["images"][0]["aspectRatio"] == {"width": 2, "height": 2}


def mp4_clip(seconds: int = 1) -> bytes:
    """A small H.264 MP4 made here by Debian's ffmpeg (its test pattern)."""
    import subprocess
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "clip.mp4"
        subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=160x90:rate=4",
                        "-t", str(seconds), "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
                        str(out)], capture_output=True, check=True)
        return out.read_bytes()


def test_it_publishes_a_video_as_an_embed_video_blob_that_reads_back_byte_for_byte(atproto_network, alice, connector):
    data = mp4_clip()
    clip = MediaItem(mime_type="video/mp4", alt_text="A walk through the new lobby", data=data, width=160, height=90,
                     duration=1.0)
    remote = connector.publish(outbound("Take a look at our new lobby", "post-v1:chan-1", media=(clip,)))
    status, body = get_record(atproto_network, remote.id)
    assert status == 200
    embed = body["value"]["embed"]
    assert embed["$type"] == "app.bsky.embed.video"
    assert embed["alt"] == "A walk through the new lobby"
    assert embed["aspectRatio"] == {"width": 160, "height": 90}
    assert embed["video"]["mimeType"] == "video/mp4" and embed["video"]["size"] == len(data)
    blob = atproto_network.xrpc("GET", "com.atproto.sync.getBlob",
                                params={"did": alice.did, "cid": embed["video"]["ref"]["$link"]})
    assert blob.status_code == 200 and blob.content == data


def test_it_refuses_a_video_beside_an_image_before_any_upload(connector):
    clip = MediaItem(mime_type="video/mp4", data=b"\0" * 10, duration=1.0)
    image = MediaItem(mime_type="image/png", data=png())
    with pytest.raises(ConnectorError, match="one video and nothing beside it") as e:
        connector.publish(outbound("Two things", "post-v2:chan-1", media=(clip, image)))
    assert e.value.permanent


def test_it_refuses_a_bad_password_permanently(atproto_network, alice):
    bad = BlueskyConnector(atproto_network.pds_url, alice.handle, "wrong-wrong-wrong")
    with pytest.raises(ConnectorError) as info:
        bad.publish(outbound("hello", "post-5:chan-1"))
    assert info.value.permanent and info.value.needs_reconnect
    assert info.value.status == 401 and "AuthenticationRequired" in info.value.message


def test_it_refuses_text_over_300_graphemes_without_echoing_it(connector):
    text = "Patient Jane Roe " + "é" * 300
    with pytest.raises(ConnectorError) as info:
        connector.publish(outbound(text, "post-6:chan-1"))
    assert info.value.permanent and info.value.code == "invalid"
    assert "Jane" not in info.value.message and "317 graphemes" in info.value.message


def test_it_counts_graphemes_not_code_points(atproto_network, connector):
    family = "\U0001F468\u200d\U0001F469\u200d\U0001F467"  # one grapheme, five code points
    remote = connector.publish(outbound(family * 150, "post-7:chan-1"))  # 750 code points
    assert get_record(atproto_network, remote.id)[1]["value"]["text"] == family * 150


def test_it_refreshes_an_expired_access_token(atproto_network, alice):
    saved: list[dict[str, str]] = []
    first = BlueskyConnector(atproto_network.pds_url, alice.handle, alice.app_password, on_session=saved.append)
    first.verify()
    stale = dict(saved[-1], accessJwt="eyJhbGciOiJIUzI1NiJ9.e30.invalid")

    worker = BlueskyConnector(
        atproto_network.pds_url, alice.handle, "not-needed-when-refresh-works", session=stale, on_session=saved.append
    )
    remote = worker.publish(outbound("Refreshed session post", "post-8:chan-1"))

    assert get_record(atproto_network, remote.id)[0] == 200
    assert saved[-1]["accessJwt"] != stale["accessJwt"]


def test_it_fetches_replies_answers_them_and_reads_metrics(atproto_network, alice, bob, connector):
    since = connector.fetch_replies().next_cursor
    remote = connector.publish(outbound("Thank you to our nurses!", "post-9:chan-1"))
    # A person replies once they see the post: wait until the AppView has indexed it (it
    # indexes each repo on its own, and makes no reply notification for an unknown parent).
    eventually(lambda: _indexed(connector, remote))

    # Bob, a member of the public, replies and likes from his own account.
    ref = {"uri": remote.id, "cid": remote.cid}
    now = datetime.now(timezone.utc).isoformat().replace("+00:00", "Z")
    r = atproto_network.xrpc(
        "POST",
        "com.atproto.repo.createRecord",
        headers=bob.auth,
        json={
            "repo": bob.did,
            "collection": POST,
            "record": {"$type": POST, "text": "My nurse there was great", "createdAt": now, "reply": {"root": ref, "parent": ref}},
        },
    )
    assert r.status_code == 200, r.text
    bob_reply_uri = r.json()["uri"]
    r = atproto_network.xrpc(
        "POST",
        "com.atproto.repo.createRecord",
        headers=bob.auth,
        json={"repo": bob.did, "collection": "app.bsky.feed.like", "record": {"$type": "app.bsky.feed.like", "subject": ref, "createdAt": _now()}},
    )
    assert r.status_code == 200, r.text

    page = eventually(lambda: (p := connector.fetch_replies(since)).items and p)
    [item] = [i for i in page.items if i.id == bob_reply_uri]
    assert item.kind == "reply"
    assert item.author_handle == bob.handle and item.author_id == bob.did
    assert item.text == "My nurse there was great"
    assert item.parent_id == remote.id and item.root_id == remote.id
    assert item.url and item.url.startswith(f"https://bsky.app/profile/{bob.handle}/post/")
    assert "My nurse" not in repr(item)

    # Nothing new since the cursor we were handed.
    assert connector.fetch_replies(page.next_cursor).items == []

    answer = connector.reply(item, "Thank you for your kind words!", key="reply-1")
    again = connector.reply(item, "Thank you for your kind words!", key="reply-1")
    assert again.id == answer.id and again.already_existed
    record = get_record(atproto_network, answer.id)[1]["value"]
    assert record["reply"]["parent"] == {"uri": bob_reply_uri, "cid": item.cid}
    assert record["reply"]["root"] == ref

    metrics = eventually(lambda: (m := connector.fetch_metrics(remote))["likes"] >= 1 and m["replies"] >= 1 and m)
    assert metrics["likes"] == 1 and metrics["replies"] >= 1 and metrics["reposts"] == 0


def test_it_sees_mentions_from_other_accounts(atproto_network, alice, bob, connector):
    since = connector.fetch_replies().next_cursor
    text = "@alice-clinic.test what are your hours?"
    now = datetime.now(timezone.utc).isoformat().replace("+00:00", "Z")
    facet = {"index": {"byteStart": 0, "byteEnd": 18}, "features": [{"$type": "app.bsky.richtext.facet#mention", "did": alice.did}]}
    r = atproto_network.xrpc(
        "POST",
        "com.atproto.repo.createRecord",
        headers=bob.auth,
        json={"repo": bob.did, "collection": POST, "record": {"$type": POST, "text": text, "createdAt": now, "facets": [facet]}},
    )
    assert r.status_code == 200, r.text

    page = eventually(lambda: (p := connector.fetch_replies(since)).items and p)
    [item] = page.items
    assert item.kind == "mention" and item.parent_id is None and item.text == text


def test_a_stored_remote_post_round_trips(connector):
    remote = connector.publish(outbound("Round trip", "post-10:chan-1"))
    assert RemotePost.from_dict(remote.to_dict()) == remote


def test_the_network_started_quickly(atproto_network):
    assert atproto_network.startup_seconds < 30
    assert atproto_network.appview_url


def test_first_attempt_timestamp_is_used_for_created_at(atproto_network, connector):
    when = datetime(2026, 5, 1, 9, 30, tzinfo=timezone.utc) - timedelta(microseconds=1)
    remote = connector.publish(OutboundPost("post-11:chan-1", "Scheduled", when))
    assert get_record(atproto_network, remote.id)[1]["value"]["createdAt"] == "2026-05-01T09:29:59.999Z"
