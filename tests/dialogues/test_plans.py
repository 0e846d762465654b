import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dialogues import services
from dialogues.models import DialoguePlan, DialogueSession
from tests.factories import make_user

HCM = dt.timezone(dt.timedelta(hours=7))


def _issue(plan, office, leader):
    services.plan_submit(plan=plan, actor=office)
    services.plan_approve(plan=plan, actor=leader)
    return services.plan_issue(plan=plan, actor=office)


def test_workflow_draft_submit_approve_issue_takes_a_number(plan, office, leader):
    with time_machine.travel(dt.datetime(2025, 2, 5, 9, tzinfo=HCM)):
        plan = _issue(plan, office, leader)
    assert plan.status == DialoguePlan.Status.ISSUED
    assert plan.number.symbol == "01/KH-UBND" and plan.issued_on == dt.date(2025, 2, 5)
    assert plan.approved_by == leader


def test_only_leaders_approve(plan, office, officer):
    services.plan_submit(plan=plan, actor=office)
    for user in (office, officer):
        with pytest.raises(ValidationError):
            services.plan_approve(plan=plan, actor=user)


def test_steps_out_of_order_are_refused(plan, office, leader):
    with pytest.raises(ValidationError) as exc:
        services.plan_issue(plan=plan, actor=office)
    assert "Không thể" in exc.value.messages[0]
    services.plan_submit(plan=plan, actor=office)
    services.plan_return(plan=plan, actor=leader, comment="Bổ sung chương trình.")
    plan.refresh_from_db()
    assert plan.status == DialoguePlan.Status.DRAFT


def test_the_leader_returns_a_dialogue_plan_with_a_comment(client, plan, office, leader):
    services.plan_submit(plan=plan, actor=office)
    client.force_login(leader)
    response = client.post(f"/dialogues/plans/{plan.pk}/return/", {"comment": ""}, follow=True)
    assert "Hãy nêu nội dung cần chỉnh sửa." in response.content.decode()
    client.post(f"/dialogues/plans/{plan.pk}/return/", {"comment": "Bổ sung chương trình."})
    plan.refresh_from_db()
    assert plan.status == DialoguePlan.Status.DRAFT and plan.return_comment
    client.force_login(office)
    assert "Bổ sung chương trình." in client.get(f"/dialogues/plans/{plan.pk}/").content.decode()
    assert office.notifications.filter(message__contains="Bổ sung chương trình.").exists()


def test_an_issued_plan_is_read_only_and_a_revision_supersedes_it(client, plan, office, leader):
    plan = _issue(plan, office, leader)
    client.force_login(office)
    response = client.get(f"/dialogues/plans/{plan.pk}/edit/")
    assert response.status_code == 302
    revision = services.plan_revise(plan=plan, actor=office)
    assert revision.supersedes == plan and revision.status == DialoguePlan.Status.DRAFT
    with pytest.raises(ValidationError):
        services.plan_revise(plan=plan, actor=office)  # one revision at a time
    _issue(revision, office, leader)
    plan.refresh_from_db()
    assert plan.status == DialoguePlan.Status.SUPERSEDED
    revision.refresh_from_db()
    assert revision.number.number == 2


def test_copy_from_last_year_moves_year_and_dates(plan, office):
    copy = services.plan_copy(plan=plan, actor=office)
    assert copy.year == 2026 and copy.status == DialoguePlan.Status.DRAFT
    assert copy.title == "Tổ chức đối thoại về thủ tục hành chính năm 2026"
    assert "năm 2026" in copy.purposes
    assert copy.legal_basis == plan.legal_basis  # cited documents keep their own dates
    assert copy.topics.get().text == "Tình hình giải quyết TTHC lĩnh vực Địa chính"
    assert copy.participant_groups.get().members == "Thường trực Đảng ủy\nUB MTTQ phường"
    session = copy.sessions.get()
    assert session.title == "Hội nghị đối thoại lần 1 năm 2026"
    assert session.starts_at.astimezone(HCM).date() == dt.date(2026, 6, 18)
    assert session.status == DialogueSession.Status.PLANNED
    assert copy.copied_from == plan and copy.number is None
    plan.refresh_from_db()
    assert plan.sessions.count() == 1  # the original keeps its own


def test_office_copies_through_the_page(client, plan, office):
    client.force_login(office)
    response = client.post(f"/dialogues/plans/{plan.pk}/copy/", follow=True)
    assert "năm 2026" in response.content.decode()
    assert DialoguePlan.objects.filter(year=2026).exists()


def test_only_the_office_edits_and_copies(client, plan, leader, officer, organisation_user):
    for user in (leader, officer, organisation_user):
        client.force_login(user)
        assert client.get(f"/dialogues/plans/{plan.pk}/").status_code == 200
        assert client.get(f"/dialogues/plans/{plan.pk}/edit/").status_code == 403
        assert client.post(f"/dialogues/plans/{plan.pk}/copy/").status_code == 403


def test_new_plan_keeps_input_on_error_then_opens_the_editor_by_parts(client, office, ward):
    client.force_login(office)
    data = {
        "year": "2026", "kind": "yearly", "title": "", "purposes": "Mục đích 1\nMục đích 2",
        "signer_authority": "TM",
    }  # fmt: skip
    response = client.post("/dialogues/plans/new/", data)
    body = response.content.decode()
    assert response.status_code == 200 and "Mục đích 2" in body
    assert "topics-TOTAL_FORMS" not in body  # the lists are not on the new plan's page
    data["title"] = "Đối thoại năm 2026"
    response = client.post("/dialogues/plans/new/", data)
    plan = DialoguePlan.objects.get(title="Đối thoại năm 2026")
    assert response.url == f"/dialogues/plans/{plan.pk}/edit/?part=topics"
    assert plan.purposes == "Mục đích 1\nMục đích 2"
    assert "topics-TOTAL_FORMS" in client.get(response.url).content.decode()


def test_plan_list_search_and_constant_queries(client, plan, office):
    client.force_login(office)
    assert plan.title in client.get("/dialogues/", {"q": "thủ tục"}).content.decode()
    assert (
        "Không có kế hoạch phù hợp." in client.get("/dialogues/", {"year": "1999"}).content.decode()
    )
    with CaptureQueriesContext(connection) as few:
        client.get("/dialogues/")
    for _ in range(15):
        services.plan_copy(plan=plan, actor=office)
    with CaptureQueriesContext(connection) as many:
        client.get("/dialogues/")
    assert len(many) == len(few)


def test_sessions_invite_from_groups_and_check_in(client, plan, office):
    session = plan.sessions.get()
    client.force_login(office)
    client.post(f"/dialogues/sessions/{session.pk}/invite-groups/")
    client.post(f"/dialogues/sessions/{session.pk}/invite-groups/")  # no duplicates
    names = list(session.attendees.values_list("name", flat=True))
    assert names == ["Đại diện lãnh đạo Thường trực Đảng ủy", "Đại diện lãnh đạo UB MTTQ phường"]
    attendee = session.attendees.first()
    response = client.post(
        f"/dialogues/sessions/{session.pk}/attendees/{attendee.pk}/toggle/",
        HTTP_X_REQUESTED_WITH="fetch",
    )
    assert response.json() == {"attended": True}
    attendee.refresh_from_db()
    assert attendee.attended and attendee.checked_in_at is not None
    body = client.get(f"/dialogues/sessions/{session.pk}/checkin/").content.decode()
    assert "Có mặt" in body and 'data-name="đại diện lãnh đạo thường trực đảng ủy' in body


def test_a_session_cannot_be_held_before_it_starts(plan, office):
    session = plan.sessions.get()
    with time_machine.travel(dt.datetime(2025, 6, 1, tzinfo=HCM)), pytest.raises(ValidationError):
        services.session_mark_held(session=session, actor=office)
    with time_machine.travel(dt.datetime(2025, 6, 18, 11, tzinfo=HCM)):
        assert services.session_mark_held(session=session, actor=office).status == "held"


def test_neighbourhood_coverage_highlights_gaps(client, plan, office, leader):
    from tests.factories import NeighborhoodFactory

    one, two = NeighborhoodFactory(name="Tổ 1"), NeighborhoodFactory(name="Tổ 2")
    DialogueSession.objects.create(
        plan=plan, title="Tổ 1 quý I", starts_at=dt.datetime(2025, 2, 10, 19, tzinfo=HCM),
        venue="Nhà văn hóa", neighborhood=one, status="held",
    )  # fmt: skip
    DialogueSession.objects.create(
        plan=plan, title="Tổ 2 quý II (hủy)", starts_at=dt.datetime(2025, 5, 10, 19, tzinfo=HCM),
        venue="Nhà văn hóa", neighborhood=two, status="cancelled",
    )  # fmt: skip
    from dialogues.selectors import coverage, coverage_gaps

    rows = {r["neighborhood"].name: r["quarters"] for r in coverage(2025)}
    assert rows == {"Tổ 1": [1, 0, 0, 0], "Tổ 2": [0, 0, 0, 0]}
    assert coverage_gaps(2025, today=dt.date(2025, 5, 1)) == 3  # Q1 of Tổ 2, Q2 of both
    client.force_login(leader)
    body = client.get("/dialogues/coverage/", {"year": 2025}).content.decode()
    assert "table-danger" in body and "Tổ 2" in body


def test_department_officer_cannot_open_office_pages(client, plan, officer):
    client.force_login(officer)
    assert client.get(f"/dialogues/sessions/{plan.sessions.get().pk}/checkin/").status_code == 403
    assert client.get("/dialogues/plans/new/").status_code == 403


def test_organisation_without_membership_sees_no_opinions(client, ward):
    stranger = make_user("doanthe", "Đoàn thể")
    client.force_login(stranger)
    assert "Không có ý kiến phù hợp." in client.get("/dialogues/opinions/").content.decode()
