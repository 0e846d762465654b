"""Foundation: working-day arithmetic, number issuance and official PDF rendering.

Prints one JSON line:
  appointments_per_s      add_working_days(start, n) with one loaded calendar
  number_issue            median/p95 ms to take the next registry number
  specimen_pdf            median/p95 ms to render the two-page specimen document
"""

import datetime as dt
import io
import random
import time

from _setup import emit, setup, summary, timed

args = setup(__doc__)

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from portal.calendar import WorkingCalendar  # noqa: E402
from portal.documents import OfficialDocument, SignerBlock, render_pdf  # noqa: E402
from portal.models import DocumentType  # noqa: E402
from portal.services import document_number_issue, organization_current  # noqa: E402

call_command("seed_demo", verbosity=0, stdout=io.StringIO())
rng = random.Random(7)
n_dates = 20_000 if args.quick else 500_000
cal = WorkingCalendar.load()
starts = [dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(3 * 365)) for _ in range(n_dates)]
t0 = time.perf_counter()
for start in starts:
    cal.add_working_days(start, rng.choice((1, 3, 5, 7, 10, 15, 20)))
elapsed = time.perf_counter() - t0

doc_type = DocumentType.objects.get(code="TB")
issue = summary(
    timed(
        lambda: document_number_issue(doc_type=doc_type, subject="Benchmark"),
        50 if args.quick else 500,
    )
)
with CaptureQueriesContext(connection) as queries:
    document_number_issue(doc_type=doc_type, subject="Benchmark")

org = organization_current()
doc = OfficialDocument.for_organization(
    org,
    doc_title="THÔNG BÁO",
    subject="Lịch làm việc",
    number="1/TB-UBND",
    date=dt.date(2026, 2, 5),
    signer=SignerBlock(name="Phan Cao Đăng"),
    recipients=["Như trên", "Lưu: VT."],
)
paragraphs = ["Nội dung thông báo dài vừa phải để tạo hai trang văn bản hành chính."] * 40
render_pdf("documents/sample.html", {"doc": doc, "paragraphs": paragraphs})  # warm fonts
pdf = summary(
    timed(
        lambda: render_pdf("documents/sample.html", {"doc": doc, "paragraphs": paragraphs}),
        10 if args.quick else 50,
    )
)

emit(
    "foundation",
    database=connection.vendor,
    appointments=n_dates,
    appointments_per_s=round(n_dates / elapsed),
    number_issue=issue,
    number_issue_queries=len(queries),
    specimen_pdf=pdf,
)
