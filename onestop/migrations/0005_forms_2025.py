import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

BOOK_SQL = {
    "postgresql": """
        UPDATE onestop_case c SET book_year = s.y, book_number = s.n FROM (
            SELECT id, y, ROW_NUMBER() OVER (PARTITION BY y ORDER BY received_at, id) AS n
            FROM (SELECT id, received_at,
                         EXTRACT(YEAR FROM received_at AT TIME ZONE %s)::int AS y
                  FROM onestop_case) t
        ) s WHERE c.id = s.id
    """,
    "sqlite": """
        UPDATE onestop_case SET book_year = s.y, book_number = s.n FROM (
            SELECT id, y, ROW_NUMBER() OVER (PARTITION BY y ORDER BY received_at, id) AS n
            FROM (SELECT id, received_at,
                         CAST(strftime('%%Y', received_at, %s) AS INTEGER) AS y
                  FROM onestop_case) t
        ) AS s WHERE onestop_case.id = s.id
    """,
}


def book_entries(apps, schema_editor):
    """Give every dossier received before this release its place in the tracking book
    (one volume a year, numbered in the order received) and the time it was sent to
    its department, read from its process log."""
    connection = schema_editor.connection
    sql = BOOK_SQL.get(connection.vendor)
    with connection.cursor() as cursor:
        if sql:
            # The year in Hà Nội time (UTC+7, no daylight saving).
            tz = "Asia/Ho_Chi_Minh" if connection.vendor == "postgresql" else "+7 hours"
            cursor.execute(sql, [tz])
        cursor.execute(
            """
            UPDATE onestop_case SET forwarded_at = (
                SELECT MIN(e.at) FROM onestop_caseevent e
                WHERE e.case_id = onestop_case.id AND e.action = 'transfer'
            ) WHERE forwarded_at IS NULL
            """
        )


class Migration(migrations.Migration):
    dependencies = [
        ("onestop", "0004_admin_edit_event"),
        ("portal", "0010_forms_2025"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ProcedurePaper",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("order", models.PositiveSmallIntegerField(default=0, verbose_name="order")),
                ("name", models.CharField(max_length=300, verbose_name="paper")),
                ("count", models.PositiveSmallIntegerField(default=1, verbose_name="count")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("original", "original"),
                            ("certified", "certified copy"),
                            ("copy", "copy"),
                        ],
                        default="original",
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                (
                    "required",
                    models.BooleanField(
                        default=True,
                        help_text="Unticked: the applicant may hand it in",
                        verbose_name="required",
                    ),
                ),
            ],
            options={
                "verbose_name": "required paper",
                "verbose_name_plural": "required papers",
                "ordering": ["procedure", "order", "pk"],
            },
        ),
        migrations.AddField(
            model_name="apologyletter",
            name="number",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="portal.documentnumber",
                verbose_name="number",
            ),
        ),
        migrations.AddField(
            model_name="case",
            name="book_number",
            field=models.PositiveIntegerField(
                null=True, verbose_name="number in the tracking book"
            ),
        ),
        migrations.AddField(
            model_name="case",
            name="book_year",
            field=models.PositiveSmallIntegerField(
                null=True, verbose_name="tracking book (volume)"
            ),
        ),
        migrations.AddField(
            model_name="case",
            name="close_reason",
            field=models.TextField(blank=True, verbose_name="reason for stopping or withdrawal"),
        ),
        migrations.AddField(
            model_name="case",
            name="closed_on",
            field=models.DateField(blank=True, null=True, verbose_name="stopped or withdrawn on"),
        ),
        migrations.AddField(
            model_name="case",
            name="delivery",
            field=models.CharField(
                choices=[
                    ("desk", "at the one-stop desk"),
                    ("post", "by public postal service"),
                    ("online", "online"),
                    ("home", "at home"),
                ],
                default="desk",
                max_length=20,
                verbose_name="result collected",
            ),
        ),
        migrations.AddField(
            model_name="case",
            name="delivery_address",
            field=models.CharField(
                blank=True,
                help_text="For delivery by post or at home; empty means the applicant's address",
                max_length=300,
                verbose_name="delivery address",
            ),
        ),
        migrations.AddField(
            model_name="case",
            name="forwarded_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="sent to the department at"
            ),
        ),
        migrations.AddField(
            model_name="case",
            name="papers_note",
            field=models.TextField(
                blank=True,
                help_text="Why a required paper is missing",
                verbose_name="note on the papers",
            ),
        ),
        migrations.AddField(
            model_name="case",
            name="sets_count",
            field=models.PositiveSmallIntegerField(default=1, verbose_name="number of sets"),
        ),
        migrations.AddField(
            model_name="caseevent",
            name="reason",
            field=models.TextField(blank=True, verbose_name="reason"),
        ),
        migrations.AddField(
            model_name="casepaper",
            name="on_list",
            field=models.BooleanField(
                default=True,
                help_text="Unticked: handed in although the procedure does not require it",
                verbose_name="on the procedure's list",
            ),
        ),
        migrations.AlterField(
            model_name="case",
            name="status",
            field=models.CharField(
                choices=[
                    ("received", "received"),
                    ("in_progress", "being processed"),
                    ("supplement", "waiting for supplement"),
                    ("approved", "result ready"),
                    ("refused", "refused"),
                    ("returned", "result returned"),
                    ("stopped", "stopped"),
                    ("withdrawn", "withdrawn"),
                ],
                default="received",
                max_length=20,
                verbose_name="status",
            ),
        ),
        migrations.AlterField(
            model_name="caseevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("receive", "received"),
                    ("transfer", "forwarded to department"),
                    ("supplement_request", "supplement requested"),
                    ("supplement_received", "supplement received"),
                    ("approve", "result approved"),
                    ("refuse", "refused"),
                    ("return", "result returned"),
                    ("apology", "apology letter signed"),
                    ("stop", "processing stopped"),
                    ("withdraw", "withdrawn by the applicant"),
                    ("admin_edit", "corrected in administration"),
                ],
                max_length=30,
                verbose_name="action",
            ),
        ),
        migrations.AlterField(
            model_name="caseevent",
            name="from_status",
            field=models.CharField(
                blank=True,
                choices=[
                    ("received", "received"),
                    ("in_progress", "being processed"),
                    ("supplement", "waiting for supplement"),
                    ("approved", "result ready"),
                    ("refused", "refused"),
                    ("returned", "result returned"),
                    ("stopped", "stopped"),
                    ("withdrawn", "withdrawn"),
                ],
                max_length=20,
                verbose_name="from",
            ),
        ),
        migrations.AlterField(
            model_name="caseevent",
            name="to_status",
            field=models.CharField(
                blank=True,
                choices=[
                    ("received", "received"),
                    ("in_progress", "being processed"),
                    ("supplement", "waiting for supplement"),
                    ("approved", "result ready"),
                    ("refused", "refused"),
                    ("returned", "result returned"),
                    ("stopped", "stopped"),
                    ("withdrawn", "withdrawn"),
                ],
                max_length=20,
                verbose_name="to",
            ),
        ),
        migrations.AddConstraint(
            model_name="case",
            constraint=models.UniqueConstraint(
                fields=("book_year", "book_number"), name="case_one_book_entry"
            ),
        ),
        migrations.AddField(
            model_name="procedurepaper",
            name="procedure",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="papers",
                to="onestop.procedure",
            ),
        ),
        migrations.RunPython(book_entries, migrations.RunPython.noop),
    ]
