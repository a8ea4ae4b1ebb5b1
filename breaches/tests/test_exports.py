"""CSV and Excel exports: labelled for people, codes for scripts, formula-safe, streamed."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from breaches import exports
from conftest import make_incident

pytestmark = pytest.mark.django_db


def csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with a BOM
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def workbook(response):
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def test_the_csv_is_labelled_in_japanese_by_default_and_honours_the_filters(client):
    make_incident(organization="株式会社エス", causes=["sql_injection"])
    make_incident(
        organization="株式会社エム", causes=["malware", "sql_injection"], forensic_firm="LAC",
        first_disclosed_on="2020-05-20",
    )  # fmt: skip
    response = client.get(reverse("breaches:csv"), {"cause": "malware"})
    assert response.streaming and response["Content-Type"].startswith("text/csv")
    header, *rows = csv_rows(response)
    assert header[:4] == ["ID", "組織名", "サイト", "初回公表日"]
    assert len(rows) == 1
    row = dict(zip(header, rows[0], strict=True))
    assert row["組織名"] == "株式会社エム"
    assert row["原因"] == "不正プログラム・マルウェア、SQLインジェクション"
    assert row["調査会社"] == "ラック" and row["第三者調査"] == "あり"
    assert row["初回公表日"] == "2020-05-20"
    assert row["詳細ページ（根拠）"].startswith("http://testserver/incidents/")


def test_the_csv_follows_the_language_switch(client):
    make_incident(causes=["sql_injection"])
    client.cookies["django_language"] = "en"
    header, row = csv_rows(client.get(reverse("breaches:csv")))
    assert header[:2] == ["ID", "Organization"]
    assert dict(zip(header, row, strict=True))["Causes"] == "SQL injection"


def test_format_codes_keeps_the_codes_for_scripts(client):
    make_incident(causes=["sql_injection", "malware"], forensic_firm="LAC")
    header, row = csv_rows(client.get(reverse("breaches:csv"), {"format": "codes"}))
    assert header[:3] == ["id", "organization", "sites"]
    values = dict(zip(header, row, strict=True))
    assert values["causes"] == "sql_injection; malware"
    assert values["forensic_firm"] == "lac" and values["forensic_investigation"] == "True"
    assert client.get(reverse("breaches:csv"), {"format": "xml"}).status_code == 400


def test_exports_answer_400_to_an_unknown_value_or_parameter(client):
    for name in ("csv", "xlsx"):
        assert client.get(reverse(f"breaches:{name}"), {"ttd": "soon"}).status_code == 400
        response = client.get(reverse(f"breaches:{name}"), {"causes": "malware"})
        assert response.status_code == 400 and "causes" in response.json()["parameters"]


def test_every_csv_defuses_cells_that_look_like_formulas(client):
    firm = "=1+2+cmd|' /C calc'!A0"
    make_incident(organization='=HYPERLINK("http://evil")', sites=["+shop"], forensic_firm=firm)
    for params in ({}, {"format": "codes"}):
        text = b"".join(client.get(reverse("breaches:csv"), params).streaming_content).decode()
        assert "'=HYPERLINK" in text and "'+shop" in text
        assert ",=" not in text and ',"=' not in text
    chart = client.get(reverse("breaches:insights-data", args=["ttd-by-firm", "csv"]))
    text = chart.content.decode("utf-8-sig")
    assert "=1+2+cmd" in text and "'=1+2+cmd" in text
    assert ",=1+2" not in text and "\n=1+2" not in text


def test_the_one_writer_guards_every_text_cell():
    assert exports.guard("=SUM(A1)") == "'=SUM(A1)"
    assert exports.guard("@cmd") == "'@cmd"
    assert exports.guard("-5") == "'-5"
    assert exports.guard(-5) == -5  # numbers are numbers
    assert exports.guard("普通の文字") == "普通の文字"


def test_the_xlsx_has_headers_real_dates_a_frozen_filtered_header_and_evidence_urls(client):
    for n in range(3):
        make_incident(
            organization=f"会社{n}", causes=["malware"], records_max=1000 + n,
            first_disclosed_on="2020-05-20", published_on="2020-06-01",
        )  # fmt: skip
    make_incident(organization="外", causes=["sql_injection"])
    response = client.get(reverse("breaches:xlsx"), {"cause": "malware"})
    book = workbook(response)
    sheet = book.worksheets[0]
    headers = [c.value for c in sheet[1]]
    assert headers == [c.ja for c in exports.COLUMNS]
    assert sheet.max_row == 4  # header + 3 incidents
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(len(headers))}4"
    column = {name: i for i, name in enumerate(headers)}
    row = list(sheet.iter_rows(min_row=2, max_row=2))[0]
    assert row[column["初回公表日"]].value == dt.datetime(2020, 5, 20)
    assert row[column["初回公表日"]].is_date
    assert isinstance(row[column["件数（最大）"]].value, int)
    assert row[column["原因"]].value == "不正プログラム・マルウェア"
    link = row[column["詳細ページ（根拠）"]]
    assert link.hyperlink.target.startswith("http://testserver/incidents/")
    filters = book.worksheets[1]
    assert filters.title == "条件"
    cells = [[c.value for c in r] for r in filters.iter_rows()]
    assert ["原因 (cause)", "不正プログラム・マルウェア"] in cells
    assert ["件数", 3] in cells


def test_the_xlsx_follows_the_language_switch(client):
    make_incident()
    client.cookies["django_language"] = "en"
    book = workbook(client.get(reverse("breaches:xlsx")))
    assert [c.value for c in book.worksheets[0][1]][:2] == ["ID", "Organization"]
    assert book.worksheets[1].title == "Filters"
    assert book.worksheets[1]["A2"].value == "None: every incident"


def test_the_xlsx_writes_notice_text_as_text_never_as_a_formula(client):
    make_incident(organization="=1+2")
    sheet = workbook(client.get(reverse("breaches:xlsx"))).worksheets[0]
    cell = sheet.cell(row=2, column=2)
    assert cell.value == "=1+2" and cell.data_type == "s"


def test_large_exports_stream_with_bounded_queries(client, django_assert_max_num_queries):
    for n in range(30):
        make_incident(organization=f"会社{n}")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("breaches:csv"))
        rows = csv_rows(response)
    assert len(rows) == 31
    with django_assert_max_num_queries(12):
        sheet = workbook(client.get(reverse("breaches:xlsx"))).worksheets[0]
    assert sheet.max_row == 31


def test_the_list_links_to_the_filtered_exports(client):
    make_incident()
    html = client.get(reverse("breaches:list"), {"cause": "malware"}).content.decode()
    assert "/incidents.xlsx?cause=malware" in html and "/incidents.csv?cause=malware" in html
    assert 'href="/api/"' in html


@pytest.mark.django_db
def test_the_source_column_is_the_newest_notice_with_a_web_address_never_a_path(client):
    import datetime as dt

    from breaches.api import notice_source
    from breaches.exports import newest_notice_url
    from breaches.models import Disclosure, Incident

    def notice(incident, key, url="", published=None):
        Disclosure.objects.create(
            incident=incident,
            source_key=key,
            source_path=key,
            text="x",
            content_hash=key,
            source_url=url,
            published_on=published,
        )

    first = make_incident(source_key="/srv/notices/a.txt")
    notice(first, "https://example.jp/2nd.html", published=dt.date(2021, 1, 1))
    notice(first, "/srv/notices/3rd.txt", published=dt.date(2021, 6, 1))  # newest, a path
    second = make_incident(source_key="/srv/notices/b.txt")
    notice(second, "/srv/notices/b2.txt", url="https://shop.example.jp/news", published=None)
    third = make_incident(source_key="/srv/notices/c.txt")  # only a path
    rows = dict(Incident.objects.annotate(u=newest_notice_url()).values_list("pk", "u"))
    for incident in (first, second, third):
        # What the Python rule gives, newest last (published_on ascending, undated last).
        expected = None
        for d in incident.disclosures.order_by("published_on", "id"):
            expected = notice_source(d) or expected
        assert rows[incident.pk] == expected
    assert rows[first.pk] == "https://example.jp/2nd.html"
    assert rows[second.pk] == "https://shop.example.jp/news"
    assert rows[third.pk] is None
    body = b"".join(client.get("/incidents.csv?format=codes").streaming_content).decode()
    assert "https://example.jp/2nd.html" in body and "/srv/notices" not in body
