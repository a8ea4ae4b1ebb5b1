"""Reading notice files: every encoding Japanese notices come in, HTML, sidecars, bad files."""

import json

import pytest

from ingest.formats.encodings import decode
from ingest.formats.errors import BadDocument
from ingest.formats.html import html_to_text
from ingest.sources import read_document

NOTICE = (
    "2020年6月1日\n株式会社テスト\n"
    "弊社が運営する「テストショップ」への不正アクセスにより、お客様のクレジットカード情報"
    "（カード番号、有効期限）が流出した可能性があることが判明いたしました。①②～"
)


@pytest.mark.parametrize(
    "encoding, prefix, expected",
    [
        ("utf-8", b"", "utf-8"),
        ("utf-8", b"\xef\xbb\xbf", "utf-8-sig"),
        ("cp932", b"", "cp932"),
        ("euc_jp", b"", "euc_jp"),
        ("iso2022_jp", b"", "iso-2022-jp"),
    ],
)
def test_it_decodes_each_japanese_encoding(tmp_path, encoding, prefix, expected):
    # EUC-JP and ISO-2022-JP have no circled digits; CP932 and UTF-8 keep them.
    text = NOTICE if encoding in ("utf-8", "cp932") else NOTICE.replace("①②～", "")
    path = tmp_path / "notice.txt"
    path.write_bytes(prefix + text.encode(encoding))
    document = read_document(path)
    assert document.text == text
    assert document.encoding == expected


def test_shift_jis_is_read_as_cp932_so_circled_digits_survive():
    raw = "弊社の対応について、以下のとおりご報告いたします。①カード番号②有効期限～".encode("cp932")
    text, encoding = decode(raw)
    assert "①カード番号②有効期限～" in text
    assert encoding == "cp932"


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"", "empty"),
        (b"   \n\n  ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "unsupported type: image (PNG)"),
        (b"\x00\x01\x02PK\x03\x04" * 50, "binary file"),
        (b"\xff\xfe\xfd\x80\x81\x82\x83\xfe\xff" * 20, "cannot decode"),
    ],
)
def test_it_refuses_bad_files_with_a_one_line_reason(tmp_path, content, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(BadDocument) as error:
        read_document(path)
    assert reason in str(error.value)
    assert "\n" not in str(error.value)


def test_an_unreadable_file_is_refused(tmp_path):
    path = tmp_path / "folder.txt"
    path.mkdir()
    with pytest.raises(BadDocument, match="not a regular file"):
        read_document(path)


def test_html_is_reduced_to_its_text_without_scripts():
    html = (
        "<html><head><title>t</title><style>p{}</style></head><body>"
        "<h1>お詫びとお知らせ</h1><script>alert(1)</script>"
        "<p>不正アクセス&amp;流出</p><ul><li>カード番号</li><li>有効期限</li></ul></body></html>"
    )
    text = html_to_text(html)
    assert text.splitlines() == ["お詫びとお知らせ", "不正アクセス&流出", "カード番号", "有効期限"]


def test_an_html_file_in_shift_jis_is_imported_as_text(tmp_path):
    path = tmp_path / "notice.html"
    path.write_bytes(f"<html><body><p>{NOTICE}</p></body></html>".encode("cp932"))
    document = read_document(path)
    assert document.text == NOTICE
    assert "<p>" not in document.text


def test_a_sidecar_gives_url_date_and_organization(tmp_path):
    (tmp_path / "n.txt").write_text(NOTICE, encoding="utf-8")
    (tmp_path / "n.json").write_text(
        json.dumps(
            {
                "source_url": "https://example.jp/news/1",
                "published_on": "2020-06-02",
                "organization": "株式会社サイドカー",
            }
        ),
        encoding="utf-8",
    )
    document = read_document(tmp_path / "n.txt")
    assert document.source_url == "https://example.jp/news/1"
    assert document.published_on == "2020-06-02"
    assert document.organization == "株式会社サイドカー"


@pytest.mark.parametrize(
    "sidecar, message",
    [
        ("{not json", "not valid JSON"),
        ('["a list"]', "JSON object"),
        ('{"published_on": "June 2"}', "YYYY-MM-DD"),
        ('{"source_url": "ftp://x"}', "http"),
    ],
)
def test_a_bad_sidecar_is_refused(tmp_path, sidecar, message):
    (tmp_path / "n.txt").write_text(NOTICE, encoding="utf-8")
    (tmp_path / "n.json").write_text(sidecar, encoding="utf-8")
    with pytest.raises(BadDocument, match=message):
        read_document(tmp_path / "n.txt")
