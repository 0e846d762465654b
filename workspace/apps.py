from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    """The officer's day, above the domain apps: "Việc chờ tôi", the inbox of each role.
    It reads onestop, dialogues and reports; none of them (nor portal) imports it."""

    name = "workspace"
    verbose_name = _("My work")

    def ready(self):
        from workspace import navigation

        navigation.register()
