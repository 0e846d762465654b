"""Writes on self-assessments: criteria sets (import, copy), the round's workflow
(open, self-score, review, approve), evidence, and the deadline reminders."""

from __future__ import annotations

import datetime as dt
import mimetypes
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.models import (
    CriteriaSet,
    Criterion,
    Item,
    ItemFile,
    ItemLink,
    LinkKind,
    Round,
    RoundReminder,
    RoundStatus,
    SubCriterion,
    Threshold,
)
from plans.services import Upload, move_year
from portal import roles
from portal.calendar import WorkingCalendar
from portal.services import notify

REMIND_WORKING_DAYS = 3  # units and the office are reminded this many working days before


# --- Ratings ----------------------------------------------------------------------------


def thresholds_parse(text: str) -> list[tuple[str, Decimal]]:
    """Lines "5 sao: 95" (or "5 sao ≥ 95", "Xuất sắc = 90") as (label, points)."""
    out: list[tuple[str, Decimal]] = []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        for sep in ("≥", ">=", ":", "="):
            if sep in line:
                label, _sep, points = line.rpartition(sep)
                break
        else:
            label, points = "", ""
        label = label.strip(" :=≥>")
        try:
            value = Decimal(points.strip().replace(",", ".").split()[0])
        except (InvalidOperation, IndexError):
            value = None
        if not label or value is None or value < 0:
            raise ValidationError(
                _("Line %(n)s: write a rating and its points, e.g. “4 sao: 85”.") % {"n": number}
            )
        if any(existing == label for existing, _p in out):
            raise ValidationError(_("Line %(n)s repeats a rating.") % {"n": number})
        out.append((label, value))
    return out


def rating_of(total: Decimal | None, thresholds) -> str:
    """The highest rating whose points the total reaches; "" below them all."""
    if total is None:
        return ""
    for t in sorted(thresholds, key=lambda t: t.min_points, reverse=True):
        if total >= t.min_points:
            return t.label
    return ""


def round_total(round_: Round) -> Decimal:
    """Sum of the scores that count (the reviewed one once there is one)."""
    total = Decimal(0)
    for reviewed, own in round_.items.values_list("reviewed_score", "self_score"):
        score = reviewed if reviewed is not None else own
        total += score or 0
    return total


def set_max_total(criteria_set: CriteriaSet) -> Decimal:
    return SubCriterion.objects.filter(criterion__criteria_set=criteria_set).aggregate(
        s=Sum("max_points")
    )["s"] or Decimal(0)


# --- Criteria sets ----------------------------------------------------------------------


@transaction.atomic
def criteria_set_create(
    *, name: str, legal_source: str, year: int, thresholds: list[tuple[str, Decimal]]
) -> CriteriaSet:
    criteria_set = CriteriaSet(name=name.strip(), legal_source=legal_source.strip(), year=year)
    criteria_set.full_clean()
    criteria_set.save()
    for label, points in thresholds:
        Threshold.objects.create(criteria_set=criteria_set, label=label, min_points=points)
    return criteria_set


@transaction.atomic
def criteria_set_copy(*, source: CriteriaSet, year: int) -> CriteriaSet:
    """The same criteria, points and thresholds for another year (the name's year moved)."""
    if CriteriaSet.objects.filter(
        name=move_year(source.name, source.year, year), year=year
    ).exists():
        raise ValidationError(_("A set of that name already exists for %(year)s.") % {"year": year})
    copy = CriteriaSet.objects.create(
        name=move_year(source.name, source.year, year),
        legal_source=source.legal_source,
        year=year,
        copied_from=source,
    )
    Threshold.objects.bulk_create(
        Threshold(criteria_set=copy, label=t.label, min_points=t.min_points)
        for t in source.thresholds.all()
    )
    for criterion in source.criteria.prefetch_related("subs"):
        new = Criterion.objects.create(
            criteria_set=copy, code=criterion.code, name=criterion.name, order=criterion.order
        )
        SubCriterion.objects.bulk_create(
            SubCriterion(
                criterion=new,
                code=s.code,
                text=s.text,
                max_points=s.max_points,
                guidance=s.guidance,
                evidence_expected=s.evidence_expected,
                rule=s.rule,
                rule_threshold=s.rule_threshold,
                order=s.order,
            )
            for s in criterion.subs.all()
        )
    return copy


# --- The round's workflow ---------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """A change of the round's status: from which states, who may, what it is called."""

    sources: tuple[str, ...]
    target: str
    roles: tuple[str, ...]
    label: str
    confirm: str


STEPS: dict[str, Step] = {
    "open": Step(
        (RoundStatus.DRAFT,),
        RoundStatus.OPEN,
        (roles.OFFICE,),
        gettext_lazy("Open for scoring"),
        gettext_lazy("Open the round? The units will be able to score their items."),
    ),
    "reviewed": Step(
        (RoundStatus.OPEN,),
        RoundStatus.REVIEWED,
        (roles.OFFICE,),
        gettext_lazy("Submit the reviewed scores"),
        gettext_lazy("Submit the reviewed scores to the leaders?"),
    ),
    "return": Step(
        (RoundStatus.REVIEWED,),
        RoundStatus.OPEN,
        (roles.LEADER, roles.OFFICE),
        gettext_lazy("Return for scoring"),
        gettext_lazy("Return the round to the units and the office?"),
    ),
    "approve": Step(
        (RoundStatus.REVIEWED,),
        RoundStatus.APPROVED,
        (roles.LEADER,),
        gettext_lazy("Approve the results"),
        gettext_lazy("Approve the results? Nothing can be changed afterwards."),
    ),
}


def steps_for(user, round_: Round) -> list[tuple[str, Step]]:
    return [
        (name, step)
        for name, step in STEPS.items()
        if round_.status in step.sources and roles.has_role(user, *step.roles)
    ]


def _not_frozen(round_: Round) -> None:
    if round_.frozen:
        raise ValidationError(_("The results are approved; nothing can be changed."))


@transaction.atomic
def round_create(
    *,
    criteria_set: CriteriaSet,
    year: int,
    departments_due: dt.date,
    office_due: dt.date,
    actor,
    default_department=None,
) -> Round:
    """A draft round with one item per sub-criterion, assigned to `default_department`
    (None: the office) until the office assigns them."""
    if departments_due > office_due:
        raise ValidationError(
            {"departments_due": _("The units' deadline must come before the office's.")}
        )
    if Round.objects.filter(criteria_set=criteria_set, year=year).exists():
        raise ValidationError(_("This set already has a round for %(year)s.") % {"year": year})
    round_ = Round(
        criteria_set=criteria_set,
        year=year,
        departments_due=departments_due,
        office_due=office_due,
        created_by=actor,
    )
    round_.full_clean()
    round_.save()
    Item.objects.bulk_create(
        Item(round=round_, sub=sub, department=default_department)
        for sub in SubCriterion.objects.filter(criterion__criteria_set=criteria_set)
    )
    return round_


@transaction.atomic
def items_assign(*, round_: Round, actor, assignments: dict[int, int | None]) -> int:
    """Assign items (item id -> department id, None for the office). Items already
    self-scored keep their score."""
    if not roles.has_role(actor, roles.OFFICE):
        raise PermissionDenied
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    _not_frozen(round_)
    if round_.status == RoundStatus.REVIEWED:
        raise ValidationError(_("Return the round for scoring before changing assignments."))
    changed = 0
    for item in round_.items.filter(pk__in=list(assignments)):
        department_id = assignments[item.pk]
        if item.department_id != department_id:
            item.department_id = department_id
            item.save(update_fields=["department"])
            changed += 1
    return changed


@transaction.atomic
def round_step(*, round_: Round, actor, action: str) -> Round:
    """Move the round one step of STEPS."""
    step = STEPS.get(action)
    if step is None:
        raise ValidationError(_("Unknown step."))
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if not roles.has_role(actor, *step.roles):
        raise PermissionDenied
    if round_.status not in step.sources:
        raise ValidationError(_("This step is not possible in the round's current status."))
    now = timezone.now()
    fields = ["status"]
    if action == "open":
        if not round_.items.exists():
            raise ValidationError(_("The set has no sub-criteria to score."))
        round_.opened_at = now
        fields.append("opened_at")
    elif action == "reviewed":
        missing = round_.items.filter(reviewed_score__isnull=True).count()
        if missing:
            raise ValidationError(_("%(n)s items have no reviewed score yet.") % {"n": missing})
        round_.reviewed_at = now
        fields.append("reviewed_at")
    elif action == "approve":
        round_.approved_by, round_.approved_at = actor, now
        fields += ["approved_by", "approved_at"]
    round_.status = step.target
    round_.save(update_fields=fields)
    if action == "open":
        _notify_opened(round_)
    elif action == "reviewed":
        from portal.services import leaders

        notify(
            recipients=leaders(),
            message=_("Self-assessment %(round)s submitted for approval.") % {"round": round_},
            url=reverse("assessments:round_detail", args=[round_.pk]),
        )
    return round_


def _department_users(department_ids) -> list:
    from portal.models import User

    return list(
        User.objects.filter(
            department_id__in=list(department_ids), groups__name=roles.DEPARTMENT, is_active=True
        ).distinct()
    )


def _office_users() -> list:
    from portal.models import User

    return list(User.objects.filter(groups__name=roles.OFFICE, is_active=True).distinct())


def _notify_opened(round_: Round) -> None:
    departments = set(
        round_.items.filter(department__isnull=False).values_list("department_id", flat=True)
    )
    notify(
        recipients=_department_users(departments),
        message=_("Self-assessment %(round)s: score your items by %(date)s.")
        % {"round": round_, "date": f"{round_.departments_due:%d/%m/%Y}"},
        url=reverse("assessments:my_items"),
    )


def may_self_score(user, item: Item) -> bool:
    """The assigned unit's staff; the office for the items it keeps."""
    if item.round.status != RoundStatus.OPEN:
        return False
    if item.department_id is None:
        return roles.has_role(user, roles.OFFICE)
    return roles.has_role(user, roles.DEPARTMENT) and user.department_id == item.department_id


def may_review(user, item: Item) -> bool:
    return item.round.status == RoundStatus.OPEN and roles.has_role(user, roles.OFFICE)


def _score(value, item: Item, field: str) -> Decimal:
    try:
        value = Decimal(value)
    except (InvalidOperation, TypeError, ValueError) as error:
        raise ValidationError({field: _("Enter a number of points.")}) from error
    if value < 0:
        raise ValidationError({field: _("The score cannot be negative.")})
    if value > item.sub.max_points:
        raise ValidationError(
            {
                field: _("The score cannot be above the maximum of %(max)s points.")
                % {"max": item.sub.max_points.normalize()}
            }
        )
    return value


@transaction.atomic
def item_self_score(
    *,
    item: Item,
    actor,
    score,
    explanation: str,
    files: list[Upload] = (),
    links: list[dict] = (),
) -> Item:
    """The assigned unit scores its item, explaining it, with evidence."""
    item = Item.objects.select_for_update().select_related("round", "sub").get(pk=item.pk)
    _not_frozen(item.round)
    if not may_self_score(actor, item):
        raise PermissionDenied
    item.self_score = _score(score, item, "score")
    explanation = (explanation or "").strip()
    if not explanation:
        raise ValidationError({"explanation": _("Explain the score.")})
    item.self_explanation = explanation
    item.self_scored_by, item.self_scored_at = actor, timezone.now()
    item.save(update_fields=["self_score", "self_explanation", "self_scored_by", "self_scored_at"])
    evidence_attach(item=item, actor=actor, files=files, links=links)
    return item


def evidence_attach(*, item: Item, actor, files: list[Upload] = (), links: list[dict] = ()) -> None:
    for upload in files:
        evidence = ItemFile.objects.create(
            item=item,
            name=upload.name,
            size=len(upload.content),
            content_type=mimetypes.guess_type(upload.name)[0] or "application/octet-stream",
            uploaded_by=actor,
        )
        from portal.files import file_save_on_commit

        file_save_on_commit(evidence, "file", upload.name, upload.content)
    for link in links:
        link_add(item=item, actor=actor, **link)


def link_label(kind: str, object_id: int | None, start: dt.date | None, end: dt.date | None) -> str:
    """Check that the record exists and may be cited, and name it."""
    if kind == LinkKind.PLAN:
        from plans.models import Plan, PlanStatus

        plan = (
            Plan.objects.filter(pk=object_id, status=PlanStatus.ISSUED)
            .select_related("number")
            .first()
        )
        if plan is None:
            raise ValidationError(_("Choose an issued plan."))
        return f"{plan.number.symbol if plan.number_id else ''} {plan.title}".strip()
    if kind == LinkKind.REPORT:
        from reports.models import Report

        report = (
            Report.objects.filter(pk=object_id, status=Report.Status.ISSUED)
            .select_related("number")
            .first()
        )
        if report is None:
            raise ValidationError(_("Choose an issued report."))
        return f"{report.number.symbol if report.number_id else ''} {report.subject}".strip()
    if kind == LinkKind.SURVEY:
        from surveys.models import Survey

        survey = Survey.objects.filter(pk=object_id).first()
        if survey is None:
            raise ValidationError(_("Choose a survey round."))
        return survey.title
    if kind in (LinkKind.ONESTOP, LinkKind.SESSIONS):
        if not start or not end or start > end:
            raise ValidationError(_("Give the period: a start date before its end date."))
        what = LinkKind(kind).label
        return f"{what} {start:%d/%m/%Y} – {end:%d/%m/%Y}"
    raise ValidationError(_("Unknown kind of record."))


def link_add(
    *,
    item: Item,
    actor,
    kind: str,
    object_id: int | None = None,
    period_start: dt.date | None = None,
    period_end: dt.date | None = None,
) -> ItemLink:
    label = link_label(kind, object_id, period_start, period_end)
    periodic = kind in (LinkKind.ONESTOP, LinkKind.SESSIONS)
    return ItemLink.objects.create(
        item=item,
        kind=kind,
        object_id=None if periodic else object_id,
        period_start=period_start if periodic else None,
        period_end=period_end if periodic else None,
        label=label[:500],
        added_by=actor,
    )


@transaction.atomic
def evidence_remove(*, item: Item, actor, file_id: int | None = None, link_id: int | None = None):
    item = Item.objects.select_for_update().select_related("round").get(pk=item.pk)
    _not_frozen(item.round)
    if not may_self_score(actor, item):
        raise PermissionDenied
    if file_id:
        item.files.filter(pk=file_id).delete()
    if link_id:
        item.links.filter(pk=link_id).delete()


@transaction.atomic
def item_review(*, item: Item, actor, score, reason: str = "") -> Item:
    """The office's score; a reason whenever it differs from the self-score."""
    item = Item.objects.select_for_update().select_related("round", "sub").get(pk=item.pk)
    _not_frozen(item.round)
    if not may_review(actor, item):
        raise PermissionDenied
    value = _score(score, item, "score")
    reason = (reason or "").strip()
    if value != item.self_score and not reason:
        raise ValidationError(
            {"reason": _("Say why the reviewed score differs from the self-score.")}
        )
    item.reviewed_score, item.review_reason = value, reason
    item.reviewed_by, item.reviewed_at = actor, timezone.now()
    item.save(update_fields=["reviewed_score", "review_reason", "reviewed_by", "reviewed_at"])
    return item


# --- Deadlines --------------------------------------------------------------------------


def reminders_send(today: dt.date | None = None) -> int:
    """Remind, a few working days before each deadline of an open round, every unit with
    items not yet self-scored (the units' deadline) and the office with items not yet
    reviewed (its deadline). A unique row per round, deadline, recipient and date makes a
    repeated run send nothing twice; a missed day is caught up until the deadline."""
    today = today or timezone.localdate()
    soon = WorkingCalendar.load().add_working_days(today, REMIND_WORKING_DAYS)
    sent = 0
    rounds = Round.objects.filter(status=RoundStatus.OPEN).select_related("criteria_set")
    for round_ in rounds:
        url = reverse("assessments:round_detail", args=[round_.pk])
        if today <= round_.departments_due <= soon:
            pending = (
                round_.items.filter(self_score__isnull=True, department__isnull=False)
                .values_list("department_id", flat=True)
                .distinct()
            )
            for department_id in set(pending):
                sent += _remind(
                    round_,
                    RoundReminder.Kind.DEPARTMENTS,
                    f"department:{department_id}",
                    round_.departments_due,
                    _department_users([department_id]),
                    _("Self-assessment %(round)s: your unit's scores are due on %(date)s."),
                    reverse("assessments:my_items"),
                )
        if (
            today <= round_.office_due <= soon
            and round_.items.filter(reviewed_score__isnull=True).exists()
        ):
            sent += _remind(
                round_,
                RoundReminder.Kind.OFFICE,
                "office",
                round_.office_due,
                _office_users(),
                _("Self-assessment %(round)s: the dossier is due on %(date)s."),
                url,
            )
    return sent


def _remind(round_, kind, target, due, recipients, message, url) -> int:
    try:
        with transaction.atomic():
            RoundReminder.objects.create(round=round_, kind=kind, target=target, due_date=due)
            notify(
                recipients=recipients,
                message=message % {"round": round_, "date": f"{due:%d/%m/%Y}"},
                url=url,
            )
    except IntegrityError:
        return 0  # sent by an earlier run
    return 1
