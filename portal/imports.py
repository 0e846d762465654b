"""What every Excel import shares: reading the first sheet of an upload safely, tidy cell
text, and row-numbered errors. Each import decides its columns and rules."""

import contextlib
import dataclasses
import io
import zipfile
from typing import IO, Any

import openpyxl
from django.utils.translation import gettext as _

from portal.text import clean_text

MAX_FILE_SIZE_MB = 5
MAX_FILE_SIZE = MAX_FILE_SIZE_MB * 1024 * 1024
# An .xlsx is a zip: a few hundred kB can unpack to millions of rows. The archive is
# checked before openpyxl parses it, and blank rows count toward a limit too.
MAX_UNPACKED_SIZE_MB = 50
MAX_UNPACKED_SIZE = MAX_UNPACKED_SIZE_MB * 1024 * 1024
MAX_BLANK_ROWS = 10_000


@dataclasses.dataclass(frozen=True)
class RowError:
    """One problem; `row` is the Excel row number (header = 1, whole file = 0)."""

    row: int
    message: str


class ImportFileError(Exception):
    """The upload is refused as a whole."""


def read_first_sheet(
    file: IO[bytes], *, width: int, max_rows: int
) -> tuple[tuple, list[tuple[int, tuple]]]:
    """The header and the non-blank rows (with their Excel numbers) of the first sheet."""
    with contextlib.suppress(AttributeError, OSError):
        file.seek(0)  # a form may already have read the upload
    data = file.read(MAX_FILE_SIZE + 1)
    if len(data) > MAX_FILE_SIZE:
        raise ImportFileError(_("The file is larger than %(max)s MB.") % {"max": MAX_FILE_SIZE_MB})
    not_excel = ImportFileError(_("The file is not a valid Excel .xlsx file."))
    _check_archive(data, not_excel, max_rows=max_rows + MAX_BLANK_ROWS)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # a malformed upload can make the zip/XML readers raise anything
        raise not_excel from error
    try:
        if not workbook.worksheets:
            raise not_excel
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # stated dimensions are often wrong; read what is really there
        header: tuple | None = None
        rows: list[tuple[int, tuple]] = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number == 1:
                header = values
            elif any(cell_text(value) for value in values):
                if len(rows) == max_rows:
                    raise ImportFileError(
                        _("The file has more than %(max)s rows; split it into smaller files.")
                        % {"max": max_rows}
                    )
                rows.append((number, values + (None,) * (width - len(values))))
    except ImportFileError:
        raise
    except Exception as error:  # sheets are parsed lazily, so a broken one fails here
        raise not_excel from error
    finally:
        workbook.close()
    if header is None or not (rows or any(cell_text(value) for value in header)):
        raise ImportFileError(_("The first sheet of the file is empty."))
    return header, rows


def _check_archive(data: bytes, not_excel: ImportFileError, *, max_rows: int) -> None:
    """Refuse, before openpyxl parses anything, a zip whose entries unpack to more than
    MAX_UNPACKED_SIZE, or whose sheets hold more than `max_rows` rows (blank ones
    included): openpyxl reads a whole sheet just to size it when the sheet does not say."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            if sum(info.file_size for info in entries) > MAX_UNPACKED_SIZE:
                raise ImportFileError(
                    _("The file unpacks to more than %(max)s MB; split it into smaller files.")
                    % {"max": MAX_UNPACKED_SIZE_MB}
                )
            for info in entries:
                if info.filename.startswith("xl/worksheets/") and _rows_over(
                    archive, info, max_rows
                ):
                    raise ImportFileError(
                        _("The file has more than %(max)s rows; split it into smaller files.")
                        % {"max": max_rows - MAX_BLANK_ROWS}
                    )
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise not_excel from error


def _rows_over(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bool:
    """Whether the sheet's XML has more than `limit` <row elements (streamed, stops early;
    the zip module also stops at the size the entry declares)."""
    rows, tail = 0, b""
    with archive.open(info) as sheet:
        while chunk := sheet.read(1 << 20):
            rows += (tail + chunk).count(b"<row")
            tail = chunk[-3:]
            if rows > limit:
                return True
    return False


def cell_text(value: Any) -> str:
    """A cell as tidy text: no XML-illegal character, NFC (Vietnamese typed in NFD
    matches), single spaces, 5.0 -> "5"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(clean_text(str(value)).split())
