"""Each one-stop step tells the officer what happened, and the one table of steps
(onestop/steps.py) decides both the forms a page shows and who may post them."""

import pytest
from django.contrib.messages import get_messages

from onestop.models import Case
from onestop.steps import STEPS, steps_allowed


def _message(response) -> str:
    """The message this step added (earlier ones wait for a page to show them)."""
    return str(list(get_messages(response.wsgi_request))[-1])


def test_each_step_says_what_it_did(client, receive, procedure, desk, officer):
    case = receive(procedure)
    code = case.receipt_code
    client.force_login(desk)
    r = client.post(f"/onestop/{code}/forward/", {"officer": officer.pk, "note": ""})
    assert r.status_code == 302
    assert _message(r) == f"Đã chuyển hồ sơ {code} cho bộ phận Tư pháp - Hộ tịch (Đỗ Thị Lan)."

    client.force_login(officer)
    r = client.post(f"/onestop/{code}/approve/", {"result": "Giấy xác nhận số 12"})
    assert "Đã duyệt kết quả hồ sơ " + code in _message(r)

    client.force_login(desk)
    r = client.post(f"/onestop/{code}/return/", {"note": ""})
    assert _message(r) == f"Đã trả kết quả hồ sơ {code} cho người nộp."
    assert Case.objects.get(pk=case.pk).returned_at is not None


@pytest.mark.parametrize("action", sorted(STEPS))
def test_a_step_the_page_does_not_offer_is_refused(client, receive, procedure, leader, action):
    """The chairman may stop a dossier and nothing else: the page offers him that form
    only, and every other step's URL answers 403 to him."""
    case = receive(procedure)
    allowed = steps_allowed(leader, case)
    client.force_login(leader)
    url = {"supplement_received": "supplement-received"}.get(action, action)
    response = client.post(f"/onestop/{case.receipt_code}/{url}/", {"reason": "Lý do"})
    if allowed[action]:
        assert action == "stop" and response.status_code == 302
    else:
        assert response.status_code == 403
