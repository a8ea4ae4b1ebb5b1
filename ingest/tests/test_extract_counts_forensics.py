"""Counts (records_max, records_confirmed, fraud_cases) and the investigation (forensic_firm,
forensic_investigation, forensic_report_on) on short notices we write."""

import datetime as dt

import pytest

from ingest.extract import extract

D = dt.date


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        # A revised figure wins over the one of an earlier notice, larger or smaller.
        (
            "第1報では約1,200件としておりましたが、調査の結果、対象は2,345件であることが確定しました。",
            (2345, None, None),
        ),
        (
            "件数:812件\n※第1報では「最大約3万件」とお知らせいたしましたが、調査により確定しました。",
            (812, None, None),
        ),
        (
            "流出の可能性がある件数が、第二報でお知らせした「最大約6,000件」から「4,321件」に確定しました。",
            (4321, None, None),
        ),
        # A population the leak is a part of is not the leak.
        (
            "流出した可能性のある情報 1,502件\n※当生協の組合員数は約25万人ですが、対象外です。",
            (1502, None, None),
        ),
        (
            "対象:カード情報を登録された会員 最大7,310件\n(当店の会員登録者数は約9万名です)",
            (7310, None, None),
        ),
        # An answer reads with its question.
        ("Q3.対象となるのは何人ですか。\nA3.最大で275名様です。", (275, None, None)),
        # A confirmed subset: seen leaving, not only possibly.
        (
            "流出した可能性のある件数 最大5,400件\n"
            "このうち、外部への送信がログ上確認されたものは1,111件です。",
            (5400, 1111, None),
        ),
        (
            "件数:最大2,050件(このうち、外部への送信が確認されたのは640件です)",
            (2050, 640, None),
        ),
        (
            "漏えいの可能性がある件数:最大9,900件\nうち、外部への送信が記録上確認されたもの:3,030件\n"
            "(4)漏えいした可能性のある情報",
            (9900, 3030, None),
        ),
        (
            "流出した可能性のある情報 約800件\n"
            "このうち、実際に外部へ持ち出されたことが確認されたのは57件です。",
            (800, 57, None),
        ),
        # Not seen: no confirmed count.
        (
            "漏えいした可能性のある件数は最大3,000件です。このうち1,000件は外部への送信が確認されておりません。",
            (3000, None, None),
        ),
        (
            "流出した可能性のある件数は最大4,000件です。このうち、120件で不正利用が確認されています。",
            (4000, None, 120),
        ),
        # A figure under a 件数 heading is the leak's, though its sentence names no incident.
        (
            "■対象となる件数\n前回は約700件とご案内しておりましたが、精査の結果、865件に修正いたします。\n"
            "このうち120件は、外部に送信されたことが確認されております。",
            (865, 120, None),
        ),
        (
            "■当店について\n前回は約700件とご案内しておりましたが、精査の結果、865件に修正いたします。",
            (None, None, None),
        ),
        # A total stated against a contrast, or a part taken from it, is not the leak.
        (
            "流出した可能性のある件数:1,204件\n(同期間の予約件数は合計3,977件ですが、現地払いの方は対象外です。)",
            (1204, None, None),
        ),
        (
            "対象となるお客様:620名\n(期間中の申込者数は2,045名で、このうちカード払いは620名です。)",
            (620, None, None),
        ),
        # A population stated against a contrast, or a total a later clause takes the leak from.
        (
            "対象:カードで支払われた方 最大318名\n"
            "(同期間の出願者は2,460名ですが、カード以外の方は対象外です。)",
            (318, None, None),
        ),
        (
            "データベースには約8万名分の予約情報が登録されておりますが、このうちカード情報が含まれるのは"
            "最大5,403名分です。",
            (5403, None, None),
        ),
        (
            "流出した可能性のある件数は最大2,000件ですが、このうち不正利用は12件です。",
            (2000, None, 12),
        ),
        # The leak's count over the affected shops; the shops are no population here.
        ("件数:対象5店舗の合計で最大7,481件", (7481, None, None)),
        ("当社は全国42店舗で従業員1,350名を擁しております。", (None, None, None)),
        # A whole said not to be all in scope is the population, not the leak.
        (
            "対象となるお客様は最大4,210名です。会員様(約6万名)の全員が対象というわけではございません。",
            (4210, None, None),
        ),
        (
            "流出した可能性のある件数は1,980件です。登録者1万2千名のすべてが対象ではありません。",
            (1980, None, None),
        ),
    ],
)
def test_it_reads_counts(snippet: str, expected: tuple) -> None:
    ex = extract(snippet)
    assert (ex.records_max.value, ex.records_confirmed.value, ex.fraud_cases.value) == expected


@pytest.mark.parametrize(
    ("snippet", "firm", "rule"),
    [
        (
            "カード会社の指定する調査会社である株式会社ヨツバフォレンジックに調査を依頼しました。",
            "ヨツバフォレンジック",
            "forensic_firm.legal_name_beside_role",
        ),
        (
            "決済を停止し、株式会社ハヤテラボ(以下「調査会社」)に調査を依頼しました。",
            "ハヤテラボ",
            "forensic_firm.aliased_as_investigator",
        ),
        (
            "■調査機関      株式会社シラサギ解析\n■調査完了日    2024年4月26日\n",
            "シラサギ解析",
            "forensic_firm.labelled_line",
        ),
        (
            "調査会社:ホシゾラ・リサーチ株式会社\n",
            "ホシゾラ・リサーチ",
            "forensic_firm.labelled_line",
        ),
        (
            "2024年5月1日、株式会社ミナトセキュリティにフォレンジック調査を依頼しました。",
            "ミナトセキュリティ",
            "forensic_firm.hired_to_investigate",
        ),
        (
            "その後、アオバ社による調査の結果、カード情報が流出したことが判明しました。",
            "アオバ",
            "forensic_firm.hired_to_investigate",
        ),
        (
            "親会社が選定したフォレンジック調査会社Kestrel Labsによる調査を実施しました。",
            "Kestrel Labs",
            "forensic_firm.named_after_role",
        ),
        (
            "外部の調査機関カワセミセキュリティに調査を依頼しました。",
            "カワセミセキュリティ",
            "forensic_firm.named_after_role",
        ),
    ],
)
def test_it_names_unlisted_investigators(snippet: str, firm: str, rule: str) -> None:
    ex = extract(snippet)
    assert (ex.forensic_firm.value, ex.forensic_firm.rule) == (firm, rule)
    assert ex.forensic_investigation.value is True


@pytest.mark.parametrize(
    ("snippet", "investigation"),
    [
        # The vendor looking into its own systems is no forensic firm.
        (
            "カートシステムの提供事業者である株式会社カートサン(以下「カートサン社」)のサーバーが"
            "不正アクセスを受けました。その後、カートサン社による調査の結果、流出が判明しました。",
            False,
        ),
        ("外部のフォレンジック調査会社に調査を依頼しました。", True),
        (
            "Q6.専門の調査会社に調べてもらったのですか。\n"
            "A6.外部の調査機関への依頼は行っておらず、当店で調査しました。",
            False,
        ),
        ("株式会社ラックによる脆弱性診断を年2回受診しております。", False),
        # The vendor's internal investigation is no outside one.
        (
            "当社は決済システムを株式会社ツバサから提供を受けております。"
            "ツバサ社の社内調査によれば、カード情報が閲覧された可能性があります。",
            False,
        ),
    ],
)
def test_it_names_no_firm_where_none_investigated(snippet: str, investigation: bool) -> None:
    ex = extract(snippet)
    assert ex.forensic_firm.value is None
    assert ex.forensic_investigation.value is investigation


@pytest.mark.parametrize(
    ("snippet", "expected", "rule"),
    [
        ("調査機関:X株式会社\n調査完了日:2022/03/30\n", D(2022, 3, 30), "labelled_date"),
        (
            "2023年10月8日 調査会社に調査を依頼\n2023年12月20日 調査会社より最終調査報告書を受領\n"
            "2024年1月31日 調査結果を踏まえたシステム改修を完了\n",
            D(2023, 12, 20),
            "report_received",
        ),
        (
            "2017年3月10日、外部の専門機関に調査を依頼しました。\n"
            "2017年4月21日、専門機関より最終報告を受け、以下の事実が判明いたしました。",
            D(2017, 4, 21),
            "report_received",
        ),
        (
            "2012年6月16日、トラストウェーブ・ジャパン株式会社に調査を依頼しました。"
            "2012年6月29日、同社より調査報告書を受領し、情報が流出した可能性が高いとの報告を受けました。",
            D(2012, 6, 29),
            "report_received",
        ),
        (
            "平成26年4月15日、調査会社に調査を依頼しました。平成26年5月20日に受領した調査報告によりますと、"
            "カード情報が持ち出されていました。",
            D(2014, 5, 20),
            "report_received",
        ),
        # A report dated by its completion: 「報告書が…日に取りまとめられ」.
        (
            "2023年11月7日、委託先は外部の専門調査機関に調査を依頼しました。"
            "同調査機関による調査報告書が12月15日に取りまとめられ、改ざんが確認されました。",
            D(2023, 12, 15),
            "report_compiled",
        ),
        # Received with the date after the report, a slash date or a comma between.
        (
            "2019/05/02 調査会社に依頼しました。調査会社からの報告書は2019/06/14に受け取りました。",
            D(2019, 6, 14),
            "report_received",
        ),
        (
            "2021年3月2日、調査機関に調査を依頼しました。調査機関による報告書を、2021年4月9日に受領しております。",
            D(2021, 4, 9),
            "report_received",
        ),
        # Received in other words: given to us, reported to us.
        (
            "2016年7月25日、株式会社ラックさんに調べてもらい、8月30日に報告書をいただきました。",
            D(2016, 8, 30),
            "report_given",
        ),
        (
            "2018年5月2日、外部のセキュリティ専門会社が調査を行いました。6月8日に当社へ調査結果が報告されています。",
            D(2018, 6, 8),
            "report_given",
        ),
        # Not done yet, interim, or to come.
        (
            "2018年5月2日、外部の調査会社に調査を依頼しました。調査結果が報告され次第お知らせします。",
            None,
            "none_despite_cues",
        ),
        (
            "2019年8月21日、第三者調査機関に調査を依頼しました。調査はまだ完了しておらず、現在も調査中です。",
            None,
            "none",
        ),
        (
            "2023年9月8日 調査会社より中間報告を受領\n"
            "2023年9月20日、調査会社による調査の完了後、最終的な結果をご報告いたします。",
            None,
            "none",
        ),
        (
            "2023年11月7日、調査会社に調査を依頼しました。調査報告書が取りまとめられ次第お知らせします。",
            None,
            "none_despite_cues",
        ),
    ],
)
def test_it_dates_the_final_report(snippet: str, expected: dt.date | None, rule: str) -> None:
    ev = extract(snippet).forensic_report_on
    assert ev.value == expected
    assert ev.rule == f"forensic_report_on.{rule}"
