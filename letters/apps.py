from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    name = "letters"
    verbose_name = _("Letters to citizens")

    def ready(self) -> None:
        # Every change to a letter is in the system log (portal/audit.py).
        from auditlog.registry import auditlog

        # The outbox handler (the signed letter's email) and the records holding the
        # addressee's personal data (portal/personal_data.py) register themselves.
        from letters import (
            personal_data,  # noqa: F401
            tasks,  # noqa: F401
        )

        auditlog.register(self.get_model("Letter"))
