"""Reads on dossiers: what each officer may see, lists, statistics."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from onestop.models import ApologyLetter, Case, CasePaper, Procedure
from portal import roles
from portal.calendar import WorkingCalendar
from portal.models import Organization
from portal.text import search_terms

SOON_WORKING_DAYS = 2


def cases_visible_to(user) -> QuerySet[Case]:
    """Leaders, the office and the desk see every dossier; a department officer only
    those of his department; anyone else none."""
    qs = Case.objects.all()
    if roles.has_role(user, roles.LEADER, roles.OFFICE, roles.DESK):
        return qs
    if roles.has_role(user, roles.DEPARTMENT) and user.department_id:
        return qs.filter(department_id=user.department_id)
    return qs.none()


def case_for_user(user, receipt_code: str) -> Case:
    """The one access helper for a single dossier: 404 when the user may not see it."""
    try:
        return (
            cases_visible_to(user)
            .select_related("procedure", "procedure__field", "department", "officer", "received_by")
            .get(receipt_code=receipt_code)
        )
    except Case.DoesNotExist as exc:
        raise Http404 from exc


def soon_due_limit(today: dt.date, calendar: WorkingCalendar | None = None) -> dt.date:
    cal = calendar or WorkingCalendar.load()
    return cal.add_working_days(today, SOON_WORKING_DAYS)


@dataclass
class CaseFilter:
    q: str = ""
    status: str = ""
    department_id: int | None = None
    field_id: int | None = None
    # overdue / soon / today / late_finished / early / on_time / unsettled /
    # supplement_breach / "" (all)
    due: str = ""
    received_from: dt.date | None = None
    received_to: dt.date | None = None


# A dossier is digitised when it has papers and every one was scanned (scanned_at
# stays when the retention job deletes an old dossier's scans).
DIGITISED = Q(Exists(CasePaper.objects.filter(case=OuterRef("pk")))) & ~Q(
    Exists(CasePaper.objects.filter(case=OuterRef("pk"), scanned_at__isnull=True))
)

RECEIPT_CODE_RE = re.compile(r"^\d{6}-[A-Z0-9]{6}$")


def local_day_start(day: dt.date) -> dt.datetime:
    """Midnight of a local (Hà Nội) day, so date filters use the received_at index."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def received_between(qs: QuerySet[Case], start: dt.date | None, end: dt.date | None) -> QuerySet:
    if start:
        qs = qs.filter(received_at__gte=local_day_start(start))
    if end:
        qs = qs.filter(received_at__lt=local_day_start(end + dt.timedelta(days=1)))
    return qs


_LOOKUP_CODE_RE = re.compile(r"[?&]ma=(\d{6}-[A-Za-z0-9]{6})(?:&|$)")


def scanned_code(text: str) -> str | None:
    """The receipt code a scanner typed into the search: the code itself (a barcode), or
    the look-up address the receipt's QR code holds (…/tra-cuu/?ma=<code>)."""
    text = (text or "").strip()
    if RECEIPT_CODE_RE.match(text.upper()):
        return text.upper()
    found = _LOOKUP_CODE_RE.search(text)
    return found.group(1).upper() if found else None


def _search(qs: QuerySet[Case], text: str) -> QuerySet[Case]:
    """A receipt code, a phone or a CCCD number is matched exactly (indexed); anything
    else is a part of the applicant's name, with or without accents."""
    text = text.strip()
    if RECEIPT_CODE_RE.match(text.upper()):
        return qs.filter(receipt_code=text.upper())
    digits = re.sub(r"[\s.+-]", "", text)
    if digits.isdigit() and len(digits) >= 9:
        if len(digits) == 12:
            return qs.filter(Q(applicant_id_number=digits) | Q(applicant_phone=digits))
        if digits.startswith("84"):
            digits = "0" + digits[2:]
        return qs.filter(applicant_phone=digits)
    return qs.filter(applicant_name__fold__contains=search_terms(text))


def cases_filtered(qs: QuerySet[Case], f: CaseFilter, *, today: dt.date | None = None) -> QuerySet:
    today = today or timezone.localdate()
    if f.q:
        qs = _search(qs, f.q)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.department_id:
        qs = qs.filter(department_id=f.department_id)
    if f.field_id:
        qs = qs.filter(procedure__field_id=f.field_id)
    if f.due == "overdue":
        qs = qs.filter(status__in=Case.OPEN, due_date__lt=today)
    elif f.due == "soon":
        qs = qs.filter(
            status__in=Case.OPEN, due_date__gte=today, due_date__lte=soon_due_limit(today)
        )
    elif f.due == "today":
        qs = qs.filter(status__in=Case.OPEN, due_date=today)
    elif f.due == "late_finished":
        qs = qs.filter(decided_on__gt=F("legal_due_date"))
    # The statistics page's columns, each a list of its own (case_stats counts the same).
    elif f.due == "early":
        qs = qs.filter(decided_on__lt=F("legal_due_date"))
    elif f.due == "on_time":
        qs = qs.filter(decided_on=F("legal_due_date"))
    elif f.due == "unsettled":
        qs = qs.filter(status__in=(*Case.OPEN, Case.Status.SUPPLEMENT))
    elif f.due == "supplement_breach":
        qs = qs.filter(supplement_requests__gt=1)
    # The service targets' shortfalls (service_targets links to them).
    elif f.due == "not_digitised":
        qs = qs.exclude(channel=Case.Channel.ONLINE).exclude(DIGITISED)
    elif f.due == "not_authenticated":
        qs = qs.filter(channel=Case.Channel.ONLINE, e_authenticated=False)
    return received_between(qs, f.received_from, f.received_to)


def case_list_rows(qs: QuerySet[Case]) -> QuerySet[Case]:
    return qs.select_related("procedure", "department").only(
        "receipt_code",
        "applicant_name",
        "status",
        "due_date",
        "legal_due_date",
        "received_at",
        "decided_on",
        "supplement_requests",
        "procedure__name",
        "department__name",
    )


def case_stats(
    qs: QuerySet[Case], *, group_by: str, today: dt.date | None = None, letters: bool = True
) -> list[dict]:
    """Counts per department or procedure field, computed in the database.

    early / on_time / late compare the decision date with the legal due date (the
    appointment date adjusted for supplement pauses, before any apology letter).
    `letters=False` leaves out the apology-letter count (and its query).
    """
    today = today or timezone.localdate()
    key = {"department": "department__name", "field": "procedure__field__name"}[group_by]
    rows = (
        qs.values(key)
        .annotate(
            # Counted on received_at (never null) rather than id: with a period filter
            # PostgreSQL answers from the covering index case_received_cover alone.
            received=Count("received_at"),
            early=Count("received_at", filter=Q(decided_on__lt=F("legal_due_date"))),
            on_time=Count("received_at", filter=Q(decided_on=F("legal_due_date"))),
            late=Count("received_at", filter=Q(decided_on__gt=F("legal_due_date"))),
            in_progress=Count(
                "received_at", filter=Q(status__in=(*Case.OPEN, Case.Status.SUPPLEMENT))
            ),
            overdue=Count("received_at", filter=Q(status__in=Case.OPEN, due_date__lt=today)),
            supplement_breaches=Count("received_at", filter=Q(supplement_requests__gt=1)),
            # Closed without a result: counted apart, never late.
            stopped=Count("received_at", filter=Q(status=Case.Status.STOPPED)),
            withdrawn=Count("received_at", filter=Q(status=Case.Status.WITHDRAWN)),
        )
        .order_by(key)
    )
    if not letters:
        return [{"name": row.pop(key), **row, "apology_letters": None} for row in rows]
    letters = dict(
        ApologyLetter.objects.filter(case__in=qs)
        .values_list(f"case__{key}")
        .annotate(n=Count("id"))
        .values_list(f"case__{key}", "n")
    )
    out = []
    for row in rows:
        name = row.pop(key)
        out.append({"name": name, **row, "apology_letters": letters.get(name, 0)})
    return out


def on_time_percent(row: dict):
    """Decided early or on the due date, of those decided: the statistics page's %."""
    decided = row["early"] + row["on_time"] + row["late"]
    if not decided:
        return None
    share = Decimal(row["early"] + row["on_time"]) * 100 / Decimal(decided)
    return share.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def stats_totals(rows: list[dict]) -> dict:
    keys = [
        "received",
        "early",
        "on_time",
        "late",
        "in_progress",
        "overdue",
        "supplement_breaches",
        "stopped",
        "withdrawn",
        "apology_letters",
    ]
    return {k: sum(r[k] for r in rows) for k in keys if all(r[k] is not None for r in rows)}


def apology_letters_visible_to(user) -> QuerySet[ApologyLetter]:
    qs = ApologyLetter.objects.select_related("case", "department", "officer", "signed_by")
    if roles.has_role(user, roles.LEADER, roles.OFFICE, roles.DESK):
        return qs
    if roles.has_role(user, roles.DEPARTMENT) and user.department_id:
        return qs.filter(department_id=user.department_id)
    return qs.none()


def desk_summary(user, *, today: dt.date | None = None) -> dict:
    """The dashboard's one-stop figures for what this user may see, in three queries
    that read indexes only (the (department,) status, due date index and the partial
    index of results not yet returned), whatever the number of dossiers."""
    today = today or timezone.localdate()
    visible = cases_visible_to(user)
    soon_limit = soon_due_limit(today)
    # Counted on due_date (never null, in the index) rather than id.
    per_status = {
        row.pop("status"): row
        for row in visible.filter(status__in=(*Case.OPEN, Case.Status.SUPPLEMENT))
        .values("status")
        .annotate(
            n=Count("due_date"),
            overdue=Count("due_date", filter=Q(due_date__lt=today)),
            soon=Count("due_date", filter=Q(due_date__gte=today, due_date__lte=soon_limit)),
            due_today=Count("due_date", filter=Q(due_date=today)),
        )
        .order_by()
    }
    empty = {"n": 0, "overdue": 0, "soon": 0, "due_today": 0}
    open_rows = [per_status.get(s, empty) for s in Case.OPEN]
    cases = {
        "overdue": sum(r["overdue"] for r in open_rows),
        "soon": sum(r["soon"] for r in open_rows),
        "due_today": sum(r["due_today"] for r in open_rows),
        "received": per_status.get(Case.Status.RECEIVED, empty)["n"],
        "in_progress": per_status.get(Case.Status.IN_PROGRESS, empty)["n"],
        "supplement": per_status.get(Case.Status.SUPPLEMENT, empty)["n"],
        "to_return": visible.filter(
            status__in=(Case.Status.APPROVED, Case.Status.REFUSED), returned_at__isnull=True
        ).count(),
    }
    letters = apology_letters_visible_to(user).aggregate(
        need_reason=Count("id", filter=Q(status=ApologyLetter.Status.DRAFT, reason="")),
        to_sign=Count(
            "id",
            filter=Q(status=ApologyLetter.Status.DRAFT, new_due_date__isnull=False) & ~Q(reason=""),
        ),
        to_deliver=Count("id", filter=Q(status=ApologyLetter.Status.SIGNED)),
    )
    return {**cases, **letters}


# --- Service targets (Kế hoạch xây dựng chính quyền thân thiện) --------------------------


@dataclass
class TargetRow:
    """One service target measured: figure and target in %, and the list behind it
    (the dossiers or procedures that fall short)."""

    key: str
    name: str
    percent: Decimal | None  # None: nothing to measure in the period
    target: Decimal
    numerator: int
    denominator: int
    url: str
    # The processing time cut a procedure must reach (the processing_cut row only).
    threshold: Decimal | None = None

    @property
    def met(self) -> bool:
        return self.percent is not None and self.percent >= self.target


def _percent(numerator: int, denominator: int) -> Decimal | None:
    if not denominator:
        return None
    share = Decimal(numerator) * 100 / Decimal(denominator)
    return share.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def procedures_cut(cut_target: Decimal) -> Q:
    """Procedures whose ward time is at least `cut_target` % shorter than the legal
    time: ward * 10000 <= legal * (10000 - target in hundredths), in integers."""
    kept = 10000 - int(Decimal(cut_target) * 100)
    return Q(ward_processing_days__isnull=False) & Q(
        ward_processing_days__lte=F("processing_days") * kept / 10000
    )


def procedures_measured() -> QuerySet[Procedure]:
    """The procedures the cut is measured on: in use, with a processing time to cut
    (a procedure settled on the day has none)."""
    return Procedure.objects.filter(is_active=True, processing_days__gt=0)


def service_targets(
    start: dt.date, end: dt.date, *, organization: Organization | None = None
) -> list[TargetRow]:
    """The one-stop desk's service targets for dossiers received from `start` to `end`
    (both included), in three queries (two given the `organization`):

    - digitisation: paper dossiers (received in person or by post) with every paper
      scanned at the desk (a dossier with no paper recorded is not digitised);
    - electronic authentication: online dossiers whose applicant was authenticated;
    - processing time cut: procedures in use whose ward time is shorter than the legal
      time by at least the target (procedures settled on the day are left out).

    Satisfaction (the survey rounds) is not here: onestop does not read the surveys;
    the dashboard and the report add workspace.selectors.satisfaction_summary's row.
    """
    # Without a ward profile yet, the plan's defaults (100, 100, 30 and 100 %).
    org = organization or Organization.objects.order_by("pk").first() or Organization()
    for name in (
        "digitisation_target",
        "e_auth_target",
        "processing_cut_target",
        "processing_cut_share_target",
    ):  # an unsaved profile holds its int defaults
        setattr(org, name, Decimal(str(getattr(org, name))))  # fmt: skip
    online = Q(channel=Case.Channel.ONLINE)
    counts = received_between(Case.objects.all(), start, end).aggregate(
        paper=Count("pk", filter=~online),
        digitised=Count("pk", filter=~online & DIGITISED),
        online=Count("pk", filter=online),
        authenticated=Count("pk", filter=online & Q(e_authenticated=True)),
    )
    # Two nested conditions in one pass: an integer comparison on the legal time.
    procedures = procedures_measured().aggregate(
        total=Count("pk"), cut=Count("pk", filter=procedures_cut(org.processing_cut_target))
    )
    base = reverse("onestop:case_list")
    dates = {"received_from": f"{start:%d/%m/%Y}", "received_to": f"{end:%d/%m/%Y}"}
    cut = f"{org.processing_cut_target.normalize():f}"
    return [
        TargetRow(
            key="digitisation",
            name=_("New dossiers digitised at the desk"),
            percent=_percent(counts["digitised"], counts["paper"]),
            target=org.digitisation_target,
            numerator=counts["digitised"],
            denominator=counts["paper"],
            url=f"{base}?{urlencode({**dates, 'due': 'not_digitised'})}",
        ),
        TargetRow(
            key="e_auth",
            name=_("Online dossiers authenticated electronically"),
            percent=_percent(counts["authenticated"], counts["online"]),
            target=org.e_auth_target,
            numerator=counts["authenticated"],
            denominator=counts["online"],
            url=f"{base}?{urlencode({**dates, 'due': 'not_authenticated'})}",
        ),
        TargetRow(
            key="processing_cut",
            name=_("Procedures with the processing time cut by at least %(cut)s%%") % {"cut": cut},
            percent=_percent(procedures["cut"], procedures["total"]),
            target=org.processing_cut_share_target,
            numerator=procedures["cut"],
            denominator=procedures["total"],
            url=f"{reverse('onestop:procedure_list')}?cut=short",
            threshold=org.processing_cut_target,
        ),
    ]
