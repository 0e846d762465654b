"""Demo self-assessments: a friendly-government set shaped like seed 004 (criteria of
Quyết định 710/QĐ-UBND of Bắc Giang, scored by the ward's units, 3/4/5 sao) with an open
round for this year (units' deadline 15/9, the office's 30/9), and a small set of the
commune administrative-reform index (Chỉ số CCHC cấp xã). Safe to run again: a set that
exists (same name and year) is left alone; a missing department is created."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from assessments import services
from assessments.models import CriteriaSet, Criterion, Round, SubCriterion
from portal.models import Department, User

OFFICE_USER = "vanphong"
DEPARTMENTS = {
    "tu-phap": "Tư pháp - Hộ tịch",
    "van-hoa": "Văn hóa - Xã hội",
    "dia-chinh": "Địa chính - Xây dựng - Đô thị và Môi trường",
}

FRIENDLY = {
    "name": "Bộ tiêu chí Chính quyền thân thiện cấp xã",
    "legal_source": (
        "Quyết định số 710/QĐ-UBND ngày 17/4/2024 của UBND tỉnh Bắc Giang ban hành Bộ tiêu "
        "chí và thang điểm “Chính quyền thân thiện” cấp xã"
    ),
    "thresholds": [("5 sao", "95"), ("4 sao", "85"), ("3 sao", "70")],
    "criteria": [
        (
            "1",
            "Công khai, minh bạch",
            [
                (
                    "1.1",
                    "Niêm yết công khai Quy chế dân chủ ở cơ sở tại trụ sở và Nhà văn hóa các TDP",
                    10,
                    "Đầy đủ: 10 điểm; thiếu nội dung: trừ 2 điểm/nội dung",
                    "Ảnh chụp bảng niêm yết, mã QR",
                    "van-hoa",
                    "",
                    None,
                ),
                (
                    "1.2",
                    "Công khai TTHC, dịch vụ công trực tuyến trên trang thông tin điện tử phường",
                    10,
                    "Đầy đủ, cập nhật: 10 điểm",
                    "Đường dẫn trang tin điện tử",
                    None,
                    "",
                    None,
                ),
            ],
        ),
        (
            "2",
            "Thái độ phục vụ Nhân dân",
            [
                (
                    "2.1",
                    "Tỷ lệ người dân hài lòng về sự phục vụ của CBCC (khảo sát)",
                    15,
                    "Từ 99% trở lên: 15 điểm; dưới 99%: 0 điểm",
                    "Kết quả khảo sát sự hài lòng",
                    None,
                    "satisfaction",
                    "99",
                ),
                (
                    "2.2",
                    "CBCC đeo thẻ, Bộ phận Một cửa mặc đồng phục; thực hiện “4 xin”, “4 luôn”",
                    10,
                    "Thực hiện đầy đủ: 10 điểm",
                    "Biên bản kiểm tra công vụ",
                    "tu-phap",
                    "",
                    None,
                ),
                (
                    "2.3",
                    "Gửi thư cảm ơn, thư xin lỗi người dân, tổ chức theo quy định",
                    5,
                    "Có thực hiện: 5 điểm",
                    "Thư cảm ơn, thư xin lỗi đã gửi",
                    None,
                    "",
                    None,
                ),
            ],
        ),
        (
            "3",
            "Cải cách thủ tục hành chính",
            [
                (
                    "3.1",
                    "Tỷ lệ hồ sơ TTHC giải quyết trước và đúng hạn",
                    15,
                    "Từ 98% trở lên: 15 điểm; dưới 98%: 0 điểm",
                    "Số liệu Hệ thống thông tin một cửa điện tử",
                    "tu-phap",
                    "on_time",
                    "98",
                ),
                (
                    "3.2",
                    "Số hóa 100% hồ sơ mới tiếp nhận tại Bộ phận Một cửa",
                    10,
                    "100%: 10 điểm",
                    "Báo cáo số hóa",
                    "dia-chinh",
                    "",
                    None,
                ),
            ],
        ),
        (
            "4",
            "Đối thoại với Nhân dân, giải quyết kiến nghị",
            [
                (
                    "4.1",
                    "Mỗi TDP được tổ chức đối thoại ít nhất 01 lần/quý",
                    15,
                    "Đủ 100% TDP mỗi quý: 15 điểm",
                    "Kế hoạch, biên bản hội nghị đối thoại",
                    "van-hoa",
                    "sessions_per_neighbourhood",
                    "100",
                ),
                (
                    "4.2",
                    "Ý kiến, kiến nghị của Nhân dân được trả lời đúng hạn",
                    10,
                    "Từ 95% trở lên: 10 điểm",
                    "Văn bản trả lời kiến nghị",
                    None,
                    "opinions_on_time",
                    "95",
                ),
            ],
        ),
    ],
}

CCHC = {
    "name": "Bộ Chỉ số cải cách hành chính cấp xã",
    "legal_source": "Quyết định của UBND tỉnh ban hành Bộ Chỉ số cải cách hành chính cấp xã",
    "thresholds": [("Tốt", "80"), ("Khá", "65"), ("Trung bình", "50")],
    "criteria": [
        (
            "1",
            "Công tác chỉ đạo, điều hành CCHC",
            [
                (
                    "1.1",
                    "Ban hành kế hoạch CCHC năm đúng thời hạn",
                    2,
                    "Đúng hạn: 2 điểm",
                    "Kế hoạch CCHC năm",
                    None,
                    "",
                    None,
                ),
                (
                    "1.2",
                    "Báo cáo CCHC định kỳ đầy đủ, đúng hạn",
                    2,
                    "Đủ, đúng hạn: 2 điểm",
                    "Các báo cáo quý",
                    None,
                    "",
                    None,
                ),
            ],
        ),
        (
            "2",
            "Cải cách thủ tục hành chính",
            [
                (
                    "2.1",
                    "Tỷ lệ hồ sơ giải quyết đúng hạn",
                    3,
                    "Từ 98% trở lên: 3 điểm",
                    "Số liệu một cửa điện tử",
                    "tu-phap",
                    "on_time",
                    "98",
                ),
                (
                    "2.2",
                    "Tỷ lệ hài lòng của người dân, tổ chức",
                    3,
                    "Từ 90% trở lên: 3 điểm",
                    "Kết quả khảo sát",
                    None,
                    "satisfaction",
                    "90",
                ),
            ],
        ),
    ],
}


def _department(code: str) -> Department:
    department = Department.objects.filter(code=code).first()
    if department is None:
        department = Department.objects.create(code=code, name=DEPARTMENTS[code])
    return department


def _seed_set(data: dict, year: int) -> tuple[CriteriaSet, dict]:
    """The set (left alone when it exists) and the sub-criterion -> department codes."""
    assign = {(c_code, s[0]): s[5] for c_code, _name, subs in data["criteria"] for s in subs}
    existing = CriteriaSet.objects.filter(name=data["name"], year=year).first()
    if existing:
        return existing, assign
    criteria_set = services.criteria_set_create(
        name=data["name"],
        legal_source=data["legal_source"],
        year=year,
        thresholds=[(label, Decimal(p)) for label, p in data["thresholds"]],
    )
    for order, (c_code, c_name, subs) in enumerate(data["criteria"], start=1):
        criterion = Criterion.objects.create(
            criteria_set=criteria_set, code=c_code, name=c_name, order=order
        )
        for i, (code, text, points, guidance, evidence, _dept, rule, threshold) in enumerate(
            subs, start=1
        ):
            SubCriterion.objects.create(
                criterion=criterion,
                code=code,
                text=text,
                max_points=Decimal(points),
                guidance=guidance,
                evidence_expected=evidence,
                rule=rule,
                rule_threshold=Decimal(threshold) if threshold else None,
                order=i,
            )
    return criteria_set, assign


def _seed_round(criteria_set: CriteriaSet, assign: dict, year: int, *, open_it: bool) -> Round:
    existing = Round.objects.filter(criteria_set=criteria_set, year=year).first()
    if existing:
        return existing
    office = User.objects.filter(username=OFFICE_USER).first()
    round_ = services.round_create(
        criteria_set=criteria_set,
        year=year,
        departments_due=dt.date(year, 9, 15),
        office_due=dt.date(year, 9, 30),
        actor=office,
    )
    assignments = {}
    for item in round_.items.select_related("sub__criterion"):
        code = assign.get((item.sub.criterion.code, item.sub.code))
        assignments[item.pk] = _department(code).pk if code else None
    if office is not None:
        services.items_assign(round_=round_, actor=office, assignments=assignments)
        if open_it:
            round_ = services.round_step(round_=round_, actor=office, action="open")
    return round_


@transaction.atomic
def seed_assessments_demo() -> None:
    year = timezone.localdate().year
    friendly, assign = _seed_set(FRIENDLY, year)
    _seed_round(friendly, assign, year, open_it=True)
    cchc, assign = _seed_set(CCHC, year)
    _seed_round(cchc, assign, year, open_it=False)
