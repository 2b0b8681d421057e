"""Posts, their approvals, their deliveries (one per channel) and takedowns. Storage only:
the workflow is decided in rules.py and driven by services.py."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from safepost.app.accounts.models import Organization, User
from safepost.app.channels.models import Channel
from safepost.app.lib.fields import EncryptedTextField
from safepost.app.posts.rules import DELIVERY_LABELS, STATE_LABELS, Delivery as DeliveryState, State


class Post(models.Model):
    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    text = EncryptedTextField()                       # may be about a patient: encrypted at rest
    text_fp = models.CharField(max_length=64, blank=True, default="")   # audit.fingerprint(text)
    version = models.PositiveIntegerField(default=1)  # +1 on every edit; approvals are per version
    state = models.CharField(max_length=20, default=State.DRAFT.value,
                             choices=[(s.value, STATE_LABELS[s]) for s in State])
    channels = models.ManyToManyField(Channel, blank=True, related_name="+")
    publish_at = models.DateTimeField(null=True, blank=True)
    # the engine's answer for `scanned_version` (labels and reason codes only: no text)
    verdict = models.CharField(max_length=24, blank=True, default="")
    reasons = models.JSONField(default=list, blank=True)
    labels = models.JSONField(default=list, blank=True)
    scanned_version = models.PositiveIntegerField(default=0)
    # the patient's authorization this post relies on (NEEDS_AUTHORIZATION), and for which use
    consent = models.ForeignKey("consent.Consent", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    consent_use = models.CharField(max_length=40, blank=True, default="")
    # a privacy officer's override of a BLOCK (for this version)
    override_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    override_at = models.DateTimeField(null=True, blank=True)
    override_reason = EncryptedTextField(blank=True, default="")
    override_version = models.PositiveIntegerField(default=0)
    # everyone who wrote words of the text (the author, then each person whose edit changed it):
    # none of them may approve or override it
    editors = models.JSONField(default=list, blank=True)
    # why it was last rejected or sent back (shown to the author)
    review_note = EncryptedTextField(blank=True, default="")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["org", "state", "-created"], name="post_org_state"),
                   models.Index(fields=["org", "publish_at"], name="post_org_publish_at"),
                   models.Index(fields=["org", "-created", "-id"], name="post_org_newest")]
        ordering = ["-created", "-id"]

    @property
    def state_enum(self) -> State:
        return State(self.state)

    @property
    def state_label(self) -> str:
        return STATE_LABELS[State(self.state)]

    @property
    def overridden(self) -> bool:
        return self.override_at is not None and self.override_version == self.version

    @property
    def scanned(self) -> bool:
        return self.scanned_version == self.version


class Attachment(models.Model):
    """An image or a video to publish with the post. The bytes are encrypted at rest (base64 in an
    EncryptedTextField, AES-GCM under the keyring): `data` is the original as uploaded, `stripped`
    the copy without metadata that is shown and published (posts/media.py).

    A video is scanned by the worker (job `mediascan`, posts/mediascan.py): `scan_state` is
    ``pending`` until then (the post can be neither submitted nor approved), ``done`` after, or
    ``failed`` when the clip could not be checked (a person must watch it). `frames` holds, encrypted,
    the checked keyframes that have findings (JPEG, base64, with their time) for the review page."""

    SCAN_STATES = [("done", "Checked"), ("pending", "Being checked"), ("failed", "Could not be checked")]

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(max_length=10, choices=[("photo", "Photo"), ("video", "Video")])
    mime_type = models.CharField(max_length=100)
    data = EncryptedTextField()
    stripped = EncryptedTextField(blank=True, default="")
    size = models.PositiveIntegerField(default=0)           # bytes of the original
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    alt_text = EncryptedTextField(blank=True, default="")
    # the media engine's answer: verdict, reason codes, findings (label, plain words, box; no text read)
    verdict = models.CharField(max_length=24, blank=True, default="")
    scan = models.JSONField(default=dict, blank=True)
    # the redacted copy (faces blurred, text findings boxed out; no metadata), made at upload when
    # the scan found something to cover, with its own scan; and which copy the reviewer publishes
    redacted = EncryptedTextField(blank=True, default="")
    redacted_scan = models.JSONField(default=dict, blank=True)
    publish_copy = models.CharField(max_length=10, default="original",
                                    choices=[("original", "Original (metadata removed)"), ("redacted", "Redacted")])
    created = models.DateTimeField(auto_now_add=True)
    # video: seconds, and the worker's scan (claimed like a delivery: a lease, attempts)
    duration = models.FloatField(default=0.0)
    scan_state = models.CharField(max_length=10, default="done", choices=SCAN_STATES)
    scan_attempts = models.PositiveSmallIntegerField(default=0)
    scan_lease_until = models.DateTimeField(null=True, blank=True)
    scan_worker = models.CharField(max_length=80, blank=True, default="")
    frames = EncryptedTextField(blank=True, default="")      # JSON: [{"time", "width", "height", "jpeg"}]

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["scan_state"], name="attachment_scan_pending",
                                condition=Q(scan_state="pending"))]

    @property
    def has_redacted(self) -> bool:
        return bool(self.redacted)

    @property
    def uses_redacted(self) -> bool:
        return self.publish_copy == "redacted" and self.has_redacted

    @property
    def chosen_scan(self) -> dict:
        """The scan of the copy that would be published: what joins the post's verdict."""
        return (self.redacted_scan or {}) if self.uses_redacted else (self.scan or {})

    def copy_bytes(self, copy: str) -> bytes:
        """One copy by name ("original": the stripped original; "redacted"); MediaError if absent."""
        import base64

        if copy == "redacted":
            if not self.redacted:
                from safepost.engine.media import MediaError

                raise MediaError("this image has no redacted copy")
            return base64.b64decode(self.redacted)
        return self.stripped_bytes()

    def published_bytes(self) -> bytes:
        """The copy that may leave SafePost: the redacted one when the reviewer chose it, else the
        stripped original."""
        return self.copy_bytes(self.publish_copy if self.uses_redacted else "original")

    def stripped_bytes(self) -> bytes:
        """The original without metadata. A row stored before images were checked (posts migration
        0004) has none, so its original is stripped now; MediaError if that cannot be done (the
        original is never handed out)."""
        import base64

        if self.stripped:
            return base64.b64decode(self.stripped)
        from safepost.engine.media import MediaError, strip

        if self.kind == "video":
            raise MediaError("the video has no copy without metadata")

        return strip(base64.b64decode(self.data))

    @property
    def findings(self) -> list[dict]:
        return list((self.scan or {}).get("findings", []))

    @property
    def redacted_findings(self) -> list[dict]:
        return list((self.redacted_scan or {}).get("findings", []))

    @property
    def boxes(self) -> list[dict]:
        return [f for f in self.findings if f.get("box")]

    @property
    def pending(self) -> bool:
        return self.scan_state == "pending"

    def frame_list(self) -> list[dict]:
        """The keyframes with findings (time, size, JPEG as base64), each with its findings' boxes."""
        import json

        frames = json.loads(self.frames) if self.frames else []
        for i, frame in enumerate(frames):
            frame["index"] = i
            frame["findings"] = [f for f in self.findings if f.get("time") == frame["time"]]
            frame["boxes"] = [f for f in frame["findings"] if f.get("box")]
        return frames


class Approval(models.Model):
    """One reviewer's decision on one version of a post (approve, reject, or override)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="approvals")
    user = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    version = models.PositiveIntegerField()
    decision = models.CharField(max_length=20, choices=[("approve", "Approved"), ("reject", "Rejected"),
                                                        ("override", "Overrode the block"),
                                                        ("override_request", "Asked to override the block")])
    reason = EncryptedTextField(blank=True, default="")
    consent_id = models.BigIntegerField(null=True, blank=True)   # the authorization relied on
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "id"]


class Delivery(models.Model):
    """A post on one channel: the unit of work the publishing worker claims."""

    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="deliveries")
    state = models.CharField(max_length=12, default=DeliveryState.PENDING.value,
                             choices=[(s.value, DELIVERY_LABELS[s]) for s in DeliveryState])
    due_at = models.DateTimeField()                      # the post's publish time, then each retry's
    attempts = models.PositiveIntegerField(default=0)
    budget_from = models.PositiveIntegerField(default=0)     # attempts before the last (re)schedule
    first_attempt_at = models.DateTimeField(null=True, blank=True)   # persisted BEFORE the first call
    lease_until = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(max_length=80, blank=True, default="")
    remote = models.JSONField(null=True, blank=True)     # connectors.RemotePost.to_dict()
    published_at = models.DateTimeField(null=True, blank=True)
    error_code = models.CharField(max_length=20, blank=True, default="")
    last_error = models.CharField(max_length=300, blank=True, default="")
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "channel"], name="one_delivery_per_channel")]
        indexes = [models.Index(fields=["due_at"], name="delivery_due",
                                condition=Q(state__in=["pending", "publishing"]))]
        ordering = ["id"]

    @property
    def state_label(self) -> str:
        return DELIVERY_LABELS[DeliveryState(self.state)]

    @property
    def remote_url(self) -> str | None:
        """The post's public page, when the platform gave an http(s) one (never a javascript: URL)."""
        url = (self.remote or {}).get("url") or ""
        return url if url.startswith(("https://", "http://")) else None


class Takedown(models.Model):
    """Content that must come down (its consent was revoked or expired). The worker deletes it
    where the connector can; otherwise staff do it by hand and mark it done."""

    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="takedowns")
    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="takedowns")
    reason = models.CharField(max_length=200)           # PHI-free: "consent 12 revoked"
    state = models.CharField(max_length=10, default="open",
                             choices=[("open", "Open"), ("done", "Done"), ("manual", "Needs doing by hand")])
    attempts = models.PositiveIntegerField(default=0)
    due_at = models.DateTimeField()
    lease_until = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True, default="")
    created = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        indexes = [models.Index(fields=["due_at"], name="takedown_due", condition=Q(state="open"))]


class PublishingSettings(models.Model):
    org = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="publishing")
    approvals_required = models.PositiveSmallIntegerField(default=1)
    # an override needs a second privacy officer's confirmation (two-person rule)
    two_person_override = models.BooleanField(default=True)



class EngineMark(models.Model):
    """A reviewer's correction of the engine's verdict on one version of a post: "false alarm"
    (flagged, but no PHI) or "missed PHI" (allowed, but it has PHI). The text is kept (encrypted)
    as it was, so that `safepost engine retrain --org` can learn the organization's own model."""

    KINDS = [("false_alarm", "False alarm"), ("missed_phi", "Missed PHI")]

    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="marks")
    version = models.PositiveIntegerField()
    user = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(max_length=12, choices=KINDS)
    text = EncryptedTextField()                          # the post's text at that version
    direction = models.CharField(max_length=10, default="outbound")
    text_kind = models.CharField(max_length=20, default="post")
    verdict = models.CharField(max_length=24)            # the engine's verdict on that text
    probability = models.FloatField(null=True, blank=True)   # its calibrated probability (learned verdict)
    threshold = models.FloatField(null=True, blank=True)
    note = EncryptedTextField(blank=True, default="")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "version", "user"], name="one_mark_per_person_version")]
        indexes = [models.Index(fields=["org", "created"], name="mark_org_created")]
        ordering = ["created", "id"]

    @property
    def phi(self) -> bool:
        """The reviewer's answer: does the text disclose PHI?"""
        return self.kind == "missed_phi"


class OrgEngineModel(models.Model):
    """An organization's own model: the correction `safepost engine retrain --org` fitted on its
    marks (engine/adapt.py), encrypted (its feature names are words of the marked texts). Used in
    the organization's scans only while `enabled` and fitted to the installed base model."""

    org = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="engine_model")
    correction = EncryptedTextField()                    # JSON: adapt.Correction.to_dict()
    base = models.CharField(max_length=32)               # the base model's identity it was fitted to
    marks = models.PositiveIntegerField(default=0)
    enabled = models.BooleanField(default=False)
    updated = models.DateTimeField(auto_now=True)
