"""What each role needs first when it opens an organization: one list of `Section`s per role.

Queries only (no writes). Each builder returns at most `LIMIT` rows and a total count, so the
page stays one screen long and fast however large the tables grow."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from safepost.app.accounts.models import Membership
from safepost.app.accounts.rules import Role

LIMIT = 8


@dataclass
class Row:
    text: str
    href: str
    note: str = ""
    urgent: bool = False


@dataclass
class Section:
    key: str                 # stable id for tests and CSS: "my-drafts", "review-queue", …
    title: str
    rows: list[Row] = field(default_factory=list)
    total: int = 0
    empty: str = "Nothing here."
    more: str = ""           # a link to the full list
    summary: str = ""        # one line above the rows ("3 due today")


def _url(name: str, org, **kw) -> str:
    return reverse(name, kwargs={"org": org.slug, **kw})


def _post_row(org, p, note: str = "", urgent: bool = False) -> Row:
    return Row(f"Post #{p.pk} · {p.state_label}", _url("posts-detail", org, post_id=p.pk), note, urgent)


def _when(dt) -> str:
    return timezone.localtime(dt).strftime("%Y-%m-%d %H:%M") if dt else ""


# -- author -----------------------------------------------------------------------------------
def my_drafts(org, user, now) -> Section:
    from safepost.app.posts.models import Post

    qs = Post.objects.filter(org=org, author=user, state="draft").order_by("-updated")
    return Section("my-drafts", "My drafts", [_post_row(org, p, f"edited {_when(p.updated)}") for p in qs[:LIMIT]],
                   qs.count(), "No drafts. Start one with Compose.", _url("posts-list", org) + "?state=draft")


def returned_posts(org, user, now) -> Section:
    from safepost.app.posts.models import Post

    qs = Post.objects.filter(org=org, author=user, state__in=["rejected", "failed"]).order_by("-updated")
    rows = [_post_row(org, p, "rejected in review" if p.state == "rejected" else "publishing failed", True)
            for p in qs[:LIMIT]]
    return Section("returned", "Came back to me", rows, qs.count(), "Nothing came back from review.",
                   _url("posts-list", org) + "?state=rejected")


# -- reviewer ---------------------------------------------------------------------------------
def review_queue(org, user, now) -> Section:
    from safepost.app.posts.models import Post

    qs = Post.objects.filter(org=org, state="in_review").order_by("submitted_at", "id")
    today = timezone.localdate(now)
    end = timezone.make_aware(datetime.combine(today + timedelta(days=1), time.min))
    due_today = qs.filter(publish_at__lt=end).count()
    rows = [_post_row(org, p, f"waiting since {_when(p.submitted_at)}" +
                      (f" · publish {_when(p.publish_at)}" if p.publish_at else ""),
                      bool(p.publish_at and p.publish_at < end)) for p in qs[:LIMIT]]
    return Section("review-queue", "Review queue (oldest first)", rows, qs.count(), "The queue is empty.",
                   _url("posts-review", org), f"{due_today} due to publish by the end of today")


# -- privacy ----------------------------------------------------------------------------------
def overrides_waiting(org, user, now) -> Section:
    from safepost.app.posts.models import Approval, Post
    from django.db.models import F

    asked = Approval.objects.filter(post=OuterRef("pk"), decision="override_request", version=OuterRef("version"))
    qs = (Post.objects.filter(org=org, state="in_review").filter(Exists(asked))
          .exclude(override_at__isnull=False, override_version=F("version")).order_by("submitted_at", "id"))
    rows = [_post_row(org, p, "a second privacy officer must confirm", True) for p in qs[:LIMIT]]
    return Section("overrides", "Overrides waiting for a second officer", rows, qs.count(),
                   "No override is waiting.", _url("posts-review", org))


def inbox_phi(org, user, now) -> Section:
    from safepost.app.inbox.models import Item

    qs = Item.objects.filter(org=org, state="open").exclude(verdict="ALLOW").order_by("-escalated", "due_at", "id")
    rows = [Row(f"Inbox item #{i.pk} · {i.verdict_label}", _url("inbox-detail", org, item_id=i.pk),
                f"due {_when(i.due_at)}", i.due_at < now) for i in qs[:LIMIT]]
    return Section("inbox-phi", "Inbox items with patient information", rows, qs.count(),
                   "No open inbox item carries patient information.", _url("inbox-list", org))


# -- community --------------------------------------------------------------------------------
def inbox_overdue(org, user, now) -> Section:
    from safepost.app.inbox.models import Item

    qs = Item.objects.filter(org=org, state="open", due_at__lt=now).order_by("-escalated", "due_at", "id")
    rows = [Row(f"Inbox item #{i.pk} · {i.verdict_label}", _url("inbox-detail", org, item_id=i.pk),
                f"was due {_when(i.due_at)}", True) for i in qs[:LIMIT]]
    open_n = Item.objects.filter(org=org, state="open").count()
    return Section("inbox-overdue", "Inbox past its response time", rows, qs.count(),
                   "Nothing is past its response time.", _url("inbox-list", org), f"{open_n} open in all")


# -- admin ------------------------------------------------------------------------------------
def team(org, user, now) -> Section:
    counts = dict(Membership.objects.filter(org=org).values_list("role").annotate(n=Count("id")))
    rows = [Row(f"{r.label}: {counts.get(r.value, 0)}", _url("web-settings", org)) for r in Role]
    return Section("team", "Team", rows, sum(counts.values()), "", _url("web-settings", org))


def channels(org, user, now) -> Section:
    from safepost.app.channels.models import Channel

    qs = Channel.objects.filter(org=org).order_by("name")
    rows = [Row(f"{c.name} · {c.status_label}", _url("channels-detail", org, channel_id=c.pk),
                c.last_error or "", c.status != "active") for c in qs[:LIMIT]]
    return Section("channels", "Channels", rows, qs.count(), "No channel connected yet.", _url("channels-list", org))


# -- auditor ----------------------------------------------------------------------------------
def audit_log(org, user, now) -> Section:
    from safepost.app.audit.models import AuditEntry

    qs = AuditEntry.objects.filter(org=org).order_by("-created", "-id")
    rows = [Row(f"{e.action} · {e.actor}", _url("audit-list", org), _when(e.created)) for e in qs[:LIMIT]]
    return Section("audit", "Latest audit entries", rows, qs.count(), "The audit log is empty.",
                   _url("audit-list", org))


BY_ROLE = {
    Role.AUTHOR: [my_drafts, returned_posts],
    Role.REVIEWER: [review_queue, my_drafts, returned_posts],
    Role.PRIVACY: [overrides_waiting, inbox_phi, review_queue],
    Role.COMMUNITY: [inbox_overdue, my_drafts, returned_posts],
    Role.ADMIN: [team, channels],
    Role.AUDITOR: [audit_log],
}


def sections(membership, now=None) -> list[Section]:
    now = now or timezone.now()
    return [build(membership.org, membership.user, now) for build in BY_ROLE[membership.role_enum]]
