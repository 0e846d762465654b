"""The public page of answered opinions on a phone (360 × 740): the answer is there,
the citizen's personal data is not."""

import pytest
from django.urls import path
from django.utils import timezone

from dialogues import public_answers
from dialogues.models import Opinion
from dialogues.publication import opinion_publish
from portal.urls import urlpatterns as portal_urlpatterns
from tests.factories import ProcedureFieldFactory

PUBLIC_PATH = "/y-kien-da-tra-loi/"
urlpatterns = [
    *portal_urlpatterns,
    path(PUBLIC_PATH.strip("/") + "/", public_answers.public_answers, name="public_answers"),
]
pytestmark = [pytest.mark.urls(__name__), pytest.mark.django_db(transaction=True)]

CITIZEN = {
    "citizen_name": "Nguyễn Văn Toàn",
    "citizen_address": "Số 15 ngõ 42 phố Phú La",
    "citizen_phone": "0912345678",
    "citizen_email": "toan.nguyen@example.com",
}


def test_a_phone_shows_the_published_answer_without_personal_data(
    browser, live_server, ward, office, leader, officer, department
):
    field = ProcedureFieldFactory(name="Đất đai", code="dat-dai")
    opinion = Opinion.objects.create(
        source=Opinion.Source.FEEDBACK,
        content=f"Tôi là {CITIZEN['citizen_name']}, số điện thoại {CITIZEN['citizen_phone']}, "
        "đề nghị công khai quy hoạch ngõ 42",
        classification=Opinion.Classification.PROCEDURE,
        field=field,
        department=department,
        officer=officer,
        status=Opinion.Status.APPROVED,
        answer=f"Trả lời ông {CITIZEN['citizen_name']}: quy hoạch đã niêm yết tại trụ sở.",
        answered_by=officer,
        answered_at=timezone.now(),
        approved_by=leader,
        approved_at=timezone.now(),
        **CITIZEN,
    )
    opinion_publish(
        opinion=opinion,
        actor=office,
        content="Đề nghị công khai quy hoạch ngõ",
        answer="Quy hoạch đã được niêm yết tại trụ sở UBND phường.",
        field=field,
    )
    context = browser.new_context(
        base_url=live_server.url, locale="vi-VN", viewport={"width": 360, "height": 740}
    )
    page = context.new_page()
    try:
        page.goto(PUBLIC_PATH)
        card = page.locator(f"#answer-{opinion.pk}")
        assert card.locator(".answer-content").inner_text() == "Đề nghị công khai quy hoạch ngõ"
        assert "niêm yết tại trụ sở UBND phường" in card.locator(".answer-text").inner_text()
        assert card.locator(".answer-field").inner_text() == "Đất đai"
        # Nothing overflows the phone's width.
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        assert card.bounding_box()["width"] <= 360
        html = page.content()
        for value in [
            *CITIZEN.values(),
            officer.full_name,
            officer.username,
            leader.full_name,
            office.full_name,
        ]:
            assert value not in html, value
        # The search works from the phone, without accents.
        page.fill("#answers-q", "quy hoach")
        page.click("#answers-submit")
        page.wait_for_url("**q=quy+hoach**")
        assert page.locator(".public-answer").count() == 1
        page.fill("#answers-q", "khong co")
        page.click("#answers-submit")
        page.wait_for_url("**q=khong+co**")
        assert page.locator(".public-answer").count() == 0
        assert page.locator("#answers-empty").is_visible()
    finally:
        context.close()
