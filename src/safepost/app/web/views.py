"""HTTP only: validate, call a service or the engine, render. No ORM writes here."""

from __future__ import annotations

from datetime import date

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safepost.app.accounts import services as accounts
from safepost.app.accounts.access import login_view, org_view, public_view
from safepost.app.accounts.models import ApiKey, Membership, User
from safepost.app.accounts.rules import Action, can
from safepost.app.audit.services import Who, client_ip
from safepost.app.web.forms import ApiKeyForm, LoginForm, MemberForm, PasskeyForm, ScanForm, TotpForm
from safepost.app.web.highlight import segments
from safepost.app.web.team import InviteForm
from safepost.app.web.workspace import OrgTimeZoneForm
from safepost.app.accounts.invitations import open_invitations
from safepost.engine import scan

PENDING_USER, PENDING_AT, PENDING_STEP = "pending_user", "pending_at", "pending_step"
PENDING_SECRET = "pending_totp_secret"
PENDING_TTL = 300  # seconds between the password and the code
REFUSED = ("Sign-in failed. Check your email and password. After "
           f"{settings.LOCKOUT_FAILURES} failed attempts in a row, sign-in from here waits "
           f"{settings.LOCKOUT_BASE_SECONDS} seconds, then longer after each further failure "
           f"(at most {settings.LOCKOUT_MINUTES} minutes).")


# -- health -----------------------------------------------------------------------------------
@public_view
@require_GET
def healthz(request):
    from safepost.app.web.unavailable import RETRY_AFTER_SECONDS, database_state

    state = database_state()
    if state != "ok":
        resp = JsonResponse({"status": "unavailable", "database": state}, status=503)
        resp["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return resp
    return JsonResponse({"status": "ok", "database": "ok"})


def csrf_failure(request, reason=""):
    return render(request, "web/error.html", {"title": "Form expired",
                  "message": "The form was stale or came from another site. Go back, reload the page and try again."},
                  status=403)


# -- sign-in ----------------------------------------------------------------------------------
def pending_user(request, step: str) -> int | None:
    uid, at = request.session.get(PENDING_USER), request.session.get(PENDING_AT, 0)
    if uid and request.session.get(PENDING_STEP) == step and time.time() - at < PENDING_TTL:
        return uid
    return None


def finish_login(request, user: User):
    for k in (PENDING_USER, PENDING_AT, PENDING_STEP, PENDING_SECRET):
        request.session.pop(k, None)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    nxt = request.session.pop("next", "")
    if nxt.startswith("/") and url_has_allowed_host_and_scheme(nxt, allowed_hosts=None):
        return redirect(nxt)
    return redirect("home")


@public_view
@require_http_methods(["GET", "POST"])
def login_page(request):
    if request.user.is_authenticated:
        return redirect("home")
    form = LoginForm(request.POST or None)
    if request.method == "GET" and (nxt := request.GET.get("next", "")):
        request.session["next"] = nxt
    if request.method == "POST" and form.is_valid():
        result = accounts.check_password(form.cleaned_data["email"], form.cleaned_data["password"], client_ip(request))
        if result.outcome is accounts.SignIn.OK:
            return finish_login(request, result.user)
        if result.outcome is accounts.SignIn.REFUSED:
            form.add_error(None, REFUSED)
        else:
            request.session.cycle_key()
            step = "totp" if result.outcome is accounts.SignIn.NEED_SECOND_FACTOR else "enroll"
            for k, v in ((PENDING_USER, result.user.pk), (PENDING_AT, time.time()), (PENDING_STEP, step)):
                request.session[k] = v
            return redirect("login-totp" if step == "totp" else "login-enroll")
    return render(request, "web/login.html", {"form": form}, status=200 if not form.errors else 400)


@public_view
@require_http_methods(["GET", "POST"])
def login_totp(request):
    uid = pending_user(request, "totp")
    if uid is None:
        return redirect("login")
    form = TotpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = accounts.check_totp(uid, form.cleaned_data["code"], client_ip(request))
        if result.outcome is accounts.SignIn.OK:
            return finish_login(request, result.user)
        form.add_error(None, "That code did not work. Codes change every 30 seconds; enter the current one. "
                             "Repeated failures make sign-in wait.")
    return render(request, "web/login_totp.html", {"form": form, "person": User.objects.get(pk=uid)},
                  status=200 if not form.errors else 400)


@public_view
@require_http_methods(["GET", "POST"])
def login_enroll(request):
    """Set up the second factor: during sign-in for roles that require it, or from Settings."""
    uid = request.user.pk if request.user.is_authenticated else pending_user(request, "enroll")
    if uid is None:
        return redirect("login")
    user = User.objects.get(pk=uid)
    if user.has_totp:   # replacing a second factor is not something a session alone may do
        messages.info(request, "Two-factor sign-in is already on for this account.")
        return redirect("home" if request.user.is_authenticated else "login")
    secret = request.session.get(PENDING_SECRET) or accounts.new_totp_secret()
    request.session[PENDING_SECRET] = secret
    form = TotpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if accounts.confirm_totp(uid, secret, form.cleaned_data["code"], client_ip(request)):
            request.session.pop(PENDING_SECRET, None)
            if request.user.is_authenticated:
                messages.success(request, "Two-factor sign-in is on.")
                return redirect("home")
            accounts.login_succeeded(user, client_ip(request), factor="totp")
            return finish_login(request, user)
        form.add_error(None, "That code did not match. Check the app shows SafePost and enter the current code.")
    import segno
    uri = accounts.totp_uri(user, secret)
    qr = segno.make(uri, error="m").svg_data_uri(scale=5, border=2)
    return render(request, "web/login_enroll.html", {"form": form, "secret": secret, "qr": qr, "email": user.email,
                                                     "passkey_form": PasskeyForm(prefix="passkey"),
                                                     "required": accounts.second_factor_required(user)},
                  status=200 if not form.errors else 400)


@login_view
@require_POST
def logout_page(request):
    for m in accounts.memberships(request.user) or [None]:
        from safepost.app.audit.services import record
        record(Who.from_request(request, m.org if m else None), "auth.logout", request.user)
    logout(request)
    messages.info(request, "You are signed out.")
    return redirect("login")


# -- shell ------------------------------------------------------------------------------------
@login_view
@require_GET
def home(request):
    ms = accounts.memberships(request.user)
    if not ms:
        return render(request, "web/no_org.html", status=403)
    current = request.session.get("org")
    m = next((m for m in ms if m.org.slug == current), ms[0])
    return redirect("web-org", org=m.org.slug)


@org_view(Action.ORG_VIEW)
@require_GET
def org_home(request):
    """The role's home: what this person needs first (web/home.py decides what)."""
    from safepost.app.web.home import sections

    return render(request, "web/org_home.html", {"sections": sections(request.membership)})


PLACEHOLDERS = {
    "reports": ("Reports", "Activity review reports with sign-off."),
}


def _placeholder(area: str, action: Action):
    @org_view(action)
    @require_GET
    def view(request):
        title, blurb = PLACEHOLDERS[area]
        return render(request, "web/placeholder.html", {"title": title, "blurb": blurb})
    view.__name__ = f"{area}_placeholder"
    return view


reports = _placeholder("reports", Action.REPORTS_VIEW)


VERDICT_LABELS = {"ALLOW": "Allow", "NEEDS_AUTHORIZATION": "Needs authorization", "BLOCK": "Block",
                  "PRIVATE_FOLLOW_UP": "Private follow-up"}


# -- scan -------------------------------------------------------------------------------------
@org_view(Action.SCAN_RUN)
@require_http_methods(["GET", "POST"])
def scan_page(request):
    form = ScanForm(request.POST or None)
    ctx = {"form": form}
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            report = scan(d["text"], direction=d["direction"], kind=d["kind"], today=date.today())
            ctx = {**ctx, "report": report, "segments": segments(d["text"], report),
                   "verdict_label": VERDICT_LABELS.get(report.verdict.value, report.verdict.value)}
        status = 200 if form.is_valid() else 400
        if request.headers.get("HX-Request"):
            return render(request, "web/_scan_result.html", ctx, status=status)
        return render(request, "web/scan.html", ctx, status=status)
    return render(request, "web/scan.html", ctx)


# -- settings ---------------------------------------------------------------------------------
@org_view(Action.MEMBERS_VIEW)
@require_GET
def settings_page(request):
    members = Membership.objects.select_related("user").filter(org=request.org).order_by("user__email")
    keys = ApiKey.objects.select_related("user").filter(org=request.org) if can(request.membership.role, Action.APIKEYS_VIEW) else []
    return render(request, "web/settings.html", {
        "members": members, "keys": keys, "key_form": ApiKeyForm(),
        "can_manage_members": can(request.membership.role, Action.MEMBERS_MANAGE),
        "roles": MemberForm.base_fields["role"].choices,
        "can_manage_keys": can(request.membership.role, Action.APIKEYS_MANAGE),
        "can_invite": can(request.membership.role, Action.MEMBERS_INVITE),
        "invites": open_invitations(request.org) if can(request.membership.role, Action.MEMBERS_INVITE) else [],
        "invite_form": InviteForm(), "invite_link": request.session.pop("invite_link", None),
        "can_configure_org": can(request.membership.role, Action.ORG_CONFIGURE),
        "org_tz_form": OrgTimeZoneForm(initial={"time_zone": request.org.time_zone}),
        "new_token": request.session.pop("new_token", None)})


@org_view(Action.MEMBERS_MANAGE)
@require_POST
def member_change(request, member_id: int):
    """Change a member's role, or (with remove=1) take them out of the organization."""
    m = get_object_or_404(Membership.objects.select_related("user"), org=request.org, pk=member_id)
    form = MemberForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose one of the roles.")
        return redirect("web-settings", org=request.org.slug)
    new_role = None if form.cleaned_data["remove"] else form.cleaned_data["role"]
    try:
        accounts.change_membership(Who.from_request(request), m, new_role)
    except accounts.AccountError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, f"{m.user.email} removed." if new_role is None else f"{m.user.email} is now "
                         f"{dict(MemberForm.base_fields['role'].choices)[new_role]}.")
    return redirect("web-settings", org=request.org.slug)


@org_view(Action.APIKEYS_MANAGE)
@require_POST
def apikey_create(request):
    form = ApiKeyForm(request.POST)
    if not form.is_valid():
        messages.error(request, "An API key needs a name of 1 to 100 characters.")
        return redirect("web-settings", org=request.org.slug)
    _key, token = accounts.create_api_key(Who.from_request(request), request.org, form.cleaned_data["name"])
    request.session["new_token"] = token
    return redirect("web-settings", org=request.org.slug)


@org_view(Action.APIKEYS_MANAGE)
@require_POST
def apikey_revoke(request, key_id: int):
    key = get_object_or_404(ApiKey, org=request.org, pk=key_id)
    accounts.revoke_api_key(Who.from_request(request), key)
    messages.info(request, f"Key {key.prefix} revoked.")
    return redirect("web-settings", org=request.org.slug)
