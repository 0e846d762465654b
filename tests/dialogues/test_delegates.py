"""Delegates are people: a plan's participant groups hold people and units, "invite from
the plan" makes delegates of them, and their invitations address them properly."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pdfplumber
import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dialogues import demo, documents, services
from dialogues.models import Attendee, PlanParticipant, PlanParticipantGroup
from dialogues.participants import Invitee, line_parse, members_parse

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
BEFORE = dt.datetime(2025, 6, 5, 9, 0, tzinfo=HCM)  # the plan's session is on 18/06/2025


def _text(content: bytes) -> str:
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return " ".join(" ".join((page.extract_text() or "").split()) for page in pdf.pages)


def _unit(unit):
    return Invitee(is_unit=True, unit=unit)


def _position(position):
    return Invitee(position=position)


# --- Reading the plan's lines (the seed plans' own words) ---------------------------------


def _demo_lines(groups):
    return {title: members for _category, title, members in groups}


def test_ward_lines_of_the_seed_plan_become_units_and_positions():
    ward = _demo_lines(demo.PLAN_A_GROUPS)["Đại biểu phường:"]
    assert members_parse("\n".join(ward)) == [
        _unit("Thường trực Đảng uỷ phường"),
        _unit("Ủy ban MTTQ và các đoàn thể phường"),
        _position("Trưởng Công an phường"),
        _position("Công chức Văn phòng - Thống kê"),
        _position("Công chức Tư pháp - Hộ tịch"),
        _position("Công chức Tài chính - kế toán"),
        _position("Công chức Địa chính - Xây dựng - đô thị - môi trường"),
        _position("Công chức Văn hoá - xã hội"),
    ]


def test_neighbourhood_lines_of_both_seed_plans():
    (line_a,) = _demo_lines(demo.PLAN_A_GROUPS)["Đại biểu Tổ dân phố:"]
    assert line_parse(line_a) == [
        _position("Bí thư Chi bộ"),
        _position("Tổ trưởng"),
        _position("Trưởng ban công tác mặt trận các Tổ dân phố"),
    ]
    (line_b,) = _demo_lines(demo.PLAN_B_GROUPS)["Đại biểu Tổ dân phố:"]
    assert line_parse(line_b) == [
        _unit("Ban điều hành"),
        _position("Bí thư Chi bộ"),
        _position("Trưởng ban công tác mặt trận Tổ dân phố"),
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("- Mời đại diện Thường trực Đảng uỷ phường;", [_unit("Thường trực Đảng uỷ phường")]),
        ("* UB MTTQ phường,", [_unit("UB MTTQ phường")]),
        ("• Hội Cựu chiến binh phường:", [_unit("Hội Cựu chiến binh phường")]),
        ("Đoàn Thanh niên phường", [_unit("Đoàn Thanh niên phường")]),
        ("Mời đại diện các doanh nghiệp trên địa bàn", [_unit("các doanh nghiệp trên địa bàn")]),
        (
            "- Ông Nguyễn Văn Hùng - Chủ tịch, UBND phường;",
            [Invitee(name="Nguyễn Văn Hùng", position="Chủ tịch", unit="UBND phường")],
        ),
        ("   ", []),
    ],
)
def test_a_line_loses_its_invitation_words_bullets_and_punctuation(line, expected):
    assert line_parse(line) == expected


def test_a_repeated_line_gives_one_row():
    assert members_parse("Thường trực Đảng ủy\n- Thường trực Đảng ủy;") == [
        _unit("Thường trực Đảng ủy")
    ]


# --- Inviting from the plan ---------------------------------------------------------------


@pytest.fixture
def seed_plan(plan):
    """The fixture plan with the seed plan's participant groups, as printed."""
    plan.participant_groups.all().delete()
    for i, (category, title, members) in enumerate(demo.PLAN_A_GROUPS, start=1):
        PlanParticipantGroup.objects.create(
            plan=plan, order=i, category=category, title=title, members="\n".join(members)
        )
    return plan


def _delegates(session):
    return list(session.attendees.order_by("pk").values_list("name", "position", "organisation"))


def test_invite_from_the_plan_makes_clean_delegates_from_the_seed_lines(seed_plan):
    session = seed_plan.sessions.get()
    added = services.plan_invite_from_groups(session=session)
    delegates = _delegates(session)
    assert added == len(delegates) == 11
    assert delegates[:3] == [
        ("Đại diện lãnh đạo Thường trực Đảng uỷ phường", "", "Thường trực Đảng uỷ phường"),
        (
            "Đại diện lãnh đạo Ủy ban MTTQ và các đoàn thể phường",
            "",
            "Ủy ban MTTQ và các đoàn thể phường",
        ),
        ("Trưởng Công an phường", "", ""),
    ]
    for name, position, _organisation in delegates:
        assert not name.startswith("Mời") and not name.endswith((";", ":", ",", "."))
        assert not position.startswith(",") and not position.endswith(":")
    categories = dict(session.attendees.values_list("name", "category"))
    assert categories["Tổ trưởng"] == "neighbourhood"
    # the printed plan still says what the plan says
    ward = seed_plan.participant_groups.get(title="Đại biểu phường:")
    assert ward.members.startswith("Mời đại diện Thường trực Đảng uỷ phường;")
    assert ward.people.count() == 8


def test_inviting_twice_adds_no_one_even_after_a_delegate_was_edited(seed_plan):
    session = seed_plan.sessions.get()
    services.plan_invite_from_groups(session=session)
    police = session.attendees.get(name="Trưởng Công an phường")
    services.attendee_update(
        attendee=police, name="Trần Quốc Khánh", position="Trưởng Công an phường"
    )
    assert services.plan_invite_from_groups(session=session) == 0
    assert session.attendees.count() == 11


def test_invite_uses_the_groups_people_with_their_names(plan):
    group = plan.participant_groups.get()
    services.participant_save(
        group=group, name="Đinh Công Thành", position="Phó Bí thư", unit="Đảng ủy phường"
    )
    services.participant_save(group=group, is_unit=True, unit="Công an phường")
    session = plan.sessions.get()
    assert services.plan_invite_from_groups(session=session) == 2
    assert _delegates(session) == [
        ("Đinh Công Thành", "Phó Bí thư", "Đảng ủy phường"),
        ("Đại diện lãnh đạo Công an phường", "", "Công an phường"),
    ]
    # a person added to the group later is invited by the next run, alone
    services.participant_save(group=group, name="Hoàng Văn Bình", position="Chủ tịch MTTQ")
    assert services.plan_invite_from_groups(session=session) == 1


def test_a_delegate_added_by_hand_is_not_invited_twice(plan):
    session = plan.sessions.get()
    Attendee.objects.create(
        session=session,
        name="Đại diện lãnh đạo UB MTTQ phường",
        organisation="UB MTTQ phường",
        category="ward",
    )
    assert services.plan_invite_from_groups(session=session) == 1
    assert session.attendees.count() == 2


def test_participant_needs_a_name_or_position_and_a_unit_needs_its_unit(plan):
    group = plan.participant_groups.get()
    with pytest.raises(ValidationError) as exc:
        services.participant_save(group=group, phone="0912345678")
    assert "name" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.participant_save(group=group, is_unit=True)
    assert "unit" in exc.value.message_dict


def test_a_copied_plan_keeps_its_groups_people(plan, office):
    group = plan.participant_groups.get()
    services.participant_save(group=group, name="Đinh Công Thành", position="Phó Bí thư")
    copy = services.plan_copy(plan=plan, actor=office)
    people = PlanParticipant.objects.filter(group__plan=copy)
    assert [p.name for p in people] == ["Đinh Công Thành"]
    assert group.people.count() == 1


# --- Editing and removing until the invitations are issued --------------------------------


@pytest.fixture
def invited(plan):
    session = plan.sessions.get()
    services.plan_invite_from_groups(session=session)
    return session


def test_a_delegate_is_edited_and_removed_before_the_invitations_are_issued(
    client, office, invited
):
    client.force_login(office)
    first, second = invited.attendees.order_by("pk")
    url = f"/dialogues/sessions/{invited.pk}/attendees/{first.pk}/edit/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {"name": "Đinh Công Thành", "position": "Phó Bí thư", "organisation": "Đảng ủy phường",
         "category": "ward"},
    )  # fmt: skip
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.name, first.position) == ("Đinh Công Thành", "Phó Bí thư")
    # an error keeps what was typed
    response = client.post(url, {"name": "", "position": "Chủ tịch", "category": "ward"})
    assert response.status_code == 200 and 'value="Chủ tịch"' in response.content.decode()
    response = client.post(f"/dialogues/sessions/{invited.pk}/attendees/{second.pk}/remove/")
    assert response.status_code == 302
    assert list(invited.attendees.values_list("pk", flat=True)) == [first.pk]


def test_the_session_page_offers_edit_and_remove_with_a_confirmation(client, office, invited):
    client.force_login(office)
    body = client.get(f"/dialogues/sessions/{invited.pk}/").content.decode()
    attendee = invited.attendees.first()
    assert f"/attendees/{attendee.pk}/edit/" in body
    assert f"/attendees/{attendee.pk}/remove/" in body and "data-confirm=" in body


def test_after_the_invitations_are_issued_delegates_cannot_change(client, office, invited):
    with time_machine.travel(BEFORE):
        services.session_invitations_issue(session=invited, actor=office)
    invited.refresh_from_db()
    attendee = invited.attendees.first()
    with pytest.raises(ValidationError) as exc:
        services.attendee_update(attendee=attendee, name="Người khác")
    assert exc.value.error_list[0].code == "invitations_issued"
    with pytest.raises(ValidationError):
        services.attendee_remove(attendee=attendee)
    client.force_login(office)
    body = client.get(f"/dialogues/sessions/{invited.pk}/").content.decode()
    assert f"/attendees/{attendee.pk}/edit/" not in body
    response = client.post(
        f"/dialogues/sessions/{invited.pk}/attendees/{attendee.pk}/remove/", follow=True
    )
    assert invited.attendees.filter(pk=attendee.pk).exists()
    assert "01/GM-UBND" in response.content.decode()
    response = client.get(f"/dialogues/sessions/{invited.pk}/attendees/{attendee.pk}/edit/")
    assert response.status_code == 302


def test_the_session_page_takes_as_many_queries_for_30_delegates_as_for_3(client, office, plan):
    session = plan.sessions.get()
    client.force_login(office)
    url = f"/dialogues/sessions/{session.pk}/"
    for i in range(3):
        Attendee.objects.create(session=session, name=f"Đại biểu {i}", category="ward")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for i in range(3, 30):
        Attendee.objects.create(session=session, name=f"Đại biểu {i}", category="ward")
    with CaptureQueriesContext(connection) as many:
        body = client.get(url).content.decode()
    assert body.count("/edit/") >= 30
    assert len(many) == len(few)


# --- The people page of a group -----------------------------------------------------------


def test_the_office_adds_edits_and_removes_people_of_a_group(client, office, plan):
    group = plan.participant_groups.get()
    client.force_login(office)
    url = f"/dialogues/plans/{plan.pk}/groups/{group.pk}/"
    body = client.get(url).content.decode()
    assert "Đại diện lãnh đạo Thường trực Đảng ủy" in body  # read from the lines
    assert client.post(f"{url}fill/").status_code == 302
    assert group.people.count() == 2
    # a new person with a bad phone comes back as typed
    response = client.post(
        url,
        {"participant": "", "new-name": "Đinh Công Thành", "new-position": "Phó Bí thư",
         "new-phone": "abc"},
    )  # fmt: skip
    assert response.status_code == 400
    body = response.content.decode()
    assert 'value="Đinh Công Thành"' in body and 'value="abc"' in body
    response = client.post(
        url,
        {"participant": "", "new-name": "Đinh Công Thành", "new-position": "Phó Bí thư",
         "new-phone": "0912 345 678", "new-email": "thanh@example.com"},
    )  # fmt: skip
    assert response.status_code == 302
    person = group.people.get(name="Đinh Công Thành")
    assert person.email == "thanh@example.com"
    response = client.post(
        url,
        {"participant": person.pk, f"p{person.pk}-name": "Đinh Công Thành",
         f"p{person.pk}-position": "Bí thư", f"p{person.pk}-unit": "Đảng ủy phường"},
    )  # fmt: skip
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.position, person.unit) == ("Bí thư", "Đảng ủy phường")
    body = client.get(url).content.decode()
    assert f"/people/{person.pk}/remove/" in body and "data-confirm=" in body
    client.post(f"{url}people/{person.pk}/remove/")
    assert not group.people.filter(pk=person.pk).exists()


def test_a_person_of_another_group_is_not_edited_through_this_one(client, office, plan):
    group = plan.participant_groups.get()
    other = PlanParticipantGroup.objects.create(plan=plan, category="upper", title="Cấp trên")
    stranger = services.participant_save(group=other, name="Lê Văn A")
    client.force_login(office)
    response = client.post(
        f"/dialogues/plans/{plan.pk}/groups/{group.pk}/",
        {"participant": stranger.pk, f"p{stranger.pk}-name": "Đổi tên"},
    )
    assert response.status_code == 404
    stranger.refresh_from_db()
    assert stranger.name == "Lê Văn A"


# --- The invitations ----------------------------------------------------------------------


def test_invitations_address_a_person_with_his_position_and_a_unit_by_its_leaders(plan):
    group = plan.participant_groups.get()
    services.participant_save(
        group=group, name="Đinh Công Thành", position="Phó Bí thư", unit="Đảng ủy phường"
    )
    services.participant_save(group=group, name="Hoàng Văn Bình")
    services.participant_save(group=group, position="Trưởng Công an phường")
    services.participant_save(group=group, is_unit=True, unit="Thường trực Đảng ủy phường")
    session = plan.sessions.get()
    services.plan_invite_from_groups(session=session)
    text = _text(documents.render_invitations(session))
    assert "Kính gửi: Ông/Bà Đinh Công Thành — Phó Bí thư, Đảng ủy phường" in text
    assert "Kính gửi: Ông/Bà Hoàng Văn Bình " in text and "Hoàng Văn Bình —" not in text
    assert "Kính gửi: Ông/Bà Trưởng Công an phường" in text
    assert "Kính gửi: Đại diện lãnh đạo Thường trực Đảng ủy phường" in text
    assert "Mời đại diện" not in text and "—," not in text
