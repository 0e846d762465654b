"""The three seed plans (002, 003, 004) entered by plans.demo print their full text in
the seed's order, and seed 004's tasks are the rows the follow-up needs."""

import datetime as dt
import io

import pdfplumber
import pytest

from plans.demo import SEEDS, seed_plan, seed_plans_demo
from plans.documents import TASK_WORDS, render_plan
from plans.models import Plan, PlanStatus, Task, TaskTiming
from plans.timing import parse_timing, quarter_end, timing_text

pytestmark = pytest.mark.django_db


def _norm(text: str) -> str:
    return " ".join(text.split())


def _pdf_text(plan: Plan) -> str:
    """The printed text, without the large "DỰ THẢO" stamp of a draft."""
    with pdfplumber.open(io.BytesIO(render_plan(plan))) as pdf:
        pages = [
            page.filter(lambda obj: obj.get("object_type") != "char" or obj["size"] < 30)
            for page in pdf.pages
        ]
        return _norm(" ".join(page.extract_text() or "" for page in pages))


def _expected(seed: dict) -> list[str]:
    """What the print must show, in order: headings whole, paragraphs by their first
    40 characters, the printed unit and time lines of tasks that print them."""
    out = [seed["title"], *seed["legal_basis"], *seed["introduction"]]

    def walk(items):
        for item in items:
            out.append(item["heading"])
            for para in item["body"]:
                out.append(para.removeprefix("- ")[:40])
            for task in item["tasks"]:
                if not task["details"]:
                    continue
                timing, due = parse_timing(task["when"])
                out.append(f"{TASK_WORDS['lead']}: {task['label']}.")
                if task["partners_text"]:
                    out.append(f"{TASK_WORDS['partners']}: {task['partners_text']}.")
                out.append(f"{TASK_WORDS['time']}: {timing_text(timing, due)}.")
            walk(item["children"])

    walk(seed["sections"])
    out.extend(seed["closing"])
    return [_norm(s) for s in out]


def _assert_in_order(text: str, expected: list[str]) -> None:
    pos = 0
    for piece in expected:
        found = text.find(piece, pos)
        assert found >= 0, f"not printed after position {pos}: {piece!r}"
        pos = found + len(piece)


@pytest.fixture
def seeded(ward, office, plan_type):
    def enter(key: str) -> tuple[Plan, str]:
        plan = seed_plan(SEEDS[key])
        return plan, _pdf_text(plan)

    return enter


@pytest.mark.parametrize("key", ["002", "003", "004"])
def test_seed_prints_every_heading_and_paragraph_in_order(seeded, key):
    seed = SEEDS[key]
    plan, text = seeded(key)
    _assert_in_order(text, _expected(seed))
    for recipient in seed["recipients"]:
        assert _norm(recipient.rstrip(";,")) in text
    if key == "002":
        assert "II. NỘI DUNG KẾ HOẠCH" in text
        assert "a/ Thời gian: Trong hoặc ngoài giờ hành chính" in text
        assert "2. Hình thức: Đối thoại, tọa đàm trực tiếp." in text
        assert "III." not in text
    if key == "003":
        assert "1.3. Thứ ba, không bổ sung hồ sơ quá 1 lần" in text
        assert "III. TỔ CHỨC THỰC HIỆN" in text
    if key == "004":
        # Numbered by place: the seed's second "2." is 3., its second "III." is IV.
        assert "8. Về bố trí kinh phí:" in text
        assert "IV. TỔ CHỨC THỰC HIỆN:" in text
        assert "1. Văn phòng HĐND-UBND phường: tham mưu Chủ tịch" in text
        # The seed's signature: TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH.
        signature = text[text.index("Nơi nhận") :]
        for line in ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Thị Minh Hiếu"):
            assert line in signature
        # Tasks whose units and time the paragraphs state themselves.
        for when in (
            "định kỳ hàng quý tổ chức kiểm điểm",
            "Thời gian thực hiện: Hoàn thành trong tháng 4/2024.",
            "xong trong tháng 3/2024.",
            "trước ngày 30/9/2024.",
            "trước ngày 15/9/2024.",
        ):
            assert when in text
        # Nothing printed twice.
        assert text.count("Hoàn thành trong tháng 4/2024") == 1
        assert text.count("Bộ phận chủ trì, tổng hợp") == 5


def test_seed_004_tasks_are_followed_up(ward, office, plan_type):
    plan = seed_plan(SEEDS["004"])
    assert plan.status == PlanStatus.ISSUED
    assert plan.issued_on == dt.date(2024, 2, 25)
    assert plan.number.year == 2024 and plan.number.symbol.startswith("01/KH")
    assert plan.signer.username == "phochutich"
    tasks = list(
        Task.objects.filter(plan=plan)
        .select_related("lead", "section")
        .prefetch_related("partners")
        .order_by("section__parent__order", "section__order", "order")
    )
    assert len(tasks) == 10
    assert {t.lead.code for t in tasks} == {"van-phong"}
    quarter = quarter_end(dt.date(2024, 2, 25))  # the quarter awaited from the issue
    assert [(t.timing, t.due_date) for t in tasks] == [
        (TaskTiming.QUARTERLY, quarter),
        (TaskTiming.MONTH, dt.date(2024, 6, 30)),
        (TaskTiming.MONTH, dt.date(2024, 6, 30)),
        (TaskTiming.REGULAR, None),
        (TaskTiming.REGULAR, None),
        (TaskTiming.REGULAR, None),
        (TaskTiming.MONTH, dt.date(2024, 4, 30)),
        (TaskTiming.MONTH, dt.date(2024, 3, 31)),
        (TaskTiming.DATE, dt.date(2024, 9, 30)),
        (TaskTiming.DATE, dt.date(2024, 9, 15)),
    ]
    assert [t.print_details for t in tasks] == [False] + [True] * 5 + [False] * 4
    assert not any(t.print_text for t in tasks)
    printed = [t for t in tasks if t.print_details]
    assert {t.lead_label for t in printed} == {"Văn phòng HĐND-UBND phường"}
    assert [t.partners_text for t in printed] == [
        "các công chức chuyên môn",
        "BCĐ thực hiện Luật QCDC phường, Ban TTND",
        "Bộ phận Một cửa, công chức chuyên môn",
        "Đoàn TN phường, Bộ phận Một cửa, công chức chuyên môn",
        "MTTQ, HĐND, Công chức phụ trách công tác giải quyết đơn thư phường",
    ]
    assert not any(t.partners.exists() for t in printed)  # partners_text says it all
    specialists = {"tu-phap", "dia-chinh", "van-hoa", "tai-chinh", "cong-an"}
    assert {d.code for d in tasks[0].partners.all()} == specialists
    assert {d.code for d in tasks[-1].partners.all()} == specialists


def test_seeding_twice_adds_nothing(ward, office, plan_type):
    first = seed_plans_demo()
    counts = (Plan.objects.count(), Task.objects.count())
    assert seed_plans_demo() == first
    assert (Plan.objects.count(), Task.objects.count()) == counts == (3, 10)
    statuses = {p.title: p.status for p in first}
    assert statuses[SEEDS["002"]["title"]] == PlanStatus.DRAFT
    assert statuses[SEEDS["003"]["title"]] == PlanStatus.DRAFT
    assert statuses[SEEDS["004"]["title"]] == PlanStatus.ISSUED
