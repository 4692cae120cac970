from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "flexperf.accounts"
    label = "accounts"
    verbose_name = "Accounts and access"

    def ready(self) -> None:
        from flexperf.accounts import handlers  # noqa: F401  (signal receivers)
