"""Backups as the README describes them: a pg_dump archive restored with pg_restore keeps the
incidents, their corrections and the earlier texts of their notices."""

import datetime as dt

import psycopg
import pytest
from django.db import connection

from breaches.models import Correction, Disclosure, Revision
from config.embedded_pg import control
from conftest import make_incident

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def restore_target():
    """An empty database beside the test database, dropped afterwards."""
    params = connection.get_connection_params()
    name = f"{connection.settings_dict['NAME']}_restore"
    admin = {k: v for k, v in params.items() if k in ("host", "port", "user", "password")}
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    yield {**params, "dbname": name}
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_pg_dump_and_pg_restore_round_trip_corrections_and_revisions(tmp_path, restore_target):
    incident = make_incident(organization="株式会社バックアップ", records_max=1000)
    disclosure = incident.disclosures.get()
    Revision.objects.create(disclosure=disclosure, number=1, content_hash="old",
                            text="以前の本文", extraction={})  # fmt: skip
    Correction.objects.create(incident=incident, field="records_max", old_value=1000,
                              new_value=1200, reason="第2報で訂正")  # fmt: skip
    Correction.objects.create(disclosure=disclosure, field="published_on",
                              old_value="2020-06-01", new_value="2020-06-02")  # fmt: skip
    incident.resolve()

    archive = tmp_path / "catalogue.dump"
    params = {**connection.get_connection_params(), "dbname": connection.settings_dict["NAME"]}
    control.dump(archive, params)
    assert archive.stat().st_size > 0
    control.restore(archive, restore_target)

    connect = {k: restore_target[k] for k in ("host", "port", "user", "password", "dbname")
               if restore_target.get(k)}  # fmt: skip
    with psycopg.connect(**connect) as restored:
        corrections = restored.execute(
            "SELECT field, old_value, new_value, reason FROM breaches_correction ORDER BY field"
        ).fetchall()
        revisions = restored.execute("SELECT number, text FROM breaches_revision").fetchall()
        row = restored.execute(
            "SELECT organization, records_max, ttd_days, search_vector::text FROM breaches_incident"
        ).fetchone()
        texts = restored.execute("SELECT text FROM breaches_disclosure").fetchall()
    assert corrections == [
        ("published_on", "2020-06-01", "2020-06-02", ""),
        ("records_max", 1000, 1200, "第2報で訂正"),
    ]
    assert revisions == [(1, "以前の本文")]
    assert row[:3] == ("株式会社バックアップ", 1200, incident.ttd_days)
    assert "バックアップ" in row[3]
    assert texts == [(Disclosure.objects.get().text,)]
    assert incident.first_disclosed_on == dt.date(2020, 6, 2)


def test_restore_replaces_what_the_database_holds(tmp_path, restore_target):
    make_incident(organization="株式会社ひとつめ")
    archive = tmp_path / "one.dump"
    params = {**connection.get_connection_params(), "dbname": connection.settings_dict["NAME"]}
    control.dump(archive, params)
    control.restore(archive, restore_target)
    control.restore(archive, restore_target)  # again, over the restored copy: --clean
    connect = {k: restore_target[k] for k in ("host", "port", "user", "password", "dbname")
               if restore_target.get(k)}  # fmt: skip
    with psycopg.connect(**connect) as restored:
        names = restored.execute("SELECT organization FROM breaches_incident").fetchall()
    assert names == [("株式会社ひとつめ",)]
