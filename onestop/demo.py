"""Demo data for the one-stop desk: a procedure catalogue and a few hundred dossiers in
every state, including late ones with drafted and signed apology letters."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from onestop import services
from onestop.models import (
    ApologyLetter,
    Case,
    CaseEvent,
    CasePaper,
    PaperKind,
    Procedure,
    ProcedurePaper,
)
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

ORIGINAL, CERTIFIED, COPY = PaperKind.ORIGINAL, PaperKind.CERTIFIED, PaperKind.COPY
# The papers (thành phần hồ sơ) of each demo procedure, as the national catalogue lists
# them: name, count, kind, required. "(xuất trình)": shown at the desk, not kept.
PAPERS = {
    "1.001193": [
        ("Tờ khai đăng ký khai sinh theo mẫu", 1, ORIGINAL, True),
        ("Giấy chứng sinh hoặc giấy tờ thay thế giấy chứng sinh", 1, ORIGINAL, True),
        ("Giấy tờ tùy thân của người đi đăng ký (xuất trình)", 1, ORIGINAL, True),
        ("Văn bản ủy quyền (trường hợp ủy quyền đăng ký)", 1, CERTIFIED, False),
    ],
    "1.000894": [
        ("Tờ khai đăng ký kết hôn theo mẫu", 1, ORIGINAL, True),
        ("Giấy tờ tùy thân của hai bên nam, nữ (xuất trình)", 2, ORIGINAL, True),
        ("Giấy xác nhận tình trạng hôn nhân (nếu cư trú ở nơi khác)", 1, ORIGINAL, False),
    ],
    "1.000656": [
        ("Tờ khai đăng ký khai tử theo mẫu", 1, ORIGINAL, True),
        ("Giấy báo tử hoặc giấy tờ thay thế giấy báo tử", 1, ORIGINAL, True),
        ("Giấy tờ tùy thân của người đi đăng ký (xuất trình)", 1, ORIGINAL, True),
    ],
    "2.000635": [
        ("Tờ khai cấp bản sao trích lục hộ tịch theo mẫu", 1, ORIGINAL, True),
        ("Giấy tờ tùy thân của người yêu cầu (xuất trình)", 1, ORIGINAL, True),
        ("Văn bản ủy quyền (trường hợp ủy quyền)", 1, CERTIFIED, False),
    ],
    "1.004873": [
        ("Tờ khai cấp giấy xác nhận tình trạng hôn nhân theo mẫu", 1, ORIGINAL, True),
        ("Giấy tờ tùy thân của người yêu cầu (xuất trình)", 1, ORIGINAL, True),
        ("Bản án, quyết định ly hôn hoặc giấy chứng tử của vợ/chồng (nếu có)", 1, CERTIFIED, False),
    ],
    "2.000908": [
        ("Bản chính giấy tờ, văn bản làm cơ sở để chứng thực bản sao", 1, ORIGINAL, True),
        ("Bản sao cần chứng thực", 1, COPY, True),
    ],
    "2.001035": [
        ("Dự thảo hợp đồng, giao dịch", 1, ORIGINAL, True),
        ("Giấy tờ tùy thân của người yêu cầu chứng thực", 1, COPY, True),
        ("Giấy chứng nhận quyền sở hữu, quyền sử dụng tài sản", 1, COPY, True),
    ],
    "1.000775": [
        (
            "Tờ khai đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch theo mẫu",
            1,
            ORIGINAL,
            True,
        ),
        ("Giấy tờ hộ tịch cần thay đổi, cải chính, bổ sung", 1, ORIGINAL, True),
        ("Giấy tờ làm căn cứ cho việc cải chính, bổ sung", 1, CERTIFIED, False),
    ],
    "1.004227": [
        ("Đơn đề nghị hòa giải tranh chấp đất đai", 1, ORIGINAL, True),
        ("Giấy tờ liên quan đến thửa đất đang tranh chấp", 1, COPY, False),
    ],
    "1.012797": [
        ("Đơn đề nghị xác nhận nguồn gốc, hiện trạng sử dụng đất theo mẫu", 1, ORIGINAL, True),
        ("Giấy tờ chứng minh nguồn gốc sử dụng đất", 1, COPY, False),
    ],
    "1.009994": [
        ("Đơn đề nghị cấp giấy phép xây dựng theo mẫu", 1, ORIGINAL, True),
        ("Giấy tờ chứng minh quyền sử dụng đất", 1, CERTIFIED, True),
        ("Bản vẽ thiết kế xây dựng", 2, ORIGINAL, True),
    ],
    "1.001776": [
        (
            "Giấy đề nghị xác nhận hộ gia đình làm nông nghiệp có mức sống trung bình",
            1,
            ORIGINAL,
            True,
        ),
    ],
    "1.001758": [
        ("Tờ khai đề nghị trợ giúp xã hội theo mẫu", 1, ORIGINAL, True),
        ("Giấy tờ tùy thân của người cao tuổi", 1, COPY, True),
    ],
    "2.000286": [
        ("Thông báo thành lập thư viện theo mẫu", 1, ORIGINAL, True),
        ("Danh mục tài nguyên thông tin của thư viện", 1, ORIGINAL, True),
    ],
    "1.004443": [
        ("Tờ trình đề nghị cho phép hoạt động giáo dục", 1, ORIGINAL, True),
        ("Quyết định thành lập cơ sở giáo dục mầm non", 1, CERTIFIED, True),
        ("Danh sách cán bộ quản lý, giáo viên, nhân viên", 1, ORIGINAL, True),
    ],
}

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
        procedure, _created = Procedure.objects.update_or_create(
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
        _seed_papers(procedure, PAPERS.get(code, []))
    if Case.objects.exists():
        return  # dossiers are seeded once; procedures above are kept up to date
    _seed_cases(cases)


def _seed_papers(procedure: Procedure, papers: list[tuple[str, int, str, bool]]) -> None:
    """The procedure's papers as listed: one row per place in the list, kept (same id)
    on a rerun, and any row past the end of the list removed."""
    for order, (name, count, kind, required) in enumerate(papers, start=1):
        ProcedurePaper.objects.update_or_create(
            procedure=procedure,
            order=order,
            defaults={"name": name, "count": count, "kind": kind, "required": required},
        )
    procedure.papers.filter(order__gt=len(papers)).delete()


def _seed_cases(count: int) -> None:
    rng = random.Random(2026)
    desk = User.objects.get(username="motcua")
    officers = {
        u.department_id: u for u in User.objects.filter(username__in=["tuphap", "diachinh"])
    }
    chairman = User.objects.get(username="chutich")
    procedures = list(Procedure.objects.select_related("department").prefetch_related("papers"))
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
            papers=[  # the whole list, handed in
                services.Paper(name=paper.name, count=paper.count, kind=paper.kind, listed=paper.pk)
                for paper in procedure.papers.all()
            ]
            or [services.Paper(name="Tờ khai theo mẫu", count=1, kind=CasePaper.Kind.ORIGINAL)],
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
