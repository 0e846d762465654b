"""Data the drills act on, set up in the smoke's own database under production settings.

python scripts/prodsmoke/fixtures.py prepare     -> JSON of what the journey and drills use
python scripts/prodsmoke/fixtures.py late N      -> make N open dossiers late, print ids
python scripts/prodsmoke/fixtures.py facts       -> JSON of counts the drills check
"""

import datetime as dt
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

import django  # noqa: E402

django.setup()

from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402

from dialogues.models import Opinion  # noqa: E402
from onestop.models import ApologyLetter, Case  # noqa: E402
from portal.calendar import WorkingCalendar  # noqa: E402
from portal.models import OutboxMessage, User  # noqa: E402
from reports.models import Report  # noqa: E402
from surveys.models import Ballot, Survey  # noqa: E402

LETTER_EMAILS = ["journey@example.com", "redis-letter@example.com", "kill@example.com"]


def prepare() -> dict:
    today = timezone.localdate()
    new_date = WorkingCalendar.load().add_working_days(today, 5)
    letters = list(
        ApologyLetter.objects.filter(status=ApologyLetter.Status.DRAFT).order_by("pk")[:3]
    )
    assert len(letters) == 3, "the demo data has fewer than 3 draft apology letters"
    for letter, address in zip(letters, LETTER_EMAILS, strict=True):
        letter.reason = letter.reason or "Cần xác minh thêm tại nơi cư trú"
        letter.new_due_date = new_date
        letter.save(update_fields=["reason", "new_due_date"])
        Case.objects.filter(pk=letter.case_id).update(applicant_email=address)
    opinion = Opinion.objects.filter(status=Opinion.Status.ASSIGNED).order_by("pk").first()
    assert opinion is not None, "the demo data has no assigned opinion"
    officer = User.objects.filter(department=opinion.department).first()
    opinion.answer = "Phường đã rút ngắn thời gian giải quyết còn 2 ngày làm việc."
    opinion.answered_by = officer
    opinion.answered_at = timezone.now()
    opinion.status = Opinion.Status.DRAFTED
    opinion.citizen_email = "redis-answer@example.com"
    opinion.save()
    survey = Survey.objects.filter(opens_on__lte=today, closes_on__gte=today).order_by("pk").first()
    case = Case.objects.filter(status=Case.Status.IN_PROGRESS).order_by("pk").first()
    return {
        "letters": [letter.pk for letter in letters],
        "letter_emails": LETTER_EMAILS,
        "opinion": opinion.pk,
        "survey": survey.code,
        "case": case.receipt_code,
        "case_phone": case.applicant_phone,
    }


def late(n: int) -> list[int]:
    """N open dossiers without a letter whose appointment date is yesterday's."""
    cases = list(
        Case.objects.filter(status=Case.Status.IN_PROGRESS, apology_letters__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)[:n]
    )
    Case.objects.filter(pk__in=cases).update(due_date=timezone.localdate() - dt.timedelta(days=1))
    return cases


def facts(cases: list[int]) -> dict:
    duplicated = (
        ApologyLetter.objects.values("case_id", "round").annotate(n=Count("id")).filter(n__gt=1)
    )
    return {
        "letters_per_case": {
            str(pk): ApologyLetter.objects.filter(case_id=pk).count() for pk in cases
        },
        "duplicate_letter_rounds": duplicated.count(),
        "reports_q2": Report.objects.filter(
            period_start=dt.date(timezone.localdate().year, 4, 1),
            period_end=dt.date(timezone.localdate().year, 6, 30),
        ).count(),
        "outbox_unsent": OutboxMessage.objects.filter(sent_at__isnull=True).count(),
        "outbox_sent": OutboxMessage.objects.filter(sent_at__isnull=False).count(),
        "ballots": Ballot.objects.count(),
        "cases": Case.objects.count(),
    }


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "prepare":
        print(json.dumps(prepare()))
    elif command == "late":
        print(json.dumps(late(int(sys.argv[2]))))
    elif command == "facts":
        print(json.dumps(facts([int(x) for x in sys.argv[2:]])))
