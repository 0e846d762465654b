"""A task's time, as the ward writes it and as the portal tracks it.

The seeds write a time four ways (seed 004): "Hoàn thành trong tháng 6/2024", "trước
ngày 15/9/2024", "Thường xuyên", and a quarterly review ("định kỳ hàng quý tổ chức
kiểm điểm"). Each is a `TaskTiming` with a deadline: the date itself, the last day of
the month, none for a regular task, and the end of the quarter awaited for a quarterly
one (moved on to the next quarter when that quarter is reported).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from plans.models import TaskTiming
from portal.text import fold

# Printed wording (Vietnamese by form, not interface text).
TIMING_WORDS = {
    TaskTiming.DATE: "Trước ngày {d.day}/{d.month}/{d.year}",
    TaskTiming.MONTH: "Hoàn thành trong tháng {d.month}/{d.year}",
    TaskTiming.REGULAR: "Thường xuyên",
    TaskTiming.QUARTERLY: "Định kỳ hàng quý",
}

_DATE = re.compile(r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})")
_MONTH = re.compile(r"thang\s+(\d{1,2})\s*/\s*(\d{4})")


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter_end(day: dt.date) -> dt.date:
    start = quarter_start(day)
    return month_end(start.year, start.month + 2)


def quarter_label(day: dt.date) -> str:
    """Quý III/2024."""
    return f"Quý {('I', 'II', 'III', 'IV')[(day.month - 1) // 3]}/{day.year}"


class TimingError(ValueError):
    pass


def parse_timing(text: str) -> tuple[str, dt.date | None]:
    """The timing and deadline a written time means; TimingError when it means none.

    >>> parse_timing("Hoàn thành trong tháng 6/2024")
    ('month', datetime.date(2024, 6, 30))
    >>> parse_timing("trước ngày 15/9/2024")
    ('date', datetime.date(2024, 9, 15))
    """
    bare = " ".join(fold(text or "").split())
    if not bare:
        raise TimingError("empty")
    if "hang quy" in bare or "dinh ky" in bare or "moi quy" in bare:
        return TaskTiming.QUARTERLY, None
    if "thuong xuyen" in bare:
        return TaskTiming.REGULAR, None
    if found := _DATE.search(bare):
        day, month, year = (int(g) for g in found.groups())
        try:
            return TaskTiming.DATE, dt.date(year, month, day)
        except ValueError as exc:
            raise TimingError(text) from exc
    if found := _MONTH.search(bare):
        month, year = (int(g) for g in found.groups())
        if not 1 <= month <= 12:
            raise TimingError(text)
        return TaskTiming.MONTH, month_end(year, month)
    raise TimingError(text)


def timing_text(timing: str, due_date: dt.date | None) -> str:
    """The time as the plan prints it."""
    if timing in (TaskTiming.DATE, TaskTiming.MONTH) and due_date is None:
        return ""
    return TIMING_WORDS[timing].format(d=due_date)


def first_deadline(timing: str, due_date: dt.date | None, issued_on: dt.date) -> dt.date | None:
    """The deadline followed up from the plan's issue: its own for a dated task, the end
    of the issue's quarter for a quarterly one, none for a regular task."""
    if timing == TaskTiming.QUARTERLY:
        return quarter_end(issued_on)
    if timing == TaskTiming.REGULAR:
        return None
    return due_date
