"""`manage.py backup`: one consistent backup of the database and the media files, then
rotation (README, "Sao lưu và phục hồi"). Beat runs the same nightly."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.translation import gettext as _

from portal.backup import BackupError, backup_run
from portal.models import BackupRun


class Command(BaseCommand):
    help = "Back up the database and the media files into PORTAL_BACKUP_DIR, then rotate."

    def add_arguments(self, parser):
        parser.add_argument("--directory", help="Write here instead of PORTAL_BACKUP_DIR.")

    def handle(self, *args, directory=None, **options):
        translation.activate(settings.LANGUAGE_CODE)
        try:
            run = backup_run(
                trigger=BackupRun.Trigger.MANUAL,
                directory=Path(directory) if directory else None,
            )
        except BackupError as exc:
            raise CommandError(_("Backup failed: %(error)s") % {"error": exc}) from exc
        folder = Path(directory or settings.PORTAL_BACKUP_DIR) / run.name
        self.stdout.write(
            self.style.SUCCESS(
                _("Backup written: %(path)s (%(size)s, %(seconds).1f s).")
                % {
                    "path": folder,
                    "size": filesizeformat(run.size),
                    "seconds": (run.finished_at - run.started_at).total_seconds(),
                }
            )
        )
