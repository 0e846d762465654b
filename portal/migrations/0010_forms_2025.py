from django.db import migrations

from portal.document_types import document_types_forms_2025, document_types_sync


def forms_2025(apps, schema_editor):
    model = apps.get_model("portal", "DocumentType")
    document_types_sync(model)
    document_types_forms_2025(model)


class Migration(migrations.Migration):
    """The one-stop forms of Thông tư 03/2025/TT-VPCP: their citation lines, form 05
    (stop notice) and 07 (tracking book), and form 04 as a numbered letter."""

    dependencies = [("portal", "0009_organization_kind")]
    operations = [migrations.RunPython(forms_2025, migrations.RunPython.noop)]
