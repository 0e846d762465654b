"""Drafting, the workflow (submit, approve or return, issue) and the quarterly job."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from portal import roles
from portal.models import DocumentNumber, Notification
from reports.models import Report
from reports.services import (
    REPORT_STEPS,
    period_bounds,
    period_kind,
    period_label,
    quarter_report_draft,
    quarter_to_draft,
    report_approve,
    report_create,
    report_delete,
    report_figures_of,
    report_issue,
    report_return,
    report_steps_for,
    report_submit,
)
from reports.tasks import quarter_report
from tests.onestop.conftest import at
from tests.reports.conftest import approved


def test_period_bounds_and_labels():
    assert period_bounds("quarter", 2026, 1) == (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    assert period_bounds("quarter", 2024, 1) == (dt.date(2024, 1, 1), dt.date(2024, 3, 31))
    assert period_bounds("quarter", 2026, 3) == (dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    assert period_bounds("quarter", 2026, 4) == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    assert period_bounds("half", 2026, 2) == (dt.date(2026, 7, 1), dt.date(2026, 12, 31))
    assert period_bounds("year", 2026) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert period_label(*period_bounds("quarter", 2026, 3)) == "quý III năm 2026"
    assert period_label(*period_bounds("half", 2026, 1)) == "6 tháng đầu năm 2026"
    assert period_label(*period_bounds("year", 2026)) == "năm 2026"
    assert (
        period_label(dt.date(2026, 7, 1), dt.date(2026, 8, 5))
        == "từ ngày 01/07/2026 đến ngày 05/08/2026"
    )
    assert period_kind(dt.date(2026, 7, 1), dt.date(2026, 8, 5)) == Report.Kind.RANGE


@pytest.mark.django_db
def test_one_report_per_period(ward, office):
    start, end = period_bounds("quarter", 2026, 3)
    report, created = report_create(start=start, end=end, actor=office)
    assert created
    assert report.kind == Report.Kind.QUARTER
    assert report.subject == "Kết quả thực hiện công tác cải cách hành chính quý III năm 2026"
    assert "từ ngày 01/07/2026 đến ngày 30/09/2026" in report.introduction
    assert report.recipients.splitlines()[-1] == "Lưu: VT."
    again, created = report_create(start=start, end=end, actor=office)
    assert not created and again.pk == report.pk
    assert Report.objects.count() == 1
    with pytest.raises(ValidationError):
        report_create(start=end, end=start, actor=office)


def _q3(office) -> Report:
    return report_create(start=dt.date(2026, 7, 1), end=dt.date(2026, 9, 30), actor=office)[0]


def _complete(report, signer) -> Report:
    report.assessment = "Công tác cải cách hành chính có chuyển biến tích cực."
    report.signer = signer
    report.save()
    return report


def _status(report) -> str:
    return Report.objects.values_list("status", flat=True).get(pk=report.pk)


@pytest.mark.django_db
def test_submitting_needs_the_narrative_and_a_signer(ward, office, leader):
    report = _q3(office)
    with pytest.raises(ValidationError, match="general assessment|đánh giá chung"):
        report_submit(report=report, actor=office)
    report.assessment = "Công tác cải cách hành chính có chuyển biến tích cực."
    report.save()
    with pytest.raises(ValidationError, match="who signs|người ký"):
        report_submit(report=report, actor=office)
    assert _status(report) == Report.Status.DRAFT
    report.signer = leader
    report.save()
    report = report_submit(report=report, actor=office)
    assert report.status == Report.Status.SUBMITTED and not report.editable
    with pytest.raises(ValidationError):
        report_delete(report=report)  # with the leaders now: not deleted
    assert Report.objects.filter(pk=report.pk).exists()


@pytest.mark.django_db
def test_a_signer_who_is_not_a_leader_is_refused(ward, office, leader):
    report = _complete(_q3(office), office)
    with pytest.raises(ValidationError, match="Trần Thu Hà"):
        report_submit(report=report, actor=office)
    assert _status(report) == Report.Status.DRAFT
    # a signer who leaves the leaders after the submission holds up the approval and the issue
    vice = ward.vice_chairmen.get()
    report = report_submit(report=_complete(report, vice), actor=office)
    roles.assign_roles(vice, [roles.OFFICE])
    with pytest.raises(ValidationError, match=vice.display_name):
        report_approve(report=report, actor=leader)
    assert _status(report) == Report.Status.SUBMITTED
    roles.assign_roles(vice, [roles.LEADER])
    report = report_approve(report=report, actor=leader)
    vice.is_active = False
    vice.save()
    with pytest.raises(ValidationError, match=vice.display_name):
        report_issue(report=report, actor=office, today=dt.date(2026, 10, 5))
    assert _status(report) == Report.Status.APPROVED and not DocumentNumber.objects.exists()


@pytest.mark.django_db
def test_the_office_cannot_issue_before_a_leader_approved(ward, office, leader, report_type):
    report = _complete(_q3(office), leader)
    with pytest.raises(ValidationError):
        report_issue(report=report, actor=office, today=dt.date(2026, 10, 5))  # a draft
    report = report_submit(report=report, actor=office)
    with pytest.raises(ValidationError):
        report_issue(report=report, actor=office, today=dt.date(2026, 10, 5))  # submitted
    assert _status(report) == Report.Status.SUBMITTED
    assert not DocumentNumber.objects.exists()


@pytest.mark.django_db
def test_a_leader_approves_and_the_figures_stay_live_until_issued(
    ward, office, leader, report_type, procedure, receive
):
    receive(procedure, when=at(2026, 8, 3))
    report = report_submit(report=_complete(_q3(office), leader), actor=office)
    vice = ward.vice_chairmen.get()
    report = report_approve(report=report, actor=vice)
    assert report.status == Report.Status.APPROVED
    assert report.approved_by == vice and report.approved_at is not None
    assert report.signer == leader  # the chosen signer stays
    assert report.number is None and report.figures is None  # approval freezes nothing
    receive(procedure, when=at(2026, 8, 4))
    report.refresh_from_db()
    assert report_figures_of(report)["onestop"]["totals"]["received"] == 2
    assert not DocumentNumber.objects.exists()


@pytest.mark.django_db
def test_the_office_cannot_approve_or_return(ward, office, leader):
    report = report_submit(report=_complete(_q3(office), leader), actor=office)
    with pytest.raises(ValidationError, match="Chủ tịch|chairman"):
        report_approve(report=report, actor=office)
    with pytest.raises(ValidationError, match="Chủ tịch|chairman"):
        report_return(report=report, actor=office, comment="Sửa lại.")
    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED and report.approved_by is None


@pytest.mark.django_db
def test_leaders_do_not_submit_or_issue(ward, office, leader, report_type):
    report = _complete(_q3(office), leader)
    with pytest.raises(ValidationError):
        report_submit(report=report, actor=leader)
    report = approved(report, office=office, leader=leader)
    with pytest.raises(ValidationError):
        report_issue(report=report, actor=leader, today=dt.date(2026, 10, 5))
    assert _status(report) == Report.Status.APPROVED


@pytest.mark.django_db
def test_returning_with_a_comment_makes_the_report_editable_again(ward, office, leader):
    report = report_submit(report=_complete(_q3(office), leader), actor=office)
    with pytest.raises(ValidationError):
        report_return(report=report, actor=leader, comment="   ")  # a comment is needed
    assert _status(report) == Report.Status.SUBMITTED
    report = report_return(report=report, actor=leader, comment="Bổ sung số liệu quý.")
    assert report.status == Report.Status.RETURNED and report.editable
    assert report.return_comment == "Bổ sung số liệu quý."
    assert report.returned_by == leader and report.returned_at is not None
    # submitted again and approved, then returned: the approval is withdrawn
    report = approved(report, office=office, leader=leader)
    report = report_return(report=report, actor=leader, comment="Sửa phần đánh giá.")
    assert report.status == Report.Status.RETURNED
    assert report.approved_by is None and report.approved_at is None
    assert report.return_comment == "Sửa phần đánh giá."


@pytest.mark.django_db
def test_the_number_is_taken_only_at_issue_once_the_period_is_over(
    ward, office, leader, report_type
):
    report = approved(_complete(_q3(office), leader), office=office, leader=leader)
    assert not DocumentNumber.objects.exists()  # neither the submission nor the approval
    with pytest.raises(ValidationError, match="30/09/2026"):
        report_issue(report=report, actor=office, today=dt.date(2026, 9, 29))  # not over
    assert not DocumentNumber.objects.exists()
    report = report_issue(report=report, actor=office, today=dt.date(2026, 10, 5))
    assert report.status == Report.Status.ISSUED and report.issued_by == office
    assert report.number.symbol == "01/BC-UBND"
    assert DocumentNumber.objects.count() == 1
    assert report.figures_as_of == dt.date(2026, 10, 5)
    assert report.figures["as_of"] == "05/10/2026"
    with pytest.raises(ValidationError):
        report_issue(report=report, actor=office)
    with pytest.raises(ValidationError):
        report_delete(report=report)
    assert DocumentNumber.objects.count() == 1


# Every step from every state it does not start from. The message is Vietnamese: it names
# the step and the report's state as the ward's staff say them.
VI_ACTIONS = {
    "submit": "trình",
    "approve": "duyệt kết quả",
    "return": "trả lại",
    "issue": "ban hành",
}
VI_STATUSES = {
    Report.Status.DRAFT: "dự thảo",
    Report.Status.SUBMITTED: "đã trình duyệt",
    Report.Status.APPROVED: "đã duyệt",
    Report.Status.ISSUED: "đã ban hành",
    # "returned for changes" is a new message: its translation is not in the catalogue yet.
    Report.Status.RETURNED: None,
}
S = Report.Status
FROM = {
    "submit": {S.DRAFT, S.RETURNED},
    "approve": {S.SUBMITTED},
    "return": {S.SUBMITTED, S.APPROVED},
    "issue": {S.APPROVED},
}
WRONG_STATES = [(step, status) for step in FROM for status in S.values if status not in FROM[step]]


def test_the_workflow_table_starts_each_step_from_these_states_only():
    assert {name: set(step.sources) for name, step in REPORT_STEPS.items()} == FROM
    assert {name: step.role for name, step in REPORT_STEPS.items()} == {
        "submit": roles.OFFICE,
        "approve": roles.LEADER,
        "return": roles.LEADER,
        "issue": roles.OFFICE,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("step, status", WRONG_STATES)
def test_each_step_is_refused_from_a_wrong_state_in_vietnamese(
    ward, office, leader, report_type, step, status
):
    report = _complete(_q3(office), leader)
    Report.objects.filter(pk=report.pk).update(status=status)
    actor = leader if REPORT_STEPS[step].role == roles.LEADER else office
    kwargs = {"comment": "Sửa lại."} if step == "return" else {}
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        REPORT_STEPS[step].service(report=report, actor=actor, **kwargs)
    [message] = refused.value.messages
    assert VI_ACTIONS[step] in message
    assert (VI_STATUSES[status] or str(Report.Status(status).label)) in message
    assert _status(report) == status
    assert not DocumentNumber.objects.exists()


@pytest.mark.django_db
def test_what_each_role_may_do_in_each_state(ward, office, leader, desk):
    report = _q3(office)

    def may(user, status):
        report.status = status
        return [step.name for step in report_steps_for(report, user)]

    assert may(office, Report.Status.DRAFT) == ["submit"]
    assert may(office, Report.Status.RETURNED) == ["submit"]
    assert may(leader, Report.Status.DRAFT) == []
    assert may(leader, Report.Status.SUBMITTED) == ["approve", "return"]
    assert may(office, Report.Status.SUBMITTED) == []
    assert may(leader, Report.Status.APPROVED) == ["return"]
    assert may(office, Report.Status.APPROVED) == ["issue"]
    assert may(office, Report.Status.ISSUED) == may(leader, Report.Status.ISSUED) == []
    assert may(desk, Report.Status.SUBMITTED) == []


@pytest.mark.django_db
def test_issued_figures_do_not_move_when_the_data_does(
    ward, office, leader, report_type, procedure, receive
):
    receive(procedure, when=at(2026, 3, 2))
    receive(procedure, when=at(2026, 3, 3))
    report, _ = report_create(start=dt.date(2026, 1, 1), end=dt.date(2026, 3, 31), actor=office)
    assert report_figures_of(report)["onestop"]["totals"]["received"] == 2
    report.assessment, report.signer = "Đánh giá.", leader
    report.save()
    report = approved(report, office=office, leader=leader)
    report = report_issue(report=report, actor=office, today=dt.date(2026, 4, 2))
    # a dossier typed in late, dated inside the period
    receive(procedure, when=at(2026, 3, 4))
    report.refresh_from_db()
    assert report_figures_of(report)["onestop"]["totals"]["received"] == 2
    draft, _ = report_create(start=dt.date(2026, 1, 1), end=dt.date(2026, 6, 30), actor=office)
    assert report_figures_of(draft)["onestop"]["totals"]["received"] == 3


def test_which_quarter_the_job_drafts():
    assert quarter_to_draft(dt.date(2026, 9, 30)) == (2026, 3)
    assert quarter_to_draft(dt.date(2026, 12, 31)) == (2026, 4)
    assert quarter_to_draft(dt.date(2027, 1, 1)) == (2026, 4)  # catching up
    assert quarter_to_draft(dt.date(2027, 1, 10)) == (2026, 4)
    assert quarter_to_draft(dt.date(2027, 1, 11)) is None
    assert quarter_to_draft(dt.date(2026, 9, 29)) is None
    assert quarter_to_draft(dt.date(2026, 8, 15)) is None


@pytest.mark.django_db
def test_the_quarterly_job_drafts_once_and_tells_the_office(ward, office, leader, time_machine):
    time_machine.move_to(at(2026, 9, 30, 17, 45), tick=False)
    assert quarter_report() is not None
    assert quarter_report() is not None  # a second run: the same draft
    time_machine.move_to(at(2026, 10, 2, 10, 45), tick=False)
    quarter_report_draft()  # and in the catch-up days
    report = Report.objects.get()
    assert (report.period_start, report.period_end) == (dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    assert report.auto_drafted and report.status == Report.Status.DRAFT and report.editable
    assert [step.name for step in report_steps_for(report, office)] == ["submit"]
    notes = Notification.objects.filter(url=f"/reports/{report.pk}/")
    assert [n.recipient for n in notes] == [office]  # the office, once; not the leaders
    time_machine.move_to(at(2026, 8, 14, 10, 45), tick=False)
    assert quarter_report() is None
    assert Report.objects.count() == 1
