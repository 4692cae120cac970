from __future__ import annotations

from django.urls import URLPattern, path

from flexperf.checkins import views

urlpatterns: list[URLPattern] = [
    path("checkins/", views.my_checkins, name="my_checkins"),
    path("checkins/team/", views.board, name="checkin_board"),
    path("checkins/<int:checkin_id>/", views.checkin_detail, name="checkin_detail"),
    path("checkins/<int:checkin_id>/submit/", views.submit, name="checkin_submit"),
    path("checkins/<int:checkin_id>/discuss/", views.discuss, name="checkin_discuss"),
    path("checkins/people/<int:person_id>/", views.timeline, name="checkin_timeline"),
    path("checkins/milestones/<int:milestone_id>/review/", views.review_milestone,
         name="milestone_review"),
]
