from django.urls import path

from safepost.app.incidents import views

P = "o/<slug:org>/incidents/<int:incident_id>/"
urlpatterns = [
    path("o/<slug:org>/incidents/", views.incident_list, name="web-incidents"),
    path("o/<slug:org>/incidents/new/", views.incident_new, name="incidents-new"),
    path("o/<slug:org>/incidents/log.csv", views.incident_log, name="incidents-log"),
    path(P, views.incident_detail, name="incidents-detail"),
    path(P + "acknowledge/", views.incident_acknowledge, name="incidents-acknowledge"),
    path(P + "assign/", views.incident_assign, name="incidents-assign"),
    path(P + "facts/", views.incident_facts, name="incidents-facts"),
    path(P + "unreachable/", views.incident_unreachable, name="incidents-unreachable"),
    path(P + "assess/", views.incident_assess, name="incidents-assess"),
    path(P + "exception/", views.incident_exception, name="incidents-exception"),
    path(P + "delay/", views.incident_delay, name="incidents-delay"),
    path(P + "notice/", views.incident_notice, name="incidents-notice"),
    path(P + "close/", views.incident_close, name="incidents-close"),
    path(P + "containment/", views.incident_containment, name="incidents-containment"),
    path(P + "review/", views.incident_review, name="incidents-review"),
    path(P + "letter.pdf", views.incident_letter, name="incidents-letter"),
    path(P + "public-notice/", views.incident_public_notice, name="incidents-public-notice"),
    path(P + "hhs/", views.incident_hhs_report, name="incidents-hhs-report"),
    path(P + "hhs.csv", views.incident_hhs_csv, name="incidents-hhs-csv"),
]
