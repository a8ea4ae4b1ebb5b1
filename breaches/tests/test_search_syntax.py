"""Search syntax ("phrase", -word, OR, report markers) and vocabulary-aware search."""

import pytest
from django.http import QueryDict

from breaches.filters import IncidentFilter
from breaches.models import Incident
from breaches.search import parse
from conftest import make_incident

pytestmark = pytest.mark.django_db


def names(response) -> list[str]:
    return sorted(i.display_name for i in response.context["page"].object_list)


@pytest.fixture
def notices():
    make_incident(organization="一号", text="第2報 不正アクセスにより改ざんされました。")
    make_incident(organization="二号", text="第1報 SQLインジェクションの脆弱性を突かれました。2件")
    make_incident(
        organization="三号",
        text="続報です。改ざんとSQLインジェクション。",
        forensic_firm="Verizon",
        causes=["sql_injection"],
    )


def test_it_parses_phrases_exclusions_and_or_into_clauses():
    query = parse('"不正 アクセス" -改ざん 漏洩 OR SQL 第2報')
    assert [[(i.text, i.phrase, i.negated) for i in c] for c in query.clauses] == [
        [("不正 アクセス", True, False)],
        [("改ざん", False, True)],
        [("漏洩", False, False), ("SQL", False, False)],
        [("第2報", True, False)],
    ]


def test_a_report_marker_matches_as_a_phrase_not_as_its_characters(client, notices):
    assert names(client.get("/", {"q": "第2報"})) == ["一号"]
    assert names(client.get("/", {"q": "続報"})) == ["三号"]


def test_a_quoted_phrase_needs_its_words_adjacent(client, notices):
    assert names(client.get("/", {"q": '"改ざんとSQL"'})) == ["三号"]
    assert names(client.get("/", {"q": "改ざんとSQL"})) == ["三号"]
    assert names(client.get("/", {"q": '"SQL改ざん"'})) == []


def test_a_minus_excludes_and_or_takes_either(client, notices):
    assert names(client.get("/", {"q": "SQL -改ざん"})) == ["二号"]
    assert names(client.get("/", {"q": "-改ざん"})) == ["二号"]
    assert names(client.get("/", {"q": "改ざん OR SQL"})) == ["一号", "三号", "二号"]
    assert names(client.get("/", {"q": "不正 OR 続報"})) == ["一号", "三号"]


def test_quotes_and_backslashes_cannot_break_the_query(client, notices):
    for q in ["'", "\\", "'&|!:*", '"', "-", "OR", "a OR", '-"', "%_"]:
        assert client.get("/", {"q": q}).status_code == 200


def test_a_firm_alias_finds_the_firms_incidents_and_the_chip_says_so(client, notices):
    make_incident(
        organization="四号", text="調査を依頼しました。", forensic_firm="Payment Card Forensics"
    )
    for q in ["PCF", "PCF社", "ペイメントカードフォレンジックス", "Payment Card Forensics"]:
        response = client.get("/", {"q": q})
        assert "四号" in names(response), q
        assert "調査会社: ペイメントカードフォレンジックス" in response.text
    literal = client.get("/", {"q": "PCF社", "literal": "1"})
    assert names(literal) == []
    assert 'id="search-vocabulary"' in literal.text


def test_a_cause_label_finds_incidents_coded_with_it(client, notices):
    make_incident(organization="五号", text="お知らせ", causes=["sql_injection"])
    response = client.get("/", {"q": "SQLインジェクション"})
    assert names(response) == ["三号", "二号", "五号"]
    assert 'id="search-literally"' in response.text
    literal_url = response.context["understood"].literal_url
    assert names(client.get(literal_url)) == ["三号", "二号"]


def test_the_facet_counts_follow_the_parsed_query(client, notices):
    response = client.get("/", {"q": "改ざん -続報"})
    groups = {g.name: g for g in response.context["facets"]}
    assert sum(f.count for f in groups["year"].facets) == 1


def test_a_searched_word_can_be_answered_by_the_search_index_and_a_negated_one_keeps_nulls():
    from django.db import connection

    with_vector = make_incident(organization="株式会社ゼロ", text="ゼロデイ脆弱性を突かれました。")
    without = Incident.objects.create(organization="株式会社ヌル")  # no notice, no vector
    assert without.search_vector is None
    positive = IncidentFilter(QueryDict("q=ゼロデイ"), queryset=Incident.objects.all()).qs
    sql, params = positive.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "incident_search" in plan  # the GIN index, not a scan of every row
    assert list(positive) == [with_vector]
    negated = IncidentFilter(QueryDict("q=-ゼロデイ"), queryset=Incident.objects.all()).qs
    assert without in negated and with_vector not in negated
