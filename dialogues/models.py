"""Dialogue plans, sessions with their delegates and minutes, and citizens' opinions."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from plans.models import PlanDocument
from portal.models import Department, DocumentNumber, MassOrganization, Neighborhood, ProcedureField


class ParticipantCategory(models.TextChoices):
    UPPER = "upper", _("upper-level agencies")
    WARD = "ward", _("ward leadership and departments")
    NEIGHBOURHOOD = "neighbourhood", _("neighbourhood delegates")
    CITIZENS = "citizens", _("citizens and businesses")


def by_category(attendees) -> list:
    """Delegates in the printed order of the groups: upper level, ward, neighbourhood,
    citizens (the codes themselves do not sort that way)."""
    order = {code: i for i, code in enumerate(ParticipantCategory.values)}
    return sorted(attendees, key=lambda a: (order.get(a.category, 99), a.pk))


class DialoguePlan(PlanDocument):
    """Kế hoạch tổ chức đối thoại: a plan of the ward (plans.PlanDocument: its frame and
    workflow) whose parts are the dialogue's, section by section."""

    class Kind(models.TextChoices):
        YEARLY = "yearly", _("yearly dialogue on administrative procedures")
        NEIGHBOURHOOD = "neighbourhood", _("periodic contact with residents")
        OTHER = "other", _("other")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.YEARLY)
    purposes = models.TextField(_("purposes"), blank=True, help_text=_("One item per line"))
    requirements = models.TextField(_("requirements"), blank=True, help_text=_("One item per line"))
    content_note = models.TextField(
        _("note on the content"),
        blank=True,
        help_text=_("e.g. that complaints and denunciations are not discussed"),
    )
    participants_intro = models.TextField(_("who chairs and takes part"), blank=True)
    time_and_place = models.TextField(
        _("time and place"), blank=True, help_text=_("One item per line; sessions are listed below")
    )
    venue = models.CharField(_("usual venue"), max_length=300, blank=True)
    format = models.TextField(_("format"), blank=True)

    class Meta(PlanDocument.Meta):
        verbose_name = _("dialogue plan")
        verbose_name_plural = _("dialogue plans")

    def get_absolute_url(self) -> str:
        return reverse("dialogues:plan_detail", args=[self.pk])


class PlanTopic(models.Model):
    """A content topic of the dialogue, optionally tied to a procedure field."""

    plan = models.ForeignKey(DialoguePlan, on_delete=models.CASCADE, related_name="topics")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    field = models.ForeignKey(
        ProcedureField,
        verbose_name=_("procedure field"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    text = models.TextField(_("topic"))

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return self.text[:60]


class PlanParticipantGroup(models.Model):
    """A group of participants (Đại biểu phường: - Thường trực Đảng ủy; - ...)."""

    plan = models.ForeignKey(
        DialoguePlan, on_delete=models.CASCADE, related_name="participant_groups"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    category = models.CharField(_("category"), max_length=20, choices=ParticipantCategory)
    title = models.CharField(_("heading"), max_length=300)
    members = models.TextField(_("members"), blank=True, help_text=_("One per line"))

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("participant group")
        verbose_name_plural = _("participant groups")

    def __str__(self) -> str:
        return self.title


class PlanParticipant(models.Model):
    """A person the group invites (name, position, unit, contact), or a unit to invite
    (`is_unit`: only the unit is given; its leaders send a representative)."""

    group = models.ForeignKey(PlanParticipantGroup, on_delete=models.CASCADE, related_name="people")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_unit = models.BooleanField(
        _("a unit to invite"),
        default=False,
        help_text=_("Only the unit is given; the invitation goes to its leaders' representative."),
    )
    name = models.CharField(_("full name"), max_length=200, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    unit = models.CharField(_("unit"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        return self.delegate_name

    @property
    def delegate_name(self) -> str:
        """The name a delegate made from this row carries."""
        if self.is_unit:
            return f"Đại diện lãnh đạo {self.unit}".strip()
        return self.name or self.position

    def clean(self) -> None:
        if self.is_unit and not self.unit.strip():
            raise ValidationError({"unit": _("Give the unit to invite.")})
        if not self.is_unit and not (self.name.strip() or self.position.strip()):
            raise ValidationError({"name": _("Give the person's name or position.")})


class PlanProgrammeItem(models.Model):
    plan = models.ForeignKey(DialoguePlan, on_delete=models.CASCADE, related_name="programme")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("programme item"))

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("programme item")
        verbose_name_plural = _("programme")

    def __str__(self) -> str:
        return self.text[:60]


class PlanResponsibility(models.Model):
    """III. Tổ chức thực hiện: what each unit must do."""

    plan = models.ForeignKey(
        DialoguePlan, on_delete=models.CASCADE, related_name="responsibilities"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    unit = models.CharField(_("unit"), max_length=300)
    department = models.ForeignKey(
        Department, verbose_name=_("department"), null=True, blank=True, on_delete=models.SET_NULL
    )
    duties = models.TextField(_("duties"), help_text=_("One item per line, or a paragraph"))

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("responsibility")
        verbose_name_plural = _("responsibilities")

    def __str__(self) -> str:
        return self.unit


class DialogueSession(models.Model):
    """One conference or neighbourhood meeting held under a plan."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        HELD = "held", _("held")
        CANCELLED = "cancelled", _("cancelled")

    plan = models.ForeignKey(DialoguePlan, on_delete=models.PROTECT, related_name="sessions")
    title = models.CharField(_("title"), max_length=300)
    starts_at = models.DateTimeField(_("starts at"))
    venue = models.CharField(_("venue"), max_length=300)
    neighborhood = models.ForeignKey(
        Neighborhood,
        verbose_name=_("neighbourhood"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sessions",
    )
    chair = models.CharField(_("chaired by"), max_length=200, blank=True)
    secretary = models.CharField(_("secretary"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.PLANNED)
    agenda = models.TextField(_("agenda as held"), blank=True, help_text=_("One item per line"))
    proceedings = models.TextField(_("proceedings"), blank=True)
    conclusion = models.TextField(_("chairman's conclusion"), blank=True)
    ended_at = models.TimeField(_("ended at"), null=True, blank=True)
    # Registry numbers (GM, BB); each is taken once and its date is the printed date.
    invitation_number = models.ForeignKey(
        DocumentNumber,
        verbose_name=_("invitation number"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    minutes_number = models.ForeignKey(
        DocumentNumber,
        verbose_name=_("minutes number"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("dialogue session")
        verbose_name_plural = _("dialogue sessions")
        indexes = [models.Index(fields=["neighborhood", "starts_at"], name="session_nb_date")]

    def __str__(self) -> str:
        return self.title


class Attendee(models.Model):
    session = models.ForeignKey(DialogueSession, on_delete=models.CASCADE, related_name="attendees")
    name = models.CharField(_("full name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=300, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=ParticipantCategory)
    invited = models.BooleanField(_("invited"), default=True)
    confirmed = models.BooleanField(_("confirmed"), default=False)
    attended = models.BooleanField(_("attended"), default=False)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    # The plan's participant this delegate was invited as (None: added by hand).
    participant = models.ForeignKey(
        PlanParticipant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["category", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "participant"],
                condition=models.Q(participant__isnull=False),
                name="attendee_once_per_participant",
            )
        ]
        verbose_name = _("delegate")
        verbose_name_plural = _("delegates")

    def __str__(self) -> str:
        return self.name


class Opinion(models.Model):
    """Ý kiến, kiến nghị of a citizen, business or organisation."""

    class Source(models.TextChoices):
        BALLOT = "ballot", _("survey ballot")
        FLOOR = "floor", _("raised at a session")
        FEEDBACK = "feedback", _("feedback point or form")
        ORGANISATION = "organisation", _("from an organisation")

    class Classification(models.TextChoices):
        UNCLASSIFIED = "", _("not classified yet")
        PROCEDURE = "procedure", _("suggestion on administrative procedures")
        COMPLAINT = "complaint", _("complaint or denunciation (out of scope)")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        NEW = "new", _("new")
        ASSIGNED = "assigned", _("assigned")
        DRAFTED = "drafted", _("answer drafted")
        APPROVED = "approved", _("answer approved")
        ROUTED = "routed", _("routed to citizen reception")
        ANSWERED_ON_THE_SPOT = "spot", _("answered at the session")

    source = models.CharField(_("source"), max_length=20, choices=Source)
    session = models.ForeignKey(
        DialogueSession,
        verbose_name=_("session"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opinions",
    )
    organisation = models.ForeignKey(
        MassOrganization,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    field = models.ForeignKey(
        ProcedureField,
        verbose_name=_("procedure field"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    content = models.TextField(_("opinion"))
    citizen_name = models.CharField(_("citizen"), max_length=200, blank=True)
    citizen_address = models.CharField(_("address"), max_length=300, blank=True)
    citizen_phone = models.CharField(_("phone"), max_length=20, blank=True)
    citizen_email = models.EmailField(_("email"), blank=True)
    # Set when the citizen's contact data was removed (retention job or his request).
    anonymised_at = models.DateTimeField(_("contact data anonymised at"), null=True, blank=True)
    classification = models.CharField(
        _("classification"), max_length=20, choices=Classification, default="", blank=True
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.NEW)
    routed_note = models.TextField(_("routing note"), blank=True)
    department = models.ForeignKey(
        Department,
        verbose_name=_("assigned department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned official"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    due_date = models.DateField(_("answer due by"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    number = models.OneToOneField(
        DocumentNumber,
        verbose_name=_("letter number"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    letter_sent_at = models.DateTimeField(_("written answer sent at"), null=True, blank=True)
    citizen_notified_at = models.DateTimeField(_("citizen notified at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)
    # Publication on the public page "Ý kiến đã được trả lời" (dialogues/publication.py):
    # the texts as the office edited them for the public (no names, phones, addresses).
    published_content = models.TextField(_("opinion as published"), blank=True)
    published_answer = models.TextField(_("answer as published"), blank=True)
    published_field = models.ForeignKey(
        ProcedureField,
        verbose_name=_("field shown to the public"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("opinion")
        verbose_name_plural = _("opinions")
        indexes = [
            models.Index(fields=["status", "due_date"], name="opinion_status_due"),
            models.Index(fields=["department", "status"], name="opinion_dept_status"),
            models.Index(fields=["published_at"], name="opinion_published"),
        ]

    def __str__(self) -> str:
        return self.content[:80]

    @property
    def out_of_scope(self) -> bool:
        return self.classification == self.Classification.COMPLAINT
