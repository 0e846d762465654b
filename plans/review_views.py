"""The quarterly review of the plans' tasks (kiểm điểm hàng quý): the page, and the same
table printed as an annex. Both read `plans.review.quarterly_review`, scoped to the
tasks the user follows (a department sees its own)."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from plans import review as plan_review
from plans.models import Plan, PlanStatus
from portal import roles
from portal.documents import pdf_response
from portal.forms import int_param, year_param

REVIEWERS = (roles.LEADER, roles.OFFICE, roles.DEPARTMENT)


def _quarter(request, year: int, today: dt.date) -> int:
    """?quarter=1..4; by default the current quarter in the current year, else the last."""
    quarter = int_param(request.GET.get("quarter", ""), minimum=1, maximum=4)
    if quarter:
        return quarter
    return (today.month - 1) // 3 + 1 if year == today.year else 4


@roles.role_required(*REVIEWERS)
def review(request):
    today = timezone.localdate()
    year = year_param(request.GET.get("year", "")) or today.year
    quarter = _quarter(request, year, today)
    result = plan_review.quarterly_review(year, quarter, request.user, today=today)
    years = sorted(
        set(
            Plan.objects.filter(status=PlanStatus.ISSUED)
            .values_list("year", flat=True)
            .distinct()
            .order_by()
        )
        | {today.year, year},
        reverse=True,
    )
    return render(
        request,
        "plans/review.html",
        {
            "review": result,
            "summary": result.summary,
            "rows": result.rows,
            "year": year,
            "quarter": quarter,
            "years": years,
            "quarters": (1, 2, 3, 4),
            "today": today,
            "states": {
                "done": plan_review.DONE,
                "done_late": plan_review.DONE_LATE,
                "late": plan_review.LATE,
            },
        },
    )


@roles.role_required(*REVIEWERS)
def review_pdf(request, year):
    if year_param(str(year)) is None:
        raise Http404
    today = timezone.localdate()
    quarter = _quarter(request, year, today)
    result = plan_review.quarterly_review(year, quarter, request.user, today=today)
    return pdf_response(
        plan_review.render_review(result), f"kiem-diem-nhiem-vu-{year}-q{quarter}.pdf"
    )
