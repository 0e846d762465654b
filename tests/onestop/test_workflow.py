"""The dossier workflow and its deadline rules."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from onestop import services
from onestop.models import Case, CaseEvent
from tests.onestop.conftest import at

D = dt.date


def test_receiving_computes_the_appointment_in_working_days(receive, procedure, desk):
    # Friday 13/02/2026 before Tết: 3 working days land after the holiday week.
    case = receive(procedure, when=at(2026, 2, 13, 9))
    assert case.due_date == case.legal_due_date == D(2026, 2, 25)
    assert case.status == Case.Status.RECEIVED
    assert case.department == procedure.department
    event = case.events.get()
    assert event.action == CaseEvent.Action.RECEIVE and event.actor == desk


def test_receiving_after_the_cutoff_counts_from_the_next_working_day(receive, procedure):
    case = receive(procedure, when=at(2026, 3, 2, 17, 30))  # Monday evening
    assert case.clock_started_on == D(2026, 3, 3)
    assert case.due_date == D(2026, 3, 6)


def test_receipt_codes_are_unique_and_dated(receive, procedure):
    codes = {receive(procedure).receipt_code for _ in range(30)}
    assert len(codes) == 30
    assert all(code.startswith("260302-") and len(code) == 13 for code in codes)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("applicant_id_number", "12345", "12 chữ số"),
        ("applicant_phone", "12345", "số điện thoại"),
        ("applicant_email", "khong-phai-email", "email"),
    ],
)
def test_bad_applicant_data_is_refused_in_vietnamese(receive, procedure, field, value, message):
    with pytest.raises(ValidationError) as exc:
        receive(procedure, **{field: value})
    assert message in str(exc.value).lower() or message in str(exc.value)
    assert not Case.objects.exists()


def test_full_workflow_logs_every_step(receive, procedure, desk, officer):
    case = receive(procedure)
    case = services.case_forward(case=case, actor=desk, officer=officer)
    case = services.case_approve(
        case=case, actor=officer, result="Giấy xác nhận tình trạng hôn nhân"
    )
    case = services.case_return(case=case, actor=desk)
    assert case.status == Case.Status.RETURNED and case.returned_at is not None
    actions = list(case.events.values_list("action", "from_status", "to_status"))
    assert actions == [
        ("receive", "", "received"),
        ("transfer", "received", "in_progress"),
        ("approve", "in_progress", "approved"),
        ("return", "approved", "returned"),
    ]
    transfer = case.events.get(action="transfer")
    assert transfer.to_unit == officer.department.name


def test_an_invalid_step_is_refused_with_a_clear_message(receive, procedure, desk, officer):
    case = receive(procedure)
    with pytest.raises(ValidationError) as exc:
        services.case_approve(case=case, actor=officer, result="x")
    assert "Không thể" in exc.value.messages[0]
    services.case_forward(case=case, actor=desk)
    with pytest.raises(ValidationError):
        services.case_forward(case=case, actor=desk)  # twice
    with pytest.raises(ValidationError):
        services.case_return(case=case, actor=desk)  # no result yet


def test_forwarding_to_an_officer_of_another_department_is_refused(
    receive, procedure, desk, other_department
):
    from tests.factories import make_user

    stranger = make_user("khac", department=other_department)
    with pytest.raises(ValidationError):
        services.case_forward(case=receive(procedure), actor=desk, officer=stranger)


def test_the_deadline_stops_while_waiting_for_a_supplement(receive, procedure, desk, officer):
    # Received Monday 02/03/2026, 3 working days: due Thursday 05/03.
    case = receive(procedure, when=at(2026, 3, 2, 8))
    services.case_forward(case=case, actor=desk)
    with time_machine.travel(at(2026, 3, 3, 10)):  # one working day used
        case = services.case_request_supplement(case=case, actor=officer, missing="Bản sao CCCD")
    assert case.status == Case.Status.SUPPLEMENT and case.days_used == 1
    with time_machine.travel(at(2026, 3, 10, 9)):  # the citizen comes back a week later
        case = services.case_receive_supplement(case=case, actor=desk)
    # Two working days were left: Wednesday 11/03 and Thursday 12/03.
    assert case.due_date == case.legal_due_date == D(2026, 3, 12)
    assert case.status == Case.Status.IN_PROGRESS


def test_a_second_supplement_request_needs_a_justification_and_is_a_breach(
    receive, procedure, desk, officer
):
    case = receive(procedure)
    services.case_forward(case=case, actor=desk)
    services.case_request_supplement(case=case, actor=officer, missing="Tờ khai")
    services.case_receive_supplement(case=case, actor=desk)
    with pytest.raises(ValidationError) as exc:
        services.case_request_supplement(case=case, actor=officer, missing="Giấy khác")
    assert "justification" in exc.value.message_dict
    case.refresh_from_db()
    assert case.supplement_requests == 1 and not case.supplement_breach
    case = services.case_request_supplement(
        case=case, actor=officer, missing="Giấy khác", justification="Luật mới yêu cầu thêm"
    )
    assert case.supplement_requests == 2 and case.supplement_breach
    assert "Luật mới yêu cầu thêm" in case.events.filter(action="supplement_request").last().note


def test_refusal_needs_a_reason(receive, procedure, desk):
    case = receive(procedure)
    with pytest.raises(ValidationError):
        services.case_refuse(case=case, actor=desk, reason="  ")
    case = services.case_refuse(case=case, actor=desk, reason="Không thuộc thẩm quyền")
    assert case.status == Case.Status.REFUSED and case.decided_on is not None
    case = services.case_return(case=case, actor=desk)
    assert case.status == Case.Status.REFUSED and case.returned_at is not None
    with pytest.raises(ValidationError):
        services.case_return(case=case, actor=desk)


def test_timeliness_compares_the_decision_with_the_legal_due_date(
    receive, procedure, desk, officer
):
    case = receive(procedure, when=at(2026, 3, 2))  # due 05/03
    services.case_forward(case=case, actor=desk)
    with time_machine.travel(at(2026, 3, 6, 10)):
        case = services.case_approve(case=case, actor=officer, result="Giấy xác nhận")
    assert case.timeliness == "late"
    early = receive(procedure, when=at(2026, 3, 2))
    services.case_forward(case=early, actor=desk)
    with time_machine.travel(at(2026, 3, 4, 10)):
        assert services.case_approve(case=early, actor=officer, result="x").timeliness == "early"


def test_inactive_procedures_cannot_be_received(receive, procedure):
    procedure.is_active = False
    procedure.save()
    with pytest.raises(ValidationError):
        receive(procedure)
