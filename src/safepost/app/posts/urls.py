from django.urls import path

from safepost.app.posts import views

urlpatterns = [
    path("o/<slug:org>/posts/", views.post_list, name="posts-list"),
    path("o/<slug:org>/posts/new/", views.compose, name="posts-compose"),
    path("o/<slug:org>/posts/check/", views.check, name="posts-check"),
    path("o/<slug:org>/posts/review/", views.review_queue, name="posts-review"),
    path("o/<slug:org>/posts/calendar/", views.post_calendar, name="posts-calendar"),
    path("o/<slug:org>/posts/settings/", views.settings_page, name="posts-settings"),
    path("o/<slug:org>/posts/settings/engine/", views.engine_model, name="posts-engine-model"),
    path("o/<slug:org>/posts/<int:post_id>/", views.detail, name="posts-detail"),
    path("o/<slug:org>/posts/<int:post_id>/edit/", views.edit, name="posts-edit"),
    path("o/<slug:org>/posts/<int:post_id>/submit/", views.submit, name="posts-submit"),
    path("o/<slug:org>/posts/<int:post_id>/approve/", views.approve, name="posts-approve"),
    path("o/<slug:org>/posts/<int:post_id>/reject/", views.reject, name="posts-reject"),
    path("o/<slug:org>/posts/<int:post_id>/override/", views.override, name="posts-override"),
    path("o/<slug:org>/posts/<int:post_id>/withdraw/", views.withdraw, name="posts-withdraw"),
    path("o/<slug:org>/posts/<int:post_id>/schedule/", views.schedule, name="posts-schedule"),
    path("o/<slug:org>/posts/<int:post_id>/publish-now/", views.publish_now, name="posts-publish-now"),
    path("o/<slug:org>/posts/<int:post_id>/mark/", views.engine_mark, name="posts-mark"),
    path("o/<slug:org>/posts/<int:post_id>/images/<int:attachment_id>/", views.attachment_image,
         name="posts-image"),
    path("o/<slug:org>/posts/<int:post_id>/videos/<int:attachment_id>/", views.attachment_video,
         name="posts-video"),
    path("o/<slug:org>/posts/<int:post_id>/videos/<int:attachment_id>/frames/<int:frame>/", views.video_frame,
         name="posts-video-frame"),
]
