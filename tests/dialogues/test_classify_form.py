"""The office's classification form keeps what was chosen when it fails, shows each
error by its field, lists the officials of the chosen department, and a complaint
classified again as a procedure opinion loses its routing note."""

import re

import pytest

from dialogues import services
from dialogues.models import Opinion


@pytest.fixture
def opinion(plan):
    return services.opinion_create(
        source=Opinion.Source.FLOOR,
        session=plan.sessions.get(),
        content="Đề nghị rút ngắn thời gian cấp giấy xác nhận tình trạng hôn nhân",
        citizen_name="Nguyễn Văn An",
    )


def _selected(body: str, name: str) -> str:
    select = re.search(rf'<select name="{name}".*?</select>', body, re.S).group(0)
    chosen = re.search(r'<option value="([^"]*)"[^>]*selected', select)
    return chosen.group(1) if chosen else ""


def test_an_official_of_another_department_is_refused_by_his_field_and_nothing_is_lost(
    client, office, opinion, department, other_department, other_officer
):
    client.force_login(office)
    response = client.post(
        f"/dialogues/opinions/{opinion.pk}/classify/",
        {
            "classification": "procedure",
            "department": department.pk,
            "officer": other_officer.pk,
            "due_date": "20/03/2026",
            "routed_note": "",
        },
    )
    assert response.status_code == 200  # the page again, not a redirect
    body = response.content.decode()
    assert _selected(body, "department") == str(department.pk)
    assert _selected(body, "officer") == str(other_officer.pk)
    assert 'value="20/03/2026"' in body
    # The error sits by the officer's field, not in a message at the top.
    officer_block = body[body.index('name="officer"') :][:3000]
    assert "Công chức này không thuộc bộ phận đó." in officer_block
    assert 'class="alert alert-danger' not in body[: body.index("<h1")]
    opinion.refresh_from_db()
    assert opinion.status == Opinion.Status.NEW and opinion.department is None


def test_the_officer_select_says_each_officials_department(client, office, opinion, officer):
    client.force_login(office)
    body = client.get(f"/dialogues/opinions/{opinion.pk}/").content.decode()
    assert 'data-depends-on="id_department"' in body
    assert re.search(
        rf'<option value="{officer.pk}" data-department="{officer.department_id}"', body
    )


def test_a_complaint_classified_again_loses_its_routing_note(client, office, opinion, department):
    services.opinion_classify(opinion=opinion, actor=office, classification="complaint")
    client.force_login(office)
    response = client.post(
        f"/dialogues/opinions/{opinion.pk}/classify/",
        {"classification": "procedure", "department": department.pk},
    )
    assert response.status_code == 302
    opinion.refresh_from_db()
    assert opinion.status == Opinion.Status.ASSIGNED and opinion.routed_note == ""
