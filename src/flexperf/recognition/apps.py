from django.apps import AppConfig


class RecognitionConfig(AppConfig):
    name = "flexperf.recognition"
    label = "recognition"
    verbose_name = "Recognition"

    def ready(self) -> None:
        from flexperf.incentives.points import register_points_source
        from flexperf.recognition import handlers  # noqa: F401  (subscribes to events)
        from flexperf.recognition.selectors.ledger import points_by_person

        register_points_source(points_by_person)
