"""Accent-insensitive search (portal/search.py): on PostgreSQL the IMMUTABLE function
portal_fold(text) = lower(unaccent(text)), and the pg_trgm extension for the indexes the
apps build over it. Where unaccent cannot be created, portal_fold translates the
Vietnamese letters itself. SQLite registers the function on each connection instead."""

import logging

from django.db import migrations, transaction

from portal.search import FUNCTION, fold_function_sql

logger = logging.getLogger(__name__)


def _try(schema_editor, sql: str) -> bool:
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute(sql)
    except Exception:  # noqa: BLE001 - no right to create the extension: fall back
        return False
    return True


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    if not _try(schema_editor, "CREATE EXTENSION IF NOT EXISTS pg_trgm"):
        logger.warning("pg_trgm is not available: searches will scan their tables")
    _try(schema_editor, "CREATE EXTENSION IF NOT EXISTS unaccent")
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'unaccent'"
        )
        row = cursor.fetchone()
    if row is None:
        logger.warning("unaccent is not available: %s uses translate()", FUNCTION)
    schema_editor.execute(fold_function_sql(row[0] if row else None))


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}(text)")


class Migration(migrations.Migration):
    dependencies = [("portal", "0012_data_care")]

    operations = [migrations.RunPython(create, drop)]
