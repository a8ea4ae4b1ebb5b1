"""Field steps on short notices we write: data items and negation, counts, parties, causes."""

import datetime as dt

import pytest

from ingest.extract import extract

D = dt.date


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        (
            "流出した可能性のある情報\n・カード番号\n・有効期限\n・セキュリティコード\n",
            {"card_number", "expiry", "security_code"},
        ),
        (
            "漏えいした情報:カード名義人名、クレジットカード番号、有効期限。\n"
            "※セキュリティコードは保持しておりません。",
            {"cardholder_name", "card_number", "expiry"},
        ),
        (
            "クレジットカード情報(番号、有効期限、カード名義)が流出した可能性があります。",
            {"card_number", "expiry", "cardholder_name"},
        ),
        ("お客様のクレジットカード情報が流出したおそれがあります。", set()),
        (
            "カード番号とセキュリティーコードが漏洩した可能性があります。",
            {"card_number", "security_code"},
        ),
        # Sent to the attacker is leaked, though no leak word is said.
        (
            "偽の入力画面で入力されたカード番号と有効期限が第三者のサーバーに送信されていました。",
            {"card_number", "expiry"},
        ),
        ("ご注文確認メールを第三者に送信することはございません。", set()),
    ],
)
def test_it_reads_card_data_with_negation(snippet: str, expected: set[str]) -> None:
    assert set(extract(snippet).card_data.value) == expected


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        (
            "流出した可能性がある個人情報\n氏名、住所、電話番号、メールアドレス\n",
            {"name", "address", "phone", "email"},
        ),
        (
            "漏洩の可能性がある情報:会員ID、ログインパスワード、生年月日、性別",
            {"login_id", "password", "birthdate", "other"},
        ),
        ("流出したお客様には、ご登録のメールアドレス宛にご案内いたします。", set()),
        ("流出した情報:カード番号、有効期限(パスワードは含まれておりません。)", set()),
        ("流出した情報:社名・部署、氏名", {"company", "name"}),
        # A password said not to have leaked, in words other notices use.
        (
            "流出した情報:氏名、メールアドレス\n"
            "A. ログイン用のパスワードはハッシュ化して保管しており、"
            "確認の結果、流出していないことを確認しております。",
            {"name", "email"},
        ),
        (
            "漏えいした情報:会員ID、メールアドレス\nなお、当サービスの会員パスワードは漏えいしておりません。",
            {"login_id", "email"},
        ),
        # 「流出していないか」 asks; it negates nothing.
        ("お客様の氏名が流出していないか、現在調査を進めております。", {"name"}),
        # A bracket naming what the items before it are is no item of its own.
        ("■流出した可能性のある情報\n・氏名、ご住所(配送先情報)\n", {"name", "address"}),
        (
            "■流出した可能性のある情報\n・氏名、ご住所、配送先の電話番号\n",
            {"name", "address", "phone"},
        ),
        # Identity-document numbers are other personal data.
        ("流出した可能性のある情報:氏名、運転免許証番号", {"name", "other"}),
        ("流出した可能性のある情報:お名前、保険証の記号番号", {"name", "other"}),
        # No trace of access to personal data, in the past tense.
        (
            "■漏えいした可能性のある情報\nカード番号、有効期限\n"
            "※お客様の氏名・電話番号等へのアクセスの形跡は確認されませんでした。\n",
            set(),
        ),
        # The contents of the leak, in the sentence right after the one about it.
        (
            "会員の情報が流出した可能性がございます。内容は、お名前、メールアドレスとなります。",
            {"name", "email"},
        ),
        (
            "当店サイトのデザインを一新しました。内容は、お名前の表示欄の変更です。",
            set(),
        ),
        # Carried off (持ち出された) is leaked.
        ("注文データの氏名と電話番号が外部に持ち出された可能性があります。", {"name", "phone"}),
        # A person's name written as 担当者名 / 購入者名 is a name.
        ("流出した可能性のある情報:貴社名、ご担当者名、電話番号", {"company", "name", "phone"}),
        ("流出した可能性のある情報:購入者様のお名前、メールアドレス", {"name", "email"}),
        # 「その他の情報」 labelling a table row is no item; its cells are.
        (
            "3.流出した可能性のある情報\n"
            "| カード情報 | カード番号、有効期限 |\n| その他の情報 | 会社名、電話番号 |\n",
            {"company", "phone"},
        ),
        ("流出した可能性のある情報:氏名、その他のご登録情報", {"name", "other"}),
        # A maintenance account's password is the intruder's way in, not customers' data.
        (
            "委託先から「保守用アカウントのパスワードが窃取された」との報告を受けました。"
            "流出した可能性のある情報は氏名、電話番号です。",
            {"name", "phone"},
        ),
        ("会員のパスワードが窃取された可能性があります。", {"password"}),
        # 「当社名をかたる」 names the organisation, not a customer's company.
        (
            "なお、以前に当社名をかたるメールが送信された事案がありました。"
            "流出した可能性のある情報はメールアドレスです。",
            {"email"},
        ),
    ],
)
def test_it_reads_personal_data(snippet: str, expected: set[str]) -> None:
    assert set(extract(snippet).personal_data.value) == expected


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        ("流出した可能性のある件数\n１４，６２７件\n", (14627, None, None)),
        (
            "395件の情報が流出した事実は確認されておりますが、全てのお客様の情報(192,594件)を"
            "流出の可能性のある情報とさせて頂きます。",
            (192594, 395, None),
        ),
        (
            "サーバーには最大50,000件のデータが保存されていましたが、このうち流出が確認されたのは1,234件です。",
            (1234, None, None),
        ),
        (
            "カード情報44,663件が流出した可能性があります。このうち209件につきましては、"
            "既に不正に利用された可能性がございます。",
            (44663, None, 209),
        ),
        (
            "不正利用があったと報告されたカード枚数は270枚\n流出の最大範囲は97,438件",
            (97438, None, 270),
        ),
        (
            "前回は最大約5万人と公表しておりましたが、流出したおそれがあるのは812人です。",
            (812, None, None),
        ),
        (
            "お客様のクレジットカード情報(38件)と個人情報(1,244件)が漏洩したおそれ",
            (1244, None, None),
        ),
        ("弊社の約100万件の受注情報を管理しているサーバ", (None, None, None)),
    ],
)
def test_it_reads_counts(snippet: str, expected: tuple) -> None:
    ex = extract(snippet)
    assert (ex.records_max.value, ex.records_confirmed.value, ex.fraud_cases.value) == expected


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        (
            "外部の専門調査会社である「Payment Card Forensics株式会社」(以下「PCF社」)に依頼",
            "Payment Card Forensics",
        ),
        ("第三者調査機関であるP.C.F. FRONTEO株式会社に調査を依頼", "Payment Card Forensics"),
        ("8月2日(金)ベライゾンに調査を依頼しました。", "Verizon"),
        ("株式会社ラックに調査を依頼しました。", "LAC"),
        ("BLACK社に相談しました。", None),
        ("第三者調査機関による調査を開始いたしました。", None),
    ],
)
def test_it_names_the_forensic_firm(snippet: str, expected: str | None) -> None:
    ex = extract(snippet)
    assert ex.forensic_firm.value == expected
    assert ex.forensic_investigation.value is True or "BLACK" in snippet


def test_an_editor_alias_passed_in_is_used() -> None:
    text = "セキュリティ診断のサイバーガード株式会社に調査を依頼しました。"
    # Unlisted, it is named as written (without 株式会社); an editor's alias canonicalises it.
    assert extract(text).forensic_firm.value == "サイバーガード"
    aliases = {"サイバーガード株式会社": "CyberGuard"}
    ev = extract(text, firm_aliases=aliases).forensic_firm
    assert ev.value == "CyberGuard"
    assert text[ev.spans[0][0] : ev.spans[0][1]] == "サイバーガード株式会社"


def test_no_investigation_when_nothing_says_so() -> None:
    assert extract("不正アクセスがありました。").forensic_investigation.value is False


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        ("不正アクセスによる個人情報流出に関するお詫び", {"unauthorized_access"}),
        ("SQLインジェクションによる攻撃が行われ、不正アクセスを受けました。", {"sql_injection"}),
        (
            "当サイトのプログラムに脆弱性があったことが原因と推察されます。",
            {"web_app_vulnerability"},
        ),
        (
            "Open SSL(Open SSL/1.0.1e)の脆弱性を利用した不正アクセスによるものでした。",
            {"vulnerable_software"},
        ),
        (
            "システムの一部の脆弱性を突いた不正アクセスにより、ペイメントアプリケーションの改ざんが行われた。",
            {"web_app_vulnerability", "payment_page_tampering"},
        ),
        (
            "運営を委託している株式会社テストが提供するシステムが外部から不正アクセスを受け",
            {"unauthorized_access", "third_party"},
        ),
        (
            "不正アクセスを受け、データベースサーバー内に保持していたクレジットカード情報を削除しました。",
            {"unauthorized_access", "card_data_retention"},
        ),
        (
            "不正アクセスがありましたが、バックドアの形跡はなく、被害は限定的です。",
            {"unauthorized_access"},
        ),
        ("引き続き詳しい原因の究明を進めてまいります。", {"unknown"}),
    ],
)
def test_it_reads_causes(snippet: str, expected: set[str]) -> None:
    assert set(extract(snippet).causes.value) == expected


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        ("2016年9月15日\n不正アクセスに関するご報告\n", "initial"),
        ("不正アクセスに関するご報告(第2報)\n", "update"),
        ("個人情報流出のおそれについて<続報1>\n", "update"),
        ("2018年3月30日\n不正アクセスによる情報流出に関する最終ご報告\n", "final"),
        ("2015年9月18日\n不正アクセスに関する最終のご報告\n", "final"),
        (
            "2020年12月8日\nお知らせ\n調査機関からの最終報告を受けてから公表することといたしました。",
            "initial",
        ),
        ("2018年12月25日\n本年10月22日に発表いたしました事案につきまして", "update"),
    ],
)
def test_it_reads_the_report_stage(snippet: str, expected: str) -> None:
    assert extract(snippet).report_stage.value == expected


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        (
            "2016年7月1日、決済代行会社より、情報流出の懸念があるとの指摘を受けました。",
            (D(2016, 7, 1), "payment_processor"),
        ),
        (
            "2020年10月15日、一部のクレジットカード会社から、流出の懸念がある旨の連絡を受けました。",
            (D(2020, 10, 15), "card_company"),
        ),
        (
            "2024年5月20日、警視庁から、漏洩している懸念がある旨の連絡を受けました。",
            (D(2024, 5, 20), "police"),
        ),
        (
            "2021年1月27日、お客様から、ページの遷移についてお問い合わせをいただきました。",
            (D(2021, 1, 27), "customer"),
        ),
        (
            "2024年7月22日、当社はサイトが不正アクセスにより改ざんされていることを検知しました。",
            (D(2024, 7, 22), "self"),
        ),
        (
            "2016年8月12日(金)\n当社の契約先である決済代行会社から、流出懸念について連絡がありました。",
            (D(2016, 8, 12), "payment_processor"),
        ),
        (
            "警視庁から連絡があったことを受け、弊社は2024年5月31日、決済を停止しました。",
            (None, "police"),
        ),
    ],
)
def test_it_reads_who_found_the_breach_and_when(snippet: str, expected: tuple) -> None:
    ex = extract(snippet)
    assert (ex.discovered_on.value, ex.discovered_by.value) == expected


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        (
            "2022年3月7日、カード会社から連絡を受け、本件サイトでのカード決済を停止いたしました。",
            D(2022, 3, 7),
        ),
        (
            "2024年5月20日、連絡を受けました。弊社は同日、本件サイトにおけるカード決済を停止し、"
            "5月23日には本件サイト自体を一時閉鎖いたしました。",
            D(2024, 5, 20),
        ),
        ("クレジットカード決済のご利用をすでに停止しております。", None),
        ("2016年7月1日、一時、外部アクセスを停止しました。", None),
    ],
)
def test_it_reads_when_payment_was_suspended(snippet: str, expected: dt.date | None) -> None:
    assert extract(snippet).payment_suspended_on.value == expected


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        ("2016年8月17日、調査会社より最終報告書を受領しました。", D(2016, 8, 17)),
        ("2016年7月29日、調査会社より中間報告を受領しました。", None),
        ("この調査は2024年10月16日に終了しました。", D(2024, 10, 16)),
    ],
)
def test_it_reads_when_the_forensic_report_came(snippet: str, expected: dt.date | None) -> None:
    assert extract(snippet).forensic_report_on.value == expected


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        (
            "クレジットカード会社および警察や経済産業省に報告を行いました。",
            {"card_companies", "police", "meti"},
        ),
        ("④ 関係官庁(個人情報保護委員会)への報告 ⑤ 警察への報告及び相談", {"ppc", "police"}),
        (
            "個人情報保護委員会、九州運輸局および福岡県警察本部に本件を報告いたしました。",
            {"ppc", "other_authority", "police"},
        ),
        ("2024年5月20日、警視庁から連絡を受けました。", set()),
        ("当社よりクレジットカード会社に依頼しております。", set()),
    ],
)
def test_it_reads_whom_it_reported_to(snippet: str, expected: set[str]) -> None:
    assert set(extract(snippet).reported_to.value) == expected


@pytest.mark.parametrize(
    ("snippet", "organization", "sites"),
    [
        (
            "2016年9月15日\n\nお客様各位\n\n株式会社アドテスト\n代表取締役 山田 太郎\n",
            "株式会社アドテスト",
            [],
        ),
        ("お客様各位\n株式会社 東テスト(とうてすと)\n", "株式会社 東テスト", []),
        (
            "弊社が運営する「テストストア」(以下「本件サイト」といいます)が不正アクセスを受け",
            None,
            ["テストストア"],
        ),
        ("弊社オンラインショップ「STYLE TEST(http://example.jp/)」において", None, ["STYLE TEST"]),
        ("対象サイト: alpha / beta / ガンマ", None, ["alpha", "beta", "ガンマ"]),
        ("①www.example.co.jpサイトよりお申込みのお客様", None, ["www.example.co.jp"]),
        ("2021年3月31日付「不正アクセスに関するお詫びとお知らせ」において", None, []),
    ],
)
def test_it_reads_the_organization_and_sites(
    snippet: str, organization: str | None, sites: list[str]
) -> None:
    ex = extract(snippet)
    assert ex.organization.value == organization
    assert list(ex.sites.value) == sites


def test_every_found_value_has_spans_into_the_original_text() -> None:
    text = (
        "２０１６年９月１５日\n株式会社テスト\n"
        "２０１６年８月１２日、決済代行会社から流出の懸念があるとの連絡を受けました。\n"
        "流出した可能性のある件数：１４，６２７件\n"
    )
    ex = extract(text)
    for name in ("published_on", "organization", "discovered_on", "records_max"):
        ev = getattr(ex, name)
        assert ev.value is not None and ev.spans, name
        assert all(0 <= s < e <= len(text) for s, e in ev.spans)
    s, e = ex.records_max.spans[0]
    assert text[s:e] == "１４，６２７件"
    s, e = ex.organization.spans[0]
    assert text[s:e] == "株式会社テスト"
    assert ex.to_json()["records_max"]["value"] == 14627


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        (
            "流出した情報:カード番号、有効期限(セキュリティコードは含まれません)",
            {"card_number", "expiry"},
        ),
        (
            "漏えいの項目\nカード会員名、カード番号\nなお、システムはカード情報(カード番号、有効期限)を"
            "保持しないため安全と認識しておりました。",
            {"cardholder_name", "card_number"},
        ),
        # 「名義は含まれません」 negates the holder's name mentioned earlier in its sentence.
        (
            "流出した情報はカード番号、有効期限です。画面でカードの名義を入力いただいていないため、"
            "名義は含まれません。",
            {"card_number", "expiry"},
        ),
        # 「カードの名義」 in a slash list under a heading is the holder's name.
        (
            "漏れた可能性があるもの\n カード番号 / 有効期限 / カードの名義\n",
            {"card_number", "expiry", "cardholder_name"},
        ),
    ],
)
def test_negation_reaches_only_the_items_it_governs(snippet: str, expected: set[str]) -> None:
    assert set(extract(snippet).card_data.value) == expected


@pytest.mark.parametrize(
    ("snippet", "card", "personal"),
    [
        # a table marks each item yes or no (tabs, box-drawing bars)
        (
            "3.流出した情報\n項目\t有無\nカード番号\tあり\nセキュリティコード\tなし\n氏名・電話番号\tなし\n",
            {"card_number"},
            set(),
        ),
        (
            "■漏えいした可能性のある情報\n│ 住所 │ あり │\n│ 生年月日 │ なし │\n"
            "│ 有効期限 │ あり(※) │\n",
            {"expiry"},
            {"address"},
        ),
        # a block under a leak heading, with neutral sub-headings, past eight lines
        (
            "1.概要\n(1)漏えいのおそれがある情報\n①カード情報 最大900件\n"
            + "期間内に決済されたお客様のもの\n" * 7
            + "・カード番号\n②会員情報 約3,000件\n・氏名\n・ご住所\n"
            + "2.原因\n本件の原因は調査中です。\n",
            {"card_number"},
            {"name", "address"},
        ),
        # the block ends at the next heading, even a 「4)」 one
        (
            "3) 流出した情報\n 項目:カード番号、有効期限\n4) 弊社の対応\n"
            " ・メールアドレスのご登録がないお客様には書面をお送りします。\n",
            {"card_number", "expiry"},
            set(),
        ),
        # an answer to a question asking what leaked
        (
            "Q2.どの情報が漏えいしたのですか。\nA2.カード番号と有効期限、ご登録の電話番号です。\n",
            {"card_number", "expiry"},
            {"phone"},
        ),
        # one negation governs a list of nouns, bracketed or not
        (
            "流出した情報:カード番号\n※配達先住所、電話番号など、その他の会員情報の流出は確認されておりません。\n",
            {"card_number"},
            set(),
        ),
        (
            "漏えいした情報:有効期限\n※ログインID・パスワード、住所等の会員情報が漏えいした形跡はございません。\n",
            {"expiry"},
            set(),
        ),
        (
            "漏えいした情報:カード番号、有効期限\n※セキュリティコードは記録しておらず、漏えいの対象ではありません。",
            {"card_number", "expiry"},
            set(),
        ),
        # but not past a clause of its own
        (
            "カード番号、有効期限が漏えいした可能性があり、名義人名は含まれておりません。",
            {"card_number", "expiry"},
            set(),
        ),
        # member codes, affiliations; a post code is part of the address, a reading of the name
        # part of the name
        (
            "漏えいした可能性のある情報:組合員番号、氏名(カナ)、郵便番号、住所、所属団体名",
            set(),
            {"login_id", "name", "address", "company"},
        ),
        (
            "流出した可能性のある情報\n・お届け先のお名前\n・氏名(ふりがな)\n",
            set(),
            {"name"},
        ),
        # contact lines and advice under the list are not items
        (
            "3.流出した可能性のある情報\n・カード番号、有効期限\n本件のお問い合わせ\n"
            "電話番号:0120-000-000\nメールアドレス:help@example.jp\n",
            {"card_number", "expiry"},
            set(),
        ),
        (
            "■漏えいした情報\n・カード番号\n※お願い\nメールアドレスの変更をお勧めします。\n",
            {"card_number"},
            set(),
        ),
        # items in brackets counted as records
        (
            "1.概要\n・会員情報(氏名、メールアドレス)約2,000件\n",
            set(),
            {"name", "email"},
        ),
        # an answer without its own marker, after a Q-marked question
        (
            "Q1.漏えいしたのはどの情報ですか。\nカード番号、有効期限、電話番号です。\n",
            {"card_number", "expiry"},
            {"phone"},
        ),
        # 「対象となる情報」 names the leaked items
        (
            "対象となる可能性がある情報は、カード番号、セキュリティコードです。",
            {"card_number", "security_code"},
            set(),
        ),
    ],
)
def test_it_reads_data_items_from_layout(snippet: str, card: set[str], personal: set[str]) -> None:
    ex = extract(snippet)
    assert (set(ex.card_data.value), set(ex.personal_data.value)) == (card, personal)
