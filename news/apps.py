from django.apps import AppConfig

from core.records_version import scheduled_change_source


class NewsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "news"

    def ready(self):
        from .models import Post  # noqa: PLC0415 (models exist once the app registry is ready)

        # A scheduled post appears at its time with no write: the records version moves on.
        scheduled_change_source(Post.objects.next_publication_after)
