from django.apps import AppConfig


class GoalsConfig(AppConfig):
    name = "flexperf.goals"
    label = "goals"
    verbose_name = "Goals and schemes"

    def ready(self) -> None:
        from flexperf.core import evidence
        from flexperf.goals.evidence import context_evidence

        evidence.register("context", context_evidence)
