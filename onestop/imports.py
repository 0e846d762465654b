"""Excel (.xlsx) import of the whole procedure (TTHC) catalogue, and its blank template."""

import dataclasses
import io
from collections.abc import Iterable
from typing import IO, Any

import openpyxl
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from onestop.models import Procedure
from portal.imports import ImportFileError, RowError, cell_text, read_first_sheet
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


@dataclasses.dataclass
class ImportResult:
    """Outcome of an import: nothing was saved unless `ok`."""

    created: int = 0
    updated: int = 0
    errors: list[RowError] = dataclasses.field(default_factory=list)
    unchanged: int = 0  # existing procedures the file matched but did not change

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclasses.dataclass
class _CleanRow:
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
    sheet.append(COLUMNS)
    example = list(EXAMPLE_ROW)
    example[FIELD] = field_names[0] if field_names else example[FIELD]
    example[DEPARTMENT] = department_names[0] if department_names else example[DEPARTMENT]
    sheet.append(example)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for cell in sheet[2]:
        cell.font = Font(italic=True, color="808080")
    for index, width in enumerate(COLUMN_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for index in (CODE, FEE):  # keep "1.001193" or "50.000" as typed, not as numbers
        letter = get_column_letter(index + 1)
        sheet.column_dimensions[letter].number_format = "@"
        sheet[f"{letter}2"].number_format = "@"
    sheet.freeze_panes = "A2"

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
    days = _add_validation(sheet, DAYS, "whole")
    days.operator, days.formula1, days.formula2 = "between", str(MIN_DAYS), str(MAX_DAYS)

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _add_validation(sheet, column: int, kind: str, formula: str | None = None) -> DataValidation:
    validation = DataValidation(type=kind, formula1=formula, allow_blank=True)
    letter = get_column_letter(column + 1)
    validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS}")
    sheet.add_data_validation(validation)
    return validation


def procedure_catalogue_import(*, file: IO[bytes]) -> ImportResult:
    """Validate every row of the uploaded catalogue, then upsert all of it by code, or nothing."""
    try:
        header, rows = read_first_sheet(file, width=len(COLUMNS), max_rows=MAX_ROWS)
    except ImportFileError as error:
        return ImportResult(errors=[RowError(0, str(error))])
    errors = _check_header(header)
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
        errors += [RowError(number, message) for message in row_errors]
        if row is not None and not row_errors:
            clean.append(row)
    if errors:
        return ImportResult(errors=errors)
    return _save(clean)


def _check_header(header: tuple) -> list[RowError]:
    errors = []
    for index, expected in enumerate(COLUMNS):
        found = cell_text(header[index]) if index < len(header) else ""
        if found.casefold() == expected.casefold():
            continue
        params = {"letter": get_column_letter(index + 1), "expected": expected, "value": found}
        if found:
            message = _("Column %(letter)s should be “%(expected)s”, not “%(value)s”.") % params
        else:
            message = _("Column %(letter)s should be “%(expected)s” but is empty.") % params
        errors.append(RowError(1, message))
    for index in range(len(COLUMNS), len(header)):
        if found := cell_text(header[index]):
            params = {"letter": get_column_letter(index + 1), "value": found}
            errors.append(
                RowError(
                    1, _("Column %(letter)s “%(value)s” is not part of the template.") % params
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
        _check_length(index, value, max_length, errors)
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
    _check_length(FEE, fee, Procedure._meta.get_field("fee").max_length, errors)
    is_active = _parse_active(values[ACTIVE], errors)
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


def _check_length(index: int, value: str, max_length: int, errors: list[str]) -> None:
    if len(value) > max_length:
        params = {"column": COLUMNS[index], "max": max_length}
        errors.append(_("“%(column)s” is longer than %(max)s characters.") % params)


def _parse_days(value: Any, errors: list[str]) -> int | None:
    """Whole days from an int, a whole float or a string of digits."""
    days: int | None = None
    if isinstance(value, bool):
        days = None
    elif isinstance(value, int):
        days = value
    elif isinstance(value, float) and value.is_integer():
        days = int(value)
    elif isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        days = int(value.strip())
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


def _parse_active(value: Any, errors: list[str]) -> bool:
    if isinstance(value, bool):
        return value
    word = cell_text(value).casefold()
    if not word or word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    params = {"column": COLUMNS[ACTIVE], "value": cell_text(value)}
    errors.append(_("“%(column)s” must be “Có”, “x”, “Không” or empty, not “%(value)s”.") % params)
    return True


def _lookup(objects: Iterable[ProcedureField | Department]) -> dict[str, Any]:
    """Objects by case-folded name and code; a name wins over another object's code."""
    objects = list(objects)
    lookup = {cell_text(obj.code).casefold(): obj for obj in objects}
    lookup.update({cell_text(obj.name).casefold(): obj for obj in objects})
    return lookup


def _save(rows: list[_CleanRow]) -> ImportResult:
    """Create the new codes and update the changed existing ones, in one transaction."""
    result = ImportResult()
    with transaction.atomic():
        existing = Procedure.objects.select_for_update().in_bulk(
            [row.code for row in rows], field_name="code"
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
    result.created, result.updated = len(to_create), len(to_update)
    return result
