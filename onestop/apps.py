from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnestopConfig(AppConfig):
    name = "onestop"
    verbose_name = _("One-stop desk")

    def ready(self) -> None:
        # The outbox handlers of this app register themselves when its tasks load.
        from onestop import tasks  # noqa: F401
