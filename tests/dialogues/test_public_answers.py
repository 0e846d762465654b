"""The public page of answered opinions and the office's publication of an opinion."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import path, reverse
from django.utils import timezone

from dialogues import public_answers
from dialogues.models import Opinion
from dialogues.publication import opinion_publish, opinion_unpublish, published_opinions
from portal.urls import urlpatterns as portal_urlpatterns
from tests.factories import ProcedureFieldFactory

# The public address, as portal/urls.py declares it (outside /dialogues/).
PUBLIC_PATH = "/y-kien-da-tra-loi/"
urlpatterns = [
    *portal_urlpatterns,
    path(PUBLIC_PATH.strip("/") + "/", public_answers.public_answers, name="public_answers"),
]
pytestmark = [pytest.mark.urls(__name__), pytest.mark.django_db]

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
CITIZEN = {
    "citizen_name": "Nguyễn Văn Toàn",
    "citizen_address": "Số 15 ngõ 42 phố Phú La",
    "citizen_phone": "0912345678",
    "citizen_email": "toan.nguyen@example.com",
}
CCCD = "001085012345"


@pytest.fixture
def land(db):
    return ProcedureFieldFactory(name="Đất đai", code="dat-dai")


@pytest.fixture
def civil(db):
    return ProcedureFieldFactory(name="Hộ tịch", code="ho-tich")


@pytest.fixture
def answered(ward, leader, officer, department, land):
    """An opinion on land whose answer the chairman approved; the citizen names himself,
    his phone and his identity card number in what he wrote."""

    def make(content="Đề nghị rút ngắn thời gian cấp giấy chứng nhận quyền sử dụng đất", **kw):
        values = {
            "source": Opinion.Source.FEEDBACK,
            "content": content,
            "classification": Opinion.Classification.PROCEDURE,
            "field": land,
            "department": department,
            "officer": officer,
            "status": Opinion.Status.APPROVED,
            "answer": "Bộ phận một cửa đã rút ngắn thời gian xuống 10 ngày làm việc.",
            "answered_by": officer,
            "answered_at": timezone.now(),
            "approved_by": leader,
            "approved_at": timezone.now(),
            **CITIZEN,
            **kw,
        }
        return Opinion.objects.create(**values)

    return make


def publish(opinion, office, **kw):
    values = {
        "content": "Đề nghị rút ngắn thời gian cấp giấy chứng nhận quyền sử dụng đất.",
        "answer": "Bộ phận một cửa đã rút ngắn thời gian xuống 10 ngày làm việc.",
        "field": opinion.field,
        **kw,
    }
    return opinion_publish(opinion=opinion, actor=office, **values)


def personal_data(opinion) -> list[str]:
    """Everything on an opinion that identifies a person."""
    people = [opinion.officer, opinion.answered_by, opinion.approved_by]
    return [
        *CITIZEN.values(),
        CCCD,
        *[u.full_name for u in people if u],
        *[u.username for u in people if u],
    ]


# --- Publishing -------------------------------------------------------------------------


def test_the_publication_form_starts_from_the_original_text_and_the_approved_answer(
    client, office, answered
):
    opinion = answered()
    client.force_login(office)
    response = client.get(reverse("dialogues:opinion_publication", args=[opinion.pk]))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["content"] == opinion.content
    assert form.initial["answer"] == opinion.answer
    assert form.initial["field"] == opinion.field_id
    assert b'id="publication-warning"' in response.content


def test_the_office_publishes_an_answered_opinion_with_the_edited_texts(
    client, office, answered, civil
):
    opinion = answered(content=f"Tôi là {CITIZEN['citizen_name']}, đề nghị sửa đường ngõ 42")
    client.force_login(office)
    response = client.post(
        reverse("dialogues:opinion_publication", args=[opinion.pk]),
        {
            "content": "Đề nghị sửa đường ngõ",
            "answer": "Phường sẽ sửa trong quý III.",
            "field": civil.pk,
        },
    )
    assert response.status_code == 302
    opinion.refresh_from_db()
    assert opinion.published_at is not None
    assert opinion.published_by == office
    assert (opinion.published_content, opinion.published_answer, opinion.published_field) == (
        "Đề nghị sửa đường ngõ",
        "Phường sẽ sửa trong quý III.",
        civil,
    )
    # The original opinion and the answer letter are untouched.
    assert opinion.content.startswith("Tôi là")
    assert opinion.answer.startswith("Bộ phận một cửa")


def test_a_complaint_is_never_published(client, office, answered):
    opinion = answered(classification=Opinion.Classification.COMPLAINT)
    with pytest.raises(ValidationError) as exc:
        publish(opinion, office)
    assert exc.value.code == "complaint"
    client.force_login(office)
    url = reverse("dialogues:opinion_publication", args=[opinion.pk])
    page = client.get(url)
    assert page.context["form"] is None
    assert b'id="publication-refusal"' in page.content
    response = client.post(
        url, {"content": "Nội dung", "answer": "Trả lời", "field": opinion.field_id}
    )
    assert response.status_code == 400
    opinion.refresh_from_db()
    assert opinion.published_at is None


@pytest.mark.parametrize(
    "status", [Opinion.Status.DRAFTED, Opinion.Status.ASSIGNED, Opinion.Status.ANSWERED_ON_THE_SPOT]
)
def test_an_opinion_without_an_approved_answer_cannot_be_published(office, answered, status):
    opinion = answered(status=status, approved_at=None, approved_by=None)
    with pytest.raises(ValidationError) as exc:
        publish(opinion, office)
    assert exc.value.code == "not_approved"
    assert Opinion.objects.get(pk=opinion.pk).published_at is None


@pytest.mark.parametrize(
    "content, answer, field",
    [
        (f"Ông {CITIZEN['citizen_name']} đề nghị sửa đường", "Phường sẽ sửa.", "content"),
        ("Đề nghị sửa đường, liên hệ 0912 345 678", "Phường sẽ sửa.", "content"),
        (f"Đề nghị cấp lại CCCD số {CCCD}", "Phường sẽ cấp.", "content"),
        ("Đề nghị sửa đường", "Đã trả lời ông nguyen van toan.", "answer"),  # no accents
        ("Đề nghị sửa đường", "Cán bộ Đỗ Thị Lan sẽ liên hệ.", "answer"),  # the official
        ("Đề nghị sửa đường", f"Đã gửi thư tới {CITIZEN['citizen_email']}", "answer"),
    ],
)
def test_personal_data_left_in_the_published_texts_is_refused(
    office, answered, content, answer, field
):
    opinion = answered()
    with pytest.raises(ValidationError) as exc:
        publish(opinion, office, content=content, answer=answer)
    assert field in exc.value.message_dict
    assert Opinion.objects.get(pk=opinion.pk).published_at is None


def test_a_name_refused_by_the_service_is_shown_by_the_field(client, office, answered):
    opinion = answered()
    client.force_login(office)
    response = client.post(
        reverse("dialogues:opinion_publication", args=[opinion.pk]),
        {
            "content": f"{CITIZEN['citizen_name']} đề nghị",
            "answer": "Trả lời",
            "field": opinion.field_id,
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["content"]


def test_the_office_withdraws_a_publication(client, office, answered):
    opinion = publish(answered(), office)
    client.force_login(office)
    response = client.post(reverse("dialogues:opinion_unpublish", args=[opinion.pk]))
    assert response.status_code == 302
    opinion.refresh_from_db()
    assert opinion.published_at is None
    assert opinion.published_content  # kept for a later publication
    assert published_opinions().count() == 0


def test_withdrawing_asks_for_confirmation(client, office, answered):
    opinion = publish(answered(), office)
    client.force_login(office)
    page = client.get(reverse("dialogues:opinion_publication", args=[opinion.pk]))
    assert b'id="unpublish"' in page.content
    assert b"data-confirm=" in page.content.split(b'id="unpublish"')[1].split(b">")[0]


def test_withdrawing_needs_a_post(client, office, answered):
    opinion = publish(answered(), office)
    client.force_login(office)
    assert client.get(reverse("dialogues:opinion_unpublish", args=[opinion.pk])).status_code == 405


# --- Who may ----------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["officer", "organisation_user", "desk"])
def test_department_organisation_and_desk_cannot_publish(client, request, office, answered, who):
    user = request.getfixturevalue(who)
    opinion = answered(organisation=getattr(user, "mass_organization", None))
    client.force_login(user)
    url = reverse("dialogues:opinion_publication", args=[opinion.pk])
    data = {"content": "Đề nghị", "answer": "Trả lời", "field": opinion.field_id}
    assert client.get(url).status_code == 403
    assert client.post(url, data).status_code == 403
    with pytest.raises(ValidationError):
        publish(opinion, user)
    publish(opinion, office)
    assert client.post(reverse("dialogues:opinion_unpublish", args=[opinion.pk])).status_code == 403
    with pytest.raises(ValidationError):
        opinion_unpublish(opinion=opinion, actor=user)
    assert Opinion.objects.get(pk=opinion.pk).published_at is not None


def test_a_leader_sees_the_publication_but_does_not_publish(client, leader, office, answered):
    opinion = publish(answered(), office)
    client.force_login(leader)
    url = reverse("dialogues:opinion_publication", args=[opinion.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["form"] is None
    assert page.context["can_unpublish"] is False
    assert b'data-state="published"' in page.content
    assert (
        client.post(url, {"content": "x", "answer": "y", "field": opinion.field_id}).status_code
        == 403
    )
    assert client.post(reverse("dialogues:opinion_unpublish", args=[opinion.pk])).status_code == 403
    assert Opinion.objects.get(pk=opinion.pk).published_at is not None


def test_the_opinion_page_shows_the_publication_box(client, office, leader, officer, answered):
    opinion = answered()
    for user, has_link in ((office, True), (leader, True), (officer, False)):
        client.force_login(user)
        page = client.get(reverse("dialogues:opinion_detail", args=[opinion.pk])).content
        assert b'id="publication-box"' in page
        assert (b'id="publication-link"' in page) is has_link


# --- The public page --------------------------------------------------------------------


def test_the_public_page_needs_no_login_and_shows_only_published_answers(client, office, answered):
    shown = publish(answered(), office, content="Đề nghị sửa đèn chiếu sáng ngõ 5")
    answered(content="Đề nghị chưa công bố về hộ tịch")  # approved, never published
    withdrawn = publish(answered(), office, content="Đề nghị đã rút khỏi trang")
    opinion_unpublish(opinion=withdrawn, actor=office)
    response = client.get(PUBLIC_PATH)
    assert response.status_code == 200
    assert [o.pk for o in response.context["page"]] == [shown.pk]
    html = response.content.decode()
    assert "Đề nghị sửa đèn chiếu sáng ngõ 5" in html
    assert "chưa công bố" not in html
    assert "đã rút khỏi trang" not in html
    assert shown.published_answer in html
    assert shown.created_at.astimezone(HCM).strftime("%d/%m/%Y") in html


def test_the_public_page_never_shows_names_even_when_the_original_text_has_them(
    client, office, answered
):
    opinion = answered(
        content=(
            f"Tôi là {CITIZEN['citizen_name']}, CCCD {CCCD}, ở {CITIZEN['citizen_address']}, "
            f"điện thoại {CITIZEN['citizen_phone']}: đề nghị sửa đường ngõ."
        ),
        answer=f"Trả lời ông {CITIZEN['citizen_name']}: phường sẽ sửa đường trong quý III.",
    )
    publish(
        opinion,
        office,
        content="Đề nghị sửa đường ngõ.",
        answer="Phường sẽ sửa đường trong quý III.",
    )
    html = client.get(PUBLIC_PATH).content.decode()
    assert "Phường sẽ sửa đường trong quý III." in html
    for value in [*personal_data(opinion), opinion.department.name, office.full_name]:
        assert value not in html, value


def test_a_published_complaint_never_appears_even_if_reclassified_afterwards(
    client, office, answered
):
    opinion = publish(answered(), office)
    Opinion.objects.filter(pk=opinion.pk).update(classification=Opinion.Classification.COMPLAINT)
    assert client.get(PUBLIC_PATH).context["page"].paginator.count == 0


def test_search_ignores_accents_and_case(client, office, answered):
    road = publish(answered(), office, content="Đề nghị sửa ĐƯỜNG ngõ 7")
    publish(answered(), office, content="Đề nghị thêm ghế chờ tại bộ phận một cửa")
    for q in ("duong", "DUONG ngo", "đường"):
        page = client.get(PUBLIC_PATH, {"q": q}).context["page"]
        assert [o.pk for o in page] == [road.pk], q
    # The answer is searched too.
    assert client.get(PUBLIC_PATH, {"q": "10 ngay lam viec"}).context["page"].paginator.count == 2


def test_filters_by_field_and_year(client, office, answered, land, civil):
    on_land = publish(answered(), office)
    on_civil = publish(answered(field=civil), office, field=civil)
    Opinion.objects.filter(pk=on_civil.pk).update(created_at=dt.datetime(2024, 5, 2, 9, tzinfo=HCM))
    this_year = timezone.localdate().year

    def pks(**params):
        return [o.pk for o in client.get(PUBLIC_PATH, params).context["page"]]

    assert pks(field=land.pk) == [on_land.pk]
    assert pks(field=civil.pk) == [on_civil.pk]
    assert pks(year=2024) == [on_civil.pk]
    assert pks(year=this_year) == [on_land.pk]
    assert pks(year=2024, field=land.pk) == []
    assert sorted(pks(year="abc", field="x")) == sorted([on_land.pk, on_civil.pk])
    response = client.get(PUBLIC_PATH)
    assert response.context["years"] == [this_year, 2024]
    assert list(response.context["fields"]) == sorted([land, civil], key=lambda f: f.name)


def test_the_public_page_is_paginated_and_keeps_the_filters(client, office, answered, land):
    for i in range(public_answers.PER_PAGE + 3):
        publish(answered(), office, content=f"Đề nghị số {i} về đất đai")
    first = client.get(PUBLIC_PATH, {"field": land.pk})
    assert len(first.context["page"]) == public_answers.PER_PAGE
    assert f"field={land.pk}&amp;page=2" in first.content.decode()
    second = client.get(PUBLIC_PATH, {"field": land.pk, "page": 2})
    assert len(second.context["page"]) == 3


def test_the_public_page_query_count_does_not_grow_with_the_rows(
    client, office, answered, land, civil
):
    def count_queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(PUBLIC_PATH).status_code == 200
        return len(ctx)

    for i in range(2):
        publish(answered(field=civil if i % 2 else land), office, content=f"Đề nghị {i}")
    few = count_queries()
    for i in range(10):
        publish(answered(field=civil if i % 2 else land), office, content=f"Đề nghị thêm {i}")
    assert client.get(PUBLIC_PATH).context["page"].paginator.count == 12
    assert count_queries() == few


def test_the_public_page_is_rate_limited(client, settings):
    # A cache of its own: the test Redis is shared (and cleared) by concurrent test runs.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # One rate window (fixed windows of a minute): time stands still.
    with time_machine.travel(dt.datetime(2026, 5, 4, 9, 0, 10, tzinfo=dt.UTC), tick=False):
        statuses = [
            client.get(PUBLIC_PATH, REMOTE_ADDR="203.0.113.81").status_code for _ in range(61)
        ]
    assert statuses[:60] == [200] * 60 and statuses[60] == 429


def test_a_long_search_is_cut(client, office, answered):
    publish(answered(), office)
    response = client.get(PUBLIC_PATH, {"q": "a" * 5000})
    assert response.status_code == 200
    assert len(response.context["filters"]["q"]) == public_answers.MAX_QUERY_CHARS


def test_the_feedback_thanks_page_links_the_public_page(client, ward):
    response = client.post(reverse("feedback"), {"content": "Đề nghị thêm ghế chờ"})
    assert response.status_code == 200
    assert f'href="{PUBLIC_PATH}"'.encode() in response.content
