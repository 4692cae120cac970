from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from flexperf.signals import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("signals/sources/", views.source_list, name="signals_sources"),
    path("signals/sources/<slug:code>/<str:action>/", views.source_action,
         name="signals_source_action"),
    path("signals/batches/", views.batch_list, name="signals_batches"),
    path("signals/batches/<int:batch_id>/", views.batch_detail, name="signals_batch"),
    path("signals/upload/", views.upload, name="signals_upload"),
    path("signals/me/", views.my_signals, name="signals_mine"),
    path("signals/people/<int:person_id>/", views.person, name="signals_person"),
    path("signals/team/", views.team, name="signals_team"),
]
