from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "flexperf.insights"
    label = "insights"
    verbose_name = "Insights"
