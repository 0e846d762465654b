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
