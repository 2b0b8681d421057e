"""The worker's job `mediascan`: check the videos of posts (keyframes through OCR, the text engine
and the face detector; container tags), which takes seconds, outside the request that uploaded them.

An attachment is claimed like a delivery (posts/publishing.py): a conditional UPDATE of a
``pending`` row whose lease is free sets a lease, this worker's name and attempts+1, and commits
before the scan. The result is written only if the claim is still ours. A clip the engine cannot
read is ``failed`` at once (a person must watch it: the post needs authorization at least); a
server that cannot check at all (ffmpeg or Tesseract missing) leaves it pending for the next try,
until `MAX_ATTEMPTS`. Logs carry ids and error class names only.
"""

from __future__ import annotations

import base64
import logging
import tempfile
from datetime import date, timedelta
from pathlib import Path

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from safepost.app.audit.services import Who
from safepost.app.posts import services, videos
from safepost.app.posts.models import Attachment
from safepost.engine.media import MediaError, scan_video
from safepost.engine.media.errors import TESSERACT_MISSING
from safepost.engine.media.video import FFMPEG_MISSING

log = logging.getLogger("safepost.worker")

LEASE = timedelta(minutes=10)
MAX_ATTEMPTS = 3
UNAVAILABLE = {TESSERACT_MISSING, FFMPEG_MISSING}


def _due(now) -> Q:
    return Q(scan_state="pending") & (Q(scan_lease_until__isnull=True) | Q(scan_lease_until__lt=now))


def claim(worker: str, *, now=None) -> int | None:
    """Claim one pending video for `worker`; its id, or None when nothing is due."""
    now = now or timezone.now()
    with transaction.atomic():
        ids = list(Attachment.objects.select_for_update(skip_locked=True).filter(_due(now))
                   .order_by("id").values_list("pk", flat=True)[:1])
        for pk in ids:
            if Attachment.objects.filter(_due(now), pk=pk).update(
                    scan_lease_until=now + LEASE, scan_worker=worker[:80], scan_attempts=F("scan_attempts") + 1):
                return pk
    return None


def _write(pk: int, worker: str, **fields) -> Attachment | None:
    """Store the outcome if the claim is still ours; the attachment, or None (claim lost or post gone)."""
    with transaction.atomic():
        n = Attachment.objects.filter(pk=pk, scan_state="pending", scan_worker=worker[:80]).update(
            scan_lease_until=None, **fields)
        return Attachment.objects.select_related("post", "post__org").get(pk=pk) if n else None


def scan_one(pk: int, worker: str) -> str:
    """Scan a claimed video and fold its verdict into its post's. Returns done, failed, retry or lost."""
    a = Attachment.objects.select_related("post", "post__org").get(pk=pk)
    post = a.post
    alt = (a.scan or {}).get("alt") or {}
    try:
        with tempfile.TemporaryDirectory(prefix="safepost-scan-") as tmp:
            path = Path(tmp) / f"clip{videos.SUFFIX.get(a.mime_type, '.mp4')}"
            path.write_bytes(base64.b64decode(a.data))          # the original: its tags are findings too
            report = scan_video(path, direction="outbound", kind="post", policy=services.policy_for(post.org),
                                today=date.today())
    except MediaError as e:
        if str(e) in UNAVAILABLE and a.scan_attempts < MAX_ATTEMPTS:
            log.warning("video %s cannot be checked on this server yet (attempt %s)", pk, a.scan_attempts)
            return "retry"                                     # the lease runs out; tried again then
        log.warning("video %s could not be checked: %s", pk, type(e).__name__)
        done = _write(pk, worker, scan_state="failed", verdict="", scan={"failed": True, "alt": alt,
                                                                         "error": "unreadable"})
        outcome = "failed"
    else:
        verdict, scan, frames = videos.scan_record(report, alt)
        done = _write(pk, worker, scan_state="done", verdict=verdict, scan=scan, frames=frames)
        outcome = "done"
    if done is None:
        return "lost"
    services.media_checked(Who(org=post.org, actor_id=None, actor=f"worker:{worker}"[:254]), post, done)
    return outcome


def _give_up_if_spent(pk: int, worker: str) -> None:
    """After an unexpected error: on the last attempt the clip is `failed` (a person must watch it);
    before that its lease runs out and it is tried again."""
    a = Attachment.objects.select_related("post", "post__org").get(pk=pk)
    if a.scan_attempts < MAX_ATTEMPTS:
        return
    done = _write(pk, worker, scan_state="failed", verdict="",
                  scan={"failed": True, "alt": (a.scan or {}).get("alt") or {}, "error": "internal"})
    if done is not None:
        services.media_checked(Who(org=a.post.org, actor_id=None, actor=f"worker:{worker}"[:254]), a.post, done)


def scan_due(worker: str, *, max_items: int = 10, now=None) -> int:
    """One slice of the job: claim and scan pending videos until none is due (or max_items)."""
    done = 0
    while done < max_items:
        pk = claim(worker, now=now)
        if pk is None:
            break
        try:
            scan_one(pk, worker)
        except Attachment.DoesNotExist:
            pass                      # removed from its post while it was being checked
        except Exception as e:        # a bug or a damaged row: never the content in the log
            log.error("video %s: the check failed: %s", pk, type(e).__name__)
            if Attachment.objects.filter(pk=pk).exists():
                _give_up_if_spent(pk, worker)
        done += 1
    return done
