from django.urls import path

from flexperf.core import views

urlpatterns = [
    path("", views.home, name="home"),
    path("media/<path:path>", views.media, name="media"),
]
