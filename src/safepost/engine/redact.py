"""The safe suggestion: identifiers masked, or for a reply the compliant template
(acknowledge, don't confirm, move the conversation to a private channel)."""

from __future__ import annotations

from safepost.engine.doc import Doc
from safepost.engine.report import Finding, Verdict
from safepost.engine.signals import REPLY_KINDS

REPLY_TEMPLATE = (
    "Thank you for taking the time to share this. We take every concern seriously, but to protect "
    "everyone's privacy we can't discuss anyone's care here. Please contact {contact} so we can help you directly."
)
INBOUND_TEMPLATE = (
    "Thank you for reaching out. To protect your privacy, please don't share personal or health details "
    "in public comments. Please contact {contact} and our team will follow up privately."
)


def _contact(doc: Doc) -> str:
    phone = doc.policy.phones[0] if doc.policy.phones else None
    return f"our office at {phone}" if phone else "our office"


def mask(text: str, findings: list[Finding]) -> str:
    out, pos = [], 0
    for f in sorted((f for f in findings if f.is_phi), key=lambda f: f.start):
        if f.start < pos:
            continue
        out.append(text[pos:f.start])
        out.append(f"[{f.label}]")
        pos = f.end
    out.append(text[pos:])
    return "".join(out)


def suggest(doc: Doc, verdict: Verdict, findings: list[Finding]) -> str:
    if verdict is Verdict.ALLOW:
        return doc.text
    if verdict is Verdict.PRIVATE_FOLLOW_UP:
        return INBOUND_TEMPLATE.format(contact=_contact(doc))
    if doc.kind in REPLY_KINDS:
        return REPLY_TEMPLATE.format(contact=_contact(doc))
    return mask(doc.text, findings)
