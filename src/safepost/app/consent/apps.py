from django.apps import AppConfig


class ConsentConfig(AppConfig):
    name = "safepost.app.consent"
    label = "consent"
    verbose_name = "Consent registry"
