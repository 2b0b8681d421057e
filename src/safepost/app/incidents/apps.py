from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "safepost.app.incidents"
    label = "incidents"
    verbose_name = "Incidents and breach notification"

    def ready(self) -> None:
        from safepost.app.incidents import receivers

        receivers.connect()
