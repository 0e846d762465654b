"""Ward plans (Kế hoạch): a tree of numbered sections holding paragraphs, lists and
tasks; the tasks, once the plan is issued, followed up with progress reports."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.files import private_storage
from portal.models import Department, DocumentNumber, MassOrganization


class SignerAuthority(models.TextChoices):
    """How the signer signs (Nghị định 30/2020, Điều 13 and Phụ lục I)."""

    TM = "TM", _("TM. (on behalf of the committee)")
    KT = "KT", _("KT. (for the chairman)")
    Q = "Q", _("Q. (acting)")
    TL = "TL", _("TL. (by order)")
    NONE = "", _("in own name")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted for approval")
    APPROVED = "approved", _("approved")
    ISSUED = "issued", _("issued")
    SUPERSEDED = "superseded", _("superseded")


EDITABLE = (PlanStatus.DRAFT, PlanStatus.SUBMITTED)


class PlanDocument(models.Model):
    """What every plan of the ward has, whatever its kind: the printed frame (subject,
    legal basis, introduction, closing, recipients, signer) and the approval workflow
    (draft → submitted → approved or returned with a comment → issued with a KH number;
    a revision supersedes it). A ward plan (`Plan`) and a dialogue plan
    (dialogues.DialoguePlan) are both one."""

    Status = PlanStatus

    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(
        _("subject"),
        max_length=500,
        help_text=_("Printed under KẾ HOẠCH, e.g. Xây dựng chính quyền thân thiện năm 2024"),
    )
    legal_basis = models.TextField(
        _("legal basis"),
        blank=True,
        help_text=_("One line per document cited (Căn cứ / Thực hiện ...)"),
    )
    introduction = models.TextField(
        _("introduction"), blank=True, help_text=_("The sentence that ends with 'như sau:'")
    )
    closing = models.TextField(_("closing paragraph"), blank=True)
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
    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus, default=PlanStatus.DRAFT
    )
    return_comment = models.TextField(_("comment on return"), blank=True)
    number = models.OneToOneField(
        DocumentNumber,
        verbose_name=_("number"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_on = models.DateField(_("issue date"), null=True, blank=True)
    supersedes = models.ForeignKey(
        "self",
        verbose_name=_("revises"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="revisions",
    )
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
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
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        ordering = ["-year", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE


class Plan(PlanDocument):
    """Kế hoạch of the ward: a tree of numbered sections with their tasks."""

    class Meta(PlanDocument.Meta):
        verbose_name = _("ward plan")
        verbose_name_plural = _("ward plans")
        indexes = [models.Index(fields=["status", "year"], name="plan_status_year")]

    def get_absolute_url(self) -> str:
        return reverse("plans:plan_detail", args=[self.pk])


class Section(models.Model):
    """A numbered part of the plan (I., 1., 1.1., a/) with its paragraphs and lists.

    The body holds one paragraph per line; a line that begins with "- " or "+ " is a
    list item. Numbers are not stored: they follow the place in the tree."""

    class Numbering(models.TextChoices):
        AUTO = "", _("by level (I., 1., 1.1., a/)")
        LETTER = "letter", _("letters (a/, b/, c/)")
        NONE = "none", _("no number")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("inside"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    heading = models.CharField(_("heading"), max_length=500)
    body = models.TextField(
        _("text"),
        blank=True,
        help_text=_("One paragraph per line; begin a line with '- ' for a list item"),
    )
    numbering = models.CharField(
        _("numbering"), max_length=10, choices=Numbering, default=Numbering.AUTO, blank=True
    )
    inline = models.BooleanField(
        _("text on the heading's line"),
        default=False,
        help_text=_("Prints '2. Hình thức: Đối thoại trực tiếp.' on one line"),
    )

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("plan section")
        verbose_name_plural = _("plan sections")

    def __str__(self) -> str:
        return self.heading


class TaskTiming(models.TextChoices):
    DATE = "date", _("before a date")
    MONTH = "month", _("within a month")
    REGULAR = "regular", _("regularly (thường xuyên)")
    QUARTERLY = "quarterly", _("reviewed every quarter")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("in progress")
    DONE = "done", _("done")


class Task(models.Model):
    """A task the plan gives: its text, the lead unit, the co-operating units and a time.
    Once the plan is issued it is followed up: departments report progress, the lead
    unit marks it done."""

    Timing = TaskTiming
    Status = TaskStatus

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="tasks")
    order = models.PositiveIntegerField(_("order"), default=0)
    text = models.TextField(_("task"))
    lead = models.ForeignKey(
        Department,
        verbose_name=_("lead unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    lead_label = models.CharField(
        _("lead unit as printed"),
        max_length=300,
        blank=True,
        help_text=_("Leave empty to print the department's name"),
    )
    partners = models.ManyToManyField(
        Department, verbose_name=_("co-operating departments"), blank=True, related_name="+"
    )
    partner_organisations = models.ManyToManyField(
        MassOrganization, verbose_name=_("co-operating organisations"), blank=True
    )
    partners_text = models.CharField(
        _("other co-operating units"),
        max_length=500,
        blank=True,
        help_text=_("Units outside the ward's lists, as printed"),
    )
    timing = models.CharField(_("time"), max_length=10, choices=TaskTiming, default=TaskTiming.DATE)
    due_date = models.DateField(
        _("deadline"),
        null=True,
        blank=True,
        help_text=_("The date, or the last day of the month; empty for a regular task"),
    )
    print_text = models.BooleanField(
        _("print the task's text"),
        default=True,
        help_text=_("Off when the section's own text already says it"),
    )
    print_details = models.BooleanField(
        _("print the units and time"),
        default=True,
        help_text=_("Off when the text already names them"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=TaskStatus, default=TaskStatus.OPEN
    )
    percent = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_report_at = models.DateTimeField(_("last report"), null=True, blank=True)

    class Meta:
        ordering = ["plan", "order", "pk"]
        verbose_name = _("plan task")
        verbose_name_plural = _("plan tasks")
        indexes = [
            models.Index(fields=["status", "due_date"], name="task_status_due"),
            models.Index(fields=["lead", "status"], name="task_lead_status"),
        ]

    def __str__(self) -> str:
        return self.text[:80]


def evidence_path(instance, filename: str) -> str:
    return f"plans/evidence/{instance.report.task.plan_id}/{filename}"


class TaskReport(models.Model):
    """A progress report on a task by one of its units: what was done, how far, and
    the evidence."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reports")
    department = models.ForeignKey(
        Department, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    quarter = models.DateField(
        _("quarter"), null=True, blank=True, help_text=_("The first day of the quarter reported")
    )
    text = models.TextField(_("progress"))
    percent = models.PositiveSmallIntegerField(_("progress (%)"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        indexes = [models.Index(fields=["task", "-created_at"], name="report_task_time")]

    def __str__(self) -> str:
        return self.text[:80]


class TaskEvidence(models.Model):
    """A file proving a report: stored privately, served only through the access check."""

    report = models.ForeignKey(TaskReport, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=evidence_path, storage=private_storage, max_length=300)
    name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size"))
    content_type = models.CharField(max_length=100)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return self.name


class TaskReminder(models.Model):
    """A reminder sent to the lead unit: once per task, kind and deadline, so a beat
    run that repeats (or a worker that died half-way) never sends it twice."""

    class Kind(models.TextChoices):
        SOON = "soon", _("deadline near")
        LATE = "late", _("late")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=10, choices=Kind)
    due_date = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["task", "kind", "due_date"], name="task_reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.task_id} {self.kind} {self.due_date}"
