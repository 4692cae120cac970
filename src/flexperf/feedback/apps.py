from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "flexperf.feedback"
    label = "feedback"
    verbose_name = "Feedback"

    def ready(self) -> None:
        from flexperf.core import evidence
        from flexperf.feedback.evidence import feedback_evidence, review360_evidence

        evidence.register("feedback", feedback_evidence)
        evidence.register("review360", review360_evidence)
