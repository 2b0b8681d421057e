"""`{% load incidents %}{% open_incident_button "post" post.pk %}`: the "Open an incident" link on
another app's page (post, inbox item, consent), shown only to members who may manage incidents,
prefilled with the source. The other apps' templates need this one line, nothing in their views."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.http import urlencode

from safepost.app.accounts.rules import Action, can
from safepost.app.incidents.rules import SOURCE_KINDS

register = template.Library()


@register.inclusion_tag("incidents/_open_button.html", takes_context=True)
def open_incident_button(context, source_kind: str, source_id: int) -> dict:
    request = context.get("request")
    membership = getattr(request, "membership", None)
    org = getattr(request, "org", None)
    if membership is None or org is None or source_kind not in SOURCE_KINDS or not can(membership.role, Action.INCIDENTS_MANAGE):
        return {"href": None}
    query = urlencode({"source_kind": source_kind, "source_id": source_id})
    return {"href": f"{reverse('incidents-new', kwargs={'org': org.slug})}?{query}"}
