"""Việc chờ tôi in Chromium: the menu's badge fills in after load and the inbox lists the
dossier to forward."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import login

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_desk_sees_its_count_and_opens_the_dossier(page, desk, receive, procedure):
    case = receive(procedure, applicant_name="Trần Thị Hoa")
    login(page, "motcua")
    badge = page.locator("[data-inbox-count]").first
    expect(badge).to_have_text("1")
    expect(badge).to_be_visible()
    page.get_by_role("link", name="Việc chờ tôi").first.click()
    page.wait_for_url("**/viec-cho-toi/")
    tray = page.locator('[data-tray="to_forward"]')
    expect(tray.get_by_role("link", name=f"{case.receipt_code} · Trần Thị Hoa")).to_be_visible()
    tray.get_by_role("link", name=f"{case.receipt_code} · Trần Thị Hoa").click()
    page.wait_for_url(f"**/onestop/{case.receipt_code}/")
