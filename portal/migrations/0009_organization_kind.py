from django.db import migrations, models

from portal.document_types import symbol_padded


def kind_from_name(apps, schema_editor):
    """Read the kind off the agency name a ward already typed."""
    Organization = apps.get_model("portal", "Organization")
    for org in Organization.objects.all():
        name = f" {org.agency_name} {org.name} ".upper()
        if " ĐẶC KHU " in name:
            org.kind = "dac_khu"
        elif " XÃ " in name and " THỊ XÃ " not in name:
            org.kind = "xa"
        else:
            continue
        org.save(update_fields=["kind"])


def pad_numbers(apps, schema_editor):
    """Numbers below 10 print with their leading zero: 1/KH-UBND becomes 01/KH-UBND.
    The numbers themselves (the registry's sequence) do not change."""
    DocumentNumber = apps.get_model("portal", "DocumentNumber")
    for row in DocumentNumber.objects.filter(number__lt=10):
        padded = symbol_padded(row.symbol, row.number)
        if padded != row.symbol:
            DocumentNumber.objects.filter(pk=row.pk).update(symbol=padded)


class Migration(migrations.Migration):

    dependencies = [
        ('portal', '0008_refused_access'),
    ]

    operations = [
        migrations.AddField(
            model_name='organization',
            name='kind',
            field=models.CharField(choices=[('xa', 'commune (xã)'), ('phuong', 'ward (phường)'), ('dac_khu', 'special zone (đặc khu)')], default='phuong', help_text='Every printed text says xã, phường or đặc khu from this', max_length=10, verbose_name='kind of unit'),
        ),
        migrations.RunPython(kind_from_name, migrations.RunPython.noop),
        migrations.RunPython(pad_numbers, migrations.RunPython.noop),
    ]
