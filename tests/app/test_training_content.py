"""The training modules ship as Markdown with YAML front matter; every one parses, every
question has exactly one correct answer and an explanation, and a broken file is reported with
its name and the field to fix."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from safepost.app.training import content, markup
from safepost.app.training.content import ContentError, parse

REFERENCE = Path("/work/shared/docs/hipaa-reference.md")

GOOD = """---
id: sample
title: Sample
version: 1
minutes: 3
summary: A sample.
cites: ["164.530(b)"]
quiz:
  - question: One?
    choices:
      - text: a
        correct: true
      - text: b
    explanation: Because.
  - question: Two?
    choices:
      - text: a
      - text: b
        correct: true
    explanation: Because.
---
## Reading

Some **text**.
"""


def test_every_shipped_module_parses_and_there_are_six_or_seven():
    mods = content.modules()
    assert 6 <= len(mods) <= 7
    assert len({m.id for m in mods}) == len(mods)


@pytest.mark.parametrize("mod", content.modules(), ids=lambda m: m.id)
def test_every_question_has_exactly_one_correct_answer_and_an_explanation(mod):
    assert len(mod.questions) >= 2
    for q in mod.questions:
        assert 0 <= q.correct < len(q.choices)
        assert len(q.explanation) > 40
        assert q.text.strip()


@pytest.mark.parametrize("mod", content.modules(), ids=lambda m: m.id)
def test_every_module_cites_sections_of_the_hipaa_rules(mod):
    for cite in mod.cites:
        assert re.match(r"^16[04]\.\d{3}", cite), cite
        assert mod.body or mod.questions


@pytest.mark.skipif(not REFERENCE.exists(), reason="the shared HIPAA reference is not on this machine")
def test_every_cited_section_appears_in_the_project_hipaa_reference():
    ref = REFERENCE.read_text(encoding="utf-8")
    for mod in content.modules():
        for cite in mod.cites:
            base = cite.split("(")[0]
            assert base in ref, f"{mod.id} cites {cite}, which the reference does not discuss"


def test_the_modules_cover_the_enforcement_scenarios_the_brief_names():
    text = " ".join(m.body + " ".join(q.text for q in m.questions) for m in content.modules()).lower()
    for topic in ("review", "testimonial", "whiteboard", "posted it first", "minimum necessary",
                  "164.508(c)(1)", "privacy officer"):
        assert topic in text, topic


def test_a_good_file_parses_with_its_fields():
    m = parse(GOOD, "modules/x.md")
    assert (m.id, m.version, m.minutes, m.cites) == ("sample", 1, 3, ("164.530(b)",))
    assert [q.correct for q in m.questions] == [0, 1]


@pytest.mark.parametrize("change, message", [
    (("correct: true\n      - text: b\n", "correct: true\n      - text: b\n        correct: true\n"),
     "modules/x.md: quiz[0].choices: exactly one choice must be correct, found 2"),
    (("        correct: true\n      - text: b\n    explanation: Because.\n  - question: Two",
      "      - text: b\n    explanation: Because.\n  - question: Two"),
     "modules/x.md: quiz[0].choices: exactly one choice must be correct, found 0"),
    (("    explanation: Because.\n  - question: Two?", "  - question: Two?"),
     "modules/x.md: quiz[0]: explanation: required text is missing"),
    (("version: 1", "version: one"), "modules/x.md: version: must be a whole number"),
    (("id: sample", "id: Sample Module"), "modules/x.md: id: use lowercase"),
    (("cites: [\"164.530(b)\"]", "cites: []"), "modules/x.md: cites:"),
    (("title: Sample\n", ""), "modules/x.md: title: required text"),
    (("quiz:", "quiz: [\nbroken:"), "modules/x.md: front matter is not valid YAML at line"),
    (("---\nid", "id"), "modules/x.md: must start with '---'"),
])
def test_a_broken_file_is_reported_with_its_name_and_field(change, message):
    old, new = change
    assert old in GOOD
    with pytest.raises(ContentError) as e:
        parse(GOOD.replace(old, new, 1), "modules/x.md")
    assert str(e.value).startswith(message), str(e.value)


def test_two_files_with_one_id_are_refused(tmp_path):
    (tmp_path / "a.md").write_text(GOOD)
    (tmp_path / "b.md").write_text(GOOD)
    with pytest.raises(ContentError, match="modules/b.md: id: 'sample' is already used by modules/a.md"):
        content.load_dir(tmp_path)


def test_the_reading_renders_escaped_html():
    html = markup.render("## Title\n\nSay <script>x</script> **bold**\n\n- one\n- two\n\n| a | b |\n| --- | --- |\n| 1 | 2 |")
    assert "<h3>Title</h3>" in html and "<strong>bold</strong>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<ul><li>one</li><li>two</li></ul>" in html
    assert "<th scope=\"col\">a</th>" in html and "<td>2</td>" in html


def test_the_module_files_ship_as_package_data():
    pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
    assert "training/modules/*.md" in pyproject.read_text()
