import io
import unicodedata
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from onestop.imports import (
    COLUMNS,
    ImportResult,
    procedure_catalogue_import,
    procedure_catalogue_template,
)
from onestop.models import Procedure
from tests.factories import ProcedureFieldFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hotich(db):
    return ProcedureFieldFactory(name="Hộ tịch", code="ho-tich")


@pytest.fixture
def chungthuc(db):
    return ProcedureFieldFactory(name="Chứng thực", code="chung-thuc")


@pytest.fixture
def diachinh(other_department):
    return other_department


def workbook(*rows, header=COLUMNS) -> io.BytesIO:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def run(*rows, header=COLUMNS) -> ImportResult:
    return procedure_catalogue_import(file=workbook(*rows, header=header))


def rows_with_errors(result: ImportResult) -> list[int]:
    return sorted({error.row for error in result.errors})


def messages(result: ImportResult, row: int) -> str:
    return " | ".join(error.message for error in result.errors if error.row == row)


CLEAN_ROWS = [
    ("1.001193", "Đăng ký khai sinh", "Hộ tịch", "Tư pháp - Hộ tịch", 0, None, "Có"),
    ("2.000635", "Cấp bản sao trích lục hộ tịch", "Hộ tịch", "Tư pháp - Hộ tịch", 1.0, 8000, "x"),
    (
        "1.003005",
        "Chứng thực chữ ký",
        "Chứng thực",
        "Địa chính - Xây dựng",
        "3",
        "10.000 đồng",
        "Không",
    ),
]


def test_clean_file_creates_every_procedure(hotich, chungthuc, department, diachinh):
    result = run(*CLEAN_ROWS)

    assert result.ok, result.errors
    assert (result.created, result.updated) == (3, 0)
    khai_sinh = Procedure.objects.get(code="1.001193")
    assert khai_sinh.name == "Đăng ký khai sinh"
    assert (khai_sinh.field, khai_sinh.department) == (hotich, department)
    assert (khai_sinh.processing_days, khai_sinh.fee, khai_sinh.is_active) == (0, "", True)
    trich_luc = Procedure.objects.get(code="2.000635")
    assert (trich_luc.processing_days, trich_luc.fee, trich_luc.is_active) == (1, "8000", True)
    chung_thuc = Procedure.objects.get(code="1.003005")
    assert (chung_thuc.field, chung_thuc.department) == (chungthuc, diachinh)
    assert (chung_thuc.processing_days, chung_thuc.fee) == (3, "10.000 đồng")
    assert chung_thuc.is_active is False


def test_reimport_updates_by_code(hotich, chungthuc, department, diachinh):
    run(*CLEAN_ROWS)
    changed = [row[:4] + (7,) + row[5:] for row in CLEAN_ROWS]

    result = run(*changed)

    assert result.ok, result.errors
    assert (result.created, result.updated) == (0, 3)
    assert Procedure.objects.count() == 3
    assert set(Procedure.objects.values_list("processing_days", flat=True)) == {7}


def test_reimport_of_same_file_changes_nothing(hotich, chungthuc, department, diachinh):
    run(*CLEAN_ROWS)

    result = run(*CLEAN_ROWS)

    assert result.ok
    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)


def test_mixed_file_adds_new_and_updates_existing(hotich, department):
    run(CLEAN_ROWS[0])

    result = run(
        ("1.001193", "Đăng ký khai sinh (sửa)", "Hộ tịch", "Tư pháp - Hộ tịch", 0, "", ""),
        ("1.000001", "Đăng ký kết hôn", "Hộ tịch", "Tư pháp - Hộ tịch", 0, "", ""),
    )

    assert (result.created, result.updated) == (1, 1)
    assert Procedure.objects.get(code="1.001193").name == "Đăng ký khai sinh (sửa)"


def test_bad_rows_are_reported_and_nothing_is_imported(hotich, department):
    run(CLEAN_ROWS[0])
    good = ("1.000001", "Đăng ký kết hôn", "Hộ tịch", "Tư pháp - Hộ tịch", 5, "", "Có")

    result = run(
        good,  # row 2
        ("1.001193", "Đăng ký khai sinh", "Đất đai", "Tư pháp - Hộ tịch", 99, "", ""),  # row 3
        ("1.000002", *good[1:]),  # row 4
        ("1.000003", "", "Hộ tịch", "Phòng ma", "ba ngày", "", "Có lẽ"),  # row 5
    )

    assert not result.ok
    assert rows_with_errors(result) == [3, 5]
    assert "Đất đai" in messages(result, 3)
    row5 = [error.message for error in result.errors if error.row == 5]
    assert len(row5) == 4  # name missing, unknown department, bad days, bad "in use"
    assert any("Phòng ma" in message for message in row5)
    assert any("ba ngày" in message for message in row5)
    assert any("Có lẽ" in message for message in row5)
    assert any(COLUMNS[1] in message for message in row5)
    assert (result.created, result.updated) == (0, 0)
    assert Procedure.objects.count() == 1
    assert Procedure.objects.get(code="1.001193").processing_days == 0


def test_blank_rows_are_skipped_and_row_numbers_stay_true(hotich, department):
    result = run(
        ("1.000001", "Đăng ký kết hôn", "Hộ tịch", "Tư pháp - Hộ tịch", 5, "", ""),  # row 2
        (None,) * len(COLUMNS),  # row 3
        ("", "  ", None, None, None, None, None),  # row 4
        ("1.000002", "Đăng ký nhận cha, mẹ, con", "Hộ tịch", "Tư pháp - Hộ tịch", 400),  # row 5
    )

    assert rows_with_errors(result) == [5]
    assert "400" in messages(result, 5)


@pytest.mark.parametrize(("days", "expected"), [(0, 0), (365, 365), (12.0, 12), (" 15 ", 15)])
def test_processing_time_accepts_whole_days(hotich, department, days, expected):
    result = run(("1.000001", "Đăng ký kết hôn", "Hộ tịch", "Tư pháp - Hộ tịch", days))

    assert result.ok, result.errors
    assert Procedure.objects.get().processing_days == expected


@pytest.mark.parametrize("days", [366, -1, 2.5, "1,5", True, None])
def test_processing_time_refuses_anything_else(hotich, department, days):
    result = run(("1.000001", "Đăng ký kết hôn", "Hộ tịch", "Tư pháp - Hộ tịch", days))

    assert rows_with_errors(result) == [2]
    assert len(result.errors) == 1
    if days is not None:
        assert str(days) in result.errors[0].message
    assert not Procedure.objects.exists()


def test_too_long_code_and_name_are_reported(hotich, department):
    result = run(("X" * 51, "N" * 501, "Hộ tịch", "Tư pháp - Hộ tịch", 1))

    assert rows_with_errors(result) == [2]
    assert len(result.errors) == 2
    assert "50" in result.errors[0].message
    assert "500" in result.errors[1].message


def test_duplicate_code_is_reported_on_the_later_row(hotich, department):
    row = ("1.000001", "Đăng ký kết hôn", "Hộ tịch", "Tư pháp - Hộ tịch", 5)

    result = run(row, CLEAN_ROWS[0], row)

    assert rows_with_errors(result) == [4]
    assert "1.000001" in messages(result, 4)
    assert "2" in messages(result, 4)  # points back to the first row with that code
    assert not Procedure.objects.exists()


def test_field_and_department_match_by_code_and_ignore_case(hotich, department):
    result = run(
        ("1.000001", "Đăng ký kết hôn", "  HO-TICH ", "TU-PHAP", 5),
        ("1.000002", "Đăng ký khai tử", "hộ TỊCH", " tư pháp - hộ tịch", 3),
    )

    assert result.ok, result.errors
    assert set(Procedure.objects.values_list("field", "department").distinct()) == {
        (hotich.pk, department.pk)
    }


def test_decomposed_vietnamese_matches(hotich, department):
    decomposed = unicodedata.normalize("NFD", "Hộ tịch")
    assert decomposed != "Hộ tịch"

    result = run(("1.000001", "Đăng ký kết hôn", decomposed, department.name, 5))

    assert result.ok, result.errors


def test_wrong_header_is_reported(hotich, department):
    header = list(COLUMNS)
    header[2] = "Lĩnh vực TTHC"
    header[6] = None
    result = run(CLEAN_ROWS[0], header=header)

    assert rows_with_errors(result) == [1]
    assert len(result.errors) == 2
    assert "Lĩnh vực TTHC" in result.errors[0].message
    assert "C" in result.errors[0].message
    assert COLUMNS[6] in result.errors[1].message
    assert not Procedure.objects.exists()


def test_extra_header_column_is_reported(hotich, department):
    result = run(CLEAN_ROWS[0], header=[*COLUMNS, "Ghi chú"])

    assert rows_with_errors(result) == [1]
    assert "Ghi chú" in result.errors[0].message


@pytest.mark.parametrize(
    "content",
    [b"not excel", b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF", b""],
)
def test_a_file_that_is_not_excel_is_refused(hotich, department, content):
    result = procedure_catalogue_import(file=io.BytesIO(content))

    assert not result.ok
    assert [error.row for error in result.errors] == [0]
    assert not Procedure.objects.exists()


def test_a_zip_that_is_not_a_workbook_is_refused(db):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "xin chào")

    result = procedure_catalogue_import(file=io.BytesIO(buffer.getvalue()))

    assert [error.row for error in result.errors] == [0]


def test_a_file_over_5_mb_is_refused(db):
    result = procedure_catalogue_import(file=io.BytesIO(b"0" * (5 * 1024 * 1024 + 1)))

    assert [error.row for error in result.errors] == [0]
    assert "5" in result.errors[0].message


def test_uploaded_file_is_accepted(hotich, department):
    upload = SimpleUploadedFile("tthc.xlsx", workbook(CLEAN_ROWS[0]).getvalue())
    upload.read()  # a form may already have read it

    result = procedure_catalogue_import(file=upload)

    assert (result.created, result.updated) == (1, 0)


def test_only_the_first_sheet_is_read(hotich, department):
    book = openpyxl.load_workbook(workbook(CLEAN_ROWS[0]))
    other = book.create_sheet("Ghi chú")
    other.append(["không phải dữ liệu"])
    book.active = 1
    buffer = io.BytesIO()
    book.save(buffer)

    result = procedure_catalogue_import(file=buffer)

    assert (result.created, result.updated) == (1, 0)


def test_query_count_does_not_grow_with_rows(hotich, department, django_assert_max_num_queries):
    run(*[(f"1.{n:06}", f"Thủ tục {n}", "Hộ tịch", "Tư pháp - Hộ tịch", 1) for n in range(10)])
    rows = [(f"1.{n:06}", f"Thủ tục {n}", "ho-tich", "tu-phap", 2) for n in range(60)]

    with django_assert_max_num_queries(10):
        result = run(*rows)

    assert (result.created, result.updated) == (50, 10)


def test_template_opens_and_lists_valid_values(hotich, department):
    content = procedure_catalogue_template()

    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    assert book.sheetnames == ["Danh mục TTHC", "Thành phần hồ sơ", "Danh sách"]
    catalogue = list(book["Danh mục TTHC"].iter_rows(values_only=True))
    assert catalogue[0] == COLUMNS
    assert len(catalogue) == 2
    lists = [value for row in book["Danh sách"].iter_rows(values_only=True) for value in row]
    assert department.name in lists
    assert hotich.name in lists
    book.close()


def test_template_example_row_imports_cleanly(hotich, department):
    result = procedure_catalogue_import(file=io.BytesIO(procedure_catalogue_template()))

    assert result.ok, result.errors
    assert result.created == 1


def test_template_without_reference_data_still_builds(db):
    book = openpyxl.load_workbook(io.BytesIO(procedure_catalogue_template()))

    assert [cell.value for cell in book["Danh mục TTHC"][1]] == list(COLUMNS)
    assert book["Danh mục TTHC"].freeze_panes == "A2"
    assert book["Danh mục TTHC"]["A1"].font.bold
