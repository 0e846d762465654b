"""Documents the office has made public: an issued ward plan, periodic report or dialogue
plan, reachable by citizens at an unguessable address (the QR code on the notice board)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Publication(models.Model):
    """One publishing of one issued document. Unpublishing keeps the row (who, when) and
    kills its address for good; publishing the document again makes a new row with a new
    token, so an address taken down never comes back."""

    class Kind(models.TextChoices):
        PLAN = "plan", _("ward plan")
        REPORT = "report", _("periodic report")
        DIALOGUE_PLAN = "dialogue_plan", _("dialogue plan")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    plan = models.ForeignKey(
        "plans.Plan", null=True, blank=True, on_delete=models.PROTECT, related_name="publications"
    )
    report = models.ForeignKey(
        "reports.Report",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="publications",
    )
    dialogue_plan = models.ForeignKey(
        "dialogues.DialoguePlan",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="publications",
    )
    token = models.CharField(max_length=64, unique=True, editable=False)
    description = models.TextField(
        _("short description"),
        max_length=1000,
        blank=True,
        help_text=_("Shown to citizens above the document; optional"),
    )
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    unpublished_at = models.DateTimeField(_("unpublished at"), null=True, blank=True)
    unpublished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("unpublished by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        kind="plan",
                        plan__isnull=False,
                        report__isnull=True,
                        dialogue_plan__isnull=True,
                    )
                    | Q(
                        kind="report",
                        plan__isnull=True,
                        report__isnull=False,
                        dialogue_plan__isnull=True,
                    )
                    | Q(
                        kind="dialogue_plan",
                        plan__isnull=True,
                        report__isnull=True,
                        dialogue_plan__isnull=False,
                    )
                ),
                name="publication_one_document",
            ),
            # A document is live at most once at a time.
            *[
                models.UniqueConstraint(
                    fields=[name],
                    condition=Q(unpublished_at__isnull=True),
                    name=f"publication_live_{name}",
                )
                for name in ("plan", "report", "dialogue_plan")
            ],
        ]
        indexes = [
            models.Index(
                fields=["-published_at"],
                condition=Q(unpublished_at__isnull=True),
                name="publication_live_recent",
            )
        ]

    def __str__(self) -> str:
        return str(self.document)

    @property
    def document(self):
        return getattr(self, self.kind)

    @property
    def is_live(self) -> bool:
        return self.unpublished_at is None
