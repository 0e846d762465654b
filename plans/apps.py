from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("Ward plans")

    def ready(self) -> None:
        # The beat job that reminds lead units of their deadlines registers with the app.
        # Its background export kinds too (portal/export_jobs.py).
        from plans import (
            exports,  # noqa: F401
            tasks,  # noqa: F401
        )
