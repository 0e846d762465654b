"""Late dossiers: the overdue scan and the apology letter workflow."""

import datetime as dt
import io
import threading

import pdfplumber
import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from onestop import services
from onestop.models import ApologyLetter
from onestop.tasks import overdue_scan
from portal.models import Notification
from tests.conftest import requires_postgres
from tests.onestop.conftest import at

D = dt.date


@pytest.fixture
def late_case(receive, procedure, desk, officer):
    """Received Monday 02/03/2026 (due Thursday 05/03), still being processed."""
    case = receive(procedure, when=at(2026, 3, 2, 8), applicant_email="an@example.com")
    return services.case_forward(case=case, actor=desk, officer=officer)


def test_scan_drafts_one_letter_per_late_case_prefilled(late_case, officer):
    with time_machine.travel(at(2026, 3, 5, 20)):
        assert overdue_scan.delay().get()["drafted"] == 0  # due today: not late yet
    with time_machine.travel(at(2026, 3, 6, 8)):
        result = overdue_scan.delay().get()
    assert result == {"drafted": 1, "notified": 1}
    letter = ApologyLetter.objects.get()
    assert letter.case == late_case and letter.round == 1
    assert letter.missed_due_date == D(2026, 3, 5)
    assert letter.department == late_case.department and letter.officer == officer
    assert letter.status == ApologyLetter.Status.DRAFT


def test_running_the_scan_again_never_makes_a_second_letter(late_case):
    with time_machine.travel(at(2026, 3, 6, 8)):
        overdue_scan.delay().get()
        again = overdue_scan.delay().get()
    with time_machine.travel(at(2026, 3, 12, 8)):  # a week later, still unsigned
        later = overdue_scan.delay().get()
    assert again == {"drafted": 0, "notified": 0} and later["drafted"] == 0
    assert ApologyLetter.objects.count() == 1


def test_scan_notifies_the_department_and_the_leaders_once(late_case, officer, leader):
    with time_machine.travel(at(2026, 3, 6, 8)):
        overdue_scan.delay().get()
        overdue_scan.delay().get()
    assert Notification.objects.filter(recipient=officer).count() == 1
    assert Notification.objects.filter(recipient=leader).count() == 1
    assert "1 hồ sơ trễ hạn" in Notification.objects.get(recipient=officer).message


def test_scan_query_count_does_not_depend_on_the_number_of_late_cases(receive, procedure, desk):
    def late_batch(n):
        for _ in range(n):
            services.case_forward(case=receive(procedure, when=at(2026, 3, 2, 8)), actor=desk)

    late_batch(2)
    with time_machine.travel(at(2026, 3, 6, 8)), CaptureQueriesContext(connection) as few:
        overdue_scan.delay().get()
    late_batch(25)
    with time_machine.travel(at(2026, 3, 6, 9)), CaptureQueriesContext(connection) as many:
        assert overdue_scan.delay().get()["drafted"] == 25
    assert len(many) == len(few)


def test_cases_waiting_for_a_supplement_or_decided_are_not_late(receive, procedure, desk, officer):
    waiting = services.case_forward(case=receive(procedure, when=at(2026, 3, 2, 8)), actor=desk)
    with time_machine.travel(at(2026, 3, 3, 9)):
        services.case_request_supplement(case=waiting, actor=officer, missing="CCCD")
    done = services.case_forward(case=receive(procedure, when=at(2026, 3, 2, 8)), actor=desk)
    with time_machine.travel(at(2026, 3, 4, 9)):
        services.case_approve(case=done, actor=officer, result="Giấy xác nhận")
    with time_machine.travel(at(2026, 3, 20, 8)):
        assert services.apology_letters_draft_overdue() == 0


def _draft(late_case):
    with time_machine.travel(at(2026, 3, 6, 8)):
        services.apology_letters_draft_overdue()
    return ApologyLetter.objects.get(case=late_case)


def test_full_letter_workflow_sign_store_email_deliver(
    late_case, officer, leader, desk, django_capture_on_commit_callbacks
):
    letter = _draft(late_case)
    with time_machine.travel(at(2026, 3, 6, 9)):
        services.apology_letter_propose(
            letter=letter,
            actor=officer,
            reason="Phải xác minh tại nơi cư trú cũ",
            extra_working_days=2,
        )
        letter.refresh_from_db()
        assert letter.new_due_date == D(2026, 3, 10)  # Friday + 2 working days
        with pytest.raises(ValidationError):
            services.apology_letter_sign(letter=letter, signer=officer)  # not a leader
        with django_capture_on_commit_callbacks(execute=True):
            letter = services.apology_letter_sign(letter=letter, signer=leader)
    assert letter.status == ApologyLetter.Status.SIGNED and letter.signed_by == leader
    late_case.refresh_from_db()
    assert late_case.due_date == D(2026, 3, 10)
    assert late_case.legal_due_date == D(2026, 3, 5)  # lateness is still measured against it
    assert late_case.events.filter(action="apology").exists()
    # Stored PDF, an official document with the reason, date and signer.
    with letter.pdf.open("rb") as f, pdfplumber.open(io.BytesIO(f.read())) as pdf:
        text = " ".join(pdf.pages[0].extract_text().split())
    assert "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT" in text
    assert "Phải xác minh tại nơi cư trú cũ" in text and "ngày 10 tháng 3 năm 2026" in text
    assert "TM. ỦY BAN NHÂN DÂN" in text and "Phan Cao Đăng" in text
    # Form 04 is a numbered letter of the committee, with its recipients.
    assert letter.number.symbol == "01/PXL-UBND" and "Số: 01/PXL-UBND" in text
    assert "Nơi nhận:" in text and "- Lưu: VT." in text
    # Emailed once to the applicant, with the letter attached.
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["an@example.com"]
    assert mail.outbox[0].attachments[0][2] == "application/pdf"
    letter.refresh_from_db()
    assert letter.emailed_at is not None
    from portal.models import OutboxMessage
    from portal.outbox import outbox_deliver_message, outbox_sweep

    message = OutboxMessage.objects.get(topic="onestop.apology_letter_email", object_id=letter.pk)
    assert message.sent_at is not None
    # Delivered again (a redelivery, the sweep) it sends nothing more.
    assert outbox_deliver_message(message_id=message.pk, token="another") is False
    assert outbox_sweep() == 0
    assert len(mail.outbox) == 1
    letter = services.apology_letter_deliver(letter=letter, actor=desk)
    assert letter.status == ApologyLetter.Status.DELIVERED
    with pytest.raises(ValidationError):
        services.apology_letter_deliver(letter=letter, actor=desk)


def test_a_vice_chairman_signs_for_the_chairman(
    late_case, officer, ward, django_capture_on_commit_callbacks
):
    vice = ward.vice_chairmen.get()
    letter = _draft(late_case)
    with time_machine.travel(at(2026, 3, 6, 9)):
        services.apology_letter_propose(
            letter=letter, actor=officer, reason="Chậm", extra_working_days=1
        )
        with django_capture_on_commit_callbacks(execute=True):
            letter = services.apology_letter_sign(letter=letter, signer=vice)
    with letter.pdf.open("rb") as f, pdfplumber.open(io.BytesIO(f.read())) as pdf:
        text = pdf.pages[0].extract_text()
    assert "KT. CHỦ TỊCH" in text and "PHÓ CHỦ TỊCH" in text and "Nguyễn Thị Minh Hiếu" in text


def test_a_letter_needs_a_reason_and_a_future_date_before_signing(late_case, officer, leader):
    letter = _draft(late_case)
    with time_machine.travel(at(2026, 3, 6, 9)):
        with pytest.raises(ValidationError):
            services.apology_letter_sign(letter=letter, signer=leader)
        with pytest.raises(ValidationError):
            services.apology_letter_propose(
                letter=letter, actor=officer, reason="", extra_working_days=2
            )
        with pytest.raises(ValidationError):
            services.apology_letter_propose(
                letter=letter, actor=officer, reason="x", extra_working_days=0
            )
        services.apology_letter_propose(
            letter=letter, actor=officer, reason="x", extra_working_days=1
        )
    with time_machine.travel(at(2026, 3, 20, 9)), pytest.raises(ValidationError) as exc:
        services.apology_letter_sign(letter=letter, signer=leader)  # proposed date has passed
    assert "đã qua" in exc.value.messages[0]


def test_late_again_after_the_new_date_starts_a_second_round(late_case, officer, leader):
    letter = _draft(late_case)
    with time_machine.travel(at(2026, 3, 6, 9)):
        services.apology_letter_propose(
            letter=letter, actor=officer, reason="Chậm", extra_working_days=2
        )
        services.apology_letter_sign(letter=letter, signer=leader)
    with time_machine.travel(at(2026, 3, 10, 20)):
        assert services.apology_letters_draft_overdue() == 0  # new date is today
    with time_machine.travel(at(2026, 3, 11, 8)):
        assert services.apology_letters_draft_overdue() == 1
        assert services.apology_letters_draft_overdue() == 0
    second = ApologyLetter.objects.get(round=2)
    assert second.missed_due_date == D(2026, 3, 10)


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_scanning_at_once_make_one_letter_per_late_case(receive, procedure, desk):
    cases = [
        services.case_forward(case=receive(procedure, when=at(2026, 3, 2, 8)), actor=desk)
        for _ in range(40)
    ]
    barrier = threading.Barrier(4)
    errors = []

    def scan():
        try:
            barrier.wait()
            with time_machine.travel(at(2026, 3, 6, 8)):
                services.apology_letters_draft_overdue()
                services.apology_letters_notify_new()
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=scan) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert ApologyLetter.objects.count() == len(cases)
    assert set(ApologyLetter.objects.values_list("round", flat=True)) == {1}
    assert Notification.objects.filter(recipient__username="chutich").count() >= 1
    total = sum(
        int(m.split()[0])
        for m in Notification.objects.filter(recipient__username="chutich").values_list(
            "message", flat=True
        )
    )
    assert total == len(cases)  # every letter announced exactly once
