from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("Ward plans")

    def ready(self) -> None:
        # The beat job that reminds lead units of their deadlines registers with the app.
        from plans import tasks  # noqa: F401
