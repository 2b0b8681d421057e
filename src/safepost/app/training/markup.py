"""The small Markdown subset the modules use, rendered to safe HTML (everything escaped first):
`## headings`, paragraphs, `- ` and `1. ` lists, pipe tables, **bold** and *emphasis*."""

from __future__ import annotations

import re
from html import escape

from django.utils.safestring import SafeString, mark_safe

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_EM = re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])")
_CODE = re.compile(r"`([^`]+)`")


def inline(text: str) -> str:
    out = escape(text, quote=False)
    out = _CODE.sub(r"<code>\1</code>", out)
    out = _BOLD.sub(r"<strong>\1</strong>", out)
    return _EM.sub(r"<em>\1</em>", out)


def _table(lines: list[str]) -> str:
    rows = [[c.strip() for c in ln.strip().strip("|").split("|")] for ln in lines]
    head, body = rows[0], [r for r in rows[1:] if not all(set(c) <= set("-: ") for c in r)]
    th = "".join(f'<th scope="col">{inline(c)}</th>' for c in head)
    trs = "".join("<tr>" + "".join(f"<td>{inline(c)}</td>" for c in r) + "</tr>" for r in body)
    return f'<div class="table-wrap"><table><thead><tr>{th}</tr></thead><tbody>{trs}</tbody></table></div>'


def _list(lines: list[str], ordered: bool) -> str:
    items, cur = [], ""
    for ln in lines:
        m = re.match(r"^(?:- |\d+\. )(.*)$", ln.strip())
        if m:
            if cur:
                items.append(cur)
            cur = m.group(1)
        else:
            cur += " " + ln.strip()
    items.append(cur)
    tag = "ol" if ordered else "ul"
    return f"<{tag}>" + "".join(f"<li>{inline(i)}</li>" for i in items) + f"</{tag}>"


def _block(block: str) -> str:
    lines = block.split("\n")
    first = lines[0].strip()
    if first.startswith("#"):
        level = min(len(first) - len(first.lstrip("#")) + 1, 4)   # "## x" -> h3 under the page's h1/h2
        return f"<h{level}>{inline(first.lstrip('#').strip())}</h{level}>" + (
            _block("\n".join(lines[1:])) if len(lines) > 1 else "")
    if first.startswith("|"):
        return _table(lines)
    if first.startswith("- "):
        return _list(lines, ordered=False)
    if re.match(r"^\d+\. ", first):
        return _list(lines, ordered=True)
    return f"<p>{inline(' '.join(ln.strip() for ln in lines))}</p>"


def render(markdown: str) -> SafeString:
    blocks = [b for b in re.split(r"\n\s*\n", markdown.strip()) if b.strip()]
    return mark_safe("\n".join(_block(b) for b in blocks))  # noqa: S308 (every piece escaped above)
