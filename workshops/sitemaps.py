from core.sitemaps import RecordSitemap

from .models import Workshop


class WorkshopSitemap(RecordSitemap):
    def items(self):
        return Workshop.objects.published().order_by("pk")
