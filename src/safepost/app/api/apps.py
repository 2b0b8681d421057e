from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "safepost.app.api"
    label = "api"
    verbose_name = "JSON API"
