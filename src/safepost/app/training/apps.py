from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "safepost.app.training"
    label = "training"
    verbose_name = "Training"

    def ready(self) -> None:
        from safepost.app.training import receivers

        receivers.connect()
