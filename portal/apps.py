from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender, **kwargs):
    from portal.roles import roles_sync

    roles_sync(strict=False)


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Ward portal")

    def ready(self) -> None:
        # Role groups follow ROLE_PERMISSIONS after every migrate; the last app's
        # post_migrate is the one where every permission exists.
        post_migrate.connect(_sync_roles, dispatch_uid="portal.roles_sync")
