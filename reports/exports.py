"""The report's tables as a spreadsheet: a summary sheet of the key figures, then one
sheet per appendix table of the printed report, with the same columns, rows and total
rows (`reports.documents.appendices`). Numbers are written as numbers, rates (rounded to
two decimals of a percent) as percentages, dates as dates; the wording is the document's
(Vietnamese), as in the printed appendices.
"""

from __future__ import annotations

import datetime as dt

from portal.exports import Percent, Sheet, percentage, sheet_title
from reports.documents import (
    APPENDIX_WORDING,
    SUMMARY_WORDING,
    Column,
    Table,
    appendices,
    plan_review_of,
)
from reports.models import Report


def _rate(value) -> Percent | None:
    return percentage(round(float(value), 2)) if value is not None else None


def _date(value: str | None) -> dt.date | str | None:
    """The figures keep dates as printed (dd/mm/yyyy); the spreadsheet wants dates."""
    if not value:
        return None
    try:
        return dt.datetime.strptime(value, "%d/%m/%Y").date()
    except (TypeError, ValueError):
        return value  # not a date after all: written as the text it is


def _value(column: Column, value):
    if value == "":
        return None
    if column.kind == "rate":
        return _rate(value)
    if column.kind == "date":
        return _date(value)
    if column.kind == "verdict":
        if value is None:
            return None
        return APPENDIX_WORDING["yes"] if value else APPENDIX_WORDING["no"]
    return value


def _width(column: Column) -> int:
    if column.kind in ("text", "period"):
        return max(round(column.width * 0.8), 20)
    return max(round(column.width * 0.6), 6)


def _cells(columns: list[Column], row: list) -> list:
    out = []
    for column, value in zip(columns, row, strict=True):
        if column.kind == "period":  # one column per date in the spreadsheet
            out.extend([_date(v) for v in value] if value else [None] * len(column.parts))
        else:
            out.append(_value(column, value))
    return out


def table_sheet(table: Table) -> Sheet:
    columns = table.columns
    rows = [_cells(columns, row) for row in table.rows]
    if table.total:
        rows.append(_cells(columns, table.total))
    header, widths = [], []
    for c in columns:
        labels = c.parts or (c.label,)
        header.extend(labels)
        widths.extend([_width(c)] * len(labels))
    return Sheet(title=sheet_title(table.sheet_title), header=header, rows=rows, widths=widths)


def summary_rows(report: Report, figures: dict) -> list[list]:
    w = SUMMARY_WORDING
    s, o, sv = figures["sessions"], figures["opinions"], figures["surveys"]
    c = figures["onestop"]["totals"]
    ot = o["totals"]
    issued = report.status == Report.Status.ISSUED and report.number_id is not None
    verdict = None
    if sv["rate"] is not None:
        verdict = APPENDIX_WORDING["yes"] if sv["meets_target"] else APPENDIX_WORDING["no"]
    rows = [
        [w["subject"], report.subject],
        [w["number"], report.number.symbol if issued else w["draft"]],
        [w["issued_on"], report.issued_on if issued else None],
        [w["start"], _date(figures["start"])],
        [w["end"], _date(figures["end"])],
        [w["as_of"], _date(figures["as_of"])],
        [w["sessions_held"], s["held"]],
        [w["session_attendees"], s["attendees"]],
        [w["session_opinions"], s["opinions"]],
        [w["covered"], s["coverage"]["covered"]],
        [w["neighborhoods"], s["coverage"]["neighborhoods"]],
        [w["gaps"], s["coverage"]["gaps"]],
        [w["opinions_received"], ot["received"]],
        [w["opinions_answered"], ot["answered"]],
        [w["opinions_in_progress"], ot["in_progress"]],
        [w["opinions_overdue"], ot["overdue"]],
        [w["opinions_out_of_scope"], ot["out_of_scope"]],
        [w["opinions_rate"], _rate(o["answered_rate"])],
        [w["survey_rounds"], len(sv["rounds"])],
        [w["survey_ballots"], sv["ballots"]],
        [w["survey_online"], sum(r["online"] for r in sv["rounds"])],
        [w["survey_paper"], sum(r["paper"] for r in sv["rounds"])],
        [w["survey_answers"], sv["answers"]],
        [w["survey_satisfied"], sv["satisfied"]],
        [w["survey_rate"], _rate(sv["rate"])],
        [w["survey_target"], _rate(figures["target"])],
        [w["survey_result"], verdict],
        [w["cases_received"], c["received"]],
        [w["cases_decided"], c["decided"]],
        [w["cases_early"], c["early"]],
        [w["cases_on_time"], c["on_time"]],
        [w["cases_late"], c["late"]],
        [w["cases_rate"], _rate(c["on_time_rate"])],
        [w["cases_in_progress"], c["in_progress"]],
        [w["cases_overdue"], c["overdue"]],
        [w["cases_apologies"], c["apology_letters"]],
        [w["cases_breaches"], c["supplement_breaches"]],
    ]
    if plans := plan_review_of(figures):
        p = plans["summary"]
        rows += [
            [w["plan_tasks"].format(year=plans["year"]), p["tasks"]],
            [w["plan_done"], p["done"]],
            [w["plan_done_on_time"], p["done_on_time"]],
            [w["plan_late_done"], p["late_done"]],
            [w["plan_late_open"], p["late_open"]],
            [w["plan_unreported"], p["unreported"]],
        ]
    return rows


def report_sheets(report: Report, figures: dict) -> list[Sheet]:
    """'Tổng hợp' first, then every appendix table in print order."""
    w = SUMMARY_WORDING
    summary = Sheet(
        title=sheet_title(w["sheet"]),
        header=[w["item"], w["value"]],
        rows=summary_rows(report, figures),
        widths=[48, 40],
    )
    return [summary] + [table_sheet(t) for a in appendices(figures) for t in a.tables]


__all__ = ["report_sheets", "sheet_title"]
