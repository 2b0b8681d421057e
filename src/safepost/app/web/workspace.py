"""The person's profile (name, time zone) and the organization's time zone. Times are shown in
the person's time zone and stored in UTC (the calendar is in planner.py)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from safepost.app.accounts import services as accounts
from safepost.app.accounts.access import org_view
from safepost.app.accounts.rules import Action
from safepost.app.audit.services import Who
from safepost.app.web.timezones import choices


class ProfileForm(forms.Form):
    name = forms.CharField(max_length=200, required=False, label="Your name")
    time_zone = forms.ChoiceField(required=False, label="Time zone",
                                  help_text="Every time is shown, and read when you enter one, in this zone.",
                                  error_messages={"invalid_choice": "Choose a time zone from the list, like America/Chicago."})

    def __init__(self, *args, org_zone: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = [("", f"The organization's ({org_zone or 'UTC'})")] + choices()[1:]


class OrgTimeZoneForm(forms.Form):
    time_zone = forms.ChoiceField(required=False, label="Organization time zone",
                                  help_text="For members who have not chosen their own on their profile.",
                                  error_messages={"invalid_choice": "Choose a time zone from the list, like America/Chicago."})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = choices()


@org_view(Action.ORG_CONFIGURE)
@require_POST
def org_mfa_policy(request):
    """Whether every role needs a second factor (an unticked box is simply absent: "no")."""
    everyone = request.POST.get("everyone") == "on"
    accounts.set_org_mfa_policy(Who.from_request(request), request.org, everyone)
    messages.success(request, "Two-factor sign-in is now required of every role." if everyone else
                     "Two-factor sign-in is now required of administrators and privacy officers only.")
    return redirect("web-settings", org=request.org.slug)


@org_view(Action.ORG_CONFIGURE)
@require_POST
def org_time_zone(request):
    form = OrgTimeZoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a time zone from the list, like America/Chicago.")
        return redirect("web-settings", org=request.org.slug)
    try:
        accounts.set_org_time_zone(Who.from_request(request), request.org, form.cleaned_data["time_zone"])
    except accounts.AccountError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, "Organization time zone saved.")
    return redirect("web-settings", org=request.org.slug)


@org_view(Action.ORG_VIEW)
@require_http_methods(["GET", "POST"])
def profile(request):
    user = request.user
    form = ProfileForm(request.POST or None, initial={"name": user.name, "time_zone": user.time_zone},
                       org_zone=request.org.time_zone)
    if request.method == "POST" and form.is_valid():
        try:
            accounts.set_profile(Who.from_request(request), user, name=form.cleaned_data["name"],
                                 time_zone=form.cleaned_data["time_zone"])
        except accounts.AccountError as e:
            form.add_error("time_zone", str(e))
        else:
            messages.success(request, "Profile saved.")
            return redirect("web-profile", org=request.org.slug)
    return render(request, "web/profile.html", {"form": form, **_passkeys_context(request)},
                  status=400 if form.errors else 200)


def _passkeys_context(request) -> dict:
    from safepost.app.accounts import passkeys
    from safepost.app.web.forms import PasskeyForm

    try:
        passkeys.relying_party(request.get_host(), request.scheme)
    except passkeys.PasskeyError as e:
        problem = str(e)
    else:
        problem = ""
    return {"passkeys": list(request.user.passkeys.all()), "passkey_form": PasskeyForm(prefix="passkey"), "passkey_problem": problem}
