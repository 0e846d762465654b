"""One exporter shape for every spreadsheet: sheets of a header row and data rows,
written by openpyxl in write-only mode so memory stays flat however many rows.

The writer owns spreadsheet safety, so no exporter can forget it. Every cell, header or
data, goes through `_cell`:

- text loses the characters XML 1.0 forbids (`portal.text.clean_text`), so no stored
  opinion, answer or name can make the export fail;
- text that a spreadsheet would read as a formula or an error (it begins with ``=``,
  ``+``, ``-``, ``@``, a tab or a CR, or is ``#N/A`` and the like) is written as a string
  cell with the quote prefix, so Excel keeps it as text even when the cell is edited
  (OWASP, CSV/formula injection);
- dates are Excel dates shown ``dd/mm/yyyy``; datetimes are shown ``dd/mm/yyyy hh:mm``
  in the ward's time zone (settings.TIME_ZONE, Asia/Ho_Chi_Minh), made naive because
  Excel has no time zones (and to the second: a day's fraction holds no microseconds);
  times of day are shown ``hh:mm``;
- a rate is a `Percent` (a fraction, shown ``0.00%``), counts and amounts stay numbers;
- anything else (a lazy translation, a UUID) is written as its text.

Exporters therefore hand over values (date objects, ints, `Percent`), never text they
formatted themselves.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import connections, transaction
from django.http import FileResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from portal.text import clean_text

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
TIME_FORMAT = "hh:mm"
PERCENT_FORMAT = "0.00%"

# A cell text beginning with one of these is a formula (or DDE payload) to a spreadsheet.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
SHEET_TITLE_FORBIDDEN = str.maketrans({c: "-" for c in "[]:*?/\\"})


@dataclass(frozen=True)
class Percent:
    """A rate as a fraction, written as a number with a percentage format:
    ``Percent(0.9876)`` shows as 98.76%."""

    value: float | Decimal | None


def percentage(points: float | Decimal | None) -> Percent | None:
    """A rate the portal computes in percent (98.76) as a `Percent`; None stays empty."""
    if points is None:
        return None
    return Percent(float(Decimal(str(points)) / 100))


@dataclass
class Sheet:
    title: str
    header: Sequence[str]
    rows: Iterable[Sequence]
    widths: Sequence[int] = ()
    preamble: Sequence[str] = ()  # lines above the header: a form's citation, its title


def sheet_title(title: str) -> str:
    """A name Excel accepts: at most 31 characters, none of []:*?/\\."""
    return clean_text(str(title)).translate(SHEET_TITLE_FORBIDDEN).strip("'")[:31] or "Sheet"


def _text_cell(ws, text: str):
    text = clean_text(text)
    if text.startswith(FORMULA_PREFIXES) or text in ERROR_CODES:
        cell = WriteOnlyCell(ws, value=text)
        cell.data_type = "s"  # openpyxl made "=..." a formula and "#N/A" an error
        cell.quotePrefix = True
        return cell
    return text


def _styled(ws, value, number_format: str):
    # One style per number format and sheet, copied into each cell: setting
    # `number_format` on every cell looks the format up in the workbook each time.
    styles = ws.__dict__.setdefault("_portal_styles", {})
    style = styles.get(number_format)
    if style is None:
        template = WriteOnlyCell(ws)
        template.number_format = number_format
        style = styles[number_format] = template._style
    cell = Cell(ws, row=1, column=1, style_array=style)
    cell.value = value
    return cell


def _cell(ws, value):
    """The value as openpyxl should write it: a plain value or a WriteOnlyCell."""
    if value is None or isinstance(value, bool | int | float | Decimal):
        return value
    if isinstance(value, str):
        return _text_cell(ws, value)
    if isinstance(value, dt.datetime):  # before date: a datetime is a date
        if timezone.is_aware(value):
            value = timezone.make_naive(value, timezone.get_default_timezone())
        return _styled(ws, value.replace(microsecond=0), DATETIME_FORMAT)
    if isinstance(value, dt.date):
        return _styled(ws, value, DATE_FORMAT)
    if isinstance(value, dt.time):
        return _styled(ws, value.replace(tzinfo=None), TIME_FORMAT)
    if isinstance(value, Percent):
        return None if value.value is None else _styled(ws, float(value.value), PERCENT_FORMAT)
    return _text_cell(ws, str(value))


def write_xlsx(sheets: Iterable[Sheet], target) -> None:
    """Write the sheets to a path or binary file object."""
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for sheet in sheets:
        ws = workbook.create_sheet(title=sheet_title(sheet.title))
        for i, width in enumerate(sheet.widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        for line in sheet.preamble:
            cell = _cell(ws, str(line))
            if not isinstance(cell, Cell):
                cell = WriteOnlyCell(ws, value=cell)
            cell.font = bold
            ws.append([cell])
        ws.freeze_panes = f"A{len(sheet.preamble) + 2}"
        header = []
        for label in sheet.header:
            cell = _cell(ws, str(label))
            if not isinstance(cell, Cell):
                cell = WriteOnlyCell(ws, value=cell)
            cell.font = bold
            header.append(cell)
        ws.append(header)
        for row in sheet.rows:
            ws.append([_cell(ws, value) for value in row])
    workbook.save(target)


def xlsx_response(sheets: Iterable[Sheet], filename: str) -> FileResponse:
    """Spool the workbook to a temporary file and stream it to the browser."""
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - closed by FileResponse
    write_xlsx(sheets, spool)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=filename, content_type=XLSX_TYPE)


def export_rows(qs, *, chunk_size: int = 2000) -> Iterator:
    """Stream a queryset's rows for an export, in a time that follows the rows it returns.

    On PostgreSQL `.iterator()` reads through a server-side cursor, and for a cursor the
    planner optimises for the first 10% of the rows (`cursor_tuple_fraction`): a filtered
    export (one department's open dossiers) then walks the whole ordering index and
    filters afterwards. An export reads every row, so its query is planned for all of
    them: inside a transaction of its own with ``SET LOCAL cursor_tuple_fraction = 1.0``.
    """
    db = qs.db
    if connections[db].vendor != "postgresql":
        yield from qs.iterator(chunk_size=chunk_size)
        return
    with transaction.atomic(using=db), connections[db].cursor() as cursor:
        cursor.execute("SET LOCAL cursor_tuple_fraction = 1.0")
        yield from qs.iterator(chunk_size=chunk_size)
