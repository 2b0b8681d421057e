"""What SafePost tells people about: one `Event` per kind of notification. Pure: no Django.

Each event has a plain-English title (the bell, the e-mail subject), the roles told by default
when a caller names roles rather than people, and how e-mail is sent unless the person chose
otherwise: at once (`NOW`), in the daily digest (`DIGEST`) or not at all (`OFF`).

Adding an event (incidents, training, …): one member below and one row in `EVENTS`; callers use
`notify(org, Event.X, …)` (services.py). E-mails carry the title, a reason code and a link —
never the text of a post, a comment or a patient's name.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from safepost.app.accounts.rules import Role


class Email(str, enum.Enum):
    NOW = "now"          # one e-mail per notification, sent by the worker
    DIGEST = "digest"    # collected into one e-mail a day
    OFF = "off"          # in-app only


class Event(str, enum.Enum):
    POST_RETURNED = "post.returned"              # sent back from review to its author
    POST_SUBMITTED = "post.submitted"            # a post waits for review
    POST_APPROVED = "post.approved"
    OVERRIDE_REQUESTED = "post.override_requested"   # a second privacy officer must confirm
    POST_PUBLISHED = "post.published"
    POST_PUBLISH_FAILED = "post.publish_failed"  # parked after retries: someone must act
    INBOX_SLA_BREACH = "inbox.sla_breach"        # an inbound item passed its first-response time
    INBOX_PHI = "inbox.phi"                      # PHI found in an inbound item
    CONSENT_EXPIRING = "consent.expiring"
    INCIDENT_OPENED = "incident.opened"
    INCIDENT_ASSIGNED = "incident.assigned"
    INCIDENT_ESCALATED = "incident.escalated"    # nobody acknowledged in time
    INCIDENT_DEADLINE = "incident.deadline"      # a notification deadline is near
    INCIDENT_ACTION_DUE = "incident.action_due"  # a post-incident corrective action is due soon
    TRAINING_DUE = "training.due"                # required training expires soon
    TRAINING_LAPSED = "training.lapsed"          # posting and replying rights are suspended
    TRAINING_SCENARIO_CANDIDATE = "training.scenario_candidate"   # a de-identified scenario waits for review

    @property
    def spec(self) -> EventSpec:
        return EVENTS[self]

    @property
    def title(self) -> str:
        return EVENTS[self].title


@dataclass(frozen=True)
class EventSpec:
    title: str
    roles: frozenset[Role]       # told when the caller passes roles=None and to=None
    email: Email                 # default e-mail choice
    urgent: bool = False         # shown first; never only in a digest by default


R = Role
EVENTS: dict[Event, EventSpec] = {
    Event.POST_RETURNED:       EventSpec("A post was sent back from review", frozenset(), Email.NOW),
    Event.POST_SUBMITTED:      EventSpec("A post is waiting for review", frozenset({R.REVIEWER, R.PRIVACY}), Email.DIGEST),
    Event.OVERRIDE_REQUESTED:  EventSpec("An override waits for a second privacy officer", frozenset({R.PRIVACY}), Email.NOW, urgent=True),
    Event.POST_APPROVED:       EventSpec("A post was approved", frozenset(), Email.DIGEST),
    Event.POST_PUBLISHED:      EventSpec("A post was published", frozenset(), Email.DIGEST),
    Event.POST_PUBLISH_FAILED: EventSpec("A post could not be published", frozenset({R.ADMIN}), Email.NOW, urgent=True),
    Event.INBOX_SLA_BREACH:    EventSpec("An inbox item is past its response time", frozenset({R.COMMUNITY}), Email.NOW, urgent=True),
    Event.INBOX_PHI:           EventSpec("Patient information was found in an inbox item", frozenset({R.PRIVACY, R.COMMUNITY}), Email.NOW, urgent=True),
    Event.CONSENT_EXPIRING:    EventSpec("An authorization expires soon", frozenset({R.PRIVACY}), Email.DIGEST),
    Event.INCIDENT_OPENED:     EventSpec("An incident was opened", frozenset({R.PRIVACY}), Email.NOW, urgent=True),
    Event.INCIDENT_ASSIGNED:   EventSpec("You were added to an incident's team", frozenset(), Email.NOW, urgent=True),
    Event.INCIDENT_ESCALATED:  EventSpec("An incident was not acknowledged in time", frozenset({R.PRIVACY, R.ADMIN}), Email.NOW, urgent=True),
    Event.INCIDENT_DEADLINE:   EventSpec("A breach-notification deadline is near", frozenset({R.PRIVACY}), Email.NOW, urgent=True),
    Event.INCIDENT_ACTION_DUE: EventSpec("A corrective action you own is due soon", frozenset(), Email.NOW),
    Event.TRAINING_DUE:        EventSpec("Your required training expires soon", frozenset(), Email.DIGEST),
    Event.TRAINING_LAPSED:     EventSpec("Your required training has lapsed", frozenset(), Email.NOW, urgent=True),
    Event.TRAINING_SCENARIO_CANDIDATE: EventSpec("A practice scenario waits for your review", frozenset({R.PRIVACY}), Email.DIGEST),
}
del R

# A reason code is short, lowercase and PHI-free ("override_published", "sla_4h").
REASON_MAX = 60


def reason_problem(reason: str) -> str | None:
    """Why `reason` may not travel in a notification, or None."""
    if len(reason) > REASON_MAX:
        return f"a reason code is at most {REASON_MAX} characters"
    if reason and not all(c.islower() or c.isdigit() or c in "_.-" for c in reason):
        return "a reason code uses lowercase letters, digits, '_', '.', '-' only (it is a code, never text)"
    return None


def reason_code(value: str) -> str:
    """A machine code made into a reason code ("Consent_Revoked" → "consent_revoked")."""
    code = "".join(c if c.isalnum() or c in "_.-" else "_" for c in value.strip().lower())
    return code[:REASON_MAX]


def link_problem(link: str) -> str | None:
    """A notification links to a page of SafePost: a path, not a URL elsewhere."""
    if not link.startswith("/") or link.startswith("//") or any(c.isspace() for c in link) or len(link) > 300:
        return "a notification's link is a path inside SafePost such as /o/acme/posts/3/"
    return None
