from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "safepost.app.web"
    label = "web"
    verbose_name = "Web"
