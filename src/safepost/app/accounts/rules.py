"""Who may do what: roles, actions and THE permission table. Pure: no Django import.

Every view, API endpoint and service asks `can(role, action)`; nothing else decides access.

To add a capability (posts, consents, inbox, incidents, …):
  1. add an `Action` member below, named ``<area>.<verb>``; `READ_ONLY_VERBS` decides whether
     it writes (the auditor role may only hold read-only actions, which a test enforces);
  2. add one row to `PERMISSIONS` naming the roles that hold it;
  3. add the row to the expected table in `tests/app/test_rules.py` (the test compares the
     whole table, so an unreviewed change fails);
  4. protect the view with `@org_view(Action.X)` / the API operation with `require(Action.X)`.

Service API keys (no person behind them) hold only `SERVICE_KEY_ACTIONS`; a key created with
`--user` acts with that member's role.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta


class Role(str, enum.Enum):
    ADMIN = "admin"                 # manages the organization: members, roles, API keys, settings
    PRIVACY = "privacy"             # privacy / compliance officer: approves, overrides, audits
    REVIEWER = "reviewer"           # reviews and approves posts
    AUTHOR = "author"               # writes posts
    COMMUNITY = "community"         # community manager: inbox, replies
    AUDITOR = "auditor"             # read-only, including the audit log

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.ADMIN: "Administrator", Role.PRIVACY: "Privacy officer", Role.REVIEWER: "Reviewer",
    Role.AUTHOR: "Author", Role.COMMUNITY: "Community manager", Role.AUDITOR: "Auditor",
}


class Action(str, enum.Enum):
    ORG_VIEW = "org.view"                   # see the organization's shell and dashboard
    SCAN_RUN = "scan.run"                   # check a text with the engine (page and API)
    AUDIT_VIEW = "audit.view"               # read and filter the audit log
    AUDIT_EXPORT = "audit.export"           # download the audit log as CSV
    MEMBERS_VIEW = "members.view"           # see who is in the organization and their roles
    MEMBERS_MANAGE = "members.manage"       # add people, change roles
    APIKEYS_VIEW = "apikeys.view"
    APIKEYS_MANAGE = "apikeys.manage"       # create and revoke API keys
    # areas whose pages exist as placeholders until their issue lands
    POSTS_VIEW = "posts.view"
    POSTS_WRITE = "posts.write"             # compose, edit, submit, schedule, withdraw posts
    POSTS_APPROVE = "posts.approve"         # approve or reject posts in review
    POSTS_OVERRIDE = "posts.override"       # release a BLOCKed post with a written reason
    POSTS_CONFIGURE = "posts.configure"     # approvals required; members' training standing
    CHANNELS_VIEW = "channels.view"         # see connected accounts and their last error
    CHANNELS_MANAGE = "channels.manage"     # connect, disable accounts
    CONSENTS_VIEW = "consents.view"
    CONSENTS_MANAGE = "consents.manage"     # record and revoke authorizations, attach the signed form
    CONSENT_IDENTITY_VIEW = "consent_identity.view"  # the patient on an authorization, the signed form (audited)
    INBOX_VIEW = "inbox.view"
    INBOX_TRIAGE = "inbox.triage"           # assign, hide, resolve inbox items; import review exports
    INBOX_REPLY = "inbox.reply"             # answer the public (every reply checked by the engine)
    INBOX_CONFIGURE = "inbox.configure"     # SLA, contact details, secure link, webhooks
    INCIDENTS_VIEW = "incidents.view"
    TRAINING_VIEW = "training.view"
    REPORTS_VIEW = "reports.view"
    POSTS_PUBLISH = "posts.publish"         # publish an approved post now, from its page
    MEMBERS_INVITE = "members.invite"       # invite people by e-mail; deactivate members
    INCIDENTS_MANAGE = "incidents.manage"   # open, assess, decide, record notices, close incidents
    TRAINING_TAKE = "training.take"         # take a module's quiz (one's own record)
    TRAINING_TEAM_VIEW = "training_team.view"  # who is current, due or lapsed
    TRAINING_EXPORT = "training.export"     # the training report as CSV
    TRAINING_CONFIGURE = "training.configure"  # how long a pass lasts, the pass mark
    ORG_CONFIGURE = "org.configure"         # the organization's settings (its default time zone)
    TRAINING_SCENARIOS_REVIEW = "training_scenarios.review"  # approve or retire the organization's practice scenarios
    INBOX_RELEASE = "inbox.release"         # release a BLOCKed inbox reply (reason, confirmation, incident)

    @property
    def area(self) -> str:
        return self.value.split(".", 1)[0]

    @property
    def verb(self) -> str:
        return self.value.split(".", 1)[1]

    @property
    def read_only(self) -> bool:
        return self.verb in READ_ONLY_VERBS


READ_ONLY_VERBS = frozenset({"view", "export"})

R = Role
EVERYONE = frozenset(Role)
PERMISSIONS: dict[Action, frozenset[Role]] = {
    Action.ORG_VIEW:        EVERYONE,
    Action.SCAN_RUN:        frozenset({R.ADMIN, R.PRIVACY, R.REVIEWER, R.AUTHOR, R.COMMUNITY}),
    Action.AUDIT_VIEW:      frozenset({R.PRIVACY, R.AUDITOR}),
    Action.AUDIT_EXPORT:    frozenset({R.PRIVACY, R.AUDITOR}),
    Action.MEMBERS_VIEW:    frozenset({R.ADMIN, R.PRIVACY, R.AUDITOR}),
    Action.MEMBERS_MANAGE:  frozenset({R.ADMIN}),
    Action.APIKEYS_VIEW:    frozenset({R.ADMIN, R.PRIVACY, R.AUDITOR}),
    Action.APIKEYS_MANAGE:  frozenset({R.ADMIN}),
    Action.POSTS_VIEW:      EVERYONE,
    Action.POSTS_WRITE:     frozenset({R.ADMIN, R.PRIVACY, R.REVIEWER, R.AUTHOR, R.COMMUNITY}),
    Action.POSTS_APPROVE:   frozenset({R.PRIVACY, R.REVIEWER}),
    Action.POSTS_OVERRIDE:  frozenset({R.PRIVACY}),
    Action.POSTS_CONFIGURE: frozenset({R.ADMIN, R.PRIVACY}),
    Action.CHANNELS_VIEW:   EVERYONE,
    Action.CHANNELS_MANAGE: frozenset({R.ADMIN}),
    Action.CONSENTS_VIEW:   frozenset({R.ADMIN, R.PRIVACY, R.REVIEWER, R.AUTHOR, R.AUDITOR}),
    Action.CONSENTS_MANAGE: frozenset({R.ADMIN, R.PRIVACY}),
    Action.CONSENT_IDENTITY_VIEW: frozenset({R.ADMIN, R.PRIVACY, R.AUDITOR}),
    Action.INBOX_VIEW:      frozenset({R.ADMIN, R.PRIVACY, R.COMMUNITY, R.AUDITOR}),
    Action.INBOX_TRIAGE:    frozenset({R.ADMIN, R.PRIVACY, R.COMMUNITY}),
    Action.INBOX_REPLY:     frozenset({R.ADMIN, R.PRIVACY, R.COMMUNITY}),
    Action.INBOX_CONFIGURE: frozenset({R.ADMIN, R.PRIVACY}),
    Action.INCIDENTS_VIEW:  frozenset({R.ADMIN, R.PRIVACY, R.AUDITOR}),
    Action.TRAINING_VIEW:   EVERYONE,
    Action.REPORTS_VIEW:    frozenset({R.ADMIN, R.PRIVACY, R.AUDITOR}),
    Action.POSTS_PUBLISH:   frozenset({R.ADMIN, R.PRIVACY, R.REVIEWER}),
    Action.MEMBERS_INVITE:  frozenset({R.ADMIN}),
    Action.INCIDENTS_MANAGE: frozenset({R.ADMIN, R.PRIVACY}),
    Action.TRAINING_TAKE:   frozenset({R.ADMIN, R.PRIVACY, R.REVIEWER, R.AUTHOR, R.COMMUNITY}),
    Action.TRAINING_TEAM_VIEW: frozenset({R.ADMIN, R.PRIVACY, R.AUDITOR}),
    Action.TRAINING_EXPORT: frozenset({R.ADMIN, R.PRIVACY, R.AUDITOR}),
    Action.TRAINING_CONFIGURE: frozenset({R.ADMIN, R.PRIVACY}),
    Action.ORG_CONFIGURE:   frozenset({R.ADMIN}),
    Action.TRAINING_SCENARIOS_REVIEW: frozenset({R.PRIVACY}),
    Action.INBOX_RELEASE:   frozenset({R.PRIVACY}),
}
del R

SERVICE_KEY_ACTIONS = frozenset({Action.SCAN_RUN})

# Roles whose members must always sign in with a second factor (TOTP or a passkey); for the
# other roles each organization decides (Organization.mfa_for_everyone, default: required).
TOTP_REQUIRED_ROLES = frozenset({Role.ADMIN, Role.PRIVACY})


def can(role: Role | str | None, action: Action) -> bool:
    """May a member with `role` do `action`? None (not a member) may do nothing."""
    if role is None:
        return False
    return Role(role) in PERMISSIONS[action]


def can_service_key(action: Action) -> bool:
    """May an API key that acts for no person do `action`?"""
    return action in SERVICE_KEY_ACTIONS


def actions_for(role: Role | str) -> list[Action]:
    return [a for a in Action if can(role, a)]


def totp_required(roles: "set[Role] | frozenset[Role] | list[Role]") -> bool:
    return any(Role(r) in TOTP_REQUIRED_ROLES for r in roles)


def second_factor_required(memberships: list[tuple[Role | str, bool]]) -> bool:
    """Must a person with these (role, organization requires it of every role) memberships sign
    in with a second factor? Yes if any one membership asks for it (the strictest wins)."""
    return totp_required([r for r, _ in memberships]) or any(everyone for _, everyone in memberships)


def membership_change_refused(old_role: Role | str, new_role: Role | str | None, admins_now: int) -> str | None:
    """Why a role change (new_role) or a removal (new_role None) is refused, or None.

    An organization always keeps at least one administrator."""
    leaves_admin = Role(old_role) is Role.ADMIN and (new_role is None or Role(new_role) is not Role.ADMIN)
    if leaves_admin and admins_now <= 1:
        return "An organization needs at least one administrator; make someone else an administrator first."
    return None


# -- invitations ------------------------------------------------------------------------------
INVITE_DAYS = 7


def invitation_refusal(*, accepted: bool, revoked: bool, expires_at: datetime, now: datetime) -> str | None:
    """Why an invitation link can no longer be used, or None."""
    if accepted:
        return "This invitation was already used. Sign in, or ask an administrator for a new one."
    if revoked:
        return "This invitation was withdrawn. Ask an administrator for a new one."
    if now >= expires_at:
        return f"This invitation expired (links last {INVITE_DAYS} days). Ask an administrator for a new one."
    return None


# -- idle logoff ------------------------------------------------------------------------------
def idle_expired(last_seen: float | None, now: float, idle_minutes: int) -> bool:
    """Has a session been idle too long? Timestamps are epoch seconds."""
    return last_seen is not None and now - last_seen > idle_minutes * 60


# -- sign-in throttle (issue 10) --------------------------------------------------------------
# Failures are counted per (account, source), per account and per source. A pair blocks after
# `failures` in a row, an account or a source after THROTTLE_WIDE_FACTOR times as many; each
# further failure doubles the wait (base, 2×base, 4×base …, at most `cap`). A source that has
# signed in to the account before is not held up by the account-wide count, so someone who only
# knows an e-mail address cannot lock its owner out from elsewhere.
THROTTLE_WIDE_FACTOR = 4


@dataclass(frozen=True)
class Throttle:
    failures: int
    blocked_until: datetime | None


def throttle_threshold(scope: str, failures: int) -> int:
    """How many failures in a row block: `failures` for a pair, more for an account or source."""
    return failures if scope == "pair" else failures * THROTTLE_WIDE_FACTOR


def backoff_seconds(over: int, *, base: int, cap: int) -> int:
    """The wait after the (threshold + over)-th failure: base × 2^over, at most cap."""
    return min(cap, base * 2 ** min(over, 32))


def throttle_after_failure(t: Throttle, now: datetime, *, threshold: int, base: int, cap: int) -> Throttle:
    failures = t.failures + 1
    if failures < threshold:
        return Throttle(failures, t.blocked_until)
    wait = backoff_seconds(failures - threshold, base=base, cap=cap)
    return Throttle(failures, now + timedelta(seconds=wait))


def is_throttled(t: Throttle, now: datetime) -> bool:
    return t.blocked_until is not None and now < t.blocked_until
