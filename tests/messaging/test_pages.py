"""The desk's list of messages and the partial on the dossier page."""

import pytest
from django.db import connection
from django.template import engines
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from messaging import services as messaging
from messaging.models import Message

pytestmark = pytest.mark.urls("tests.messaging.urls")


def _failed(case, n=1):
    consent = messaging.consent_record(phone="0912345678", obj=case, source="dossier_receipt")
    rows = [
        Message(
            key=f"t:{case.pk}:{i}",
            phone="0912345678",
            channel="sms",
            event="result_ready",
            reference=case.receipt_code,
            text=f"Hồ sơ {case.receipt_code} đã có kết quả",
            content_type_id=consent.content_type_id,
            object_id=case.pk,
            consent=consent,
            state=Message.State.FAILED,
            attempts=5,
            last_error="HTTP 500",
            next_attempt_at=timezone.now(),
        )
        for i in range(n)
    ]
    return Message.objects.bulk_create(rows)


def test_the_desk_lists_failed_messages_and_sends_one_again(
    client, desk, sms, case, django_capture_on_commit_callbacks
):
    (message,) = _failed(case)
    client.force_login(desk)
    page = client.get(reverse("messaging:message_list"))
    assert page.status_code == 200
    assert list(page.context["page"]) == [message]
    assert "0912***678" in page.content.decode() and "0912345678" not in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("messaging:message_resend", args=[message.pk]))
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.state == "sent" and message.resent_by == desk and len(sms.requests) == 1
    # Sent: no longer in the default (failed) list, and cannot be sent again.
    assert list(client.get(reverse("messaging:message_list")).context["page"]) == []
    client.post(reverse("messaging:message_resend", args=[message.pk]))
    assert len(sms.requests) == 1


def test_the_list_filters_and_searches(client, office, case):
    _failed(case, 2)
    client.force_login(office)
    url = reverse("messaging:message_list")
    assert len(client.get(url, {"q": case.receipt_code}).context["page"]) == 2
    assert len(client.get(url, {"q": "H-1999-000001"}).context["page"]) == 0
    assert len(client.get(url, {"q": "0912 345"}).context["page"]) == 2
    assert len(client.get(url, {"state": "sent"}).context["page"]) == 0
    assert len(client.get(url, {"state": "", "channel": "zalo"}).context["page"]) == 0


def test_only_the_desk_and_the_office_see_the_list(client, officer, leader, case):
    (message,) = _failed(case)
    for user in (officer, leader):
        client.force_login(user)
        assert client.get(reverse("messaging:message_list")).status_code == 403
        resend = client.post(reverse("messaging:message_resend", args=[message.pk]))
        assert resend.status_code == 403
    client.logout()
    assert client.get(reverse("messaging:message_list")).status_code == 302
    message.refresh_from_db()
    assert message.state == "failed"


def test_resend_is_post_only(client, desk, case):
    (message,) = _failed(case)
    client.force_login(desk)
    assert client.get(reverse("messaging:message_resend", args=[message.pk])).status_code == 405


def test_the_list_takes_the_same_queries_for_2_or_12_rows(client, desk, case):
    client.force_login(desk)
    url = reverse("messaging:message_list")
    _failed(case, 2)
    client.get(url)
    with CaptureQueriesContext(connection) as two:
        client.get(url)
    Message.objects.all().delete()
    _failed(case, 12)
    with CaptureQueriesContext(connection) as twelve:
        page = client.get(url)
    assert len(page.context["page"]) == 12
    assert len(twelve) == len(two)


def test_the_partial_shows_the_state_of_each_message_about_the_object(desk, officer, case):
    (message,) = _failed(case)
    template = engines["django"].from_string(
        '{% include "messaging/_deliveries.html" with obj=case %}'
    )
    request = RequestFactory().get("/")
    request.user = desk
    html = template.render({"case": case, "request": request}, request)
    assert case.receipt_code in html and "0912***678" in html
    assert reverse("messaging:message_resend", args=[message.pk]) in html
    request.user = officer  # a department sees the state, does not send again
    html = template.render({"case": case, "request": request}, request)
    assert "HTTP 500" in html
    assert reverse("messaging:message_resend", args=[message.pk]) not in html


def test_the_desk_records_a_withdrawal_and_pending_messages_stop(client, desk, officer, sms, case):
    consent = messaging.consent_record(phone="0912345678", obj=case, source="dossier_receipt")
    message = messaging.citizen_notify(event="result_ready", obj=case)
    url = reverse("messaging:consent_withdraw", args=[consent.pk])
    client.force_login(officer)
    assert client.post(url).status_code == 403
    client.force_login(desk)
    assert client.post(url, {"next": "//evil.example/"}).status_code == 302
    consent.refresh_from_db()
    message.refresh_from_db()
    assert consent.withdrawn_at is not None and message.state == Message.State.CANCELLED
    assert client.post(url).status_code == 404  # already withdrawn
    assert messaging.citizen_notify(event="supplement_requested", obj=case) is None
    assert sms.requests == []


def test_the_desk_does_not_see_messages_about_opinions(client, desk, office, ward):
    from dialogues.models import Opinion

    opinion = Opinion.objects.create(
        source=Opinion.Source.FEEDBACK, content="Ý kiến", citizen_phone="0912345678"
    )
    consent = messaging.consent_record(phone="0912345678", obj=opinion, source="opinion_form")
    message = Message.objects.create(
        key="o:1",
        phone="0912345678",
        channel="sms",
        event="answer_approved",
        reference=f"#{opinion.pk}",
        text="x",
        content_type_id=consent.content_type_id,
        object_id=opinion.pk,
        consent=consent,
        state=Message.State.FAILED,
        next_attempt_at=timezone.now(),
    )
    url = reverse("messaging:message_list")
    client.force_login(desk)
    assert list(client.get(url).context["page"]) == []
    assert client.post(reverse("messaging:message_resend", args=[message.pk])).status_code == 404
    withdraw = reverse("messaging:consent_withdraw", args=[consent.pk])
    assert client.post(withdraw).status_code == 404
    client.force_login(office)
    assert list(client.get(url).context["page"]) == [message]
