import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from portal.models import DocumentNumber
from portal.services import document_number_issue
from tests.conftest import requires_postgres
from tests.factories import DocumentTypeFactory, UserFactory


def test_numbers_run_per_type_and_year(ward, plan_type, report_type):
    day = dt.date(2024, 2, 5)
    first = document_number_issue(doc_type=plan_type, subject="Kế hoạch đối thoại", issued_on=day)
    second = document_number_issue(doc_type=plan_type, subject="Kế hoạch CCHC", issued_on=day)
    report = document_number_issue(doc_type=report_type, subject="Báo cáo quý I", issued_on=day)
    next_year = document_number_issue(
        doc_type=plan_type, subject="Kế hoạch 2025", issued_on=dt.date(2025, 1, 2)
    )
    assert [first.symbol, second.symbol] == ["01/KH-UBND", "02/KH-UBND"]
    assert report.symbol == "01/BC-UBND"
    assert next_year.symbol == "01/KH-UBND" and next_year.year == 2025


def test_a_rolled_back_issue_leaves_no_gap(ward, plan_type):
    document_number_issue(doc_type=plan_type, subject="Một")
    with pytest.raises(RuntimeError), transaction.atomic():
        document_number_issue(doc_type=plan_type, subject="Hai, bị hủy giữa chừng")
        raise RuntimeError("the plan failed to save")
    third = document_number_issue(doc_type=plan_type, subject="Hai")
    assert third.number == 2


def test_a_number_needs_a_subject(ward, plan_type):
    with pytest.raises(ValidationError) as exc:
        document_number_issue(doc_type=plan_type, subject="   ")
    assert "trích yếu" in str(exc.value)


def test_unnumbered_types_are_refused(ward):
    slip = DocumentTypeFactory(
        code="PTN", name="Giấy tiếp nhận", title="GIẤY TIẾP NHẬN", numbered=False
    )
    with pytest.raises(ValidationError):
        document_number_issue(doc_type=slip, subject="x")


def test_the_symbol_uses_the_ward_abbreviation(ward, plan_type):
    ward.abbreviation = "UBND-VP"
    ward.save()
    assert document_number_issue(doc_type=plan_type, subject="x").symbol == "01/KH-UBND-VP"


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_issues_get_distinct_consecutive_numbers(ward, plan_type):
    """Eight officers issue at the same moment: eight numbers, 1 to 8, no duplicate."""
    barrier = threading.Barrier(8)
    errors: list[Exception] = []
    user = UserFactory(username="nguoilay")

    def issue(i: int) -> None:
        try:
            barrier.wait()
            with transaction.atomic():
                document_number_issue(doc_type=plan_type, subject=f"Văn bản {i}", issued_by=user)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    numbers = sorted(DocumentNumber.objects.values_list("number", flat=True))
    assert numbers == list(range(1, 9))


def test_office_issues_a_number_from_the_registry_page(client, office, plan_type):
    client.force_login(office)
    response = client.post(
        "/documents/registry/",
        {"doc_type": plan_type.pk, "subject": "Kế hoạch tuyên truyền", "issued_on": "05/02/2024"},
        follow=True,
    )
    body = response.content.decode()
    assert "Đã cấp số 01/KH-UBND." in body
    record = DocumentNumber.objects.get()
    assert record.issued_on == dt.date(2024, 2, 5) and record.issued_by == office


def test_registry_form_error_keeps_the_typed_subject(client, office, plan_type):
    client.force_login(office)
    response = client.post(
        "/documents/registry/",
        {"doc_type": plan_type.pk, "subject": "Giữ lại", "issued_on": "32/01/2024"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'value="Giữ lại"' in body and "Nhập một ngày hợp lệ" in body
    assert not DocumentNumber.objects.exists()


def test_leader_reads_the_registry_but_cannot_issue(client, leader, plan_type):
    client.force_login(leader)
    assert client.get("/documents/registry/").status_code == 200
    response = client.post("/documents/registry/", {"doc_type": plan_type.pk, "subject": "x"})
    assert response.status_code == 403
    assert not DocumentNumber.objects.exists()


def test_desk_and_departments_cannot_open_the_registry(client, desk, officer):
    for user in (desk, officer):
        client.force_login(user)
        assert client.get("/documents/registry/").status_code == 403


def test_registry_search_filter_and_pagination(client, office, plan_type, report_type):
    for i in range(55):
        document_number_issue(
            doc_type=plan_type, subject=f"Kế hoạch số {i}", issued_on=dt.date(2026, 3, 1)
        )
    document_number_issue(
        doc_type=report_type, subject="Báo cáo sơ kết", issued_on=dt.date(2026, 3, 1)
    )
    client.force_login(office)
    body = client.get("/documents/registry/", {"q": "sơ kết"}).content.decode()
    assert "01/BC-UBND" in body and "KH-UBND" not in body
    body = client.get(
        "/documents/registry/", {"doc_type": report_type.pk, "year": 2025}
    ).content.decode()
    assert "Không có số văn bản phù hợp." in body
    page1 = client.get("/documents/registry/", {"doc_type": plan_type.pk}).content.decode()
    assert "Trang 1/2" in page1 and "55/KH-UBND" in page1 and ">05/KH-UBND<" not in page1
    page2 = client.get(
        "/documents/registry/", {"doc_type": plan_type.pk, "page": 2}
    ).content.decode()
    assert ">05/KH-UBND<" in page2


def test_registry_query_count_does_not_grow_with_rows(client, office, plan_type):
    client.force_login(office)
    document_number_issue(doc_type=plan_type, subject="một")
    client.get("/documents/registry/")
    with CaptureQueriesContext(connection) as few:
        client.get("/documents/registry/")
    for i in range(40):
        document_number_issue(doc_type=plan_type, subject=f"số {i}", issued_by=UserFactory())
    with CaptureQueriesContext(connection) as many:
        client.get("/documents/registry/")
    assert len(many) == len(few)
