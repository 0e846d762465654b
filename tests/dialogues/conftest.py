import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from dialogues.models import (
    DialoguePlan,
    DialogueSession,
    PlanParticipantGroup,
    PlanProgrammeItem,
    PlanTopic,
)

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def plan(ward, office, leader):
    plan = DialoguePlan.objects.create(
        year=2025,
        title="Tổ chức đối thoại về thủ tục hành chính năm 2025",
        introduction="UBND phường xây dựng kế hoạch tổ chức đối thoại năm 2025 như sau:",
        legal_basis="Thực hiện Kế hoạch số 46/KH-UBND ngày 27/02/2025 của UBND phường",
        purposes="Nắm bắt tâm tư, nguyện vọng của nhân dân năm 2025\nKhảo sát sự hài lòng",
        requirements="Tuân thủ quy định pháp luật",
        content_note="Hội nghị không đối thoại những nội dung liên quan đến khiếu nại, tố cáo.",
        venue="Trụ sở UBND phường",
        recipients="UBND thành phố\nLưu: VT.",
        signer=leader,
        created_by=office,
    )
    PlanTopic.objects.create(
        plan=plan, order=1, text="Tình hình giải quyết TTHC lĩnh vực Địa chính"
    )
    PlanParticipantGroup.objects.create(
        plan=plan,
        order=1,
        category="ward",
        title="Đại biểu phường",
        members="Thường trực Đảng ủy\nUB MTTQ phường",
    )
    PlanProgrammeItem.objects.create(plan=plan, order=1, text="Tuyên bố lý do, giới thiệu đại biểu")
    DialogueSession.objects.create(
        plan=plan,
        title="Hội nghị đối thoại lần 1 năm 2025",
        starts_at=dt.datetime(2025, 6, 18, 8, 0, tzinfo=HCM),
        venue="Hội trường UBND phường",
    )
    return plan


@pytest.fixture
def other_officer(ward, other_department):
    from portal import roles
    from tests.factories import make_user

    return make_user(
        "diachinh", roles.DEPARTMENT, full_name="Bùi Quang Huy", department=other_department
    )


@pytest.fixture
def other_org_user(ward):
    from portal import roles
    from tests.factories import MassOrganizationFactory, make_user

    return make_user(
        "hoiphunu",
        roles.ORGANISATION,
        full_name="Đinh Thị Khuê",
        mass_organization=MassOrganizationFactory(name="Hội Liên hiệp Phụ nữ phường"),
    )


@pytest.fixture
def session_opinions(plan, department, other_department, organisation_user, other_org_user, leader):
    """Five opinions raised at the plan's session, one per owner, keyed by who owns it:

    - "department": assigned to Tư pháp (the `officer`'s department);
    - "other_department": assigned to Địa chính, answer approved (it has a letter);
    - "organisation": from the MTTQ (`organisation_user`), assigned to Địa chính;
    - "other_organisation": from the Hội Phụ nữ (`other_org_user`), not classified yet;
    - "unassigned": raised from the floor, not classified yet.
    Each has its own citizen, phone and email, so a page that leaks one is caught."""
    from django.utils import timezone

    from dialogues.models import Opinion

    session = plan.sessions.get()
    common = {"session": session, "citizen_address": "Tổ dân phố số 3"}
    rows = {
        "department": dict(
            source=Opinion.Source.FLOOR,
            content="Kiến nghị về hộ tịch: rút ngắn thời gian trích lục khai sinh",
            citizen_name="Nguyễn Văn An",
            department=department,
            classification=Opinion.Classification.PROCEDURE,
            status=Opinion.Status.ASSIGNED,
        ),
        "other_department": dict(
            source=Opinion.Source.FLOOR,
            content="Kiến nghị về đất đai: công khai quy hoạch ngõ 12",
            citizen_name="Trần Thị Bích",
            department=other_department,
            classification=Opinion.Classification.PROCEDURE,
            status=Opinion.Status.APPROVED,
            answer="Phường đã niêm yết quy hoạch tại trụ sở.",
            approved_by=leader,
            approved_at=timezone.now(),
        ),
        "organisation": dict(
            source=Opinion.Source.ORGANISATION,
            organisation=organisation_user.mass_organization,
            content="Hội viên MTTQ đề nghị sửa đường ngõ 7",
            citizen_name="Lê Văn Cường",
            department=other_department,
            classification=Opinion.Classification.PROCEDURE,
            status=Opinion.Status.ASSIGNED,
        ),
        "other_organisation": dict(
            source=Opinion.Source.ORGANISATION,
            organisation=other_org_user.mass_organization,
            content="Hội viên phụ nữ đề nghị lắp đèn chiếu sáng công viên",
            citizen_name="Phạm Thị Dung",
        ),
        "unassigned": dict(
            source=Opinion.Source.FLOOR,
            content="Đề nghị bố trí thêm chỗ để xe trước trụ sở",
            citizen_name="Vũ Văn Giang",
        ),
    }
    return {
        key: Opinion.objects.create(
            **common,
            **values,
            citizen_phone=f"09120000{i:02d}",
            citizen_email=f"congdan{i}@example.com",
        )
        for i, (key, values) in enumerate(rows.items(), start=1)
    }
