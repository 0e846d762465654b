"""Backups and their restore (README, "Sao lưu và phục hồi").

A backup is one directory `portal-YYYYmmdd-HHMMSS` in PORTAL_BACKUP_DIR:

- `db.dump` (PostgreSQL, `pg_dump --format=custom`) or `db.sqlite3` (SQLite's online
  backup API): the database as of one instant;
- `media.tar`: the media files (signed letters, scans, evidence);
- `manifest.json`: the format, the application version, the engine, the applied
  migrations, the row count of every table as of the same instant, and each file's size
  and SHA-256.

On PostgreSQL the row counts and the dump read one snapshot: a REPEATABLE READ
transaction exports it (`pg_export_snapshot()`), counts every table, and `pg_dump
--snapshot` dumps exactly what it counted. The directory is written under a `.partial`
name and renamed when complete, so a crash leaves nothing that looks like a backup.

Restore checks every checksum and the compatibility of the backup before it touches
anything, and writes only into an empty database and an empty media directory.

Written here rather than taken from django-dbbackup: that library neither dumps
PostgreSQL from an exported snapshot nor records per-table counts to check a restore
against, and its restore writes into a non-empty database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import shutil
import sqlite3
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.models import BackupRun

logger = logging.getLogger(__name__)

FORMAT = "ward-portal-backup/1"
PREFIX = "portal-"
MANIFEST = "manifest.json"
MEDIA = "media.tar"
STAMP = "%Y%m%d-%H%M%S"


class BackupError(Exception):
    """A backup or a restore that cannot go on; the message is for the administrator."""


# --- the database, either engine --------------------------------------------------------


def _engine(db: dict) -> str:
    return "postgresql" if "postgresql" in db["ENGINE"] else "sqlite"


def _pg_env(db: dict) -> dict:
    """libpq's environment for pg_dump, pg_restore and psycopg: no password on argv."""
    env = dict(os.environ)
    for key, var in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if db.get(key):
            env[var] = str(db[key])
    return env


def _pg_connect(db: dict):
    import psycopg

    env = _pg_env(db)
    return psycopg.connect(
        host=env.get("PGHOST"),
        port=env.get("PGPORT"),
        user=env.get("PGUSER"),
        password=env.get("PGPASSWORD"),
        dbname=env.get("PGDATABASE"),
        autocommit=True,
    )


def _sqlite_connect(name) -> sqlite3.Connection:
    """A database file, or a `file:` URI as Django's test databases name theirs."""
    name = str(name)
    return sqlite3.connect(name, uri=name.startswith("file:"))


def _tables(cursor, engine: str) -> list[str]:
    if engine == "postgresql":
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1"
        )
    else:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' ORDER BY 1"
        )
    return [row[0] for row in cursor.fetchall()]


def _counts(cursor, engine: str) -> dict[str, int]:
    counts = {}
    for table in _tables(cursor, engine):
        quoted = '"' + table.replace('"', '""') + '"'
        cursor.execute(f"SELECT count(*) FROM {quoted}")  # noqa: S608 - catalogue names
        counts[table] = cursor.fetchone()[0]
    return counts


def _migrations(cursor) -> dict[str, list[str]]:
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    applied: dict[str, list[str]] = {}
    for app, name in cursor.fetchall():
        applied.setdefault(app, []).append(name)
    return applied


def _run(argv: list[str], env: dict) -> None:
    try:
        # Fixed programs (pg_dump, pg_restore) with arguments built here, no shell.
        done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    except FileNotFoundError as exc:
        raise BackupError(
            _("%(program)s is not installed on this machine (package postgresql-client).")
            % {"program": argv[0]}
        ) from exc
    if done.returncode:
        raise BackupError(f"{argv[0]}: {done.stderr.strip()[-2000:]}")


def _dump_postgresql(db: dict, target: Path) -> dict:
    with _pg_connect(db) as conn:
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        version = conn.execute("SHOW server_version").fetchone()[0]
        with conn.cursor() as cursor:
            counts = _counts(cursor, "postgresql")
            migrations = _migrations(cursor)
        # The exporting transaction stays open until pg_dump has taken the snapshot.
        _run(
            ["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={target}"],
            _pg_env(db),
        )
        conn.execute("ROLLBACK")
    return {"server_version": version, "counts": counts, "migrations": migrations}


def _dump_sqlite(alias: str, target: Path) -> dict:
    connection = connections[alias]
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        cursor = copy.cursor()
        counts = _counts(cursor, "sqlite")
        migrations = _migrations(cursor)
    finally:
        copy.close()
    return {"server_version": sqlite3.sqlite_version, "counts": counts, "migrations": migrations}


# --- files ------------------------------------------------------------------------------


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _tar_media(media_root: Path, target: Path) -> int:
    files = 0
    with tarfile.open(target, "w") as tar:
        if media_root.is_dir():
            for path in sorted(media_root.rglob("*")):
                if path.is_file() and not path.is_symlink():
                    tar.add(path, arcname=str(path.relative_to(media_root)), recursive=False)
                    files += 1
    return files


def app_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("ward-portal")
    except PackageNotFoundError:
        return "0"


def git_commit() -> str:
    """The deployed commit: PORTAL_GIT_COMMIT (set at image build), else git if present."""
    if commit := os.environ.get("PORTAL_GIT_COMMIT", "").strip():
        return commit
    try:
        done = subprocess.run(
            ["git", "rev-parse", "HEAD"],  # noqa: S607 - git on PATH, if there at all
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


# --- backup -----------------------------------------------------------------------------


def backup_write(*, directory: Path, alias: str = "default", now=None) -> tuple[Path, int]:
    """Write one complete backup into `directory`; return its path and total size."""
    now = timezone.localtime(now or timezone.now())
    db = connections[alias].settings_dict
    engine = _engine(db)
    directory.mkdir(parents=True, exist_ok=True)
    name = f"{PREFIX}{now:{STAMP}}"
    final = directory / name
    if final.exists():
        raise BackupError(_("A backup named %(name)s already exists.") % {"name": name})
    partial = directory / f".{name}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir()
    try:
        if engine == "postgresql":
            db_file = "db.dump"
            facts = _dump_postgresql(db, partial / db_file)
        else:
            db_file = "db.sqlite3"
            facts = _dump_sqlite(alias, partial / db_file)
        media_files = _tar_media(Path(settings.MEDIA_ROOT), partial / MEDIA)
        files = {
            file: {"size": (partial / file).stat().st_size, "sha256": _sha256(partial / file)}
            for file in (db_file, MEDIA)
        }
        manifest = {
            "format": FORMAT,
            "created_at": now.isoformat(),
            "version": app_version(),
            "commit": git_commit(),
            "engine": engine,
            "server_version": facts["server_version"],
            "database_file": db_file,
            "media_files": media_files,
            "migrations": facts["migrations"],
            "counts": facts["counts"],
            "files": files,
        }
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
        partial.rename(final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return final, sum(f["size"] for f in files.values())


def backup_run(*, trigger: str = BackupRun.Trigger.MANUAL, directory: Path | None = None, now=None):
    """Back up, rotate, and record the run (the dashboard and the system log read it).
    A failure is recorded with its error and raised as BackupError."""
    directory = Path(directory or settings.PORTAL_BACKUP_DIR)
    run = BackupRun.objects.create(started_at=now or timezone.now(), trigger=trigger)
    try:
        path, size = backup_write(directory=directory, now=now)
        backups_rotate(directory)
    except Exception as exc:
        logger.exception("backup failed")
        run.ok, run.error, run.finished_at = False, str(exc)[:4000], timezone.now()
        run.save(update_fields=["ok", "error", "finished_at"])
        raise exc if isinstance(exc, BackupError) else BackupError(str(exc)) from exc
    run.ok, run.name, run.size, run.finished_at = True, path.name, size, timezone.now()
    run.save(update_fields=["ok", "name", "size", "finished_at"])
    return run


@dataclass(frozen=True)
class Stored:
    path: Path
    at: dt.datetime


def backups_list(directory: Path) -> list[Stored]:
    """Complete backups in `directory`, newest first."""
    found = []
    if not directory.is_dir():
        return found
    for path in directory.iterdir():
        if not (path.is_dir() and path.name.startswith(PREFIX) and (path / MANIFEST).exists()):
            continue
        try:
            at = dt.datetime.strptime(path.name[len(PREFIX) :], STAMP)
        except ValueError:
            continue
        found.append(Stored(path, at))
    return sorted(found, key=lambda s: s.at, reverse=True)


def backups_to_keep(stored: list[Stored], *, daily: int, weekly: int, monthly: int) -> set[Path]:
    """Grandfather-father-son: the newest backup of each of the last `daily` days,
    `weekly` ISO weeks and `monthly` months that have one, and always the newest."""
    keep: set[Path] = {stored[0].path} if stored else set()
    for limit, period in (
        (daily, lambda d: d.date()),
        (weekly, lambda d: d.isocalendar()[:2]),
        (monthly, lambda d: (d.year, d.month)),
    ):
        seen = []
        for item in stored:  # newest first: the first of a period is its newest
            key = period(item.at)
            if key not in seen:
                if len(seen) == limit:
                    break
                seen.append(key)
                keep.add(item.path)
    return keep


def backups_rotate(directory: Path) -> list[Path]:
    stored = backups_list(directory)
    keep = backups_to_keep(
        stored,
        daily=settings.PORTAL_BACKUP_KEEP_DAILY,
        weekly=settings.PORTAL_BACKUP_KEEP_WEEKLY,
        monthly=settings.PORTAL_BACKUP_KEEP_MONTHLY,
    )
    removed = [item.path for item in stored if item.path not in keep]
    for path in removed:
        shutil.rmtree(path)
    return removed


# --- restore ----------------------------------------------------------------------------


def manifest_read(path: Path) -> dict:
    try:
        manifest = json.loads((path / MANIFEST).read_text())
    except FileNotFoundError as exc:
        raise BackupError(
            _("%(path)s is not a backup: it has no manifest.json.") % {"path": path}
        ) from exc
    except ValueError as exc:
        raise BackupError(_("The backup's manifest.json is damaged.")) from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(
            _("This backup's format (%(format)s) is not one this version can restore.")
            % {"format": manifest.get("format")}
        )
    return manifest


def backup_verify(path: Path) -> dict:
    """The manifest, once every file's size and checksum match it."""
    manifest = manifest_read(path)
    for name, fact in manifest["files"].items():
        file = path / name
        if not file.is_file():
            raise BackupError(_("The file %(name)s is missing from the backup.") % {"name": name})
        if file.stat().st_size != fact["size"] or _sha256(file) != fact["sha256"]:
            raise BackupError(
                _("The file %(name)s does not match its checksum: the backup is damaged.")
                % {"name": name}
            )
    return manifest


def _check_media(path: Path, media_root: Path) -> None:
    """Every member of media.tar is a plain file or folder that lands inside media_root
    (tarfile's "data" filter, applied before anything is written)."""
    try:
        with tarfile.open(path / MEDIA) as tar:
            for member in tar.getmembers():
                tarfile.data_filter(member, str(media_root))
    except (tarfile.TarError, OSError) as exc:
        raise BackupError(
            _("The backup's media archive cannot be restored safely: %(error)s") % {"error": exc}
        ) from exc


def _check_compatible(manifest: dict, db: dict) -> None:
    engine = _engine(db)
    if manifest["engine"] != engine:
        raise BackupError(
            _("This backup is of a %(backup)s database; the target database is %(target)s.")
            % {"backup": manifest["engine"], "target": engine}
        )
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    unknown = [
        f"{app}.{name}"
        for app, names in manifest["migrations"].items()
        for name in names
        if (app, name) not in known
    ]
    if unknown:
        raise BackupError(
            _(
                "This backup was made by a newer version of the portal (%(version)s): "
                "this version does not know its migrations %(migrations)s. Install the "
                "newer version, then restore."
            )
            % {"version": manifest.get("version"), "migrations": ", ".join(unknown[:5])}
        )


def _on_target(db: dict, read):
    """`read(cursor, engine)` on the target database; a SQLite file not yet there reads
    as an empty database (nothing is created)."""
    engine = _engine(db)
    if engine == "postgresql":
        with _pg_connect(db) as conn, conn.cursor() as cursor:
            return read(cursor, engine)
    name = str(db["NAME"])
    if not name.startswith("file:") and not Path(name).exists():
        return read(None, engine)
    conn = _sqlite_connect(name)
    try:
        return read(conn.cursor(), engine)
    finally:
        conn.close()


def _target_tables(db: dict) -> list[str]:
    return _on_target(db, lambda cursor, engine: _tables(cursor, engine) if cursor else [])


def _target_counts(db: dict) -> dict[str, int]:
    return _on_target(db, lambda cursor, engine: _counts(cursor, engine) if cursor else {})


def backup_restore(path: Path, *, db: dict | None = None, media_root: Path | None = None) -> dict:
    """Restore the backup at `path` into an empty database and media directory; return
    its manifest. Nothing is written until the checksums and compatibility are checked."""
    path = Path(path)
    db = db or connections["default"].settings_dict
    media_root = Path(media_root or settings.MEDIA_ROOT)
    manifest = backup_verify(path)
    _check_compatible(manifest, db)
    _check_media(path, media_root)
    if _target_tables(db):
        raise BackupError(
            _("The target database is not empty: restore writes only into a new, empty database.")
        )
    if media_root.exists() and any(media_root.iterdir()):
        raise BackupError(
            _("The media directory %(path)s is not empty: restore writes only into an empty one.")
            % {"path": media_root}
        )
    connections.close_all()
    source = path / manifest["database_file"]
    if manifest["engine"] == "postgresql":
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                f"--dbname={db['NAME']}",
                str(source),
            ],
            _pg_env(db),
        )
    else:
        if not str(db["NAME"]).startswith("file:"):
            Path(db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        src, dst = sqlite3.connect(source), _sqlite_connect(db["NAME"])
        try:
            src.backup(dst)
        finally:
            src.close()
            dst.close()
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(path / MEDIA) as tar:
        tar.extractall(media_root, filter="data")
    counts = _target_counts(db)
    if counts != manifest["counts"]:
        differ = sorted(
            t
            for t in set(counts) | set(manifest["counts"])
            if counts.get(t) != manifest["counts"].get(t)
        )
        raise BackupError(
            _("The restored row counts differ from the backup's in %(tables)s.")
            % {"tables": ", ".join(differ[:10])}
        )
    return manifest
