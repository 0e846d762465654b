"""One exporter shape for every spreadsheet: sheets of a header row and data rows,
written by openpyxl in write-only mode so memory stays flat however many rows."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.http import FileResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Sheet:
    title: str
    header: Sequence[str]
    rows: Iterable[Sequence]
    widths: Sequence[int] = ()


def write_xlsx(sheets: Iterable[Sheet], target) -> None:
    """Write the sheets to a path or binary file object."""
    workbook = Workbook(write_only=True)
    for sheet in sheets:
        ws = workbook.create_sheet(title=sheet.title[:31])
        for i, width in enumerate(sheet.widths):
            ws.column_dimensions[chr(ord("A") + i)].width = width
        ws.freeze_panes = "A2"
        bold = Font(bold=True)
        header = []
        for label in sheet.header:
            cell = WriteOnlyCell(ws, value=str(label))
            cell.font = bold
            header.append(cell)
        ws.append(header)
        for row in sheet.rows:
            ws.append(list(row))
    workbook.save(target)


def xlsx_response(sheets: Iterable[Sheet], filename: str) -> FileResponse:
    """Spool the workbook to a temporary file and stream it to the browser."""
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - closed by FileResponse
    write_xlsx(sheets, spool)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=filename, content_type=XLSX_TYPE)
