from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "safepost.app.notify"
    label = "notify"
    verbose_name = "Notifications"
