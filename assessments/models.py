"""Self-assessments against a criteria set (Bộ tiêu chí và thang điểm): the friendly
government rating (Chính quyền thân thiện), the commune's administrative-reform index
(Chỉ số CCHC cấp xã). A set holds criteria, their sub-criteria with maximum points and
the rating thresholds; a round per set and year assigns each sub-criterion to a unit,
which self-scores it with evidence; the office reviews, a leader approves (frozen)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.files import private_storage
from portal.models import Department

POINTS = {"max_digits": 6, "decimal_places": 2}


class CriteriaSet(models.Model):
    """A province's criteria and scale for one year."""

    name = models.CharField(_("name"), max_length=300)
    legal_source = models.CharField(
        _("legal source"),
        max_length=500,
        blank=True,
        help_text=_("e.g. Quyết định số 710/QĐ-UBND ngày 17/4/2024 của UBND tỉnh"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "name", "pk"]
        verbose_name = _("criteria set")
        verbose_name_plural = _("criteria sets")

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"


class Threshold(models.Model):
    """A rating reached from a total: "4 sao" from 85 points."""

    criteria_set = models.ForeignKey(
        CriteriaSet, on_delete=models.CASCADE, related_name="thresholds"
    )
    label = models.CharField(_("rating"), max_length=100)
    min_points = models.DecimalField(
        _("from (points)"), validators=[MinValueValidator(Decimal(0))], **POINTS
    )

    class Meta:
        ordering = ["-min_points", "pk"]
        verbose_name = _("rating threshold")
        verbose_name_plural = _("rating thresholds")
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "label"], name="threshold_label_once")
        ]

    def __str__(self) -> str:
        return f"{self.label} ≥ {self.min_points}"


class Criterion(models.Model):
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("criterion"), max_length=500)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "code"], name="criterion_code_once")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class SubCriterion(models.Model):
    """A sub-criterion (tiêu chí thành phần) with its points; an automatic rule lets the
    portal propose the score from a figure it knows (assessments.rules)."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="subs")
    code = models.CharField(_("code"), max_length=20)
    text = models.TextField(_("sub-criterion"))
    max_points = models.DecimalField(
        _("maximum points"), validators=[MinValueValidator(Decimal(0))], **POINTS
    )
    guidance = models.TextField(_("scoring guidance"), blank=True)
    evidence_expected = models.TextField(_("evidence expected"), blank=True)
    rule = models.CharField(_("automatic rule"), max_length=40, blank=True)
    rule_threshold = models.DecimalField(
        _("rule threshold"), null=True, blank=True, max_digits=7, decimal_places=2
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("sub-criterion")
        verbose_name_plural = _("sub-criteria")
        constraints = [
            models.UniqueConstraint(fields=["criterion", "code"], name="subcriterion_code_once")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.text[:80]}"


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    OPEN = "open", _("open for scoring")
    REVIEWED = "reviewed", _("reviewed by the office")
    APPROVED = "approved", _("approved")


class Round(models.Model):
    """The year's self-assessment against a set."""

    Status = RoundStatus

    criteria_set = models.ForeignKey(
        CriteriaSet, verbose_name=_("criteria set"), on_delete=models.PROTECT, related_name="rounds"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    departments_due = models.DateField(_("units send their scores by"))
    office_due = models.DateField(_("the office compiles the dossier by"))
    status = models.CharField(
        _("status"), max_length=20, choices=RoundStatus, default=RoundStatus.DRAFT
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-pk"]
        verbose_name = _("assessment round")
        verbose_name_plural = _("assessment rounds")
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "year"], name="round_set_year_once")
        ]

    def __str__(self) -> str:
        return f"{self.criteria_set.name} — {self.year}"

    @property
    def frozen(self) -> bool:
        return self.status == RoundStatus.APPROVED


class Item(models.Model):
    """One sub-criterion in a round: who scores it, the self-score and the office's
    reviewed score (both kept)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="items")
    sub = models.ForeignKey(SubCriterion, on_delete=models.PROTECT, related_name="items")
    department = models.ForeignKey(
        Department,
        verbose_name=_("assigned unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: the office scores it itself"),
    )
    self_score = models.DecimalField(_("self-score"), null=True, blank=True, **POINTS)
    self_explanation = models.TextField(_("explanation"), blank=True)
    self_scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    self_scored_at = models.DateTimeField(_("self-scored at"), null=True, blank=True)
    reviewed_score = models.DecimalField(_("reviewed score"), null=True, blank=True, **POINTS)
    review_reason = models.TextField(_("reason for the change"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    class Meta:
        ordering = ["sub__criterion__order", "sub__criterion_id", "sub__order", "sub_id"]
        verbose_name = _("assessment item")
        verbose_name_plural = _("assessment items")
        constraints = [models.UniqueConstraint(fields=["round", "sub"], name="item_sub_once")]
        indexes = [models.Index(fields=["department", "round"], name="item_department_round")]

    def __str__(self) -> str:
        return f"{self.round_id} {self.sub.code}"

    @property
    def score(self) -> Decimal | None:
        """The score that counts: the reviewed one once there is one."""
        return self.reviewed_score if self.reviewed_score is not None else self.self_score


def evidence_path(instance, filename: str) -> str:
    return f"assessments/evidence/{instance.item.round_id}/{filename}"


class ItemFile(models.Model):
    """An evidence file: stored privately, served only through the access check."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=evidence_path, storage=private_storage, max_length=300)
    name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size"))
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return self.name


class LinkKind(models.TextChoices):
    PLAN = "plan", _("issued ward plan")
    REPORT = "report", _("issued report")
    SURVEY = "survey", _("survey results")
    ONESTOP = "onestop", _("one-stop statistics of a period")
    SESSIONS = "sessions", _("dialogue sessions held")


class ItemLink(models.Model):
    """Evidence that is a portal record: a kind and an id, or a period."""

    Kind = LinkKind

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(_("kind"), max_length=20, choices=LinkKind)
    object_id = models.PositiveIntegerField(null=True, blank=True)
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    label = models.CharField(_("title"), max_length=500)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("evidence link")
        verbose_name_plural = _("evidence links")

    def __str__(self) -> str:
        return self.label

    @property
    def url(self) -> str:
        """The record's page (for a period, the page of its figures)."""
        from urllib.parse import urlencode

        from django.urls import reverse

        if self.kind == LinkKind.PLAN:
            return reverse("plans:plan_detail", args=[self.object_id])
        if self.kind == LinkKind.REPORT:
            return reverse("reports:detail", args=[self.object_id])
        if self.kind == LinkKind.SURVEY:
            return reverse("surveys:results", args=[self.object_id])
        if self.kind == LinkKind.ONESTOP and self.period_start and self.period_end:
            query = urlencode(
                {
                    "date_from": f"{self.period_start:%d/%m/%Y}",
                    "date_to": f"{self.period_end:%d/%m/%Y}",
                }
            )
            return f"{reverse('onestop:case_stats')}?{query}"
        if self.kind == LinkKind.SESSIONS and self.period_start:
            return f"{reverse('dialogues:coverage')}?year={self.period_start.year}"
        return ""


class RoundReminder(models.Model):
    """A deadline reminder: once per round, deadline kind, recipient unit and date."""

    class Kind(models.TextChoices):
        DEPARTMENTS = "departments", _("units' deadline")
        OFFICE = "office", _("office's deadline")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20, choices=Kind)
    target = models.CharField(max_length=40)  # "department:<id>" or "office"
    due_date = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "kind", "target", "due_date"], name="round_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.round_id} {self.kind} {self.target} {self.due_date}"
