from django.apps import AppConfig


class IncentivesConfig(AppConfig):
    name = "flexperf.incentives"
    label = "incentives"
    verbose_name = "Incentives"
