"""Drafting, issuing and the quarterly job."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from portal.models import DocumentNumber, Notification
from reports.models import Report
from reports.services import (
    period_bounds,
    period_kind,
    period_label,
    quarter_report_draft,
    quarter_to_draft,
    report_create,
    report_delete,
    report_figures_of,
    report_issue,
)
from reports.tasks import quarter_report
from tests.onestop.conftest import at


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


@pytest.mark.django_db
def test_issue_needs_the_narrative_a_signer_and_the_period_over(ward, office, leader, report_type):
    start, end = period_bounds("quarter", 2026, 3)
    report, _ = report_create(start=start, end=end, actor=office)
    with pytest.raises(ValidationError, match="general assessment|đánh giá chung"):
        report_issue(report=report, actor=office, today=dt.date(2026, 10, 5))
    report.assessment = "Công tác cải cách hành chính có chuyển biến tích cực."
    report.save()
    with pytest.raises(ValidationError):
        report_issue(report=report, actor=office, today=dt.date(2026, 10, 5))  # no signer
    report.signer = leader
    report.save()
    with pytest.raises(ValidationError):
        report_issue(report=report, actor=office, today=dt.date(2026, 9, 29))  # not over
    assert not DocumentNumber.objects.exists()
    report = report_issue(report=report, actor=office, today=dt.date(2026, 10, 5))
    assert report.status == Report.Status.ISSUED
    assert report.number.symbol == "1/BC-UBND"
    assert report.figures_as_of == dt.date(2026, 10, 5)
    assert report.figures["as_of"] == "05/10/2026"
    with pytest.raises(ValidationError):
        report_issue(report=report, actor=office)
    with pytest.raises(ValidationError):
        report_delete(report=report)


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
    assert report.auto_drafted and report.is_draft
    notes = Notification.objects.filter(url=f"/reports/{report.pk}/")
    assert [n.recipient for n in notes] == [office]  # the office, once; not the leaders
    time_machine.move_to(at(2026, 8, 14, 10, 45), tick=False)
    assert quarter_report() is None
    assert Report.objects.count() == 1
