"""A filtered tracking book at scale: one department's dossiers in progress over the whole
table (1,000,000 dossiers in portal_bench), written to .xlsx.

Prints one JSON line: the department, its rows (dossiers in progress, filtered as the
list filters them), and median seconds over 3 runs to write the book (book_s) and only to
read its rows (rows_only_s) with the export's query planned for every row
(portal.exports.export_rows: `SET LOCAL cursor_tuple_fraction = 1.0`); the same with a
bare `.iterator()` (planned for the first rows) for comparison. Reads only; it does not
migrate the database.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench \
        .venv/bin/python benchmarks/bench_export_filtered.py
"""

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
os.environ["DEBUG"] = "false"

import django  # noqa: E402

django.setup()

from django.db.models import Count  # noqa: E402

from onestop import exports, selectors  # noqa: E402
from onestop.models import Case  # noqa: E402
from portal import exports as portal_exports  # noqa: E402

REPEAT = 3
TARGET_ROWS = 7449  # the department's open dossiers in the issue


def seconds(fn) -> float:
    runs = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return round(statistics.median(runs), 3)


def book(qs) -> None:
    with tempfile.TemporaryFile() as target:
        portal_exports.write_xlsx([exports.tracking_book(qs)], target)


def read_only(qs) -> None:
    for _row in exports.tracking_book(qs).rows:
        pass


# The department whose dossiers in progress come nearest the 7,449, filtered as
# the dossier list filters (department + status), through the export's own selector.
counts = (
    Case.objects.filter(status=Case.Status.IN_PROGRESS)
    .values("department_id")
    .annotate(n=Count("id"))
)
dept = min(counts, key=lambda r: abs(r["n"] - TARGET_ROWS))
_form, criteria = exports.case_filter(
    {"department": str(dept["department_id"]), "status": Case.Status.IN_PROGRESS}
)
qs = selectors.cases_filtered(Case.objects.all(), criteria)

result = {"cases": Case.objects.count(), "department_id": dept["department_id"]}
result["rows"] = qs.count()
result["book_s"] = seconds(lambda: book(qs))
result["rows_only_s"] = seconds(lambda: read_only(qs))
planned = portal_exports.export_rows
exports.export_rows = lambda q, chunk_size=2000: q.iterator(chunk_size=chunk_size)
result["book_bare_iterator_s"] = seconds(lambda: book(qs))
result["rows_only_bare_iterator_s"] = seconds(lambda: read_only(qs))
exports.export_rows = planned
print(json.dumps(result))
