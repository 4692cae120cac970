from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "flexperf.core"
    label = "core"
    verbose_name = "flexperf core"
