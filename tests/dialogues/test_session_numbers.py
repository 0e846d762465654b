"""Registry numbers of a session's invitations (GM) and minutes (BB), and what they print."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pdfplumber
import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from dialogues import documents, services
from dialogues.models import Attendee, DialogueSession
from portal.models import DocumentNumber

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
BEFORE = dt.datetime(2025, 6, 5, 9, 0, tzinfo=HCM)  # the plan's session is on 18/06/2025
AFTER = dt.datetime(2025, 6, 20, 9, 0, tzinfo=HCM)


def _text(content: bytes) -> str:
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return " ".join(" ".join((page.extract_text() or "").split()) for page in pdf.pages)


def _line_fonts(content: bytes, needle: str) -> set[str]:
    """The fonts of the first page's text line that contains `needle`."""
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        for line in pdf.pages[0].extract_text_lines(return_chars=True):
            if needle in line["text"]:
                fonts = {c["fontname"] for c in line["chars"] if c["text"].strip()}
                assert fonts
                return fonts
    raise AssertionError(f"{needle!r} is not on the first page")


def _codes(exc: pytest.ExceptionInfo) -> list[str]:
    return [e.code for e in exc.value.error_list]


@pytest.fixture
def session(plan):
    session = plan.sessions.get()
    Attendee.objects.create(session=session, name="Nguyễn Văn Hùng", category="upper")
    return session


def _held(session, **minutes):
    DialogueSession.objects.filter(pk=session.pk).update(
        status=DialogueSession.Status.HELD, **minutes
    )
    session.refresh_from_db()
    return session


def _second_session(plan, title="Hội nghị đối thoại lần 2 năm 2025", **kwargs):
    other = DialogueSession.objects.create(
        plan=plan,
        title=title,
        starts_at=kwargs.pop("starts_at", dt.datetime(2025, 11, 13, 8, 0, tzinfo=HCM)),
        venue="Hội trường UBND phường",
    )
    Attendee.objects.create(session=other, name="Trần Văn Long", category="ward")
    return other


# --- Services ----------------------------------------------------------------------------


def test_invitations_take_consecutive_gm_numbers_of_the_year_with_a_leading_zero(
    plan, session, office
):
    with time_machine.travel(BEFORE):
        first = services.session_invitations_issue(session=session, actor=office)
        second = services.session_invitations_issue(session=_second_session(plan), actor=office)
    assert first.invitation_number.symbol == "01/GM-UBND"
    assert second.invitation_number.symbol == "02/GM-UBND"
    assert first.invitation_number.issued_on == dt.date(2025, 6, 5)
    assert first.invitation_number.issued_by == office
    assert session.title in first.invitation_number.subject
    assert "18/06/2025" in first.invitation_number.subject
    session.refresh_from_db()
    assert session.invitation_number == first.invitation_number
    # a new year starts again from 01
    next_year = _second_session(
        plan, title="Lần 1 năm 2026", starts_at=dt.datetime(2026, 3, 2, 8, tzinfo=HCM)
    )
    with time_machine.travel(dt.datetime(2026, 1, 6, 9, tzinfo=HCM)):
        next_year = services.session_invitations_issue(session=next_year, actor=office)
    assert next_year.invitation_number.symbol == "01/GM-UBND"
    assert next_year.invitation_number.year == 2026


def test_minutes_of_a_held_session_take_a_bb_number(session, office):
    _held(session, proceedings="Đại biểu phát biểu ý kiến.")
    with time_machine.travel(AFTER):
        session = services.session_minutes_issue(session=session, actor=office)
    assert session.minutes_number.symbol == "01/BB-UBND"
    assert session.minutes_number.issued_on == dt.date(2025, 6, 20)
    assert session.title in session.minutes_number.subject


def test_invitations_of_a_cancelled_or_held_session_are_refused(session, office):
    for status in (DialogueSession.Status.CANCELLED, DialogueSession.Status.HELD):
        DialogueSession.objects.filter(pk=session.pk).update(status=status)
        with pytest.raises(ValidationError) as exc:
            services.session_invitations_issue(session=session, actor=office)
        assert _codes(exc) == ["not_planned"]
    assert not DocumentNumber.objects.exists()


def test_invitations_without_an_invited_delegate_are_refused(plan, office):
    session = plan.sessions.get()
    Attendee.objects.create(session=session, name="Khách", category="citizens", invited=False)
    with pytest.raises(ValidationError) as exc:
        services.session_invitations_issue(session=session, actor=office)
    assert _codes(exc) == ["no_delegates"]
    assert not DocumentNumber.objects.exists()


def test_minutes_of_a_planned_session_or_without_content_are_refused(session, office):
    session.proceedings = "Nội dung"
    session.save()
    with pytest.raises(ValidationError) as exc:
        services.session_minutes_issue(session=session, actor=office)
    assert _codes(exc) == ["not_held"]
    _held(session, proceedings="  ")
    with pytest.raises(ValidationError) as exc:
        services.session_minutes_issue(session=session, actor=office)
    assert _codes(exc) == ["no_minutes"]
    assert not DocumentNumber.objects.exists()


def test_a_second_issue_is_refused_and_takes_no_number(session, office):
    services.session_invitations_issue(session=session, actor=office)
    with pytest.raises(ValidationError) as exc:
        services.session_invitations_issue(session=session, actor=office)
    assert _codes(exc) == ["already_numbered"] and "01/GM-UBND" in exc.value.messages[0]
    _held(session, conclusion="Kết luận")
    services.session_minutes_issue(session=session, actor=office)
    with pytest.raises(ValidationError) as exc:
        services.session_minutes_issue(session=session, actor=office)
    assert _codes(exc) == ["already_numbered"] and "01/BB-UBND" in exc.value.messages[0]
    assert DocumentNumber.objects.count() == 2


def test_only_the_office_issues_session_numbers(session, leader, officer):
    _held(session, conclusion="Kết luận")
    for user in (leader, officer):
        for issue in (services.session_invitations_issue, services.session_minutes_issue):
            with pytest.raises(ValidationError) as exc:
                issue(session=session, actor=user)
            assert _codes(exc) == ["not_office"]
    assert not DocumentNumber.objects.exists()


# --- Documents ---------------------------------------------------------------------------


def test_numbered_invitations_print_the_number_and_its_date(session, office):
    with time_machine.travel(BEFORE):
        session = services.session_invitations_issue(session=session, actor=office)
    with time_machine.travel(AFTER):  # printed later: still the number's date
        content = documents.render_invitations(session)
    text = _text(content)
    assert "Số: 01/GM-UBND" in text
    assert "Phú La, ngày 05 tháng 6 năm 2025" in text
    assert all("Italic" in f for f in _line_fonts(content, "ngày 05 tháng 6 năm 2025"))


def test_unnumbered_invitations_keep_the_draft_blanks(session):
    with time_machine.travel(AFTER):
        text = _text(documents.render_invitations(session))
    assert "Số: /GM-UBND" in text
    assert "Phú La, ngày tháng năm 2025" in text


def test_numbered_minutes_print_the_number_and_its_date(session, office):
    _held(session, proceedings="Đại biểu phát biểu ý kiến.", chair="Phan Cao Đăng")
    with time_machine.travel(AFTER):
        session = services.session_minutes_issue(session=session, actor=office)
    content = documents.render_minutes(session)
    text = _text(content)
    assert "Số: 01/BB-UBND" in text
    assert "Phú La, ngày 20 tháng 6 năm 2025" in text
    assert all("Italic" in f for f in _line_fonts(content, "ngày 20 tháng 6 năm 2025"))
    assert "ngày 18/06/2025" in text  # the opening still says when the session was held


def test_unnumbered_minutes_keep_the_blank_number_and_the_session_date(session):
    _held(session, proceedings="Nội dung")
    text = _text(documents.render_minutes(session))
    assert "Số: /BB-UBND" in text
    assert "Phú La, ngày 18 tháng 6 năm 2025" in text


# --- Views -------------------------------------------------------------------------------


def _urls(session) -> tuple[str, str]:
    return (
        reverse("dialogues:session_invitations_issue", args=[session.pk]),
        reverse("dialogues:session_minutes_issue", args=[session.pk]),
    )


def test_office_issues_from_the_session_page(client, session, office):
    invitations_url, minutes_url = _urls(session)
    page = reverse("dialogues:session_detail", args=[session.pk])
    client.force_login(office)
    html = client.get(page).content.decode()
    assert invitations_url in html and minutes_url not in html
    assert 'data-confirm="' in html
    with time_machine.travel(BEFORE):
        response = client.post(invitations_url, follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == page
    assert "01/GM-UBND" in html and "05/06/2025" in html
    assert invitations_url not in html  # issued once
    assert [m.level_tag for m in response.context["messages"]] == ["success"]

    _held(session, conclusion="Kết luận")
    html = client.get(page).content.decode()
    assert minutes_url in html
    with time_machine.travel(AFTER):
        response = client.post(minutes_url, follow=True)
    html = response.content.decode()
    assert "01/BB-UBND" in html and "20/06/2025" in html and minutes_url not in html


def test_a_refused_issue_shows_the_reason(client, plan, office):
    session = plan.sessions.get()  # no delegate yet
    client.force_login(office)
    response = client.post(_urls(session)[0], follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert not DocumentNumber.objects.exists()


@pytest.mark.parametrize("who", ["leader", "officer", "desk", "organisation_user"])
def test_other_roles_see_no_button_and_get_403(client, session, who, request):
    invitations_url, minutes_url = _urls(session)
    page = reverse("dialogues:session_detail", args=[session.pk])
    client.force_login(request.getfixturevalue(who))
    assert invitations_url not in client.get(page).content.decode()  # the office would see it
    assert client.post(invitations_url).status_code == 403
    _held(session, conclusion="Kết luận")
    assert minutes_url not in client.get(page).content.decode()
    assert client.post(minutes_url).status_code == 403
    assert not DocumentNumber.objects.exists()


def test_issuing_needs_a_post(client, session, office):
    client.force_login(office)
    for url in _urls(session):
        assert client.get(url).status_code == 405
