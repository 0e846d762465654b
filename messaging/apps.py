from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "messaging"
    verbose_name = _("Messages to citizens")

    def ready(self) -> None:
        # Its records holding phone numbers (portal/personal_data.py), and its tasks.
        # Every change to a consent (the proof Nghị định 13/2023 asks for) is in the
        # system log.
        from auditlog.registry import auditlog

        from messaging import (
            checks,  # noqa: F401
            personal_data,  # noqa: F401
            tasks,  # noqa: F401
        )

        auditlog.register(self.get_model("Consent"))
