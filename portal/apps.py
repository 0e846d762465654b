from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender, **kwargs):
    from portal.roles import roles_sync

    roles_sync(strict=False)


def _sync_document_types(sender, **kwargs):
    # Also after a test database flush, which empties the rows the data migration made.
    from portal.document_types import document_types_sync
    from portal.models import DocumentType

    document_types_sync(DocumentType)


def _sync_official_calendar(sender, apps=None, **kwargs):
    # The shipped day-off arrangements, after a flush too, and a release's new years;
    # not when migrating back before the table existed.
    from portal.calendar_data import official_calendar_sync

    try:
        model = (apps or sender.apps).get_model("portal", "OfficialCalendarDay")
    except LookupError:
        return
    official_calendar_sync(model)


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Ward portal")

    def ready(self) -> None:
        # `name__fold__contains`: accent-insensitive search on both databases.
        from portal import search

        search.install()
        # Role groups follow ROLE_PERMISSIONS after every migrate; the last app's
        # post_migrate is the one where every permission exists.
        post_migrate.connect(_sync_roles, dispatch_uid="portal.roles_sync")
        # Every change to a registry number is in the system log (portal/audit.py).
        from auditlog.registry import auditlog

        auditlog.register(self.get_model("DocumentNumber"))
        post_migrate.connect(
            _sync_document_types, sender=self, dispatch_uid="portal.document_types_sync"
        )
        post_migrate.connect(
            _sync_official_calendar, sender=self, dispatch_uid="portal.official_calendar_sync"
        )
