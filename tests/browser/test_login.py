import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_chairman_logs_in_and_sees_the_vietnamese_dashboard(page, ward):
    page.goto("/")
    page.get_by_role("link", name="Đăng nhập cán bộ").click()
    page.get_by_label("Tên đăng nhập").fill("chutich")
    page.get_by_label("Mật khẩu").fill("matkhau123")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/dashboard/")
    assert page.get_by_role("heading", name="Xin chào, Phan Cao Đăng").is_visible()
    page.get_by_role("button", name="Văn phòng").click()
    assert page.get_by_role("link", name="Sổ văn bản đi").is_visible()
    assert "Bảng điều khiển" in page.title()


def test_home_page_fits_a_360px_phone(page, ward):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/")
    assert page.get_by_text("Dành cho người dân, doanh nghiệp").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
