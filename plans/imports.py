"""Excel (.xlsx) import of a plan's tasks into one of its sections, and its blank template.

The catalogue import's approach (onestop/imports.py): every row is checked first, each
wrong row is reported with its Excel row number, and nothing is saved until the whole
file is clean; then all its tasks are created in one transaction."""

from __future__ import annotations

import dataclasses
import io
import re
from typing import IO, Any

import openpyxl
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from plans import services
from plans.models import Plan, Section, Task
from plans.timing import TimingError, parse_timing
from portal.imports import ImportFileError, RowError, cell_text, read_first_sheet
from portal.models import Department, MassOrganization
from portal.text import fold

# The template's columns (document wording, as the plan prints them).
COLUMNS = ("Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian thực hiện")
TEXT, LEAD, PARTNERS, TIME = range(len(COLUMNS))
SHEET_TITLE = "Nhiệm vụ"
LISTS_TITLE = "Danh sách"
EXAMPLE_ROW = (
    "Rà soát, nâng cấp hệ thống đài truyền thanh cơ sở",
    "Văn hóa - Xã hội",
    "Văn phòng HĐND và UBND, UB MTTQ phường",
    "Hoàn thành trong tháng 6/2026",
)
COLUMN_WIDTHS = (70, 32, 50, 34)
TEMPLATE_ROWS = 500  # rows of the template that get the drop-down list of units
MAX_ROWS = 500
# Co-operating units are written "A, B; C" or one per line.
UNIT_SEPARATORS = re.compile(r"[,;\n]+")
WORDS = re.compile(r"\w+")


@dataclasses.dataclass
class ImportResult:
    """Outcome of an import: nothing was saved unless `ok`."""

    created: int = 0
    errors: list[RowError] = dataclasses.field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclasses.dataclass
class _CleanRow:
    row: int
    values: dict[str, Any]


def unit_key(name: str) -> str:
    """A unit's name as the import compares it: folded (no accents, lower case) and its
    words only, so "Tư pháp - Hộ tịch", "tu phap ho tich" and "TƯ PHÁP-HỘ TỊCH" match."""
    return " ".join(WORDS.findall(fold(cell_text(name or ""))))


class _Units:
    """The ward's departments (by name or code) and organisations (by name or short
    name), found accent- and case-insensitively; a name wins over another one's code."""

    def __init__(self):
        departments = list(Department.objects.all())
        organisations = list(MassOrganization.objects.all())
        self.departments = {unit_key(d.code): d for d in departments}
        self.departments.update({unit_key(d.name): d for d in departments})
        self.organisations = {unit_key(o.short_name): o for o in organisations}
        self.organisations.update({unit_key(o.name): o for o in organisations})
        self.departments.pop("", None)
        self.organisations.pop("", None)

    def department(self, name: str) -> Department | None:
        return self.departments.get(unit_key(name))

    def organisation(self, name: str) -> MassOrganization | None:
        return self.organisations.get(unit_key(name))


def _check_header(header: tuple) -> list[RowError]:
    errors = []
    for index, expected in enumerate(COLUMNS):
        found = cell_text(header[index]) if index < len(header) else ""
        if fold(found) == fold(expected):
            continue
        params = {"letter": get_column_letter(index + 1), "expected": expected, "value": found}
        if found:
            message = _("Column %(letter)s should be “%(expected)s”, not “%(value)s”.") % params
        else:
            message = _("Column %(letter)s should be “%(expected)s” but is empty.") % params
        errors.append(RowError(1, message))
    return errors


def _clean_row(number: int, values: tuple, units: _Units) -> tuple[_CleanRow | None, list[str]]:
    """The row's task fields, or None, and the reasons it is wrong."""
    errors: list[str] = []
    text = cell_text(values[TEXT])
    if not text:
        errors.append(_("“%(column)s” is required.") % {"column": COLUMNS[TEXT]})

    lead_text = cell_text(values[LEAD])
    lead, lead_label = None, ""
    if not lead_text:
        errors.append(_("“%(column)s” is required.") % {"column": COLUMNS[LEAD]})
    elif (department := units.department(lead_text)) is not None:
        lead = department
    elif (organisation := units.organisation(lead_text)) is not None:
        lead_label = organisation.name  # an organisation leads: printed by its name
    else:
        errors.append(
            _("Unknown lead unit “%(value)s”: it is neither a department nor an organisation.")
            % {"value": lead_text}
        )

    partners: list[Department] = []
    organisations: list[MassOrganization] = []
    others: list[str] = []
    for name in UNIT_SEPARATORS.split(str(values[PARTNERS] or "")):
        name = cell_text(name)
        if not name:
            continue
        if (department := units.department(name)) is not None:
            if department not in partners and department != lead:
                partners.append(department)
        elif (organisation := units.organisation(name)) is not None:
            if organisation not in organisations:
                organisations.append(organisation)
        elif name not in others:
            others.append(name)
    partners_text = ", ".join(others)
    max_length = Task._meta.get_field("partners_text").max_length
    if len(partners_text) > max_length:
        errors.append(
            _("The co-operating units not in the ward's lists are longer than %(max)s characters.")
            % {"max": max_length}
        )

    time_text = cell_text(values[TIME])
    timing, due_date = None, None
    try:
        timing, due_date = parse_timing(time_text)
    except TimingError:
        if time_text:
            errors.append(
                _(
                    "Cannot read the time “%(value)s”: write e.g. “Hoàn thành trong tháng "
                    "6/2026”, “Trước ngày 15/9/2026”, “Thường xuyên” or “Định kỳ hàng quý”."
                )
                % {"value": time_text}
            )
        else:
            errors.append(_("“%(column)s” is required.") % {"column": COLUMNS[TIME]})
    if errors:
        return None, errors
    return _CleanRow(
        row=number,
        values={
            "text": text,
            "lead": lead,
            "lead_label": lead_label,
            "partners": partners,
            "partner_organisations": organisations,
            "partners_text": partners_text,
            "timing": timing,
            "due_date": due_date,
        },
    ), []


def plan_tasks_import(*, section: Section, file: IO[bytes]) -> ImportResult:
    """Check every row of the uploaded task table, then add all its tasks at the end of
    `section`, or none."""
    try:
        header, rows = read_first_sheet(file, width=len(COLUMNS), max_rows=MAX_ROWS)
    except ImportFileError as error:
        return ImportResult(errors=[RowError(0, str(error))])
    errors = _check_header(header)
    if errors:
        return ImportResult(errors=errors)
    if not rows:
        return ImportResult(errors=[RowError(0, _("The file has no task below its header."))])
    units = _Units()
    clean: list[_CleanRow] = []
    for number, values in rows:
        row, row_errors = _clean_row(number, values, units)
        errors += [RowError(number, message) for message in row_errors]
        if row is not None:
            clean.append(row)
    if errors:
        return ImportResult(errors=errors)
    return _save(section, clean)


class _Rollback(Exception):
    pass


def _save(section: Section, rows: list[_CleanRow]) -> ImportResult:
    """All the tasks in one transaction; a row the model refuses undoes them all."""
    errors: list[RowError] = []
    try:
        with transaction.atomic():
            plan = Plan.objects.select_for_update().get(pk=section.plan_id)
            section.plan = plan  # checked editable again under the lock
            for row in rows:
                try:
                    services.task_add(section=section, **row.values)
                except ValidationError as error:
                    errors += [RowError(row.row, message) for message in error.messages]
            if errors:
                raise _Rollback
    except _Rollback:
        return ImportResult(errors=errors)
    return ImportResult(created=len(rows))


def plan_tasks_template() -> bytes:
    """A blank task table: header, one example row, and a drop-down list of the ward's
    units on the lead column (any other text may still be typed)."""
    departments = list(Department.objects.filter(is_active=True).values_list("name", flat=True))
    organisations = list(
        MassOrganization.objects.filter(is_active=True).values_list("name", flat=True)
    )
    units = departments + organisations

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    example = list(EXAMPLE_ROW)
    if departments:
        example[LEAD] = departments[0]
    if len(departments) > 1:
        example[PARTNERS] = ", ".join([departments[1], *organisations[:1]])
    sheet.append(COLUMNS)
    sheet.append(example)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for cell in sheet[2]:
        cell.font = Font(italic=True, color="808080")
    for index, width in enumerate(COLUMN_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"

    lists = workbook.create_sheet(LISTS_TITLE)
    lists.column_dimensions["A"].width = 40
    lists.cell(row=1, column=1, value=COLUMNS[LEAD]).font = Font(bold=True)
    for row, name in enumerate(units, start=2):
        lists.cell(row=row, column=1, value=name)
    lists.freeze_panes = "A2"
    if units:
        validation = DataValidation(
            type="list",
            formula1=f"'{LISTS_TITLE}'!$A$2:$A${len(units) + 1}",
            allow_blank=True,
            showErrorMessage=False,  # a unit spelt otherwise is matched on import
        )
        letter = get_column_letter(LEAD + 1)
        validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS}")
        sheet.add_data_validation(validation)

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
