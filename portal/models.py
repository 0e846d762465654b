"""Shared reference data: the ward, its units, staff users and the document-number registry."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.files import private_storage

# How each kind of commune-level unit is written in documents: the unit word, and the
# word for its residential groups (Luật Tổ chức chính quyền địa phương 2025: a
# commune-level unit is a xã, a phường or an đặc khu).
UNIT_WORDS = {
    "xa": ("xã", "thôn"),
    "phuong": ("phường", "tổ dân phố"),
    "dac_khu": ("đặc khu", "thôn, tổ dân phố"),
}


PERCENT_VALIDATORS = [MinValueValidator(0), MaxValueValidator(100)]


class Organization(models.Model):
    """The ward (or commune) People's Committee running the portal. One row."""

    class Kind(models.TextChoices):
        XA = "xa", _("commune (xã)")
        PHUONG = "phuong", _("ward (phường)")
        DAC_KHU = "dac_khu", _("special zone (đặc khu)")

    kind = models.CharField(
        _("kind of unit"),
        max_length=10,
        choices=Kind,
        default=Kind.PHUONG,
        help_text=_("Every printed text says xã, phường or đặc khu from this"),
    )
    name = models.CharField(_("short name"), max_length=200, help_text=_("e.g. UBND phường Phú La"))
    agency_name = models.CharField(
        _("issuing agency name"),
        max_length=200,
        help_text=_("Printed in the document header, e.g. ỦY BAN NHÂN DÂN PHƯỜNG PHÚ LA"),
    )
    parent_agency_line = models.CharField(
        _("parent agency line"),
        max_length=200,
        blank=True,
        help_text=_("Printed above the agency name, e.g. ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI"),
    )
    abbreviation = models.CharField(
        _("agency abbreviation"),
        max_length=20,
        default="UBND",
        help_text=_("Used in document numbers, e.g. 41/KH-UBND"),
    )
    collective_name = models.CharField(
        _("collective name in signatures"),
        max_length=100,
        default="ỦY BAN NHÂN DÂN",
        help_text=_("Printed after TM. in the signer block"),
    )
    place_name = models.CharField(
        _("place name for dates"), max_length=100, help_text=_("e.g. Phú La")
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)
    satisfaction_target = models.DecimalField(
        _("satisfaction target (%)"),
        max_digits=5,
        decimal_places=2,
        default=99,
        help_text=_("Share of satisfied answers the ward aims for, e.g. 99"),
    )
    # Service targets of the one-stop desk (Kế hoạch xây dựng chính quyền thân thiện):
    # onestop.selectors.service_targets measures the ward against them.
    digitisation_target = models.DecimalField(
        _("digitisation target (%)"),
        max_digits=5,
        decimal_places=2,
        validators=PERCENT_VALIDATORS,
        default=100,
        help_text=_("Share of new paper dossiers digitised at the desk the ward aims for"),
    )
    e_auth_target = models.DecimalField(
        _("electronic authentication target (%)"),
        max_digits=5,
        decimal_places=2,
        validators=PERCENT_VALIDATORS,
        default=100,
        help_text=_("Share of online dossiers whose applicant was authenticated electronically"),
    )
    processing_cut_target = models.DecimalField(
        _("processing time cut target (%)"),
        max_digits=5,
        decimal_places=2,
        validators=PERCENT_VALIDATORS,
        default=30,
        help_text=_("How much shorter than the legal time a procedure's ward time should be"),
    )
    processing_cut_share_target = models.DecimalField(
        _("procedures with the cut (target %)"),
        max_digits=5,
        decimal_places=2,
        validators=PERCENT_VALIDATORS,
        default=100,
        help_text=_("Share of the procedures in use expected to reach the processing time cut"),
    )
    live_board_enabled = models.BooleanField(
        _("results board in the one-stop room"),
        default=True,
        help_text=_(
            "The public page /bang-tin/ for the room's screen: receipt codes and masked names"
        ),
    )
    privacy_notice = models.TextField(
        _("personal data notice"),
        blank=True,
        help_text=_(
            "Shown on every form that collects a citizen's personal data and printed on the "
            "receipt; empty uses the default text citing Luật Bảo vệ dữ liệu cá nhân 2025"
        ),
    )
    chairman = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chairman"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    vice_chairmen = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("vice-chairmen"), blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("ward profile")
        verbose_name_plural = _("ward profile")

    def __str__(self) -> str:
        return self.name

    @property
    def unit_word(self) -> str:
        """'xã', 'phường' or 'đặc khu', as written inside a sentence."""
        return UNIT_WORDS.get(self.kind, UNIT_WORDS["phuong"])[0]

    @property
    def unit_word_title(self) -> str:
        """'Xã', 'Phường', 'Đặc khu': at the start of a sentence."""
        return self.unit_word[:1].upper() + self.unit_word[1:]

    @property
    def committee_short(self) -> str:
        """'UBND xã': the committee of this kind of unit, without its place name."""
        return f"UBND {self.unit_word}"

    @property
    def committee_full(self) -> str:
        """'Ủy ban nhân dân xã'."""
        return f"Ủy ban nhân dân {self.unit_word}"

    @property
    def neighbourhood_word(self) -> str:
        """'thôn', 'tổ dân phố': the residential groups of this kind of unit."""
        return UNIT_WORDS.get(self.kind, UNIT_WORDS["phuong"])[1]


class Department(models.Model):
    """A specialised unit of the ward (bộ phận chuyên môn)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    code = models.SlugField(_("code"), max_length=30, unique=True)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self) -> str:
        return self.name


class ProcedureField(models.Model):
    """A field of administrative procedures (lĩnh vực TTHC)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    code = models.SlugField(_("code"), max_length=30, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("procedure field")
        verbose_name_plural = _("procedure fields")

    def __str__(self) -> str:
        return self.name


class Neighborhood(models.Model):
    """A residential group of the ward (tổ dân phố, khóm, ấp, thôn)."""

    class Kind(models.TextChoices):
        STREET_GROUP = "to_dan_pho", _("residential group")
        KHOM = "khom", _("khóm")
        AP = "ap", _("hamlet (ấp)")
        THON = "thon", _("village (thôn)")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.STREET_GROUP)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("neighbourhood")
        verbose_name_plural = _("neighbourhoods")

    def __str__(self) -> str:
        return self.name


class MassOrganization(models.Model):
    """The Fatherland Front or a mass organisation of the ward (UB MTTQ, Hội Phụ nữ, ...)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("mass organisation")
        verbose_name_plural = _("mass organisations")

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A staff account. Roles are Django groups (see portal.roles)."""

    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    position = models.CharField(
        _("position"), max_length=150, blank=True, help_text=_("e.g. Phó Chủ tịch UBND phường")
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
        help_text=_("Required for department officers: they see only their department's work"),
    )
    mass_organization = models.ForeignKey(
        MassOrganization,
        verbose_name=_("mass organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )

    class Meta:
        verbose_name = _("staff user")
        verbose_name_plural = _("staff users")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username


class DocumentType(models.Model):
    """A kind of official document, with the words printed on it.

    Titles and legal citation lines change with the law (one-stop forms moved to
    Nghị định 118/2025/NĐ-CP in 2025), so they are data edited in admin, never literals.
    """

    code = models.CharField(
        _("symbol"),
        max_length=20,
        unique=True,
        help_text=_("Abbreviation in the number, e.g. KH for Kế hoạch, BC for Báo cáo"),
    )
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(
        _("printed title"), max_length=300, help_text=_("e.g. KẾ HOẠCH; printed in upper case")
    )
    legal_citation = models.CharField(
        _("form citation line"),
        max_length=300,
        blank=True,
        help_text=_("Printed at the top of forms, e.g. Mẫu số 01 - Nghị định 118/2025/NĐ-CP"),
    )
    symbol_format = models.CharField(
        _("number format"),
        max_length=60,
        default="{number}/{code}-{abbreviation}",
        help_text=_(
            "{number}/{code}-{abbreviation} gives 41/KH-UBND; an official letter uses "
            "{number}/{abbreviation}-VP"
        ),
    )
    numbered = models.BooleanField(
        _("takes a registry number"),
        default=True,
        help_text=_("Receipts and slips carry their own codes instead of a registry number"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("document type")
        verbose_name_plural = _("document types")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class DocumentNumber(models.Model):
    """One number taken from the registry (sổ đăng ký văn bản đi): 41/KH-UBND.

    Numbers run from 1 each year per document type, with no gaps and no duplicates;
    they are never deleted (a voided number stays, marked as voided).
    """

    doc_type = models.ForeignKey(
        DocumentType, verbose_name=_("document type"), on_delete=models.PROTECT
    )
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    symbol = models.CharField(_("number and symbol"), max_length=60)
    subject = models.CharField(_("subject"), max_length=500)
    issued_on = models.DateField(_("issue date"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    voided = models.BooleanField(_("voided"), default=False)

    class Meta:
        ordering = ["-year", "doc_type__code", "-number"]
        verbose_name = _("document number")
        verbose_name_plural = _("document number registry")
        constraints = [
            models.UniqueConstraint(
                fields=["doc_type", "year", "number"], name="document_number_unique_per_year"
            ),
        ]
        indexes = [models.Index(fields=["year", "issued_on"])]

    def __str__(self) -> str:
        return self.symbol


class CalendarOverride(models.Model):
    """A day whose status differs from the holidays package: a swapped day off or a
    make-up working Saturday announced for the year, or a local closure."""

    date = models.DateField(_("date"), unique=True)
    is_working_day = models.BooleanField(
        _("working day"), help_text=_("Ticked: the office works that day. Unticked: a day off.")
    )
    note = models.CharField(_("note"), max_length=200)

    class Meta:
        ordering = ["date"]
        verbose_name = _("working-day override")
        verbose_name_plural = _("working-day calendar")

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y}: {self.note}"


class OfficialCalendarDay(models.Model):
    """A day off or a make-up working day the government announced for civil servants,
    shipped with the portal (portal/calendar_data.py) with the document that decided it.
    Read only: a `CalendarOverride` for the same date wins."""

    date = models.DateField(_("date"), unique=True)
    is_working_day = models.BooleanField(_("working day"))
    note = models.CharField(_("note"), max_length=200)
    source = models.CharField(_("source document"), max_length=300)

    class Meta:
        ordering = ["date"]
        verbose_name = _("official calendar day")
        verbose_name_plural = _("official calendar")

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y}: {self.note}"


class CalendarYear(models.Model):
    """The office checked a year's working-day calendar (the official days and its own
    overrides) against the year's announcements."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"))

    class Meta:
        ordering = ["-year"]
        verbose_name = _("confirmed calendar year")
        verbose_name_plural = _("confirmed calendar years")

    def __str__(self) -> str:
        return str(self.year)


class Notification(models.Model):
    """A message for one staff user, shown on the dashboard until read."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    message = models.CharField(_("message"), max_length=500)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.message


class OutboxMessage(models.Model):
    """Work for the background worker that a user's action caused (an email to a citizen).

    The row is written in the user's transaction, so a Redis outage when the action is
    saved delays the work and never loses it; a unique (topic, object) pair makes a second
    message for the same object impossible, and `sent_at` makes a second delivery a no-op.
    """

    topic = models.CharField(_("topic"), max_length=64)
    object_id = models.PositiveBigIntegerField(_("object"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    claim_token = models.CharField(_("claimed by"), max_length=64, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox")
        constraints = [
            models.UniqueConstraint(fields=["topic", "object_id"], name="outbox_once_per_object")
        ]
        indexes = [
            models.Index(
                fields=["created_at"],
                name="outbox_unsent",
                condition=models.Q(sent_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.topic} #{self.object_id}"


class RefusedAccess(models.Model):
    """A signed-in user was refused a page (403) or sent to a missing object (404)."""

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, on_delete=models.SET_NULL
    )
    username = models.CharField(_("username"), max_length=150)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    method = models.CharField(_("method"), max_length=10)
    path = models.CharField(_("address requested"), max_length=500)
    status = models.PositiveSmallIntegerField(_("answer"))

    class Meta:
        ordering = ["-at"]
        verbose_name = _("refused access")
        verbose_name_plural = _("refused accesses")

    def __str__(self) -> str:
        return f"{self.username} {self.status} {self.path}"


class BackupRun(models.Model):
    """One run of `manage.py backup` (nightly from beat, or by hand): the office's
    dashboard reads the last one, the system log lists them."""

    class Trigger(models.TextChoices):
        NIGHTLY = "nightly", _("nightly")
        MANUAL = "manual", _("by hand")

    started_at = models.DateTimeField(_("started at"), db_index=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    trigger = models.CharField(_("trigger"), max_length=10, choices=Trigger)
    # None while running; a run that never finished stays None and counts as failed.
    ok = models.BooleanField(_("succeeded"), null=True)
    name = models.CharField(_("backup"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("backup run")
        verbose_name_plural = _("backup runs")

    def __str__(self) -> str:
        return self.name or f"{self.started_at:%Y-%m-%d %H:%M}"


class RetentionRun(models.Model):
    """One run of the personal-data retention job: what it anonymised, per kind of record."""

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    trigger = models.CharField(_("trigger"), max_length=10, default="nightly")
    counts = models.JSONField(_("records anonymised"), default=dict)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M}"


class PersonRequest(models.Model):
    """A person's request about his own data (Luật Bảo vệ dữ liệu cá nhân 2025, Điều 4),
    received and handled by Văn phòng; every step is kept with its date."""

    class Kind(models.TextChoices):
        ACCESS = "access", _("see or receive a copy of the data")
        CORRECTION = "correction", _("correct the data")
        DELETION = "deletion", _("delete the data")
        RESTRICTION = "restriction", _("restrict or object to processing")
        CONSENT = "consent", _("withdraw consent")

    class Status(models.TextChoices):
        OPEN = "open", _("being handled")
        DONE = "done", _("done")
        REFUSED = "refused", _("refused")

    kind = models.CharField(_("request"), max_length=20, choices=Kind)
    requester_name = models.CharField(_("requester"), max_length=200)
    id_number = models.CharField(_("citizen ID number"), max_length=12, blank=True)
    phone = models.CharField(_("phone"), max_length=15, blank=True)
    received_on = models.DateField(_("received on"))
    respond_by = models.DateField(_("answer due by"))
    details = models.TextField(_("what the person asks"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.OPEN)
    result = models.TextField(_("result"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("personal data request")
        verbose_name_plural = _("personal data requests")
        indexes = [models.Index(fields=["status", "respond_by"], name="person_request_due")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} - {self.requester_name}"


class PersonRequestStep(models.Model):
    """What was done for a request: searched, exported, corrected, anonymised, closed."""

    class Action(models.TextChoices):
        RECEIVED = "received", _("received")
        SEARCHED = "searched", _("searched")
        EXPORTED = "exported", _("exported")
        CORRECTED = "corrected", _("corrected")
        ANONYMISED = "anonymised", _("anonymised")
        KEPT = "kept", _("kept (retention period)")
        CLOSED = "closed", _("closed")

    request = models.ForeignKey(PersonRequest, on_delete=models.CASCADE, related_name="steps")
    at = models.DateTimeField(_("at"), auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(_("action"), max_length=20, choices=Action)
    detail = models.TextField(_("detail"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("personal data request step")
        verbose_name_plural = _("personal data request steps")

    def __str__(self) -> str:
        return f"{self.request_id} {self.action}"


class ExportJob(models.Model):
    """A spreadsheet built in the background for the user who asked for it
    (portal/export_jobs.py). Only its requester sees it; it is deleted a day later."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being built")
        DONE = "done", _("Ready to download")
        FAILED = "failed", _("Could not be built")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,
        related_name="export_jobs",
    )
    kind = models.CharField(_("kind"), max_length=64)
    params = models.JSONField(_("export filters"), default=dict, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.QUEUED)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows written"), default=0)
    file = models.FileField(
        _("file"), upload_to="exports/%Y/%m/", storage=private_storage, blank=True
    )
    filename = models.CharField(_("file name"), max_length=200)
    error = models.TextField(_("build error"), blank=True)
    claim_token = models.CharField(_("claimed by"), max_length=64, blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("built at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("background export")
        verbose_name_plural = _("background exports")
        indexes = [models.Index(fields=["state", "created_at"], name="exportjob_state_created")]

    def __str__(self) -> str:
        return self.filename
