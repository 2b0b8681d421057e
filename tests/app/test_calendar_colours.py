"""Each channel has its own colour on the calendar, kept when channels are added, with a legend;
the colours pass WCAG contrast and never carry meaning alone (the channel's name is written)."""

from __future__ import annotations

import re
from datetime import datetime, timezone as dt_timezone
from pathlib import Path

from safepost.app.channels.models import Channel
from safepost.app.posts.models import Post
from safepost.app.web import planner

CSS = (Path(planner.__file__).parent / "static" / "web" / "app.css").read_text()
TEXT, CARD = "#1b1f24", "#ffffff"          # --fg and --card in app.css


def luminance(hex_colour: str) -> float:
    def channel(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def make_channels(people, n: int) -> list[Channel]:
    start = Channel.objects.filter(org=people.acme).count()
    return [Channel.objects.create(org=people.acme, platform="mastodon", name=f"Clinic {i}", credentials="{}")
            for i in range(start, start + n)]


def test_every_colour_passes_contrast_for_its_text_and_its_stripe():
    chips = dict(re.findall(r"\.ch-(\d) \{ background: (#[0-9a-f]{6}); border-color: #[0-9a-f]{6}; \}", CSS))
    stripes = dict(re.findall(r"\.line-(\d) \{ border-left-color: (#[0-9a-f]{6}); \}", CSS))
    borders = dict(re.findall(r"\.ch-(\d) \{ background: #[0-9a-f]{6}; border-color: (#[0-9a-f]{6}); \}", CSS))
    assert set(chips) == set(stripes) == {str(i) for i in range(planner.COLOURS)}
    assert len(set(stripes.values())) == planner.COLOURS                       # all different
    for i in chips:
        assert contrast(TEXT, chips[i]) >= 4.5, f"channel name on colour {i}"      # WCAG 1.4.3 (text)
        assert contrast(stripes[i], CARD) >= 3, f"stripe {i} on the card"          # WCAG 1.4.11 (graphics)
        assert borders[i] == stripes[i]


def test_channels_keep_their_colour_when_another_is_added(people):
    first = make_channels(people, 3)
    before = {c.pk: c.colour for c in planner.channel_colours(people.acme)}
    assert sorted(before.values()) == [0, 1, 2]
    make_channels(people, 6)
    after = {c.pk: c.colour for c in planner.channel_colours(people.acme)}
    assert {c.pk: after[c.pk] for c in first} == before
    assert len(set(list(after.values())[:planner.COLOURS])) == planner.COLOURS    # 8 channels, 8 colours


def test_the_calendar_has_a_legend_and_writes_each_channel_s_name_in_its_colour(people, as_user):
    a, b = make_channels(people, 2)
    post = Post.objects.create(org=people.acme, text="Open house", state="scheduled",
                               publish_at=datetime(2030, 3, 12, 9, 0, tzinfo=dt_timezone.utc))
    post.channels.set([b, a])
    for view in ("month", "week", "list"):
        html = as_user("audrey").get(f"/o/acme/calendar/?view={view}&start=2030-03-12").content.decode()
        legend = html[html.index('class="cal-legend"'):]
        legend = legend[:legend.index("</ul>")]
        assert '<span class="ch ch-0">Clinic 0</span>' in legend and '<span class="ch ch-1">Clinic 1</span>' in legend
        item = html[html.index(f'data-post="{post.pk}"') - 40:]
        item = item[:item.index("</li>")]
        assert 'class="cal-post line-0"' in item                                  # the first channel's stripe
        assert '<span class="ch ch-0">Clinic 0</span><span class="ch ch-1">Clinic 1</span>' in item
        assert "Open house" not in html                                           # the text is not on the calendar
