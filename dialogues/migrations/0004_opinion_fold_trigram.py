"""The opinion search compares portal_fold() of the citizen's name and of the text
(portal/search.py): trigram indexes over both on PostgreSQL."""

import logging

from django.db import migrations, transaction

from portal.search import fold_index_sql

logger = logging.getLogger(__name__)

INDEXES = {
    "opinion_name_fold_trgm": "citizen_name",
    "opinion_content_fold_trgm": "content",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            for name, column in INDEXES.items():
                schema_editor.execute(fold_index_sql(name, "dialogues_opinion", column))
    except Exception:  # noqa: BLE001 - no pg_trgm: searching still works, by a scan
        logger.warning("pg_trgm is not available: opinion search will scan its table")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("dialogues", "0003_opinion_anonymised"), ("portal", "0013_search_fold")]

    operations = [migrations.RunPython(create, drop)]
