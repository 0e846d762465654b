"""The periodic administrative-reform report (báo cáo định kỳ) of the ward."""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from plans.models import SignerAuthority
from portal.models import DocumentNumber


class Report(models.Model):
    """One report per period. Its figures are computed from the desk, the dialogues and
    the surveys until it is issued, and frozen into `figures` then, so an issued report
    never changes; the narrative paragraphs are written by the office. Its workflow
    (draft → submitted → approved by a leader, or returned → issued) is the table
    `reports.services.REPORT_STEPS`."""

    class Kind(models.TextChoices):
        QUARTER = "quarter", _("quarter")
        HALF = "half", _("half-year")
        YEAR = "year", _("year")
        RANGE = "range", _("date range")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted for approval")
        RETURNED = "returned", _("returned for changes")
        APPROVED = "approved", _("approved")
        ISSUED = "issued", _("issued")

    kind = models.CharField(_("period"), max_length=10, choices=Kind)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    subject = models.CharField(_("subject"), max_length=500)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    introduction = models.TextField(
        _("opening paragraph"), blank=True, help_text=_("One paragraph per line")
    )
    assessment = models.TextField(
        _("general assessment"),
        blank=True,
        help_text=_("What went well in the period; one paragraph per line"),
    )
    shortcomings = models.TextField(
        _("shortcomings and causes"), blank=True, help_text=_("One paragraph per line")
    )
    next_tasks = models.TextField(
        _("tasks for the next period"), blank=True, help_text=_("One paragraph per line")
    )
    recommendations = models.TextField(
        _("proposals and recommendations"), blank=True, help_text=_("One paragraph per line")
    )
    recipients = models.TextField(
        _("recipients"), blank=True, help_text=_("One per line; the last is usually 'Lưu: VT.'")
    )
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signer_authority = models.CharField(
        _("signature form"),
        max_length=2,
        choices=SignerAuthority,
        default=SignerAuthority.TM,
        blank=True,
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    return_comment = models.TextField(
        _("leader's comment"),
        blank=True,
        help_text=_("Why a leader returned the report for changes (the last time)"),
    )
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("returned for changes by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    returned_at = models.DateTimeField(_("returned for changes at"), null=True, blank=True)
    number = models.OneToOneField(
        DocumentNumber, verbose_name=_("number"), null=True, blank=True, on_delete=models.PROTECT
    )
    issued_on = models.DateField(_("issue date"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    figures = models.JSONField(
        _("figures as issued"), null=True, blank=True, encoder=DjangoJSONEncoder
    )
    figures_as_of = models.DateField(_("figures as of"), null=True, blank=True)
    auto_drafted = models.BooleanField(_("drafted by the quarterly job"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-period_end", "-period_start", "-pk"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(
                fields=["period_start", "period_end"], name="report_one_per_period"
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="report_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def editable(self) -> bool:
        """Its text, its signer, and whether it exists at all, can change only here."""
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    @property
    def is_issued(self) -> bool:
        return self.status == self.Status.ISSUED
