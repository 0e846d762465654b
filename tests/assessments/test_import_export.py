"""The criteria set's Excel import (each bad row reported, nothing saved until clean),
its template, the scoring table and the PDF report."""

import io
from decimal import Decimal

import openpyxl
import pdfplumber

from assessments import services
from assessments.documents import render_assessment_pdf
from assessments.exports import HEADER, round_sheets
from assessments.imports import COLUMNS, criteria_set_import, criteria_set_template
from assessments.models import CriteriaSet
from plans.services import Upload
from portal.exports import write_xlsx
from tests.assessments.conftest import item

THRESHOLDS = "5 sao: 95\n4 sao: 85\n3 sao: 70"


def _xlsx(rows) -> io.BytesIO:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(COLUMNS)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def _import(rows, **kwargs):
    data = {
        "name": "Bộ tiêu chí CQTT",
        "legal_source": "QĐ 710",
        "year": 2026,
        "thresholds": THRESHOLDS,
    }
    data.update(kwargs)
    return criteria_set_import(file=_xlsx(rows), **data)


def test_a_clean_file_creates_the_set(db):
    result = _import(
        [
            (
                "1",
                "Công khai, minh bạch",
                "1.1",
                "Niêm yết TTHC",
                2,
                "Đủ: 2 điểm",
                "Ảnh chụp",
                "",
                "",
            ),
            ("1", "", "1.2", "Đúng hạn", "3,5", "", "", "on_time", 98),
            ("2", "Thái độ phục vụ", "2.1", "Đeo thẻ", 4.5, "", "", "", ""),
        ]
    )
    assert result.ok, result.errors
    s = result.criteria_set
    assert (result.criteria, result.subs) == (2, 3)
    assert list(s.criteria.values_list("code", "name")) == [
        ("1", "Công khai, minh bạch"),
        ("2", "Thái độ phục vụ"),
    ]
    assert services.set_max_total(s) == Decimal("10")
    sub = s.criteria.get(code="1").subs.get(code="1.2")
    assert (sub.rule, sub.rule_threshold, sub.max_points) == (
        "on_time",
        Decimal(98),
        Decimal("3.5"),
    )
    assert [t.label for t in s.thresholds.all()] == ["5 sao", "4 sao", "3 sao"]


def test_each_bad_row_is_reported_and_nothing_is_saved(db):
    result = _import(
        [
            ("1", "Công khai", "1.1", "Niêm yết", 2, "", "", "", ""),
            ("1", "", "1.1", "Trùng mã", "hai", "", "", "", ""),
            ("", "", "1.3", "", 1, "", "", "unknown", ""),
            ("3", "", "3.1", "Không tên tiêu chí", 1, "", "", "", ""),
        ]
    )
    assert not result.ok
    assert [e.row for e in result.errors] == [3, 4, 5]
    assert "1.1" in result.errors[0].message
    assert "unknown" in result.errors[1].message
    assert not CriteriaSet.objects.exists()


def test_bad_thresholds_and_a_duplicate_name_are_reported(criteria_set):
    result = _import(
        [("1", "A", "1.1", "B", 1, "", "", "", "")],
        name=criteria_set.name,
        thresholds="năm sao",
    )
    assert [e.row for e in result.errors] == [0, 0]
    assert CriteriaSet.objects.count() == 1


def test_not_an_excel_file_is_refused(db):
    result = criteria_set_import(
        file=io.BytesIO(b"not a zip"), name="X", legal_source="", year=2026, thresholds=THRESHOLDS
    )
    assert not result.ok and result.errors[0].row == 0


def test_the_template_has_the_header_and_example_rows_that_import(db):
    wb = openpyxl.load_workbook(io.BytesIO(criteria_set_template()))
    ws = wb.worksheets[0]
    assert tuple(c.value for c in ws[1]) == COLUMNS
    assert ws.max_row == 3
    result = criteria_set_import(
        file=io.BytesIO(criteria_set_template()),
        name="Mẫu",
        legal_source="",
        year=2026,
        thresholds=THRESHOLDS,
    )
    assert result.ok, result.errors


def test_the_scoring_table_has_one_row_per_sub_criterion_with_file_names(
    open_round, officer, tmp_path
):
    services.item_self_score(
        item=item(open_round, "1.1"),
        actor=officer,
        score="35.5",
        explanation="Đủ.",
        files=[Upload(name="anh-niem-yet.pdf", content=b"%PDF-1.4")],
    )
    path = tmp_path / "t.xlsx"
    write_xlsx(round_sheets(open_round), path)
    ws = openpyxl.load_workbook(path).worksheets[0]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    header_at = next(i for i, r in enumerate(rows) if tuple(r) == HEADER)
    data = rows[header_at + 1 :]
    assert [r[2] for r in data] == ["1.1", "1.2", "2.1"]
    assert data[0][6] == 35.5 and data[0][10] == "anh-niem-yet.pdf"


def _pdf_text(content: bytes) -> str:
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return " ".join(" ".join((p.extract_text() or "").split()) for p in pdf.pages)


def test_the_report_prints_the_table_totals_and_rating(ward, open_round, officer, office):
    services.item_self_score(
        item=item(open_round, "1.1"),
        actor=officer,
        score="40",
        explanation="Đủ.",
        files=[Upload(name="bang-niem-yet.pdf", content=b"%PDF-1.4")],
    )
    services.item_review(item=item(open_round, "1.1"), actor=office, score="38", reason="Thiếu QR.")
    text = _pdf_text(render_assessment_pdf(open_round))
    assert "BÁO CÁO" in text
    assert "Kết quả tự đánh giá, chấm điểm" in text
    assert "Niêm yết công khai TTHC" in text
    assert "bang-niem-yet.pdf" in text
    assert "Tổng điểm tự đánh giá: 40/100 điểm; tổng điểm sau thẩm định: 38/100 điểm." in text
    assert "chưa đạt mức xếp loại nào" in text
    assert "Lưu: VT, VP." in text and ";;" not in text


def test_the_scoring_table_keeps_formula_looking_text_as_text(open_round, officer, tmp_path):
    services.item_self_score(
        item=item(open_round, "1.1"), actor=officer, score="1", explanation='=HYPERLINK("x")'
    )
    path = tmp_path / "t.xlsx"
    write_xlsx(round_sheets(open_round), path)
    ws = openpyxl.load_workbook(path).worksheets[0]
    cell = next(c for row in ws.iter_rows() for c in row if c.value == '=HYPERLINK("x")')
    assert cell.data_type == "s"
