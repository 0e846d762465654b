"""The admin's search boxes match without accents too."""

import pytest

from dialogues import services as dialogue_services
from tests.factories import make_user


@pytest.fixture
def admin_client(client, db):
    client.force_login(make_user("quantri", is_superuser=True, is_staff=True))
    return client


def test_admin_searches_fold_accents(admin_client, receive, procedure, office):
    case = receive(procedure, applicant_name="Trần Thị Hoa")
    receive(procedure, applicant_name="Lê Văn Bình")
    body = admin_client.get("/admin/onestop/case/", {"q": "tran thi hoa"}).content.decode()
    assert case.receipt_code in body and "Lê Văn Bình" not in body

    dialogue_services.opinion_create(
        source="feedback", content="Đề nghị sửa đường", citizen_name="Đỗ Minh Đức"
    )
    body = admin_client.get("/admin/dialogues/opinion/", {"q": "do minh duc"}).content.decode()
    assert "Đề nghị sửa đường" in body

    body = admin_client.get("/admin/portal/user/", {"q": "tran thu ha"}).content.decode()
    assert "vanphong" in body
