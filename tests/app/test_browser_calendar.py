"""Dragging a scheduled post to another day on the calendar (Week and Month views), and the
keyboard alternative ("Move to…"), in a real headless Chromium against `safepost serve --demo`
(the fixtures of test_browser.py), under the strict CSP (the behaviour is web/static/web/app.js)."""

from __future__ import annotations

import json
import urllib.request
from datetime import date, datetime, time, timedelta, timezone

import pytest

from .test_browser import browser, page, server, sign_in  # noqa: F401  (fixtures)

UTC = timezone.utc
TEXT = "Flu shots are available at all our clinics this week. Walk in any time!"


def api(server, token: str, method: str, path: str, body: dict | None = None) -> dict:
    req = urllib.request.Request(server.url + "/api/v1" + path, method=method,
                                 data=json.dumps(body).encode() if body is not None else None,
                                 headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return json.loads(resp.read())


@pytest.fixture(scope="module")
def keys(server):  # noqa: F811
    out = {}
    for email in ("author@demo.test", "reviewer@demo.test"):
        r = server.run("apikey", "create", "--org", "demo", "--name", f"calendar {email}", "--user", email)
        assert r.returncode == 0, r.stderr
        out[email.split("@")[0]] = r.stdout.strip()
    return out


def scheduled(server, keys, when: datetime) -> dict:  # noqa: F811
    """A post written by the demo author, approved by the demo reviewer: scheduled at `when`."""
    channel = api(server, keys["author"], "GET", "/channels")[0]["id"]
    post = api(server, keys["author"], "POST", "/posts", {"text": TEXT, "channels": [channel],
                                                          "publish_at": when.isoformat()})
    api(server, keys["author"], "POST", f"/posts/{post['id']}/submit")
    post = api(server, keys["reviewer"], "POST", f"/posts/{post['id']}/approve")
    assert post["state"] == "scheduled"
    return post


def publish_at(server, keys, post) -> datetime:  # noqa: F811
    return datetime.fromisoformat(api(server, keys["author"], "GET", f"/posts/{post['id']}")["publish_at"])


def test_a_post_dragged_to_another_day_keeps_its_time_and_is_checked_again(page, server, keys):  # noqa: F811
    monday = date.today() + timedelta(days=14 - date.today().weekday())         # a week to come
    post = scheduled(server, keys, datetime.combine(monday + timedelta(days=1), time(10, 15), UTC))   # Tuesday
    sign_in(page, server, "author@demo.test")
    page.wait_for_url("**/o/demo/")

    page.goto(f"{server.url}/o/demo/calendar/?view=week&start={monday}")
    item = page.locator(f"li[data-post='{post['id']}']")
    assert item.get_attribute("draggable") == "true"
    item.drag_to(page.locator(f"section[data-day='{monday + timedelta(days=3)}']"))        # to Thursday
    page.wait_for_selector(f"section[data-day='{monday + timedelta(days=3)}'] li[data-post='{post['id']}']")
    assert f"Post #{post['id']} moved to" in page.inner_text("main")
    assert publish_at(server, keys, post) == datetime.combine(monday + timedelta(days=3), time(10, 15), UTC)

    # the month view: dragged on to the Saturday of the same week
    page.goto(f"{server.url}/o/demo/calendar/?view=month&start={monday}")
    page.locator(f"li[data-post='{post['id']}']").drag_to(
        page.locator(f"section[data-day='{monday + timedelta(days=5)}']"))
    page.wait_for_selector(f"section[data-day='{monday + timedelta(days=5)}'] li[data-post='{post['id']}']")
    assert publish_at(server, keys, post) == datetime.combine(monday + timedelta(days=5), time(10, 15), UTC)
    assert page.csp_violations == []


def test_the_keyboard_alternative_moves_a_post_and_shows_why_a_move_is_refused(page, server, keys):  # noqa: F811
    day = date.today() + timedelta(days=23 - date.today().weekday())   # a Wednesday: the next day is in the same week
    post = scheduled(server, keys, datetime.combine(day, time(8, 0), UTC))
    sign_in(page, server, "author@demo.test")
    page.wait_for_url("**/o/demo/")
    page.goto(f"{server.url}/o/demo/calendar/?view=week&start={day}")
    item = page.locator(f"li[data-post='{post['id']}']")
    item.get_by_text("Move to…").press("Enter")                    # <summary>: opens with the keyboard
    item.get_by_label("Day").fill(str(date.today() - timedelta(days=1)))
    item.get_by_role("button", name="Move").press("Enter")
    page.get_by_text("cannot be moved into the past", exact=False).wait_for()
    assert publish_at(server, keys, post) == datetime.combine(day, time(8, 0), UTC)

    item = page.locator(f"li[data-post='{post['id']}']")
    item.get_by_text("Move to…").press("Enter")
    item.get_by_label("Day").fill(str(day + timedelta(days=1)))
    item.get_by_role("button", name="Move").press("Enter")
    page.wait_for_selector(f"section[data-day='{day + timedelta(days=1)}'] li[data-post='{post['id']}']")
    assert publish_at(server, keys, post) == datetime.combine(day + timedelta(days=1), time(8, 0), UTC)
    assert page.csp_violations == []


def test_the_month_week_and_list_views_fit_a_390_px_phone(browser, server, keys):  # noqa: F811
    day = date.today() + timedelta(days=3)
    scheduled(server, keys, datetime.combine(day, time(9, 30), UTC))
    context = browser.new_context(viewport={"width": 390, "height": 844})
    phone = context.new_page()
    sign_in(phone, server, "author@demo.test")
    phone.wait_for_url("**/o/demo/")
    wide = {}
    for view in ("month", "week", "list"):
        phone.goto(f"{server.url}/o/demo/calendar/?view={view}&start={day}")
        phone.wait_for_load_state("load")
        if (width := phone.evaluate("document.documentElement.scrollWidth")) > 390:
            wide[view] = width
    context.close()
    assert wide == {}, f"calendar views that scroll sideways on a phone: {wide}"
