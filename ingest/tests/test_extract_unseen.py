# ruff: noqa: E501 - the notices keep their natural paragraph lines
"""Generalisation suite: hand-written breach notices in the styles of real 2013-2025 Japanese
notices (not copied from any dev or seed text), each with the SCHEMA values a careful annotator
would record (shared/eval/SCHEMA.md).

The first batch drove general fixes to the engine; the second was written afterwards to check
that those fixes carry over. Add a notice here whenever a real one exposes a miss.
"""

from __future__ import annotations

from typing import Any

import pytest

from ingest.extract import extract, prepare
from ingest.tests.unseen import check_field, field_cases, suite_report

U01 = """令和3年6月15日
株式会社ミナトフーズ

弊社が運営する「みなと食品オンラインショップ」への不正アクセスによる個人情報漏えいに関するお詫びとお知らせ

このたび、弊社が運営する「みなと食品オンラインショップ」(以下「本サイト」といいます。)におきまして、第三者による不正アクセスを受け、お客様のクレジットカード情報(2,345件)が漏えいした可能性があることが判明いたしました。
お客様をはじめ、関係者の皆様に多大なるご迷惑およびご心配をおかけする事態となりましたこと、深くお詫び申し上げます。

1.経緯
令和3年2月18日、決済代行会社から、本サイトを利用したお客様のクレジットカード情報の漏えい懸念について連絡を受け、同日、本サイトでのカード決済を停止いたしました。
同時に、第三者調査機関であるPayment Card Forensics株式会社(以下「PCF社」)に調査を依頼し、令和3年4月9日、調査が完了いたしました。

2.個人情報漏えい状況
(1)原因
本サイトで利用していたEC-CUBE(バージョン2.13)の脆弱性を突いた第三者の不正アクセスにより、ペイメントアプリケーションの改ざんが行われたため。

(2)個人情報漏えいの可能性があるお客様
令和2年9月1日～令和3年2月18日の期間中に本サイトにおいてクレジットカード決済をされたお客様最大2,345名で、漏えいした可能性のある情報は以下のとおりです。
・カード名義人名
・クレジットカード番号
・有効期限
・セキュリティコード

上記に該当するお客様については、別途、電子メールにてお知らせいたします。

3.お客様へのお願い
既に弊社では、クレジットカード会社と連携し、漏えいした可能性のあるクレジットカードによる取引のモニタリングを継続して実施し、不正利用の防止に努めております。
お客様におかれましても、誠に恐縮ではございますがクレジットカードのご利用明細書に身に覚えのない請求項目がないか、今一度ご確認をお願いいたします。

4.公表が遅れた経緯について
決済代行会社から連絡を受けてから今回の案内に至るまで、時間を要しましたことを深くお詫び申し上げます。
不確定な情報の公開はいたずらに混乱を招き、お客様へのご迷惑を最小限に食い止める対応準備を整えてからの告知が不可欠であるとの説明を受け、発表は調査会社の調査結果、カード会社との連携を待ってから行うことにいたしました。

5.再発防止策ならびに弊社が運営するサイトの再開について
弊社はこのたびの事態を厳粛に受け止め、調査結果を踏まえてシステムのセキュリティ対策および監視体制の強化を行い、再発防止を図ってまいります。
本サイトにおけるクレジットカード決済の再開日につきましては、決まり次第、改めて本サイト上にてお知らせいたします。

また、弊社は今回の不正アクセスにつきまして、監督官庁である個人情報保護委員会には令和3年3月1日に報告済みであり、また、所轄警察署にも令和3年3月3日に被害申告しており、今後捜査にも全面的に協力してまいります。
"""

U02 = """2019年8月30日
有限会社さくら工房

当社オンラインストアにおけるクレジットカード情報流出のお詫びとご報告

平素は格別のご高配を賜り、厚く御礼申し上げます。
このたび、当社運営のさくら工房オンラインストアにおいて、外部からの不正アクセスにより、お客様のクレジットカード情報が流出した可能性があることが判明いたしました。
お客様には多大なるご迷惑とご心配をおかけいたしますことを、深くお詫び申し上げます。

■経緯
2019年5月14日、クレジットカード会社より、当社サイトで利用されたカードが不正に使用された可能性があるとの連絡を受けました。
2019年5月16日、当社サイトでのクレジットカード決済を停止いたしました。
2019年5月20日、外部の調査機関に調査を依頼しました。
2019年7月26日、調査機関から最終調査報告書を受領いたしました。

■流出した可能性のある情報
対象期間:2018年11月2日～2019年5月16日
対象件数:約1,280件
情報の項目:カード番号、有効期限、カード名義人名
※セキュリティコードは保持しておりません。

■原因
当社サイトのシステムの脆弱性を突いた不正アクセスにより、カード情報入力画面が改ざんされたことが原因です。

■お客様へのお願い
対象となるお客様には、個別にメールにてご連絡いたします。ご利用明細書に身に覚えのない請求がないかご確認いただき、不審な請求がございましたら、カード裏面に記載のカード会社にお問い合わせください。

■今後の対応
クレジットカード会社と連携し、不正利用のモニタリングを継続して実施しております。なお、本件につきましては、個人情報保護委員会へ報告を行っております。
"""

U03 = """【重要】不正アクセスによるお客様情報流出の可能性に関するお知らせ

2022年11月4日
株式会社ブルーライン

このたび、弊社が運営する通販サイト「BLUE LINE STORE」において、第三者による不正アクセスがあり、お客様の個人情報が流出した可能性があることが判明いたしました。
お客様には多大なるご迷惑とご心配をおかけしますことを、深くお詫び申し上げます。

1. 経緯
2022年9月12日、弊社にてサーバー上に不審なファイルが設置されていることを検知いたしました。同日、サイトを一時閉鎖し、第三者調査機関によるフォレンジック調査を開始しました。
2022年10月21日、調査が完了し、流出の可能性がある情報の範囲が特定されました。

2. 流出した可能性のある情報
(1) 2022年8月30日から2022年9月12日までの間に本サイトで会員登録または会員情報の変更をされたお客様 12,345名様
 氏名、住所、電話番号、メールアドレス、生年月日、ログインID、パスワード
(2) 2022年9月5日に本サイトで商品をご購入されたお客様 318名様
 クレジットカード番号、有効期限、セキュリティコード

3. 原因
調査の結果、本サイトのアプリケーションの脆弱性を悪用され、不正なファイルが設置されたことにより、入力された情報が外部に送信されていたことが判明しました。

4. 今後の対応
対象のお客様には順次メールにてご連絡いたします。なお、本件については個人情報保護委員会および警察に報告しております。
"""

U04 = """2023年7月21日
ミドリ化学株式会社

当社オンラインショップへの不正アクセスに関するお知らせ(第2報)

2023年5月10日に公表いたしました、当社が運営する「ミドリ化学 公式ショップ」への不正アクセスにつきまして、外部専門機関による調査が完了いたしましたので、その結果をご報告いたします。

1. 調査結果の概要
外部専門機関による調査の結果、当社サイトで利用していたソフトウェアの脆弱性を突かれ、決済画面が改ざんされていたことが判明しました。

2. 流出した可能性のある情報
第1報では対象のお客様を約1万2千件としておりましたが、調査の結果、クレジットカード情報が流出した可能性のあるお客様は最大8,412件であることが判明しました。
対象期間:2022年12月1日~2023年4月18日
情報:クレジットカード番号、有効期限、セキュリティコード、カード名義人名

3. 経緯
2023年4月18日 決済代行会社から、当社サイトを利用したお客様のカード情報が流出した懸念があるとの連絡を受けました。同日、クレジットカード決済を停止しました。
4月25日 外部専門機関へ調査を依頼
7月7日 調査報告書を受領

4. 関係機関への報告
個人情報保護委員会への報告を2023年4月20日に行いました。また、警察にも相談しております。
"""

U05 = """令和２年２月２８日
株式会社ひまわり堂
代表取締役　山田　太郎

弊社通販サイトにおける個人情報流出に関する最終報告

令和元年１２月１６日付「弊社通販サイトへの不正アクセスに関するお知らせ」にてご報告いたしました件につきまして、調査が完了いたしましたので最終のご報告を申し上げます。

■経緯
令和元年１１月２５日　カード会社より、弊社サイトで利用されたカードの不正利用の疑いについて連絡を受ける
１１月２６日　弊社サイトのカード決済を停止
１２月３日　ＰＣＦ社に調査を依頼
１２月１６日　第一報を公表
１月２４日　ＰＣＦ社より最終調査報告書を受領
２月１０日　個人情報保護委員会に報告

■原因
弊社サイトのシステムの一部の脆弱性をついたことによる第三者の不正アクセスにより、ペイメントアプリケーションの改ざんが行われたため。

■流出件数・項目
対象期間：平成３１年３月１日～令和元年１１月２６日
件数：最大５１２件
項目：クレジットカード番号、有効期限、セキュリティコード
そのうち、不正利用が確認されたのは２３件です。

お客様には重ねてお詫び申し上げます。
"""

U06 = """■ 弊社ECサイトへの不正アクセスによる個人情報漏洩について

2024年3月8日
株式会社テラス・リテール

弊社が運営する「TERRACE MARKET」(https://www.terrace-market.jp/)におきまして、第三者による不正アクセスを受け、お客様の個人情報(クレジットカード情報を含む)が漏洩した可能性があることが判明しました。

① 漏洩の可能性がある期間
・2023年6月1日～2023年7月15日
・2023年10月2日～2023年12月20日

② 対象となるお客様
上記期間中に
本サイトにてクレジットカード決済をご利用になったお客様
延べ3,021件(実人数2,874名)

③ 漏洩の可能性がある情報
・クレジットカード番号
・有効期限
・カード名義人名
・氏名
・住所
・電話番号
・メールアドレス
※セキュリティコードは弊社システムでは保持しておりませんので、漏洩の対象外です。

④ 経緯
2023年12月20日
決済代行会社よりカード情報漏洩の懸念について連絡を受領
2023年12月21日
クレジットカード決済を停止
2024年1月10日
第三者調査機関による調査を開始
2024年2月22日
調査機関から調査結果の報告を受領

⑤ 原因
弊社サイトのWebアプリケーションの脆弱性を悪用した不正アクセスにより、決済画面に不正なプログラムが埋め込まれたことが原因と判明しました。

⑥ 今後の対応
警察ならびに個人情報保護委員会には報告済みです。システムのセキュリティ対策を強化し、再発防止に努めてまいります。
"""

U07 = """お客様情報流出の可能性に関するお詫び

2021年12月24日
株式会社ノースウィンド

平素より「ノースウィンド公式通販」をご利用いただき、誠にありがとうございます。
このたび、弊社が運営する「ノースウィンド公式通販」において、お客様のクレジットカード情報が流出した可能性があることが判明いたしました。

【経緯】
2021年11月29日、複数のお客様から、身に覚えのないクレジットカードの請求があったとのお問い合わせをいただきました。
翌日の2021年11月30日にクレジットカード決済を停止し、現在は代金引換および銀行振込のみでご注文を承っております。

【流出の可能性がある情報】
対象:2021年10月12日以降に本サイトでクレジットカード決済をされたお客様 最大約1万2千名
項目:カード名義人名、カード番号、有効期限、セキュリティコード

【原因】
原因については現在調査中です。第三者調査機関に調査を依頼しており、調査結果が判明次第、改めてご報告いたします。

【今後の対応】
本件については、所轄の警察署に相談するとともに、個人情報保護委員会へ報告いたしました。
"""

U08 = """平成26年6月27日
各位
株式会社ホクト電機商会

弊社ウェブサイトへの不正アクセスによるお客様情報流出に関するお詫びとお知らせ

このたび、弊社が運営するオンラインショップ(www.hokuto-denki.co.jp)において、外部からの不正アクセスにより、お客様のクレジットカード情報を含む個人情報が流出した可能性があることが判明いたしました。

1.経緯
平成26年4月8日、クレジットカード会社から、弊社サイトで買い物をしたお客様のカードが不正に利用されているとの指摘を受けました。直ちに外部の専門調査会社であるNRIセキュアテクノロジーズ株式会社に調査を依頼し、平成26年5月30日に調査報告書を受領いたしました。

2.調査結果
調査の結果、SQLインジェクションと呼ばれる手法による不正アクセスを受け、データベースに保存されていたクレジットカード情報が窃取されたことが判明いたしました。

3.流出した可能性のある情報
平成23年9月1日から平成26年4月8日までに弊社サイトでクレジットカード決済をされたお客様 4,210名
カード番号、有効期限、カード名義人名、氏名、住所、電話番号、メールアドレス
このうち、流出が確認されたのは1,093名です。
また、不正利用の被害が確認されたカードは57件です。

4.対応
平成26年4月9日より、弊社サイトでのクレジットカード決済を停止しております。
本件につきましては、経済産業省および警察に報告いたしました。
"""

U09 = """2025年3月14日
株式会社リバーサイド・ワークス

「RIVERSIDE WORKS ONLINE」におけるクレジットカード情報漏えいに関するお知らせ

弊社が運営する「RIVERSIDE WORKS ONLINE」(以下「本サイト」)において、第三者による不正アクセスを受け、お客様のクレジットカード情報が漏えいした可能性があることが判明しました。

1. 発覚の経緯
2025年1月14日、警視庁からの情報提供により、本サイトのクレジットカード情報入力画面が改ざんされている可能性を認識しました。同日、本サイトでのクレジットカード決済を停止するとともに、外部のセキュリティ専門会社に調査を依頼しました。
2025年2月27日、同社より調査報告書を受領しました。

2. 原因
本サイトの構築に利用していた外部委託先のシステムに対する不正アクセスにより、決済画面が改ざんされ、入力されたカード情報が外部に送信される状態となっていたことが判明しました。

3. 漏えいした可能性のある情報
2024年9月3日から2025年1月14日までの期間に本サイトでクレジットカード決済を行ったお客様 3,107名
カード名義人名、カード番号、有効期限、セキュリティコード、メールアドレス

4. 関係機関への報告
個人情報保護委員会および警察に報告済みです。また、各クレジットカード会社にも報告を行っております。
"""

U10 = """2024年3月29日
株式会社アオバ

当社運営サイト「アオバ文具店」への不正アクセスによる個人情報漏えいについて(最終報告)

2024年1月26日にお知らせいたしました、当社運営サイト「アオバ文具店」への不正アクセスによる個人情報漏えいにつきまして、第三者調査機関による調査が完了いたしましたので、最終報告としてお知らせいたします。

【経緯】
・2023年12月11日 決済代行会社より、当社サイトを経由したカード情報の漏えいの可能性について報告を受ける
・12月12日 当社サイトでのクレジットカード決済を停止
・12月20日 第三者調査機関による調査を開始
・1月26日 本件について第一報を公表
・2月16日 調査機関より最終報告書を受領
・2月19日 個人情報保護委員会へ確報を提出

【原因】
当社サイトで使用していたEC-CUBEの脆弱性を悪用した不正アクセスにより、決済画面が改ざんされたことが原因でした。

【漏えいした可能性のある情報】
対象期間：2023年8月4日〜2023年12月12日
対象件数：1,562件
漏えい項目：クレジットカード番号、有効期限、セキュリティコード
"""

U11 = """2020年10月2日
一般社団法人日本ハーブ協会

会員サイトへの不正ログインによる個人情報流出のお詫び

当協会が運営する会員向けサイト「ハーブ会員ポータル」において、管理者アカウントのIDとパスワードが第三者に窃取され、不正ログインを受けた結果、会員様の個人情報が流出したことが確認されました。

■ 発覚の経緯
2020年9月7日、会員様より「身に覚えのないメールが届いた」とのお問い合わせが複数寄せられ、調査したところ、同年8月31日に管理画面への不審なアクセスがあったことを確認いたしました。

■ 流出した情報
会員ID、氏名、メールアドレス、電話番号、勤務先
対象:1万2,480名
※クレジットカード情報は当協会では保持しておりませんので、流出はございません。

■ 対応
当該管理者アカウントを停止し、全会員のパスワードをリセットいたしました。なお、本件は個人情報保護委員会へ報告しております。
"""

U12 = """お客様各位

2018/09/14
森乃珈琲株式会社

弊社オンラインショップにおけるカード情報流出に関するお詫びとお知らせ

この度、弊社が運営する森乃珈琲オンラインショップにおきまして、第三者による不正アクセスを受け、お客様のクレジットカード情報3,980件が流出した可能性があることが判明しました。

1.経緯
2018/06/27 カードブランドより、弊社サイトで利用されたカード情報の流出懸念について連絡を受けました。
2018/06/28 弊社サイトでのカード決済を停止いたしました。
2018/07/02 ペイメントカードフォレンジックス株式会社に調査を依頼しました。
2018/08/10 同社より調査報告書を受領しました。

2.原因
弊社オンラインショップで使用していたショッピングカートソフトウェアの脆弱性を突いた不正アクセスにより、ペイメントアプリケーションが改ざんされていたことが原因です。

3.流出した可能性のある情報
対象期間:2017/11/20~2018/06/28
流出項目:カード番号、有効期限、セキュリティコード、カード名義人名

4.今後の対応
弊社は所轄の警察署へ被害届を提出しております。
"""

U13 = """平成28年10月21日
株式会社カワセミ書房

弊社通販サイトへの不正アクセスに関するお詫びとご報告(続報)

平成28年9月30日にお知らせいたしました弊社通販サイト「カワセミBOOKS」への不正アクセスにつきまして、調査の結果が判明いたしましたので、ご報告いたします。

1.調査結果
第三者調査機関であるデロイト トーマツ リスクサービス株式会社による調査の結果、弊社サーバーに不正プログラム(バックドア)が設置され、サーバー内に保存されていたクレジットカード情報が外部から取得されていたことが判明しました。

2.流出した可能性のある情報
平成28年8月31日までに弊社通販サイトでクレジットカード情報を登録されたお客様 延べ21,506件
カード番号、有効期限
※当初は約1万5千件とお知らせしておりましたが、調査により件数が増加いたしました。

3.経緯
平成28年9月2日、決済代行会社から、カード情報流出の可能性について連絡を受け、同日よりクレジットカード決済を停止しました。

4.今後の対応
所轄警察署および経済産業省へ報告しております。
"""

CARD4 = ["card_number", "expiry", "security_code", "cardholder_name"]

NOTICES: dict[str, tuple[str, dict[str, Any]]] = {
    "u01": (
        U01,
        {
            "organization": "株式会社ミナトフーズ",
            "sites": ["みなと食品オンラインショップ"],
            "published_on": "2021-06-15",
            "first_disclosed_on": "2021-06-15",
            "report_stage": "initial",
            "discovered_on": "2021-02-18",
            "discovered_by": "payment_processor",
            "forensic_firm": "Payment Card Forensics",
            "forensic_investigation": True,
            "forensic_report_on": "2021-04-09",
            "causes": ["vulnerable_software", "payment_page_tampering"],
            "card_data": CARD4,
            "personal_data": [],
            "records_max": 2345,
            "records_confirmed": None,
            "fraud_cases": None,
            "exposure_periods": [["2020-09-01", "2021-02-18"]],
            "payment_suspended_on": "2021-02-18",
            "reported_to": ["ppc", "police"],
        },
    ),
    "u02": (
        U02,
        {
            "organization": "有限会社さくら工房",
            "sites": ["さくら工房オンラインストア"],
            "published_on": "2019-08-30",
            "first_disclosed_on": "2019-08-30",
            "report_stage": "initial",
            "discovered_on": "2019-05-14",
            "discovered_by": "card_company",
            "forensic_firm": None,
            "forensic_investigation": True,
            "forensic_report_on": "2019-07-26",
            "causes": ["web_app_vulnerability", "payment_page_tampering"],
            "card_data": ["card_number", "expiry", "cardholder_name"],
            "personal_data": [],
            "records_max": 1280,
            "records_confirmed": None,
            "fraud_cases": None,
            "exposure_periods": [["2018-11-02", "2019-05-16"]],
            "payment_suspended_on": "2019-05-16",
            "reported_to": ["ppc"],
        },
    ),
    "u03": (
        U03,
        {
            "organization": "株式会社ブルーライン",
            "sites": ["BLUE LINE STORE"],
            "published_on": "2022-11-04",
            "first_disclosed_on": "2022-11-04",
            "report_stage": "initial",
            "discovered_on": "2022-09-12",
            "discovered_by": "self",
            "forensic_firm": None,
            "forensic_investigation": True,
            "forensic_report_on": "2022-10-21",
            "causes": ["web_app_vulnerability", "payment_page_tampering"],
            "card_data": ["card_number", "expiry", "security_code"],
            "personal_data": [
                "name",
                "address",
                "phone",
                "email",
                "birthdate",
                "login_id",
                "password",
            ],
            "records_max": 12345,
            "records_confirmed": None,
            "fraud_cases": None,
            "exposure_periods": [["2022-08-30", "2022-09-12"], ["2022-09-05", "2022-09-05"]],
            "payment_suspended_on": "2022-09-12",
            "reported_to": ["ppc", "police"],
        },
    ),
    "u04": (
        U04,
        {
            "organization": "ミドリ化学株式会社",
            "sites": ["ミドリ化学 公式ショップ"],
            "published_on": "2023-07-21",
            "first_disclosed_on": "2023-05-10",
            "report_stage": "update",
            "discovered_on": "2023-04-18",
            "discovered_by": "payment_processor",
            "forensic_firm": None,
            "forensic_investigation": True,
            "forensic_report_on": "2023-07-07",
            "causes": ["web_app_vulnerability", "payment_page_tampering"],
            "card_data": CARD4,
            "personal_data": [],
            "records_max": 8412,
            "records_confirmed": None,
            "fraud_cases": None,
            "exposure_periods": [["2022-12-01", "2023-04-18"]],
            "payment_suspended_on": "2023-04-18",
            "reported_to": ["ppc", "police"],
        },
    ),
    "u05": (
        U05,
        {
            "organization": "株式会社ひまわり堂",
            "sites": [],
            "published_on": "2020-02-28",
            "first_disclosed_on": "2019-12-16",
            "report_stage": "final",
            "discovered_on": "2019-11-25",
            "discovered_by": "card_company",
            "forensic_firm": "Payment Card Forensics",
            "forensic_investigation": True,
            "forensic_report_on": "2020-01-24",
            "causes": ["web_app_vulnerability", "payment_page_tampering"],
            "card_data": ["card_number", "expiry", "security_code"],
            "personal_data": [],
            "records_max": 512,
            "records_confirmed": None,
            "fraud_cases": 23,
            "exposure_periods": [["2019-03-01", "2019-11-26"]],
            "payment_suspended_on": "2019-11-26",
            "reported_to": ["ppc"],
        },
    ),
    "u06": (
        U06,
        {
            "organization": "株式会社テラス・リテール",
            "sites": ["TERRACE MARKET"],
            "published_on": "2024-03-08",
            "first_disclosed_on": "2024-03-08",
            "report_stage": "initial",
            "discovered_on": "2023-12-20",
            "discovered_by": "payment_processor",
            "forensic_firm": None,
            "forensic_investigation": True,
            "forensic_report_on": "2024-02-22",
            "causes": ["web_app_vulnerability", "payment_page_tampering"],
            "card_data": ["card_number", "expiry", "cardholder_name"],
            "personal_data": ["name", "address", "phone", "email"],
            "records_max": 3021,
            "records_confirmed": None,
            "fraud_cases": None,
            "exposure_periods": [["2023-06-01", "2023-07-15"], ["2023-10-02", "2023-12-20"]],
            "payment_suspended_on": "2023-12-21",
            "reported_to": ["police", "ppc"],
        },
    ),
    "u07": (
        U07,
        {
            "organization": "株式会社ノースウィンド",
            "sites": ["ノースウィンド公式通販"],
            "published_on": "2021-12-24",
            "first_disclosed_on": "2021-12-24",
            "report_stage": "initial",
            "discovered_on": "2021-11-29",
            "discovered_by": "customer",
            "forensic_firm": None,
            "forensic_investigation": True,
            "forensic_report_on": None,
            "causes": ["unknown"],
            "card_data": CARD4,
            "personal_data": [],
            "records_max": 12000,
            "records_confirmed": None,
            "fraud_cases": None,
            "exposure_periods": [["2021-10-12", None]],
            "payment_suspended_on": "2021-11-30",
            "reported_to": ["police", "ppc"],
        },
    ),
    "u08": (
        U08,
        {
            "organization": "株式会社ホクト電機商会",
            "sites": ["www.hokuto-denki.co.jp"],
            "published_on": "2014-06-27",
            "first_disclosed_on": "2014-06-27",
            "report_stage": "initial",
            "discovered_on": "2014-04-08",
            "discovered_by": "card_company",
            "forensic_firm": "NRI Secure",
            "forensic_investigation": True,
            "forensic_report_on": "2014-05-30",
            "causes": ["sql_injection", "card_data_retention"],
            "card_data": ["card_number", "expiry", "cardholder_name"],
            "personal_data": ["name", "address", "phone", "email"],
            "records_max": 4210,
            "records_confirmed": 1093,
            "fraud_cases": 57,
            "exposure_periods": [["2011-09-01", "2014-04-08"]],
            "payment_suspended_on": "2014-04-09",
            "reported_to": ["meti", "police"],
        },
    ),
    "u09": (
        U09,
        {
            "organization": "株式会社リバーサイド・ワークス",
            "sites": ["RIVERSIDE WORKS ONLINE"],
            "published_on": "2025-03-14",
            "first_disclosed_on": "2025-03-14",
            "report_stage": "initial",
            "discovered_on": "2025-01-14",
            "discovered_by": "police",
            "forensic_firm": None,
            "forensic_investigation": True,
            "forensic_report_on": "2025-02-27",
            "causes": ["third_party", "payment_page_tampering"],
            "card_data": CARD4,
            "personal_data": ["email"],
            "records_max": 3107,
            "records_confirmed": None,
            "fraud_cases": None,
            "exposure_periods": [["2024-09-03", "2025-01-14"]],
            "payment_suspended_on": "2025-01-14",
            "reported_to": ["ppc", "police", "card_companies"],
        },
    ),
    "u10": (
        U10,
        {
            "organization": "株式会社アオバ",
            "sites": ["アオバ文具店"],
            "published_on": "2024-03-29",
            "first_disclosed_on": "2024-01-26",
            "report_stage": "final",
            "discovered_on": "2023-12-11",
            "discovered_by": "payment_processor",
            "forensic_firm": None,
            "forensic_investigation": True,
            "forensic_report_on": "2024-02-16",
            "causes": ["vulnerable_software", "payment_page_tampering"],
            "card_data": ["card_number", "expiry", "security_code"],
            "personal_data": [],
            "records_max": 1562,
            "records_confirmed": None,
            "fraud_cases": None,
            "exposure_periods": [["2023-08-04", "2023-12-12"]],
            "payment_suspended_on": "2023-12-12",
            "reported_to": ["ppc"],
        },
    ),
    "u11": (
        U11,
        {
            "organization": "一般社団法人日本ハーブ協会",
            "sites": ["ハーブ会員ポータル"],
            "published_on": "2020-10-02",
            "first_disclosed_on": "2020-10-02",
            "report_stage": "initial",
            "discovered_on": "2020-09-07",
            "discovered_by": "customer",
            "forensic_firm": None,
            "forensic_investigation": False,
            "forensic_report_on": None,
            "causes": ["credential_compromise"],
            "card_data": [],
            "personal_data": ["login_id", "name", "email", "phone", "company"],
            "records_max": 12480,
            "records_confirmed": None,
            "fraud_cases": None,
            "exposure_periods": [],
            "payment_suspended_on": None,
            "reported_to": ["ppc"],
        },
    ),
    "u12": (
        U12,
        {
            "organization": "森乃珈琲株式会社",
            "sites": ["森乃珈琲オンラインショップ"],
            "published_on": "2018-09-14",
            "first_disclosed_on": "2018-09-14",
            "report_stage": "initial",
            "discovered_on": "2018-06-27",
            "discovered_by": "card_company",
            "forensic_firm": "Payment Card Forensics",
            "forensic_investigation": True,
            "forensic_report_on": "2018-08-10",
            "causes": ["web_app_vulnerability", "payment_page_tampering"],
            "card_data": CARD4,
            "personal_data": [],
            "records_max": 3980,
            "records_confirmed": None,
            "fraud_cases": None,
            "exposure_periods": [["2017-11-20", "2018-06-28"]],
            "payment_suspended_on": "2018-06-28",
            "reported_to": ["police"],
        },
    ),
    "u13": (
        U13,
        {
            "organization": "株式会社カワセミ書房",
            "sites": ["カワセミBOOKS"],
            "published_on": "2016-10-21",
            "first_disclosed_on": "2016-09-30",
            "report_stage": "update",
            "discovered_on": "2016-09-02",
            "discovered_by": "payment_processor",
            "forensic_firm": "Deloitte",
            "forensic_investigation": True,
            "forensic_report_on": None,
            "causes": ["malware", "card_data_retention"],
            "card_data": ["card_number", "expiry"],
            "personal_data": [],
            "records_max": 21506,
            "records_confirmed": None,
            "fraud_cases": None,
            "exposure_periods": [[None, "2016-08-31"]],
            "payment_suspended_on": "2016-09-02",
            "reported_to": ["police", "meti"],
        },
    ),
}

# A second batch, written after the engine fixes for the first, to measure rather than tune.
U14 = """2017年2月24日
株式会社ユキノハナ

弊社オンラインストアへの不正アクセスに関するお詫びとご報告

このたび、弊社が運営するオンラインストア「雪の花ギフト」におきまして、外部からの不正アクセスにより、お客様のクレジットカード情報が流出した可能性があることが判明いたしました。

【発覚の経緯】
平成28年11月30日、カード会社からの指摘を受け、弊社にて調査を開始するとともに、同日、クレジットカード決済機能を停止いたしました。その後、第三者調査機関に調査を依頼し、平成29年1月27日に調査報告書を受領いたしました。

【原因】
第三者調査機関による調査の結果、弊社ウェブサイトのシステムの脆弱性を突かれ、決済画面が改ざんされたことが原因であると判明いたしました。

【流出した可能性のある情報】
平成28年7月4日から平成28年11月30日までに「雪の花ギフト」でクレジットカード決済をされたお客様678名のカード番号、有効期限、セキュリティコード
このうち、すでに不正利用が確認されているのは12件です。

【今後の対応】
本件につきましては、経済産業省および個人情報保護委員会に報告済みであり、警察にも被害を相談しております。
"""

U15 = """2023年9月8日

お客様各位

株式会社ソラマメ食堂

「ソラマメ食堂 通販サイト」への不正アクセスによる個人情報漏えいに関するお知らせ

日頃より「ソラマメ食堂 通販サイト」をご利用いただき、誠にありがとうございます。
このたび、「ソラマメ食堂 通販サイト」(以下「本サイト」といいます。)におきまして、第三者による不正アクセスを受け、お客様の個人情報(クレジットカード情報を含む)が漏えいした可能性があることが判明いたしました。

1. 経緯
2023年5月22日、一部のクレジットカード会社から、本サイトを利用したお客様のクレジットカード情報の漏えい懸念について、決済代行会社を通じて連絡を受けました。
2023年5月23日、本サイトのクレジットカード決済を停止いたしました。
その後、第三者調査機関による調査を実施し、2023年8月1日に調査が完了いたしました。

2. 漏えいした可能性のある情報
(1)対象期間
2022年10月3日～2023年5月23日
(2)対象件数
最大 1,024件
(3)漏えいした可能性のある情報
氏名、住所、電話番号、メールアドレス、クレジットカード番号、有効期限、セキュリティコード

3. 原因
本サイトのシステムの一部の脆弱性をついたことによる第三者の不正アクセスにより、ペイメントアプリケーションの改ざんが行われたため。

4. 関係機関への報告
個人情報保護委員会には2023年5月30日に報告済みであり、また、所轄警察署にも被害申告しており、今後捜査にも全面的に協力してまいります。
"""

U16 = """【お詫び】不正アクセスによる会員情報流出について(第3報)

2019年12月20日
株式会社ミカヅキ

2019年11月15日および同年11月29日にお知らせいたしました、弊社ECサイト「MIKAZUKI ONLINE」における会員情報流出の件につきまして、続報をご報告いたします。

■ 調査結果
外部のセキュリティ専門会社である株式会社ラックによる調査の結果、管理画面のIDとパスワードが何らかの方法で窃取され、第三者が管理画面に不正ログインしたうえで、会員情報をダウンロードしていたことが確認されました。

■ 流出した情報
当初、流出件数を約3万件とご報告しておりましたが、調査の結果、流出した会員情報は28,431件であることが確定いたしました。
流出した項目:氏名、住所、電話番号、メールアドレス、生年月日、性別
※クレジットカード情報は本サイトでは保持しておりません。

■ 発覚の経緯
2019年11月12日、弊社にて管理画面への不審なログインを検知いたしました。
"""

U17 = """令和6年1月19日
株式会社コハク商店

当社が運営する「こはく屋 本店」における個人情報漏えいのお知らせとお詫び

このたび、当社が運営する「こはく屋 本店」(以下「本店サイト」)におきまして、第三者による不正アクセスを受け、お客様のクレジットカード情報が漏えいした可能性があることが判明しました。

■経緯
令和5年10月6日、警察より、本店サイトからカード情報が漏えいしている可能性がある旨の連絡がありました。同日、本店サイトでのカード決済を停止し、外部の調査会社に調査を依頼いたしました。
12月15日、調査会社より最終報告書を受領し、漏えいの範囲を確定いたしました。

■漏えいした可能性のある情報
令和4年12月1日から令和5年10月6日までの間に本店サイトでカード決済をされたお客様 1,911名様
カード名義人名、クレジットカード番号、有効期限、セキュリティコード

■原因
本店サイトで利用していた決済システムの提供元サーバーに対する不正アクセスにより、決済画面が改ざんされていたためです。
"""

NOTICES_2: dict[str, tuple[str, dict[str, Any]]] = {
    "u14": (
        U14,
        {
            "organization": "株式会社ユキノハナ",
            "sites": ["雪の花ギフト"],
            "published_on": "2017-02-24",
            "first_disclosed_on": "2017-02-24",
            "report_stage": "initial",
            "discovered_on": "2016-11-30",
            "discovered_by": "card_company",
            "forensic_firm": None,
            "forensic_investigation": True,
            "forensic_report_on": "2017-01-27",
            "causes": ["web_app_vulnerability", "payment_page_tampering"],
            "card_data": ["card_number", "expiry", "security_code"],
            "personal_data": [],
            "records_max": 678,
            "records_confirmed": None,
            "fraud_cases": 12,
            "exposure_periods": [["2016-07-04", "2016-11-30"]],
            "payment_suspended_on": "2016-11-30",
            "reported_to": ["meti", "ppc", "police"],
        },
    ),
    "u15": (
        U15,
        {
            "organization": "株式会社ソラマメ食堂",
            "sites": ["ソラマメ食堂 通販サイト"],
            "published_on": "2023-09-08",
            "first_disclosed_on": "2023-09-08",
            "report_stage": "initial",
            "discovered_on": "2023-05-22",
            "discovered_by": "card_company",
            "forensic_firm": None,
            "forensic_investigation": True,
            "forensic_report_on": "2023-08-01",
            "causes": ["web_app_vulnerability", "payment_page_tampering"],
            "card_data": ["card_number", "expiry", "security_code"],
            "personal_data": ["name", "address", "phone", "email"],
            "records_max": 1024,
            "records_confirmed": None,
            "fraud_cases": None,
            "exposure_periods": [["2022-10-03", "2023-05-23"]],
            "payment_suspended_on": "2023-05-23",
            "reported_to": ["ppc", "police"],
        },
    ),
    "u16": (
        U16,
        {
            "organization": "株式会社ミカヅキ",
            "sites": ["MIKAZUKI ONLINE"],
            "published_on": "2019-12-20",
            "first_disclosed_on": "2019-11-15",
            "report_stage": "update",
            "discovered_on": "2019-11-12",
            "discovered_by": "self",
            "forensic_firm": "LAC",
            "forensic_investigation": True,
            "forensic_report_on": None,
            "causes": ["credential_compromise"],
            "card_data": [],
            "personal_data": ["name", "address", "phone", "email", "birthdate", "other"],
            "records_max": 28431,
            "records_confirmed": None,
            "fraud_cases": None,
            "exposure_periods": [],
            "payment_suspended_on": None,
            "reported_to": [],
        },
    ),
    "u17": (
        U17,
        {
            "organization": "株式会社コハク商店",
            "sites": ["こはく屋 本店"],
            "published_on": "2024-01-19",
            "first_disclosed_on": "2024-01-19",
            "report_stage": "initial",
            "discovered_on": "2023-10-06",
            "discovered_by": "police",
            "forensic_firm": None,
            "forensic_investigation": True,
            "forensic_report_on": "2023-12-15",
            "causes": ["third_party", "payment_page_tampering"],
            "card_data": CARD4,
            "personal_data": [],
            "records_max": 1911,
            "records_confirmed": None,
            "fraud_cases": None,
            "exposure_periods": [["2022-12-01", "2023-10-06"]],
            "payment_suspended_on": "2023-10-06",
            "reported_to": [],
        },
    ),
}

ALL = {**NOTICES, **NOTICES_2}


@pytest.mark.parametrize(("doc_id", "name"), field_cases(ALL))
def test_unseen_notice_field(doc_id: str, name: str) -> None:
    check_field(ALL, doc_id, name)


def test_unseen_suite_accuracy() -> None:
    report = suite_report(ALL)
    assert report.headline >= 0.97, report.format(verbose=True)


def test_year_less_timeline_crosses_new_year() -> None:
    text = "2023年11月1日\n・2023年12月11日 連絡\n・12月20日 調査\n・1月26日 公表\n・2月16日 受領\n"
    dates = [d.date.isoformat() for d in prepare(text, tokenize=False).dates]
    assert dates[-2:] == ["2024-01-26", "2024-02-16"]
    # In running text an earlier year-less date is a look back, not the next year.
    text = "2024年10月16日に終了しました。7月29日の公表では最大約10万人としておりました。"
    assert prepare(text, tokenize=False).dates[-1].date.isoformat() == "2024-07-29"


@pytest.mark.parametrize(
    ("written", "n"),
    [("約1万2千件", 12000), ("1万2,480名", 12480), ("12,345名様", 12345), ("1.5万件", 15000)],
)
def test_counts_written_with_man(written: str, n: int) -> None:
    text = f"流出した可能性のあるお客様は{written}です。"
    assert extract(text).records_max.value == n


def test_interim_count_in_man_gives_way_to_the_revised_one() -> None:
    text = "当初は約3万件とお知らせしておりましたが、流出した可能性があるのは最大8,412件です。"
    assert extract(text).records_max.value == 8412
