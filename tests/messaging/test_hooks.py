"""The one-line hooks as the domain services will call them, inside their transaction."""

from django.db import transaction

from messaging import services as messaging
from onestop import services


def test_supplement_then_result_after_the_onestop_steps(
    sms, consented, desk, officer, django_capture_on_commit_callbacks
):
    # (In tests the outer transaction never commits: the capture runs the callbacks.)
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            case = services.case_request_supplement(
                case=consented, actor=officer, missing="Bản sao giấy khai sinh"
            )
            messaging.citizen_notify(
                event="supplement_requested", obj=case, missing="Bản sao giấy khai sinh"
            )
        assert sms.requests == []  # queued for after the commit
    assert len(sms.requests) == 1
    case = services.case_receive_supplement(case=case, actor=desk)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        case = services.case_approve(case=case, actor=officer, result="Giấy xác nhận")
        messaging.citizen_notify(event="result_ready", obj=case)
    texts = [r["json"]["message"] for r in sms.requests]
    assert len(texts) == 2
    assert "Ban sao giay khai sinh" in texts[0] and "da co ket qua" in texts[1]


def test_a_rolled_back_action_sends_nothing(sms, consented, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                messaging.citizen_notify(event="result_ready", obj=consented)
                raise RuntimeError("the approval failed")
        except RuntimeError:
            pass
    assert sms.requests == []
