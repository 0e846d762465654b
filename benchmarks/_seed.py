"""Seeding shared by the benchmark scripts, so one database holds the data of all of them.

- dossiers: receipt codes "B000000000"..., `cases_seed(n)` tops them up to n (bench_onestop,
  bench_reports); the procedures they use have codes "BENCH-01"...;
- survey ballots: the round with code "bench-ks" (`bench_round`), `ballots_seed(round, n)`
  tops it up to n ballots x 12 answers (bench_surveys, bench_reports).

Import this module after `_setup.setup()` (it needs Django's models).
"""

from __future__ import annotations

import datetime as dt
import io
import random
import time
from collections.abc import Callable
from zoneinfo import ZoneInfo

from django.core.management import call_command
from django.db import connection
from django.db.models import Max
from django.utils import timezone

from onestop.models import Case, Procedure
from portal import roles
from portal.calendar import WorkingCalendar, office_cutoff
from portal.models import Department, MassOrganization, ProcedureField, User
from surveys.models import Answer, Ballot, Criterion, Question, Survey
from surveys.services import survey_create

PREFIX = "B"  # receipt codes of the benchmark dossiers
CASE_CHUNK = 5_000
SURVEY_CODE = "bench-ks"  # the measured survey round
BALLOT_CHUNK = 2_000


# --- Dossiers --------------------------------------------------------------------------

# field code -> department code, [(procedure name, working days, weight)]
PROCEDURES = {
    "dia-chinh": (
        "dia-chinh",
        [
            ("Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất", 10, 3),
            ("Hòa giải tranh chấp đất đai", 30, 1),
            ("Xác nhận nguồn gốc, thời điểm sử dụng đất", 7, 2),
            ("Cung cấp thông tin, dữ liệu đất đai", 3, 2),
            ("Xác nhận hiện trạng sử dụng đất", 5, 2),
        ],
    ),
    "tu-phap": (
        "tu-phap",
        [
            ("Đăng ký khai sinh", 1, 8),
            ("Đăng ký kết hôn", 3, 4),
            ("Đăng ký khai tử", 1, 2),
            ("Chứng thực bản sao từ bản chính giấy tờ, văn bản", 0, 12),
            ("Cấp bản sao trích lục hộ tịch", 0, 4),
        ],
    ),
    "ldtbxh": (
        "van-hoa",
        [
            ("Xác định, xác định lại mức độ khuyết tật và cấp Giấy xác nhận khuyết tật", 20, 1),
            ("Trợ cấp xã hội hằng tháng đối với đối tượng bảo trợ xã hội", 15, 2),
            ("Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội", 3, 1),
            ("Xác nhận hộ gia đình làm nông nghiệp có mức sống trung bình", 7, 1),
            ("Đăng ký nhận chăm sóc, nuôi dưỡng đối tượng cần bảo vệ khẩn cấp", 5, 1),
        ],
    ),
    "van-hoa": (
        "van-hoa",
        [
            ("Xét tặng danh hiệu Gia đình văn hóa hằng năm", 5, 1),
            ("Thông báo tổ chức lễ hội cấp xã", 5, 1),
            ("Đăng ký hoạt động thư viện tư nhân có vốn sách ban đầu từ 500 bản", 5, 1),
            ("Công nhận câu lạc bộ thể thao cơ sở", 7, 1),
            ("Xét tặng Giấy khen Khu dân cư văn hóa", 5, 1),
        ],
    ),
    "giao-duc": (
        "van-hoa",
        [
            ("Chuyển trường đối với học sinh tiểu học", 3, 1),
            ("Cho phép nhóm trẻ, lớp mẫu giáo độc lập hoạt động giáo dục", 12, 1),
            ("Sáp nhập, chia, tách nhóm trẻ, lớp mẫu giáo độc lập", 12, 1),
            ("Giải thể nhóm trẻ, lớp mẫu giáo độc lập", 10, 1),
            ("Xét, duyệt chính sách hỗ trợ đối với học sinh bán trú", 10, 1),
        ],
    ),
    "xay-dung": (
        "dia-chinh",
        [
            ("Cấp giấy phép xây dựng đối với nhà ở riêng lẻ", 15, 3),
            ("Cấp giấy phép sửa chữa, cải tạo công trình", 15, 1),
            ("Gia hạn giấy phép xây dựng", 5, 1),
            ("Cấp lại giấy phép xây dựng", 5, 1),
            ("Điều chỉnh giấy phép xây dựng", 15, 1),
        ],
    ),
}

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thu", "Ngọc", "Quang", "Thanh", "Xuân"]
GIVEN = [
    *("An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hùng", "Hương"),
    *("Khánh", "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Phúc", "Quân", "Sơn"),
    *("Tâm", "Thảo", "Trang", "Tuấn", "Việt", "Yến"),
]
STREETS = ["phố Phú La", "phố Văn Phú", "phố Văn La", "phố Phúc La", "đường Lê Trọng Tấn"]
CHANNELS = [Case.Channel.IN_PERSON] * 6 + [Case.Channel.ONLINE] * 3 + [Case.Channel.POST]


def procedures_seed() -> list[Procedure]:
    fields = {f.code: f for f in ProcedureField.objects.all()}
    departments = {d.code: d for d in Department.objects.all()}
    out = []
    n = 0
    for field_code, (department_code, rows) in PROCEDURES.items():
        for name, days, _weight in rows:
            n += 1
            procedure, _ = Procedure.objects.update_or_create(
                code=f"BENCH-{n:02d}",
                defaults={
                    "name": name,
                    "field": fields[field_code],
                    "department": departments[department_code],
                    "processing_days": days,
                    "fee": "Không" if n % 3 else "50.000 đồng/hồ sơ",
                    "is_active": True,
                },
            )
            out.append(procedure)
    return out


class Dates:
    """Working-day arithmetic with the answers cached: ~1,000 distinct starts only."""

    def __init__(self, today: dt.date):
        self.cal = WorkingCalendar.load()
        self.today = today
        self.cutoff = office_cutoff()
        self._add: dict[tuple[dt.date, int], dt.date] = {}
        day = today - dt.timedelta(days=2 * 365 + 10)
        self.past: list[dt.date] = []  # working days before today, oldest first
        while day < today:
            if self.cal.is_working_day(day):
                self.past.append(day)
            day += dt.timedelta(days=1)
        self.last_year = [d for d in self.past if d >= today - dt.timedelta(days=730)]

    def add(self, start: dt.date, days: int) -> dt.date:
        key = (start, days)
        if key not in self._add:
            self._add[key] = self.cal.add_working_days(start, days)
        return self._add[key]

    def start_of(self, received: dt.datetime) -> dt.date:
        day = received.date()
        if received.time() >= self.cutoff or not self.cal.is_working_day(day):
            return self.add(day, 1)
        return day


def cases_seed(n_cases: int, *, log: Callable[[str], None]) -> None:
    """Up to n_cases dossiers with "B" receipt codes, about 2% of them late; those present
    (from any script) are kept and the rest appended."""
    call_command("seed_demo", verbosity=0, stdout=io.StringIO())  # idempotent, ~1 s
    existing = Case.objects.filter(receipt_code__startswith=PREFIX).count()
    if existing >= n_cases:
        log(f"{existing} dossiers already seeded; reusing them")
        return
    procedures = procedures_seed()
    weights = [w for _f, (_d, rows) in PROCEDURES.items() for _n, _days, w in rows]
    desk = User.objects.get(username="motcua")
    officers: dict[int, list[int]] = {}
    for user in User.objects.filter(groups__name=roles.DEPARTMENT, department__isnull=False):
        officers.setdefault(user.department_id, []).append(user.pk)
    tz = ZoneInfo("Asia/Ho_Chi_Minh")
    today = timezone.localdate()
    now = timezone.now()
    dates = Dates(today)
    long_procedures = [p for p in procedures if p.processing_days >= 3]

    last = Case.objects.filter(receipt_code__startswith=PREFIX).aggregate(m=Max("receipt_code"))
    first = int(last["m"][len(PREFIX) :]) + 1 if last["m"] else 0
    todo = n_cases - existing
    log(f"seeding {todo} dossiers from {PREFIX}{first:09d} ({existing} present)")
    started = time.perf_counter()

    def received_on(rng, day):
        minutes = 7 * 60 + 30 + rng.randrange(10 * 60)  # 07:30-17:30, some after cut-off
        at = dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60, rng.randrange(60)))
        return at.replace(tzinfo=tz)

    def make(rng, i: int) -> Case:
        procedure = rng.choices(procedures, weights)[0]
        kind = i % 100
        past = dates.past
        status = Case.Status.RETURNED
        days_used = 0
        supplements = 0
        paused_on = decided_on = returned_at = None
        result = refusal = ""
        if kind < 2:  # late: open, appointment date passed, no letter yet
            status = Case.Status.IN_PROGRESS if rng.random() < 0.7 else Case.Status.RECEIVED
            idx = len(past) - 1 - rng.randrange(40)
            while True:
                received = received_on(rng, past[idx])
                start = dates.start_of(received)
                due = dates.add(start, procedure.processing_days)
                if due < today:
                    break
                idx -= 1
        elif kind < 5:  # open, not yet due
            status = Case.Status.IN_PROGRESS if rng.random() < 0.6 else Case.Status.RECEIVED
            procedure = rng.choice(long_procedures)
            idx = len(past) - 1 - rng.randrange(3)
            received = received_on(rng, past[idx])
            start = dates.start_of(received)
            due = dates.add(start, procedure.processing_days)
        elif kind < 6:  # waiting for a supplement: the clock is stopped
            status = Case.Status.SUPPLEMENT
            received = received_on(rng, past[len(past) - 1 - rng.randrange(60)])
            start = dates.start_of(received)
            due = dates.add(start, procedure.processing_days)
            days_used = rng.randrange(max(procedure.processing_days, 1))
            paused_on = min(dates.add(start, days_used), today)
            supplements = 2 if (i // 100) % 10 == 0 else 1
        else:  # decided: approved, refused or returned
            received = received_on(rng, rng.choice(dates.last_year))
            start = dates.start_of(received)
            due = dates.add(start, procedure.processing_days)
            if rng.random() < 0.1:
                decided_on = dates.add(due, rng.randint(1, 10))
            else:
                decided_on = dates.add(start, rng.randint(0, procedure.processing_days))
            decided_on = min(decided_on, today)
            roll = rng.random()
            if roll < 0.12:
                status = Case.Status.REFUSED
                refusal = "Hồ sơ không đủ điều kiện theo quy định."
            elif roll < 0.27:
                status = Case.Status.APPROVED
                result = "Đã có kết quả, chờ trả."
            else:
                result = "Giấy tờ đã cấp theo đề nghị."
            if status == Case.Status.RETURNED or (status == Case.Status.REFUSED and roll < 0.06):
                returned_at = min(
                    received_on(rng, decided_on + dt.timedelta(days=rng.randrange(6))),
                    now - dt.timedelta(minutes=1),
                )
        officer_id = None
        if status != Case.Status.RECEIVED and officers.get(procedure.department_id):
            officer_id = rng.choice(officers[procedure.department_id])
        name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        return Case(
            receipt_code=f"{PREFIX}{i:09d}",
            procedure_id=procedure.pk,
            department_id=procedure.department_id,
            officer_id=officer_id,
            applicant_name=name,
            applicant_id_number=f"{rng.randint(1, 96):03d}{rng.randrange(4)}"
            f"{rng.randrange(100):02d}{rng.randrange(10**6):06d}",
            applicant_phone=f"0{rng.choice('35789')}{rng.randrange(10**8):08d}",
            applicant_email=f"nguoidan{i}@example.vn" if i % 7 == 0 else "",
            applicant_address=f"Số {rng.randint(1, 200)} ngõ {rng.randint(1, 120)} "
            f"{rng.choice(STREETS)}, phường Phú La, thành phố Hà Nội",
            channel=rng.choice(CHANNELS),
            received_at=received,
            received_by_id=desk.pk,
            processing_days=procedure.processing_days,
            clock_started_on=start,
            days_used=days_used,
            legal_due_date=due,
            due_date=due,
            status=status,
            supplement_requests=supplements,
            paused_on=paused_on,
            result=result,
            refusal_reason=refusal,
            decided_on=decided_on,
            returned_at=returned_at,
        )

    done = 0
    for chunk_start in range(first, first + todo, CASE_CHUNK):
        rng = random.Random(chunk_start)
        stop = min(chunk_start + CASE_CHUNK, first + todo)
        Case.objects.bulk_create(
            [make(rng, i) for i in range(chunk_start, stop)], batch_size=CASE_CHUNK
        )
        done += stop - chunk_start
        if done % 100_000 < CASE_CHUNK or done == todo:
            rate = done / (time.perf_counter() - started)
            log(f"  {done}/{todo} dossiers ({rate:,.0f}/s)")
    if connection.vendor == "postgresql":
        log("VACUUM ANALYZE (what autovacuum would have done by now)")
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {Case._meta.db_table}")


# --- Survey ballots --------------------------------------------------------------------

TEXTS = [
    "Cần bố trí thêm ghế ngồi chờ tại Bộ phận Một cửa.",
    "Cán bộ hướng dẫn nhiệt tình, chu đáo.",
    "Đề nghị niêm yết rõ hơn mức phí, lệ phí.",
    "Nên có thêm máy lấy số thứ tự.",
]


def round_ensure(code: str, *, opens: dt.date, closes: dt.date, title: str) -> Survey:
    survey = Survey.objects.filter(code=code).first()
    if survey is None:
        survey = survey_create(title=title, opens_on=opens, closes_on=closes)
        survey.code = code
        survey.save(update_fields=["code"])
        Question.objects.create(
            survey=survey,
            order=12,
            criterion=Criterion.OTHER,
            kind=Question.Kind.SCALE,
            text="Mức độ hài lòng chung của Ông/Bà",
        )
        # The overall question goes before the two last (choice, text) ones.
        qs = list(survey.questions.all())
        scale = [q for q in qs if q.kind == Question.Kind.SCALE]
        rest = [q for q in qs if q.kind != Question.Kind.SCALE]
        for n, q in enumerate(scale + rest, start=1):
            q.order = n
        Question.objects.bulk_update(qs, ["order"])
    return survey


def ballots_seed(survey: Survey, n_ballots: int, *, log: Callable[[str], None]) -> None:
    """Up to n_ballots ballots x the round's questions; those present are kept."""
    existing = Ballot.objects.filter(survey=survey).count()
    if existing >= n_ballots:
        log(f"{existing} ballots already seeded; reusing them")
        return
    questions = list(survey.questions.all())
    fields = list(ProcedureField.objects.values_list("pk", flat=True)) or [None]
    orgs = list(MassOrganization.objects.values_list("pk", flat=True)) or [None]
    todo = n_ballots - existing
    log(f"seeding {todo} ballots x {len(questions)} answers ({existing} present)")
    started = time.perf_counter()
    done = 0
    while done < todo:
        size = min(BALLOT_CHUNK, todo - done)
        rng = random.Random(existing + done)
        ballots, answers = [], []
        for i in range(existing + done, existing + done + size):
            paper = i % 5 < 2
            ballot = Ballot(
                survey=survey,
                channel=Ballot.Channel.PAPER if paper else Ballot.Channel.ONLINE,
                serial=f"S{i:07d}" if paper else "",
                organisation_id=rng.choice(orgs) if paper else None,
                field_id=rng.choice(fields),
            )
            for q in questions:
                if q.kind == Question.Kind.SCALE:
                    score = rng.choices((1, 2, 3, 4, 5), (1, 1, 3, 40, 55))[0]
                    answers.append(Answer(ballot=ballot, question_id=q.pk, score=score))
                elif q.kind == Question.Kind.TEXT:
                    text = rng.choice(TEXTS) if rng.random() < 0.2 else "Không có ý kiến."
                    answers.append(Answer(ballot=ballot, question_id=q.pk, text=text))
                else:
                    choice = rng.choice(q.choice_list)
                    answers.append(Answer(ballot=ballot, question_id=q.pk, choice=choice))
            ballot.scale_answers = sum(1 for a in answers[-len(questions) :] if a.score)
            ballot.satisfied_answers = sum(
                1 for a in answers[-len(questions) :] if a.score and a.score >= 4
            )
            ballots.append(ballot)
        Ballot.objects.bulk_create(ballots, batch_size=BALLOT_CHUNK)
        for answer in answers:
            answer.ballot_id = answer.ballot.pk
        Answer.objects.bulk_create(answers, batch_size=5_000)
        done += size
        if done % 20_000 < BALLOT_CHUNK or done == todo:
            log(f"  {done}/{todo} ballots ({done / (time.perf_counter() - started):,.0f}/s)")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in (Ballot, Answer):
                cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")


def bench_round(today: dt.date) -> Survey:
    """The measured round ("bench-ks"), created closed the day before."""
    return round_ensure(
        SURVEY_CODE,
        opens=today - dt.timedelta(days=60),
        closes=today - dt.timedelta(days=1),
        title="Khảo sát sự hài lòng (benchmark)",
    )
