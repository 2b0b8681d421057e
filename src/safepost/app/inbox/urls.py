from django.urls import path

from safepost.app.inbox import views

urlpatterns = [
    path("o/<slug:org>/inbox/", views.item_list, name="inbox-list"),
    path("o/<slug:org>/inbox/bulk/", views.item_bulk, name="inbox-bulk"),
    path("o/<slug:org>/inbox/import/", views.item_import, name="inbox-import"),
    path("o/<slug:org>/inbox/settings/", views.inbox_settings, name="inbox-settings"),
    path("o/<slug:org>/inbox/<int:item_id>/", views.item_detail, name="inbox-detail"),
    path("o/<slug:org>/inbox/<int:item_id>/check/", views.item_check, name="inbox-check"),
    path("o/<slug:org>/inbox/<int:item_id>/reply/", views.item_reply, name="inbox-reply"),
    path("o/<slug:org>/inbox/<int:item_id>/triage/", views.item_triage, name="inbox-triage"),
    path("o/<slug:org>/inbox/<int:item_id>/replies/<int:reply_id>/release/", views.reply_release,
         name="inbox-reply-release"),
    # public: a patient's private message (HTTPS, CSRF, rate limit), and Meta's signed webhooks
    path("secure/<slug:form_slug>/", views.secure_message, name="inbox-secure-form"),
    path("hooks/meta/<slug:token>/", views.meta_webhook, name="inbox-meta-webhook"),
]
