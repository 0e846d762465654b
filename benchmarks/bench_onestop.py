"""One-stop desk at scale: the overdue scan, the desk list, the tracking book and the
apology letter, over N dossiers (1,000,000; --quick 20,000), about 2% of them late.

The dossiers (receipt codes B000000000...) are inserted once with bulk_create and reused
by later runs on the same database; the apology letters and their notifications are
deleted at the start of every run, so each run's scan does the same work.

Prints one JSON line:
  cases, late           dossiers with a "B" code; open dossiers past their appointment date
  overdue_scan          ms, letters drafted and SQL queries of apology_letters_draft_overdue()
                        + apology_letters_notify_new(); a second run (must draft 0)
  desk_list             median/p95 ms of GET /onestop/ as the desk ("motcua") over several
                        filter combinations, and the SQL queries per request (overall and
                        per filter: a department/field filter adds its form's lookup, "due
                        soon" its calendar query; none depends on N)
  tracking_book_export  seconds to write the tracking book of M rows (100,000; --quick
                        10,000) to .xlsx, the tracemalloc peak and the max-RSS growth (MB);
                        measured in a fresh child process so earlier work cannot hide it
  apology_pdf           median/p95 ms of render_apology_letter() for a letter with its
                        reason and new appointment date filled in
"""

import datetime as dt
import io
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

from _setup import emit, measure_export, setup, summary, timed

CHILD_ENV = "BENCH_ONESTOP_EXPORT_ROWS"

args = setup(__doc__)


# --- Tracking book export (run in a child process) -------------------------------------


def first_cases(rows: int):
    """The first `rows` dossiers by time of receipt, as a filter (tracking_book re-orders
    the queryset, so it cannot be a slice)."""
    from onestop.models import Case

    last = (
        Case.objects.order_by("received_at", "pk")
        .values_list("received_at", flat=True)[rows - 1 : rows]
        .first()
    )
    return Case.objects.filter(received_at__lte=last)


def export_once(qs, target: Path) -> tuple[int, float]:
    from onestop.exports import tracking_book
    from portal.exports import write_xlsx

    sheet = tracking_book(qs)
    rows = sheet.rows
    written = 0

    def counted():
        nonlocal written
        for row in rows:
            written += 1
            yield row

    sheet.rows = counted()
    start = time.perf_counter()
    write_xlsx([sheet], target)
    return written, time.perf_counter() - start


def export_child(rows: int) -> None:
    """Time the export with little else loaded in the process (no PDF engine, no seeding),
    then measure its Python peak with tracemalloc on a second pass (tracemalloc slows
    the work it watches, so that pass is not the one timed)."""
    import onestop.exports  # noqa: F401 - imports are not the export's memory
    import portal.exports  # noqa: F401

    qs = first_cases(rows)
    print(
        json.dumps(measure_export(lambda target: export_once(qs, target), "so-theo-doi.xlsx")),
        flush=True,
    )


if os.environ.get(CHILD_ENV):
    export_child(int(os.environ[CHILD_ENV]))
    sys.exit(0)

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Max  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from onestop.documents import render_apology_letter  # noqa: E402
from onestop.forms import CaseFilterForm  # noqa: E402
from onestop.models import ApologyLetter, Case, Procedure  # noqa: E402
from onestop.services import (  # noqa: E402
    apology_letters_draft_overdue,
    apology_letters_notify_new,
)
from portal import roles  # noqa: E402
from portal.calendar import WorkingCalendar, office_cutoff  # noqa: E402
from portal.models import Department, Notification, ProcedureField, User  # noqa: E402

N_CASES = 20_000 if args.quick else 1_000_000
EXPORT_ROWS = 10_000 if args.quick else 100_000
DESK_REPEAT = 5 if args.quick else 20
PDF_REPEAT = 5 if args.quick else 20
CHUNK = 5_000
PREFIX = "B"
APOLOGY_URL = "/onestop/apology/"


def log(message: str) -> None:
    print(f"[bench_onestop] {message}", file=sys.stderr, flush=True)


# --- Seeding ---------------------------------------------------------------------------

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


def cases_seed(n_cases: int) -> None:
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
    for chunk_start in range(first, first + todo, CHUNK):
        rng = random.Random(chunk_start)
        stop = min(chunk_start + CHUNK, first + todo)
        Case.objects.bulk_create([make(rng, i) for i in range(chunk_start, stop)], batch_size=CHUNK)
        done += stop - chunk_start
        if done % 100_000 < CHUNK or done == todo:
            rate = done / (time.perf_counter() - started)
            log(f"  {done}/{todo} dossiers ({rate:,.0f}/s)")
    if connection.vendor == "postgresql":
        log("VACUUM ANALYZE (what autovacuum would have done by now)")
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {Case._meta.db_table}")


def letters_reset() -> None:
    """Forget the letters and notifications of earlier runs, so the scan redoes them."""
    ApologyLetter.objects.all().delete()
    Notification.objects.filter(url=APOLOGY_URL).delete()


# --- Run -------------------------------------------------------------------------------

cases_seed(N_CASES)
letters_reset()
today = timezone.localdate()
n_cases = Case.objects.filter(receipt_code__startswith=PREFIX).count()
late = Case.objects.filter(status__in=Case.OPEN, due_date__lt=today).count()

# 1. Overdue scan: draft the letters, tell the departments; then again (must do nothing).
log(f"overdue scan over {n_cases} dossiers, {late} late")
with CaptureQueriesContext(connection) as scan_queries:
    t0 = time.perf_counter()
    drafted = apology_letters_draft_overdue()
    notified = apology_letters_notify_new()
    scan_ms = (time.perf_counter() - t0) * 1000
with CaptureQueriesContext(connection) as rerun_queries:
    t0 = time.perf_counter()
    rerun_drafted = apology_letters_draft_overdue()
    rerun_notified = apology_letters_notify_new()
    rerun_ms = (time.perf_counter() - t0) * 1000
overdue_scan = {
    "ms": round(scan_ms, 1),
    "drafted": drafted,
    "notified": notified,
    "queries": len(scan_queries),
    "rerun_ms": round(rerun_ms, 1),
    "rerun_drafted": rerun_drafted,
    "rerun_notified": rerun_notified,
    "rerun_queries": len(rerun_queries),
}

# 2. The desk list, as the one-stop desk officer.
log("desk list")
desk_user = User.objects.get(username="motcua")
client = Client(HTTP_HOST="127.0.0.1")
client.force_login(desk_user)
sample_case = (
    Case.objects.filter(receipt_code__startswith=PREFIX, status__in=Case.OPEN)
    .order_by("receipt_code")
    .values_list("receipt_code", flat=True)
    .first()
)
window_end = today - dt.timedelta(days=180)
window = {
    "received_from": f"{window_end - dt.timedelta(days=30):%d/%m/%Y}",
    "received_to": f"{window_end:%d/%m/%Y}",
}
department = Department.objects.get(code="tu-phap")
field = ProcedureField.objects.get(code="dia-chinh")
combinations = {
    "all": {},
    "status_in_progress": {"status": Case.Status.IN_PROGRESS},
    "due_overdue": {"due": "overdue"},
    "due_soon": {"due": "soon"},
    "due_late_finished": {"due": "late_finished"},
    "department": {"department": str(department.pk)},
    "field": {"field": str(field.pk)},
    "q_receipt_code": {"q": sample_case},
    "received_window": window,
    "page_3": {"page": "3"},
}
for name, params in combinations.items():
    filters = {k: v for k, v in params.items() if k != "page"}
    if filters:  # an invalid filter would be dropped silently and measure the wrong thing
        form = CaseFilterForm(filters)
        assert form.is_valid(), (name, form.errors)

desk_samples: list[float] = []
desk_by_filter: dict[str, dict] = {}
for name, params in combinations.items():
    response = client.get("/onestop/", params)  # warm up
    assert response.status_code == 200, (name, response.status_code)
    samples, counts = [], set()
    for _ in range(DESK_REPEAT):
        with CaptureQueriesContext(connection) as request_queries:
            t0 = time.perf_counter()
            response = client.get("/onestop/", params)
            samples.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, (name, response.status_code)
        counts.add(len(request_queries))
    desk_samples += samples
    desk_by_filter[name] = {**summary(samples), "queries": sorted(counts)}
desk_list = {
    **summary(desk_samples),
    "query_counts": sorted({q for row in desk_by_filter.values() for q in row["queries"]}),
    "by_filter": desk_by_filter,
}

# 3. Tracking book export, in a child process so its memory is measured on its own.
log(f"tracking book export, {EXPORT_ROWS} rows")
# Through a forking shell: a child exec'd straight from this process would inherit this
# process's peak RSS as its own ru_maxrss (Linux), and getrusage would see no growth.
child = subprocess.run(  # noqa: S603 - this very script, with our own interpreter
    ["/bin/sh", "-c", '"$@"; exit $?', "sh", sys.executable, __file__, *sys.argv[1:]],
    env={**os.environ, CHILD_ENV: str(EXPORT_ROWS)},
    stdout=subprocess.PIPE,
    text=True,
    check=True,
)
tracking_book_export = json.loads(child.stdout.strip().splitlines()[-1])

# 4. The apology letter PDF, with the department's reason and new date filled in.
log("apology letter PDF")
letter = (
    ApologyLetter.objects.select_related("case__procedure", "department", "officer", "signed_by")
    .order_by("pk")
    .first()
)
assert letter is not None, "the scan drafted no letter"
letter.reason = (
    "Hồ sơ cần xác minh thêm nguồn gốc giấy tờ với cơ quan có liên quan; bộ phận chuyên môn "
    "chưa nhận được văn bản trả lời đúng hạn."
)
letter.new_due_date = WorkingCalendar.load().add_working_days(today, 5)
render_apology_letter(letter)  # warm fonts and templates
apology_pdf = summary(timed(lambda: render_apology_letter(letter), PDF_REPEAT))

emit(
    "onestop",
    database=connection.vendor,
    cases=n_cases,
    late=late,
    overdue_scan=overdue_scan,
    desk_list=desk_list,
    tracking_book_export=tracking_book_export,
    apology_pdf=apology_pdf,
)
