from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DialoguesConfig(AppConfig):
    name = "dialogues"
    verbose_name = _("Dialogues")

    def ready(self) -> None:
        # The outbox handlers of this app register themselves when its tasks load.
        # Every change to an opinion is in the system log, with its actor (portal/audit.py).
        from auditlog.registry import auditlog

        # Its records holding personal data (portal/personal_data.py).
        # Its background export kinds too (portal/export_jobs.py).
        from dialogues import (
            exports,  # noqa: F401
            personal_data,  # noqa: F401
            tasks,  # noqa: F401
        )

        auditlog.register(self.get_model("Opinion"))
