"""`manage.py restore PATH`: a backup into an empty database and media directory
(README, "Sao lưu và phục hồi"). Checksums and compatibility are checked first."""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from portal.backup import BackupError, backup_restore, backup_verify


class Command(BaseCommand):
    help = "Restore a backup directory into an empty database and an empty media directory."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The backup directory (portal-YYYYmmdd-HHMMSS).")
        parser.add_argument("--media-root", help="Restore the files here instead of MEDIA_ROOT.")
        parser.add_argument(
            "--check", action="store_true", help="Only verify the checksums; write nothing."
        )

    def handle(self, *args, path, media_root=None, check=False, **options):
        translation.activate(settings.LANGUAGE_CODE)
        started = time.monotonic()
        try:
            if check:
                manifest = backup_verify(Path(path))
            else:
                manifest = backup_restore(
                    Path(path), media_root=Path(media_root) if media_root else None
                )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        tables, rows = len(manifest["counts"]), sum(manifest["counts"].values())
        if check:
            message = _("The backup is intact: %(tables)d tables, %(rows)d rows.")
        else:
            message = _(
                "Restored: %(tables)d tables, %(rows)d rows, %(files)d files, in %(seconds).1f s."
                " Run `manage.py migrate` if this version is newer than the backup's."
            )
        self.stdout.write(
            self.style.SUCCESS(
                message
                % {
                    "tables": tables,
                    "rows": rows,
                    "files": manifest["media_files"],
                    "seconds": time.monotonic() - started,
                }
            )
        )
