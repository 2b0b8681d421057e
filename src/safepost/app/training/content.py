"""The training modules: Markdown files with YAML front matter in `modules/`, read and checked
once. A problem names the file and the field (`modules/02-review-replies.md: quiz[1].choices:
exactly one choice must be correct, found 2`), so whoever edits the content knows what to fix.

Front matter fields: id (lowercase-with-dashes), title, version (positive integer; raise it when
the content changes materially), minutes, summary, cites (the CFR sections the module teaches),
quiz (a list of {question, choices: [{text, correct?}], explanation}). The body is the reading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

MODULES_DIR = Path(__file__).parent / "modules"
ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
FRONT_RE = re.compile(r"\A---\n(.*?)\n---\n(.*)\Z", re.S)
MIN_QUESTIONS, MAX_CHOICES = 2, 6


class ContentError(ValueError):
    """A module file is malformed; the message names the file and the field."""


@dataclass(frozen=True)
class Question:
    text: str
    choices: tuple[str, ...]
    correct: int                 # index into choices
    explanation: str


@dataclass(frozen=True)
class Module:
    id: str
    title: str
    version: int
    minutes: int
    summary: str
    cites: tuple[str, ...]
    questions: tuple[Question, ...]
    body: str                    # Markdown
    source: str                  # file name, for messages


def _text(where: str, data: dict, key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ContentError(f"{where}: {key}: required text is missing or empty")
    return value.strip()


def _positive_int(where: str, data: dict, key: str) -> int:
    value = data.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ContentError(f"{where}: {key}: must be a whole number of at least 1, got {value!r}")
    return value


def _question(where: str, n: int, q: object) -> Question:
    at = f"{where}: quiz[{n}]"
    if not isinstance(q, dict):
        raise ContentError(f"{at}: must be a mapping with question, choices and explanation")
    choices = q.get("choices")
    if not isinstance(choices, list) or not 2 <= len(choices) <= MAX_CHOICES:
        raise ContentError(f"{at}.choices: needs 2 to {MAX_CHOICES} choices")
    texts, correct = [], []
    for i, c in enumerate(choices):
        if not isinstance(c, dict):
            raise ContentError(f"{at}.choices[{i}]: must be a mapping with text (and correct: true)")
        texts.append(_text(f"{at}.choices[{i}]", c, "text"))
        if c.get("correct", False) not in (True, False):
            raise ContentError(f"{at}.choices[{i}].correct: must be true or false")
        if c.get("correct") is True:
            correct.append(i)
    if len(correct) != 1:
        raise ContentError(f"{at}.choices: exactly one choice must be correct, found {len(correct)}")
    if len(set(texts)) != len(texts):
        raise ContentError(f"{at}.choices: two choices have the same text")
    return Question(_text(at, q, "question"), tuple(texts), correct[0], _text(at, q, "explanation"))


def parse(text: str, source: str) -> Module:
    """One module from its file's text; `source` names the file in error messages."""
    m = FRONT_RE.match(text.replace("\r\n", "\n"))
    if not m:
        raise ContentError(f"{source}: must start with '---', YAML front matter, '---', then the reading")
    try:
        data = yaml.safe_load(m.group(1))
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = f" at line {mark.line + 2}" if mark is not None else ""
        raise ContentError(f"{source}: front matter is not valid YAML{line}") from None
    if not isinstance(data, dict):
        raise ContentError(f"{source}: front matter must be a mapping of fields")
    mid = _text(source, data, "id")
    if not ID_RE.match(mid):
        raise ContentError(f"{source}: id: use lowercase letters, digits and dashes, got {mid!r}")
    cites = data.get("cites")
    if not isinstance(cites, list) or not cites or not all(isinstance(c, str) and c.strip() for c in cites):
        raise ContentError(f"{source}: cites: list the CFR sections the module teaches, e.g. [\"164.530(b)\"]")
    quiz = data.get("quiz")
    if not isinstance(quiz, list) or len(quiz) < MIN_QUESTIONS:
        raise ContentError(f"{source}: quiz: needs at least {MIN_QUESTIONS} questions")
    body = m.group(2).strip()
    if not body:
        raise ContentError(f"{source}: the reading after the front matter is empty")
    return Module(id=mid, title=_text(source, data, "title"), version=_positive_int(source, data, "version"),
                  minutes=_positive_int(source, data, "minutes"), summary=_text(source, data, "summary"),
                  cites=tuple(c.strip() for c in cites),
                  questions=tuple(_question(source, i, q) for i, q in enumerate(quiz)), body=body, source=source)


def load_dir(directory: Path) -> tuple[Module, ...]:
    """Every `*.md` in `directory`, in file-name order; ids must be unique."""
    modules, seen = [], {}
    for path in sorted(directory.glob("*.md")):
        source = f"modules/{path.name}"
        mod = parse(path.read_text(encoding="utf-8"), source)
        if mod.id in seen:
            raise ContentError(f"{source}: id: {mod.id!r} is already used by {seen[mod.id]}")
        seen[mod.id] = source
        modules.append(mod)
    if not modules:
        raise ContentError(f"{directory}: no module files (*.md) found")
    return tuple(modules)


@lru_cache(maxsize=1)
def modules() -> tuple[Module, ...]:
    return load_dir(MODULES_DIR)


def module(module_id: str) -> Module | None:
    return next((m for m in modules() if m.id == module_id), None)
