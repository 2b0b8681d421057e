"""Headers Django's SecurityMiddleware does not set: a strict Content-Security-Policy, a
Permissions-Policy, and no caching of pages that may show PHI."""

from __future__ import annotations

from django.conf import settings


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()")
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if not request.path.startswith(settings.STATIC_URL):
            response.setdefault("Cache-Control", "no-store")
        return response


class TimeZoneMiddleware:
    """Show and read times in the signed-in person's time zone (User.time_zone, chosen on their
    profile); the database keeps UTC. A person without one gets, on an organization's pages,
    the organization's zone (Organization.time_zone, set by an administrator); an empty or
    unknown zone falls back to TIME_ZONE."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.utils import timezone

        from safepost.app.web.timezones import zone

        user = getattr(request, "user", None)
        tz = zone(user.time_zone) if user is not None and user.is_authenticated else None
        if tz is not None:
            timezone.activate(tz)
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()

    def process_view(self, request, view_func, view_args, view_kwargs):
        """After URL resolution: the organization's zone for a person who has not chosen one."""
        from django.utils import timezone

        from safepost.app.accounts.models import Organization
        from safepost.app.web.timezones import zone

        user = getattr(request, "user", None)
        slug = view_kwargs.get("org")
        if not slug or user is None or not user.is_authenticated or zone(user.time_zone) is not None:
            return None
        org_zone = Organization.objects.filter(slug=slug, memberships__user=user).values_list(
            "time_zone", flat=True).first()
        if tz := zone(org_zone):
            timezone.activate(tz)
        return None
