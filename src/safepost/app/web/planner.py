"""The calendar of scheduled posts under /o/<org>/calendar/: Month, Week and List views in the
person's time zone, each channel in its own colour, and moving a post to another day (dragged,
or with the "Move to…" date field) through `posts.services.move`, which checks it again.

Fast with many posts: the encrypted text is never read (`only`), channels come in one query,
a month shows at most MONTH_PER_DAY posts a day ("+ N more" opens that week) and the list view
at most LIST_LIMIT posts."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from safepost.app.accounts.access import org_view
from safepost.app.accounts.rules import Action, can
from safepost.app.audit.services import Who
from safepost.app.posts.rules import STATE_LABELS, State

CALENDAR_STATES = ("approved", "scheduled", "published", "failed")
MOVABLE_STATES = ("approved", "scheduled", "failed")          # rules.ALLOWED_FROM[Op.SCHEDULE]
VIEWS = ("month", "week", "list")
LIST_DAYS = 30
LIST_LIMIT = 150
MONTH_PER_DAY = 4
COLOURS = 8            # .ch-0 … .ch-7 in app.css


def channel_colours(org) -> list:
    """The organization's channels, each with `colour` (0…COLOURS-1): in the order they were
    added, so a channel keeps its colour when others are added."""
    from safepost.app.channels.models import Channel

    out = list(Channel.objects.filter(org=org).only("id", "org_id", "name", "platform").order_by("id"))
    for i, c in enumerate(out):
        c.colour = i % COLOURS
    return out


@dataclass
class CalPost:
    """One post on the calendar: what it shows (never the text, which stays encrypted)."""
    pk: int
    state: str
    publish_at: datetime
    local: datetime = None
    chans: list = field(default_factory=list)        # [(channel name, colour)]
    colour: int = 0

    @property
    def state_label(self) -> str:
        return STATE_LABELS[State(self.state)]

    @property
    def movable(self) -> bool:
        return self.state in MOVABLE_STATES


def _posts_between(org, first: date, days: int) -> list[CalPost]:
    from safepost.app.posts.models import Post

    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(first, time.min), tz)
    end = timezone.make_aware(datetime.combine(first + timedelta(days=days), time.min), tz)
    rows = (Post.objects.filter(org=org, publish_at__gte=start, publish_at__lt=end, state__in=CALENDAR_STATES)
            .order_by("publish_at", "id").values_list("id", "state", "publish_at"))
    return [CalPost(pk, state, at, timezone.localtime(at, tz)) for pk, state, at in rows]


def _with_channels(posts: list[CalPost], channels: list) -> list[CalPost]:
    """Fill in each shown post's channels (one query for all of them)."""
    from safepost.app.posts.models import Post

    by_id = {c.pk: c for c in channels}
    links = Post.channels.through.objects.filter(post_id__in=[p.pk for p in posts]).order_by("channel_id")
    mine: dict[int, list] = {}
    for post_id, channel_id in links.values_list("post_id", "channel_id"):
        c = by_id[channel_id]
        mine.setdefault(post_id, []).append((c.name, c.colour))
    for p in posts:
        p.chans = mine.get(p.pk, [])
        p.colour = p.chans[0][1] if p.chans else 0
    return posts


def _by_day(posts) -> dict[date, list]:
    out: dict[date, list] = {}
    for p in posts:
        out.setdefault(p.local.date(), []).append(p)
    return out


def _start(request, default: date) -> date:
    """`?start=` as a date; anything else, or a year where the pager would leave the calendar
    (0001, 9999), is `default`."""
    return start_or(_date(request.GET.get("start", "")), default)


def start_or(day: date | None, default: date | None) -> date | None:
    return day if day is not None and 1900 <= day.year <= 9000 else default


def _month(org, first: date, channels) -> dict:
    first = first.replace(day=1)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    grid_start = first - timedelta(days=first.weekday())
    grid_days = ((last - grid_start).days // 7 + 1) * 7
    by_day = _by_day(_posts_between(org, grid_start, grid_days))
    _with_channels([p for posts in by_day.values() for p in posts[:MONTH_PER_DAY]], channels)
    cells = [grid_start + timedelta(days=i) for i in range(grid_days)]
    weeks = [[(d, by_day.get(d, [])[:MONTH_PER_DAY], max(0, len(by_day.get(d, [])) - MONTH_PER_DAY),
               d.month == first.month) for d in cells[w:w + 7]] for w in range(0, grid_days, 7)]
    return {"weeks": weeks, "first": first, "prev": (first - timedelta(days=1)).replace(day=1),
            "next": last + timedelta(days=1), "title": f"{first:%B %Y}",
            "day_names": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]}


def _week(org, first: date, channels) -> dict:
    first -= timedelta(days=first.weekday())                   # weeks start on Monday
    by_day = _by_day(_with_channels(_posts_between(org, first, 7), channels))
    days = [(first + timedelta(days=i), by_day.get(first + timedelta(days=i), [])) for i in range(7)]
    return {"days": days, "first": first, "prev": first - timedelta(days=7), "next": first + timedelta(days=7),
            "title": f"Week of {first:%d %B %Y}"}


def _list(org, first: date, channels) -> dict:
    posts = _posts_between(org, first, LIST_DAYS)
    shown, later = posts[:LIST_LIMIT], None
    if len(posts) > LIST_LIMIT:               # whole days only: the page after starts with the cut day
        later = shown[-1].local.date()
        whole = [p for p in shown if p.local.date() < later]
        shown, later = (whole, later) if whole else (shown, later + timedelta(days=1))
    return {"days": sorted(_by_day(_with_channels(shown, channels)).items()), "first": first,
            "prev": first - timedelta(days=LIST_DAYS), "next": first + timedelta(days=LIST_DAYS),
            "truncated": later is not None, "later": later, "title": f"{LIST_DAYS} days from {first:%d %B %Y}"}


def show(request, view: str, first: date):
    """Render one view of the calendar starting at `first`."""
    channels = channel_colours(request.org)
    ctx = {"month": _month, "week": _week, "list": _list}[view](request.org, first, channels)
    return render(request, "web/calendar.html", {
        **ctx, "view": view, "today": timezone.localdate(), "channels": channels,
        "post_base": reverse("posts-list", kwargs={"org": request.org.slug}),
        "move_base": reverse("web-calendar", kwargs={"org": request.org.slug}) + "move/",
        "can_move": can(request.membership.role, Action.POSTS_WRITE)})


@org_view(Action.POSTS_VIEW)
@require_GET
def calendar_page(request):
    view = request.GET.get("view", "week")
    return show(request, view if view in VIEWS else "week", _start(request, timezone.localdate()))


@org_view(Action.POSTS_WRITE)
@require_POST
def move(request, post_id: int):
    """Move a post to the day in the form (dragged there, or typed in "Move to…"), then back to
    the calendar the person came from."""
    from safepost.app.posts import services
    from safepost.app.posts.models import Post
    from safepost.app.posts.rules import Refused

    post = get_object_or_404(Post.objects.select_related("org"), org=request.org, pk=post_id)
    view = request.POST.get("view", "week")
    back = (f"{reverse('web-calendar', kwargs={'org': request.org.slug})}?view={view if view in VIEWS else 'week'}"
            f"&start={_date(request.POST.get('start', '')) or timezone.localdate():%Y-%m-%d}")
    day = start_or(_date(request.POST.get("day", "")), None)
    if day is None:
        messages.error(request, f"Post #{post.pk} was not moved: enter the day as a date, like 2030-03-14.")
        return redirect(back)
    try:
        services.move(Who.from_request(request), post, day, timezone.get_current_timezone())
    except Refused as e:
        messages.error(request, f"Post #{post.pk} was not moved: {e.message}")
    else:
        when = timezone.localtime(post.publish_at)
        messages.success(request, f"Post #{post.pk} moved to {when:%A %d %B %Y} at {when:%H:%M}.")
    return redirect(back)


def _date(value: str) -> date | None:
    try:
        return datetime.strptime(value.strip(), "%Y-%m-%d").date()
    except ValueError:
        return None
