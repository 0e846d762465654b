import pytest

from tests.browser.helpers import login, logout
from tests.dialogues.conftest import plan  # noqa: F401 - fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_office_copies_last_years_plan_issues_it_and_downloads_the_pdf(page, plan, office, leader):  # noqa: F811
    page.on("dialog", lambda dialog: dialog.accept())
    login(page, "vanphong")
    page.goto(f"/dialogues/plans/{plan.pk}/")
    page.get_by_role("button", name="Sao chép sang năm sau").click()
    page.wait_for_selector("text=năm 2026")
    new_url = page.url
    assert "Tổ chức đối thoại về thủ tục hành chính năm 2026" in page.content()
    page.get_by_role("button", name="Trình duyệt").click()
    page.wait_for_selector("text=Đã trình lãnh đạo duyệt.")
    logout(page)

    login(page, "chutich")
    page.goto(new_url)
    page.get_by_role("button", name="Duyệt", exact=True).click()
    page.wait_for_selector("text=Đã duyệt kế hoạch.")
    logout(page)

    login(page, "vanphong")
    page.goto(new_url)
    page.get_by_role("button", name="Ban hành").click()
    page.wait_for_selector("text=Đã ban hành và cấp số kế hoạch.")
    assert "01/KH-UBND" in page.content()
    link = page.get_by_role("link", name="In kế hoạch (PDF)")
    response = page.context.request.get(link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(response.body())) as pdf:
        text = " ".join(pdf.pages[0].extract_text().split())
    assert "Số: 01/KH-UBND" in text and "KẾ HOẠCH" in text and "năm 2026" in text
