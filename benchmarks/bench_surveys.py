"""Satisfaction surveys at scale: the results page and the ballots export over one round
of N ballots x 12 answers (100,000; --quick 5,000), and public submissions on gunicorn.

The round (code "bench-ks": the standard questionnaire plus one overall scale question,
so 10 scale + 1 choice + 1 text; seeded by benchmarks/_seed.py and shared with
bench_reports) is inserted once with bulk_create and reused by later runs on the same
database. The load test posts to a second round ("bench-load"), emptied at the start of
every run, so the measured round does not grow.

Prints one JSON line:
  ballots, answers         of the measured round
  results_page             median/p95 ms of GET /surveys/<pk>/results/ as the office
                           (10 requests; --quick 10) and its SQL queries per request
  ballots_export           seconds to write every ballot of the round to .xlsx, the
                           tracemalloc peak and the RSS growth (MB), measured in a fresh
                           child process
  public_submissions       gunicorn (BENCH_GUNICORN_WORKERS sync workers, default 2) with benchmarks.settings_load (no rate
                           limit): T threads each GET /ks/<code>/ (cookies, CSRF token) then
                           POST a complete ballot; M submissions (3,000; --quick 300) under a
                           hard time limit; submissions/s, errors, ballots before/after
"""

import datetime as dt
import http.client
import io
import json
import os
import random
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from _setup import ROOT, emit, measure_export, setup, summary

CHILD_ENV = "BENCH_SURVEYS_EXPORT_CODE"
LOAD_CODE = "bench-load"

args = setup(__doc__)


def log(message: str) -> None:
    print(f"[bench_surveys] {message}", file=sys.stderr, flush=True)


# --- Ballots export (run in a child process) -------------------------------------------


def export_once(survey, target: Path) -> tuple[int, float]:
    from portal.exports import write_xlsx
    from surveys.results import ballots_sheet

    sheet = ballots_sheet(survey)
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


def export_child(code: str) -> None:
    import portal.exports  # noqa: F401 - imports are not the export's memory
    import surveys.results  # noqa: F401
    from surveys.models import Survey

    survey = Survey.objects.get(code=code)
    print(
        json.dumps(measure_export(lambda target: export_once(survey, target), "phieu.xlsx")),
        flush=True,
    )


if os.environ.get(CHILD_ENV):
    export_child(os.environ[CHILD_ENV])
    sys.exit(0)

from _seed import SURVEY_CODE as CODE  # noqa: E402
from _seed import TEXTS, ballots_seed, bench_round, round_ensure  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from portal.models import ProcedureField, User  # noqa: E402
from surveys.models import Answer, Ballot, Question, Survey  # noqa: E402

N_BALLOTS = 5_000 if args.quick else 100_000
PAGE_REPEAT = 10
SUBMISSIONS = 300 if args.quick else 3_000
THREADS = 8
# 2 workers on 2 cores beat 3 here (measured: 138-147/s against 102/s), since the load
# generator shares the cores.
WORKERS = int(os.environ.get("BENCH_GUNICORN_WORKERS", "2"))
LOAD_TIME_LIMIT = 60 if args.quick else 240  # seconds, hard stop of the load generator
# --- Public submissions on gunicorn ----------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cookies_from(response: http.client.HTTPResponse) -> dict[str, str]:
    out = {}
    for header in response.headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        out[name.strip()] = rest.split(";", 1)[0]
    return out


class Phone:
    """One simulated phone: GET the form (cookies, CSRF token), then POST a ballot."""

    token_re = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

    def __init__(self, port: int, path: str, questions, fields, rng):
        self.port, self.path = port, path
        self.questions, self.fields, self.rng = questions, fields, rng

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            content = response.read()
            return response, content
        finally:
            conn.close()

    def form(self) -> list[tuple[str, str]]:
        data = []
        for q in self.questions:
            if q.kind == Question.Kind.SCALE:
                data.append((f"q{q.pk}", str(self.rng.choice((3, 4, 4, 5, 5, 5)))))
            elif q.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
                data.append((f"q{q.pk}", self.rng.choice(q.choice_list)))
            else:
                data.append((f"q{q.pk}", self.rng.choice(TEXTS)))
        data.append(("field", str(self.rng.choice(self.fields))))
        data.append(("website", ""))
        return data

    def open_form(self) -> tuple[dict, str]:
        """GET the form: the csrftoken and device cookies and the form's CSRF token."""
        response, content = self.request("GET", self.path, headers={"Host": "127.0.0.1"})
        if response.status != 200:
            raise LoadError(f"GET {response.status}")
        cookies = cookies_from(response)
        match = self.token_re.search(content.decode())
        if not match or "csrftoken" not in cookies:
            raise LoadError("GET without CSRF token")
        return cookies, match.group(1)

    def submit(self, cookies: dict, token: str) -> None:
        """POST a complete ballot; success is the redirect to the thank-you page."""
        body = urlencode([("csrfmiddlewaretoken", token), *self.form()])
        headers = {
            "Host": "127.0.0.1",
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
        }
        response, _content = self.request("POST", self.path, body=body, headers=headers)
        location = response.headers.get("Location", "")
        if response.status not in (302, 303) or "sent=1" not in location:
            raise LoadError(f"POST {response.status}")


class LoadError(Exception):
    pass


def run_phase(tasks: list, action, stop_at: float) -> dict:
    """Run action(task) for every task on THREADS threads until done or stop_at."""
    lock = threading.Lock()
    pending = list(reversed(tasks))
    results = {"ok": [], "errors": 0, "error_kinds": {}, "latencies": []}

    def worker():
        while time.monotonic() < stop_at:
            with lock:
                if not pending:
                    return
                task = pending.pop()
            t0 = time.perf_counter()
            try:
                value = action(task)
            except (OSError, LoadError) as exc:
                why = str(exc) if isinstance(exc, LoadError) else type(exc).__name__
                with lock:
                    results["errors"] += 1
                    results["error_kinds"][why] = results["error_kinds"].get(why, 0) + 1
                continue
            elapsed = (time.perf_counter() - t0) * 1000
            with lock:
                results["latencies"].append(elapsed)
                results["ok"].append(value)

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(max(stop_at - time.monotonic(), 0) + 60)
    results["seconds"] = time.perf_counter() - started
    results["unfinished"] = len(pending)
    return results


def phase_summary(results: dict) -> dict:
    seconds = results["seconds"]
    return {
        "ok": len(results["ok"]),
        "errors": results["errors"],
        "error_kinds": results["error_kinds"],
        "unfinished": results["unfinished"],
        "seconds": round(seconds, 2),
        "per_s": round(len(results["ok"]) / seconds, 1) if seconds else None,
        "latency_ms": summary(results["latencies"]) if results["latencies"] else None,
    }


def load_test(survey: Survey) -> dict:
    questions = list(survey.questions.all())
    fields = list(ProcedureField.objects.values_list("pk", flat=True))
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings_load",
        "DEBUG": "false",
        "DATABASE_URL": os.environ["DATABASE_URL"],
    }
    gunicorn = [
        sys.executable,
        "-m",
        "gunicorn",
        "portal.wsgi:application",
        "--pythonpath",
        str(ROOT),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(WORKERS),
        "--log-level",
        "warning",
    ]
    before = Ballot.objects.filter(survey=survey).count()
    proc = subprocess.Popen(gunicorn, cwd=ROOT, env=env)  # noqa: S603 - our own interpreter
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/healthz", headers={"Host": "127.0.0.1"})
                if conn.getresponse().status == 200:
                    conn.close()
                    break
                conn.close()
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not start")
            time.sleep(0.2)
        path = f"/ks/{survey.code}/"
        # Warm a worker (imports, templates, connections) outside the measurement.
        Phone(port, path, questions, fields, random.Random(-1)).request(
            "GET", path, headers={"Host": "127.0.0.1"}
        )
        stop_at = time.monotonic() + LOAD_TIME_LIMIT
        phones = [
            Phone(port, path, questions, fields, random.Random(n)) for n in range(SUBMISSIONS)
        ]
        # Each phone opens the form (cookies, CSRF token), then all submit: the two
        # phases are timed apart, so submissions/s counts the POSTs that save ballots.
        forms = run_phase(phones, lambda phone: (phone, *phone.open_form()), stop_at)
        posts = run_phase(forms["ok"], lambda t: t[0].submit(t[1], t[2]), stop_at)
        cycle_seconds = forms["seconds"] + posts["seconds"]
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    after = Ballot.objects.filter(survey=survey).count()
    submitted = len(posts["ok"])
    return {
        "phones": SUBMISSIONS,
        "threads": THREADS,
        "workers": WORKERS,
        "form_loads": phase_summary(forms),
        "submissions": phase_summary(posts),
        "submissions_per_s": round(submitted / posts["seconds"], 1) if posts["seconds"] else None,
        "full_cycles_per_s": round(submitted / cycle_seconds, 1) if cycle_seconds else None,
        "errors": forms["errors"] + posts["errors"],
        "timed_out": time.monotonic() >= stop_at,
        "ballots_before": before,
        "ballots_after": after,
        "lost": submitted - (after - before),
    }


# --- Run -------------------------------------------------------------------------------

call_command("seed_demo", verbosity=0, stdout=io.StringIO())  # idempotent
today = timezone.localdate()
survey = bench_round(today)
ballots_seed(survey, N_BALLOTS, log=log)
n_ballots = Ballot.objects.filter(survey=survey).count()
n_answers = Answer.objects.filter(ballot__survey=survey).count()

# 1. The results page, as the office.
log("results page")
client = Client(HTTP_HOST="127.0.0.1")
client.force_login(User.objects.get(username="vanphong"))
url = f"/surveys/{survey.pk}/results/"
assert client.get(url).status_code == 200  # warm up
samples, counts = [], set()
for _ in range(PAGE_REPEAT):
    with CaptureQueriesContext(connection) as queries:
        t0 = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - t0) * 1000)
    assert response.status_code == 200, response.status_code
    counts.add(len(queries))
results_page = {**summary(samples), "queries": sorted(counts)}

# 2. The ballots export, in a child process so its memory is measured on its own.
log(f"ballots export, {n_ballots} rows")
child = subprocess.run(  # noqa: S603 - this very script, with our own interpreter
    ["/bin/sh", "-c", '"$@"; exit $?', "sh", sys.executable, __file__, *sys.argv[1:]],
    env={**os.environ, CHILD_ENV: CODE},
    stdout=subprocess.PIPE,
    text=True,
    check=True,
)
ballots_export = json.loads(child.stdout.strip().splitlines()[-1])

# 3. Public submissions on gunicorn, to an open round emptied first.
load_round = round_ensure(
    LOAD_CODE,
    opens=today - dt.timedelta(days=1),
    closes=today + dt.timedelta(days=30),
    title="Khảo sát sự hài lòng (tải)",
)
Survey.objects.filter(pk=load_round.pk).update(
    opens_on=today - dt.timedelta(days=1), closes_on=today + dt.timedelta(days=30)
)
load_round.refresh_from_db()
Ballot.objects.filter(survey=load_round).delete()
connection.close()  # SQLite: no open transaction or lock while gunicorn writes
log(f"public submissions: {SUBMISSIONS} on gunicorn, {THREADS} threads")
public_submissions = load_test(load_round)

emit(
    "surveys",
    database=connection.vendor,
    ballots=n_ballots,
    answers=n_answers,
    results_page=results_page,
    ballots_export=ballots_export,
    public_submissions=public_submissions,
)
