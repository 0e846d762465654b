"""The papers a procedure requires (thành phần hồ sơ): the catalogue's second sheet,
admin, the procedure list and the demo data."""

import io

import openpyxl
import pytest
from django.contrib.admin.sites import site

from onestop.demo import PAPERS, PROCEDURES, seed_onestop_demo
from onestop.imports import (
    COLUMNS,
    PAPER_COLUMNS,
    PAPERS_TITLE,
    SHEET_TITLE,
    ImportResult,
    procedure_catalogue_import,
    procedure_catalogue_template,
)
from onestop.models import PaperKind, Procedure, ProcedurePaper
from tests.factories import ProcedureFieldFactory

pytestmark = pytest.mark.django_db

KHAI_SINH = ("1.001193", "Đăng ký khai sinh", "Hộ tịch", "Tư pháp - Hộ tịch", 0, "", "Có")
KET_HON = ("1.000894", "Đăng ký kết hôn", "Hộ tịch", "Tư pháp - Hộ tịch", 0, "", "Có")
KHAI_SINH_PAPERS = [
    ("1.001193", 1, "Tờ khai đăng ký khai sinh", 1, "Bản chính", "Có"),
    ("1.001193", 2, "Giấy chứng sinh", None, "bản chính", None),
    ("1.001193", 3, "Văn bản ủy quyền", 1, "Bản sao có chứng thực", "Không"),
    ("1.001193", 4, "Giấy tờ chứng minh nơi cư trú", 2, "Bản chụp", "Không"),
]


@pytest.fixture
def catalogue(department):
    ProcedureFieldFactory(name="Hộ tịch", code="ho-tich")
    return department


def workbook(*rows, papers=None, papers_header=PAPER_COLUMNS, papers_title=PAPERS_TITLE):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = SHEET_TITLE
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append(list(row))
    if papers is not None:
        second = book.create_sheet(papers_title)
        second.append(list(papers_header))
        for row in papers:
            second.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def run(*rows, **kwargs) -> ImportResult:
    return procedure_catalogue_import(file=workbook(*rows, **kwargs))


def paper_list(code: str) -> list[tuple]:
    return list(
        ProcedurePaper.objects.filter(procedure__code=code)
        .order_by("order", "pk")
        .values_list("order", "name", "count", "kind", "required")
    )


def errors_of(result: ImportResult) -> list[tuple[str, int]]:
    return sorted({(error.sheet, error.row) for error in result.errors})


# --- Template --------------------------------------------------------------------------


def test_template_has_the_sheet_of_papers_with_its_headers(catalogue):
    book = openpyxl.load_workbook(io.BytesIO(procedure_catalogue_template()))

    assert book.sheetnames == [SHEET_TITLE, PAPERS_TITLE, "Danh sách"]
    papers = book[PAPERS_TITLE]
    assert [cell.value for cell in papers[1]] == list(PAPER_COLUMNS)
    assert papers["A1"].font.bold
    assert papers.freeze_panes == "A2"
    assert "replaced" in papers["A1"].comment.text or "thay" in papers["A1"].comment.text
    formulas = {v.formula1 for v in papers.data_validations.dataValidation}
    assert '"Bản chính,Bản sao chứng thực,Bản sao"' in formulas
    assert '"Có,Không"' in formulas


def test_template_example_papers_import_with_the_example_procedure(catalogue):
    result = procedure_catalogue_import(file=io.BytesIO(procedure_catalogue_template()))

    assert result.ok, result.errors
    assert (result.created, result.paper_procedures, result.papers) == (1, 1, 2)
    assert [name for _o, name, *_rest in paper_list("1.001193")] == [
        "Tờ khai đăng ký khai sinh",
        "Giấy chứng sinh",
    ]


# --- Import ------------------------------------------------------------------------------


def test_papers_import_in_order_with_kind_and_required(catalogue):
    shuffled = [KHAI_SINH_PAPERS[2], KHAI_SINH_PAPERS[0], KHAI_SINH_PAPERS[3], KHAI_SINH_PAPERS[1]]

    result = run(KHAI_SINH, papers=shuffled)

    assert result.ok, result.errors
    assert (result.created, result.paper_procedures, result.papers) == (1, 1, 4)
    assert paper_list("1.001193") == [
        (1, "Tờ khai đăng ký khai sinh", 1, PaperKind.ORIGINAL, True),
        (2, "Giấy chứng sinh", 1, PaperKind.ORIGINAL, True),  # blank count and required
        (3, "Văn bản ủy quyền", 1, PaperKind.CERTIFIED, False),
        (4, "Giấy tờ chứng minh nơi cư trú", 2, PaperKind.COPY, False),
    ]


@pytest.mark.parametrize(
    ("word", "kind"),
    [
        ("Bản chính", PaperKind.ORIGINAL),
        ("original", PaperKind.ORIGINAL),
        ("", PaperKind.ORIGINAL),
        ("Bản sao chứng thực", PaperKind.CERTIFIED),
        ("  bản sao CÓ chứng thực ", PaperKind.CERTIFIED),
        ("certified", PaperKind.CERTIFIED),
        ("Bản sao", PaperKind.COPY),
        ("Bản chụp", PaperKind.COPY),
        ("COPY", PaperKind.COPY),
    ],
)
def test_kind_accepts_the_vietnamese_words_and_the_codes(catalogue, word, kind):
    result = run(KHAI_SINH, papers=[("1.001193", 1, "Giấy chứng sinh", 1, word, "Có")])

    assert result.ok, result.errors
    assert ProcedurePaper.objects.get().kind == kind


def test_blank_order_follows_the_previous_paper_of_the_procedure(catalogue):
    result = run(
        KHAI_SINH,
        KET_HON,
        papers=[
            ("1.001193", None, "Tờ khai đăng ký khai sinh", 1, "Bản chính", "Có"),
            ("1.000894", None, "Tờ khai đăng ký kết hôn", 1, "Bản chính", "Có"),
            ("1.001193", None, "Giấy chứng sinh", 1, "Bản chính", "Có"),
            ("1.001193", 10, "Văn bản ủy quyền", 1, "Bản sao", "Không"),
            ("1.001193", "", "Giấy tờ khác", 1, "Bản sao", "Không"),
        ],
    )

    assert result.ok, result.errors
    assert [(order, name) for order, name, *_rest in paper_list("1.001193")] == [
        (1, "Tờ khai đăng ký khai sinh"),
        (2, "Giấy chứng sinh"),
        (10, "Văn bản ủy quyền"),
        (11, "Giấy tờ khác"),
    ]
    assert [order for order, *_rest in paper_list("1.000894")] == [1]


def test_reimport_replaces_the_list_of_a_named_procedure_and_leaves_others(catalogue):
    ket_hon_papers = [("1.000894", 1, "Tờ khai đăng ký kết hôn", 1, "Bản chính", "Có")]
    run(KHAI_SINH, KET_HON, papers=KHAI_SINH_PAPERS + ket_hon_papers)
    assert len(paper_list("1.001193")) == 4

    result = run(
        KHAI_SINH,
        KET_HON,
        papers=[("1.001193", 1, "Tờ khai đăng ký khai sinh (mẫu mới)", 1, "Bản chính", "Có")],
    )

    assert result.ok, result.errors
    assert (result.unchanged, result.paper_procedures, result.papers) == (2, 1, 1)
    assert paper_list("1.001193") == [
        (1, "Tờ khai đăng ký khai sinh (mẫu mới)", 1, PaperKind.ORIGINAL, True)
    ]
    assert paper_list("1.000894") == [(1, "Tờ khai đăng ký kết hôn", 1, PaperKind.ORIGINAL, True)]


def test_papers_may_name_a_procedure_already_in_the_catalogue(catalogue):
    run(KHAI_SINH)

    result = run(KET_HON, papers=KHAI_SINH_PAPERS[:1])

    assert result.ok, result.errors
    assert (result.created, result.paper_procedures) == (1, 1)
    assert len(paper_list("1.001193")) == 1


def test_a_file_without_the_sheet_of_papers_keeps_every_list(catalogue):
    run(KHAI_SINH, papers=KHAI_SINH_PAPERS)

    result = run(KHAI_SINH, KET_HON)

    assert result.ok, result.errors
    assert (result.created, result.unchanged, result.paper_procedures) == (1, 1, 0)
    assert len(paper_list("1.001193")) == 4


def test_an_empty_sheet_of_papers_changes_no_list(catalogue):
    run(KHAI_SINH, papers=KHAI_SINH_PAPERS)

    result = run(KHAI_SINH, papers=[])

    assert result.ok, result.errors
    assert len(paper_list("1.001193")) == 4


def test_sheet_of_papers_is_found_by_name_whatever_its_place_and_case(catalogue):
    upload = workbook(KHAI_SINH, papers=KHAI_SINH_PAPERS, papers_title="THÀNH PHẦN HỒ SƠ")
    book = openpyxl.load_workbook(upload)
    book.create_sheet("Ghi chú", 1)
    buffer = io.BytesIO()
    book.save(buffer)

    result = procedure_catalogue_import(file=buffer)

    assert result.ok, result.errors
    assert result.papers == 4


@pytest.mark.parametrize(
    ("paper", "needle"),
    [
        (("1.001193", 2, "Giấy chứng sinh", 1, "Bản photo", "Có"), "Bản photo"),
        (("9.999999", 2, "Giấy chứng sinh", 1, "Bản chính", "Có"), "9.999999"),
        (("1.001193", 2, "", 1, "Bản chính", "Có"), PAPER_COLUMNS[2]),
        (("1.001193", 2, "Giấy chứng sinh", 0, "Bản chính", "Có"), PAPER_COLUMNS[3]),
        (("1.001193", 2, "Giấy chứng sinh", "hai", "Bản chính", "Có"), "hai"),
        (("1.001193", 2, "Giấy chứng sinh", 1, "Bản chính", "Có lẽ"), "Có lẽ"),
        (("1.001193", 0, "Giấy chứng sinh", 1, "Bản chính", "Có"), PAPER_COLUMNS[1]),
        (("1.001193", 2, "G" * 301, 1, "Bản chính", "Có"), "300"),
        (("", 2, "Giấy chứng sinh", 1, "Bản chính", "Có"), PAPER_COLUMNS[0]),
    ],
)
def test_a_bad_paper_row_is_reported_with_its_sheet_and_row_and_nothing_is_saved(
    catalogue, paper, needle
):
    good = KHAI_SINH_PAPERS[0]

    result = run(KHAI_SINH, KET_HON, papers=[good, paper])

    assert not result.ok
    assert errors_of(result) == [(PAPERS_TITLE, 3)]
    assert len(result.errors) == 1
    assert needle in result.errors[0].message
    assert not Procedure.objects.exists()  # the first sheet's procedures are not saved either
    assert not ProcedurePaper.objects.exists()


def test_a_bad_paper_row_leaves_existing_lists_and_procedures_untouched(catalogue):
    run(KHAI_SINH, papers=KHAI_SINH_PAPERS)
    changed = KHAI_SINH[:4] + (5,) + KHAI_SINH[5:]

    result = run(
        changed,
        papers=[
            ("1.001193", 1, "Tờ khai mới", 1, "Bản chính", "Có"),
            ("1.000894", 1, "Tờ khai đăng ký kết hôn", 1, "Bản chính", "Có"),  # unknown
        ],
    )

    assert errors_of(result) == [(PAPERS_TITLE, 3)]
    assert "1.000894" in result.errors[0].message
    assert Procedure.objects.get().processing_days == 0
    assert len(paper_list("1.001193")) == 4


def test_errors_of_both_sheets_are_reported_together(catalogue):
    bad_procedure = ("1.000894", "", "Hộ tịch", "Tư pháp - Hộ tịch", 0, "", "Có")

    result = run(
        KHAI_SINH,
        bad_procedure,
        papers=[
            ("1.000894", 1, "Tờ khai", 1, "Bản chính", "Có"),  # its procedure's row is wrong
            ("1.001193", 1, "Tờ khai", 1, "Bản chính", "Có"),
            ("1.001193", 1, "Giấy chứng sinh", 1, "Bản chính", "Có"),  # number 1 again
        ],
    )

    assert errors_of(result) == [(SHEET_TITLE, 3), (PAPERS_TITLE, 4)]
    assert "3" in [e for e in result.errors if e.sheet == PAPERS_TITLE][0].message
    assert not Procedure.objects.exists()


def test_wrong_header_of_the_sheet_of_papers_is_reported(catalogue):
    header = list(PAPER_COLUMNS)
    header[4] = "Loại"

    result = run(KHAI_SINH, papers=KHAI_SINH_PAPERS, papers_header=header)

    assert errors_of(result) == [(PAPERS_TITLE, 1)]
    assert "Loại" in result.errors[0].message and "E" in result.errors[0].message
    assert not Procedure.objects.exists()


def test_import_with_papers_keeps_a_bounded_number_of_queries(
    catalogue, django_assert_max_num_queries
):
    rows = [(f"1.{n:06}", f"Thủ tục {n}", "Hộ tịch", "Tư pháp - Hộ tịch", 1) for n in range(30)]
    papers = [
        (f"1.{n:06}", k, f"Giấy tờ {k}", 1, "Bản chính", "Có") for n in range(30) for k in (1, 2)
    ]
    run(*rows[:10], papers=papers[:20])

    with django_assert_max_num_queries(14):
        result = run(*rows, papers=papers)

    assert result.ok, result.errors
    assert ProcedurePaper.objects.count() == 60


def test_import_page_lists_the_sheet_of_each_problem(client, office, catalogue):
    client.force_login(office)
    upload = workbook(KHAI_SINH, papers=[("1.001193", 1, "Tờ khai", 1, "Bản photo", "Có")])
    upload.name = "danh-muc.xlsx"

    body = client.post("/onestop/procedures/import/", {"file": upload}).content.decode()

    assert f"<td>{PAPERS_TITLE}</td><td>2</td>" in body
    assert not Procedure.objects.exists()


# --- Admin and the procedure list --------------------------------------------------------


def test_procedure_list_shows_the_paper_count_without_a_query_per_row(
    client, desk, catalogue, django_assert_max_num_queries
):
    run(KHAI_SINH, KET_HON, papers=KHAI_SINH_PAPERS)
    for n in range(20):
        Procedure.objects.create(
            code=f"9.{n:06}",
            name=f"Thủ tục {n}",
            field=Procedure.objects.get(code="1.001193").field,
            department=catalogue,
            processing_days=1,
        )
    client.force_login(desk)
    client.get("/onestop/procedures/")  # warm the session and caches

    with django_assert_max_num_queries(12):
        response = client.get("/onestop/procedures/")

    rows = {p.code: p.paper_count for p in response.context["page"]}
    assert (rows["1.001193"], rows["1.000894"]) == (4, 0)


def test_procedure_admin_has_the_papers_inline_and_their_count(admin_client, catalogue):
    run(KHAI_SINH, papers=KHAI_SINH_PAPERS)
    procedure = Procedure.objects.get()
    model_admin = site._registry[Procedure]

    assert "paper_count" in model_admin.list_display
    changelist = admin_client.get("/admin/onestop/procedure/")
    assert changelist.status_code == 200
    assert changelist.context["cl"].result_list[0].paper_count == 4
    change = admin_client.get(f"/admin/onestop/procedure/{procedure.pk}/change/")
    assert change.status_code == 200
    body = change.content.decode()
    assert "Giấy chứng sinh" in body
    assert body.index("Tờ khai đăng ký khai sinh") < body.index("Giấy chứng sinh")


# --- Demo ----------------------------------------------------------------------------------


@pytest.fixture
def demo_ground(ward, desk):
    from portal.models import Department, ProcedureField

    for code in ("tu-phap", "dia-chinh", "van-hoa"):
        Department.objects.get_or_create(code=code, defaults={"name": code})
    for code in ("tu-phap", "dia-chinh", "xay-dung", "ldtbxh", "van-hoa", "giao-duc"):
        ProcedureField.objects.get_or_create(code=code, defaults={"name": code})


def test_every_demo_procedure_has_a_list_of_papers():
    assert {code for code, *_rest in PROCEDURES} == set(PAPERS)
    assert all(any(required for *_rest, required in papers) for papers in PAPERS.values())


def test_demo_seeding_gives_the_procedures_their_papers_idempotently(demo_ground):
    seed_onestop_demo(cases=5)
    first = list(ProcedurePaper.objects.order_by("pk").values_list("pk", "procedure__code", "name"))
    seed_onestop_demo(cases=5)

    assert (
        list(ProcedurePaper.objects.order_by("pk").values_list("pk", "procedure__code", "name"))
        == first
    )
    assert [name for _o, name, *_rest in paper_list("1.001193")][:3] == [
        "Tờ khai đăng ký khai sinh theo mẫu",
        "Giấy chứng sinh hoặc giấy tờ thay thế giấy chứng sinh",
        "Giấy tờ tùy thân của người đi đăng ký (xuất trình)",
    ]
    chung_thuc = paper_list("2.000908")
    assert [(name, kind) for _o, name, _c, kind, _r in chung_thuc] == [
        ("Bản chính giấy tờ, văn bản làm cơ sở để chứng thực bản sao", PaperKind.ORIGINAL),
        ("Bản sao cần chứng thực", PaperKind.COPY),
    ]
    assert ProcedurePaper.objects.values("procedure").distinct().count() == len(PROCEDURES)
