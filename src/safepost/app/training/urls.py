from django.urls import path

from safepost.app.training import practice_views, scenario_views, views

urlpatterns = [
    path("o/<slug:org>/training/", views.mine, name="training-mine"),
    path("o/<slug:org>/training/team/", views.team, name="training-team"),
    path("o/<slug:org>/training/team.csv", views.team_csv, name="training-team-csv"),
    path("o/<slug:org>/training/team.pdf", views.team_pdf, name="training-team-pdf"),
    path("o/<slug:org>/training/settings/", views.settings_save, name="training-settings"),
    path("o/<slug:org>/training/results/<int:completion_id>/", views.result, name="training-result"),
    path("o/<slug:org>/training/results/<int:completion_id>/certificate.pdf", views.certificate,
         name="training-certificate"),
    path("o/<slug:org>/training/m/<slug:module_id>/", views.module, name="training-module"),
    path("o/<slug:org>/training/m/<slug:module_id>/answer/", views.answer, name="training-answer"),
    path("o/<slug:org>/training/practice/", practice_views.practice_page, name="training-practice"),
    path("o/<slug:org>/training/practice/answer/", practice_views.practice_answer, name="training-practice-answer"),
    path("o/<slug:org>/training/scenarios/", scenario_views.scenario_list, name="training-scenarios"),
    path("o/<slug:org>/training/scenarios/<int:scenario_id>/", scenario_views.scenario_detail,
         name="training-scenario"),
    path("o/<slug:org>/training/scenarios/<int:scenario_id>/approve/", scenario_views.scenario_approve,
         name="training-scenario-approve"),
    path("o/<slug:org>/training/scenarios/<int:scenario_id>/retire/", scenario_views.scenario_retire,
         name="training-scenario-retire"),
]
