from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "flexperf.feedback"
    label = "feedback"
    verbose_name = "Feedback"
