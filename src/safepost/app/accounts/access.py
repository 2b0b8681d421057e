"""How a view declares who may reach it. EVERY Django view in the project carries exactly one
of these decorators; `tests/app/test_url_security.py` walks the URL list and fails on a view
without one, then checks anonymous users and members of another organization are refused.

    @public_view                         anyone (login page, /healthz)
    @login_view                          any signed-in person (org picker, own account)
    @org_view(Action.SCAN_RUN)           URL has <slug:org>; the signed-in person must be a
                                         member of that organization with a role that may do
                                         the action. Sets request.org and request.membership.

Refusals: anonymous → redirect to the login page; not a member → 404 (an outsider cannot even
learn the organization exists); a member whose role lacks the action → 403.
"""

from __future__ import annotations

import functools
from typing import Callable

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404

from safepost.app.accounts import rules, services
from safepost.app.accounts.rules import Action

ACCESS_ATTR = "safepost_access"


class RoleRefused(PermissionDenied):
    """A member whose role lacks `action`; the 403 page names the roles that hold it."""

    def __init__(self, action: Action, role_label: str):
        super().__init__(f"Your role ({role_label}) may not do this")
        self.action = action


def public_view(view: Callable) -> Callable:
    setattr(view, ACCESS_ATTR, ("public", None))
    return view


def login_view(view: Callable) -> Callable:
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    setattr(wrapped, ACCESS_ATTR, ("login", None))
    return wrapped


def org_view(action: Action) -> Callable[[Callable], Callable]:
    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapped(request, org: str, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            m = services.membership(request.user, org)
            if m is None:
                raise Http404("No such organization")
            if not rules.can(m.role, action):
                raise RoleRefused(action, m.role_enum.label)
            request.org, request.membership = m.org, m
            request.session["org"] = m.org.slug
            return view(request, *args, **kwargs)

        setattr(wrapped, ACCESS_ATTR, ("org", action))
        return wrapped

    return decorate
