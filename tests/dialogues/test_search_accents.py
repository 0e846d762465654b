"""The opinion list (and the plan list) find a name or a text typed without accents,
in any case, or in part, with đ as d. On SQLite and on PostgreSQL."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dialogues import services
from dialogues.models import Opinion
from dialogues.selectors import opinions_filtered, plans_filtered


@pytest.fixture
def opinions(plan):
    return [
        services.opinion_create(
            source=Opinion.Source.FLOOR,
            session=plan.sessions.get(),
            content=content,
            citizen_name=name,
        )
        for content, name in (
            ("Đề nghị rút ngắn thời gian cấp giấy xác nhận tình trạng hôn nhân", "Trần Thị Hoa"),
            ("Đường ngõ 5 bị ngập khi mưa", "Đỗ Văn Dũng"),
            ("Cần thêm chỗ đỗ xe trước trụ sở", ""),
        )
    ]


def _found(*queries: str) -> list[set[str]]:
    return [
        set(opinions_filtered(Opinion.objects.all(), q=q).values_list("citizen_name", flat=True))
        for q in queries
    ]


def test_a_citizen_name_without_accents_in_any_case_or_in_part_is_found(opinions):
    assert (
        _found("tran thi hoa", "TRAN THI HOA", "thi hoa", "Trần Thị Hoa") == [{"Trần Thị Hoa"}] * 4
    )


def test_the_opinion_text_is_searched_without_accents_too(opinions):
    assert _found("rut ngan", "TINH TRANG hon") == [{"Trần Thị Hoa"}] * 2
    assert _found("bi ngap")[0] == {"Đỗ Văn Dũng"}


def test_d_bar_and_d_match_each_other(opinions):
    # "Đỗ" the surname and "đỗ xe" (parking) in a text; "do" matches both and "Đường".
    assert _found("Đỗ", "do")[0] == {"Đỗ Văn Dũng", ""}
    assert _found("duong ngo")[0] == {"Đỗ Văn Dũng"}
    assert _found("hoang")[0] == set()


def test_the_plan_list_searches_titles_without_accents(plan):
    assert list(plans_filtered(q="doi thoai ve thu tuc")) == [plan]
    assert list(plans_filtered(q="KHONG CO")) == []


def test_the_opinion_list_finds_without_accents_in_the_same_number_of_queries(
    client, opinions, office
):
    client.force_login(office)
    client.get("/dialogues/opinions/")
    with CaptureQueriesContext(connection) as plain:
        page = client.get("/dialogues/opinions/").content.decode()
    with CaptureQueriesContext(connection) as searched:
        found = client.get("/dialogues/opinions/", {"q": "tran thi hoa"}).content.decode()
    assert "Trần Thị Hoa" in found and "Đỗ Văn Dũng" not in found
    assert "Đỗ Văn Dũng" in page
    assert len(searched) == len(plain)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's trigram index")
def test_postgresql_searches_opinions_through_the_trigram_indexes(opinions):
    qs = opinions_filtered(Opinion.objects.all(), q="thi hoa")
    with connection.cursor() as cursor:
        # Only a bitmap scan left: it needs an index whose expression matches the search.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = qs.order_by().explain()
    assert "opinion_name_fold_trgm" in plan and "opinion_content_fold_trgm" in plan
