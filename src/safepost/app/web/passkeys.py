"""Passkey pages (issue 10): add one from the profile (or while setting up a second factor
during sign-in), sign in with one, remove one. The browser side is web/static/web/passkeys.js:
it asks `…/options/` for a challenge, runs navigator.credentials, and posts the answer as JSON.
Answers are JSON: {"redirect": url} or {"detail": message} with 400/401."""

from __future__ import annotations

import json
import time

from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from safepost.app.accounts import passkeys
from safepost.app.accounts.access import org_view, public_view
from safepost.app.accounts.models import Passkey, User
from safepost.app.accounts.rules import Action
from safepost.app.accounts.services import SignIn, login_succeeded
from safepost.app.audit.services import client_ip
from safepost.app.web.views import finish_login, pending_user

CHALLENGE = "passkey_challenge"
CHALLENGE_TTL = 300   # seconds between the options and the answer


def _refuse(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"detail": message}, status=status)


def _relying_party(request) -> passkeys.RelyingParty:
    return passkeys.relying_party(request.get_host(), request.scheme)


def _options(request, purpose: str, make) -> HttpResponse:
    try:
        options, challenge = make(_relying_party(request))
    except passkeys.PasskeyError as e:
        return _refuse(str(e))
    request.session[CHALLENGE] = {"purpose": purpose, "value": challenge, "at": time.time()}
    return HttpResponse(options, content_type="application/json")


def _answer(request, purpose: str) -> tuple[str, object]:
    """The one-time challenge of this ceremony and the browser's credential (PasskeyError if
    either is missing, stale or malformed)."""
    pending = request.session.pop(CHALLENGE, None) or {}
    if pending.get("purpose") != purpose or time.time() - pending.get("at", 0) > CHALLENGE_TTL:
        raise passkeys.PasskeyError("The passkey request expired. Try again.")
    try:
        body = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        raise passkeys.PasskeyError("Passkeys need JavaScript: the page sends the passkey's answer as JSON.") from None
    if not isinstance(body, dict) or not isinstance(body.get("credential"), dict):
        raise passkeys.PasskeyError("The passkey's answer is missing. Try again.")
    return pending["value"], body


def _registering(request) -> User | None:
    """The signed-in person, or the one setting up a second factor during sign-in."""
    if request.user.is_authenticated:
        return request.user
    uid = pending_user(request, "enroll")
    return User.objects.filter(pk=uid, is_active=True).first() if uid else None


@public_view   # checks itself: a signed-in person, or one half-way through sign-in (enrolment)
@require_POST
def register_options(request):
    user = _registering(request)
    if user is None:
        return _refuse("Sign in first.", 401)
    return _options(request, "register", lambda rp: passkeys.registration_options(user, rp))


@public_view
@require_POST
def register(request):
    user = _registering(request)
    if user is None:
        return _refuse("Sign in first.", 401)
    try:
        challenge, body = _answer(request, "register")
        name = body.get("name") if isinstance(body.get("name"), str) else ""
        passkeys.register(user, client_ip(request), _relying_party(request), challenge, body["credential"], name)
    except passkeys.PasskeyError as e:
        return _refuse(str(e))
    if request.user.is_authenticated:
        messages.success(request, "Passkey added. You can use it to sign in.")
        return JsonResponse({"redirect": ""})        # the page reloads and lists it
    login_succeeded(user, client_ip(request), factor="passkey")
    return JsonResponse({"redirect": finish_login(request, user).url})


@public_view   # checks itself: only after the password, for that person's own passkeys
@require_POST
def login_options(request):
    uid = pending_user(request, "totp")
    user = User.objects.filter(pk=uid, is_active=True).first() if uid else None
    if user is None:
        return _refuse("Enter your e-mail and password first.", 401)
    return _options(request, "login", lambda rp: passkeys.authentication_options(user, rp))


@public_view
@require_POST
def login(request):
    uid = pending_user(request, "totp")
    if uid is None:
        return _refuse("Enter your e-mail and password first.", 401)
    try:
        challenge, body = _answer(request, "login")
        result = passkeys.check_passkey(uid, client_ip(request), _relying_party(request), challenge,
                                        body["credential"])
    except passkeys.PasskeyError as e:
        return _refuse(str(e))
    if result.outcome is not SignIn.OK:
        return _refuse("That passkey did not work. Try again, or use the code from your authenticator app. "
                       "Repeated failures make sign-in wait.")
    return JsonResponse({"redirect": finish_login(request, result.user).url})


@org_view(Action.ORG_VIEW)
@require_POST
def remove(request, passkey_id: int):
    try:
        passkeys.remove(request.user, client_ip(request), passkey_id)
    except Passkey.DoesNotExist:
        raise Http404("No such passkey") from None
    except passkeys.PasskeyError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, "Passkey removed.")
    return redirect(reverse("web-profile", kwargs={"org": request.org.slug}))
