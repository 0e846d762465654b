"""The desk receives a dossier from its dashboard: the procedure is found by typing part of
its name without accents, and its required papers come pre-filled."""

import pytest
from playwright.sync_api import expect

from onestop.models import Procedure, ProcedurePaper
from tests.browser.helpers import login
from tests.factories import ProcedureFieldFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_desk_finds_the_procedure_by_typing_and_gets_its_papers(page, desk, department):
    field = ProcedureFieldFactory(name="Hộ tịch", code="ho-tich")
    for n, name in enumerate(
        ["Đăng ký khai sinh", "Đăng ký khai tử", "Chứng thực bản sao từ bản chính",
         "Cấp giấy xác nhận tình trạng hôn nhân", "Đăng ký kết hôn", "Đăng ký nhận cha, mẹ, con"]
    ):  # fmt: skip
        Procedure.objects.create(
            code=f"1.00{n}", name=name, field=field, department=department, processing_days=3
        )
    marriage = Procedure.objects.get(name="Đăng ký kết hôn")
    ProcedurePaper.objects.create(procedure=marriage, order=1, name="Tờ khai đăng ký kết hôn")
    ProcedurePaper.objects.create(
        procedure=marriage, order=2, name="Giấy xác nhận tình trạng hôn nhân"
    )

    login(page, "motcua")
    page.get_by_role("link", name="Tiếp nhận hồ sơ").first.click()
    page.wait_for_url("**/onestop/receive/")

    search = page.get_by_label("Tìm thủ tục")
    search.press_sequentially("dang ky")
    expect(page.locator("#procedure-search-status")).to_have_text("Số thủ tục tìm thấy: 4")
    search.press_sequentially(" ket")  # "dang ky ket": one match, chosen, papers loaded
    page.wait_for_url("**/onestop/receive/")
    expect(page.get_by_label("Thủ tục hành chính")).to_have_value(str(marriage.pk))
    papers = page.locator("table tbody")
    expect(papers.get_by_text("Tờ khai đăng ký kết hôn")).to_be_visible()
    expect(papers.get_by_text("Giấy xác nhận tình trạng hôn nhân")).to_be_visible()
