"""Check-in at the door of a 60-delegate session: the list filters as the officer types,
without accents, and a tap marks a delegate present."""

import pytest
from playwright.sync_api import expect

from dialogues.models import Attendee
from tests.browser.helpers import login
from tests.dialogues.conftest import plan  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db(transaction=True)

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đỗ"]
GIVEN = ["Văn An", "Thị Hoa", "Đức Minh", "Thu Hà", "Quang Huy", "Thị Lan", "Văn Bình",
         "Ngọc Anh", "Minh Đức", "Hồng Nhung"]  # fmt: skip


def test_check_in_filters_sixty_delegates_as_you_type(page, plan, office):  # noqa: F811
    session = plan.sessions.get()
    Attendee.objects.bulk_create(
        Attendee(
            session=session,
            name=f"{surname} {given}",
            position="Đại biểu",
            organisation=f"Tổ dân phố số {n % 12 + 1}",
            category="citizen",
        )
        for n, (surname, given) in enumerate((s, g) for s in SURNAMES for g in GIVEN)
    )
    assert session.attendees.count() == 60
    login(page, "vanphong")
    page.goto(f"/dialogues/sessions/{session.pk}/checkin/")
    rows = page.locator(".checkin-row")
    assert rows.count() == 60

    box = page.get_by_role("searchbox", name="Tìm đại biểu")
    box.press_sequentially("tran thi")
    visible = page.locator(".checkin-row:visible")
    assert visible.count() == 2
    assert sorted(visible.locator(".fs-5").all_inner_texts()) == ["Trần Thị Hoa", "Trần Thị Lan"]
    assert page.locator("#filter-count").inner_text() == "Số đại biểu tìm thấy: 2"

    box.fill("")
    box.press_sequentially("do minh")  # đ without its stroke, words in any place
    assert page.locator(".checkin-row:visible .fs-5").all_inner_texts() == [
        "Đỗ Đức Minh",
        "Đỗ Minh Đức",
    ]

    box.fill("")
    box.press_sequentially("khong co ai")
    assert page.locator(".checkin-row:visible").count() == 0
    assert page.get_by_text("Không có đại biểu nào").is_visible()

    box.fill("hoang ngoc")
    box.dispatch_event("input")
    row = page.locator(".checkin-row:visible")
    assert row.count() == 1
    row.get_by_role("button").click()
    expect(row.get_by_role("button")).to_have_attribute("aria-pressed", "true")
    expect(row.get_by_role("button")).to_have_text("Có mặt")
    assert Attendee.objects.get(name="Hoàng Ngọc Anh").attended

    box.fill("")
    box.dispatch_event("input")
    assert page.locator(".checkin-row:visible").count() == 60
