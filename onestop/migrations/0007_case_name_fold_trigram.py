"""The dossier search compares portal_fold(applicant_name) (portal/search.py): on
PostgreSQL a trigram index over that expression replaces the one over UPPER(name)."""

import logging

from django.db import migrations, transaction

from portal.search import fold_index_sql

logger = logging.getLogger(__name__)

OLD_INDEX = (
    "CREATE INDEX IF NOT EXISTS case_name_trgm ON onestop_case "
    "USING gin (UPPER(applicant_name::text) gin_trgm_ops)"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute(
                fold_index_sql("case_name_fold_trgm", "onestop_case", "applicant_name")
            )
    except Exception:  # noqa: BLE001 - no pg_trgm: searching still works, by a scan
        logger.warning("pg_trgm is not available: name search will scan the dossiers table")
        return
    schema_editor.execute("DROP INDEX IF EXISTS case_name_trgm")
    # Statistics on the new expression, so the planner knows how many names a part matches
    # (a sample: a second or two at a million dossiers).
    schema_editor.execute("ANALYZE onestop_case")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS case_name_fold_trgm")
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute(OLD_INDEX)
    except Exception:  # noqa: BLE001
        logger.warning("pg_trgm is not available")


class Migration(migrations.Migration):
    dependencies = [("onestop", "0006_case_anonymised"), ("portal", "0013_search_fold")]

    operations = [migrations.RunPython(create, drop)]
