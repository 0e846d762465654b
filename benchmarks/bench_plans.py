"""The follow-up of plan tasks at a ward's scale: 20 issued plans x 50 tasks, each task
with 4 quarters of progress reports (the issue's 20 x 50 x 4).

The data are created once (plans titled "BENCH ..."), through the models in bulk, and
reused on the next run. Prints one JSON line:
  plans, tasks, reports   what the bench data hold
  task_list               median/p95 ms (server time, Django test client) of GET
                          /plans/tasks/ as the office (every task, first page of 25),
                          30 requests, and its SQL queries per request
  task_list_late          the same filtered to late tasks (?status=overdue)
  review                  the quarterly review of the year, GET /plans/review/
  dashboard_counts        median/p95 ms of plans.selectors.task_counts() for the office
"""

import datetime as dt
import io
import sys

from _setup import emit, setup, summary, timed

args = setup(__doc__)

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from plans.models import Plan, PlanStatus, Section, Task, TaskReport, TaskTiming  # noqa: E402
from plans.selectors import task_counts  # noqa: E402
from portal.models import Department, DocumentNumber, DocumentType, User  # noqa: E402

N_PLANS, N_TASKS, N_QUARTERS = 20, 50, 4
REPEAT = 30
PREFIX = "BENCH "


def log(message: str) -> None:
    print(f"[bench_plans] {message}", file=sys.stderr, flush=True)


def seed(year: int) -> None:
    if Plan.objects.filter(title__startswith=PREFIX).count() >= N_PLANS:
        return
    log("creating 20 plans x 50 tasks x 4 reports")
    call_command("seed_demo", verbosity=0, stdout=io.StringIO())
    office = User.objects.get(username="vanphong")
    departments = list(Department.objects.order_by("pk"))
    kh = DocumentType.objects.get(code="KH")
    start = DocumentNumber.objects.filter(doc_type=kh, year=year).order_by("-number").first()
    number = start.number if start else 0
    reports = []
    for p in range(N_PLANS):
        number += 1
        doc = DocumentNumber.objects.create(
            doc_type=kh, year=year, number=number, symbol=f"{number:02d}/KH-UBND",
            subject=f"{PREFIX}{p}",
            issued_on=dt.date(year, 1, 15), issued_by=office,
        )  # fmt: skip
        plan = Plan.objects.create(
            year=year, title=f"{PREFIX}kế hoạch {p}", status=PlanStatus.ISSUED, number=doc,
            issued_on=doc.issued_on, created_by=office,
        )  # fmt: skip
        section = Section.objects.create(plan=plan, heading="NHIỆM VỤ", order=1)
        tasks = Task.objects.bulk_create(
            [
                Task(
                    plan=plan,
                    section=section,
                    order=t,
                    text=f"Nhiệm vụ {p}.{t} rà soát tiêu chí",
                    lead=departments[t % len(departments)],
                    timing=TaskTiming.DATE,
                    due_date=dt.date(year, 1 + t % 12, 28),
                    percent=25 * N_QUARTERS if t % 3 == 0 else 60,
                )  # fmt: skip
                for t in range(N_TASKS)
            ]
        )
        for task in tasks:
            for q in range(N_QUARTERS):
                reports.append(
                    TaskReport(
                        task=task,
                        department_id=task.lead_id,
                        quarter=dt.date(year, 3 * q + 1, 1),
                        text=f"Báo cáo quý {q + 1}: đã thực hiện {25 * (q + 1)}%.",
                        percent=25 * (q + 1),
                        created_by=office,
                    )  # fmt: skip
                )
    TaskReport.objects.bulk_create(reports, batch_size=2000)


def page(client: Client, url: str) -> dict:
    client.get(url)  # warm
    queries = []  # counted by a wrapper: the test client's request resets queries_log

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return {**summary(timed(lambda: client.get(url), REPEAT)), "queries": len(queries)}


year = timezone.localdate().year
seed(year)
office = User.objects.get(username="vanphong")
client = Client(HTTP_HOST="127.0.0.1")
client.force_login(office)
today = timezone.localdate()
emit(
    "plans",
    database=connection.vendor,
    plans=Plan.objects.filter(title__startswith=PREFIX).count(),
    tasks=Task.objects.filter(plan__title__startswith=PREFIX).count(),
    reports=TaskReport.objects.filter(task__plan__title__startswith=PREFIX).count(),
    task_list=page(client, "/plans/tasks/"),
    task_list_late=page(client, "/plans/tasks/?status=overdue"),
    review=page(client, f"/plans/review/?year={year}"),
    dashboard_counts=summary(timed(lambda: task_counts(office, today), REPEAT)),
)
