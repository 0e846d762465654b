"""The letter search compares portal_fold() of the addressee and of the content
(portal/search.py): trigram indexes over both on PostgreSQL."""

import logging

from django.db import migrations, transaction

from portal.search import fold_index_sql

logger = logging.getLogger(__name__)

INDEXES = {
    "letter_name_fold_trgm": "addressee_name",
    "letter_body_fold_trgm": "body",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            for name, column in INDEXES.items():
                schema_editor.execute(fold_index_sql(name, "letters_letter", column))
    except Exception:  # noqa: BLE001 - no pg_trgm: searching still works, by a scan
        logger.warning("pg_trgm is not available: letter search will scan its table")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("letters", "0001_initial"), ("portal", "0013_search_fold")]

    operations = [migrations.RunPython(create, drop)]
