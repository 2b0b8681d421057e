from django.urls import path

from safepost.app.channels import views

urlpatterns = [
    path("o/<slug:org>/channels/", views.channel_list, name="channels-list"),
    path("o/<slug:org>/channels/new/", views.channel_create, name="channels-create"),
    path("o/<slug:org>/channels/<int:channel_id>/", views.channel_detail, name="channels-detail"),
    path("o/<slug:org>/channels/<int:channel_id>/toggle/", views.channel_toggle, name="channels-toggle"),
]
