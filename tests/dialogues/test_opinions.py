import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dialogues import services
from dialogues.models import Opinion

HCM = dt.timezone(dt.timedelta(hours=7))


@pytest.fixture
def opinion(plan):
    return services.opinion_create(
        source=Opinion.Source.FLOOR,
        session=plan.sessions.get(),
        content="Đề nghị rút ngắn thời gian cấp giấy xác nhận tình trạng hôn nhân",
        citizen_name="Nguyễn Văn An",
        citizen_email="an@example.com",
    )


def test_complaints_are_kept_flagged_and_routed_not_answered(opinion, office):
    routed = services.opinion_classify(opinion=opinion, actor=office, classification="complaint")
    assert routed.status == Opinion.Status.ROUTED and routed.out_of_scope
    assert routed.department is None and "tiếp công dân" in routed.routed_note
    assert Opinion.objects.filter(pk=opinion.pk).exists()  # never dropped


def test_assignment_sets_an_answer_date_in_working_days(opinion, office, department):
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=HCM)):
        assigned = services.opinion_classify(
            opinion=opinion, actor=office, classification="procedure", department=department
        )
    assert assigned.status == Opinion.Status.ASSIGNED
    assert assigned.due_date == dt.date(2026, 3, 16)  # 10 working days
    with pytest.raises(ValidationError):
        services.opinion_classify(opinion=opinion, actor=office, classification="procedure")


def test_only_the_assigned_department_answers_and_only_leaders_approve(
    opinion, office, officer, leader, other_department, django_capture_on_commit_callbacks
):
    from tests.factories import make_user

    services.opinion_classify(
        opinion=opinion, actor=office, classification="procedure", department=officer.department
    )
    stranger = make_user("dc", "Bộ phận chuyên môn", department=other_department)
    with pytest.raises(ValidationError):
        services.opinion_draft_answer(opinion=opinion, actor=stranger, answer="x")
    services.opinion_draft_answer(
        opinion=opinion, actor=officer, answer="Phường sẽ rút ngắn còn 2 ngày."
    )
    with pytest.raises(ValidationError):
        services.opinion_approve(opinion=opinion, actor=officer)
    with django_capture_on_commit_callbacks(execute=True):
        approved = services.opinion_approve(opinion=opinion, actor=leader)
    assert approved.status == Opinion.Status.APPROVED and approved.number.symbol.endswith(
        "/UBND-VP"
    )
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["an@example.com"]
    assert mail.outbox[0].attachments[0][2] == "application/pdf"
    approved.refresh_from_db()
    assert approved.citizen_notified_at is not None


def test_department_sees_only_its_assigned_opinions(
    client, opinion, office, officer, other_department
):
    from tests.factories import make_user

    services.opinion_classify(
        opinion=opinion, actor=office, classification="procedure", department=officer.department
    )
    stranger = make_user("dc", "Bộ phận chuyên môn", department=other_department)
    client.force_login(stranger)
    assert client.get(f"/dialogues/opinions/{opinion.pk}/").status_code == 404
    assert (
        client.post(f"/dialogues/opinions/{opinion.pk}/answer/", {"answer": "x"}).status_code == 404
    )
    client.force_login(officer)
    assert client.get(f"/dialogues/opinions/{opinion.pk}/").status_code == 200
    client.post(f"/dialogues/opinions/{opinion.pk}/answer/", {"answer": "Trả lời"})
    opinion.refresh_from_db()
    assert opinion.status == Opinion.Status.DRAFTED
    assert client.post(f"/dialogues/opinions/{opinion.pk}/approve/").status_code == 403


def test_overdue_opinions_show_on_the_dashboard_and_the_list(
    client, opinion, office, officer, leader
):
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=HCM)):
        services.opinion_classify(
            opinion=opinion, actor=office, classification="procedure", department=officer.department
        )
    with time_machine.travel(dt.datetime(2026, 3, 20, 9, tzinfo=HCM)):
        client.force_login(leader)
        body = client.get("/dashboard/").content.decode()
        assert "Ý kiến quá hạn trả lời" in body
        listed = client.get("/dialogues/opinions/", {"overdue": "1"}).content.decode()
        assert "rút ngắn thời gian" in listed


def test_organisation_records_opinions_under_its_name(client, organisation_user, plan):
    client.force_login(organisation_user)
    client.post("/dialogues/opinions/new/", {"content": "Ý kiến của hội viên", "source": "floor"})
    opinion = Opinion.objects.get()
    assert opinion.source == Opinion.Source.ORGANISATION
    assert opinion.organisation == organisation_user.mass_organization
    assert "Ý kiến của hội viên" in client.get("/dialogues/opinions/").content.decode()


def test_register_export_and_constant_list_queries(client, opinion, office):
    import io

    import openpyxl

    client.force_login(office)
    with CaptureQueriesContext(connection) as few:
        client.get("/dialogues/opinions/")
    for i in range(20):
        services.opinion_create(source="feedback", content=f"Ý kiến {i}")
    with CaptureQueriesContext(connection) as many:
        client.get("/dialogues/opinions/")
    assert len(many) == len(few)
    response = client.get("/dialogues/opinions.xlsx", {"q": "rút ngắn"})
    rows = list(
        openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(
            values_only=True
        )
    )
    assert rows[0][0] == "STT" and len(rows) == 2 and "rút ngắn" in rows[1][7]


def test_public_feedback_form_honeypot_rate_limit_and_errors(client, ward):
    response = client.post("/gop-y/", {"content": "", "citizen_name": "Bình"})
    assert response.status_code == 200 and 'value="Bình"' in response.content.decode()
    client.post("/gop-y/", {"content": "Spam", "website": "http://spam"})
    assert not Opinion.objects.exists()
    client.post("/gop-y/", {"content": "Nên có thêm ghế chờ ở Bộ phận Một cửa"})
    assert Opinion.objects.get().source == Opinion.Source.FEEDBACK
    for _ in range(6):
        response = client.post("/gop-y/", {"content": "Lặp"}, REMOTE_ADDR="203.0.113.50")
    assert response.status_code == 429
    assert Opinion.objects.filter(content="Lặp").count() == 5


def test_answer_on_the_spot_goes_into_the_minutes(client, opinion, office, plan):
    client.force_login(office)
    client.post(
        f"/dialogues/opinions/{opinion.pk}/spot/",
        {"answer": "Sẽ rút ngắn còn 2 ngày từ tháng sau."},
    )
    opinion.refresh_from_db()
    assert opinion.status == Opinion.Status.ANSWERED_ON_THE_SPOT
    import io

    import pdfplumber

    response = client.get(f"/dialogues/sessions/{opinion.session_id}/minutes.pdf")
    with pdfplumber.open(io.BytesIO(response.content)) as pdf:
        text = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    assert "Sẽ rút ngắn còn 2 ngày từ tháng sau." in text
    with pytest.raises(ValidationError):  # an answered opinion is not reassigned
        services.opinion_classify(opinion=opinion, actor=office, classification="complaint")


def test_complaints_are_not_answered_on_the_spot(opinion, office):
    services.opinion_classify(opinion=opinion, actor=office, classification="complaint")
    with pytest.raises(ValidationError):
        services.opinion_answer_on_the_spot(opinion=opinion, actor=office, answer="x")


def test_a_cancelled_session_cannot_be_held(plan, office):
    session = plan.sessions.get()
    session.status = "cancelled"
    session.save()
    with pytest.raises(ValidationError):
        services.session_mark_held(session=session, actor=office)
