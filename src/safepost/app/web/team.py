"""Team pages: invite by e-mail, withdraw an invitation, deactivate a member (settings page),
and the public page where an invited person accepts. HTTP only: accounts.invitations writes."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from safepost.app.accounts import invitations
from safepost.app.accounts.access import org_view, public_view
from safepost.app.accounts.models import Invitation, Membership, User
from safepost.app.accounts.rules import Action, Role
from safepost.app.accounts.services import AccountError
from safepost.app.audit.services import Who, client_ip


class InviteForm(forms.Form):
    email = forms.EmailField(max_length=254, error_messages={"invalid": "Enter an e-mail address, like name@clinic.org."})
    role = forms.ChoiceField(choices=[(r.value, r.label) for r in Role],
                             error_messages={"invalid_choice": "Choose one of the roles."})


class AcceptForm(forms.Form):
    name = forms.CharField(max_length=200, required=False, label="Your name")
    password = forms.CharField(max_length=256, strip=False, label="Choose a password",
                               widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(max_length=256, strip=False, label="The password again",
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self):
        d = super().clean()
        if d.get("password") and d.get("password") != d.get("password2"):
            self.add_error("password2", "The two passwords differ; type the same one twice.")
        return d


@org_view(Action.MEMBERS_INVITE)
@require_POST
def invite(request):
    form = InviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect("web-settings", org=request.org.slug)
    try:
        inv, token = invitations.invite(Who.from_request(request), request.org, form.cleaned_data["email"],
                                        form.cleaned_data["role"])
    except AccountError as e:
        messages.error(request, str(e))
        return redirect("web-settings", org=request.org.slug)
    if invitations.send(inv, token):
        messages.success(request, f"Invitation sent to {inv.email}; the link works once, for 7 days.")
    else:
        request.session["invite_link"] = invitations.accept_url(token)
        messages.warning(request, f"The e-mail to {inv.email} could not be sent; give them the link below.")
    return redirect("web-settings", org=request.org.slug)


@org_view(Action.MEMBERS_INVITE)
@require_POST
def invite_revoke(request, invite_id: int):
    inv = get_object_or_404(Invitation, org=request.org, pk=invite_id)
    invitations.revoke(Who.from_request(request), inv)
    messages.info(request, f"Invitation to {inv.email} withdrawn.")
    return redirect("web-settings", org=request.org.slug)


@org_view(Action.MEMBERS_INVITE)
@require_POST
def member_deactivate(request, member_id: int):
    m = Membership.objects.select_related("user").filter(org=request.org, pk=member_id).first()
    if m is None:
        raise Http404("No such member")
    try:
        off = invitations.deactivate(Who.from_request(request), m)
    except AccountError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, f"{m.user.email} deactivated" + (" (their account is off)." if off else "."))
    return redirect("web-settings", org=request.org.slug)


@public_view
@require_http_methods(["GET", "POST"])
def accept(request, token: str):
    inv = invitations.find(token)
    if reason := invitations.refusal(inv):
        return render(request, "web/invite_accept.html", {"refused": reason}, status=410 if inv else 404)
    existing = User.objects.filter(email=inv.email).first()
    signed_in_as_invitee = request.user.is_authenticated and existing is not None and request.user.pk == existing.pk
    form = AcceptForm(request.POST or None) if existing is None else None
    if request.method == "POST" and (form is None or form.is_valid()):
        d = form.cleaned_data if form is not None else {}
        try:
            invitations.accept(token, password=d.get("password", ""), name=d.get("name", ""),
                               user=request.user if signed_in_as_invitee else None, ip=client_ip(request))
        except AccountError as e:
            if form is None:
                messages.error(request, str(e))
                return redirect("login")
            form.add_error(None, str(e))
        else:
            if signed_in_as_invitee:
                messages.success(request, f"You joined {inv.org.name}.")
                return redirect("web-org", org=inv.org.slug)
            if request.user.is_authenticated:
                logout(request)
            messages.success(request, f"Your account is ready. Sign in as {inv.email} to open {inv.org.name}.")
            return redirect("login")
    return render(request, "web/invite_accept.html", {
        "inv": inv, "form": form, "existing": existing is not None, "signed_in_as_invitee": signed_in_as_invitee,
        "min_length": settings.PASSWORD_MIN_LENGTH},
        status=400 if form is not None and form.errors else 200)
