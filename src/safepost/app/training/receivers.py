"""What the training app hears from posts and incidents (connected in TrainingConfig.ready()):
Django's post_save of a post whose current version the engine flagged (its author's practice
remembers the reason codes; the text may become a candidate scenario), of a reviewer's
rejection (the author's practice remembers it), of an incident that was closed (a candidate
scenario), and of the audit entry of an inbox reply the check blocked (nothing else records
it: the writer's practice remembers its reason codes). Receivers write rows only, in the sender's transaction."""

from __future__ import annotations

from django.db.models.signals import post_save

FLAGGED_STATES = ("draft", "in_review")


def connect() -> None:
    post_save.connect(on_post_saved, sender="posts.Post", dispatch_uid="safepost.training.post_saved")
    post_save.connect(on_incident_saved, sender="incidents.Incident", dispatch_uid="safepost.training.incident_saved")
    post_save.connect(on_approval_saved, sender="posts.Approval", dispatch_uid="safepost.training.approval_saved")
    post_save.connect(on_audit_entry, sender="audit.AuditEntry", dispatch_uid="safepost.training.audit_entry")


def is_flagged_draft(post) -> bool:
    return (post.verdict not in ("", "ALLOW") and post.scanned_version == post.version
            and post.state in FLAGGED_STATES)


def on_post_saved(sender, instance, raw=False, **kwargs) -> None:
    if raw or not is_flagged_draft(instance):
        return
    from safepost.app.training import candidates, practice

    practice.remember(instance.org, instance.author_id, "flagged_draft", instance.pk, instance.version,
                      instance.reasons)
    candidates.from_post(instance)


def on_approval_saved(sender, instance, created=False, raw=False, **kwargs) -> None:
    """A reviewer sent a post back (rejected it, with a written reason): the author practises
    what it was flagged for (or, when the engine allowed it, what the engine tends to miss)."""
    if raw or not created or instance.decision != "reject":
        return
    from safepost.app.training import practice

    post = instance.post
    practice.remember(post.org, post.author_id, "reviewer_returned", post.pk, instance.version, post.reasons)


def on_incident_saved(sender, instance, raw=False, **kwargs) -> None:
    if raw or instance.state != "closed":
        return
    from safepost.app.training import candidates

    candidates.from_incident(instance)


def on_audit_entry(sender, instance, created=False, raw=False, **kwargs) -> None:
    """A reply to the public that the check blocked (`inbox.reply_blocked`, meta: reason codes)."""
    if raw or not created or instance.action != "inbox.reply_blocked" or not instance.object_id.isdigit():
        return
    from safepost.app.training import practice

    practice.remember(instance.org, instance.actor_id, "reply_blocked", int(instance.object_id), instance.seq,
                      instance.meta.get("reasons") or [])
