"""The e-mails: a title, a reason code and a link. Never the text of a post, a comment or a
patient's name (the notification row holds none to leak).

Where mail goes is settings: `SAFEPOST_SMTP_URL` (smtp://user:password@host:587, smtp+ssl://…
for implicit TLS, `?starttls=1` to upgrade); unset, messages are written as .eml files to
<data dir>/outbox so nothing is lost and the demo shows them.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from safepost.app.notify.events import Event
from safepost.app.notify.models import Notification

FOOTER = ("This message carries no patient information: sign in to SafePost to see the details.\n"
          "Choose which notifications you get by e-mail: {base}/o/{org}/notifications/settings/\n")


def _line(n: Notification) -> str:
    reason = f" (reason: {n.reason})" if n.reason else ""
    return f"- {Event(n.event).title}{reason}\n  {settings.SAFEPOST_BASE_URL}{n.link}\n"


def one(n: Notification) -> EmailMessage:
    body = (f"{Event(n.event).title}\n\nOrganization: {n.org.name}\n"
            + (f"Reason: {n.reason}\n" if n.reason else "")
            + f"Open: {settings.SAFEPOST_BASE_URL}{n.link}\n\n"
            + FOOTER.format(base=settings.SAFEPOST_BASE_URL, org=n.org.slug))
    return EmailMessage(subject=f"[SafePost] {Event(n.event).title}", body=body,
                        from_email=settings.DEFAULT_FROM_EMAIL, to=[n.recipient.email])


def digest(items: Sequence[Notification]) -> EmailMessage:
    first = items[0]
    body = (f"Your SafePost digest for {first.org.name}: {len(items)} notification"
            f"{'s' if len(items) != 1 else ''}.\n\n" + "".join(_line(n) for n in items) + "\n"
            + FOOTER.format(base=settings.SAFEPOST_BASE_URL, org=first.org.slug))
    return EmailMessage(subject=f"[SafePost] Daily digest: {len(items)} for {first.org.name}",
                        body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[first.recipient.email])


def connection():
    return get_connection(fail_silently=False)
