"""The Datasette comparison of `manage.py bench` (breaches/bench/peer.py): the SQLite copy it
serves and the pages it asks for. Datasette itself is neither installed nor run here."""

import json
import sqlite3

import pytest

from breaches.bench import pages, peer, summary
from breaches.filters import query_terms
from conftest import make_incident

RARE = "当社サイトはゼロデイ脆弱性を突いた不正アクセスを受け、クレジットカード情報が流出しました。"


def copy(tmp_path) -> sqlite3.Connection:
    path = tmp_path / "peer.db"
    peer.export(path, batch=1)  # a batch per incident: the paging by id is what is tested
    db = sqlite3.connect(path)
    db.row_factory = sqlite3.Row
    return db


def matching(db: sqlite3.Connection, word: str) -> set[int]:
    """Ids that Datasette's `_search=` finds for the word's Sudachi terms (escaped as it does)."""
    match = " ".join(f'"{term}"' for term in query_terms(word))
    sql = "SELECT rowid FROM incidents_fts WHERE incidents_fts MATCH ?"
    return {rowid for (rowid,) in db.execute(sql, [match])}


@pytest.mark.django_db
def test_the_copy_has_every_incident_with_the_facet_columns(tmp_path):
    first = make_incident(
        causes=["sql_injection", "malware"], card_data=["card_number"], personal_data=["email"],
        records_max=150_000, discovered_on="2020-03-01", first_disclosed_on="2020-05-01",
        discovered_by="card_company", forensic_firm="Verizon",
    )  # fmt: skip
    second = make_incident(
        causes=["unknown"], records_max=None, discovered_by=None, forensic_firm=None,
        forensic_investigation=True, published_on=None, discovered_on=None,
    )  # fmt: skip

    db = copy(tmp_path)

    rows = {r["id"]: r for r in db.execute("SELECT * FROM incidents")}
    assert set(rows) == {first.pk, second.pk}
    one, two = rows[first.pk], rows[second.pk]
    assert json.loads(one["causes"]) == ["sql_injection", "malware"]
    assert json.loads(one["card_data"]) == ["card_number"]
    assert json.loads(one["personal_data"]) == ["email"]
    assert (one["first_disclosed_on"], one["year"]) == ("2020-05-01", 2020)
    assert (one["ttd_days"], one["ttd"]) == (61, "31-90")
    assert (one["records_max"], one["records"]) == (150_000, "ge100k")
    assert (one["discovered_by"], one["forensic_firm"]) == ("card_company", "Verizon")
    assert (two["records"], two["ttd"], two["year"]) == ("unknown", "unknown", None)
    assert (two["discovered_by"], two["forensic_firm"]) == (None, "unnamed")
    assert json.loads(two["chain"]) == []


@pytest.mark.django_db
def test_a_search_term_finds_in_the_copy_the_incidents_our_search_finds(tmp_path):
    plain = make_incident()
    rare = make_incident(text=RARE)

    db = copy(tmp_path)

    assert matching(db, "ゼロデイ") == {rare.pk}
    assert matching(db, "クレジットカード") == {plain.pk, rare.pk}
    assert matching(db, "ランサムウェア") == set()


def test_every_page_has_a_datasette_page_but_insights():
    urls = peer.peer_urls(7)
    # A page that drops what it keeps before each request is timed in this process only.
    assert set(urls) == {page.key for page in pages.pages(7) if not page.fresh}
    assert [key for key, url in urls.items() if url is None] == ["insights"]
    assert urls["detail"] == "/peer/incidents/7"
    assert all(url.startswith("/peer/incidents") for url in urls.values() if url)


def test_a_failed_install_is_a_reason_not_a_traceback(tmp_path):
    with pytest.raises(peer.Unavailable, match="could not install datasette"):
        peer.install(tmp_path / "venv", python=str(tmp_path / "no-python"))


def test_the_summary_says_whether_each_page_is_ahead_of_datasette():
    by_key = {page.key: page for page in pages.pages(1)}
    ahead = peer.Compared(by_key["list"], "/peer/incidents")
    ahead.ours.samples, ahead.peer.samples = [10.0, 12.0], [50.0, 60.0]
    behind = peer.Compared(by_key["detail"], "/peer/incidents/1")
    behind.ours.samples, behind.peer.samples = [30.0, 40.0], [20.0, 50.0]
    alone = peer.Compared(by_key["insights"], None)
    alone.ours.samples = [5.0]

    rows = summary.peer_rows([ahead, behind, alone], "1k")

    assert [r.met for r in rows] == [True, False, None]
    assert rows[0].ratio == "5.0x"
    assert rows[2].target == "no Datasette equivalent"
