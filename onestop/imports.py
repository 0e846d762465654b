"""Excel (.xlsx) import of the whole procedure (TTHC) catalogue, and its blank template."""

import contextlib
import dataclasses
import io
from collections.abc import Iterable
from typing import IO, Any

import openpyxl
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from onestop.models import PaperKind, Procedure, ProcedurePaper
from portal.imports import (
    MAX_FILE_SIZE,
    ImportFileError,
    RowError,
    cell_text,
    read_first_sheet,
)
from portal.models import Department, ProcedureField

COLUMNS = (
    "Mã TTHC",
    "Tên thủ tục",
    "Lĩnh vực",
    "Bộ phận giải quyết",
    "Thời hạn (ngày làm việc)",
    "Lệ phí",
    "Đang áp dụng",
)
CODE, NAME, FIELD, DEPARTMENT, DAYS, FEE, ACTIVE = range(len(COLUMNS))

SHEET_TITLE = "Danh mục TTHC"
LISTS_TITLE = "Danh sách"
YES, NO = "Có", "Không"
EXAMPLE_ROW = ("1.001193", "Đăng ký khai sinh", "Hộ tịch", "Tư pháp - Hộ tịch", 0, "", YES)

MAX_ROWS = 5000
MIN_DAYS, MAX_DAYS = 0, 365
TRUE_WORDS = frozenset({YES.casefold(), "x"})
FALSE_WORDS = frozenset({NO.casefold()})
UPDATE_FIELDS = ("name", "field", "department", "processing_days", "fee", "is_active")
BATCH_SIZE = 500
TEMPLATE_ROWS = 1000  # rows of the template that get drop-down lists
COLUMN_WIDTHS = (24, 60, 30, 30, 14, 28, 14)

# The optional second sheet: each procedure's papers (thành phần hồ sơ). A procedure it
# names gets exactly the papers of its rows; procedures it does not name keep theirs.
PAPERS_TITLE = "Thành phần hồ sơ"
PAPER_COLUMNS = ("Mã TTHC", "Số thứ tự", "Tên giấy tờ", "Số lượng", "Loại bản", "Bắt buộc")
P_CODE, P_ORDER, P_NAME, P_COUNT, P_KIND, P_REQUIRED = range(len(PAPER_COLUMNS))
ORIGINAL_WORD, CERTIFIED_WORD, COPY_WORD = "Bản chính", "Bản sao chứng thực", "Bản sao"
KIND_WORDS = {
    word.casefold(): kind
    for kind, words in (
        (PaperKind.ORIGINAL, (ORIGINAL_WORD, PaperKind.ORIGINAL.value)),
        (
            PaperKind.CERTIFIED,
            (CERTIFIED_WORD, "Bản sao có chứng thực", PaperKind.CERTIFIED.value),
        ),
        (PaperKind.COPY, (COPY_WORD, "Bản chụp", PaperKind.COPY.value)),
    )
    for word in words
}
EXAMPLE_PAPERS = (
    (EXAMPLE_ROW[CODE], 1, "Tờ khai đăng ký khai sinh", 1, ORIGINAL_WORD, YES),
    (EXAMPLE_ROW[CODE], 2, "Giấy chứng sinh", 1, ORIGINAL_WORD, YES),
)
MAX_PAPER_ROWS = MAX_ROWS  # the archive pre-scan allows no more on any sheet
MIN_ORDER, MAX_ORDER = 1, 999
MIN_COUNT, MAX_COUNT = 1, 99
PAPER_COLUMN_WIDTHS = (24, 12, 60, 12, 24, 12)


@dataclasses.dataclass(frozen=True)
class SheetRowError(RowError):
    """A problem in one row of a named sheet (sheet "" and row 0: the whole file)."""

    sheet: str = ""


@dataclasses.dataclass
class ImportResult:
    """Outcome of an import: nothing was saved unless `ok`."""

    created: int = 0
    updated: int = 0
    errors: list[RowError] = dataclasses.field(default_factory=list)
    unchanged: int = 0  # existing procedures the file matched but did not change
    paper_procedures: int = 0  # procedures whose list of papers the file replaced
    papers: int = 0  # papers in those lists

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclasses.dataclass
class _CleanRow:
    row: int
    code: str
    values: dict[str, Any]


@dataclasses.dataclass
class _CleanPaper:
    row: int
    code: str
    values: dict[str, Any]


def procedure_catalogue_template() -> bytes:
    """A blank catalogue workbook: header, one example row and the lists of valid values."""
    field_names = list(ProcedureField.objects.values_list("name", flat=True))
    department_names = list(Department.objects.values_list("name", flat=True))

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    example = list(EXAMPLE_ROW)
    example[FIELD] = field_names[0] if field_names else example[FIELD]
    example[DEPARTMENT] = department_names[0] if department_names else example[DEPARTMENT]
    _fill_sheet(sheet, COLUMNS, [example], COLUMN_WIDTHS, text_columns=(CODE, FEE))

    papers = workbook.create_sheet(PAPERS_TITLE)
    _fill_sheet(papers, PAPER_COLUMNS, EXAMPLE_PAPERS, PAPER_COLUMN_WIDTHS, text_columns=(P_CODE,))
    papers["A1"].comment = Comment(
        _(
            "One row per paper. For every procedure code this sheet names, the procedure's "
            "list of papers is replaced by the rows given here; procedures it does not name "
            "keep their papers. The code must be in the first sheet or already in the "
            "catalogue. This sheet may be left out or left empty."
        ),
        "UBND",
        width=320,
        height=140,
    )

    lists = workbook.create_sheet(LISTS_TITLE)
    for column, (title, values) in enumerate(
        ((COLUMNS[FIELD], field_names), (COLUMNS[DEPARTMENT], department_names)), start=1
    ):
        letter = get_column_letter(column)
        lists.column_dimensions[letter].width = 40
        lists.cell(row=1, column=column, value=title).font = Font(bold=True)
        for row, value in enumerate(values, start=2):
            lists.cell(row=row, column=column, value=value)
        if values:
            source = f"'{LISTS_TITLE}'!${letter}$2:${letter}${len(values) + 1}"
            _add_validation(sheet, FIELD if column == 1 else DEPARTMENT, "list", source)
    lists.freeze_panes = "A2"
    _add_validation(sheet, ACTIVE, "list", f'"{YES},{NO},x"')
    _add_whole_validation(sheet, DAYS, MIN_DAYS, MAX_DAYS)

    _add_validation(papers, P_KIND, "list", f'"{ORIGINAL_WORD},{CERTIFIED_WORD},{COPY_WORD}"')
    _add_validation(papers, P_REQUIRED, "list", f'"{YES},{NO}"')
    _add_whole_validation(papers, P_ORDER, MIN_ORDER, MAX_ORDER)
    _add_whole_validation(papers, P_COUNT, MIN_COUNT, MAX_COUNT)

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _fill_sheet(
    sheet, columns: tuple, examples: Iterable, widths: tuple, *, text_columns: tuple
) -> None:
    """Bold header, grey example rows, column widths, frozen header."""
    sheet.append(columns)
    for example in examples:
        sheet.append(list(example))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.font = Font(italic=True, color="808080")
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for index in text_columns:  # keep "1.001193" or "50.000" as typed, not as numbers
        letter = get_column_letter(index + 1)
        sheet.column_dimensions[letter].number_format = "@"
        for row in range(2, sheet.max_row + 1):
            sheet[f"{letter}{row}"].number_format = "@"
    sheet.freeze_panes = "A2"


def _add_validation(sheet, column: int, kind: str, formula: str | None = None) -> DataValidation:
    validation = DataValidation(type=kind, formula1=formula, allow_blank=True)
    letter = get_column_letter(column + 1)
    validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS}")
    sheet.add_data_validation(validation)
    return validation


def _add_whole_validation(sheet, column: int, low: int, high: int) -> None:
    validation = _add_validation(sheet, column, "whole")
    validation.operator, validation.formula1, validation.formula2 = "between", str(low), str(high)


def procedure_catalogue_import(*, file: IO[bytes]) -> ImportResult:
    """Validate every row of the uploaded catalogue (and of its sheet of papers, if any),
    then upsert the procedures by code and replace the paper lists it names, or nothing."""
    try:
        data = _read_upload(file)
        header, rows = read_first_sheet(io.BytesIO(data), width=len(COLUMNS), max_rows=MAX_ROWS)
        title, papers_sheet = _read_papers_sheet(data)
    except ImportFileError as error:
        return ImportResult(errors=[SheetRowError(0, str(error))])
    errors = _check_header(header, COLUMNS, title)
    if papers_sheet is not None:
        errors += _check_header(papers_sheet[0], PAPER_COLUMNS, PAPERS_TITLE)
    if errors:
        return ImportResult(errors=errors)

    fields = _lookup(ProcedureField.objects.all())
    departments = _lookup(Department.objects.all())
    clean: list[_CleanRow] = []
    first_row_of_code: dict[str, int] = {}
    for number, values in rows:
        row, row_errors = _clean_row(number, values, fields, departments)
        if row is not None and row.code in first_row_of_code:
            message = _("The code “%(value)s” already appears in row %(row)s.") % {
                "value": row.code,
                "row": first_row_of_code[row.code],
            }
            row_errors.append(message)
        elif row is not None:
            first_row_of_code[row.code] = number
        errors += [SheetRowError(number, message, title) for message in row_errors]
        if row is not None and not row_errors:
            clean.append(row)
    papers: list[_CleanPaper] | None = None
    if papers_sheet is not None:
        # A code of the first sheet counts even on a wrong row: that row is reported there.
        codes_in_file = {cell_text(values[CODE]) for _number, values in rows}
        papers, paper_errors = _clean_papers(papers_sheet[1], codes_in_file, title)
        errors += paper_errors
    if errors:
        return ImportResult(errors=errors)
    return _save(clean, papers)


def _read_upload(file: IO[bytes]) -> bytes:
    """The upload's bytes, at most one past the size limit (read_first_sheet refuses it)."""
    with contextlib.suppress(AttributeError, OSError):
        file.seek(0)  # a form may already have read the upload
    return file.read(MAX_FILE_SIZE + 1)


def _read_papers_sheet(data: bytes) -> tuple[str, tuple[tuple, list[tuple[int, tuple]]] | None]:
    """The first sheet's title, and the header and non-blank rows (with their Excel numbers)
    of the sheet of papers, or None when the file has no such sheet.

    Only called after read_first_sheet accepted the same bytes, so the archive pre-scan
    (unpacked size, rows of every sheet) has already run on them."""
    not_excel = ImportFileError(_("The file is not a valid Excel .xlsx file."))
    width = len(PAPER_COLUMNS)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # a malformed upload can make the zip/XML readers raise anything
        raise not_excel from error
    try:
        title = workbook.worksheets[0].title
        wanted = PAPERS_TITLE.casefold()
        sheet = next(
            (s for s in workbook.worksheets[1:] if cell_text(s.title).casefold() == wanted), None
        )
        if sheet is None:
            return title, None
        sheet.reset_dimensions()  # stated dimensions are often wrong; read what is really there
        header: tuple = ()
        rows: list[tuple[int, tuple]] = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number == 1:
                header = values
            elif any(cell_text(value) for value in values):
                if len(rows) == MAX_PAPER_ROWS:
                    raise ImportFileError(
                        _(
                            "The sheet “%(sheet)s” has more than %(max)s rows; split it into "
                            "smaller files."
                        )
                        % {"sheet": PAPERS_TITLE, "max": MAX_PAPER_ROWS}
                    )
                rows.append((number, values + (None,) * (width - len(values))))
    except ImportFileError:
        raise
    except Exception as error:  # sheets are parsed lazily, so a broken one fails here
        raise not_excel from error
    finally:
        workbook.close()
    return title, (header, rows)


def _check_header(header: tuple, columns: tuple, sheet: str) -> list[RowError]:
    errors = []
    for index, expected in enumerate(columns):
        found = cell_text(header[index]) if index < len(header) else ""
        if found.casefold() == expected.casefold():
            continue
        params = {"letter": get_column_letter(index + 1), "expected": expected, "value": found}
        if found:
            message = _("Column %(letter)s should be “%(expected)s”, not “%(value)s”.") % params
        else:
            message = _("Column %(letter)s should be “%(expected)s” but is empty.") % params
        errors.append(SheetRowError(1, message, sheet))
    for index in range(len(columns), len(header)):
        if found := cell_text(header[index]):
            params = {"letter": get_column_letter(index + 1), "value": found}
            errors.append(
                SheetRowError(
                    1,
                    _("Column %(letter)s “%(value)s” is not part of the template.") % params,
                    sheet,
                )
            )
    return errors


def _clean_row(
    number: int,
    values: tuple,
    fields: dict[str, ProcedureField],
    departments: dict[str, Department],
) -> tuple[_CleanRow | None, list[str]]:
    """The row's model values, or None, and the reasons it is wrong."""
    errors: list[str] = []

    def requiredcell_text(index: int, max_length: int) -> str:
        value = cell_text(values[index])
        if not value:
            errors.append(_("“%(column)s” is required.") % {"column": COLUMNS[index]})
        _check_length(COLUMNS[index], value, max_length, errors)
        return value

    def choice(index: int, lookup: dict, unknown: str) -> Any:
        value = cell_text(values[index])
        if not value:
            errors.append(_("“%(column)s” is required.") % {"column": COLUMNS[index]})
        elif value.casefold() not in lookup:
            errors.append(unknown % {"value": value})
        return lookup.get(value.casefold())

    code = requiredcell_text(CODE, Procedure._meta.get_field("code").max_length)
    name = requiredcell_text(NAME, Procedure._meta.get_field("name").max_length)
    field = choice(FIELD, fields, _("Unknown procedure field “%(value)s”."))
    department = choice(DEPARTMENT, departments, _("Unknown department “%(value)s”."))
    days = _parse_days(values[DAYS], errors)
    fee = cell_text(values[FEE])
    _check_length(COLUMNS[FEE], fee, Procedure._meta.get_field("fee").max_length, errors)
    is_active = _parse_yes_no(values[ACTIVE], COLUMNS[ACTIVE], errors)
    if not code:
        return None, errors
    row_values = {
        "name": name,
        "field_id": field.pk if field else None,
        "department_id": department.pk if department else None,
        "processing_days": days,
        "fee": fee,
        "is_active": is_active,
    }
    return _CleanRow(row=number, code=code, values=row_values), errors


def _clean_papers(
    rows: list[tuple[int, tuple]], codes_in_file: set[str], first_title: str
) -> tuple[list[_CleanPaper], list[RowError]]:
    """The papers of the sheet, in file order, and every wrong row's reasons."""
    wanted = {cell_text(values[P_CODE]) for _number, values in rows} - codes_in_file - {""}
    known = codes_in_file | set(
        Procedure.objects.filter(code__in=wanted).values_list("code", flat=True)
    )
    name_length = ProcedurePaper._meta.get_field("name").max_length
    papers: list[_CleanPaper] = []
    errors: list[RowError] = []
    last_order: dict[str, int] = {}  # a blank order follows the procedure's previous paper
    row_of_order: dict[tuple[str, int], int] = {}
    for number, values in rows:
        row_errors: list[str] = []
        code = cell_text(values[P_CODE])
        if not code:
            row_errors.append(_("“%(column)s” is required.") % {"column": PAPER_COLUMNS[P_CODE]})
        elif code not in known:
            message = _(
                "Unknown procedure code “%(value)s”: it is neither in the sheet “%(sheet)s” "
                "nor in the catalogue."
            )
            row_errors.append(message % {"value": code, "sheet": first_title})
        order = _parse_whole(
            values[P_ORDER], PAPER_COLUMNS[P_ORDER], MIN_ORDER, MAX_ORDER, row_errors
        )
        if order is None and not cell_text(values[P_ORDER]):
            order = last_order.get(code, 0) + 1
        name = cell_text(values[P_NAME])
        if not name:
            row_errors.append(_("“%(column)s” is required.") % {"column": PAPER_COLUMNS[P_NAME]})
        _check_length(PAPER_COLUMNS[P_NAME], name, name_length, row_errors)
        count = _parse_whole(
            values[P_COUNT], PAPER_COLUMNS[P_COUNT], MIN_COUNT, MAX_COUNT, row_errors
        )
        if count is None and not cell_text(values[P_COUNT]):
            count = 1
        kind = _parse_kind(values[P_KIND], row_errors)
        required = _parse_yes_no(values[P_REQUIRED], PAPER_COLUMNS[P_REQUIRED], row_errors)
        if code and order is not None:
            last_order[code] = order
            if (code, order) in row_of_order:
                message = _(
                    "Paper number %(order)s of procedure “%(code)s” already appears in row %(row)s."
                )
                params = {"order": order, "code": code, "row": row_of_order[code, order]}
                row_errors.append(message % params)
            else:
                row_of_order[code, order] = number
        errors += [SheetRowError(number, message, PAPERS_TITLE) for message in row_errors]
        if not row_errors:
            paper_values = {
                "order": order,
                "name": name,
                "count": count,
                "kind": kind,
                "required": required,
            }
            papers.append(_CleanPaper(row=number, code=code, values=paper_values))
    return papers, errors


def _check_length(column: str, value: str, max_length: int, errors: list[str]) -> None:
    if len(value) > max_length:
        params = {"column": column, "max": max_length}
        errors.append(_("“%(column)s” is longer than %(max)s characters.") % params)


def _whole_number(value: Any) -> int | None:
    """An int, a whole float or a string of digits as an int; anything else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        return int(value.strip())
    return None


def _parse_days(value: Any, errors: list[str]) -> int | None:
    """Whole days from an int, a whole float or a string of digits."""
    days = _whole_number(value)
    params = {"column": COLUMNS[DAYS], "value": cell_text(value), "min": MIN_DAYS, "max": MAX_DAYS}
    if days is None:
        if params["value"]:
            errors.append(
                _("“%(column)s” must be a whole number of days, not “%(value)s”.") % params
            )
        else:
            errors.append(_("“%(column)s” is required.") % params)
    elif not MIN_DAYS <= days <= MAX_DAYS:
        errors.append(
            _("“%(column)s” must be between %(min)s and %(max)s, not %(value)s.") % params
        )
        days = None
    return days


def _parse_whole(value: Any, column: str, low: int, high: int, errors: list[str]) -> int | None:
    """A whole number between low and high; None when the cell is blank (no error) or
    wrong (error)."""
    params = {"column": column, "value": cell_text(value), "min": low, "max": high}
    if not params["value"]:
        return None
    number = _whole_number(value)
    if number is None:
        errors.append(_("“%(column)s” must be a whole number, not “%(value)s”.") % params)
    elif not low <= number <= high:
        errors.append(
            _("“%(column)s” must be between %(min)s and %(max)s, not %(value)s.") % params
        )
        number = None
    return number


def _parse_kind(value: Any, errors: list[str]) -> str:
    word = cell_text(value)
    if not word:
        return PaperKind.ORIGINAL
    if (kind := KIND_WORDS.get(word.casefold())) is not None:
        return kind
    params = {
        "column": PAPER_COLUMNS[P_KIND],
        "value": word,
        "original": ORIGINAL_WORD,
        "certified": CERTIFIED_WORD,
        "copy": COPY_WORD,
    }
    message = _(
        "“%(column)s” must be “%(original)s”, “%(certified)s” or “%(copy)s”, not “%(value)s”."
    )
    errors.append(message % params)
    return PaperKind.ORIGINAL


def _parse_yes_no(value: Any, column: str, errors: list[str]) -> bool:
    """Yes ("Có", "x") or no ("Không"); a blank cell is yes."""
    if isinstance(value, bool):
        return value
    word = cell_text(value).casefold()
    if not word or word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    params = {"column": column, "value": cell_text(value)}
    errors.append(_("“%(column)s” must be “Có”, “x”, “Không” or empty, not “%(value)s”.") % params)
    return True


def _lookup(objects: Iterable[ProcedureField | Department]) -> dict[str, Any]:
    """Objects by case-folded name and code; a name wins over another object's code."""
    objects = list(objects)
    lookup = {cell_text(obj.code).casefold(): obj for obj in objects}
    lookup.update({cell_text(obj.name).casefold(): obj for obj in objects})
    return lookup


def _save(rows: list[_CleanRow], papers: list[_CleanPaper] | None) -> ImportResult:
    """Create the new codes and update the changed existing ones, then replace the paper
    lists of the procedures the sheet of papers names, in one transaction."""
    result = ImportResult()
    paper_codes = {paper.code for paper in papers or ()}
    with transaction.atomic():
        existing = Procedure.objects.select_for_update().in_bulk(
            [row.code for row in rows] + sorted(paper_codes), field_name="code"
        )
        to_create, to_update = [], []
        for row in rows:
            procedure = existing.get(row.code)
            if procedure is None:
                to_create.append(Procedure(code=row.code, **row.values))
            elif any(getattr(procedure, name) != value for name, value in row.values.items()):
                for name, value in row.values.items():
                    setattr(procedure, name, value)
                to_update.append(procedure)
            else:
                result.unchanged += 1
        Procedure.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
        Procedure.objects.bulk_update(to_update, UPDATE_FIELDS, batch_size=BATCH_SIZE)
        if paper_codes:
            ids = dict(Procedure.objects.filter(code__in=paper_codes).values_list("code", "pk"))
            ProcedurePaper.objects.filter(procedure_id__in=ids.values()).delete()
            ProcedurePaper.objects.bulk_create(
                [ProcedurePaper(procedure_id=ids[p.code], **p.values) for p in papers or ()],
                batch_size=BATCH_SIZE,
            )
    result.created, result.updated = len(to_create), len(to_update)
    result.paper_procedures, result.papers = len(paper_codes), len(papers or ())
    return result
