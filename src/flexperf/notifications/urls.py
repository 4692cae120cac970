from django.urls import path

from flexperf.notifications import views

urlpatterns = [
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read-all/", views.read_all, name="notifications_read_all"),
    path("notifications/<int:notification_id>/read/", views.read_one, name="notification_read"),
    path("notifications/<int:notification_id>/open/", views.open_one, name="notification_open"),
]
