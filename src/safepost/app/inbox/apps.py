from django.apps import AppConfig


class InboxConfig(AppConfig):
    name = "safepost.app.inbox"
    label = "inbox"
    verbose_name = "Inbox"
