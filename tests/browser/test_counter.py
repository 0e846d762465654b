"""The one-stop room: the live board on a 1920×1080 TV with masked names, and the rating
tablet tied to the desk officer."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from onestop.models import Case
from surveys.models import DeskRating
from tests.browser.helpers import login
from tests.onestop.conftest import procedure, receive  # noqa: F401 - fixtures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_live_board_shows_codes_and_masked_names_only(browser, live_server, receive, procedure):  # noqa: F811
    ready = receive(procedure, applicant_name="Trần Thị Hoa")
    Case.objects.filter(pk=ready.pk).update(
        status=Case.Status.APPROVED, decided_on=timezone.localdate()
    )
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="vi-VN")
    page = context.new_page()
    page.goto(f"{live_server.url}/bang-tin/")
    board = page.locator("#board-ready")
    expect(board).to_contain_text(ready.receipt_code)
    expect(board).to_contain_text("Trần T. H.")
    html = page.content()
    assert "Trần Thị Hoa" not in html and ready.applicant_phone not in html
    assert ready.applicant_id_number not in html and ready.applicant_address not in html
    # Large type for 3 metres: the rows are at least 30 px high.
    assert (
        page.locator("#board-ready li").first.evaluate("li => li.getBoundingClientRect().height")
        >= 30
    )
    context.close()


def test_the_rating_tablet_is_tied_to_the_officer_and_answered_once(page, desk, receive, procedure):  # noqa: F811
    case = receive(procedure)
    Case.objects.filter(pk=case.pk).update(returned_at=timezone.now(), status=Case.Status.RETURNED)
    page.set_viewport_size({"width": 1024, "height": 768})
    login(page, "motcua")
    page.goto("/surveys/quay/")
    page.get_by_role("button", name=case.receipt_code, exact=False).click()
    page.locator("label[for=level-very_satisfied]").click()
    page.locator("#id_comment").fill("Cán bộ hướng dẫn tận tình.")
    page.locator("#send-rating").click()
    expect(page.locator("#rating-thanks")).to_be_visible()
    page.go_back()
    page.reload()  # the answered page shows the thanks again, it does not ask twice
    expect(page.locator("#rating-thanks")).to_be_visible()
    rating = DeskRating.objects.get()
    assert rating.officer == desk and rating.case_id == case.pk
    assert rating.level == "very_satisfied" and rating.comment == "Cán bộ hướng dẫn tận tình."
