"""The quarterly review (kiểm điểm hàng quý) of the plans' tasks: every task of the year's
issued plans with its state, and the figures the review and the periodic report quote.

`quarterly_review(year, quarter, user)` is the one computation: the review page, its
printed annex (plans.review_views) and the periodic report (reports.figures) all read
it, so they show the same numbers. `user=None` reads every task (the report); a user
reads the tasks he follows (`selectors.tasks_visible_to`). One query whatever the
number of tasks.

Lateness is `selectors.lateness` on the day of the review: an open task past its
deadline is late, a done task was done late when it was closed after its deadline.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from plans import selectors
from plans.documents import lead_name
from plans.models import TaskReport, TaskStatus
from plans.timing import quarter_end, quarter_label, quarter_start, timing_text

# A row's state.
DONE = "done"  # done by its deadline (or without one)
DONE_LATE = "done_late"
OPEN = "open"  # in progress, not past its deadline
LATE = "late"  # in progress, past its deadline


@dataclass(frozen=True)
class ReviewRow:
    task_id: int
    plan_number: str  # "41/KH-UBND"
    text: str
    lead: str
    time: str  # as the plan prints it: "Hoàn thành trong tháng 6/2026"
    deadline: dt.date | None
    state: str  # DONE, DONE_LATE, OPEN or LATE
    late_days: int | None
    percent: int
    last_report: str
    report_count: int
    evidence_count: int
    reported_this_quarter: bool

    @property
    def done(self) -> bool:
        return self.state in (DONE, DONE_LATE)

    def as_json(self) -> dict:
        """The row as the report keeps it (JSON types; the deadline as dd/mm/yyyy)."""
        out = asdict(self)
        out["deadline"] = self.deadline.strftime("%d/%m/%Y") if self.deadline else ""
        return out


@dataclass(frozen=True)
class ReviewSummary:
    tasks: int = 0
    done: int = 0
    done_on_time: int = 0
    late_open: int = 0
    late_done: int = 0
    unreported: int = 0  # open tasks without a progress report this quarter

    @property
    def open(self) -> int:
        return self.tasks - self.done


@dataclass(frozen=True)
class Review:
    year: int
    quarter: int
    today: dt.date
    rows: list[ReviewRow]
    summary: ReviewSummary

    @property
    def quarter_start(self) -> dt.date:
        return dt.date(self.year, 3 * (self.quarter - 1) + 1, 1)

    @property
    def quarter_end(self) -> dt.date:
        return quarter_end(self.quarter_start)

    @property
    def label(self) -> str:
        """Quý III/2026."""
        return quarter_label(self.quarter_start)

    def as_json(self) -> dict:
        """What the periodic report freezes at issue."""
        return {
            "year": self.year,
            "quarter": self.quarter,
            "label": self.label,
            "as_of": self.today.strftime("%d/%m/%Y"),
            "summary": asdict(self.summary),
            "rows": [r.as_json() for r in self.rows],
        }


def _state(status: str, late_days: int | None) -> str:
    if status == TaskStatus.DONE:
        return DONE_LATE if late_days else DONE
    return LATE if late_days else OPEN


def summarise(rows: list[ReviewRow]) -> ReviewSummary:
    return ReviewSummary(
        tasks=len(rows),
        done=sum(1 for r in rows if r.done),
        done_on_time=sum(1 for r in rows if r.state == DONE),
        late_open=sum(1 for r in rows if r.state == LATE),
        late_done=sum(1 for r in rows if r.state == DONE_LATE),
        unreported=sum(1 for r in rows if not r.done and not r.reported_this_quarter),
    )


def quarterly_review(year: int, quarter: int, user=None, *, today: dt.date | None = None) -> Review:
    """The review of `quarter` (1-4) of `year`: the tasks of the year's issued plans,
    those `user` follows (every task when None), as they stand on `today`."""
    today = today or timezone.localdate()
    start = dt.date(year, 3 * (quarter - 1) + 1, 1)
    low = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
    high = timezone.make_aware(
        dt.datetime.combine(quarter_end(start) + dt.timedelta(days=1), dt.time.min)
    )
    in_quarter = TaskReport.objects.filter(task=OuterRef("pk")).filter(
        Q(created_at__gte=low, created_at__lt=high) | Q(quarter=quarter_start(start))
    )
    qs = selectors.review_tasks(year).annotate(reported_this_quarter=Exists(in_quarter))
    if user is not None:
        qs = qs.filter(pk__in=selectors.tasks_visible_to(user).values("pk"))
    rows = []
    for task in qs:
        late = selectors.lateness(task, today)
        rows.append(
            ReviewRow(
                task_id=task.pk,
                plan_number=task.plan.number.symbol if task.plan.number_id else "",
                text=task.text,
                lead=lead_name(task),
                time=timing_text(task.timing, task.due_date),
                deadline=task.due_date,
                state=_state(task.status, late),
                late_days=late,
                percent=task.percent,
                last_report=task.last_report or "",
                report_count=task.report_count or 0,
                evidence_count=task.evidence_count or 0,
                reported_this_quarter=task.reported_this_quarter,
            )
        )
    return Review(year, quarter, today, rows, summarise(rows))


# --- The printed annex ------------------------------------------------------------------

# Fixed wording of the annex (Vietnamese by form, not interface text).
REVIEW_WORDING = {
    "title": "PHỤ LỤC",
    "subject": "Kết quả thực hiện nhiệm vụ các kế hoạch năm {year}",
    "quarter": "Kiểm điểm {label} (số liệu tính đến ngày {as_of})",
    "summary": (
        "Các kế hoạch năm {year} giao {tasks} nhiệm vụ; đã hoàn thành {done} (đúng hạn "
        "{done_on_time}, chậm {late_done}); đang thực hiện {open}, trong đó {late_open} "
        "nhiệm vụ chậm tiến độ; {unreported} nhiệm vụ chưa báo cáo tiến độ trong quý."
    ),
    "empty": "Không có nhiệm vụ",
    "no": "STT",
    "plan": "Kế hoạch số",
    "task": "Nhiệm vụ",
    "lead": "Bộ phận chủ trì",
    "time": "Thời gian thực hiện",
    "deadline": "Thời hạn",
    "state": "Kết quả",
    "last_report": "Tiến độ gần nhất",
    "evidence": "Minh chứng",
    DONE: "Đã hoàn thành",
    DONE_LATE: "Hoàn thành chậm {days} ngày",
    OPEN: "Đang thực hiện",
    LATE: "Chậm {days} ngày",
}


def state_words(state: str, late_days: int | None) -> str:
    """The row's result as the annex prints it: Đã hoàn thành, Chậm 5 ngày, ..."""
    return REVIEW_WORDING[state].format(days=late_days or 0)


def render_review(review: Review) -> bytes:
    """The review printed as an annex (A4 landscape), in the Nghị định 30 look."""
    from portal.documents import OfficialDocument, render_pdf
    from portal.services import organization_current

    w = REVIEW_WORDING
    org = organization_current()
    doc = OfficialDocument.for_organization(
        org,
        doc_title=w["title"],
        subject=w["subject"].format(year=review.year),
        date=review.today,
        show_number=False,
    )
    s = review.summary
    context = {
        "doc": doc,
        "words": w,
        "period": w["quarter"].format(label=review.label, as_of=review.today.strftime("%d/%m/%Y")),
        "summary": w["summary"].format(year=review.year, open=s.open, **asdict(s)),
        "rows": [
            {
                "row": r,
                "deadline": r.deadline.strftime("%d/%m/%Y") if r.deadline else "",
                "state": state_words(r.state, r.late_days),
                "late": r.state in (LATE, DONE_LATE),
            }
            for r in review.rows
        ],
    }
    return render_pdf("documents/plans/review.html", context)
