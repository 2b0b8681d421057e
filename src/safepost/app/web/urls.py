from django.urls import path

from safepost.app.web import bulk, passkeys, search, team, views, workspace

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("login/", views.login_page, name="login"),
    path("login/code/", views.login_totp, name="login-totp"),
    path("login/setup-2fa/", views.login_enroll, name="login-enroll"),
    path("logout/", views.logout_page, name="logout"),
    path("login/passkey/options/", passkeys.login_options, name="login-passkey-options"),
    path("login/passkey/", passkeys.login, name="login-passkey"),
    path("passkeys/new/options/", passkeys.register_options, name="passkey-register-options"),
    path("passkeys/new/", passkeys.register, name="passkey-register"),
    path("o/<slug:org>/profile/passkeys/<int:passkey_id>/remove/", passkeys.remove, name="web-passkey-remove"),
    path("o/<slug:org>/", views.org_home, name="web-org"),
    path("o/<slug:org>/scan/", views.scan_page, name="web-scan"),
    path("o/<slug:org>/reports/", views.reports, name="web-reports"),
    path("o/<slug:org>/profile/", workspace.profile, name="web-profile"),
    path("o/<slug:org>/calendar/", workspace.calendar_page, name="web-calendar"),
    path("o/<slug:org>/bulk/", bulk.bulk_upload, name="web-bulk"),
    path("o/<slug:org>/search/", search.search_page, name="web-search"),
    path("o/<slug:org>/settings/time-zone/", workspace.org_time_zone, name="web-org-time-zone"),
    path("o/<slug:org>/settings/", views.settings_page, name="web-settings"),
    path("o/<slug:org>/settings/members/<int:member_id>/", views.member_change, name="web-member-change"),
    path("o/<slug:org>/settings/invite/", team.invite, name="web-invite"),
    path("o/<slug:org>/settings/invites/<int:invite_id>/revoke/", team.invite_revoke, name="web-invite-revoke"),
    path("o/<slug:org>/settings/members/<int:member_id>/deactivate/", team.member_deactivate,
         name="web-member-deactivate"),
    path("invite/<str:token>/", team.accept, name="web-invite-accept"),
    path("o/<slug:org>/settings/apikeys/", views.apikey_create, name="web-apikey-create"),
    path("o/<slug:org>/settings/apikeys/<int:key_id>/revoke/", views.apikey_revoke, name="web-apikey-revoke"),
]
