from django.apps import AppConfig


class SignalsConfig(AppConfig):
    name = "flexperf.signals"
    label = "signals"
    verbose_name = "Signals"
