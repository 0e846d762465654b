import sys

from django import db
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.http import HttpResponse, HttpResponseRedirect, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from portal import roles, selectors, services
from portal.calendar import WorkingCalendar
from portal.documents import OfficialDocument, SignerBlock, pdf_response, render_pdf
from portal.forms import (
    AuditFilterForm,
    DocumentNumberForm,
    RegistryFilterForm,
    WorkingDayCalculatorForm,
    year_param,
)


@require_POST
@roles.staff_required
def notifications_read(request):
    request.user.notifications.filter(read_at__isnull=True).update(read_at=timezone.now())
    return HttpResponseRedirect(reverse("dashboard"))


@roles.staff_required
def working_calendar(request):
    from portal.models import CalendarYear

    today = timezone.localdate()
    year = year_param(request.GET.get("year", "")) or today.year
    cal = WorkingCalendar.load()
    is_office = roles.has_role(request.user, roles.OFFICE)
    confirmation = None
    if is_office or roles.has_role(request.user, roles.LEADER):
        # The office checks the year's official arrangements, with their sources.
        confirmation = {
            "official_days": list(selectors.official_days_of_year(year)),
            "confirmed": CalendarYear.objects.select_related("confirmed_by")
            .filter(year=year)
            .first(),
            "can_confirm": is_office and year in (today.year, today.year + 1),
        }
    form = WorkingDayCalculatorForm(request.GET if "start" in request.GET else None)
    result = None
    if form.is_bound and form.is_valid():
        start, days = form.cleaned_data["start"], form.cleaned_data["days"]
        due = cal.add_working_days(start, days)
        result = {"start": start, "days": days, "due": due}
    return render(
        request,
        "portal/calendar.html",
        {
            "year": year,
            "years": range(today.year - 2, today.year + 3),
            "days_off": cal.non_working_weekdays(year),
            "working_weekends": cal.working_weekend_days(year),
            "form": form
            if form.is_bound
            else WorkingDayCalculatorForm(initial={"start": today, "days": 3}),
            "result": result,
            "can_edit": request.user.has_perm("portal.change_calendaroverride")
            and request.user.is_staff,
            "confirmation": confirmation,
        },
    )


@require_POST
@roles.role_required(roles.OFFICE)
def calendar_year_confirm(request, year):
    try:
        services.calendar_year_confirm(year=year, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("The working-day calendar of %(year)s is confirmed.") % {"year": year}
        )
    return HttpResponseRedirect(f"{reverse('working_calendar')}?{urlencode({'year': year})}")


@roles.role_required(roles.LEADER, roles.OFFICE)
def document_registry(request):
    filters = RegistryFilterForm(request.GET or None)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    qs = selectors.document_numbers_filtered(
        q=criteria.get("q", ""), year=criteria.get("year"), doc_type=criteria.get("doc_type")
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    can_issue = roles.has_role(request.user, roles.OFFICE)
    form = None
    if can_issue:
        form = DocumentNumberForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                record = services.document_number_issue(
                    doc_type=form.cleaned_data["doc_type"],
                    subject=form.cleaned_data["subject"],
                    issued_on=form.cleaned_data["issued_on"],
                    issued_by=request.user,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request, _("Number %(symbol)s issued.") % {"symbol": record.symbol}
                )
                return HttpResponseRedirect(reverse("document_registry"))
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "portal/registry.html",
        {
            "filters": filters,
            "page": page,
            "query": query.urlencode(),
            "form": form,
        },
    )


@roles.staff_required
def sample_document_pdf(request):
    """A two-page specimen of the official layout, for checking printers and fonts."""
    org = services.organization_current()
    chairman = org.chairman
    doc = OfficialDocument.for_organization(
        org,
        doc_title="VĂN BẢN MẪU",
        subject=_("Specimen of the official document layout (Decree 30/2020/ND-CP)"),
        number_suffix=f"/VBM-{org.abbreviation}",
        year=timezone.localdate().year,
        draft=True,
        signer=SignerBlock(
            name=chairman.display_name if chairman else "",
            position="CHỦ TỊCH",
            authority="TM",
            collective=org.collective_name,
        ),
        recipients=[_("As above"), "Lưu: VT."],
    )
    paragraphs = [
        _(
            "This specimen shows the layout every document printed by the portal follows: "
            "A4 paper, margins of 20 mm at the top and bottom, 30 mm on the left and 15 mm "
            "on the right, the issuing agency and the national motto in the header, the "
            "number, the place and date, the document type and subject, a justified body "
            "with an indented first line, the signature block and the recipients."
        )
    ] * 12
    return pdf_response(
        render_pdf("documents/sample.html", {"doc": doc, "paragraphs": paragraphs}),
        "van-ban-mau.pdf",
    )


@require_GET
@never_cache
@transaction.non_atomic_requests
def healthz(request):
    """200 when the database (and Redis, when configured) answer; 503 otherwise."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception:  # noqa: BLE001 - any failure means unhealthy
        checks["database"] = "error"
    if settings.REDIS_URL:
        try:
            import redis

            redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2).ping()
            checks["redis"] = "ok"
        except Exception:  # noqa: BLE001
            checks["redis"] = "error"
    healthy = all(v == "ok" for v in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
    )


def lockout(request, credentials=None, *args, **kwargs):
    return render(
        request,
        "registration/lockout.html",
        {"cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)},
        status=429,
    )


@roles.role_required(roles.LEADER, roles.OFFICE)
def audit_log(request):
    """Nhật ký hệ thống: logins, failed logins and lockouts, refused pages, changes."""
    from portal.audit import KINDS, audit_entries

    filters = AuditFilterForm(request.GET or None)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    entries = audit_entries(
        username=criteria.get("user", ""),
        kind=criteria.get("kind", ""),
        date_from=criteria.get("date_from"),
        date_to=criteria.get("date_to"),
    )
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    rows = [
        {
            "at": at,
            "kind": kind,
            "kind_label": KINDS.get(kind, kind),
            "user": user,
            "ip": ip,
            "detail": detail,
        }
        for at, kind, user, ip, detail in page
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "portal/audit.html",
        {
            "filters": filters,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "retention_days": settings.PORTAL_AUDIT_RETENTION_DAYS,
        },
    )


# The database restarting, or a connection that broke, is a passing outage: a Vietnamese
# 503 page with Retry-After instead of a 500 (CONN_HEALTH_CHECKS reconnects afterwards).
_OUTAGE_ERRORS = (db.OperationalError, db.InterfaceError)


def server_error(request):
    """handler500: called inside Django's exception handling, so sys.exc_info() is set."""
    error = sys.exc_info()[1]
    if isinstance(error, _OUTAGE_ERRORS):
        return HttpResponse(render_to_string("503.html"), status=503, headers={"Retry-After": "30"})
    return HttpResponseServerError(render_to_string("500.html"))
