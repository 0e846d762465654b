"""The pages above the domain apps: the public front page, the staff dashboard and the
inbox (Việc chờ tôi)."""

from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from dialogues.selectors import coverage_gaps, dialogue_summary
from onestop.selectors import desk_summary, service_targets
from plans.selectors import task_counts
from portal import roles
from portal import selectors as portal_selectors
from portal.calendar import WorkingCalendar
from portal.forms import WorkingDayCalculatorForm
from portal.person_requests import person_requests_due
from surveys.counter import rating_summary
from surveys.models import Survey
from workspace import selectors
from workspace.inbox import inbox, inbox_count


def home(request):
    """The public front page: what a citizen scanning the ward's QR code lands on."""
    today = timezone.localdate()
    surveys = Survey.objects.filter(opens_on__lte=today, closes_on__gte=today)[:3]
    return render(request, "portal/home.html", {"open_surveys": surveys})


@roles.staff_required
def dashboard(request):
    user = request.user
    today = timezone.localdate()
    cal = WorkingCalendar.load()
    context = {
        "today": today,
        "today_is_working_day": cal.is_working_day(today),
        "next_working_day": cal.next_working_day(today),
        "days_off": portal_selectors.upcoming_days_off(today=today, calendar=cal, limit=4),
        "is_leader": roles.has_role(user, roles.LEADER),
        "is_office": roles.has_role(user, roles.OFFICE),
        "is_desk": roles.has_role(user, roles.DESK),
        "is_department": roles.has_role(user, roles.DEPARTMENT),
        "is_organisation": roles.has_role(user, roles.ORGANISATION),
        "calculator": WorkingDayCalculatorForm(initial={"start": today, "days": 3}),
    }
    if roles.has_role(user, roles.LEADER, roles.OFFICE, roles.DESK, roles.DEPARTMENT):
        context["desk"] = desk_summary(user, today=today)
    if roles.has_role(user, roles.LEADER, roles.OFFICE, roles.DEPARTMENT, roles.ORGANISATION):
        context["dialogue"] = dialogue_summary(user, today=today)
        if context["is_leader"] or context["is_office"]:
            context["dialogue"]["coverage_gaps"] = coverage_gaps(today.year, today=today)
    if roles.has_role(user, roles.LEADER, roles.OFFICE, roles.DEPARTMENT):
        context["plan_tasks"] = task_counts(user, today)
    # Việc chờ tôi first: what waits for this user, before the figures.
    context["trays"] = [t for t in inbox(user, today=today) if t.count]
    context["notifications"] = list(
        user.notifications.filter(read_at__isnull=True).order_by("-created_at")[:5]
    )
    if context["is_leader"] or context["is_office"]:
        context["calendar_to_confirm"] = portal_selectors.calendar_year_to_confirm(
            today=today, calendar=cal
        )
        context["document_counts"] = portal_selectors.document_counts_by_type(year=today.year)
        context["leader"] = leader = selectors.leader_summary(today=today)
        on_time = leader["on_time"]
        context["stats_url"] = _period_url("onestop:case_stats", on_time["start"], on_time["end"])
        context["on_time_chart"] = _on_time_chart(on_time["rows"])
        # The one-stop service targets of Kế hoạch chính quyền thân thiện, this quarter so far.
        context["service_targets"] = service_targets(on_time["start"], on_time["end"])
        context["counter"] = rating_summary(on_time["start"], on_time["end"])["total"]
    if context["is_office"]:
        context["recent_numbers"] = portal_selectors.document_numbers_filtered(year=today.year)[:5]
        context["backup"] = portal_selectors.backup_status()
        context["person_requests_due"] = list(person_requests_due(today, calendar=cal)[:5])
    return render(request, "workspace/dashboard.html", context)


def _period_url(name: str, start, end) -> str:
    """A page with a PeriodForm (date_from, date_to), opened on [start, end]."""
    dates = {"date_from": f"{start:%d/%m/%Y}", "date_to": f"{end:%d/%m/%Y}"}
    return f"{reverse(name)}?{urlencode(dates)}"


def _on_time_chart(rows: list[dict]) -> dict:
    """Data of the dashboard's stacked bars: decided early / on time / late per department."""
    series = [("early", _("Early")), ("on_time", _("On time")), ("late", _("Late"))]
    return {
        "labels": [r["name"] for r in rows],
        "series": [
            {"key": key, "label": label, "data": [r[key] for r in rows]} for key, label in series
        ],
        "axis": _("Dossiers decided"),
    }


@roles.staff_required
def inbox_page(request):
    today = timezone.localdate()
    trays = inbox(request.user, today=today)
    return render(
        request,
        "workspace/inbox.html",
        {"trays": trays, "total": sum(t.count for t in trays), "today": today},
    )


@roles.staff_required
def inbox_count_json(request):
    """The menu's badge, fetched after the page has loaded (static/portal/portal.js), so
    that no page pays for it; cached a minute per user."""
    return JsonResponse({"count": inbox_count(request.user)})
