from __future__ import annotations

from django.urls import URLPattern, path

from flexperf.feedback.views import development, feedback, review360

urlpatterns: list[URLPattern] = [
    path("feedback/", feedback.mine, name="feedback_mine"),
    path("feedback/given/", feedback.mine_given, name="feedback_mine_given"),
    path("feedback/give/", feedback.give, name="feedback_give"),
    path("feedback/<int:feedback_id>/", feedback.detail, name="feedback_detail"),
    path("feedback/people/<int:person_id>/", feedback.person_feedback,
         name="feedback_person"),
    path("feedback/requests/", feedback.requests, name="feedback_requests"),
    path("feedback/requests/<int:request_id>/answer/", feedback.answer,
         name="feedback_request_answer"),
    path("feedback/requests/<int:request_id>/decline/", feedback.decline,
         name="feedback_request_decline"),
    path("feedback360/", review360.campaigns, name="review360_campaigns"),
    path("feedback360/questions/", review360.questions, name="review360_questions"),
    path("feedback360/questions/<int:question_id>/active/", review360.toggle_question,
         name="review360_question_toggle"),
    path("feedback360/approvals/", review360.approvals, name="review360_approvals"),
    path("feedback360/<int:campaign_id>/", review360.campaign, name="review360_campaign"),
    path("feedback360/<int:campaign_id>/nominate/", review360.nominate,
         name="review360_nominate"),
    path("feedback360/<int:campaign_id>/close/", review360.close, name="review360_close"),
    path("feedback360/<int:campaign_id>/export/", review360.export, name="review360_export"),
    path("feedback360/<int:campaign_id>/results/<int:person_id>/", review360.results,
         name="review360_results"),
    path("feedback360/nominations/<int:nomination_id>/decide/", review360.decide,
         name="review360_decide"),
    path("feedback360/nominations/<int:nomination_id>/answer/", review360.answer,
         name="review360_answer"),
    path("feedback360/partner/<str:token>/", review360.external, name="review360_external"),
    path("development/", development.plans, name="development_plans"),
    path("development/new/", development.plan_new, name="development_plan_new"),
    path("development/<int:plan_id>/", development.plan, name="development_plan"),
    path("development/<int:plan_id>/edit/", development.plan_edit,
         name="development_plan_edit"),
]
