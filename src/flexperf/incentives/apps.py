from django.apps import AppConfig


class IncentivesConfig(AppConfig):
    name = "flexperf.incentives"
    label = "incentives"
    verbose_name = "Incentives"

    def ready(self) -> None:
        from flexperf.incentives import notices  # noqa: F401  (subscribes to CyclePublished)
