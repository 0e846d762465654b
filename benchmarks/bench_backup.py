"""Backup and restore at scale (README, "Sao lưu và phục hồi"): `backup_write` and
`backup_restore` over N dossiers (1,000,000; --quick 20,000) plus the demo data, into
a temporary directory and a fresh database of the same engine (PostgreSQL: a new
database beside the benchmark's, dropped afterwards; SQLite: a new file).

Prints one JSON line:
  cases, tables, rows   dossiers with a "B" code; tables and rows in the backup's manifest
  backup_s, backup_mb   seconds to write the backup (dump + media + checksums), its size
  verify_s              seconds to check every checksum (what restore does first)
  restore_s             seconds to restore into the empty database and media directory,
                        including the row-count comparison with the manifest
"""

import sys
import tempfile
import time
import uuid
from pathlib import Path

from _setup import emit, setup

args = setup(__doc__)

from _seed import PREFIX, cases_seed  # noqa: E402
from django.db import connection  # noqa: E402

from onestop.models import Case  # noqa: E402
from portal import backup  # noqa: E402

N_CASES = 20_000 if args.quick else 1_000_000


def log(message: str) -> None:
    print(f"[bench_backup] {message}", file=sys.stderr, flush=True)


cases_seed(N_CASES, log=log)
n_cases = Case.objects.filter(receipt_code__startswith=PREFIX).count()
engine = connection.vendor

with tempfile.TemporaryDirectory(dir=backup.settings.VAR_DIR) as tmp:
    started = time.perf_counter()
    folder, size = backup.backup_write(directory=Path(tmp) / "backups")
    backup_s = time.perf_counter() - started
    log(f"backup {folder.name}: {size / 1e6:.1f} MB in {backup_s:.1f} s")

    started = time.perf_counter()
    manifest = backup.backup_verify(folder)
    verify_s = time.perf_counter() - started

    if engine == "postgresql":
        target = dict(connection.settings_dict, NAME=f"bench_restore_{uuid.uuid4().hex[:8]}")
        with backup._pg_connect(dict(target, NAME="postgres")) as admin:
            admin.execute(f'CREATE DATABASE "{target["NAME"]}"')
    else:
        target = dict(connection.settings_dict, NAME=str(Path(tmp) / "restored.sqlite3"))
    try:
        started = time.perf_counter()
        backup.backup_restore(folder, db=target, media_root=Path(tmp) / "media")
        restore_s = time.perf_counter() - started
    finally:
        if engine == "postgresql":
            with backup._pg_connect(dict(target, NAME="postgres")) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{target["NAME"]}" WITH (FORCE)')
    log(f"restore in {restore_s:.1f} s")

emit(
    "backup",
    engine=engine,
    cases=n_cases,
    tables=len(manifest["counts"]),
    rows=sum(manifest["counts"].values()),
    backup_s=round(backup_s, 2),
    backup_mb=round(size / 1e6, 1),
    verify_s=round(verify_s, 2),
    restore_s=round(restore_s, 2),
)
