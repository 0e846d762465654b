"""Messages to citizens by SMS or Zalo, and the consents that allow them.

The object a message or a consent is about (a dossier, an opinion, a letter) is a
ContentType + id pair rather than a foreign key: messaging sits beneath the domain apps
that call it (onestop, dialogues, letters) and imports none of them, and one pair of
columns serves every kind of record, including those of apps not written yet. A message
is a log of what was said to whom: it must outlive nothing and block no deletion.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    SMS = "sms", _("SMS")
    ZALO = "zalo", _("Zalo")


class Consent(models.Model):
    """A citizen agreed to be told about one record by SMS/Zalo (Nghị định 13/2023/NĐ-CP,
    Article 11: consent is recorded, for a stated purpose, and may be withdrawn)."""

    class Source(models.TextChoices):
        DOSSIER_RECEIPT = "dossier_receipt", _("dossier receipt")
        OPINION_FORM = "opinion_form", _("opinion form")
        OTHER = "other", _("other")

    phone = models.CharField(_("phone"), max_length=20)
    sms = models.BooleanField(_("SMS"), default=True)
    zalo = models.BooleanField(_("Zalo"), default=True)
    purpose = models.TextField(_("purpose"))
    given_at = models.DateTimeField(_("given at"))
    source = models.CharField(_("given on"), max_length=20, choices=Source)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        ordering = ["-given_at"]
        verbose_name = _("consent to notifications")
        verbose_name_plural = _("consents to notifications")
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="consent_subject"),
            models.Index(fields=["phone"], name="consent_phone"),
        ]

    def __str__(self) -> str:
        return f"{self.phone} ({self.get_source_display()})"

    def allows(self, channel: str) -> bool:
        return self.withdrawn_at is None and bool(getattr(self, channel, False))


class Message(models.Model):
    """One message to a citizen: written in the transaction of the action that caused
    it, sent by a task after commit, claimed with a conditional update so it is sent
    once, tried again with a growing delay, and listed for the desk when it fails."""

    class State(models.TextChoices):
        PENDING = "pending", _("pending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        # The consent was withdrawn, or the record anonymised, before it went out.
        CANCELLED = "cancelled", _("cancelled")

    class Event(models.TextChoices):
        RESULT_READY = "result_ready", _("result ready")
        SUPPLEMENT_REQUESTED = "supplement_requested", _("supplement requested")
        APOLOGY_LETTER = "apology_letter", _("apology letter")
        ANSWER_APPROVED = "answer_approved", _("answer approved")
        THANK_YOU_LETTER = "thank_you_letter", _("thank-you letter")

    # One message per happening: the same hook called twice makes no second message.
    key = models.CharField(_("key"), max_length=120, unique=True)
    phone = models.CharField(_("phone"), max_length=20)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel)
    event = models.CharField(_("event"), max_length=30, choices=Event)
    # The receipt code or the opinion's number, for the desk's search and list.
    reference = models.CharField(_("reference"), max_length=60, blank=True)
    text = models.TextField(_("text"))
    # The ZNS template's parameters (and what the SMS text was built from).
    data = models.JSONField(_("data"), default=dict, blank=True)
    template_id = models.CharField(_("template"), max_length=60, blank=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    consent = models.ForeignKey(
        Consent, verbose_name=_("consent"), on_delete=models.PROTECT, related_name="messages"
    )
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"))
    claimed_at = models.DateTimeField(null=True, blank=True)
    claim_token = models.CharField(max_length=64, blank=True)
    provider_ref = models.CharField(_("gateway reference"), max_length=100, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    failed_at = models.DateTimeField(_("failed at"), null=True, blank=True)
    resent_at = models.DateTimeField(_("sent again at"), null=True, blank=True)
    resent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent again by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("message to a citizen")
        verbose_name_plural = _("messages to citizens")
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="message_subject"),
            models.Index(
                fields=["next_attempt_at"],
                name="message_pending",
                condition=models.Q(state="pending"),
            ),
            models.Index(fields=["state", "-created_at"], name="message_state"),
            models.Index(fields=["phone"], name="message_phone"),
        ]

    def __str__(self) -> str:
        return f"{self.get_event_display()} · {self.reference} ({self.get_channel_display()})"
