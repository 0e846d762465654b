"""One-stop desk at scale: the overdue scan, the desk list, the tracking book and the
apology letter, over N dossiers (1,000,000; --quick 20,000), about 2% of them late.

The dossiers (receipt codes B000000000..., seeded by benchmarks/_seed.py and shared with
bench_reports) are inserted once with bulk_create and reused by later runs on the same
database; the apology letters and their notifications are deleted at the start of every
run, so each run's scan does the same work.

Prints one JSON line:
  cases, late           dossiers with a "B" code; open dossiers past their appointment date
  overdue_scan          ms, letters drafted and SQL queries of apology_letters_draft_overdue()
                        + apology_letters_notify_new(); a second run (must draft 0)
  desk_list             median/p95 ms of GET /onestop/ as the desk ("motcua") over several
                        filter combinations, and the SQL queries per request (overall and
                        per filter: a department/field filter adds its form's lookup, "due
                        soon" its calendar query; none depends on N)
  search_no_accents     median/p95 ms of GET /onestop/?q=<part of a name typed without
                        accents> as the desk ("van an", "nguyen duc", ... over the seeded
                        names), the SQL queries per request, and the dossiers each finds
                        (capped at 10,001 by the list's count); "broad": the same for a
                        bare common surname ("nguyen")
  tracking_book_export  seconds to write the tracking book of M rows (100,000; --quick
                        10,000) to .xlsx, the tracemalloc peak and the max-RSS growth (MB);
                        measured in a fresh child process so earlier work cannot hide it
  filtered_book_export  benchmarks/bench_export_filtered.py: the book of one department's
                        dossiers in progress (~7,449 rows at 1,000,000), seconds to write it
                        and to read its rows, planned for all rows vs a bare .iterator()
  apology_pdf           median/p95 ms of render_apology_letter() for a letter with its
                        reason and new appointment date filled in
"""

import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

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

from _seed import PREFIX, cases_seed  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from onestop.documents import render_apology_letter  # noqa: E402
from onestop.forms import CaseFilterForm  # noqa: E402
from onestop.models import ApologyLetter, Case  # noqa: E402
from onestop.selectors import CaseFilter, cases_filtered  # noqa: E402
from onestop.services import (  # noqa: E402
    apology_letters_draft_overdue,
    apology_letters_notify_new,
)
from portal.calendar import WorkingCalendar  # noqa: E402
from portal.models import Department, Notification, ProcedureField, User  # noqa: E402

N_CASES = 20_000 if args.quick else 1_000_000
EXPORT_ROWS = 10_000 if args.quick else 100_000
DESK_REPEAT = 5 if args.quick else 20
PDF_REPEAT = 5 if args.quick else 20
APOLOGY_URL = "/onestop/apology/"


def log(message: str) -> None:
    print(f"[bench_onestop] {message}", file=sys.stderr, flush=True)


# --- Seeding (the dossiers: benchmarks/_seed.py) ----------------------------------------


def letters_reset() -> None:
    """Forget the letters and notifications of earlier runs, so the scan redoes them."""
    ApologyLetter.objects.all().delete()
    Notification.objects.filter(url=APOLOGY_URL).delete()


# --- Run -------------------------------------------------------------------------------

cases_seed(N_CASES, log=log)
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

# 2b. Searching a partial name typed without accents (portal/search.py: the trigram index
# over portal_fold(applicant_name) on PostgreSQL).
log("search without accents")
SEARCHES = ["van an", "nguyen duc", "thi lan", "do minh", "tran thi thao", "hoang xuan yen"]


def search_measure(queries: list[str]) -> dict:
    samples: list[float] = []
    counts: set[int] = set()
    found: dict[str, int] = {}
    for q in queries:
        response = client.get("/onestop/", {"q": q})  # warm up
        assert response.status_code == 200, (q, response.status_code)
        matching = cases_filtered(Case.objects.all(), CaseFilter(q=q)).order_by().values("pk")
        found[q] = matching[:10_001].count()
        assert found[q] > 0, q
        for _ in range(DESK_REPEAT):
            with CaptureQueriesContext(connection) as request_queries:
                t0 = time.perf_counter()
                response = client.get("/onestop/", {"q": q})
                samples.append((time.perf_counter() - t0) * 1000)
            counts.add(len(request_queries))
    return {**summary(samples), "queries": sorted(counts), "found": found}


search_no_accents = search_measure(SEARCHES)
# A bare common surname (about 1 dossier in 11): the list's capped count reads 10,001 rows.
search_no_accents["broad"] = search_measure(["nguyen"])

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

# 3b. A filtered book (one department's dossiers in progress): its time follows its rows.
log("filtered tracking book export")
child = subprocess.run(  # noqa: S603 - a sibling script, with our own interpreter
    [sys.executable, str(Path(__file__).with_name("bench_export_filtered.py"))],
    stdout=subprocess.PIPE,
    text=True,
    check=True,
)
filtered_book_export = json.loads(child.stdout.strip().splitlines()[-1])

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
    search_no_accents=search_no_accents,
    tracking_book_export=tracking_book_export,
    filtered_book_export=filtered_book_export,
    apology_pdf=apology_pdf,
)
