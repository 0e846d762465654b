import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal import roles
from portal.roles import ROLE_PERMISSIONS, roles_sync
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def _login(client, username, password=PASSWORD, ip="10.0.0.1"):
    return client.post(
        "/accounts/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
    )


def test_login_page_is_in_vietnamese(client, ward):
    body = client.get("/accounts/login/").content.decode()
    assert "Đăng nhập cán bộ" in body
    assert "Tên đăng nhập" in body and "Mật khẩu" in body
    assert 'lang="vi"' in body


def test_wrong_password_says_so_in_vietnamese_and_keeps_the_username(client, leader):
    response = _login(client, "chutich", "sai-mat-khau")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Sai tên đăng nhập hoặc mật khẩu" in body
    assert 'value="chutich"' in body


def test_login_lands_on_the_dashboard(client, leader):
    response = _login(client, "chutich")
    assert response.status_code == 302 and response["Location"] == "/dashboard/"
    body = client.get("/dashboard/").content.decode()
    assert "Xin chào, Phan Cao Đăng" in body


def test_repeated_failures_lock_out_that_username_from_that_address(client, leader, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "chutich", "doan-mo", ip="203.0.113.9")
    locked = _login(client, "chutich", PASSWORD, ip="203.0.113.9")
    assert locked.status_code == 429
    assert "Tạm khóa đăng nhập" in locked.content.decode()
    # The chairman at the ward office is not locked out by someone guessing elsewhere.
    ok = _login(client, "chutich", PASSWORD, ip="10.1.1.1")
    assert ok.status_code == 302 and ok["Location"] == "/dashboard/"


# Staff pages of the dialogues, checked before any object is looked up.
DIALOGUE_PATHS = (
    "/dialogues/",
    "/dialogues/plans/1/",
    "/dialogues/sessions/1/",
    "/dialogues/sessions/1/minutes.pdf",
    "/dialogues/sessions/1/attendance.xlsx",
    "/dialogues/opinions/",
    "/dialogues/opinions.xlsx",
    "/dialogues/opinions/1/",
    "/dialogues/opinions/1/answer.pdf",
)


def test_anonymous_visitors_are_sent_to_login(client, ward):
    for path in ("/dashboard/", "/calendar/", "/documents/registry/", *DIALOGUE_PATHS):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")


def test_an_account_without_a_role_is_refused(client, ward):
    client.force_login(make_user("khongvaitro"))
    response = client.get("/dashboard/")
    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.content.decode()
    for path in DIALOGUE_PATHS:
        assert client.get(path).status_code == 403, path


def test_the_desk_may_not_open_the_opinion_register(client, desk):
    client.force_login(desk)
    for path in ("/dialogues/opinions/", "/dialogues/opinions.xlsx", "/dialogues/opinions/1/"):
        assert client.get(path).status_code == 403, path


@pytest.mark.parametrize(
    ("fixture", "sees", "does_not_see"),
    [
        (
            "leader",
            ["Văn bản đã ban hành năm", "Sổ văn bản đi"],
            ["Tính ngày hẹn trả kết quả", "Quản trị"],
        ),
        (
            "office",
            ["Số văn bản cấp gần đây", "Cấp số văn bản", "Quản trị"],
            ["Tính ngày hẹn trả kết quả"],
        ),
        ("desk", ["Tính ngày hẹn trả kết quả"], ["Sổ văn bản đi", "Số văn bản cấp gần đây"]),
        ("officer", ["Bộ phận của bạn", "Tư pháp - Hộ tịch"], ["Sổ văn bản đi", "Tính ngày hẹn"]),
        ("organisation_user", ["Tổ chức của bạn", "Ủy ban MTTQ phường"], ["Sổ văn bản đi"]),
    ],
)
def test_each_role_sees_its_own_dashboard_and_navigation(
    client, request, fixture, sees, does_not_see
):
    client.force_login(request.getfixturevalue(fixture))
    body = client.get("/dashboard/").content.decode()
    for text in sees:
        assert text in body, text
    for text in does_not_see:
        assert text not in body, text
    assert "Ngày nghỉ sắp tới" in body


def test_dashboard_query_count_is_constant(client, office, plan_type):
    from portal.services import document_number_issue

    client.force_login(office)
    document_number_issue(doc_type=plan_type, subject="một")
    client.get("/dashboard/")
    with CaptureQueriesContext(connection) as few:
        client.get("/dashboard/")
    for i in range(30):
        document_number_issue(doc_type=plan_type, subject=f"số {i}", issued_by=office)
    with CaptureQueriesContext(connection) as many:
        client.get("/dashboard/")
    assert len(many) == len(few)


def test_role_groups_hold_exactly_their_permissions(db):
    roles_sync()  # strict: every listed permission exists
    for role, perms in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role)
        got = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        assert got == set(perms)


def test_office_edits_the_calendar_in_admin_but_leaders_have_no_admin(client, office, leader):
    client.force_login(office)
    assert client.get("/admin/portal/calendaroverride/add/").status_code == 200
    assert client.get("/admin/portal/user/").status_code == 403
    assert client.get("/admin/onestop/procedure/add/").status_code == 200  # the catalogue
    assert client.get("/admin/onestop/case/").status_code == 403
    client.force_login(leader)
    assert client.get("/admin/portal/calendaroverride/").status_code == 302  # to admin login


def test_superuser_holds_every_role(ward):
    admin = make_user("admin", is_superuser=True, is_staff=True)
    assert all(roles.has_role(admin, r) for r in roles.ALL_ROLES)


def test_logout_needs_post(client, leader):
    client.force_login(leader)
    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/dashboard/").status_code == 302
