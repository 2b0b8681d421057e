"""Identifiers with their own check digits, and the world's phone numbers and addresses."""
from __future__ import annotations

import pytest

from safepost import scan
from safepost.engine.detect.financial import iban_ok, luhn_ok


@pytest.mark.parametrize("iban, ok", [
    ("GB82 WEST 1234 5698 7654 32", True), ("DE89370400440532013000", True),
    ("FR1420041010050500013M02606", True), ("GB82 WEST 1234 5698 7654 33", False), ("DE00370400440532013000", False),
])
def test_iban_mod_97(iban, ok):
    assert iban_ok(iban) is ok


@pytest.mark.parametrize("card, ok", [
    ("4111 1111 1111 1111", True), ("5500-0000-0000-0004", True), ("4111 1111 1111 1112", False), ("1234", False),
])
def test_luhn(card, ok):
    assert luhn_ok(card) is ok


def labels_in(text: str, direction: str = "inbound") -> dict[str, str]:
    report = scan(text, direction=direction, kind="comment" if direction == "inbound" else "post")
    return {text[f.start:f.end]: f.label for f in report.findings}


def label_over(text: str, span: str) -> str | None:
    """The label of a finding that covers ``span`` (it may be part of a longer one)."""
    a = text.index(span)
    report = scan(text, direction="inbound", kind="comment")
    return next((f.label for f in report.findings if f.start <= a and a + len(span) <= f.end), None)


@pytest.mark.parametrize("text, span, label", [
    ("Refund the copay to DE89 3704 0044 0532 0130 00 please", "DE89 3704 0044 0532 0130 00", "ACCOUNT"),
    ("use card 4111 1111 1111 1111 for my prescription", "4111 1111 1111 1111", "ACCOUNT"),
    ("call me back on +44 20 7946 0958 about my mum's scan", "+44 20 7946 0958", "PHONE"),
    ("mi número es +52 55 1234 5678, es por la cita de mi hijo", "+52 55 1234 5678", "PHONE"),
    ("ring me on 07849 551959 re the MRI", "07849 551959", "PHONE"),
    ("Tel. 04 56 58 19 18, c'est pour ma fille", "04 56 58 19 18", "PHONE"),
    ("call 688.062.6063x0807 about my bill", "688.062.6063x0807", "PHONE"),
    ("She moved to Hauptstraße 5, 10115 Berlin after the stroke", "Hauptstraße 5", "LOCATION"),
    ("send the CPAP to 12 rue Victor Hugo, 69003 Lyon", "12 rue Victor Hugo", "LOCATION"),
    ("la receta es para Calle Mayor 12, Madrid", "Calle Mayor 12", "LOCATION"),
    ("my dad's postcode is SW1A 1AA if the nurse visits", "SW1A 1AA", "LOCATION"),
    ("My name is Urvashi Nair and my biopsy results are late", "Urvashi Nair", "NAME"),
    ("login from 203.0.113.9 for user kpatel77 to see the chart", "kpatel77", "USERNAME"),
])
def test_found(text, span, label):
    assert label_over(text, span) == label


@pytest.mark.parametrize("text", [
    "Our 2025 Heart Walk starts at 9, join us!",
    "Open 8-5 on weekdays; flu shots 2024-10-01 through 2024-12-15.",
    "We saw 1,250 patients in 2023 and 1,400 in 2024.",
    "Place your order by Friday.",
])
def test_not_found(text):
    found = labels_in(text, "outbound")
    assert not {s: l for s, l in found.items() if l in ("PHONE", "ACCOUNT", "LOCATION")}, found
