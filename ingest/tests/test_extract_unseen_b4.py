# ruff: noqa: E501 - the notices keep their natural paragraph lines
"""Generalisation suite, fourth batch: hand-written notices in styles the earlier suites do not
cover (right-aligned datelines, 掲載日/更新日 pairs, a TSE timely-disclosure header, a holding
company reporting for a subsidiary, the organisation named only in the closing contact block,
bullets on one line, split card/personal counts, notes on encrypted passwords, police, card
companies and hosting providers as discoverers, truncated notices).

None of the text is copied from a dev or seed notice. Expected values follow
shared/eval/SCHEMA.md. C01-C14 were run through the engine before any change: first-run mean
field accuracy 0.929 (19 misses in 266 fields; personal_data 0.64, organization 0.79). C15-C18
were written after the fixes for those and run once before any further change: 0.934 (5 misses
in 76 fields: forensic_report_on x2, causes x2, reported_to). Both batches pass in full after
general fixes. Judgement calls: c16 counts 「ファイルアップロード機能の脆弱性」 as file_upload
only; c11 takes the quoted hotel name as the site; c14 takes the shop name signed above
「運営会社:」 as the site.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest

from ingest.extract import extract
from ingest.extract.record import LIST_FIELDS
from ingest.extract.scoring import as_set, norm, score

C01 = """弊社が運営する「はなまる雑貨オンライン」への不正アクセスによる個人情報漏えいに関するお詫びとお知らせ

　　　　　　　　　　　　　　　　　　　　　　　　　　　　2024年6月14日
　　　　　　　　　　　　　　　　　　　　　　　　　　　　株式会社ハナマルリビング

　このたび、弊社が運営する「はなまる雑貨オンライン」（以下「本サイト」といいます。）におきまして、第三者による不正アクセスを受け、お客様のクレジットカード情報（最大8,123件）および個人情報（最大12,480件）が漏えいした可能性があることが判明いたしました。
　お客様をはじめ、関係者の皆様には多大なるご迷惑およびご心配をおかけする事態となりましたことを、心より深くお詫び申し上げます。
　なお、個人情報が漏えいした可能性のあるお客様には、本日より、電子メールにてお詫びとお知らせを個別にご連絡申し上げております。電子メールがお届けできなかったお客様には、書状にてご連絡させていただきます。

記

１．経緯
　2024年2月26日、決済代行会社である株式会社フジミペイメントより、弊社サイトを利用したお客様のクレジットカード情報の漏洩懸念について連絡を受け、同日、本サイトのクレジットカード決済を停止いたしました。
　同時に、第三者調査機関による調査も開始いたしました。2024年4月30日、調査機関による調査が完了し、本サイトのシステムの一部の脆弱性をついたことによる第三者の不正アクセスにより、ペイメントアプリケーションの改ざんが行われたため、お客様のクレジットカード情報が漏洩した可能性があることを確認いたしました。
　以上の事実が確認できたため、本日の発表に至りました。

２．個人情報漏洩状況
（１）原因
　本サイトのシステムの一部の脆弱性をついたことによる第三者の不正アクセスにより、ペイメントアプリケーションの改ざんが行われたため。

（２）個人情報漏洩の可能性があるお客様
　①2023年9月1日～2024年2月26日の期間中に本サイトにおいてクレジットカード決済をされたお客様　最大8,123名
　　漏洩した可能性のある情報：カード名義人名、クレジットカード番号、有効期限、セキュリティコード
　②2019年4月1日～2024年2月26日の期間中に本サイトで会員登録をされたお客様　最大12,480名
　　漏洩した可能性のある情報：氏名、住所、電話番号、メールアドレス
　※ご登録のパスワードは暗号化して保存しており、漏洩の対象ではございません。

３．お客様へのお願い
　既に弊社では、クレジットカード会社と連携し、漏洩した可能性のあるクレジットカードによる取引のモニタリングを継続して実施し、不正利用の防止に努めております。
　お客様におかれましても、誠に恐縮ではございますがクレジットカードのご利用明細書に身に覚えのない請求項目がないか、今一度ご確認をお願いいたします。

４．公表が遅れた経緯について
　2024年2月26日の漏洩懸念から今回の案内に至るまで、時間を要しましたことを深くお詫び申し上げます。不確定な情報の公開はいたずらに混乱を招き、お客様へのご迷惑を最小限に食い止める対応準備を整えてからの告知が不可欠であるとの説明を受け、発表は調査会社の調査結果、およびカード会社との連携を待ってから行うことに致しました。

５．再発防止策ならびに弊社が運営するサイトの再開について
　弊社はこのたびの事態を厳粛に受け止め、調査結果を踏まえてシステムのセキュリティ対策および監視体制の強化を行い、再発防止を図ってまいります。
　改修後の本サイトの再開日につきましては、決定次第、改めてWebサイト上にてお知らせいたします。
　また、弊社は今回の不正アクセスにつきまして、個人情報保護委員会には報告済みであり、所轄警察署にも被害申告しており、今後捜査にも全面的に協力してまいります。

６．本件に関するお問い合わせ窓口
　株式会社ハナマルリビング　お客様相談窓口
　電話番号：0120-111-222（受付時間：10:00～17:00［土日祝日除く］）
"""

C02 = """【第2報】当社オンラインストアへの不正アクセスによるお客様情報流出について

令和6年4月5日
株式会社ヤマセ物産

　令和6年3月1日に公表いたしました、当社が運営する「ヤマセの干物 オンラインストア」（以下「本ストア」）への不正アクセスにつきまして、第三者調査機関による調査が完了いたしましたので、その結果と今後の対応についてご報告いたします。
　お客様には多大なるご迷惑とご心配をおかけしておりますことを、重ねて深くお詫び申し上げます。

1．本件の概要
　令和6年2月8日、クレジットカード会社からの連絡により、本ストアをご利用いただいたお客様のクレジットカード情報が流出した可能性があることを把握いたしました。当社は同日、本ストアにおけるクレジットカード決済機能を停止し、第三者調査機関に調査を依頼いたしました。
　令和6年3月22日、調査機関より最終報告書を受領し、第三者の不正アクセスにより本ストアの決済画面が改ざんされ、入力されたカード情報が外部に送信されていたことが判明いたしました。

2．流出の可能性がある情報
（1）対象となるお客様
　令和5年10月2日から令和6年2月8日までの間に、本ストアにてクレジットカード決済をご利用いただいたお客様　8,123名様
（2）流出した可能性のある情報
　クレジットカード番号、有効期限
　・氏名 ・住所 ・電話番号
　※セキュリティコードは当社システムで保持していないため、流出の対象ではありません。

3．当社の対応
　本件につきましては、経済産業省および個人情報保護委員会へ報告を行っております。
　対象のお客様には、本日より順次、電子メールにて個別にご連絡いたします。

4．お問い合わせ先
　株式会社ヤマセ物産　オンラインストア事務局
　メール：support@yamase-example.jp
"""

C03 = """2022/11/25

【重要】弊社通販サイトにおけるお客様情報の漏えいについて

お客様各位

　平素は「ミツバ健康ストア」をご利用いただき、誠にありがとうございます。
　このたび、弊社が運営する「ミツバ健康ストア」（以下「本サイト」）において、第三者による不正アクセスを受け、お客様のクレジットカード情報1,532件が漏えいした可能性があることが判明いたしました。
　お客様には多大なるご迷惑とご心配をおかけいたしますことを、深くお詫び申し上げます。

■経緯
　2022年8月17日、弊社がクレジットカード決済を委託している決済代行会社から、カード情報が流出している可能性がある旨の指摘を受け、翌18日に本サイトでのカード決済を停止いたしました。
　その後、外部の専門会社に調査を依頼し、2022年10月31日に調査結果の報告を受けました。

■原因
　本サイトで使用していたショッピングカートシステムの脆弱性を悪用され、決済画面に不正なプログラムが埋め込まれたことが原因と判明しております。

■対象となるお客様
　2022年3月3日から同年8月17日までの間に、本サイトでクレジットカード決済をご利用いただいたお客様

■漏えいした可能性のある情報
　漏洩した可能性のある情報：カード名義人名、クレジットカード番号、有効期限、セキュリティコード

■お客様へのお願い
　お手数をおかけいたしますが、クレジットカードのご利用明細書に身に覚えのない請求がないかご確認ください。

【本件に関するお問い合わせ先】
株式会社ミツバ商事　お客様相談窓口
フリーダイヤル：0120-333-444
受付時間：平日10時～17時
"""

C04 = """オンラインショップ「くろねこ茶房」に関するお詫びとお知らせ

　平素より「くろねこ茶房」をご愛顧いただき、誠にありがとうございます。
　このたび、弊社が運営するオンラインショップ「くろねこ茶房」において、第三者による不正アクセスを受け、ご利用いただいたお客様のクレジットカード情報が漏えいした可能性があることが判明いたしました。
　お客様には多大なるご迷惑とご心配をおかけする事態となりましたことを、深くお詫び申し上げます。

■経緯
　2023年11月2日、警察からの連絡により、当ショップのサーバーから外部にクレジットカード情報が送信されている可能性があることが判明いたしました。同日、当ショップにおけるクレジットカード決済を停止し、外部の専門会社によるデジタルフォレンジック調査を開始いたしました。
　原因につきましては、現在調査中でございます。

■対象となるお客様
　2023年2月15日から同年11月2日までの間に、当ショップでクレジットカード決済をご利用いただいたお客様

■漏えいした可能性のある情報
　・クレジットカード番号 ・有効期限 ・セキュリティコード

　なお、本件につきましては、個人情報保護委員会には報告済みであり、所轄警察署にも被害申告しており、今後捜査にも全面的に協力してまいります。

■お客様へのお願い
　お客様におかれましては、クレジットカードのご利用明細書に身に覚えのない請求項目がないか、ご確認をお願いいたします。万が一、身に覚えのない請求項目の記載があった場合は、たいへんお手数ですが同クレジットカードの裏面に記載のカード会社にお問い合わせいただきますよう
"""

C05 = """令和元年7月5日
ササキ産業株式会社

【重要】「ササキのお米屋さん」への不正アクセスに関するお詫びとご報告

　ササキ産業株式会社（以下「弊社」）が運営するインターネット通販サイト「ササキのお米屋さん」におきまして、外部からの不正アクセスにより、お客様の情報が流出した可能性があることが判明いたしました。
　ご利用のお客様ならびに関係者の皆様には、多大なるご迷惑とご心配をおかけいたしますことを深くお詫び申し上げます。

1．経緯
　2019年5月10日、クレジットカード会社からの連絡を受け、同日、当該サイトでのクレジットカード決済を停止いたしました。その後、ペイメントカードフォレンジックス株式会社による調査を実施し、2019年6月28日に調査報告書を受領いたしました。

2．原因
　当該サイトのプログラムに対するSQLインジェクション攻撃により、データベースに一時的に保存されていたカード情報が抜き取られたことが原因です。

3．流出の可能性がある情報と件数
　対象期間：2016年4月1日～2019年5月10日
　件数：クレジットカード情報　3,204件、個人情報　21,000件
　・クレジットカード情報：カード番号、有効期限、セキュリティコード、カード名義人名
　・個人情報：氏名、住所、電話番号、メールアドレス、生年月日
　※ご登録のパスワードは暗号化されており、流出の対象ではございません。

4．今後の対応
　弊社では、今回の事態を重く受け止め、再発防止策を講じたうえでサイトを再開する予定です。
　なお、所轄の警察署に被害を届け出ております。
"""

C06 = """弊社通販サイト「KAZE outdoor」へのサイバー攻撃に関するお知らせ

お客様各位

　このたび、弊社が運営する通販サイト「KAZE outdoor」におきまして、第三者によるサイバー攻撃を受け、お客様のクレジットカード情報が流出した可能性があることが判明いたしました。
　多大なるご迷惑とご心配をおかけいたしますことを、深くお詫び申し上げます。

【経緯】
　2016年6月9日、一部のカード会社から、弊社サイトで利用されたカードに不正利用の疑いがあるとの連絡を受けました。翌10日にカード決済を停止するとともに、第三者調査機関に調査を依頼いたしました。

【原因】
　調査の結果、サイトで使用していたApache Struts 2の脆弱性を突かれ、サーバー内のデータが窃取されたことが判明いたしました。

【流出の可能性がある情報】
　対象期間：2015年11月20日～2016年6月10日
　流出の可能性のあるカード件数：最大2,461件（うち不正利用の可能性があるもの47件）
　流出した可能性のある項目：カード番号、有効期限
　※セキュリティコードは弊社では保持しておりません。

【今後の対応】
　本件につきましては、経済産業省および所轄警察署へ報告いたしました。
　対象のお客様には、書面にて個別にご連絡申し上げます。

以上
2016年8月5日
株式会社カゼアウトドア
"""

C07 = """合同会社ミナミ珈琲焙煎所

当社オンラインショップにおけるクレジットカード情報漏洩に関するお詫びとお知らせ

2021年8月20日

　このたび、当社が運営する「ミナミ珈琲 WEB SHOP」（以下「本サイト」）におきまして、第三者による不正アクセスを受け、お客様のクレジットカード情報（653件）が漏洩した可能性があることが判明いたしました。
　お客様をはじめ、関係者の皆様に多大なるご迷惑およびご心配をおかけいたしますこと、深くお詫び申し上げます。

1．経緯
　2021年5月24日、決済代行会社から、本サイトを利用したお客様のカード情報漏洩の懸念がある旨の連絡を受け、同日、本サイトのカード決済を停止いたしました。その後、第三者調査機関による調査を行い、2021年7月16日に調査が完了いたしました。

2．クレジットカード情報漏洩状況
（1）原因
　本サイトのシステムの一部の脆弱性をついたことによる第三者の不正アクセスにより、ペイメントアプリケーションの改ざんが行われたため。
（2）対象となるお客様
　2020年12月8日～2021年5月24日の期間中に本サイトでクレジットカード決済をされたお客様653名
（3）漏洩した可能性のある情報
　・カード名義人名
　・クレジットカード番号
　・有効期限
　・セキュ"""

C08 = """2021年10月29日（金）
株式会社アオイ化粧品　代表取締役社長　青井　誠

公式通販サイトへの不正アクセスによるお客様情報漏えいの可能性に関するお詫び

　株式会社アオイ化粧品の公式通販サイト「AOI BEAUTY ONLINE」（以下「当サイト」）において、第三者による不正アクセスが発生し、お客様の個人情報およびクレジットカード情報が漏えいした可能性があることが判明いたしました。深くお詫び申し上げます。

1．発覚の経緯
　2021年9月14日、弊社がクレジットカード決済業務を委託している株式会社トライネクスから、当サイトにおいてカード情報が流出している可能性がある旨の指摘を受けました。同日中に当サイトのクレジットカード決済を停止し、外部の専門会社に調査を依頼しました。
　2021年10月22日、同社から調査結果の報告を受け、当サイトの決済ページが改ざんされていたことが確認されました。

2．漏えいの可能性がある情報
　対象：2021年4月1日から2021年9月14日までに当サイトでクレジットカード決済を行ったお客様（最大4,907名）
　情報：クレジットカード番号、有効期限、セキュリティコード、氏名、メールアドレス

3．今後の対応
　弊社は、個人情報保護委員会への報告を完了しております。また、クレジットカード会社に対し、対象カードのモニタリングを依頼しております。
"""

C09 = """【最終報告】弊社ECサイトへの不正アクセスに関する調査結果のご報告

2020年3月19日
株式会社ヒイラギ・ライフスタイル

　弊社ECサイト「HIIRAGI STORE」への不正アクセスにつきまして、2019年12月20日（第1報）および2020年1月31日（第2報）にてお知らせいたしましたが、このたび調査が終了いたしましたので、最終のご報告を申し上げます。

1．調査の結果
　弊社が調査を依頼した株式会社ラックより、2020年3月6日に最終調査報告書を受領いたしました。報告書によれば、管理者アカウントのIDおよびパスワードが不正に使用され、決済画面に不正なプログラムが設置されたことにより、お客様が入力したカード情報が外部に送信されていたことが判明いたしました。

2．経緯
　2019年11月27日、弊社サーバーの監視において不審なファイルを発見したため、同日、本サイトを一時閉鎖いたしました。

3．流出した可能性のある情報
　当初、約5,000件とお知らせしておりましたが、調査の結果、流出の可能性がある件数は最終的に4,318件となりました。このうち、実際に流出が確認されたのは1,120件です。
　対象期間：2019年8月5日から2019年11月27日まで
　対象情報：カード名義人名、カード番号、有効期限、セキュリティコード、氏名、メールアドレス

4．関係機関への報告
　個人情報保護委員会への報告を行っております。
"""

C10 = """2022年6月10日
各　位
会社名　株式会社ツバサホールディングス
代表者名　代表取締役社長　山本　一郎
（コード番号：9999　東証スタンダード）
問合せ先　取締役管理本部長　中村　健
（TEL．03-0000-0000）

連結子会社への不正アクセスによる個人情報流出の可能性に関するお知らせ

　当社の連結子会社である株式会社ツバサ食品（以下「ツバサ食品」）が運営する「つばさ食品公式通販」において、第三者による不正アクセスを受け、お客様のクレジットカード情報が流出した可能性があることが判明いたしましたので、お知らせいたします。

1．経緯
　2022年4月12日、ツバサ食品は決済代行会社から、同サイトを利用したお客様のカード情報が流出した懸念がある旨の連絡を受け、同日、クレジットカード決済を停止いたしました。その後、第三者調査機関による調査を実施し、2022年5月27日に調査結果を受領いたしました。

2．流出の可能性がある情報
　2021年10月1日～2022年4月12日の期間に同サイトでクレジットカード決済をされたお客様の以下の情報（最大6,032件）
　・カード名義人名、クレジットカード番号、有効期限、セキュリティコード

3．原因
　同サイトのシステムの脆弱性を突いた不正アクセスにより、決済画面が改ざんされたためです。

4．業績への影響
　本件が当社の連結業績に与える影響は軽微であると見込んでおります。
"""

C11 = """2025年2月7日

ご予約サイトにおける不正アクセス被害について

株式会社湯けむり観光
ホテル湯けむり

　当社が運営する「ホテル湯けむり」の公式予約サイト（以下「予約サイト」）におきまして、第三者による不正アクセスを受け、ご予約時に入力されたお客様の情報が漏えいした可能性があることが判明いたしました。
　ご利用のお客様には多大なるご迷惑とご心配をおかけいたしますこと、心よりお詫び申し上げます。

1．経緯
　2024年10月21日、当社のシステム監視において、予約サイトのサーバーに不審なファイルが設置されていることを検知しました。同日、予約サイトでのクレジットカード決済を停止し、第三者調査機関に調査を依頼いたしました。
　2025年1月24日、第三者調査機関による調査が完了し、予約画面に不正なスクリプトが埋め込まれていたことが確認されました。

2．漏えいの可能性がある情報
　対象となるお客様：2024年7月1日～2024年10月21日に予約サイトでクレジットカード情報を入力されたお客様　1,806名
　・カード名義、カード番号、有効期限、セキュリティコード
　・氏名、メールアドレス、電話番号、宿泊日

3．当社の対応
　本件につきましては、個人情報保護委員会及び警察に報告しております。
"""

C12 = """掲載日：2018年3月2日
更新日：2018年3月9日

お客様各位

株式会社ノギク園芸

弊社オンラインショップにおけるクレジットカード情報流出についてのお詫び

　このたび、弊社が運営するオンラインショップ「ノギク園芸ネット」において、お客様のクレジットカード情報が流出した可能性があることが判明いたしました。

【経緯】
　2018年1月22日、複数のお客様から、身に覚えのないクレジットカードの請求があるとのお問い合わせをいただきました。1月22日、カード決済を停止し、NRIセキュアテクノロジーズ株式会社に調査を依頼いたしました。2月23日に調査報告書を受領いたしました。

【原因】
　ショッピングカートとして使用していたEC-CUBE 2.11の脆弱性を突かれ、カード情報入力フォームが改ざんされたことによるものです。

【対象】
　2017年6月15日から2018年1月22日までにクレジットカード決済を行ったお客様（最大984件）
　カード名義人名、カード番号、有効期限、セキュリティコード

（3月9日更新：お問い合わせ窓口の受付時間を変更いたしました。）
"""

C13 = """平成27年8月21日
株式会社 丸八園

弊社運営サイトへの不正アクセスについてのお詫び

　このたび、弊社が運営する「丸八園 本店」および「丸八園 ギフト館」の2サイトにおいて、第三者による不正アクセスを受け、お客様のクレジットカード情報が流出した可能性があることが判明いたしました。

1．経緯
　平成27年7月1日、クレジットカード会社より、弊社サイトでカードを利用したお客様の情報が流出している懸念がある旨の連絡を受け、同日、両サイトのカード決済を停止いたしました。

2．流出の可能性がある情報
　丸八園 本店：平成26年12月1日から平成27年7月1日までにカード決済をされたお客様
　丸八園 ギフト館：平成27年3月10日から平成27年7月1日までにカード決済をされたお客様
　合計1,211件（カード番号、有効期限、カード名義人名）

3．対応
　警察及びカード会社に報告しております。原因については引き続き調査中です。
"""

C14 = """【重要】当店サイトへの不正アクセスについて

いつも当店をご利用いただきありがとうございます。
当店サイトのサーバーにバックドア（不正プログラム）が設置され、お客様の情報が外部から閲覧可能な状態になっていたことが判明しました。
2025年1月9日、ご利用のレンタルサーバー事業者から、当店サイトに不審なファイルが置かれているとの連絡を受け、直ちにファイルを削除いたしました。

閲覧された可能性のある情報：お客様のお名前、ご住所、メールアドレス
対象期間：2024年12月26日～2025年1月9日
※クレジットカード情報は決済代行会社にて管理しており、当店では保持しておりません。

ご迷惑をおかけし、誠に申し訳ございません。

手づくり革小物の店 やまね
運営会社：有限会社ヤマネ工房
"""

C15 = """当社ECサイトへの不正アクセスに関するお詫びとお知らせ（第2報）

令和5年12月8日
株式会社ワカバ書林

　令和5年10月13日付「当社ECサイトへの不正アクセスに関するお詫びとお知らせ」にてお知らせいたしました件につきまして、外部専門機関による調査が完了いたしましたので、調査結果をご報告いたします。

■調査結果の概要
　令和5年9月20日、カード発行会社から、当社ECサイト「わかば書林オンライン」でカードを利用したお客様に不正利用が発生しているとの連絡を受け、翌日、カード決済を停止いたしました。
　調査の結果、当社ECサイトのアプリケーションの脆弱性を利用した不正アクセスにより、クレジットカード情報入力画面が改ざんされていたことが判明いたしました。調査報告書は令和5年11月24日に受領しております。

■流出の可能性がある情報
　令和5年5月8日から同年9月20日までの間に当社ECサイトでクレジットカード決済をされたお客様のクレジットカード情報　2,145件
　（カード名義人名、カード番号、有効期限、セキュリティコード）
　また、同サイトに会員登録されていたお客様の個人情報　約2万1千件
　（氏名、住所、電話番号、メールアドレス）

■関係機関への報告
　個人情報保護委員会に報告するとともに、警視庁に相談しております。
"""

C16 = """チケット販売サイトへの不正アクセスについて

　公益財団法人しらかば文化振興財団（以下「当財団」）が運営するチケット販売サイト「しらかばチケット」において、ウェブサイトのファイルアップロード機能の脆弱性を悪用した不正アクセスが行われ、お客様の個人情報およびクレジットカード情報が流出した可能性があることが判明しました。

1　経緯
　2023年1月16日、セキュリティ会社からの指摘により、本サイトのサーバーに不審なファイルが存在することが判明し、同日、本サイトを停止しました。
　その後、株式会社サイバーディフェンス研究所に調査を依頼し、2023年3月10日に調査結果の報告を受けました。

2　流出の可能性がある情報
　対象件数　　最大3,366件
　対象期間　　2022年8月29日～2023年1月16日
　対象情報　　氏名、電話番号、メールアドレス、クレジットカード番号、有効期限

3　今後の対応
　当財団は、所管行政庁及び個人情報保護委員会へ報告を行いました。

以上
2023年3月31日
公益財団法人しらかば文化振興財団
"""

C17 = """更新日：2024/09/02

Maple & Co. オンラインストアにおける個人情報漏えいの可能性に関するお知らせ

メープルアンドコー株式会社

　弊社が運営する「Maple & Co. Online Store」におきまして、第三者による不正アクセスにより、お客様のクレジットカード情報および個人情報が漏えいした可能性があることが判明いたしました。

【経緯】
　2024年6月3日に、弊社の決済代行会社より、カード情報漏えいの懸念があるとの連絡を受けました。同日、クレジットカード決済を停止し、第三者調査機関によるフォレンジック調査を開始いたしました。2024年8月9日に調査が完了し、決済画面が改ざんされていたことが判明いたしました。

【漏えいの可能性がある情報】
　対象期間：2024/1/10～2024/6/3
　対象件数：1,477件
　クレジットカード情報：カード番号、有効期限、セキュリティコード
　個人情報：
　・氏名
　・電話番号
　・メールアド"""

C18 = """平成26年5月30日
お客様各位
株式会社アサツユ

弊社通販サイトへの不正アクセスに関する最終報告

　平成26年3月14日付でお知らせいたしました弊社通販サイト「朝露ダイレクト」への不正アクセスにつきまして、調査が終了いたしましたので、最終報告をいたします。

1．経緯
　平成26年2月27日、カード会社より、弊社通販サイトで使用されたカードが不正利用されている可能性があるとの連絡を受け、同日、カード決済を停止いたしました。

2．調査結果
　調査機関による調査の結果、平成24年11月1日から平成26年2月27日までにカード決済をご利用されたお客様約1万2千名様のカード番号、有効期限、セキュリティコードが流出した可能性があることが判明いたしました。このうち、既に不正利用されたカードは15件確認されております。

3．原因
　サーバーに不正なプログラムが設置され、弊社サーバー内に保存されていたカード情報が抜き取られたことが原因です。
"""

CARD4 = ["cardholder_name", "card_number", "expiry", "security_code"]
CARD3 = ["card_number", "expiry", "security_code"]


def _gold(**kw: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "organization": None,
        "sites": [],
        "published_on": None,
        "first_disclosed_on": None,
        "report_stage": "initial",
        "discovered_on": None,
        "discovered_by": None,
        "forensic_firm": None,
        "forensic_investigation": True,
        "forensic_report_on": None,
        "causes": [],
        "card_data": [],
        "personal_data": [],
        "records_max": None,
        "records_confirmed": None,
        "fraud_cases": None,
        "exposure_periods": [],
        "payment_suspended_on": None,
        "reported_to": [],
    }
    base.update(kw)
    if base["first_disclosed_on"] is None and kw.get("published_on"):
        base["first_disclosed_on"] = base["published_on"]
    return base


NOTICES: dict[str, tuple[str, dict[str, Any]]] = {
    "c01": (
        C01,
        _gold(
            organization="株式会社ハナマルリビング",
            sites=["はなまる雑貨オンライン"],
            published_on="2024-06-14",
            discovered_on="2024-02-26",
            discovered_by="payment_processor",
            forensic_report_on="2024-04-30",
            causes=["web_app_vulnerability", "payment_page_tampering"],
            card_data=CARD4,
            personal_data=["name", "address", "phone", "email"],
            records_max=12480,
            exposure_periods=[["2023-09-01", "2024-02-26"], ["2019-04-01", "2024-02-26"]],
            payment_suspended_on="2024-02-26",
            reported_to=["ppc", "police"],
        ),
    ),
    "c02": (
        C02,
        _gold(
            organization="株式会社ヤマセ物産",
            sites=["ヤマセの干物 オンラインストア"],
            published_on="2024-04-05",
            first_disclosed_on="2024-03-01",
            report_stage="update",
            discovered_on="2024-02-08",
            discovered_by="card_company",
            forensic_report_on="2024-03-22",
            causes=["payment_page_tampering"],
            card_data=["card_number", "expiry"],
            personal_data=["name", "address", "phone"],
            records_max=8123,
            exposure_periods=[["2023-10-02", "2024-02-08"]],
            payment_suspended_on="2024-02-08",
            reported_to=["meti", "ppc"],
        ),
    ),
    "c03": (
        C03,
        _gold(
            organization="株式会社ミツバ商事",
            sites=["ミツバ健康ストア"],
            published_on="2022-11-25",
            discovered_on="2022-08-17",
            discovered_by="payment_processor",
            forensic_report_on="2022-10-31",
            causes=["web_app_vulnerability", "payment_page_tampering"],
            card_data=CARD4,
            records_max=1532,
            exposure_periods=[["2022-03-03", "2022-08-17"]],
            payment_suspended_on="2022-08-18",
        ),
    ),
    "c04": (
        C04,
        _gold(
            sites=["くろねこ茶房"],
            discovered_on="2023-11-02",
            discovered_by="police",
            causes=["unauthorized_access", "unknown"],
            card_data=CARD3,
            exposure_periods=[["2023-02-15", "2023-11-02"]],
            payment_suspended_on="2023-11-02",
            reported_to=["ppc", "police"],
        ),
    ),
    "c05": (
        C05,
        _gold(
            organization="ササキ産業株式会社",
            sites=["ササキのお米屋さん"],
            published_on="2019-07-05",
            discovered_on="2019-05-10",
            discovered_by="card_company",
            forensic_firm="Payment Card Forensics",
            forensic_report_on="2019-06-28",
            causes=["sql_injection", "card_data_retention"],
            card_data=CARD4,
            personal_data=["name", "address", "phone", "email", "birthdate"],
            records_max=21000,
            exposure_periods=[["2016-04-01", "2019-05-10"]],
            payment_suspended_on="2019-05-10",
            reported_to=["police"],
        ),
    ),
    "c06": (
        C06,
        _gold(
            organization="株式会社カゼアウトドア",
            sites=["KAZE outdoor"],
            published_on="2016-08-05",
            discovered_on="2016-06-09",
            discovered_by="card_company",
            causes=["vulnerable_software"],
            card_data=["card_number", "expiry"],
            records_max=2461,
            fraud_cases=47,
            exposure_periods=[["2015-11-20", "2016-06-10"]],
            payment_suspended_on="2016-06-10",
            reported_to=["meti", "police"],
        ),
    ),
    "c07": (
        C07,
        _gold(
            organization="合同会社ミナミ珈琲焙煎所",
            sites=["ミナミ珈琲 WEB SHOP"],
            published_on="2021-08-20",
            discovered_on="2021-05-24",
            discovered_by="payment_processor",
            forensic_report_on="2021-07-16",
            causes=["web_app_vulnerability", "payment_page_tampering"],
            card_data=["cardholder_name", "card_number", "expiry"],
            records_max=653,
            exposure_periods=[["2020-12-08", "2021-05-24"]],
            payment_suspended_on="2021-05-24",
        ),
    ),
    "c08": (
        C08,
        _gold(
            organization="株式会社アオイ化粧品",
            sites=["AOI BEAUTY ONLINE"],
            published_on="2021-10-29",
            discovered_on="2021-09-14",
            discovered_by="payment_processor",
            forensic_report_on="2021-10-22",
            causes=["payment_page_tampering"],
            card_data=CARD3,
            personal_data=["name", "email"],
            records_max=4907,
            exposure_periods=[["2021-04-01", "2021-09-14"]],
            payment_suspended_on="2021-09-14",
            reported_to=["ppc"],
        ),
    ),
    "c09": (
        C09,
        _gold(
            organization="株式会社ヒイラギ・ライフスタイル",
            sites=["HIIRAGI STORE"],
            published_on="2020-03-19",
            first_disclosed_on="2019-12-20",
            report_stage="final",
            discovered_on="2019-11-27",
            discovered_by="self",
            forensic_firm="LAC",
            forensic_report_on="2020-03-06",
            causes=["credential_compromise", "payment_page_tampering"],
            card_data=CARD4,
            personal_data=["name", "email"],
            records_max=4318,
            records_confirmed=1120,
            exposure_periods=[["2019-08-05", "2019-11-27"]],
            payment_suspended_on="2019-11-27",
            reported_to=["ppc"],
        ),
    ),
    "c10": (
        C10,
        _gold(
            organization="株式会社ツバサホールディングス",
            sites=["つばさ食品公式通販"],
            published_on="2022-06-10",
            discovered_on="2022-04-12",
            discovered_by="payment_processor",
            forensic_report_on="2022-05-27",
            causes=["web_app_vulnerability", "payment_page_tampering"],
            card_data=CARD4,
            records_max=6032,
            exposure_periods=[["2021-10-01", "2022-04-12"]],
            payment_suspended_on="2022-04-12",
        ),
    ),
    "c11": (
        C11,
        _gold(
            organization="株式会社湯けむり観光",
            sites=["ホテル湯けむり"],
            published_on="2025-02-07",
            discovered_on="2024-10-21",
            discovered_by="self",
            forensic_report_on="2025-01-24",
            causes=["payment_page_tampering"],
            card_data=CARD4,
            personal_data=["name", "email", "phone", "other"],
            records_max=1806,
            exposure_periods=[["2024-07-01", "2024-10-21"]],
            payment_suspended_on="2024-10-21",
            reported_to=["ppc", "police"],
        ),
    ),
    "c12": (
        C12,
        _gold(
            organization="株式会社ノギク園芸",
            sites=["ノギク園芸ネット"],
            published_on="2018-03-02",
            discovered_on="2018-01-22",
            discovered_by="customer",
            forensic_firm="NRI Secure",
            forensic_report_on="2018-02-23",
            causes=["vulnerable_software", "payment_page_tampering"],
            card_data=CARD4,
            records_max=984,
            exposure_periods=[["2017-06-15", "2018-01-22"]],
            payment_suspended_on="2018-01-22",
        ),
    ),
    "c13": (
        C13,
        _gold(
            organization="株式会社 丸八園",
            sites=["丸八園 本店", "丸八園 ギフト館"],
            published_on="2015-08-21",
            discovered_on="2015-07-01",
            discovered_by="card_company",
            forensic_investigation=False,
            causes=["unauthorized_access", "unknown"],
            card_data=["card_number", "expiry", "cardholder_name"],
            records_max=1211,
            exposure_periods=[["2014-12-01", "2015-07-01"], ["2015-03-10", "2015-07-01"]],
            payment_suspended_on="2015-07-01",
            reported_to=["police", "card_companies"],
        ),
    ),
    "c14": (
        C14,
        _gold(
            organization="有限会社ヤマネ工房",
            sites=["手づくり革小物の店 やまね"],
            discovered_on="2025-01-09",
            discovered_by="other",
            forensic_investigation=False,
            causes=["malware"],
            personal_data=["name", "address", "email"],
            exposure_periods=[["2024-12-26", "2025-01-09"]],
        ),
    ),
}

NOTICES_2: dict[str, tuple[str, dict[str, Any]]] = {
    "c15": (
        C15,
        _gold(
            organization="株式会社ワカバ書林",
            sites=["わかば書林オンライン"],
            published_on="2023-12-08",
            first_disclosed_on="2023-10-13",
            report_stage="update",
            discovered_on="2023-09-20",
            discovered_by="card_company",
            forensic_report_on="2023-11-24",
            causes=["web_app_vulnerability", "payment_page_tampering"],
            card_data=CARD4,
            personal_data=["name", "address", "phone", "email"],
            records_max=21000,
            exposure_periods=[["2023-05-08", "2023-09-20"]],
            payment_suspended_on="2023-09-21",
            reported_to=["ppc", "police"],
        ),
    ),
    "c16": (
        C16,
        _gold(
            organization="公益財団法人しらかば文化振興財団",
            sites=["しらかばチケット"],
            published_on="2023-03-31",
            discovered_on="2023-01-16",
            discovered_by="other",
            forensic_firm="Cyber Defense Institute",
            forensic_report_on="2023-03-10",
            causes=["file_upload"],
            card_data=["card_number", "expiry"],
            personal_data=["name", "phone", "email"],
            records_max=3366,
            exposure_periods=[["2022-08-29", "2023-01-16"]],
            payment_suspended_on="2023-01-16",
            reported_to=["other_authority", "ppc"],
        ),
    ),
    "c17": (
        C17,
        _gold(
            organization="メープルアンドコー株式会社",
            sites=["Maple & Co. Online Store"],
            published_on="2024-09-02",
            discovered_on="2024-06-03",
            discovered_by="payment_processor",
            forensic_report_on="2024-08-09",
            causes=["payment_page_tampering"],
            card_data=CARD3,
            personal_data=["name", "phone"],
            records_max=1477,
            exposure_periods=[["2024-01-10", "2024-06-03"]],
            payment_suspended_on="2024-06-03",
        ),
    ),
    "c18": (
        C18,
        _gold(
            organization="株式会社アサツユ",
            sites=["朝露ダイレクト"],
            published_on="2014-05-30",
            first_disclosed_on="2014-03-14",
            report_stage="final",
            discovered_on="2014-02-27",
            discovered_by="card_company",
            causes=["malware", "card_data_retention"],
            card_data=CARD3,
            records_max=12000,
            fraud_cases=15,
            exposure_periods=[["2012-11-01", "2014-02-27"]],
            payment_suspended_on="2014-02-27",
        ),
    ),
}

ALL = {**NOTICES, **NOTICES_2}
# Fields the engine still gets wrong, kept visible as strict xfails (see the report).
KNOWN_MISSES: dict[tuple[str, str], str] = {}
CASES = [(doc_id, name) for doc_id, (_, gold) in ALL.items() for name in gold]


@cache
def _extracted(doc_id: str) -> dict[str, Any]:
    return extract(ALL[doc_id][0]).schema()


def _same(name: str, got: Any, want: Any) -> bool:
    if name in LIST_FIELDS:
        return as_set(norm(got)) == as_set(norm(want))
    return norm(got) == norm(want)


def _case(doc_id: str, name: str) -> Any:
    reason = KNOWN_MISSES.get((doc_id, name))
    marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
    return pytest.param(doc_id, name, marks=marks, id=f"{doc_id}-{name}")


@pytest.mark.parametrize(("doc_id", "name"), [_case(d, n) for d, n in CASES])
def test_unseen_b4_notice_field(doc_id: str, name: str) -> None:
    want = ALL[doc_id][1][name]
    got = _extracted(doc_id)[name]
    assert _same(name, got, want), f"{doc_id} {name}: want {want!r}, got {got!r}"


def test_unseen_b4_suite_accuracy() -> None:
    gold = [{"id": k, **v[1]} for k, v in ALL.items()]
    pred = [{"id": k, **_extracted(k)} for k in ALL]
    report = score(gold, pred)
    assert report.headline >= 0.95, report.format(verbose=True)


def test_next_day_dates_follow_the_date_before() -> None:
    text = "2022年8月31日、連絡を受け、翌1日にカード決済を停止いたしました。"
    assert str(extract(text).payment_suspended_on.value) == "2022-09-01"
    text = "2022年8月17日、連絡を受けました。翌日、本サイトでのカード決済を停止いたしました。"
    assert str(extract(text).payment_suspended_on.value) == "2022-08-18"


def test_topic_negation_reaches_across_a_comma_but_not_a_contrast() -> None:
    text = (
        "流出した情報:氏名、住所\n※パスワードは暗号化して保存しており、流出の対象ではございません。"
    )
    assert extract(text).personal_data.value == ("name", "address")
    text = "メールアドレスは流出した可能性がありますが、電話番号は保持しておりません。"
    assert extract(text).personal_data.value == ("email",)


def test_contact_desk_and_labels_around_the_organisation() -> None:
    head = "不正アクセスに関するお知らせ\n\n本文です。\n\n"
    assert extract(head + "会社名 株式会社サンプル\n").organization.value == "株式会社サンプル"
    assert (
        extract(head + "株式会社サンプル 情報システム部\n").organization.value == "株式会社サンプル"
    )
    assert extract(head + "運営会社:有限会社サンプル\n").organization.value == "有限会社サンプル"


def test_planted_program_is_malware_unless_it_captured_input() -> None:
    text = "原因は、サーバーに不正なプログラムが設置され、保存されていたカード情報が抜き取られたことです。"
    assert extract(text).causes.value == ("malware", "card_data_retention")
    text = "原因は、不正なプログラムが設置され、入力されたカード情報が外部に送信されたことです。"
    assert extract(text).causes.value == ("payment_page_tampering",)


def test_announcement_date_is_not_the_report_date() -> None:
    text = (
        "2023年10月13日付でお知らせいたしました件につきまして、調査が完了いたしました。\n"
        "調査報告書は2023年11月24日に受領しております。"
    )
    assert str(extract(text).forensic_report_on.value) == "2023-11-24"
