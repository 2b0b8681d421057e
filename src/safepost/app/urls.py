"""URL map. Every view is declared public / login / org-scoped (see accounts.access) and the
URL-security test walks this list."""

from django.urls import include, path

from safepost.app.api.api import api

urlpatterns = [
    path("", include("safepost.app.web.urls")),
    path("", include("safepost.app.audit.urls")),
    path("", include("safepost.app.consent.urls")),
    path("", include("safepost.app.posts.urls")),
    path("", include("safepost.app.channels.urls")),
    path("", include("safepost.app.inbox.urls")),
    path("", include("safepost.app.notify.urls")),
    path("", include("safepost.app.incidents.urls")),
    path("", include("safepost.app.training.urls")),
    path("api/", api.urls),
]

handler403 = "safepost.app.web.errors.forbidden"
handler404 = "safepost.app.web.errors.not_found"
handler500 = "safepost.app.web.errors.server_error"
handler400 = "safepost.app.web.errors.bad_request"
