"""The bell's pages: a person's notifications, opening one, and what they get by e-mail."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safepost.app.accounts.access import org_view
from safepost.app.accounts.rules import Action
from safepost.app.notify import services
from safepost.app.notify.events import EVENTS, Email, Event

EMAIL_LABELS = {Email.NOW: "At once", Email.DIGEST: "Daily digest", Email.OFF: "No e-mail"}
MAIL_LABELS = {"none": "—", "pending": "to send", "sending": "sending", "digest": "in the digest",
               "sent": "sent", "failed": "could not be sent"}


@org_view(Action.ORG_VIEW)
@require_GET
def notification_list(request):
    rows = list(services.inbox_for(request.user, request.org)[:200])
    items = [{"n": n, "title": Event(n.event).title, "urgent": EVENTS[Event(n.event)].urgent,
              "mail": MAIL_LABELS[n.mail]} for n in rows if n.event in Event._value2member_map_]
    return render(request, "notify/list.html", {"items": items})


@org_view(Action.ORG_VIEW)
@require_POST
def notification_open(request, notification_id: int):
    n = get_object_or_404(services.inbox_for(request.user, request.org), pk=notification_id)
    services.mark_read(request.user, request.org, n.pk)
    return redirect(n.link)           # a path inside SafePost (checked when it was made)


@org_view(Action.ORG_VIEW)
@require_POST
def notification_read_all(request):
    count = services.mark_read(request.user, request.org)
    messages.success(request, f"Marked {count} notification{'s' if count != 1 else ''} as read.")
    return redirect("notify-list", org=request.org.slug)


@org_view(Action.ORG_VIEW)
@require_http_methods(["GET", "POST"])
def notification_settings(request):
    if request.method == "POST":
        for event in Event:
            email = request.POST.get(f"email-{event.value}", "")
            if email not in Email._value2member_map_:
                messages.error(request, f"Choose how to e-mail “{event.title}”: at once, daily digest or no e-mail.")
                break
        else:
            for event in Event:
                services.set_choice(request.org, request.user, event,
                                    in_app=request.POST.get(f"app-{event.value}") == "on",
                                    email=Email(request.POST[f"email-{event.value}"]))
            messages.success(request, "Your notification choices are saved.")
            return redirect("notify-settings", org=request.org.slug)
    rows = [{"event": e, "title": e.title, "in_app": in_app, "email": email.value}
            for e, in_app, email in services.choices(request.org, request.user)]
    return render(request, "notify/settings.html", {"rows": rows, "email_choices": [(e.value, EMAIL_LABELS[e]) for e in Email]})

