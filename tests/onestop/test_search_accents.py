"""The dossier search finds a name typed without accents, in any case, or in part;
receipt codes and phones are still matched exactly. On SQLite and on PostgreSQL."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from onestop.models import Case
from onestop.selectors import CaseFilter, cases_filtered
from portal.search import fold_function_sql
from portal.text import fold, search_terms


def _found(*queries: str) -> list[set[str]]:
    return [
        set(
            cases_filtered(Case.objects.all(), CaseFilter(q=q)).values_list(
                "applicant_name", flat=True
            )
        )
        for q in queries
    ]


@pytest.fixture
def applicants(receive, procedure):
    return {
        name: receive(procedure, applicant_name=name, applicant_phone=phone)
        for name, phone in (
            ("Trần Thị Hoa", "0912000001"),
            ("Đỗ Văn Dũng", "0912000002"),
            ("Nguyễn Đức Anh", "0912000003"),
        )
    }


def test_fold_strips_vietnamese_accents_and_d_bar():
    assert fold("Trần Thị Hoà ĐỖ ĐặNG Ưỡng") == "tran thi hoa do dang uong"
    assert fold("Tra\u0300n") == "tran"  # decomposed (NFD) input too
    assert search_terms("  TRAN   thi  ") == "tran thi"


def test_a_name_without_accents_in_any_case_or_in_part_is_found(applicants):
    hoa = {"Trần Thị Hoa"}
    assert (
        _found("tran thi hoa", "TRAN THI HOA", "thi hoa", "Trần Thị Hoa", "tRầN  tHị") == [hoa] * 5
    )


def test_d_bar_and_d_match_each_other(applicants):
    assert _found("do van", "Đỗ", "đo", "DUNG") == [{"Đỗ Văn Dũng"}] * 4
    assert _found("duc")[0] == {"Nguyễn Đức Anh"}
    assert _found("d")[0] == {"Đỗ Văn Dũng", "Nguyễn Đức Anh"}


def test_a_search_that_matches_nothing_finds_nothing(applicants):
    assert _found("hoang", "thi hoa x", "tran van") == [set()] * 3


def test_receipt_code_and_phone_are_still_found(applicants):
    hoa = applicants["Trần Thị Hoa"]
    assert (
        _found(hoa.receipt_code, hoa.receipt_code.lower(), "0912 000 001", "+84912000001")
        == [{"Trần Thị Hoa"}] * 4
    )


def test_the_list_page_finds_without_accents_in_the_same_number_of_queries(
    client, applicants, desk
):
    client.force_login(desk)
    client.get("/onestop/")
    with CaptureQueriesContext(connection) as plain:
        page = client.get("/onestop/").content.decode()
    with CaptureQueriesContext(connection) as searched:
        found = client.get("/onestop/", {"q": "tran thi hoa"}).content.decode()
    assert "Trần Thị Hoa" in found and "Đỗ Văn Dũng" not in found
    assert "Đỗ Văn Dũng" in page
    assert len(searched) == len(plain)


def test_apology_list_and_procedure_list_search_without_accents(client, applicants, desk):
    client.force_login(desk)
    procedures = client.get("/onestop/procedures/", {"q": "tinh trang hon nhan"}).content.decode()
    assert "Cấp giấy xác nhận tình trạng hôn nhân" in procedures
    assert client.get("/onestop/apology/", {"q": "tran thi"}).status_code == 200


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's unaccent")
def test_postgresql_folds_every_vietnamese_letter_as_python_does(db):
    letters = (
        "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
    )
    text = letters + letters.upper() + " Tra\u0300n"
    # Without the unaccent extension, portal_fold is a translate() that must agree too.
    fallback = fold_function_sql(None).replace("portal_fold(", "portal_fold_fallback(")
    with connection.cursor() as cursor:
        cursor.execute(fallback)
        cursor.execute("SELECT portal_fold(%s), portal_fold_fallback(%s)", [text, text])
        assert cursor.fetchone() == (fold(text), fold(text))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's trigram index")
def test_postgresql_searches_the_name_through_the_trigram_index(applicants):
    qs = cases_filtered(Case.objects.all(), CaseFilter(q="thi hoa"))
    with connection.cursor() as cursor:
        # Only a bitmap scan left: it needs an index whose expression matches the search.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = qs.order_by().explain()
    assert "case_name_fold_trgm" in plan
