from django.urls import path

from safepost.app.consent import views

urlpatterns = [
    path("o/<slug:org>/consents/", views.consent_list, name="web-consents"),
    path("o/<slug:org>/consents/new/", views.consent_new, name="consents-new"),
    path("o/<slug:org>/consents/form.pdf", views.consent_form_pdf, name="consents-form"),
    path("o/<slug:org>/consents/<int:consent_id>/", views.consent_detail, name="consents-detail"),
    path("o/<slug:org>/consents/<int:consent_id>/revoke/", views.consent_revoke, name="consents-revoke"),
    path("o/<slug:org>/consents/<int:consent_id>/event/", views.consent_event, name="consents-event"),
    path("o/<slug:org>/consents/<int:consent_id>/document/", views.consent_document, name="consents-document"),
    path("o/<slug:org>/consents/<int:consent_id>/document/upload/", views.consent_document_upload,
         name="consents-document-upload"),
]
