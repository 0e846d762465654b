from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Surveys")

    def ready(self) -> None:
        # Every change to a ballot is in the system log, with its actor (portal/audit.py).
        from auditlog.registry import auditlog

        # Its records holding personal data (portal/personal_data.py).
        # Its background export kinds (portal/export_jobs.py).
        from surveys import (
            export_kinds,  # noqa: F401
            personal_data,  # noqa: F401
        )

        auditlog.register(self.get_model("Ballot"))
