"""Steps the browser tests share."""


def login(page, username: str, password: str = "matkhau123") -> None:  # noqa: S107 - test accounts
    """Log in through the Vietnamese login form and wait for the dashboard."""
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/dashboard/")


def logout(page) -> None:
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url("**/")
