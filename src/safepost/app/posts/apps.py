from django.apps import AppConfig


class PostsConfig(AppConfig):
    name = "safepost.app.posts"
    label = "posts"
    verbose_name = "Posts"

    def ready(self) -> None:
        from safepost.app.posts import receivers

        receivers.connect()
