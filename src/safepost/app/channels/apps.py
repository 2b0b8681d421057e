from django.apps import AppConfig


class ChannelsConfig(AppConfig):
    name = "safepost.app.channels"
    label = "channels"
    verbose_name = "Channels"
