"""Sudachi boundary: search terms that fold spellings, inputs over Sudachi's byte limit."""

import pytest

from ingest.extract.tokens import MAX_BYTES, chunks, search_terms, tokenize


@pytest.mark.parametrize(
    ("document", "query"),
    [
        ("個人情報が漏えいした可能性があります。", "漏洩"),
        ("セキュリティコードは保持しておりません。", "セキュリティーコード"),
        ("クレジットカード情報が流出しました。", "カード"),
    ],
)
def test_a_query_finds_a_document_spelt_differently(document: str, query: str) -> None:
    assert set(search_terms(query)) <= set(search_terms(document))


def test_search_terms_drop_particles_punctuation_and_space() -> None:
    terms = search_terms("カード番号は、 漏洩していません。")
    assert "は" not in terms and "、" not in terms and " " not in terms and "。" not in terms
    assert "カード" in terms and "番号" in terms


def test_search_terms_are_lower_cased() -> None:
    assert "openssl" in search_terms("OpenSSLの脆弱性")


def test_search_terms_work_past_the_byte_limit() -> None:
    line = "不正アクセスにより個人情報が漏えいした可能性があります。\n"
    text = line * (MAX_BYTES // len(line.encode("utf-8")) + 50) + "最後の行にだけ暗号化と書く。"
    assert len(text.encode("utf-8")) > MAX_BYTES
    terms = search_terms(text)
    assert "漏洩" in terms and "暗号" in terms


@pytest.mark.parametrize("text", ["あ" * 40_000, "行です。\n" * 9_000, "短い"])
def test_chunks_stay_under_the_limit_and_cover_the_text(text: str) -> None:
    pieces = list(chunks(text))
    assert all(len(p.encode("utf-8")) <= MAX_BYTES for _, p in pieces)
    assert "".join(p for _, p in pieces) == text
    assert all(text[o : o + len(p)] == p for o, p in pieces)


def test_morpheme_offsets_point_into_the_text() -> None:
    text = "前置き\n" * 20_000 + "カード番号"
    last = tokenize(text)[-1]
    assert text[last.start : last.end] == last.surface


def test_select_reads_only_the_wanted_morphemes_with_the_same_offsets() -> None:
    from ingest.extract.data import LEAK_FIRST_CHARS
    from ingest.extract.tokens import select

    text = "お客様の情報が漏えいし、\nカード番号が盗まれた可能性があります。流出件数は不明です。"
    wanted = [m for m in tokenize(text) if m.surface[:1] in LEAK_FIRST_CHARS]
    assert select(text, LEAK_FIRST_CHARS) == tuple(wanted)
    assert {m.normalized for m in wanted} >= {"漏洩", "盗む", "流出"}


def test_fast_patterns_find_the_same_matches() -> None:
    import re

    from ingest.extract.text import fast

    pattern = r"(?<!カード)(?:氏名|お名前)|(?:ご)?住所|(?<![A-Za-z])ID(?=[、)])"
    text = "氏名、カード氏名、ご住所、会員ID)、住所、お名前"
    assert fast(pattern).pattern.startswith("(?=[")
    assert [m.span() for m in fast(pattern).finditer(text)] == [
        m.span() for m in re.finditer(pattern, text)
    ]
    assert fast(r"\d+件").pattern == r"\d+件"  # no usable first-character set: left alone
