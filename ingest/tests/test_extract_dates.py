"""Dates: 和暦, 元年, full-width digits, weekdays, year-less dates, ranges, datelines."""

import datetime as dt

import pytest

from ingest.extract import extract, prepare
from ingest.extract.dates import find_dates

D = dt.date


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        ("2016年9月6日に公表", [D(2016, 9, 6)]),
        ("平成28年7月11日に連絡", [D(2016, 7, 11)]),
        ("令和元年5月7日", [D(2019, 5, 7)]),
        ("令和3年12月1日", [D(2021, 12, 1)]),
        ("平成 28 年 11 月 9 日", [D(2016, 11, 9)]),
        ("２０１９年３月１１日（月）", [D(2019, 3, 11)]),
        ("2016年7月1日、連絡。7月19日に発表", [D(2016, 7, 1), D(2016, 7, 19)]),
        ("2018/12/25 更新", [D(2018, 12, 25)]),
        ("2月30日", []),
    ],
)
def test_it_reads_dates(snippet: str, expected: list[dt.date]) -> None:
    doc = prepare(snippet, tokenize=False)
    assert [d.date for d in doc.dates] == expected


def test_a_weekday_picks_the_year_of_a_year_less_date() -> None:
    # 2013-08-01 was a Thursday; the previous explicit year is 2012.
    found = find_dates("2012年6月1日から。8月1日(木)、連絡", None)
    assert [d.date for d in found] == [D(2012, 6, 1), D(2013, 8, 1)]


def test_a_year_less_date_without_context_is_dropped() -> None:
    assert find_dates("8月1日に連絡", None) == ()


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        ("2013年4月1日〜2016年7月27日の間にご利用のお客様", [(D(2013, 4, 1), D(2016, 7, 27))]),
        (
            "平成23年3月7日~平成25年4月23日の間に、お申し込みのお客様",
            [(D(2011, 3, 7), D(2013, 4, 23))],
        ),
        ("２０２４年６月２３日～６月３０日にご注文のお客様", [(D(2024, 6, 23), D(2024, 6, 30))]),
        (
            "2018年10月17日22時05分から2018年11月12日21時50分まで入力された方",
            [(D(2018, 10, 17), D(2018, 11, 12))],
        ),
        (
            "期間:2021年3月10日－2021年6月16日\nカード情報を入力された方",
            [(D(2021, 3, 10), D(2021, 6, 16))],
        ),
        ("受付時間:午前10時~午後7時", []),
        ("平成25年2月6日~平成25年5月1日のご利用は対象外です", []),
    ],
)
def test_it_reads_exposure_periods(snippet: str, expected: list[tuple]) -> None:
    assert list(extract(snippet).exposure_periods.value) == expected


def test_it_keeps_several_periods_once_each() -> None:
    text = (
        "2014年8月25日~2015年9月23日の間に決済をご利用のお客様\n"
        "2016年5月20日~2016年8月14日の間に決済をご利用のお客様\n"
        "2014年8月25日~2015年9月23日の間に決済をご利用のお客様\n"
    )
    assert extract(text).exposure_periods.value == (
        (D(2014, 8, 25), D(2015, 9, 23)),
        (D(2016, 5, 20), D(2016, 8, 14)),
    )


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        ("2016年9月15日\n\nお客様各位\n\n株式会社テスト\n", D(2016, 9, 15)),
        ("- 平成30年3月30日\n- お客様 各位\n", D(2018, 3, 30)),
        ("株式会社テスト\n更新日:2017年3月17日\n", D(2017, 3, 17)),
        (
            "(第2報)2016年9月20日配信分\n(第2報)2016年9月6日配信分\n(第1報)2016年7月19日配信分\n",
            D(2016, 9, 6),
        ),
        ("サーバ:平成25年4月24日~30日\n", None),
        ("2013年4月1日から。窓口を本日10月3日より設置しました。", D(2013, 10, 3)),
    ],
)
def test_it_reads_the_dateline(snippet: str, expected: dt.date | None) -> None:
    assert extract(snippet).published_on.value == expected


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        ("2016年9月6日\n7月19日に発表しました不正アクセスについて", D(2016, 7, 19)),
        ("2018年12月25日\n本年10月22日に発表いたしました事案につきまして", D(2018, 10, 22)),
        (
            "2021年4月21日\n当社は、2021年3月31日付「お詫びとお知らせ」においてお知らせいたしました。",
            D(2021, 3, 31),
        ),
        ("2019年4月12日\n本件の概要は以下のとおりです。", D(2019, 4, 12)),
        (
            "2013年5月27日\n5月21日付の調査最終報告書により判明しましたので、下記のとおりご報告いたします。",
            D(2013, 5, 27),
        ),
    ],
)
def test_it_finds_the_first_disclosure(snippet: str, expected: dt.date) -> None:
    assert extract(snippet).first_disclosed_on.value == expected


def test_a_date_span_points_at_the_date_in_the_original_text() -> None:
    text = "お客様各位\n２０１６年９月１５日\n"
    ev = extract(text).published_on
    start, end = ev.spans[0]
    assert text[start:end] == "２０１６年９月１５日"
    assert 0 < ev.confidence <= 1
