from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "flexperf.notifications"
    label = "notifications"
    verbose_name = "Notifications"
