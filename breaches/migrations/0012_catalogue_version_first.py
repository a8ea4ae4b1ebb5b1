"""The catalogue version moves before a statement's rows, not after them.

Migration 0011 moved it in an AFTER statement trigger, after the row triggers had locked the
kept counts (FacetCount) of the rows' values. A transaction whose first write was an incident
(splitting notices off, undoing a merge) then held kept counts while it waited for the version
row, and a transaction holding the version row and writing an incident with the same values
waited for those counts: a deadlock, one of them failed. A BEFORE statement trigger takes the
version row first, at every transaction's first write to the catalogue: one order for all."""

from django.db import migrations

TABLES = [
    "breaches_incident",
    "breaches_disclosure",
    "breaches_revision",
    "breaches_correction",
    "breaches_fieldreview",
    "breaches_incidentmerge",
    "breaches_term",
    "breaches_forensicfirm",
    "breaches_firmalias",
]


def triggers(when: str) -> str:
    return "\n".join(
        f"DROP TRIGGER IF EXISTS breaches_catalogue_version ON {table};\n"
        f"CREATE TRIGGER breaches_catalogue_version {when} INSERT OR UPDATE OR DELETE OR TRUNCATE"
        f" ON {table} FOR EACH STATEMENT EXECUTE FUNCTION breaches_bump_catalogue_version();"
        for table in TABLES
    )


class Migration(migrations.Migration):
    dependencies = [
        ("breaches", "0011_catalogue_version_row"),
    ]

    operations = [migrations.RunSQL(triggers("BEFORE"), triggers("AFTER"))]
