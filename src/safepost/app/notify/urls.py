from django.urls import path

from safepost.app.notify import views

urlpatterns = [
    path("o/<slug:org>/notifications/", views.notification_list, name="notify-list"),
    path("o/<slug:org>/notifications/read/", views.notification_read_all, name="notify-read-all"),
    path("o/<slug:org>/notifications/settings/", views.notification_settings, name="notify-settings"),
    path("o/<slug:org>/notifications/<int:notification_id>/open/", views.notification_open, name="notify-open"),
]
