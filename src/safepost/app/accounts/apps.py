from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "safepost.app.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from safepost.app.accounts import checks  # noqa: F401  (registers `safepost check` checks)
