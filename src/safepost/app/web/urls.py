from django.urls import path

from safepost.app.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("login/", views.login_page, name="login"),
    path("login/code/", views.login_totp, name="login-totp"),
    path("login/setup-2fa/", views.login_enroll, name="login-enroll"),
    path("logout/", views.logout_page, name="logout"),
    path("o/<slug:org>/", views.org_home, name="web-org"),
    path("o/<slug:org>/scan/", views.scan_page, name="web-scan"),
    path("o/<slug:org>/incidents/", views.incidents, name="web-incidents"),
    path("o/<slug:org>/training/", views.training, name="web-training"),
    path("o/<slug:org>/reports/", views.reports, name="web-reports"),
    path("o/<slug:org>/settings/", views.settings_page, name="web-settings"),
    path("o/<slug:org>/settings/members/<int:member_id>/", views.member_change, name="web-member-change"),
    path("o/<slug:org>/settings/apikeys/", views.apikey_create, name="web-apikey-create"),
    path("o/<slug:org>/settings/apikeys/<int:key_id>/revoke/", views.apikey_revoke, name="web-apikey-revoke"),
]
