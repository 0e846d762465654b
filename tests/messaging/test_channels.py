"""The SMS and Zalo adapters against a local fake gateway (never a real service)."""

import pytest

from messaging import services as messaging
from messaging.models import Message


def notify(case, django_capture_on_commit_callbacks, event="result_ready", **extra):
    with django_capture_on_commit_callbacks(execute=True):
        return messaging.citizen_notify(event=event, obj=case, **extra)


def test_sms_is_a_json_post_with_phone_message_and_brandname(
    sms, consented, django_capture_on_commit_callbacks
):
    message = notify(consented, django_capture_on_commit_callbacks)
    (request,) = sms.requests
    assert request["method"] == "POST"
    assert request["path"] == "/api/v1/sms/send"
    assert request["headers"]["authorization"] == "Bearer test-key"
    assert request["headers"]["content-type"].startswith("application/json")
    body = request["json"]
    assert body["phone"] == "84912345678"
    assert body["brandname"] == "UBND PHULA"
    assert body["request_id"] == f"portal-{message.pk}"
    # Without diacritics by default: brandname routes are GSM-7.
    assert consented.receipt_code in body["message"]
    assert "Ho so" in body["message"] and "đ" not in body["message"]
    message.refresh_from_db()
    assert message.state == Message.State.SENT and message.attempts == 1
    assert message.sent_at is not None and message.provider_ref == "gw-1"


def test_sms_gateway_with_user_and_password_gets_basic_auth(
    sms, settings, consented, django_capture_on_commit_callbacks
):
    settings.SMS_GATEWAY_API_KEY = ""
    settings.SMS_GATEWAY_USER = "phula"
    settings.SMS_GATEWAY_PASSWORD = "s3cret"
    settings.SMS_UNICODE = True
    notify(consented, django_capture_on_commit_callbacks)
    (request,) = sms.requests
    assert request["headers"]["authorization"] == "Basic cGh1bGE6czNjcmV0"
    assert "Hồ sơ" in request["json"]["message"]


def test_zalo_zns_posts_the_approved_template_with_the_oa_token(
    zalo, consented, django_capture_on_commit_callbacks
):
    message = notify(consented, django_capture_on_commit_callbacks)
    (request,) = zalo.requests
    assert request["method"] == "POST" and request["path"] == "/message/template"
    assert request["headers"]["access_token"] == "oa-token"
    body = request["json"]
    assert body["phone"] == "84912345678"
    assert body["template_id"] == "301234"
    assert body["tracking_id"] == f"portal-{message.pk}"
    assert body["template_data"]["ma_ho_so"] == consented.receipt_code
    assert "Bộ phận Một cửa" in body["template_data"]["noi_nhan"]
    message.refresh_from_db()
    assert message.channel == "zalo" and message.state == "sent" and message.provider_ref == "z-9"


def test_an_event_without_an_approved_zns_template_goes_by_sms(
    zalo, settings, consented, django_capture_on_commit_callbacks
):
    settings.SMS_GATEWAY_URL = zalo.url + "/sms"
    zalo.default = (200, {"code": "0"})
    message = notify(
        consented, django_capture_on_commit_callbacks, "supplement_requested", missing="Ảnh 4x6"
    )
    assert message.channel == "sms"
    assert zalo.requests[0]["path"] == "/sms"


@pytest.mark.parametrize(
    "reply",
    [(500, {"error": "boom"}), (200, {"code": "99", "message": "Brandname chua dang ky"})],
)
def test_an_sms_refused_is_tried_again_later(
    sms, reply, consented, django_capture_on_commit_callbacks
):
    sms.replies = [reply]
    message = notify(consented, django_capture_on_commit_callbacks)
    message.refresh_from_db()
    assert message.state == Message.State.PENDING and message.attempts == 1
    assert message.last_error


def test_a_zns_error_code_is_a_failure(zalo, consented, django_capture_on_commit_callbacks):
    zalo.replies = [(200, {"error": -124, "message": "Access token invalid"})]
    message = notify(consented, django_capture_on_commit_callbacks)
    message.refresh_from_db()
    assert message.state == "pending" and "-124" in message.last_error


def test_a_4xx_answer_is_not_tried_again(sms, consented, django_capture_on_commit_callbacks):
    sms.replies = [(400, {"error": "bad phone"})]
    message = notify(consented, django_capture_on_commit_callbacks)
    message.refresh_from_db()
    assert message.state == Message.State.FAILED and message.attempts == 1


def test_international_phone_form():
    from messaging.channels import international

    assert international("0912345678") == "84912345678"
    assert international("+84912345678") == "84912345678"
    assert international("84912345678") == "84912345678"
