"""One search page (/o/<org>/search/?q=…) over posts, inbox items and consents, each only for
roles that may see its list (the same Actions as the lists). The database matches ids, dates,
states, verdicts, channels and the columns stored in the clear; encrypted columns are named on
the page as not searched. Results show no encrypted field (no text, no patient), so nothing is
decrypted to build them; the query itself is neither logged nor audited."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import reduce
from operator import and_

from django.db.models import Prefetch, Q
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from safepost.app.accounts.access import org_view
from safepost.app.accounts.rules import Action, can
from safepost.app.web.searchq import Query, encrypted_fields, parse, state_word, verdict_of

LIMIT = 50


def _day(field: str, d: date) -> Q:
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(d, time.min), tz)
    return Q(**{f"{field}__gte": start, f"{field}__lt": start + timedelta(days=1)})


def _post_term(kind: str, value) -> Q:
    if kind == "id":
        return Q(pk=value)
    if kind == "date":
        return _day("publish_at", value) | _day("created", value)
    q = Q(state=state_word(value)) | Q(channels__name__icontains=value) | Q(channels__platform=value)
    return q | Q(verdict=verdict_of(value)) if verdict_of(value) else q


def _inbox_term(kind: str, value) -> Q:
    if kind == "id":
        return Q(pk=value)
    if kind == "date":
        return _day("received_at", value)
    q = (Q(state=value) | Q(source=value) | Q(kind=state_word(value)) | Q(situation=state_word(value))
         | Q(channel__name__icontains=value) | Q(channel__platform=value))
    return q | Q(verdict=verdict_of(value)) if verdict_of(value) else q


def _consent_term(kind: str, value) -> Q:
    if kind == "id":
        return Q(pk=value)
    if kind == "date":
        return Q(signed_on=value) | Q(expires_on=value)
    return (Q(status=value) | Q(discloser__icontains=value) | Q(recipients__icontains=value)
            | Q(purpose_description__icontains=value) | Q(form_version__icontains=value))


def _terms(query: Query):
    return ([("id", i) for i in query.ids] + [("date", d) for d in query.dates]
            + [("word", w) for w in query.words])


def _match(qs, term_q, query: Query):
    return qs.filter(reduce(and_, [term_q(k, v) for k, v in _terms(query)])).distinct().order_by("-pk")[:LIMIT]


def _models():
    from safepost.app.consent.models import Consent
    from safepost.app.inbox.models import Item
    from safepost.app.posts.models import Post

    return Post, Item, Consent


def not_searched(role) -> list[tuple[str, list[str]]]:
    """For each kind the role may see: the plain names of its encrypted columns."""
    post, item, consent = _models()
    kinds = [("Posts", post, Action.POSTS_VIEW), ("Inbox", item, Action.INBOX_VIEW),
             ("Consents", consent, Action.CONSENTS_VIEW)]
    return [(title, encrypted_fields(model)) for title, model, action in kinds if can(role, action)]


def _light_channels() -> Prefetch:
    """The posts' channels without their encrypted credentials (not shown, not decrypted)."""
    from safepost.app.channels.models import Channel

    return Prefetch("channels", queryset=Channel.objects.only("id", "name", "platform"))


def sections(org, role, query: Query) -> list[dict]:
    Post, Item, Consent = _models()
    out = []
    if can(role, Action.POSTS_VIEW):
        out.append({"key": "posts", "title": "Posts", "rows": list(
            _match(Post.objects.filter(org=org).prefetch_related(_light_channels())
                   .only("id", "state", "verdict", "publish_at", "created", "org_id"), _post_term, query))})
    if can(role, Action.INBOX_VIEW):
        out.append({"key": "inbox", "title": "Inbox", "rows": list(
            _match(Item.objects.filter(org=org).select_related("channel")
                   .only("id", "state", "verdict", "source", "kind", "received_at", "channel__name", "org_id"),
                   _inbox_term, query))})
    if can(role, Action.CONSENTS_VIEW):
        out.append({"key": "consents", "title": "Consents", "rows": list(
            _match(Consent.objects.filter(org=org)
                   .only("id", "status", "signed_on", "expires_on", "platforms", "org_id"), _consent_term, query))})
    for s in out:
        s["full"] = len(s["rows"]) == LIMIT
    return out


@org_view(Action.ORG_VIEW)
@require_GET
def search_page(request):
    raw = request.GET.get("q", "")
    query = parse(raw)
    results = [] if (query.refused or query.empty) else sections(request.org, request.membership.role, query)
    return render(request, "web/search.html", {"q": raw[:200], "query": query, "sections": results, "limit": LIMIT,
                                               "not_searched": not_searched(request.membership.role)},
                  status=400 if query.refused else 200)
