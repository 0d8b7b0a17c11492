from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate, pre_migrate

        from claims import events

        # Stance-change events and contradiction flags follow every committed write to
        # statements (claims.events): the derived rows are recomputed after the commit,
        # except while migrations run (their tables may not exist yet); the rows the
        # migrations marked stale are recomputed once they are done.
        connection_created.connect(events.on_connection_created, dispatch_uid="ct-events")
        pre_migrate.connect(events.pause, sender=self, dispatch_uid="ct-events-pause")
        post_migrate.connect(events.resume, sender=self, dispatch_uid="ct-events-resume")
