from django.db import migrations

from portal.document_types import document_types_sync


def create_types(apps, schema_editor):
    document_types_sync(apps.get_model("portal", "DocumentType"))


class Migration(migrations.Migration):
    dependencies = [("portal", "0006_clean_stored_text")]
    operations = [migrations.RunPython(create_types, migrations.RunPython.noop)]
