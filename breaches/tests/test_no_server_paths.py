"""Where the server keeps imported notice files never reaches a public page, export or feed."""

import io
import json
import zipfile
from io import StringIO

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from breaches.models import Disclosure, Incident

pytestmark = pytest.mark.django_db

NOTICE = """2022年4月1日
株式会社パスモレ商店
不正アクセスによるクレジットカード情報流出に関するお詫びとお知らせ
このたび、弊社が運営する「パスモレストア」におきまして、第三者による不正アクセスを受け、
お客様のクレジットカード情報（2,468件）が流出した可能性があることが判明いたしました。
2022年1月12日、決済代行会社から、カード情報の流出懸念について連絡を受けました。
"""


@pytest.fixture
def imported(tmp_path):
    """A notice imported from a file in a folder only this server knows; its folder path."""
    folder = tmp_path / "private-notice-store"
    folder.mkdir()
    (folder / "pasumore.txt").write_text(NOTICE, encoding="utf-8")
    call_command("ingest", str(folder), stdout=StringIO(), stderr=StringIO())
    disclosure = Disclosure.objects.get()
    assert str(folder) in disclosure.source_key  # the premise: the path is stored
    return str(folder)


def body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode()


def assert_no_path(text: str, folder: str) -> None:
    assert folder not in text
    assert "private-notice-store" not in text


def test_the_incident_page_does_not_show_the_file_path(client, imported):
    incident = Incident.objects.get()
    page = body(client.get(reverse("breaches:detail", args=[incident.pk])))
    assert "2,468件" in page  # the notice text is shown, only its location is not
    assert_no_path(page, imported)


def test_the_api_list_and_detail_give_no_source_for_a_file(client, imported):
    incident = Incident.objects.get()
    listed = client.get(reverse("breaches:api-list")).json()
    detail = client.get(reverse("breaches:api-detail", args=[incident.pk])).json()
    assert [d["source"] for d in detail["disclosures"]] == [None]
    assert_no_path(json.dumps(listed, ensure_ascii=False), imported)
    assert_no_path(json.dumps(detail, ensure_ascii=False), imported)


def test_the_csv_and_xlsx_leave_the_notice_url_empty_for_a_file(client, imported):
    assert_no_path(body(client.get(reverse("breaches:csv"))), imported)
    assert_no_path(body(client.get(reverse("breaches:csv"), {"format": "codes"})), imported)
    response = client.get(reverse("breaches:xlsx"))
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cells = [
        str(cell) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
        for cell in row if cell is not None
    ]  # fmt: skip
    assert any("2,468" in cell or "2468" in cell for cell in cells)
    assert_no_path("\n".join(cells), imported)


def test_the_feed_names_no_server_path(client, imported):
    assert_no_path(body(client.get(reverse("breaches:feed"))), imported)


def test_the_veris_record_and_zip_name_no_server_path(client, imported):
    incident = Incident.objects.get()
    record = body(client.get(reverse("breaches:api-veris", args=[incident.pk])))
    assert_no_path(record, imported)
    archive = zipfile.ZipFile(io.BytesIO(body_bytes(client.get(reverse("breaches:veris-zip")))))
    for name in archive.namelist():
        assert_no_path(name + archive.read(name).decode(), imported)


def body_bytes(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def test_a_notice_with_a_known_url_shows_that_url_instead(client, tmp_path):
    folder = tmp_path / "private-notice-store"
    folder.mkdir()
    (folder / "pasumore.txt").write_text(NOTICE, encoding="utf-8")
    (folder / "pasumore.json").write_text(
        '{"source_url": "https://pasumore.example.jp/news/1.html"}', encoding="utf-8"
    )
    call_command("ingest", str(folder), stdout=StringIO(), stderr=StringIO())
    incident = Incident.objects.get()
    page = body(client.get(reverse("breaches:detail", args=[incident.pk])))
    assert 'href="https://pasumore.example.jp/news/1.html"' in page
    detail = client.get(reverse("breaches:api-detail", args=[incident.pk])).json()
    assert [d["source"] for d in detail["disclosures"]] == [
        "https://pasumore.example.jp/news/1.html"
    ]
    assert_no_path(page, str(folder))
