from django.apps import AppConfig


class AchievementsConfig(AppConfig):
    name = "flexperf.achievements"
    label = "achievements"
    verbose_name = "Achievements"

    def ready(self) -> None:
        from flexperf.achievements import subscribers

        subscribers.register()
