from django.apps import AppConfig


class CheckinsConfig(AppConfig):
    name = "flexperf.checkins"
    label = "checkins"
    verbose_name = "Check-ins"
