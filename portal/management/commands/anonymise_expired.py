"""Anonymise the personal data kept past its retention period (portal/retention.py);
the nightly beat job does the same. Safe to run any number of times."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from portal import personal_data
from portal.forms import DateField
from portal.retention import retention_run, retention_total


def _day(value: str):
    try:
        return DateField(input_formats=["%d/%m/%Y"]).clean(value)
    except ValidationError as exc:
        raise CommandError(
            _("--today: %(value)s is not a day written dd/mm/yyyy (%(error)s)")
            % {"value": value, "error": " ".join(exc.messages)}
        ) from exc


class Command(BaseCommand):
    help = "Anonymise the personal data kept past its retention period."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Count what would be anonymised and change nothing.",
        )
        parser.add_argument(
            "--today",
            metavar="dd/mm/yyyy",
            help="Count the retention periods back from this day instead of today.",
        )

    def handle(self, *args, dry_run=False, today=None, **options):
        with translation.override(settings.LANGUAGE_CODE):
            day = _day(today) if today else None
            result = retention_run(trigger="manual", today=day, dry_run=dry_run)
            counts = result if dry_run else result.counts
            labels = {s.key: str(s.label) for s in personal_data.sources()}
            if dry_run:
                self.stdout.write(_("Dry run: nothing was changed. Would anonymise:"))
            else:
                self.stdout.write(_("Anonymised:"))
            for key, label in labels.items():
                line = _("%(source)s: %(count)s") % {"source": label, "count": counts.get(key, 0)}
                self.stdout.write(f"  {line}")
            self.stdout.write(
                self.style.SUCCESS(_("Total: %(count)s") % {"count": retention_total(counts)})
            )
