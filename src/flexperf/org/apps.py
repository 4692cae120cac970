from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "flexperf.org"
    label = "org"
    verbose_name = "Organisation"
