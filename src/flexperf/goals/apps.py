from django.apps import AppConfig


class GoalsConfig(AppConfig):
    name = "flexperf.goals"
    label = "goals"
    verbose_name = "Goals and schemes"
