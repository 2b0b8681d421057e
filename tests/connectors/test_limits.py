"""Each network's length, counted as that network counts it. The X cases follow twitter-text's
published conformance suite (validate.yml, WeightedTweetsCounterTest, v3 configuration)."""

from __future__ import annotations

import pytest

from safepost.connectors import limits
from safepost.connectors.limits import fitting_prefix, grapheme_count, mastodon_length, measure, x_weighted_length


@pytest.mark.parametrize("text,weight", [
    ("This is a test.", 15),                               # plain ASCII counts 1 each
    ("a" * 280, 280),
    ("https://www.twitter.com", 23),                       # a URL counts 23 whatever its length
    ("Visit https://example.org/" + "x" * 100 + " now", 6 + 23 + 4),
    ("see example.com.", 4 + 23 + 1),                      # a bare .com domain is a URL; the dot is not
    ("Go to t.co/abc ok", 6 + 23 + 3),                     # a ccTLD with a path is a URL
    ("Dr.Li and e.g. this", 19),                           # not domains
    ("日本語", 6),                                          # CJK weighs 2
    ("君" * 140, 280),
    ("😷", 2),                                              # an emoji weighs 2
    ("👨‍👩‍👧‍👦", 2),                                              # a ZWJ family is one emoji
    ("👍🏻", 2),                                              # with a skin-tone modifier
    ("🇺🇸", 2),                                              # a flag
    ("café", 4),
    ("cafe\u0301", 4),                                      # NFC: e + combining acute is one
    ("a\u2014b", 3),                                        # an em dash is in a weight-1 range
    ("a\u2026", 3),                                         # the ellipsis is not: it weighs 2
    ("\u2033", 1),                                          # a double prime is in a weight-1 range
])
def test_x_counts_weighted_characters_as_twitter_text_does(text, weight):
    assert x_weighted_length(text) == weight


def test_bluesky_counts_graphemes_not_code_points():
    assert grapheme_count("👨‍👩‍👧‍👦") == 1 and len("👨‍👩‍👧‍👦") == 7
    assert grapheme_count("cafe\u0301") == 4
    assert measure("bluesky", "a" * 300).over is False and measure("bluesky", "a" * 301).over_by == 1


def test_mastodon_counts_every_url_as_23_and_a_remote_mention_by_its_user_name():
    assert mastodon_length("https://example.org/" + "p" * 200) == 23
    assert mastodon_length("hi @clinic@social.example.org") == len("hi @clinic")
    assert mastodon_length("example.org") == 11                  # no scheme: plain characters
    assert measure("mastodon", "x" * 501).over_by == 1


@pytest.mark.parametrize("platform,limit", [("x", 280), ("bluesky", 300), ("mastodon", 500),
                                            ("linkedin", 3000), ("facebook", 63206), ("instagram", 2200)])
def test_each_network_has_its_published_limit(platform, limit):
    assert measure(platform, "a" * limit).over is False
    assert measure(platform, "a" * (limit + 1)).over_by == 1


def test_the_fitting_part_is_cut_where_the_weighted_count_reaches_the_limit():
    text = "a" * 278 + "日本"
    assert fitting_prefix("x", text) == 279                  # 278 + 2 = 280; 日 fits, 本 does not
    assert fitting_prefix("bluesky", "👍🏻" * 301) == 2 * 300     # cut between graphemes
    assert fitting_prefix("mastodon", "short") == 5


def test_the_over_message_names_the_network_the_channel_and_how_much_over():
    msg = limits.over_message(measure("x", "a" * 312), "Clinic")
    assert msg == 'X (channel "Clinic"): 312 weighted characters, 32 over the limit of 280'
