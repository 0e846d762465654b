"""The rating at the counter (issue 16): after a result is returned, or at the end of any
counter transaction, the desk officer's own tablet asks the citizen "Rất hài lòng / Hài
lòng / Không hài lòng" and an optional comment.

The tablet is logged in as the officer: the officer picks the transaction (one of the
dossiers he returned today, or another transaction) and hands the tablet over. The
rating page is addressed by a one-time token; its answer is written once by a
conditional update, so repeated taps change nothing. A rating is tied to the officer and,
where there is one, to the dossier (one rating per dossier and officer)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from dialogues.models import Opinion
from dialogues.services import opinion_create
from onestop.models import Case
from onestop.selectors import cases_visible_to
from portal import roles
from portal.forms import ChoicePlaceholders, DateField
from surveys.models import DeskRating

COUNTER_ROLES = (roles.DESK, roles.DEPARTMENT)
RESULT_ROLES = (roles.LEADER, roles.OFFICE, roles.DESK)
RECENT = 8  # dossiers returned today offered on the tablet


class RatingForm(forms.Form):
    level = forms.ChoiceField(choices=DeskRating.Level.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=gettext_lazy("Your comment (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _department(user, case: Case | None):
    if case is not None and case.department_id:
        return case.department_id
    return user.department_id


def rating_ask(*, officer, case: Case | None = None) -> DeskRating:
    """A rating waiting for the citizen: a second ask for the same dossier reuses the
    first (answered or not)."""
    if case is not None:
        existing = DeskRating.objects.filter(case=case, officer=officer).first()
        if existing:
            return existing
    try:
        with transaction.atomic():
            return DeskRating.objects.create(
                token=uuid.uuid4(),
                officer=officer,
                case=case,
                department_id=_department(officer, case),
            )
    except IntegrityError:  # asked twice at once
        return DeskRating.objects.get(case=case, officer=officer)


def rating_give(*, rating: DeskRating, level: str, comment: str = "") -> bool:
    """The citizen's answer, written once: False when the rating was already given."""
    if level not in DeskRating.Level.values:
        raise ValueError(level)
    return bool(
        DeskRating.objects.filter(pk=rating.pk, level="").update(
            level=level, comment=comment.strip()[:1000], rated_at=timezone.now()
        )
    )


@roles.role_required(*COUNTER_ROLES)
def counter_home(request):
    """The tablet's waiting screen: today's dossiers this officer returned, and "another
    transaction"."""
    today = timezone.localdate()
    returned = (
        cases_visible_to(request.user)
        .filter(returned_at__date=today)
        .exclude(desk_ratings__officer=request.user, desk_ratings__level__gt="")
        .order_by("-returned_at")[:RECENT]
    )
    return render(request, "surveys/counter_home.html", {"returned": returned})


@require_POST
@roles.role_required(*COUNTER_ROLES)
def counter_ask(request):
    code = request.POST.get("receipt_code", "").strip()
    case = None
    if code:
        case = cases_visible_to(request.user).filter(receipt_code=code).first()
        if case is None:
            messages.error(
                request, _("No dossier with the receipt code %(code)s.") % {"code": code}
            )
            return redirect("surveys:counter_home")
    rating = rating_ask(officer=request.user, case=case)
    return redirect("surveys:counter_rate", token=rating.token)


@roles.role_required(*COUNTER_ROLES)
def counter_rate(request, token):
    """The page the citizen answers: only on the tablet of the officer who asked."""
    rating = get_object_or_404(
        DeskRating.objects.select_related("case", "officer"), token=token, officer=request.user
    )
    if rating.level:
        return render(request, "surveys/counter_thanks.html", {"rating": rating})
    form = RatingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        rating_give(
            rating=rating, level=form.cleaned_data["level"], comment=form.cleaned_data["comment"]
        )
        rating.refresh_from_db()
        return render(request, "surveys/counter_thanks.html", {"rating": rating})
    return render(request, "surveys/counter_rate.html", {"rating": rating, "form": form})


# --- Results ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RatingRow:
    key: object
    name: str
    very: int
    satisfied: int
    unsatisfied: int

    @property
    def total(self) -> int:
        return self.very + self.satisfied + self.unsatisfied

    @property
    def rate(self) -> float | None:
        """Satisfied or very satisfied, in percent of the ratings given."""
        return round(100 * (self.very + self.satisfied) / self.total, 2) if self.total else None


def _counts():
    level = DeskRating.Level
    return {
        "very": Count("pk", filter=Q(level=level.VERY_SATISFIED)),
        "satisfied": Count("pk", filter=Q(level=level.SATISFIED)),
        "unsatisfied": Count("pk", filter=Q(level=level.UNSATISFIED)),
    }


def rating_summary(start: dt.date, end: dt.date) -> dict:
    """Ratings given in [start, end] by officer, by department, and in all (3 queries)."""
    given = DeskRating.objects.filter(rated_at__date__gte=start, rated_at__date__lte=end).exclude(
        level=""
    )
    by_officer = [
        RatingRow(r["officer"], r["officer__full_name"] or r["officer__username"],
                  r["very"], r["satisfied"], r["unsatisfied"])
        for r in given.values("officer", "officer__full_name", "officer__username")
        .annotate(**_counts()).order_by("officer__full_name", "officer")
    ]  # fmt: skip
    by_department = [
        RatingRow(r["department"], r["department__name"] or "—",
                  r["very"], r["satisfied"], r["unsatisfied"])
        for r in given.values("department", "department__name")
        .annotate(**_counts()).order_by("department__name")
    ]  # fmt: skip
    total = given.aggregate(**_counts())
    return {
        "by_officer": by_officer,
        "by_department": by_department,
        "total": RatingRow(None, _("All"), total["very"], total["satisfied"], total["unsatisfied"]),
    }


class PeriodForm(ChoicePlaceholders, forms.Form):
    date_from = DateField(label=gettext_lazy("From"), required=False)
    date_to = DateField(label=gettext_lazy("To"), required=False)


def _period(request) -> tuple[PeriodForm, dt.date, dt.date]:
    today = timezone.localdate()
    start = today.replace(month=3 * ((today.month - 1) // 3) + 1, day=1)
    form = PeriodForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    return form, data.get("date_from") or start, data.get("date_to") or today


@roles.role_required(*RESULT_ROLES)
def counter_results(request):
    form, start, end = _period(request)
    unsatisfied = (
        DeskRating.objects.filter(
            level=DeskRating.Level.UNSATISFIED, rated_at__date__gte=start, rated_at__date__lte=end
        )
        .exclude(comment="")
        .select_related("officer", "case", "department")
    )
    page = Paginator(unsatisfied, 20).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "surveys/counter_results.html",
        {
            "form": form,
            "start": start,
            "end": end,
            "summary": rating_summary(start, end),
            "page": page,
            "query": query.urlencode(),
            "is_office": roles.has_role(request.user, roles.OFFICE),
        },
    )


@require_POST
@roles.role_required(roles.OFFICE)
def counter_to_opinion(request, pk):
    """An unsatisfied rating with a comment becomes an opinion for Văn phòng to classify."""
    rating = get_object_or_404(
        DeskRating.objects.select_related("case"),
        pk=pk,
        level=DeskRating.Level.UNSATISFIED,
    )
    if not rating.comment:
        raise Http404
    if rating.opinion_id:
        return redirect("dialogues:opinion_detail", pk=rating.opinion_id)
    with transaction.atomic():
        code = f" ({rating.case.receipt_code})" if rating.case_id else ""
        opinion = opinion_create(
            actor=request.user,
            source=Opinion.Source.FEEDBACK,
            content=_("At the counter%(code)s: %(comment)s")
            % {"code": code, "comment": rating.comment},
        )
        DeskRating.objects.filter(pk=rating.pk, opinion__isnull=True).update(opinion=opinion)
    messages.success(request, _("The comment is now an opinion to classify."))
    return redirect("dialogues:opinion_detail", pk=opinion.pk)
