"""Demo data for the one-stop desk: a procedure catalogue and a few hundred dossiers in
every state, including late ones with drafted and signed apology letters."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from onestop import services
from onestop.models import ApologyLetter, Case, CaseEvent, CasePaper, Procedure
from portal.models import Department, ProcedureField, User

PROCEDURES = [
    # code, name, field code, department code, working days, fee
    ("1.001193", "Đăng ký khai sinh", "tu-phap", "tu-phap", 0, "Miễn lệ phí"),
    ("1.000894", "Đăng ký kết hôn", "tu-phap", "tu-phap", 0, "Miễn lệ phí"),
    ("1.000656", "Đăng ký khai tử", "tu-phap", "tu-phap", 0, "Miễn lệ phí"),
    ("2.000635", "Cấp bản sao trích lục hộ tịch", "tu-phap", "tu-phap", 0, "8.000 đồng/bản"),
    ("1.004873", "Cấp giấy xác nhận tình trạng hôn nhân", "tu-phap", "tu-phap", 3, "15.000 đồng"),
    ("2.000908", "Chứng thực bản sao từ bản chính", "tu-phap", "tu-phap", 1, "2.000 đồng/trang"),
    (
        "2.001035",
        "Chứng thực hợp đồng, giao dịch liên quan đến tài sản",
        "tu-phap",
        "tu-phap",
        2,
        "50.000 đồng",
    ),
    (
        "1.000775",
        "Đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch",
        "tu-phap",
        "tu-phap",
        3,
        "15.000 đồng",
    ),
    ("1.004227", "Hòa giải tranh chấp đất đai", "dia-chinh", "dia-chinh", 30, "Không"),
    (
        "1.012797",
        "Xác nhận nguồn gốc, hiện trạng sử dụng đất",
        "dia-chinh",
        "dia-chinh",
        10,
        "Không",
    ),
    (
        "1.009994",
        "Cấp giấy phép xây dựng nhà ở riêng lẻ",
        "xay-dung",
        "dia-chinh",
        15,
        "75.000 đồng",
    ),
    (
        "1.001776",
        "Xác nhận hộ gia đình làm nông nghiệp có mức sống trung bình",
        "ldtbxh",
        "van-hoa",
        5,
        "Không",
    ),
    (
        "1.001758",
        "Trợ cấp xã hội hằng tháng đối với người cao tuổi",
        "ldtbxh",
        "van-hoa",
        7,
        "Không",
    ),
    ("2.000286", "Đăng ký hoạt động thư viện tư nhân", "van-hoa", "van-hoa", 5, "Không"),
    (
        "1.004443",
        "Cho phép cơ sở giáo dục mầm non độc lập hoạt động",
        "giao-duc",
        "van-hoa",
        10,
        "Không",
    ),
]

GIVEN = [
    "Nguyễn Văn",
    "Trần Thị",
    "Lê Minh",
    "Phạm Thu",
    "Hoàng Đức",
    "Vũ Thị",
    "Đặng Quốc",
    "Bùi Thanh",
    "Đỗ Hải",
    "Ngô Bảo",
]
NAMES = [
    "An",
    "Bình",
    "Cường",
    "Dung",
    "Giang",
    "Hà",
    "Hùng",
    "Lan",
    "Minh",
    "Nga",
    "Phúc",
    "Quân",
    "Sơn",
    "Trang",
    "Yến",
]
STREETS = [
    "phố Phú La",
    "phố Văn Phú",
    "phố Lê Trọng Tấn",
    "phố Tô Hiệu",
    "ngõ 2 Phú La",
    "phố Văn La",
]


def seed_onestop_demo(*, cases: int = 300) -> None:
    departments = {d.code: d for d in Department.objects.all()}
    fields = {f.code: f for f in ProcedureField.objects.all()}
    for code, name, field, dept, days, fee in PROCEDURES:
        Procedure.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "field": fields[field],
                "department": departments[dept],
                "processing_days": days,
                "fee": fee,
                "is_active": True,
            },
        )
    if Case.objects.exists():
        return  # dossiers are seeded once; procedures above are kept up to date
    _seed_cases(cases)


def _seed_cases(count: int) -> None:
    rng = random.Random(2026)
    desk = User.objects.get(username="motcua")
    officers = {
        u.department_id: u for u in User.objects.filter(username__in=["tuphap", "diachinh"])
    }
    chairman = User.objects.get(username="chutich")
    procedures = list(Procedure.objects.select_related("department"))
    now = timezone.now()
    for i in range(count):
        procedure = rng.choice(procedures)
        age_days = int(rng.triangular(0, 120, 10))
        received_at = timezone.localtime(now - dt.timedelta(days=age_days)).replace(
            hour=rng.randint(7, 16), minute=rng.randint(0, 59)
        )
        if received_at > now:
            received_at = now - dt.timedelta(minutes=5)
        name = f"{rng.choice(GIVEN)} {rng.choice(NAMES)}"
        case = services.case_receive(
            procedure=procedure,
            applicant_name=name,
            applicant_id_number=f"0010{rng.randint(10**7, 10**8 - 1)}",
            applicant_phone=f"09{rng.randint(10**7, 10**8 - 1)}",
            applicant_email=f"nguoidan{i}@example.com" if rng.random() < 0.3 else "",
            applicant_address=f"Số {rng.randint(1, 200)} {rng.choice(STREETS)}, phường Phú La",
            channel=rng.choice(
                [Case.Channel.IN_PERSON] * 3 + [Case.Channel.ONLINE, Case.Channel.POST]
            ),
            papers=[
                services.Paper(name="Tờ khai theo mẫu", count=1, kind=CasePaper.Kind.ORIGINAL),
                services.Paper(name="Căn cước công dân", count=1, kind=CasePaper.Kind.COPY),
            ],
            received_by=desk,
            received_at=received_at,
        )
        officer = officers.get(case.department_id)
        due_passed = case.due_date < now.date()
        roll = rng.random()
        if age_days == 0 and roll < 0.5:
            continue  # still at the desk
        services.case_forward(case=case, actor=desk, officer=officer)
        if not due_passed and roll < 0.35:
            continue  # being processed
        if roll < 0.08:
            services.case_request_supplement(
                case=case, actor=officer or desk, missing="Bản sao giấy tờ chứng minh nơi cư trú"
            )
            if rng.random() < 0.5:
                continue  # waiting for the applicant
            services.case_receive_supplement(case=case, actor=desk, note="Đã nhận đủ")
            if rng.random() < 0.3:
                services.case_request_supplement(
                    case=case,
                    actor=officer or desk,
                    missing="Trích lục bản đồ địa chính",
                    justification="Phát sinh yêu cầu xác minh theo ý kiến cơ quan thuế",
                )
                continue
        if due_passed and roll > 0.93:
            continue  # late and still open: gets an apology letter below
        if roll < 0.12:
            services.case_refuse(
                case=case,
                actor=officer or desk,
                reason="Hồ sơ không thuộc thẩm quyền giải quyết của UBND phường.",
            )
        else:
            services.case_approve(
                case=case, actor=officer or desk, result=f"Kết quả: {procedure.name}"
            )
        # Decisions happened in the past, mostly before the due date.
        decided = min(
            case.legal_due_date - dt.timedelta(days=rng.choice([0, 0, 1, 2, -1])), now.date()
        )
        Case.objects.filter(pk=case.pk).update(decided_on=max(decided, received_at.date()))
        if rng.random() < 0.85:
            services.case_return(case=case, actor=desk)
    _spread_event_times()
    services.apology_letters_draft_overdue()
    services.apology_letters_notify_new()
    letters = list(ApologyLetter.objects.select_related("case").order_by("pk"))
    for n, letter in enumerate(letters[: max(len(letters) // 2, 1)]):
        services.apology_letter_propose(
            letter=letter,
            actor=officers.get(letter.department_id) or desk,
            reason="Hồ sơ phải xác minh thêm thông tin tại cơ quan liên quan.",
            extra_working_days=3,
        )
        if n % 2 == 0:
            services.apology_letter_sign(letter=letter, signer=chairman)


def _spread_event_times() -> None:
    """Events were logged 'now'; put each a few hours after the previous one."""
    now = timezone.now()
    changed = []
    step = {}
    events = CaseEvent.objects.exclude(action=CaseEvent.Action.RECEIVE).select_related("case")
    for event in events.order_by("case_id", "pk"):
        k = step[event.case_id] = step.get(event.case_id, 0) + 1
        event.at = min(event.case.received_at + dt.timedelta(hours=3 * k), now)
        changed.append(event)
    CaseEvent.objects.bulk_update(changed, ["at"], batch_size=500)
