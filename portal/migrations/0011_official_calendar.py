import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from portal.calendar_data import official_calendar_sync


def load_official_days(apps, schema_editor):
    official_calendar_sync(apps.get_model("portal", "OfficialCalendarDay"))


class Migration(migrations.Migration):
    """The government's day-off arrangements for 2024-2026 (portal/calendar_data.py), and
    the office's confirmation of each year's calendar."""

    dependencies = [("portal", "0010_forms_2025")]

    operations = [
        migrations.CreateModel(
            name="OfficialCalendarDay",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("date", models.DateField(unique=True, verbose_name="date")),
                ("is_working_day", models.BooleanField(verbose_name="working day")),
                ("note", models.CharField(max_length=200, verbose_name="note")),
                ("source", models.CharField(max_length=300, verbose_name="source document")),
            ],
            options={
                "verbose_name": "official calendar day",
                "verbose_name_plural": "official calendar",
                "ordering": ["date"],
            },
        ),
        migrations.CreateModel(
            name="CalendarYear",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("year", models.PositiveSmallIntegerField(unique=True, verbose_name="year")),
                ("confirmed_at", models.DateTimeField(verbose_name="confirmed at")),
                (
                    "confirmed_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="confirmed by",
                    ),
                ),
            ],
            options={
                "verbose_name": "confirmed calendar year",
                "verbose_name_plural": "confirmed calendar years",
                "ordering": ["-year"],
            },
        ),
        migrations.RunPython(load_official_days, migrations.RunPython.noop),
    ]
