"""Channels pages: the connected accounts, each with its status and last error."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safepost.app.accounts.access import org_view
from safepost.app.accounts.rules import Action, can
from safepost.app.audit.services import Who
from safepost.app.channels import rules, services
from safepost.app.channels.models import Channel


class ChannelForm(forms.Form):
    platform = forms.ChoiceField(choices=[])
    name = forms.CharField(max_length=100)
    url = forms.CharField(max_length=500, required=False, label="Server URL (Bluesky PDS or Mastodon instance)",
                          help_text="Bluesky: https://bsky.social unless you run your own PDS.")
    identifier = forms.CharField(max_length=300, required=False, label="Handle (Bluesky)")
    secret = forms.CharField(max_length=4096, required=False, label="App password or access token",
                             widget=forms.PasswordInput(render_value=False))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["platform"].choices = [(p, rules.PLATFORM_LABELS[p]) for p in ("bluesky", "mastodon")]

    def credentials(self) -> dict[str, str]:
        d = self.cleaned_data
        if d["platform"] == "bluesky":
            return {"service": d["url"] or "https://bsky.social", "identifier": d["identifier"],
                    "app_password": d["secret"]}
        return {"instance": d["url"], "access_token": d["secret"]}


@org_view(Action.CHANNELS_VIEW)
@require_GET
def channel_list(request):
    return render(request, "channels/list.html", {
        "channels": Channel.objects.filter(org=request.org), "form": ChannelForm(),
        "can_manage": can(request.membership.role, Action.CHANNELS_MANAGE)})


@org_view(Action.CHANNELS_MANAGE)
@require_http_methods(["POST"])
def channel_create(request):
    form = ChannelForm(request.POST)
    if form.is_valid():
        try:
            channel = services.create_channel(Who.from_request(request), request.org, form.cleaned_data["platform"],
                                              form.cleaned_data["name"], form.credentials())
        except services.ChannelError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, f"Connected {channel.name}.")
            return redirect("channels-detail", org=request.org.slug, channel_id=channel.pk)
    return render(request, "channels/list.html", {
        "channels": Channel.objects.filter(org=request.org), "form": form, "can_manage": True}, status=400)


@org_view(Action.CHANNELS_VIEW)
@require_GET
def channel_detail(request, channel_id: int):
    channel = get_object_or_404(Channel, org=request.org, pk=channel_id)
    deliveries = channel.deliveries.select_related("post").order_by("-updated")[:50]
    return render(request, "channels/detail.html", {
        "channel": channel, "deliveries": deliveries, "can_manage": can(request.membership.role, Action.CHANNELS_MANAGE)})


@org_view(Action.CHANNELS_MANAGE)
@require_POST
def channel_toggle(request, channel_id: int):
    channel = get_object_or_404(Channel, org=request.org, pk=channel_id)
    disable = channel.status != rules.Status.DISABLED.value
    services.set_disabled(Who.from_request(request), channel, disable)
    messages.success(request, f"{channel.name} {'disabled' if disable else 'enabled'}.")
    return redirect("channels-detail", org=request.org.slug, channel_id=channel.pk)
