from django.apps import AppConfig


class BadgesConfig(AppConfig):
    name = "flexperf.badges"
    label = "badges"
    verbose_name = "Badges"
