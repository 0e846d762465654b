import datetime as dt
import io

import openpyxl
import pdfplumber
import pytest
from django.utils import timezone

from reports.services import last_completed_quarter, period_bounds, report_create
from tests.browser.helpers import login
from tests.onestop.conftest import at, procedure, receive  # noqa: F401 - fixtures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_chairman_opens_the_dashboard_and_downloads_the_quarter_report(
    page,
    ward,
    office,
    report_type,
    procedure,  # noqa: F811
    receive,  # noqa: F811
):
    today = timezone.localdate()
    year, quarter = last_completed_quarter(today)
    start, end = period_bounds("quarter", year, quarter)
    receive(procedure, when=at(start.year, start.month, 2))
    receive(procedure, when=timezone.now() - dt.timedelta(minutes=5))
    report, _ = report_create(start=start, end=end, actor=office)
    report.assessment = "Kết quả <b>nổi bật</b> trong quý."
    report.save()

    login(page, "chutich")
    assert page.locator("#on-time-rate").is_visible()
    assert page.locator("#satisfaction-card").is_visible()
    page.locator("#reports-link").click()
    page.wait_for_url("**/reports/")
    page.get_by_role("link", name=report.subject).click()
    page.wait_for_url(f"**/reports/{report.pk}/")
    assert "Kết quả <b>nổi bật</b> trong quý." in page.locator("main").inner_text()

    href = page.get_by_role("link", name="Xem dự thảo (PDF)").get_attribute("href")
    response = page.context.request.get(href)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    with pdfplumber.open(io.BytesIO(response.body())) as pdf:
        text = " ".join(" ".join(p.extract_text() or "" for p in pdf.pages).split())
    roman = {1: "I", 2: "II", 3: "III", 4: "IV"}[quarter]
    assert "BÁO CÁO" in text
    assert f"quý {roman} năm {year}" in text
    assert "Kết quả <b>nổi bật</b> trong quý." in text

    href = page.get_by_role("link", name="Số liệu (Excel)").get_attribute("href")
    response = page.context.request.get(href)
    assert response.status == 200
    book = openpyxl.load_workbook(io.BytesIO(response.body()), read_only=True)
    assert len(book.sheetnames) > 3
