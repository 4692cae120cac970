from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from flexperf.predictions import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("predictions/models/", views.model_list, name="predictions_models"),
    path("predictions/models/train/", views.model_train, name="predictions_train"),
    path("predictions/models/<int:model_id>/", views.model_card, name="predictions_model"),
    path("predictions/models/<int:model_id>/activate/", views.model_activate,
         name="predictions_activate"),
]
