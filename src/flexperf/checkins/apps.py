from django.apps import AppConfig


class CheckinsConfig(AppConfig):
    name = "flexperf.checkins"
    label = "checkins"
    verbose_name = "Check-ins"

    def ready(self) -> None:
        from flexperf.checkins import evidence as checkin_evidence
        from flexperf.core import evidence

        evidence.register("checkins", checkin_evidence.checkin_evidence)
        evidence.register("milestone_reviews", checkin_evidence.milestone_review_evidence)
