from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from flexperf.insights import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("insights/", views.inbox, name="insights_inbox"),
    path("insights/mine/", views.mine, name="insights_mine"),
    path("insights/outcomes/", views.outcomes, name="insights_outcomes"),
    path("insights/settings/", views.settings_page, name="insights_settings"),
    path("insights/<int:insight_id>/", views.detail, name="insight_detail"),
    path("insights/<int:insight_id>/acknowledge/", views.acknowledge,
         name="insight_acknowledge"),
    path("insights/<int:insight_id>/act/", views.act, name="insight_act"),
    path("insights/<int:insight_id>/dismiss/", views.dismiss, name="insight_dismiss"),
]
