"""Satisfaction survey rounds, their questions, and the ballots citizens fill in."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.models import MassOrganization, ProcedureField

SATISFIED_FROM = 4  # scores 4 (satisfied) and 5 (very satisfied) count as satisfied


class Criterion(models.TextChoices):
    ACCESS = "access", _("access to the service")
    PROCEDURE = "procedure", _("the procedure")
    STAFF = "staff", _("staff conduct")
    RESULT = "result", _("timeliness and result")
    FEEDBACK = "feedback", _("handling of feedback")
    OTHER = "other", _("other")


class Survey(models.Model):
    """A survey round (đợt khảo sát)."""

    title = models.CharField(_("title"), max_length=300)
    code = models.SlugField(
        _("short code"),
        max_length=20,
        unique=True,
        help_text=_("Used in the short link /ks/<code>/"),
    )
    description = models.TextField(_("introduction for respondents"), blank=True)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    plan = models.ForeignKey(
        "dialogues.DialoguePlan",
        verbose_name=_("dialogue plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="surveys",
    )
    session = models.ForeignKey(
        "dialogues.DialogueSession",
        verbose_name=_("dialogue session"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="surveys",
    )
    ask_field = models.BooleanField(
        _("ask which procedure field"),
        default=True,
        help_text=_("Results are then given per field"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_on", "-pk"]
        verbose_name = _("survey round")
        verbose_name_plural = _("survey rounds")

    def __str__(self) -> str:
        return self.title

    def is_open_on(self, day) -> bool:
        return self.opens_on <= day <= self.closes_on


class Question(models.Model):
    class Kind(models.TextChoices):
        SCALE = "scale", _("scale 1-5")
        SINGLE = "single", _("single choice")
        MULTIPLE = "multiple", _("multiple choice")
        TEXT = "text", _("free text")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    criterion = models.CharField(
        _("criterion"), max_length=20, choices=Criterion, default=Criterion.OTHER
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.SCALE)
    text = models.CharField(_("question"), max_length=500)
    choices = models.TextField(
        _("choices"), blank=True, help_text=_("One per line, for choice questions")
    )
    required = models.BooleanField(_("required"), default=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text

    @property
    def choice_list(self) -> list[str]:
        return [c.strip() for c in self.choices.splitlines() if c.strip()]


class Ballot(models.Model):
    """One filled-in phiếu, online or entered from paper."""

    class Channel(models.TextChoices):
        ONLINE = "online", _("online")
        PAPER = "paper", _("paper")

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="ballots")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel)
    serial = models.CharField(_("serial number"), max_length=30, blank=True)
    organisation = models.ForeignKey(
        MassOrganization,
        verbose_name=_("source organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    field = models.ForeignKey(
        ProcedureField,
        verbose_name=_("procedure field"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    device_key = models.CharField(max_length=64, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    # Kept with the ballot by surveys.services so the results per field, organisation and
    # channel sum ballots instead of joining every answer (100,000 ballots, 1M answers).
    scale_answers = models.PositiveSmallIntegerField(default=0, editable=False)
    satisfied_answers = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "serial"], condition=~Q(serial=""), name="ballot_serial_unique"
            ),
            models.UniqueConstraint(
                fields=["survey", "device_key"],
                condition=~Q(device_key=""),
                name="ballot_one_per_device",
            ),
        ]
        indexes = [models.Index(fields=["survey", "channel"], name="ballot_survey_channel")]

    def __str__(self) -> str:
        return self.serial or f"#{self.pk}"


class Answer(models.Model):
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    choice = models.TextField(blank=True, help_text=_("Chosen options, one per line"))
    text = models.TextField(blank=True)
    opinion = models.OneToOneField(
        "dialogues.Opinion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="survey_answer",
    )

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["ballot", "question"], name="answer_one_per_question"),
        ]
        indexes = [models.Index(fields=["question", "score"], name="answer_question_score")]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.score or self.choice or self.text[:30]}"


class BallotEdit(models.Model):
    """The log of changes to an entered ballot."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="edits")
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    edited_at = models.DateTimeField(auto_now_add=True)
    changes = models.TextField(_("changes"))

    class Meta:
        ordering = ["-edited_at"]
        verbose_name = _("ballot edit")
        verbose_name_plural = _("ballot edits")

    def __str__(self) -> str:
        return f"{self.ballot_id} {self.edited_at:%d/%m/%Y %H:%M}"


class DeskRating(models.Model):
    """A citizen's rating of one counter transaction, given on the tablet at the desk
    (the officer's own session): asked by the officer, answered once."""

    class Level(models.TextChoices):
        VERY_SATISFIED = "very_satisfied", _("very satisfied")
        SATISFIED = "satisfied", _("satisfied")
        UNSATISFIED = "unsatisfied", _("not satisfied")

    token = models.UUIDField(unique=True, editable=False)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officer"),
        on_delete=models.PROTECT,
        related_name="desk_ratings",
    )
    department = models.ForeignKey(
        "portal.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    case = models.ForeignKey(
        "onestop.Case",
        verbose_name=_("dossier"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="desk_ratings",
    )
    level = models.CharField(_("rating"), max_length=20, choices=Level, blank=True)
    comment = models.TextField(_("comment"), blank=True, max_length=1000)
    asked_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)
    opinion = models.OneToOneField(
        "dialogues.Opinion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-asked_at"]
        verbose_name = _("counter rating")
        verbose_name_plural = _("counter ratings")
        indexes = [models.Index(fields=["rated_at", "officer"], name="deskrating_rated")]
        constraints = [
            # One rating per dossier and officer: a second "ask" reuses the first.
            models.UniqueConstraint(
                fields=["case", "officer"],
                condition=Q(case__isnull=False),
                name="deskrating_once_per_case",
            )
        ]

    def __str__(self) -> str:
        return f"{self.officer_id} {self.level or '…'}"
