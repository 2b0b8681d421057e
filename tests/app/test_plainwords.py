"""Plain English wherever a verdict, a label or a reason code is shown."""

import re

import pytest
from django.template import Context, Template

from safepost.app.web.templatetags.plainwords import REASONS, plain_label, plain_reason, plain_verdict
from safepost.engine.labels import Label
from safepost.engine.verdict import EXPLAIN

from .test_api import SSN_TEXT


@pytest.mark.parametrize("code", sorted(EXPLAIN))
def test_every_engine_reason_code_has_a_sentence(code):
    assert code in REASONS
    sentence = plain_reason(code)
    assert "_" not in sentence and sentence[0].isupper()


@pytest.mark.parametrize("label", list(Label))
def test_every_label_reads_as_its_plain_name(label):
    assert plain_label(label.value) == label.info.plain
    assert plain_label(label.value, True) == f"{label.info.plain} tied to a patient"


def test_the_issue_s_examples_read_as_asked():
    assert plain_reason("names_patient").startswith("Names a patient")
    assert plain_label("PHONE", True) == "a telephone number tied to a patient"


def test_an_unknown_code_is_still_readable():
    assert plain_reason("some_new_code") == "Some new code"
    assert plain_label("NEW_KIND") == "New kind"
    assert plain_verdict("") == "—"


def test_verdicts_read_as_what_to_do():
    assert plain_verdict("BLOCK") == "Blocked"
    assert plain_verdict("NEEDS_AUTHORIZATION") == "Needs the patient's authorization"


def test_the_filters_load_in_a_template():
    html = Template("{% load plainwords %}{{ c|plain_reason }} / {{ l|plain_label:True }}").render(
        Context({"c": "age_over_89", "l": "SSN"}))
    assert html == "Gives an age over 89, which HIPAA treats as an identifier / a Social Security number tied to a patient"


def test_the_scan_page_shows_sentences_not_codes(as_user):
    r = as_user("andy").post("/o/acme/scan/", {"text": SSN_TEXT, "direction": "outbound", "kind": "post"},
                             HTTP_HX_REQUEST="true")
    html = r.content.decode()
    report = r.context["report"]
    assert report.reasons
    for reason in report.reasons:
        assert f'data-code="{reason.code}">{plain_reason(reason.code)}' in html.replace("&#x27;", "'")
    visible = re.sub(r"<[^>]+>", " ", html)          # the codes stay in attributes only
    assert not any(reason.code in visible for reason in report.reasons)
    assert "a Social Security number tied to a patient" in visible


def test_the_safe_rewrite_has_a_use_this_text_button_wired_by_a_script_file(as_user):
    c = as_user("andy")
    r = c.post("/o/acme/scan/", {"text": SSN_TEXT, "direction": "outbound", "kind": "post"}, HTTP_HX_REQUEST="true")
    html = r.content.decode()
    assert r.context["report"].suggestion
    assert 'data-use-text="#safe-rewrite" data-into="#id_text"' in html and 'id="safe-rewrite"' in html
    assert "onclick" not in html and "<script" not in html
    page = c.get("/o/acme/scan/").content.decode()
    assert '<script src="/static/web/app.js" defer></script>' in page
    js = b"".join(c.get("/static/web/app.js").streaming_content).decode()
    assert "data-use-text" in js and "eval(" not in js
