"""What each event says, and to whom."""

import datetime as dt

from django.utils import timezone

from dialogues.models import Opinion
from messaging import services as messaging
from onestop.models import ApologyLetter


def test_apology_letter_gives_the_new_date_and_counts_the_dossiers_consent(
    zalo, consented, django_capture_on_commit_callbacks
):
    letter = ApologyLetter.objects.create(
        case=consented,
        round=1,
        missed_due_date=dt.date(2026, 3, 5),
        department=consented.department,
        new_due_date=dt.date(2026, 3, 12),
        created_at=timezone.now(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        message = messaging.citizen_notify(event="apology_letter", obj=letter)
    assert "12/03/2026" in message.text and consented.receipt_code in message.text
    # Shown on the dossier's page: the message is about the dossier.
    assert message.subject == consented
    (request,) = zalo.requests
    assert request["json"]["template_id"] == "301235"
    assert request["json"]["template_data"]["ngay_hen_moi"] == "12/03/2026"


def test_each_supplement_request_is_its_own_message(sms, consented):
    first = messaging.citizen_notify(event="supplement_requested", obj=consented, missing="Ảnh 4x6")
    consented.supplement_requests = 1
    second = messaging.citizen_notify(
        event="supplement_requested", obj=consented, missing="Bản sao sổ hộ khẩu"
    )
    assert first.pk != second.pk
    assert "Ảnh 4x6" in first.text and "Bản sao sổ hộ khẩu" in second.text


def test_an_approved_answer_is_announced_to_the_citizen_who_agreed(ward, sms):
    opinion = Opinion.objects.create(
        source=Opinion.Source.FEEDBACK, content="Đèn đường hỏng", citizen_phone="0912345678"
    )
    assert messaging.citizen_notify(event="answer_approved", obj=opinion) is None
    messaging.consent_record(phone="0912345678", obj=opinion, source="opinion_form")
    message = messaging.citizen_notify(event="answer_approved", obj=opinion)
    assert "trả lời ý kiến" in message.text and message.reference == f"#{opinion.pk}"


def test_a_thank_you_letter_of_another_app_uses_the_generic_hook(ward, sms):
    opinion = Opinion.objects.create(
        source=Opinion.Source.FEEDBACK, content="Góp ý hay", citizen_phone="0912345678"
    )
    messaging.consent_record(phone="0912345678", obj=opinion, source="opinion_form")
    # letters/ passes its letter, the record the consent was given on, the phone.
    message = messaging.citizen_notify(
        event="thank_you_letter",
        obj=opinion,
        subject=opinion,
        phone=opinion.citizen_phone,
        reference="12/TC-UBND",
        ve_viec="vì ý kiến đóng góp về chỉnh trang đô thị",
    )
    assert "thư cảm ơn vì ý kiến đóng góp" in message.text
    assert message.reference == "12/TC-UBND"
