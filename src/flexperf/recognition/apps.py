from django.apps import AppConfig


class RecognitionConfig(AppConfig):
    name = "flexperf.recognition"
    label = "recognition"
    verbose_name = "Recognition"
