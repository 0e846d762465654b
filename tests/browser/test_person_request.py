import datetime as dt
import io
import os
import tempfile
from pathlib import Path

import openpyxl
import pytest
from django.utils import timezone

from dialogues.models import Opinion
from dialogues.services import opinion_create
from portal.models import PersonRequest
from portal.personal_data import ANONYMISED
from tests.browser.helpers import login
from tests.onestop.conftest import procedure, receive  # noqa: F401 - fixtures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CCCD = "001090012345"
# The request page at desk and phone width, to look at (person-desk.png, person-phone.png).
SHOTS = Path(os.environ.get("SCREENSHOT_DIR") or tempfile.gettempdir())


def _record(page, text: str):
    return page.locator("section li.list-group-item", has_text=text)


def test_office_handles_a_persons_request_from_search_to_closing(
    page,
    ward,
    office,
    procedure,  # noqa: F811
    receive,  # noqa: F811
):
    case = receive(
        procedure,
        when=timezone.now() - dt.timedelta(hours=1),
        applicant_id_number=CCCD,
        applicant_phone="0987654321",
    )
    opinion = opinion_create(
        source=Opinion.Source.FEEDBACK,
        content="Đề nghị bố trí thêm ghế chờ tại Bộ phận Một cửa",
        citizen_name="Nguyễn Văn An",
        citizen_phone="0912345678",
        citizen_address="Số 5 phố Phú La",
    )
    page.on("dialog", lambda dialog: dialog.accept())
    login(page, "vanphong")
    page.get_by_role("button", name="Văn phòng").click()
    page.get_by_role("link", name="Yêu cầu của chủ thể dữ liệu").click()
    page.wait_for_url("**/du-lieu-ca-nhan/")
    page.get_by_role("link", name="Ghi nhận yêu cầu").click()
    page.wait_for_url("**/du-lieu-ca-nhan/new/")
    today = timezone.localdate()
    assert page.get_by_label("Ngày tiếp nhận").input_value() == f"{today:%d/%m/%Y}"
    page.get_by_label("Người yêu cầu đề nghị").select_option("deletion")
    page.get_by_label("Họ và tên").fill("Nguyễn Văn An")
    page.get_by_label("Số CCCD").fill(CCCD)
    page.get_by_label("Điện thoại").fill("0912 345 678")
    page.get_by_label("Nội dung yêu cầu").fill("Xin xóa dữ liệu cá nhân của tôi")
    page.get_by_role("button", name="Ghi nhận yêu cầu").click()
    request = PersonRequest.objects.get()
    page.wait_for_url(f"**/du-lieu-ca-nhan/{request.pk}/")
    assert page.get_by_text("Đã ghi nhận yêu cầu; hạn thực hiện:").is_visible()

    # Both records: the dossier by its CCCD, the opinion by its phone.
    assert _record(page, case.receipt_code).is_visible()
    assert _record(page, opinion.content).is_visible()
    for width, name in ((1366, "desk"), (390, "phone")):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=SHOTS / f"person-{name}.png", full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.set_viewport_size({"width": 1366, "height": 900})

    # Correct the opinion's name.
    _record(page, opinion.content).get_by_role("link", name="Chỉnh sửa").click()
    page.wait_for_url("**/correct/")
    page.get_by_label("Người dân").fill("Nguyễn Văn Ân")
    page.get_by_role("button", name="Lưu chỉnh sửa").click()
    page.wait_for_url(f"**/du-lieu-ca-nhan/{request.pk}/")
    assert page.get_by_text("Đã chỉnh sửa hồ sơ.").is_visible()
    assert "Nguyễn Văn Ân" in _record(page, opinion.content).inner_text()

    # Anonymise the opinion, accepting the confirmation.
    _record(page, opinion.content).get_by_role("button", name="Ẩn danh").click()
    page.wait_for_selector("text=Đã ẩn danh dữ liệu cá nhân của hồ sơ.")
    opinion.refresh_from_db()
    assert opinion.citizen_name == ANONYMISED and opinion.citizen_phone == ""
    assert _record(page, opinion.content).count() == 0  # no longer carries his phone

    # The spreadsheet for the person.
    with page.expect_download() as download:
        page.get_by_role("button", name="Bảng tính (Excel)").click()
    book = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    values = [str(v) for row in book.worksheets[0].iter_rows(values_only=True) for v in row if v]
    assert case.receipt_code in " ".join(values) and CCCD in values

    # Close the request.
    page.get_by_label("Đã thực hiện").check()
    page.get_by_label("Đã làm gì cho người yêu cầu, hoặc vì sao không").fill(
        "Đã ẩn danh ý kiến; hồ sơ một cửa được lưu giữ theo thời hạn."
    )
    page.get_by_role("button", name="Đóng yêu cầu").click()
    page.wait_for_selector("text=Đã đóng yêu cầu.")
    request.refresh_from_db()
    assert request.status == "done" and request.closed_on == today
    steps = page.locator("ol.list-group").inner_text()
    for action in ("Mới tiếp nhận", "Đã tra cứu", "Đã chỉnh sửa", "Đã ẩn danh", "Đã xuất dữ liệu"):
        assert action in steps
    assert "Đã đóng" in steps
    assert page.get_by_text("Trong thời hạn").is_visible()
    assert page.get_by_role("button", name="Ẩn danh").count() == 0  # read-only now
    page.screenshot(path=SHOTS / "person-closed.png", full_page=True)
