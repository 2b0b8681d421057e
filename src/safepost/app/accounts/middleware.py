"""Automatic logoff after `SAFEPOST_IDLE_MINUTES` without a request (HIPAA 164.312(a)(2)(iii))."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import resolve_url

from safepost.app.accounts import rules

LAST_SEEN = "last_seen"


class IdleLogoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            if rules.idle_expired(request.session.get(LAST_SEEN), now, settings.IDLE_MINUTES):
                from safepost.app.audit.services import Who, record
                from safepost.app.accounts.services import memberships

                for m in memberships(request.user) or [None]:
                    record(Who.from_request(request, m.org if m else None), "auth.idle_logout", request.user)
                logout(request)
                messages.info(request, f"You were signed out after {settings.IDLE_MINUTES} minutes "
                                       f"without activity.")
                if request.path.startswith("/api/") or request.headers.get("HX-Request"):
                    from django.http import HttpResponse
                    resp = HttpResponse("Signed out after inactivity", status=401)
                    resp["HX-Redirect"] = resolve_url(settings.LOGIN_URL)
                    return resp
                return redirect_to_login(request.get_full_path())
            request.session[LAST_SEEN] = now
        return self.get_response(request)


# Pages a signed-in person who still needs a second factor may reach (issue 10): setting one up,
# and signing out. Everything else sends them to set one up first.
MFA_SETUP_PAGES = ("login-enroll", "passkey-register-options", "passkey-register", "logout")


class SecondFactorRequiredMiddleware:
    """A signed-in person whose role or organization now requires a second factor they do not
    have (the policy was switched on, a role changed, they joined such an organization) can do
    nothing but set one up. Sign-in itself never lets such a person in (services.check_password)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and not self._allowed(request):
            from safepost.app.accounts.services import second_factor_required

            if not request.user.has_passkey and second_factor_required(request.user):
                target = resolve_url("login-enroll")
                if request.path.startswith("/api/") or request.headers.get("HX-Request"):
                    from django.http import HttpResponse
                    resp = HttpResponse("Set up a second factor first", status=403)
                    resp["HX-Redirect"] = target
                    return resp
                from django.shortcuts import redirect
                return redirect(target)
        return self.get_response(request)

    @staticmethod
    def _allowed(request) -> bool:
        if request.user.has_totp or request.path.startswith(settings.STATIC_URL):
            return True
        from django.urls import Resolver404, resolve

        try:
            return resolve(request.path_info).url_name in MFA_SETUP_PAGES
        except Resolver404:
            return False
