"""`Authorization: Bearer sp_<prefix>_<secret>`: an organization's API key."""

from __future__ import annotations

from ninja.errors import HttpError
from ninja.security import HttpBearer

from safepost.app.accounts.rules import Action
from safepost.app.accounts.services import KeyPrincipal, authenticate_api_key


class ApiKeyAuth(HttpBearer):
    openapi_description = "An organization's API key: `safepost apikey create --org ORG --name NAME`."

    def authenticate(self, request, token: str) -> KeyPrincipal | None:
        principal = authenticate_api_key(token)
        if principal is not None:
            request.api_key = principal.key
            request.org = principal.key.org
            request.principal = principal
        return principal


def require(request, action: Action) -> KeyPrincipal:
    """Refuse (403) unless the request's key may do `action`. Call it first in every operation."""
    principal: KeyPrincipal = request.auth
    if not principal.can(action):
        raise HttpError(403, f"this API key may not do {action.value}")
    return principal
