from django.urls import path

from safepost.app.audit import views

urlpatterns = [
    path("o/<slug:org>/audit/", views.audit_list, name="audit-list"),
    path("o/<slug:org>/audit.csv", views.audit_csv, name="audit-csv"),
]
