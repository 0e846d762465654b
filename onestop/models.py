"""The one-stop desk: procedures, dossiers, their process log and apology letters."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.files import private_storage
from portal.models import Department, ProcedureField
from portal.validators import phone_validator

id_number_validator = RegexValidator(
    r"^\d{12}$", _("A citizen ID (CCCD) number has exactly 12 digits.")
)


def timeliness_of(decided_on, legal_due_date) -> str | None:
    """early / on_time / late: a decision compared with the legal due date."""
    if decided_on is None:
        return None
    if decided_on < legal_due_date:
        return "early"
    return "on_time" if decided_on == legal_due_date else "late"


class PaperKind(models.TextChoices):
    ORIGINAL = "original", _("original")
    CERTIFIED = "certified", _("certified copy")
    COPY = "copy", _("copy")


class Procedure(models.Model):
    """An administrative procedure (TTHC) from the national catalogue."""

    code = models.CharField(_("national code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=500)
    field = models.ForeignKey(
        ProcedureField, verbose_name=_("procedure field"), on_delete=models.PROTECT
    )
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT
    )
    processing_days = models.PositiveSmallIntegerField(
        _("processing time (working days)"),
        help_text=_("0 means the result is returned on the day of receipt"),
    )
    ward_processing_days = models.PositiveSmallIntegerField(
        _("ward processing time (working days)"),
        null=True,
        blank=True,
        help_text=_(
            "The shorter time the ward commits to (cắt giảm thời gian giải quyết); empty: "
            "the legal time"
        ),
    )
    fee = models.CharField(_("fee"), max_length=300, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["field__order", "name"]
        verbose_name = _("procedure")
        verbose_name_plural = _("procedure catalogue")

    def __str__(self) -> str:
        return f"{self.code} - {self.name}"

    def clean(self) -> None:
        super().clean()
        if (
            self.ward_processing_days is not None
            and self.processing_days is not None
            and self.ward_processing_days > self.processing_days
        ):
            raise ValidationError(
                {
                    "ward_processing_days": _(
                        "The ward's processing time cannot be longer than the legal time."
                    )
                }
            )

    @property
    def cut_percent(self) -> Decimal | None:
        """How much shorter the ward's time is than the legal time, in %; None for a
        procedure settled on the day (nothing to cut)."""
        if not self.processing_days:
            return None
        ward = (
            self.processing_days if self.ward_processing_days is None else self.ward_processing_days
        )
        share = Decimal(self.processing_days - ward) * 100 / Decimal(self.processing_days)
        return share.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


class ProcedurePaper(models.Model):
    """A paper the procedure requires (thành phần hồ sơ), as the catalogue lists it."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="papers")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("paper"), max_length=300)
    count = models.PositiveSmallIntegerField(_("count"), default=1)
    kind = models.CharField(_("kind"), max_length=20, choices=PaperKind, default=PaperKind.ORIGINAL)
    required = models.BooleanField(
        _("required"), default=True, help_text=_("Unticked: the applicant may hand it in")
    )

    class Meta:
        ordering = ["procedure", "order", "pk"]
        verbose_name = _("required paper")
        verbose_name_plural = _("required papers")

    def __str__(self) -> str:
        return self.name


class Case(models.Model):
    """A dossier (hồ sơ) received at the one-stop desk."""

    class Channel(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        ONLINE = "online", _("online")
        POST = "post", _("by post")

    class Delivery(models.TextChoices):
        """How the applicant collects the result (Đăng ký nhận kết quả tại)."""

        DESK = "desk", _("at the one-stop desk")
        POST = "post", _("by public postal service")
        ONLINE = "online", _("online")
        HOME = "home", _("at home")

    class Status(models.TextChoices):
        RECEIVED = "received", _("received")
        IN_PROGRESS = "in_progress", _("being processed")
        SUPPLEMENT = "supplement", _("waiting for supplement")
        APPROVED = "approved", _("result ready")
        REFUSED = "refused", _("refused")
        RETURNED = "returned", _("result returned")
        STOPPED = "stopped", _("stopped")
        WITHDRAWN = "withdrawn", _("withdrawn")

    # Statuses in which the ward still owes a result: the deadline runs.
    OPEN = (Status.RECEIVED, Status.IN_PROGRESS)
    FINISHED = (Status.APPROVED, Status.REFUSED, Status.RETURNED)
    # Closed without a result: never late, never counted as settled.
    CLOSED = (Status.STOPPED, Status.WITHDRAWN)

    receipt_code = models.CharField(_("receipt code"), max_length=20, unique=True)
    procedure = models.ForeignKey(Procedure, verbose_name=_("procedure"), on_delete=models.PROTECT)
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="cases"
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officer in charge"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
    )
    applicant_name = models.CharField(_("applicant"), max_length=200)
    applicant_id_number = models.CharField(
        _("citizen ID number"), max_length=12, validators=[id_number_validator]
    )
    applicant_phone = models.CharField(_("phone"), max_length=15, validators=[phone_validator])
    applicant_email = models.EmailField(_("email"), blank=True)
    applicant_address = models.CharField(_("address"), max_length=300)
    channel = models.CharField(
        _("channel"), max_length=20, choices=Channel, default=Channel.IN_PERSON
    )
    sets_count = models.PositiveSmallIntegerField(_("number of sets"), default=1)
    delivery = models.CharField(
        _("result collected"), max_length=20, choices=Delivery, default=Delivery.DESK
    )
    delivery_address = models.CharField(
        _("delivery address"),
        max_length=300,
        blank=True,
        help_text=_("For delivery by post or at home; empty means the applicant's address"),
    )
    papers_note = models.TextField(
        _("note on the papers"),
        blank=True,
        help_text=_("Why a required paper is missing"),
    )
    book_year = models.PositiveSmallIntegerField(_("tracking book (volume)"), null=True)
    book_number = models.PositiveIntegerField(_("number in the tracking book"), null=True)
    received_at = models.DateTimeField(_("received at"))
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("received by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    processing_days = models.PositiveSmallIntegerField(_("processing time (working days)"))
    clock_started_on = models.DateField(_("deadline counted from"))
    days_used = models.PositiveSmallIntegerField(
        _("working days used before supplement requests"), default=0
    )
    legal_due_date = models.DateField(_("legal due date"))
    due_date = models.DateField(_("appointment date"))
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.RECEIVED)
    supplement_requests = models.PositiveSmallIntegerField(_("supplement requests"), default=0)
    paused_on = models.DateField(_("waiting for supplement since"), null=True, blank=True)
    result = models.CharField(_("result"), max_length=500, blank=True)
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    forwarded_at = models.DateTimeField(_("sent to the department at"), null=True, blank=True)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    closed_on = models.DateField(_("stopped or withdrawn on"), null=True, blank=True)
    close_reason = models.TextField(_("reason for stopping or withdrawal"), blank=True)
    e_authenticated = models.BooleanField(
        _("applicant authenticated electronically (VNeID / Cổng DVC)"),
        default=False,
        help_text=_("For an online dossier: the applicant signed in with an electronic identity"),
    )
    # Set when the retention job removed the applicant's personal data (README).
    anonymised_at = models.DateTimeField(_("personal data anonymised at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        indexes = [
            models.Index(fields=["status", "due_date"], name="case_status_due"),
            models.Index(fields=["department", "status", "due_date"], name="case_dept_status_due"),
            # Covering (PostgreSQL): the statistics, the report and the leaders' dashboard
            # count a period's dossiers from this index alone.
            models.Index(
                fields=["received_at"],
                include=[
                    "department",
                    "procedure",
                    "status",
                    "due_date",
                    "legal_due_date",
                    "decided_on",
                    "supplement_requests",
                ],
                name="case_received_cover",
            ),
            # Results not yet handed back (approved, or refused with the papers to return).
            models.Index(
                fields=["department", "status"],
                condition=models.Q(returned_at__isnull=True, status__in=["approved", "refused"]),
                name="case_to_return",
            ),
            models.Index(fields=["decided_on"], name="case_decided"),
            models.Index(fields=["applicant_phone"], name="case_phone"),
            models.Index(fields=["applicant_id_number"], name="case_id_number"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["book_year", "book_number"], name="case_one_book_entry"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.receipt_code} - {self.applicant_name}"

    @property
    def supplement_breach(self) -> bool:
        """More than one supplement request breaks 'không bổ sung hồ sơ quá 1 lần'."""
        return self.supplement_requests > 1

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def timeliness(self) -> str | None:
        """early / on_time / late for a decided case, against the legal due date."""
        return timeliness_of(self.decided_on, self.legal_due_date)

    @property
    def is_closed(self) -> bool:
        return self.status in self.CLOSED

    @property
    def delivery_place(self) -> str:
        """Where the result goes: the desk, or the address it is posted or brought to."""
        if self.delivery in (self.Delivery.POST, self.Delivery.HOME):
            return self.delivery_address or self.applicant_address
        return ""


def scan_path(instance, filename: str) -> str:
    return f"onestop/scans/{instance.case_id}/{filename}"


class CasePaper(models.Model):
    """One paper received with a dossier, and its scan once digitised at the desk
    (stored privately, served only to those who may see the dossier)."""

    Kind = PaperKind

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="papers")
    name = models.CharField(_("paper"), max_length=300)
    count = models.PositiveSmallIntegerField(_("count"), default=1)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.ORIGINAL)
    on_list = models.BooleanField(
        _("on the procedure's list"),
        default=True,
        help_text=_("Unticked: handed in although the procedure does not require it"),
    )
    scan = models.FileField(
        _("scan"), upload_to=scan_path, storage=private_storage, max_length=300, blank=True
    )
    scan_name = models.CharField(_("scan file name"), max_length=255, blank=True)
    scan_size = models.PositiveIntegerField(_("scan size"), null=True, blank=True)
    scan_content_type = models.CharField(max_length=100, blank=True)
    scanned_at = models.DateTimeField(_("scanned at"), null=True, blank=True)
    scanned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("scanned by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("paper")
        verbose_name_plural = _("papers")

    def __str__(self) -> str:
        return self.name


class CaseEvent(models.Model):
    """One line of the process control sheet (phiếu kiểm soát quá trình giải quyết hồ sơ)."""

    class Action(models.TextChoices):
        RECEIVE = "receive", _("received")
        TRANSFER = "transfer", _("forwarded to department")
        SUPPLEMENT_REQUEST = "supplement_request", _("supplement requested")
        SUPPLEMENT_RECEIVED = "supplement_received", _("supplement received")
        APPROVE = "approve", _("result approved")
        REFUSE = "refuse", _("refused")
        RETURN = "return", _("result returned")
        APOLOGY = "apology", _("apology letter signed")
        STOP = "stop", _("processing stopped")
        WITHDRAW = "withdraw", _("withdrawn by the applicant")
        ADMIN_EDIT = "admin_edit", _("corrected in administration")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=30, choices=Action)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"))
    from_status = models.CharField(_("from"), max_length=20, choices=Case.Status, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Case.Status, blank=True)
    from_unit = models.CharField(_("handed over by"), max_length=200, blank=True)
    to_unit = models.CharField(_("handed over to"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("process log entry")
        verbose_name_plural = _("process log")

    def __str__(self) -> str:
        return f"{self.case_id} {self.action}"


class ApologyLetter(models.Model):
    """Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết (form 04): one per case
    per late round, numbered (PXL) when signed."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SIGNED = "signed", _("signed")
        DELIVERED = "delivered", _("delivered")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="apology_letters")
    round = models.PositiveSmallIntegerField(_("late round"))
    missed_due_date = models.DateField(_("missed appointment date"))
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    reason = models.TextField(_("reason for lateness"), blank=True)
    department = models.ForeignKey(
        Department, verbose_name=_("responsible department"), on_delete=models.PROTECT
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible officer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    new_due_date = models.DateField(_("new appointment date"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signer_authority = models.CharField(_("signature form"), max_length=5, blank=True)
    number = models.ForeignKey(
        "portal.DocumentNumber",
        verbose_name=_("number"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    pdf = models.FileField(_("PDF"), upload_to="apology/%Y/", blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("drafted at"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("apology letter")
        verbose_name_plural = _("apology letters")
        constraints = [
            models.UniqueConstraint(fields=["case", "round"], name="apology_one_per_round"),
            models.UniqueConstraint(
                fields=["case", "missed_due_date"], name="apology_one_per_missed_date"
            ),
        ]
        indexes = [models.Index(fields=["status"], name="apology_status")]

    def __str__(self) -> str:
        return f"{self.case.receipt_code} ({self.round})"

    @property
    def ready_to_sign(self) -> bool:
        return self.status == self.Status.DRAFT and bool(self.reason) and bool(self.new_due_date)
