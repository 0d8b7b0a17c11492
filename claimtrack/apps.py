from django.apps import AppConfig


class ClaimTrackConfig(AppConfig):
    """The project package as an app: for its commands (serve checks, load) and signals."""

    name = "claimtrack"
    verbose_name = "ClaimTrack"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from claimtrack import access, generation

        connection_created.connect(generation.on_connection_created, dispatch_uid="ct-gen")
        access.connect()
