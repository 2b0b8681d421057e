"""Every page at phone width (issue 12): in a real headless Chromium at 390x844 against a real
`safepost serve --demo` (the server and browser fixtures of test_browser.py), each demo role signs
in (TOTP where the role needs it; the sign-in pages are checked too) and walks what it can reach:
the main navigation, the header's links, and from each page the first link of every kind (a
list's first detail, a module and its quiz, the calendar's views, a post's edit page, …), three
steps from home, plus a search with results and a page that is not there. No page may scroll
sideways, no element may be wider than the screen, every table must have become a list whose
cells show their column's name, no page may fail, and no page may break the CSP."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit

import pyotp
import pytest

from .test_browser import browser, server, sign_in  # noqa: F401  (fixtures)

PHONE = {"width": 390, "height": 844}
ROLES = ["admin", "privacy", "reviewer", "author", "community", "auditor"]
DEPTH = 3            # home, the navigation's pages, their links (details), and the links of those (edits)
MAX_PAGES = 90       # per role: far above what the demo has, so a runaway crawl fails loudly
# pages no link leads to: a search with results, a page that is not there
UNLINKED = ["/o/demo/search/?q=open", "/o/demo/no-such-page/"]
SKIP = re.compile(r"\.(csv|pdf|json|png|jpe?g|svg|zip)$|/images/|/document/|/open/$|/logout/")

# links worth following: in the main area, the navigation and the header; not downloads
LINKS_JS = """() => [...document.querySelectorAll('header a[href], nav a[href], main a[href]')]
  .filter(a => !a.hasAttribute('download')).map(a => a.href)"""

# the page's overflow: its scroll width, the innermost elements whose right edge passes the
# screen's (or that scroll sideways themselves), the tables still laid out as tables (on a
# phone they become lists) and list cells that do not show their column's name, each named by a short CSS path
OVERFLOW_JS = """() => {
  const vw = window.innerWidth;
  const name = el => {
    const parts = [];
    for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) {
      let p = e.tagName.toLowerCase();
      if (e.id) p += '#' + e.id;
      if (e.classList.length) p += '.' + [...e.classList].join('.');
      parts.unshift(p);
    }
    return parts.join(' > ');
  };
  const clipped = el => {
    for (let e = el; e && e !== document.body; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.clip !== 'auto' && s.position === 'absolute') return true;
    }
    return false;
  };
  const wide = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height) continue;
    const s = getComputedStyle(el);
    const scrolls = ['auto', 'scroll'].includes(s.overflowX) && !['TEXTAREA', 'SELECT'].includes(el.tagName)
      && el.scrollWidth > el.clientWidth + 1;
    if ((r.right > vw + 1 || scrolls) && !clipped(el)) wide.push(el);
  }
  const innermost = wide.filter(el => !wide.some(o => o !== el && el.contains(o)));
  const tables = [...document.querySelectorAll('main table')]
    .filter(t => t.getClientRects().length && getComputedStyle(t).display === 'table').map(name);
  const unlabelled = [...document.querySelectorAll('main td[data-label]')]
    .filter(td => td.getClientRects().length && getComputedStyle(td, '::before').content === 'none').map(name);
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: vw, tables, unlabelled: unlabelled.slice(0, 3),
          wide: innermost.slice(0, 6).map(el => name(el) + ' (' + Math.round(el.getBoundingClientRect().width) + 'px'
            + (el.scrollWidth > el.clientWidth + 1 ? ', scrolls to ' + el.scrollWidth + 'px' : '') + ')')};
}"""


def kind(url: str) -> str | None:
    """One visit per kind of page: numbers stand for any id; query values for filters and views
    count, ones with digits (pages, ids, dates) do not; all modules are one kind. None: not a page of the demo organization."""
    parts = urlsplit(url)
    if not parts.path.startswith("/o/demo/") or SKIP.search(parts.path):
        return None
    path = re.sub(r"/\d+(?=/)", "/N", re.sub(r"/m/[^/]+/", "/m/S/", parts.path))   # ids; training modules
    query = sorted((k, "N" if not v or re.search(r"\d", v) else v) for k, v in parse_qsl(parts.query, keep_blank_values=True))
    return path + ("?" + urlencode(query) if query else "")


def too_wide(page) -> str | None:
    """What on the page is wider than the screen, or still a table, or None."""
    found = page.evaluate(OVERFLOW_JS)
    if found["scrollWidth"] > found["innerWidth"] or found["wide"] or found["tables"] or found["unlabelled"]:
        return (f"scrollWidth {found['scrollWidth']}; too wide: {found['wide']}; still tables: {found['tables']}; "
                f"cells without their label: {found['unlabelled']}")
    return None


def sign_in_as(page, server, role: str, problems: dict) -> None:  # noqa: F811
    """Sign in, checking the sign-in pages on the way."""
    page.goto(server.url + "/login/")
    if wide := too_wide(page):
        problems["/login/"] = wide
    sign_in(page, server, f"{role}@demo.test")
    found = re.search(rf"{role}@demo\.test\s+TOTP key: ([A-Z2-7]+)", server.output)
    if found:
        page.wait_for_url("**/login/code/")
        if wide := too_wide(page):
            problems["/login/code/"] = wide
        page.get_by_label("6-digit code").fill(pyotp.TOTP(found.group(1)).now())
        page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/o/demo/")


@pytest.mark.parametrize("role", ROLES)
def test_every_page_a_role_reaches_fits_a_390_px_phone(browser, server, role):  # noqa: F811
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text)
            if "Content Security Policy" in m.text or "Refused to" in m.text else None)
    try:
        problems: dict[str, str] = {}
        sign_in_as(page, server, role, problems)
        seen = {kind(page.url)} | {kind(server.url + u) for u in UNLINKED}
        queue = [(page.url, 0)] + [(server.url + u, DEPTH) for u in UNLINKED]
        visited = []
        while queue:
            url, depth = queue.pop(0)
            response = page.goto(url) if url != page.url or not visited else None
            page.wait_for_load_state("load")
            path = page.url.removeprefix(server.url)
            visited.append(path)
            if response is not None and response.status >= 500:
                problems[path] = f"HTTP {response.status}"
                continue
            if wide := too_wide(page):
                problems[path] = wide
            if depth < DEPTH:
                for href in page.evaluate(LINKS_JS):
                    k = kind(href)
                    if k is not None and k not in seen:
                        seen.add(k)
                        queue.append((href.split("#")[0], depth + 1))
            assert len(visited) <= MAX_PAGES, f"the crawl ran away: {visited}"
        assert len(visited) >= 8, f"too few pages reached: {visited}"
        assert problems == {}, f"{role}: pages that do not fit a 390 px phone: {problems}"
        assert violations == [], violations
    finally:
        context.close()
