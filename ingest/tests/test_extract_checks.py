"""Every cross-field check: one case that fails it, one that passes, and the extractor flags
the fields it doubts and lowers their confidence."""

import datetime as dt

import pytest

from ingest.extract import extract
from ingest.extract.checks import CHECKS, parse_values, run_checks
from ingest.extract.fields import FIELDS, empty_value

TODAY = dt.date(2026, 12, 2)
D = dt.date.fromisoformat


def values(**kw):
    out = {name: empty_value(name) for name in FIELDS}
    out.update(kw)
    return out


CASES = [
    # (check, values that fail it, values that pass it, fields it doubts)
    (
        "published_before_discovery",
        values(published_on=D("2020-01-10"), discovered_on=D("2020-02-01")),
        values(published_on=D("2020-03-10"), discovered_on=D("2020-02-01")),
        {"published_on", "discovered_on"},
    ),
    (
        "first_disclosed_before_discovery",
        values(first_disclosed_on=D("2020-01-10"), discovered_on=D("2020-02-01")),
        values(first_disclosed_on=D("2020-02-01"), discovered_on=D("2020-02-01")),
        {"first_disclosed_on", "discovered_on"},
    ),
    (
        "first_disclosed_after_published",
        values(first_disclosed_on=D("2020-05-01"), published_on=D("2020-04-01")),
        values(first_disclosed_on=D("2020-03-01"), published_on=D("2020-04-01")),
        {"first_disclosed_on", "published_on"},
    ),
    (
        "ttd_out_of_range",
        values(first_disclosed_on=D("2021-01-01"), discovered_on=D("2010-01-01")),
        values(first_disclosed_on=D("2019-12-31"), discovered_on=D("2010-01-01")),
        {"first_disclosed_on", "discovered_on"},
    ),
    (
        "confirmed_over_max",
        values(records_max=100, records_confirmed=250),
        values(records_max=250, records_confirmed=100),
        {"records_max", "records_confirmed"},
    ),
    (
        "exposure_start_after_end",
        values(exposure_periods=((D("2020-05-01"), D("2020-01-01")),)),
        values(exposure_periods=((D("2020-01-01"), D("2020-05-01")), (None, D("2020-06-01")))),
        {"exposure_periods"},
    ),
    (
        "date_in_future",
        values(published_on=D("2027-01-05"), discovered_on=D("2026-11-01")),
        values(published_on=D("2026-12-01"), discovered_on=D("2026-11-01")),
        {"published_on"},
    ),
]


def test_every_check_has_a_case():
    assert {c.id for c in CHECKS} == {case[0] for case in CASES}


@pytest.mark.parametrize(("check", "bad", "good", "doubted"), CASES, ids=[c[0] for c in CASES])
def test_a_check_doubts_exactly_its_fields(check, bad, good, doubted):
    failed = {f.check: set(f.fields) for f in run_checks(bad, TODAY)}
    assert failed.get(check) == doubted
    assert check not in {f.check for f in run_checks(good, TODAY)}


def test_the_catalogue_reads_iso_values_the_same_way():
    schema = {"published_on": "2020-01-10", "discovered_on": "2020-02-01",
              "exposure_periods": [["2020-05-01", None]]}  # fmt: skip
    assert {f.check for f in run_checks(parse_values(schema), TODAY)} == {
        "published_before_discovery"
    }


NEWS_DATE_NOTICE = """2019年12月10日

株式会社サンプル商会

不正アクセスによるクレジットカード情報流出に関するお詫びとお知らせ

2024年3月1日、決済代行会社から、弊社サイトで利用されたクレジットカード情報が流出した可能性があるとの連絡を受けました。
弊社サイトのクレジットカード情報(最大1,200件)が流出した可能性がございます。
"""


def test_a_notice_dated_before_its_discovery_is_flagged_with_low_confidence():
    result = extract(NEWS_DATE_NOTICE, today=TODAY)
    assert result.published_on.value == D("2019-12-10")
    assert result.discovered_on.value == D("2024-03-01")
    flagged = result.flagged()
    assert {"published_on", "discovered_on", "first_disclosed_on"} <= flagged
    assert result.published_on.confidence < 0.5
    assert "published_before_discovery" in {c["check"] for c in result.to_json()["checks"]}


def test_a_consistent_notice_is_not_flagged():
    text = NEWS_DATE_NOTICE.replace("2019年12月10日", "2024年4月15日")
    result = extract(text, today=TODAY)
    assert result.flags == ()
    assert result.published_on.confidence >= 0.9
