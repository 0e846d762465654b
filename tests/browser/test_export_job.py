import io

import openpyxl
import pytest
from playwright.sync_api import expect

from portal.export_jobs import export_job_run
from portal.models import ExportJob
from tests.browser.helpers import login
from tests.onestop.conftest import procedure, receive  # noqa: F401 - fixtures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_large_tracking_book_is_built_in_the_background_with_a_progress_bar(
    page,
    settings,
    desk,
    procedure,  # noqa: F811
    receive,  # noqa: F811
):
    settings.PORTAL_EXPORT_BACKGROUND_ROWS = 2
    for i in range(3):
        receive(procedure, applicant_name=f"Người nộp {i}")

    # The embedded default: the task runs eagerly, the link is there at once.
    login(page, "motcua")
    page.goto("/onestop/")
    page.get_by_role("link", name="Sổ theo dõi (Excel)").click()
    page.wait_for_url("**/exports/*/")
    bar = page.get_by_role("progressbar")
    expect(bar).to_have_attribute("aria-valuenow", "3")
    expect(bar).to_contain_text("100%")
    link = page.locator("#export-download")
    expect(link).to_be_visible()
    response = page.context.request.get(link.get_attribute("href"))
    assert response.status == 200
    rows = list(openpyxl.load_workbook(io.BytesIO(response.body())).active.values)
    assert sum(1 for r in rows if str(r[5]).startswith("Người nộp")) == 3

    # With a worker: the page polls while the job waits, and the bar reaches the link.
    job = ExportJob.objects.create(
        requested_by=desk, kind="onestop.case_book", filename="so.xlsx", params={}
    )
    page.goto(f"/exports/{job.pk}/")
    expect(page.locator("#export-job")).to_have_attribute("data-state", "queued")
    expect(bar).to_contain_text("0%")
    expect(link).to_be_hidden()
    assert export_job_run(job_id=job.pk, token="worker")
    expect(page.locator("#export-job")).to_have_attribute("data-state", "done")
    expect(bar).to_contain_text("100%")
    expect(link).to_be_visible()
    expect(link).to_have_attribute("href", f"/exports/{job.pk}/download")
