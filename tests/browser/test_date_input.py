"""One date input everywhere: a dd/mm/yyyy box that takes what is typed, and a calendar
button whose picked day is written back as dd/mm/yyyy (here on the opinion list, which
used the browser's own date box and showed mm/dd/yyyy)."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import login

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_picked_day_is_written_dd_mm_yyyy_and_a_typed_one_is_kept(page, office):
    login(page, "vanphong")
    page.goto("/dialogues/opinions/")
    box = page.get_by_label("Nhận từ ngày")
    expect(box).to_have_attribute("placeholder", "dd/mm/yyyy")
    button = page.get_by_role("button", name="Chọn ngày").first
    expect(button).to_be_visible()
    # What the browser's picker does when a day is chosen in it.
    page.locator(".date-picker-native").first.fill("2026-03-20", force=True)
    expect(box).to_have_value("20/03/2026")

    page.get_by_label("Nhận đến ngày").fill("31/03/2026")
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_url("**received_from=20%2F03%2F2026**")
    expect(page.get_by_label("Nhận từ ngày")).to_have_value("20/03/2026")
    expect(page.get_by_label("Nhận đến ngày")).to_have_value("31/03/2026")
