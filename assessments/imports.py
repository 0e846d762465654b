"""Excel (.xlsx) import of a criteria set, and its template.

As the other imports (onestop/imports.py): every row is checked first, each wrong row is
reported with its Excel row number, and nothing is saved until the whole file is clean.
One row per sub-criterion; the criterion's code and name are given on its rows (the name
may be left empty after its first row)."""

from __future__ import annotations

import dataclasses
import io
import re
from decimal import Decimal, InvalidOperation
from typing import IO

import openpyxl
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from assessments import services
from assessments.models import CriteriaSet, Criterion, SubCriterion
from assessments.rules import RULES
from portal.imports import ImportFileError, RowError, cell_text, read_first_sheet

COLUMNS = (
    "Mã tiêu chí",
    "Tên tiêu chí",
    "Mã tiêu chí thành phần",
    "Nội dung tiêu chí thành phần",
    "Điểm tối đa",
    "Hướng dẫn chấm điểm",
    "Tài liệu kiểm chứng",
    "Quy tắc tự động",
    "Ngưỡng của quy tắc",
)
C_CODE, C_NAME, S_CODE, S_TEXT, MAX, GUIDANCE, EVIDENCE, RULE, THRESHOLD = range(len(COLUMNS))
SHEET_TITLE = "Bộ tiêu chí"
EXAMPLE_ROWS = (
    (
        "1",
        "Công khai, minh bạch",
        "1.1",
        "Niêm yết công khai đầy đủ TTHC tại Bộ phận Một cửa và trên trang thông tin điện tử",
        2,
        "Đầy đủ: 2 điểm; không đầy đủ: 0 điểm",
        "Ảnh chụp bảng niêm yết; đường dẫn trang tin",
        "",
        "",
    ),
    (
        "1",
        "",
        "1.2",
        "Tỷ lệ hồ sơ TTHC giải quyết đúng hạn",
        3,
        "Từ 98% trở lên: 3 điểm; dưới 98%: 0 điểm",
        "Số liệu Hệ thống một cửa điện tử",
        "on_time",
        98,
    ),
)
COLUMN_WIDTHS = (10, 36, 12, 60, 10, 40, 40, 22, 12)
MAX_ROWS = 1000
CODE_RE = re.compile(r"^[0-9A-Za-z]+(\.[0-9A-Za-z]+)*$")


@dataclasses.dataclass
class ImportResult:
    """Outcome of an import: nothing was saved unless `ok`."""

    criteria_set: CriteriaSet | None = None
    criteria: int = 0
    subs: int = 0
    errors: list[RowError] = dataclasses.field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def criteria_set_template() -> bytes:
    """A workbook with the header, two example rows and the rule keys."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    bold = Font(bold=True)
    for column, title in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=column, value=title)
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(column)].width = COLUMN_WIDTHS[column - 1]
    for row, values in enumerate(EXAMPLE_ROWS, start=2):
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=column, value=value)
            if column - 1 in (C_CODE, S_CODE):
                cell.number_format = "@"  # "1.1" stays text, not the number 1.1
    sheet.freeze_panes = "A2"
    rules = workbook.create_sheet("Quy tắc")
    rules.cell(row=1, column=1, value=COLUMNS[RULE]).font = bold
    rules.cell(row=1, column=2, value="Ý nghĩa").font = bold
    rules.column_dimensions["A"].width = 30
    rules.column_dimensions["B"].width = 70
    for row, (key, rule) in enumerate(RULES.items(), start=2):
        rules.cell(row=row, column=1, value=key)
        rules.cell(row=row, column=2, value=str(rule.label))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _points(text: str) -> Decimal | None:
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None
    if not value.is_finite() or value < 0 or value >= 10000:
        return None
    return value.quantize(Decimal("0.01"))


def criteria_set_import(
    *, file: IO[bytes], name: str, legal_source: str, year: int, thresholds: str
) -> ImportResult:
    result = ImportResult()
    try:
        parsed_thresholds = services.thresholds_parse(thresholds)
    except Exception as error:  # ValidationError: one message
        result.errors.append(RowError(0, " ".join(getattr(error, "messages", [str(error)]))))
    if CriteriaSet.objects.filter(name=name.strip(), year=year).exists():
        result.errors.append(
            RowError(0, _("A set of that name already exists for %(year)s.") % {"year": year})
        )
    try:
        _header, rows = read_first_sheet(file, width=len(COLUMNS), max_rows=MAX_ROWS)
    except ImportFileError as error:
        result.errors.append(RowError(0, str(error)))
        return result
    criteria: dict[str, dict] = {}
    seen_subs: set[tuple[str, str]] = set()
    for number, values in rows:
        cells = [cell_text(v) for v in values[: len(COLUMNS)]]
        problems = []
        c_code, c_name, s_code, s_text = cells[C_CODE], cells[C_NAME], cells[S_CODE], cells[S_TEXT]
        if not CODE_RE.match(c_code):
            problems.append(_("the criterion's code is missing or not like “1” or “2”"))
        if not CODE_RE.match(s_code):
            problems.append(_("the sub-criterion's code is missing or not like “1.1”"))
        if not s_text:
            problems.append(_("the sub-criterion's text is missing"))
        points = _points(cells[MAX])
        if points is None:
            problems.append(_("the maximum points are not a number from 0"))
        rule = cells[RULE]
        if rule and rule not in RULES:
            problems.append(
                _("unknown rule “%(rule)s” (known: %(known)s)")
                % {"rule": rule, "known": ", ".join(RULES)}
            )
        rule_threshold = None
        if cells[THRESHOLD]:
            rule_threshold = _points(cells[THRESHOLD])
            if rule_threshold is None:
                problems.append(_("the rule's threshold is not a number"))
        if rule and rule_threshold is None:
            problems.append(_("a rule needs its threshold"))
        criterion = criteria.get(c_code)
        if c_code and criterion is None:
            if not c_name:
                problems.append(_("the criterion's name is missing on its first row"))
            criterion = {"name": c_name, "subs": [], "row": number}
            if CODE_RE.match(c_code):
                criteria[c_code] = criterion
        elif criterion is not None and c_name and c_name != criterion["name"]:
            problems.append(
                _("criterion %(code)s already has another name on row %(row)s")
                % {"code": c_code, "row": criterion["row"]}
            )
        if (c_code, s_code) in seen_subs:
            problems.append(_("sub-criterion %(code)s appears twice") % {"code": s_code})
        seen_subs.add((c_code, s_code))
        if problems:
            message = "; ".join(problems)
            result.errors.append(RowError(number, message[:1].upper() + message[1:] + "."))
            continue
        criterion["subs"].append(
            {
                "code": s_code,
                "text": s_text,
                "max_points": points,
                "guidance": cells[GUIDANCE],
                "evidence_expected": cells[EVIDENCE],
                "rule": rule,
                "rule_threshold": rule_threshold,
            }
        )
    if not rows:
        result.errors.append(RowError(0, _("The file has no sub-criteria.")))
    if result.errors:
        return result
    with transaction.atomic():
        criteria_set = services.criteria_set_create(
            name=name, legal_source=legal_source, year=year, thresholds=parsed_thresholds
        )
        for order, (code, data) in enumerate(criteria.items(), start=1):
            criterion = Criterion.objects.create(
                criteria_set=criteria_set, code=code, name=data["name"][:500], order=order
            )
            SubCriterion.objects.bulk_create(
                SubCriterion(criterion=criterion, order=i, **sub)
                for i, sub in enumerate(data["subs"], start=1)
            )
            result.subs += len(data["subs"])
        result.criteria = len(criteria)
        result.criteria_set = criteria_set
    return result
