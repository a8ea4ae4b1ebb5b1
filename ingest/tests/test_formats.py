"""Every published form of a notice gives exactly the fields of its plain text.

The notices and their forms are in `published.py`: PDFs set with a Japanese font and one printed
by Chromium from a web page, pages with heavy site chrome or a news list above the article,
Shift_JIS and EUC-JP pages, e-mails (ISO-2022-JP, base64, quoted-printable), Word, UTF-16.
"""

import logging

import pytest

from ingest.extract import extract
from ingest.formats.errors import BadDocument, Skipped
from ingest.formats.pdf import read_pdf
from ingest.sources import read_document
from ingest.tests.published import (
    CHROME_WORDS,
    FORMS,
    HANAMIZUKI,
    NOTICES,
    PRINTED_PDF,
    windows_euc_jp,
    windows_iso2022jp,
)

EMAIL_HEADERS = ["tanaka.hanako", "customer-mail.example", "203.0.113.45", "Message-ID"]


def fields(text: str) -> dict:
    return extract(text).schema()


@pytest.fixture(scope="module")
def plain_fields():
    return {name: fields(text) for name, text in NOTICES.items()}


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("notice", NOTICES)
def test_each_published_form_gives_the_fields_of_the_plain_text(
    tmp_path, plain_fields, notice, form
):
    name, raw = FORMS[form](NOTICES[notice])
    path = tmp_path / name
    path.write_bytes(raw)
    document = read_document(path)
    assert fields(document.text) == plain_fields[notice]
    for word in CHROME_WORDS + EMAIL_HEADERS:
        assert word not in document.text


def test_the_plain_texts_give_the_fields_a_reader_would(plain_fields):
    # The comparison above is only worth something if the plain text itself reads right.
    minato, hanamizuki = plain_fields["minato"], plain_fields["hanamizuki"]
    assert minato["organization"] == "株式会社みなと珈琲"
    assert minato["published_on"] == "2024-05-20"
    assert minato["forensic_firm"] == "LAC"
    assert minato["records_max"] == 5870
    assert hanamizuki["organization"] == "有限会社はなみずき"
    assert hanamizuki["published_on"] == "2024-02-16"
    assert hanamizuki["first_disclosed_on"] == "2023-11-08"
    assert hanamizuki["report_stage"] == "update"


def test_a_pdf_printed_by_a_browser_from_the_web_page_gives_the_plain_fields():
    # Made once with headless Chromium from published.chrome_page(HANAMIZUKI): menus, sidebar
    # news and footer links are in the PDF; see published.print_with_chromium.
    text = read_pdf(PRINTED_PDF.read_bytes())
    assert fields(text) == fields(HANAMIZUKI)
    for word in CHROME_WORDS + ["Copyright", "サイト内検索"]:
        assert word not in text


def test_pdf_lines_wrapped_inside_a_phrase_are_joined_and_list_items_kept():
    from ingest.tests.published import pdf_from_text

    text = (
        "2024年1月15日、決済代行会社から連絡を受け、同日、カード決済を停止し、第三者調査機関（株式会社"
        "ラック）による調査を開始いたしました。\n・カード番号\n・有効期限\n（1）原因\n以上"
    )
    lines = read_pdf(pdf_from_text(text)).splitlines()
    assert lines[0].startswith("2024年1月15日") and "（株式会社ラック）" in lines[0]
    assert lines[1:] == ["・カード番号", "・有効期限", "（1）原因", "以上"]


def test_a_pdf_without_a_text_layer_is_reported_as_a_scan(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    page = canvas.Canvas(str(path))
    page.rect(50, 50, 400, 600, fill=1)
    page.save()
    with pytest.raises(BadDocument, match="no text layer"):
        read_document(path)


@pytest.mark.parametrize(
    "encode, name",
    [(windows_euc_jp, "cp51932.txt"), (windows_iso2022jp, "cp50220.txt")],
)
def test_windows_euc_jp_and_iso_2022_jp_read_circled_digits_and_roman_numerals(
    tmp_path, encode, name
):
    text = "①カード番号②有効期限 Ⅰ．経緯 ㈱みなと珈琲への不正アクセスにより個人情報が流出"
    path = tmp_path / name
    path.write_bytes(encode(text))
    assert read_document(path).text == text


def test_pdfminer_logs_nothing_for_a_browser_pdf(caplog):
    with caplog.at_level(logging.WARNING):
        read_pdf(PRINTED_PDF.read_bytes())
    assert not caplog.records


JUNK = [
    ("menu.html", "<ul><li>ホーム</li><li>会社概要</li><li>個人情報保護方針</li></ul>".encode(),
     Skipped, "not a notice"),
    ("urls.txt", b"https://example.jp/a\nhttps://example.jp/b\n", Skipped, "not a notice"),
    ("frame.htm", b"<html><frameset><frame src='main.htm'></frameset></html>", BadDocument,
     "no text"),
    ("empty.eml", b"From: a@example.jp\nTo: b@example.jp\nSubject: x\n\n", Skipped,
     "not a notice"),
    ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(200), Skipped, "unsupported type"),
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(200), Skipped, "save it as .docx"),
    ("broken.pdf", b"%PDF-1.4\n1 0 obj <<", BadDocument, "PDF"),
    ("broken.docx", b"PK\x03\x04" + bytes(100), Skipped, "unsupported type"),
    ("binary.txt", b"\x00\x01\x02PK\x03\x04" * 50, BadDocument, "binary file"),
    ("garbled.txt", ("不正アクセスによる個人情報の流出" + "\ufffd" * 40).encode(), BadDocument,
     "looks mis-decoded"),
    ("c1.txt", "不正アクセスにより個人情報が流出した可能性があります。".encode().decode("latin-1")
     .encode(), BadDocument, "looks mis-decoded"),
]  # fmt: skip


@pytest.mark.parametrize("name, raw, error, reason", JUNK, ids=[j[0] for j in JUNK])
def test_junk_is_refused_with_a_one_line_reason(tmp_path, name, raw, error, reason):
    path = tmp_path / name
    path.write_bytes(raw)
    with pytest.raises(error) as refused:
        read_document(path)
    assert reason in str(refused.value)
    assert "\n" not in str(refused.value)
    assert isinstance(refused.value, Skipped) == (error is Skipped)


def test_force_imports_mis_decoded_text_with_a_flag(tmp_path):
    path = tmp_path / "garbled.txt"
    path.write_bytes(("不正アクセスによる個人情報の流出" + "\ufffd" * 40).encode())
    assert read_document(path, force=True).flags == ("looks mis-decoded",)


def test_the_size_is_checked_before_the_file_is_read(tmp_path):
    import tracemalloc

    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(1_000_000_000)  # sparse: no disk space used
    tracemalloc.start()
    with pytest.raises(BadDocument, match="larger than 5 MB"):
        read_document(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 1_000_000


def test_an_email_header_never_becomes_text_but_date_and_sender_are_kept(tmp_path):
    from ingest.tests.published import eml_iso2022jp

    path = tmp_path / "m.eml"
    path.write_bytes(eml_iso2022jp("不正アクセスにより個人情報が流出した可能性がございます。"))
    document = read_document(path)
    assert document.text == "不正アクセスにより個人情報が流出した可能性がございます。"
    assert document.fallbacks == {
        "published_on": "2024-05-20",
        "organization": "株式会社サンプル",
    }


@pytest.mark.parametrize("form", ["PDF set with a Japanese font", "e-mail in ISO-2022-JP"])
def test_extract_reads_each_format_as_ingest_does(tmp_path, form):
    import json
    from io import StringIO

    from django.core.management import call_command

    name, raw = FORMS[form](HANAMIZUKI)
    (tmp_path / name).write_bytes(raw)
    out = StringIO()
    call_command("extract", str(tmp_path), stdout=out, stderr=StringIO())
    row = json.loads(out.getvalue())
    assert row.pop("id") == (tmp_path / name).stem
    assert row == fields(HANAMIZUKI)


def test_paragraphs_of_a_printed_web_page_stay_apart():
    lines = read_pdf(PRINTED_PDF.read_bytes()).splitlines()
    assert (
        "弊社は、本件について個人情報保護委員会に報告するとともに、警察に被害を申告しております。"
        in lines
    )
