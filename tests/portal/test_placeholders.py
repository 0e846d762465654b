"""No page shows Django's "---------" in a select: filters say "Tất cả", forms "— Chọn —"."""

import pytest

from dialogues import services as dialogue_services
from dialogues.models import Opinion
from tests.dialogues.conftest import plan  # noqa: F401 - fixture


@pytest.fixture
def pages(plan, office, desk, leader, procedure):  # noqa: F811
    opinion = dialogue_services.opinion_create(
        source=Opinion.Source.FLOOR, session=plan.sessions.get(), content="Đề nghị thêm ghế chờ"
    )
    session = plan.sessions.get()
    return [
        (desk, "/onestop/", "Tất cả"),
        (desk, "/onestop/receive/", "— Chọn —"),
        (office, "/onestop/", "Tất cả"),
        (office, "/dialogues/opinions/", "Tất cả"),
        (office, "/dialogues/opinions/new/", "— Chọn —"),
        (office, f"/dialogues/opinions/{opinion.pk}/", "— Chọn —"),
        (office, f"/dialogues/plans/{plan.pk}/edit/", None),
        (office, f"/dialogues/sessions/{session.pk}/edit/", None),
        (office, f"/dialogues/sessions/{session.pk}/checkin/", None),
        (office, "/documents/registry/", "Tất cả"),
        (office, "/audit/", "Tất cả"),
        (office, "/du-lieu-ca-nhan/", "Tất cả"),
        (office, "/du-lieu-ca-nhan/new/", None),
        (office, "/surveys/new/", None),
        (office, "/reports/new/", None),
        (leader, "/onestop/stats/", None),
    ]


def test_no_select_shows_dashes(client, pages):
    for user, url, placeholder in pages:
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert "---------" not in body, url
        if placeholder:
            assert f">{placeholder}</option>" in body, url
