from django.apps import AppConfig


class PredictionsConfig(AppConfig):
    name = "flexperf.predictions"
    label = "predictions"
    verbose_name = "Predictions"
