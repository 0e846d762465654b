"""The office's report pages: access, drafting, editing, the workflow (submit, approve,
return, issue), deleting, checking."""

import datetime as dt
import io

import openpyxl
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.models import DocumentNumber
from reports import services
from reports.models import Report
from tests.onestop.conftest import at
from tests.reports.conftest import approved

Q3 = (dt.date(2026, 7, 1), dt.date(2026, 9, 30))


@pytest.fixture(autouse=True)
def _in_october_2026():
    """The third quarter of 2026 is the last completed one."""
    with time_machine.travel(at(2026, 10, 5), tick=False):
        yield


def _text(response) -> str:
    return response.content.decode()


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.fixture
def q3_report(ward, office):
    report, _created = services.report_create(start=Q3[0], end=Q3[1], actor=office)
    return report


def _complete(report, leader):
    report.assessment = "Công tác cải cách hành chính được triển khai đồng bộ."
    report.signer = leader
    report.save()
    return report


def _issuable(report, leader, office):
    """Written, submitted by the office and approved by the leader."""
    return approved(_complete(report, leader), office=office, leader=leader)


# --- Access ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, method",
    [
        ("reports:list", "get"),
        ("reports:new", "get"),
        ("reports:detail", "get"),
        ("reports:edit", "get"),
        ("reports:submit", "post"),
        ("reports:approve", "post"),
        ("reports:return", "post"),
        ("reports:issue", "post"),
        ("reports:delete", "get"),
        ("reports:delete", "post"),
        ("reports:pdf", "get"),
        ("reports:xlsx", "get"),
    ],
)
def test_only_leaders_and_the_office_may_open_reports(
    client, q3_report, desk, officer, name, method
):
    url = (
        reverse(name)
        if name in ("reports:list", "reports:new")
        else reverse(name, args=[q3_report.pk])
    )
    anonymous = getattr(client, method)(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("login"))
    for user in (desk, officer):
        client.force_login(user)
        assert getattr(client, method)(url).status_code == 403
    assert Report.objects.filter(pk=q3_report.pk, status=Report.Status.DRAFT).exists()


def test_leader_and_office_see_the_list_and_the_menu_entry(client, q3_report, leader, office):
    for user in (leader, office):
        client.force_login(user)
        response = client.get(reverse("reports:list"))
        assert response.status_code == 200
        assert f'href="{reverse("reports:detail", args=[q3_report.pk])}"' in _text(response)
        assert f'href="{reverse("reports:list")}"' in _text(response)  # the menu bar


def test_desk_has_no_menu_entry(client, desk):
    client.force_login(desk)
    assert f'href="{reverse("reports:list")}"' not in _text(client.get(reverse("dashboard")))


# --- New -------------------------------------------------------------------------------


def test_the_new_form_proposes_the_last_completed_quarter(client, office):
    client.force_login(office)
    form = client.get(reverse("reports:new")).context["form"]
    assert form.initial["kind"] == "quarter"
    assert (form.initial["year"], form.initial["quarter"]) == (2026, 3)


def test_creating_a_quarter_report_and_the_same_again_keeps_one(client, ward, office):
    client.force_login(office)
    data = {"kind": "quarter", "year": "2026", "quarter": "3"}
    first = client.post(reverse("reports:new"), data)
    report = Report.objects.get()
    assert first.status_code == 302 and first["Location"] == reverse(
        "reports:detail", args=[report.pk]
    )
    assert (report.period_start, report.period_end, report.kind) == (*Q3, Report.Kind.QUARTER)
    assert report.created_by == office and report.is_draft
    assert "quý III năm 2026" in report.subject

    again = client.post(reverse("reports:new"), data, follow=True)
    assert Report.objects.count() == 1
    assert again.redirect_chain == [(reverse("reports:detail", args=[report.pk]), 302)]
    assert any("already exists" in m or "đã có" in m.lower() for m in _messages(again))


def test_half_year_year_and_range_periods(client, ward, office):
    client.force_login(office)
    client.post(reverse("reports:new"), {"kind": "half", "year": "2026", "half": "1"})
    client.post(reverse("reports:new"), {"kind": "year", "year": "2025"})
    client.post(
        reverse("reports:new"),
        {"kind": "range", "date_from": "2026-08-01", "date_to": "2026-08-31"},
    )
    assert set(Report.objects.values_list("kind", "period_start", "period_end")) == {
        ("half", dt.date(2026, 1, 1), dt.date(2026, 6, 30)),
        ("year", dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
        ("range", dt.date(2026, 8, 1), dt.date(2026, 8, 31)),
    }


def test_a_range_ending_before_it_starts_keeps_the_typed_dates(client, ward, office):
    client.force_login(office)
    response = client.post(
        reverse("reports:new"),
        {"kind": "range", "date_from": "2026-09-30", "date_to": "2026-07-01"},
    )
    assert response.status_code == 200 and not Report.objects.exists()
    assert response.context["form"].errors["date_to"]
    body = _text(response)
    assert 'value="2026-09-30"' in body and 'value="2026-07-01"' in body
    assert response.context["form"]["kind"].value() == "range"
    assert "ends before it starts" in body or "Ngày cuối kỳ đang trước ngày đầu kỳ" in body


@pytest.mark.parametrize(
    "data, field",
    [
        ({"kind": "range", "date_from": "2026-07-01", "date_to": ""}, "date_to"),
        ({"kind": "range", "date_from": "", "date_to": "2026-07-01"}, "date_from"),
        ({"kind": "range", "date_from": "2025-01-01", "date_to": "2026-06-30"}, "date_to"),
        ({"kind": "quarter", "year": "2026", "quarter": ""}, "quarter"),
        ({"kind": "half", "year": "", "half": "1"}, "year"),
    ],
)
def test_incomplete_or_too_long_periods_are_refused(client, ward, office, data, field):
    client.force_login(office)
    response = client.post(reverse("reports:new"), data)
    assert response.status_code == 200 and field in response.context["form"].errors
    assert not Report.objects.exists()


# --- Edit ------------------------------------------------------------------------------


def test_the_office_writes_the_narrative_of_a_draft(client, q3_report, office, leader):
    client.force_login(office)
    assert client.get(reverse("reports:edit", args=[q3_report.pk])).status_code == 200
    response = client.post(
        reverse("reports:edit", args=[q3_report.pk]),
        {
            "subject": q3_report.subject,
            "introduction": q3_report.introduction,
            "assessment": "Đoạn một.\nĐoạn hai.",
            "shortcomings": "Còn chậm.",
            "next_tasks": "",
            "recommendations": "",
            "recipients": "Lưu: VT.",
            "signer": leader.pk,
            "signer_authority": "KT",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:detail", args=[q3_report.pk])
    q3_report.refresh_from_db()
    assert q3_report.assessment == "Đoạn một.\nĐoạn hai."
    assert q3_report.signer == leader and q3_report.signer_authority == "KT"
    detail = _text(client.get(response["Location"]))
    assert '<p class="mb-1 small">Đoạn một.</p>' in detail and "Đoạn hai." in detail


def test_only_a_leader_can_sign(client, q3_report, office):
    client.force_login(office)
    response = client.post(
        reverse("reports:edit", args=[q3_report.pk]),
        {"subject": q3_report.subject, "signer": office.pk, "signer_authority": "TM"},
    )
    assert response.status_code == 200 and "signer" in response.context["form"].errors
    q3_report.refresh_from_db()
    assert q3_report.signer is None


def test_an_issued_report_cannot_be_edited(client, q3_report, office, leader, report_type):
    services.report_issue(report=_issuable(q3_report, leader, office), actor=office)
    client.force_login(office)
    url = reverse("reports:edit", args=[q3_report.pk])
    for response in (client.get(url), client.post(url, {"subject": "Khác", "assessment": "x"})):
        assert response.status_code == 302
        assert response["Location"] == reverse("reports:detail", args=[q3_report.pk])
    q3_report.refresh_from_db()
    assert q3_report.subject != "Khác" and q3_report.assessment != "x"


# --- Issue -----------------------------------------------------------------------------


def test_issuing_without_an_assessment_is_refused_and_takes_no_number(
    client, q3_report, office, leader, report_type
):
    q3_report.signer = leader
    q3_report.save()
    client.force_login(office)
    response = client.post(reverse("reports:submit", args=[q3_report.pk]), follow=True)
    assert response.redirect_chain == [(reverse("reports:detail", args=[q3_report.pk]), 302)]
    [message] = _messages(response)
    assert "before issuing" in message or "trước khi" in message
    q3_report.refresh_from_db()
    assert q3_report.is_draft and q3_report.number is None and q3_report.figures is None
    assert not DocumentNumber.objects.exists()


def test_issue_is_post_only(client, q3_report, office):
    client.force_login(office)
    assert client.get(reverse("reports:issue", args=[q3_report.pk])).status_code == 405


def test_issuing_numbers_the_report_and_freezes_its_figures(
    client, q3_report, office, leader, report_type, procedure, receive
):
    receive(procedure, when=at(2026, 8, 10))
    _issuable(q3_report, leader, office)
    client.force_login(office)
    response = client.post(reverse("reports:issue", args=[q3_report.pk]), follow=True)
    q3_report.refresh_from_db()
    assert q3_report.status == Report.Status.ISSUED
    assert q3_report.number.symbol.startswith("01/BC-")
    assert q3_report.issued_on == dt.date(2026, 10, 5) and q3_report.issued_by == office
    assert q3_report.approved_by == leader
    assert q3_report.figures_as_of == dt.date(2026, 10, 5)
    assert q3_report.figures["onestop"]["totals"]["received"] == 1
    assert q3_report.number.symbol in _messages(response)[0]

    receive(procedure, when=at(2026, 8, 11))  # a dossier entered late does not change it
    detail = client.get(reverse("reports:detail", args=[q3_report.pk]))
    assert detail.context["figures"]["onestop"]["totals"]["received"] == 1
    assert "05/10/2026" in _text(detail)
    assert f'href="{reverse("reports:edit", args=[q3_report.pk])}"' not in _text(detail)


def test_a_report_of_a_period_not_over_cannot_be_issued(client, ward, office, leader):
    report, _ = services.report_create(
        start=dt.date(2026, 10, 1), end=dt.date(2026, 12, 31), actor=office
    )
    _issuable(report, leader, office)
    client.force_login(office)
    response = client.post(reverse("reports:issue", args=[report.pk]), follow=True)
    assert "31/12/2026" in _messages(response)[0]
    report.refresh_from_db()
    assert report.status == Report.Status.APPROVED and report.number is None


# --- Workflow --------------------------------------------------------------------------


def _actions(response) -> set[str]:
    """The workflow steps the page offers, by the URL its buttons post to."""
    body = _text(response)
    pk = response.context["report"].pk
    return {
        name
        for name in ("submit", "approve", "return", "issue")
        if f'action="{reverse(f"reports:{name}", args=[pk])}"' in body
    }


def test_submit_approve_and_issue_through_the_pages(
    client, ward, q3_report, office, leader, report_type
):
    _complete(q3_report, leader)
    detail = reverse("reports:detail", args=[q3_report.pk])
    client.force_login(office)
    assert _actions(client.get(detail)) == {"submit"}
    response = client.post(reverse("reports:submit", args=[q3_report.pk]), follow=True)
    assert _messages(response) == ["Đã trình lãnh đạo duyệt."]
    assert _actions(response) == set()  # the office waits for the leader
    assert f'href="{reverse("reports:edit", args=[q3_report.pk])}"' not in _text(response)
    assert f'href="{reverse("reports:delete", args=[q3_report.pk])}"' not in _text(response)

    vice = ward.vice_chairmen.get()  # any leader approves; the chairman still signs
    client.force_login(vice)
    assert _actions(client.get(detail)) == {"approve", "return"}
    client.post(reverse("reports:approve", args=[q3_report.pk]))
    q3_report.refresh_from_db()
    assert q3_report.status == Report.Status.APPROVED and q3_report.approved_by == vice
    assert q3_report.signer == leader and q3_report.number is None

    client.force_login(office)
    page = client.get(detail)
    assert _actions(page) == {"issue"}
    body = _text(page)
    assert vice.display_name in body[body.index('id="workflow-state"') :]
    issue_button = body[body.index(f'action="{reverse("reports:issue", args=[q3_report.pk])}"') :]
    assert "data-confirm=" in issue_button[: issue_button.index("</form>")]
    assert "onclick" not in body
    client.post(reverse("reports:issue", args=[q3_report.pk]))
    q3_report.refresh_from_db()
    assert q3_report.status == Report.Status.ISSUED and q3_report.number is not None
    assert _actions(client.get(detail)) == set()


def test_the_office_cannot_approve_and_the_leader_cannot_issue(
    client, q3_report, office, leader, report_type
):
    services.report_submit(report=_complete(q3_report, leader), actor=office)
    client.force_login(office)
    for name in ("approve", "return"):
        assert client.post(reverse(f"reports:{name}", args=[q3_report.pk])).status_code == 403
    q3_report.refresh_from_db()
    assert q3_report.status == Report.Status.SUBMITTED
    services.report_approve(report=q3_report, actor=leader)
    client.force_login(leader)
    for name in ("submit", "issue"):
        assert client.post(reverse(f"reports:{name}", args=[q3_report.pk])).status_code == 403
    q3_report.refresh_from_db()
    assert q3_report.status == Report.Status.APPROVED and q3_report.number is None
    assert not DocumentNumber.objects.exists()


def test_issuing_a_draft_is_refused_with_a_vietnamese_message(
    client, q3_report, office, leader, report_type
):
    _complete(q3_report, leader)
    client.force_login(office)
    response = client.post(reverse("reports:issue", args=[q3_report.pk]), follow=True)
    assert response.redirect_chain == [(reverse("reports:detail", args=[q3_report.pk]), 302)]
    [message] = _messages(response)
    assert "ban hành" in message and "dự thảo" in message
    q3_report.refresh_from_db()
    assert q3_report.is_draft and q3_report.number is None
    assert not DocumentNumber.objects.exists()


def test_a_returned_report_shows_the_comment_and_can_be_edited_again(
    client, q3_report, office, leader
):
    services.report_submit(report=_complete(q3_report, leader), actor=office)
    edit = reverse("reports:edit", args=[q3_report.pk])
    client.force_login(office)
    assert client.get(edit).status_code == 302  # submitted: not editable

    client.force_login(leader)
    page = client.get(reverse("reports:detail", args=[q3_report.pk]))
    assert 'name="comment"' in _text(page)
    # without a comment: the page again, the form in error, the report still submitted
    response = client.post(reverse("reports:return", args=[q3_report.pk]), {"comment": " "})
    assert response.status_code == 200
    [(_step, form)] = response.context["step_forms"]
    assert "comment" in form.errors
    q3_report.refresh_from_db()
    assert q3_report.status == Report.Status.SUBMITTED
    response = client.post(
        reverse("reports:return", args=[q3_report.pk]),
        {"comment": "Bổ sung đánh giá <b>số liệu</b> một cửa."},
        follow=True,
    )
    q3_report.refresh_from_db()
    assert q3_report.status == Report.Status.RETURNED
    assert "Bổ sung đánh giá &lt;b&gt;số liệu&lt;/b&gt; một cửa." in _text(response)
    assert 'id="return-comment"' in _text(response)

    client.force_login(office)
    detail = client.get(reverse("reports:detail", args=[q3_report.pk]))
    assert "Bổ sung đánh giá &lt;b&gt;số liệu&lt;/b&gt; một cửa." in _text(detail)
    assert _actions(detail) == {"submit"}
    assert f'href="{edit}"' in _text(detail)
    form_page = client.get(edit)
    assert form_page.status_code == 200 and 'id="return-comment"' in _text(form_page)
    response = client.post(
        edit,
        {
            "subject": q3_report.subject,
            "introduction": q3_report.introduction,
            "assessment": "Đánh giá đã bổ sung.",
            "recipients": "Lưu: VT.",
            "signer": leader.pk,
            "signer_authority": "TM",
        },
    )
    assert response.status_code == 302
    client.post(reverse("reports:submit", args=[q3_report.pk]))
    q3_report.refresh_from_db()
    assert q3_report.status == Report.Status.SUBMITTED
    assert q3_report.assessment == "Đánh giá đã bổ sung."


def test_a_submitted_or_approved_report_cannot_be_edited_or_deleted(
    client, q3_report, office, leader
):
    services.report_submit(report=_complete(q3_report, leader), actor=office)
    client.force_login(office)
    for status in (Report.Status.SUBMITTED, Report.Status.APPROVED):
        Report.objects.filter(pk=q3_report.pk).update(status=status)
        for url in (
            reverse("reports:edit", args=[q3_report.pk]),
            reverse("reports:delete", args=[q3_report.pk]),
        ):
            response = client.post(url, {"subject": "Khác", "assessment": "x"}, follow=True)
            assert response.redirect_chain == [
                (reverse("reports:detail", args=[q3_report.pk]), 302)
            ]
        q3_report.refresh_from_db()
        assert q3_report.subject != "Khác" and q3_report.status == status


# --- Delete ----------------------------------------------------------------------------


def test_deleting_a_draft_asks_first_and_deletes_only_on_post(client, q3_report, office):
    client.force_login(office)
    url = reverse("reports:delete", args=[q3_report.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert '<form method="post"' in _text(confirm) and q3_report.subject in _text(confirm)
    assert Report.objects.filter(pk=q3_report.pk).exists()
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == reverse("reports:list")
    assert not Report.objects.filter(pk=q3_report.pk).exists()


def test_an_issued_report_cannot_be_deleted(client, q3_report, office, leader, report_type):
    services.report_issue(report=_issuable(q3_report, leader, office), actor=office)
    client.force_login(office)
    url = reverse("reports:delete", args=[q3_report.pk])
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 302
        assert response["Location"] == reverse("reports:detail", args=[q3_report.pk])
    assert Report.objects.filter(pk=q3_report.pk, status=Report.Status.ISSUED).exists()


# --- Detail ----------------------------------------------------------------------------


def test_the_detail_shows_the_live_figures_with_links_to_the_lists(
    client, q3_report, office, procedure, receive
):
    receive(procedure, when=at(2026, 7, 15))
    receive(procedure, when=at(2026, 9, 30, 16))
    receive(procedure, when=at(2026, 10, 1))  # next quarter
    client.force_login(office)
    response = client.get(reverse("reports:detail", args=[q3_report.pk]))
    assert response.status_code == 200
    assert response.context["figures"]["onestop"]["totals"]["received"] == 2
    body = _text(response)
    period = "received_from=01%2F07%2F2026&amp;received_to=30%2F09%2F2026"
    cases = reverse("onestop:case_list")
    assert f'href="{cases}?{period}"' in body
    assert f'href="{cases}?{period}&amp;due=late_finished"' in body
    assert f'href="{cases}?{period}&amp;department={procedure.department_id}"' in body
    assert (
        f'href="{reverse("onestop:case_stats")}?date_from=01%2F07%2F2026&amp;date_to=30%2F09%2F2026"'
        in body
    )
    assert f'href="{reverse("dialogues:opinion_list")}?{period}&amp;status=answered"' in body
    assert f'href="{reverse("dialogues:coverage")}?year=2026"' in body
    assert "05/10/2026" in body  # figures as of today, for a draft
    assert f'action="{reverse("reports:submit", args=[q3_report.pk])}"' in body
    assert f'action="{reverse("reports:issue", args=[q3_report.pk])}"' not in body

    # the linked list shows the same number of dossiers
    listed = client.get(f"{cases}?received_from=01/07/2026&received_to=30/09/2026")
    assert listed.context["page"].paginator.count == 2
    # and its date boxes show the period as typed elsewhere: dd/mm/yyyy
    assert 'value="01/07/2026"' in listed.content.decode()


def test_the_detail_links_the_survey_rounds_of_the_period(client, q3_report, office):
    from surveys.services import survey_create

    survey = survey_create(
        title="Khảo sát quý III",
        opens_on=dt.date(2026, 9, 1),
        closes_on=dt.date(2026, 9, 20),
        actor=office,
    )
    client.force_login(office)
    body = _text(client.get(reverse("reports:detail", args=[q3_report.pk])))
    assert "Khảo sát quý III" in body
    assert f'href="{reverse("surveys:results", args=[survey.pk])}"' in body


# --- List ------------------------------------------------------------------------------


def _make(start, end, office, **fields):
    report, _ = services.report_create(start=start, end=end, actor=office)
    if fields:
        Report.objects.filter(pk=report.pk).update(**fields)
    return report


def test_the_list_filters_on_year_kind_status_and_subject(client, ward, office):
    q2 = _make(dt.date(2026, 4, 1), dt.date(2026, 6, 30), office)
    q3 = _make(*Q3, office, status=Report.Status.ISSUED)
    year25 = _make(dt.date(2025, 1, 1), dt.date(2025, 12, 31), office, subject="Tổng kết 2025")
    client.force_login(office)

    def listed(**params):
        response = client.get(reverse("reports:list"), params)
        return [r.pk for r in response.context["page"]]

    assert listed() == [q3.pk, q2.pk, year25.pk]  # newest period first
    assert listed(year="2026") == [q3.pk, q2.pk]
    assert listed(kind="year") == [year25.pk]
    assert listed(status="issued") == [q3.pk]
    assert listed(status="draft", year="2026") == [q2.pk]
    Report.objects.filter(pk=q2.pk).update(status=Report.Status.RETURNED)
    assert listed(status="returned") == [q2.pk]
    assert listed(status="draft", year="2026") == []
    assert listed(q="tổng kết") == [year25.pk] or listed(q="Tổng kết") == [year25.pk]


def test_the_list_is_paginated_and_keeps_its_filters(client, ward, office):
    day = dt.date(2024, 1, 1)
    for i in range(30):
        _make(day + dt.timedelta(days=i), day + dt.timedelta(days=i), office)
    client.force_login(office)
    first = client.get(reverse("reports:list"), {"kind": "range"})
    assert len(first.context["page"]) == 25 and first.context["page"].paginator.num_pages == 2
    assert "?kind=range&amp;page=2" in _text(first)
    second = client.get(reverse("reports:list"), {"kind": "range", "page": 2})
    assert len(second.context["page"]) == 5


def test_the_list_costs_the_same_queries_however_many_reports(
    client, ward, office, leader, report_type, django_assert_max_num_queries
):
    _issuable(_make(*Q3, office), leader, office)
    services.report_issue(report=Report.objects.get(), actor=office)
    client.force_login(office)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("reports:list"))
    day = dt.date(2024, 1, 1)
    for i in range(20):
        _make(day + dt.timedelta(days=i), day + dt.timedelta(days=i), office)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("reports:list"))
    assert len(response.context["page"]) == 21


# --- Documents -------------------------------------------------------------------------


@pytest.fixture
def fake_renderers(monkeypatch):
    """The PDF and the workbook are tested in test_documents.py; here, what the views
    hand them and how they answer."""
    from portal.exports import Sheet

    calls = []

    def render_report_pdf(report, figures):
        calls.append(("pdf", report.pk, figures))
        return b"%PDF-1.7 fake"

    def report_sheets(report, figures):
        calls.append(("xlsx", report.pk, figures))
        return [Sheet(title="Tổng hợp", header=["Chỉ tiêu", "Số liệu"], rows=[["Hồ sơ", 1]])]

    monkeypatch.setattr("reports.views.render_report_pdf", render_report_pdf)
    monkeypatch.setattr("reports.views.report_sheets", report_sheets)
    return calls


def test_pdf_opens_inline_and_excel_downloads_with_the_period_in_their_names(
    client, q3_report, office, fake_renderers
):
    client.force_login(office)
    pdf = client.get(reverse("reports:pdf", args=[q3_report.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == 'inline; filename="bao-cao-2026-07-01-2026-09-30.pdf"'
    xlsx = client.get(reverse("reports:xlsx", args=[q3_report.pk]))
    assert xlsx.status_code == 200
    assert 'filename="bao-cao-2026-07-01-2026-09-30.xlsx"' in xlsx["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))
    assert book.sheetnames == ["Tổng hợp"]
    assert [kind for kind, _pk, _figures in fake_renderers] == ["pdf", "xlsx"]
    assert all(figures["as_of"] == "05/10/2026" for *_, figures in fake_renderers)


def test_documents_of_an_issued_report_use_its_frozen_figures(
    client, q3_report, office, leader, report_type, fake_renderers
):
    issued = services.report_issue(report=_issuable(q3_report, leader, office), actor=office)
    Report.objects.filter(pk=q3_report.pk).update(figures={**issued.figures, "as_of": "frozen"})
    client.force_login(office)
    client.get(reverse("reports:pdf", args=[q3_report.pk]))
    client.get(reverse("reports:xlsx", args=[q3_report.pk]))
    assert [figures["as_of"] for *_, figures in fake_renderers] == ["frozen", "frozen"]


def test_admin_lists_reports_and_leaves_issued_ones_alone(
    client, q3_report, office, leader, report_type, admin_user
):
    services.report_issue(report=_issuable(q3_report, leader, office), actor=office)
    client.force_login(admin_user)
    assert client.get(reverse("admin:reports_report_changelist")).status_code == 200
    change = client.get(reverse("admin:reports_report_change", args=[q3_report.pk]))
    assert change.status_code == 200 and 'name="subject"' not in change.content.decode()
    assert (
        client.get(reverse("admin:reports_report_delete", args=[q3_report.pk])).status_code == 403
    )
