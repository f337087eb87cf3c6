from django.apps import AppConfig


class PortalConfig(AppConfig):
    """Site-wide pages and jobs over every app's records: home, search, the network's figures,
    data quality, the sitemap, backups and the seed records. The top layer: it may import
    every app; none imports it."""

    name = "portal"
