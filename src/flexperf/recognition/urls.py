from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from flexperf.recognition import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("recognition/", views.wall, name="recognition_wall"),
    path("recognition/give/", views.give, name="recognition_give"),
    path("recognition/me/", views.mine, name="recognition_mine"),
    path("recognition/contributions/", views.contribute, name="recognition_contribute"),
    path("recognition/hr/budgets/", views.hr_budgets, name="recognition_hr_budgets"),
    path("recognition/hr/rules/", views.hr_rules, name="recognition_hr_rules"),
    path("recognition/hr/flags/", views.hr_flags, name="recognition_hr_flags"),
    path("recognition/hr/flags/<int:flag_id>/decide/", views.hr_flag_decide,
         name="recognition_hr_flag_decide"),
]
