"""Settings of the SMS/Zalo channels that cannot work, reported at start-up."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.compatibility)
def channels_configured(app_configs=None, **kwargs):
    from messaging.models import Channel, Message

    problems = []
    for name in settings.MESSAGING_CHANNELS:
        if name not in Channel.values:
            problems.append(
                checks.Error(
                    f"MESSAGING_CHANNELS names {name!r}; the channels are "
                    f"{', '.join(Channel.values)}.",
                    id="messaging.E001",
                )
            )
    if "sms" in settings.MESSAGING_CHANNELS and not (
        settings.SMS_GATEWAY_URL and settings.SMS_BRANDNAME
    ):
        problems.append(
            checks.Warning(
                "SMS is a channel but SMS_GATEWAY_URL or SMS_BRANDNAME is not set: "
                "no SMS will be sent.",
                id="messaging.W001",
            )
        )
    if "zalo" in settings.MESSAGING_CHANNELS:
        if not settings.ZALO_ACCESS_TOKEN:
            problems.append(
                checks.Warning(
                    "Zalo is a channel but ZALO_ACCESS_TOKEN is not set.", id="messaging.W002"
                )
            )
        unknown = set(settings.ZALO_TEMPLATES) - set(Message.Event.values)
        if unknown:
            problems.append(
                checks.Error(
                    f"ZALO_TEMPLATES names unknown events: {', '.join(sorted(unknown))}.",
                    id="messaging.E002",
                )
            )
    unknown = set(settings.SMS_TEMPLATES) - set(Message.Event.values)
    if unknown:
        problems.append(
            checks.Error(
                f"SMS_TEMPLATES names unknown events: {', '.join(sorted(unknown))}.",
                id="messaging.E003",
            )
        )
    return problems
