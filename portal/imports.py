"""What every Excel import shares: reading the first sheet of an upload safely, tidy cell
text, and row-numbered errors. Each import decides its columns and rules."""

import contextlib
import dataclasses
import io
import unicodedata
from typing import IO, Any

import openpyxl
from django.utils.translation import gettext as _

MAX_FILE_SIZE_MB = 5
MAX_FILE_SIZE = MAX_FILE_SIZE_MB * 1024 * 1024


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


def cell_text(value: Any) -> str:
    """A cell as tidy text: NFC (Vietnamese typed in NFD matches), single spaces, 5.0 -> "5"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(unicodedata.normalize("NFC", str(value)).split())
