"""Remove the characters XML 1.0 forbids from every text already stored (portal/text.py).

Generic over every model of the project: it names no app, and each row is found with a
regex filter, so only the rows that need it are read and written. Rows are not
re-normalised to NFC here (nothing broke on that); new input is normalised on entry.
"""

from django.db import migrations, models

from portal.text import ILLEGAL_XML_PATTERN, clean_text

PROJECT_APPS = {"portal", "onestop", "dialogues", "surveys", "reports"}


def clean_rows(apps, schema_editor):
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS or not model._meta.managed:
            continue
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
        ]
        for name in fields:
            dirty = model._default_manager.filter(**{f"{name}__regex": ILLEGAL_XML_PATTERN})
            for pk, value in dirty.values_list("pk", name).iterator():
                model._default_manager.filter(pk=pk).update(**{name: clean_text(value)})


class Migration(migrations.Migration):
    dependencies = [("portal", "0005_outbox")]
    operations = [migrations.RunPython(clean_rows, migrations.RunPython.noop)]
