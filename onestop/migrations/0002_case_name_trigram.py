"""On PostgreSQL, a trigram index so that searching a part of the applicant's name
stays fast with a million dossiers. Other databases keep a plain scan."""

import logging

from django.db import migrations, transaction

logger = logging.getLogger(__name__)

INDEX = (
    "CREATE INDEX IF NOT EXISTS case_name_trgm ON onestop_case "
    "USING gin (UPPER(applicant_name::text) gin_trgm_ops)"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            schema_editor.execute(INDEX)
    except Exception:  # noqa: BLE001 - no right to create the extension: searching still works
        logger.warning("pg_trgm is not available: name search will scan the dossiers table")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS case_name_trgm")


class Migration(migrations.Migration):
    dependencies = [("onestop", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
