"""Bounded work per search request: a snippet tokenises at most SNIPPET_WINDOW characters of a
notice, however long, and is cached per notice and term set."""

import pytest
from django.core.cache import cache

from breaches import highlight
from breaches.models import Disclosure
from conftest import make_incident

LINE = "当社が運営するウェブサイトにおいて、第三者による不正アクセスを受けました。\n"


@pytest.fixture
def tokenizer_calls(monkeypatch):
    """Every text the Sudachi tokenizer is given, by mode."""
    from ingest.extract import tokens

    calls: list[tuple[str, str]] = []
    real, real_forms = tokens.tokenize, tokens.word_forms

    def counting(text, mode="C"):
        calls.append((mode, text))
        return real(text, mode)

    def counting_forms(text):  # one mode C pass, compounds split into their mode A parts
        calls.append(("C", text))
        return real_forms(text)

    monkeypatch.setattr(tokens, "tokenize", counting)
    monkeypatch.setattr(tokens, "word_forms", counting_forms)
    cache.clear()
    return calls


def long_notice(organization: str, chars: int, insert: str = "", at: int = 0):
    """An incident whose one notice has `chars` characters; `insert` placed near offset `at`."""
    incident = make_incident(organization=organization, sites=[], text="短い本文")
    body = LINE * (chars // len(LINE))
    if insert:
        cut = body.index("\n", at) + 1
        body = body[:cut] + insert + body[cut:]
    terms = "ペンギン" if "ペンギン" in insert else ""  # what the importer would have indexed
    Disclosure.objects.filter(incident=incident).update(text=body, terms=terms)
    incident.refresh_search_vector()
    return incident


def tokenised_chars(calls, mode: str) -> int:
    return sum(len(text) for m, text in calls if m == mode)


@pytest.mark.django_db
def test_a_huge_notice_matched_by_its_organisation_tokenises_only_one_window(
    client, tokenizer_calls
):
    long_notice("株式会社ペンギン堂", 2_000_000)
    tokenizer_calls.clear()
    response = client.get("/", {"q": "ペンギン"})
    assert response.status_code == 200
    assert "ペンギン堂" in response.content.decode()
    assert "当社が運営するウェブサイト" in response.content.decode()  # the opening as snippet
    for mode in ("A", "C"):
        assert tokenised_chars(tokenizer_calls, mode) <= highlight.SNIPPET_WINDOW + len("ペンギン")
    assert max(len(text) for _, text in tokenizer_calls) <= highlight.SNIPPET_WINDOW


@pytest.mark.django_db
def test_a_match_deep_in_a_huge_notice_is_shown_from_a_window_around_it(client, tokenizer_calls):
    long_notice("株式会社テスト", 2_000_000, insert="カード番号とペンギン情報が流出しました。\n",
                at=1_500_000)  # fmt: skip
    tokenizer_calls.clear()
    html = client.get("/", {"q": "ペンギン"}).content.decode()
    assert "<mark>ペンギン</mark>情報が流出しました" in html
    for mode in ("A", "C"):
        assert tokenised_chars(tokenizer_calls, mode) <= highlight.SNIPPET_WINDOW + len("ペンギン")


def test_the_window_starts_at_a_line_break_before_the_first_literal_term():
    text = LINE * 1000 + "ペンギン\n" + LINE * 10
    start = highlight.window_start(text, ["ペンギン"])
    assert text[start - 1] == "\n"
    assert start <= text.index("ペンギン") < start + highlight.SNIPPET_WINDOW
    assert highlight.window_start(text, ["いない言葉"]) == 0
    assert highlight.window_start("短い" * 10, ["ペンギン"]) == 0


def test_a_differently_spelt_match_inside_the_window_is_still_found():
    found = highlight.snippet(LINE * 3 + "個人情報が漏えいした可能性があります。\n" + LINE * 5000,
                              ["漏洩"])  # fmt: skip
    assert found is not None
    assert [s.text for s in found.segments if s.mark] == ["漏えい"]


@pytest.mark.django_db
def test_snippets_are_cached_per_notice_and_term_set(client, tokenizer_calls):
    long_notice("株式会社ペンギン堂", 50_000, insert="ペンギンの話\n", at=20_000)
    client.get("/", {"q": "ペンギン"})
    assert tokenizer_calls
    tokenizer_calls.clear()
    client.get("/", {"q": "ペンギン"})
    tokenised_for_snippets = [t for _, t in tokenizer_calls if t != "ペンギン"]
    assert tokenised_for_snippets == []  # only the query itself was tokenised


@pytest.mark.django_db
def test_a_changed_text_is_not_served_from_the_cache(client):
    cache.clear()
    incident = make_incident(organization="株式会社ペンギン堂", text="ペンギンの古い話")
    assert "古い話" in client.get("/", {"q": "ペンギン"}).content.decode()
    Disclosure.objects.filter(incident=incident).update(text="ペンギンの新しい話",
                                                        content_hash="changed")  # fmt: skip
    html = client.get("/", {"q": "ペンギン"}).content.decode()
    assert "新しい話" in html
    assert "古い話" not in html


def test_a_snippet_marks_the_same_words_as_both_tokenisations_would():
    """term_spans reads one mode C pass with its compounds split: the same words as
    tokenising the text in mode A and in mode C, as the index does."""
    from ingest.extract.tokens import search_terms, tokenize

    text = (
        "お客様のクレジットカード情報が漏えいした可能性があります。\n"
        "個人情報保護委員会に報告し、セキュリティーコードの流出も調査しました。\n"
    )
    for query in ("カード", "クレジットカード", "漏洩", "情報", "委員", "セキュリティコード"):
        terms = search_terms(query)
        expected = highlight.merge(
            [
                highlight.Span(m.start, m.end)
                for mode in ("A", "C")
                for m in tokenize(text, mode)
                if {m.surface.lower(), *m.normalized.lower().split()} & set(terms)
            ]
        )
        assert highlight.term_spans(text, terms) == expected, query
        assert expected, query


def test_a_line_without_any_spelling_of_a_term_is_not_tokenised(tokenizer_calls):
    unrelated = "弊社の運営するサイトの決済画面が改ざんされていました。\n" * 40
    text = unrelated + "個人情報が漏えいした可能性があります。\n" + unrelated
    found = highlight.snippet(text, ["漏洩"])
    assert [s.text for s in found.segments if s.mark] == ["漏えい"]
    assert [t for _, t in tokenizer_calls] == ["個人情報が漏えいした可能性があります。\n"]
    tokenizer_calls.clear()
    # Katakana, half-width and case: NFKC and case folding before the first character is read.
    assert highlight.term_spans("ｾｷｭﾘﾃｨｺｰﾄﾞ\n", ["セキュリティー"]) != []
    assert highlight.term_spans("ＰＣＦ社\n", ["pcf"]) != []
    tokenizer_calls.clear()
    assert highlight.snippet(unrelated, ["ペイメントカードフォレンジックス"]) is None
    assert tokenizer_calls == []
