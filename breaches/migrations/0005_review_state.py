# The measured review state of an incident, and a time to disclosure that a cross-field check
# doubts kept out of the TTD facet. PostgreSQL cannot change a generated column's expression,
# so ttd_days (and its index) is dropped and added again; it is computed from stored columns.

import django.contrib.postgres.fields
from django.db import migrations, models

import breaches.models


class Migration(migrations.Migration):
    dependencies = [
        ("breaches", "0004_verbose_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="incident",
            name="checks",
            field=models.JSONField(
                default=list, editable=False, help_text="Cross-field checks the values fail"
            ),
        ),
        migrations.AddField(
            model_name="incident",
            name="confidence",
            field=models.JSONField(
                default=dict, editable=False, help_text="Measured confidence of each resolved value"
            ),
        ),
        migrations.AddField(
            model_name="incident",
            name="expected_errors",
            field=models.FloatField(default=0.0, editable=False),
        ),
        migrations.AddField(
            model_name="incident",
            name="ttd_doubtful",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddField(
            model_name="incident",
            name="unverified_fields",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.CharField(max_length=40),
                blank=True,
                default=list,
                editable=False,
                help_text="Fields whose value is below the review confidence or fails a check",
            ),
        ),
        migrations.RemoveIndex(model_name="incident", name="incident_ttd"),
        migrations.RemoveField(model_name="incident", name="ttd_days"),
        migrations.AddField(
            model_name="incident",
            name="ttd_days",
            field=models.GeneratedField(
                db_persist=True,
                expression=models.Case(
                    models.When(then=models.Value(None), ttd_doubtful=True),
                    default=breaches.models.DaysBetween("first_disclosed_on", "discovered_on"),
                    output_field=models.IntegerField(),
                ),
                output_field=models.IntegerField(),
                verbose_name="days to disclosure",
            ),
        ),
        migrations.AddIndex(
            model_name="incident",
            index=models.Index(fields=["ttd_days"], name="incident_ttd"),
        ),
        migrations.AddIndex(
            model_name="incident",
            index=models.Index(fields=["-expected_errors"], name="incident_expected_errors"),
        ),
    ]
