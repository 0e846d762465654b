"""Leaders' dashboard and the year's report at scale: over N dossiers (1,000,000; --quick
20,000) and a survey round of M ballots x 12 answers (100,000; --quick 5,000).

The data are bench_onestop's dossiers and bench_surveys' round ("B" receipt codes, round
"bench-ks"; benchmarks/_seed.py): reused when present, topped up otherwise. For the
measurement the round is made the current one (open from today, so the dashboard's
satisfaction card sums its ballots) and its dates are put back afterwards.

Prints one JSON line:
  cases, ballots      dossiers with a "B" code; ballots of the measured round
  dashboard           median/p95 ms (server time, through the Django test client) of GET
                      /dashboard/ as the demo chairman ("chutich"), 30 requests, and its
                      SQL queries per request; quarter_received (the dossiers received
                      this quarter, which the on-time card and chart count) and
                      round_ballots (the ballots the satisfaction card sums)
  report_figures      median/p95 ms of reports.figures.report_figures() for 1 January -
                      31 December of this year (3 runs) and its SQL queries
  report_pdf          median/p95 ms of reports.documents.render_report_pdf() of that year's
                      report (reports.services.report_create) from those figures, 3 runs,
                      and its size (kB)
  report_xlsx         median/p95 ms of writing reports.exports.report_sheets() of that
                      report and figures to .xlsx, 3 runs, and its size (kB)
"""

import datetime as dt
import sys
import tempfile
from pathlib import Path

from _setup import emit, setup, summary, timed

args = setup(__doc__)

from _seed import PREFIX, ballots_seed, bench_round, cases_seed  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from onestop.models import Case  # noqa: E402
from portal.exports import write_xlsx  # noqa: E402
from portal.models import User  # noqa: E402
from reports.documents import render_report_pdf  # noqa: E402
from reports.exports import report_sheets  # noqa: E402
from reports.figures import report_figures  # noqa: E402
from reports.services import report_create  # noqa: E402
from surveys.models import Ballot, Survey  # noqa: E402
from workspace.selectors import leader_summary  # noqa: E402

N_CASES = 20_000 if args.quick else 1_000_000
N_BALLOTS = 5_000 if args.quick else 100_000
DASHBOARD_REPEAT = 30
REPORT_REPEAT = 3


def log(message: str) -> None:
    print(f"[bench_reports] {message}", file=sys.stderr, flush=True)


# --- Data ------------------------------------------------------------------------------

cases_seed(N_CASES, log=log)  # also runs seed_demo (the chairman, the departments)
today = timezone.localdate()
survey = bench_round(today)
ballots_seed(survey, N_BALLOTS, log=log)
n_cases = Case.objects.filter(receipt_code__startswith=PREFIX).count()
n_ballots = Ballot.objects.filter(survey=survey).count()
dates = Survey.objects.filter(pk=survey.pk).values("opens_on", "closes_on").get()

try:
    # The latest-opened round open today is the dashboard's current round.
    Survey.objects.filter(pk=survey.pk).update(
        opens_on=today, closes_on=today + dt.timedelta(days=30)
    )

    # 1. The leaders' dashboard, as the demo chairman.
    log(f"dashboard over {n_cases} dossiers and a round of {n_ballots} ballots")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username="chutich"))
    response = client.get("/dashboard/")  # warm up
    assert response.status_code == 200, response.status_code
    assert b'id="on-time-data"' in response.content, "not the leaders' dashboard"
    leader = leader_summary(today=today)  # what the page shows
    assert leader["satisfaction"]["survey"].pk == survey.pk, "not the measured round"
    samples, counts = [], set()
    for _ in range(DASHBOARD_REPEAT):
        with CaptureQueriesContext(connection) as queries:
            samples.append(timed(lambda: client.get("/dashboard/"), 1)[0])
        counts.add(len(queries))
    dashboard = {
        **summary(samples),
        "queries": sorted(counts),
        "quarter_received": leader["on_time"]["totals"]["received"],
        "round_ballots": leader["satisfaction"]["ballots"],
    }

    # 2. The year's report: its figures, then its PDF and workbook from those figures.
    start, end = dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)
    log(f"report figures {start:%d/%m/%Y} - {end:%d/%m/%Y}")
    with CaptureQueriesContext(connection) as queries:
        figures = report_figures(start, end, today=today)
    figure_queries = len(queries)
    report_figures_ms = {
        **summary(timed(lambda: report_figures(start, end, today=today), REPORT_REPEAT)),
        "queries": figure_queries,
    }
    report, _created = report_create(start=start, end=end)

    log("report PDF")
    pdf = render_report_pdf(report, figures)  # warm fonts and templates
    report_pdf = {
        **summary(timed(lambda: render_report_pdf(report, figures), REPORT_REPEAT)),
        "kb": round(len(pdf) / 1024, 1),
    }

    log("report workbook")
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "bao-cao.xlsx"

        def write_workbook():
            write_xlsx(report_sheets(report, figures), target)

        write_workbook()
        report_xlsx = {
            **summary(timed(write_workbook, REPORT_REPEAT)),
            "kb": round(target.stat().st_size / 1024, 1),
        }
finally:
    Survey.objects.filter(pk=survey.pk).update(**dates)

emit(
    "reports",
    database=connection.vendor,
    cases=n_cases,
    ballots=n_ballots,
    dashboard=dashboard,
    report_figures=report_figures_ms,
    report_pdf=report_pdf,
    report_xlsx=report_xlsx,
)
