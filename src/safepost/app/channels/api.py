"""/api/v1/channels: connect an account, list them.

    POST /api/v1/channels  {"platform": "bluesky", "name": "Main",
                            "credentials": {"service": PDS URL, "identifier": handle, "app_password": …}}
                           → 201 {"id", "platform", "name", "handle", "status", "last_error", …}
A URL that resolves to a private, loopback or link-local address is refused (400) unless
SAFEPOST_ALLOW_PRIVATE_HOSTS=1. Credentials are checked with one call to the platform, stored
encrypted, and never returned.
"""

from __future__ import annotations

from datetime import datetime

from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from pydantic import ConfigDict, Field

from safepost.app.accounts.rules import Action
from safepost.app.api.auth import require
from safepost.app.api.schemas import ErrorDict
from safepost.app.audit.services import Who
from safepost.app.channels import services
from safepost.app.channels.models import Channel

router = Router(tags=["channels"])


class ChannelSpec(Schema):
    model_config = ConfigDict(extra="forbid", strict=True)

    platform: str = Field(..., max_length=20, description="bluesky, mastodon, facebook, instagram, linkedin, x")
    name: str = Field(..., min_length=1, max_length=100)
    credentials: dict[str, str] = Field(..., description="the platform's fields (never returned)")


class ChannelDict(Schema):
    id: int
    platform: str
    name: str
    handle: str
    status: str
    last_error: str
    last_error_at: datetime | None
    last_published_at: datetime | None
    created: datetime


def channel_dict(c: Channel) -> dict:
    return {"id": c.pk, "platform": c.platform, "name": c.name, "handle": c.handle, "status": c.status,
            "last_error": c.last_error, "last_error_at": c.last_error_at,
            "last_published_at": c.last_published_at, "created": c.created}


ERRORS = {400: ErrorDict, 401: ErrorDict, 403: ErrorDict, 404: ErrorDict, 422: ErrorDict}


@router.post("/channels", response={201: ChannelDict, **ERRORS}, summary="Connect an account",
             operation_id="channel_create")
def create_channel(request, spec: ChannelSpec):
    require(request, Action.CHANNELS_MANAGE)
    try:
        channel = services.create_channel(Who.from_request(request), request.org, spec.platform, spec.name,
                                          spec.credentials)
    except services.ChannelError as e:
        return JsonResponse({"detail": str(e)}, status=400)
    return Status(201, channel_dict(channel))


@router.get("/channels", response={200: list[ChannelDict], **ERRORS}, summary="Connected accounts",
            operation_id="channel_list")
def list_channels(request):
    require(request, Action.CHANNELS_VIEW)
    return [channel_dict(c) for c in Channel.objects.filter(org=request.org)]


@router.get("/channels/{channel_id}", response={200: ChannelDict, **ERRORS}, summary="One account",
            operation_id="channel_get")
def get_channel(request, channel_id: int):
    require(request, Action.CHANNELS_VIEW)
    return channel_dict(get_object_or_404(Channel, org=request.org, pk=channel_id))
