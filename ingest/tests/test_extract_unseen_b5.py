# ruff: noqa: E501 - the notices keep their natural paragraph lines
"""Generalisation suite, fifth batch: hand-written notices in styles the earlier suites do not
cover (a listed retailer's press release with sections 1.-6., a one-person shop's casual notice
dated 「吉日」, a 第2報 that restates only what changed, a tab-separated timeline table with
slash dates, a ticketing membership site, a B2B site leaking company names, more cards than
people, 「不正利用の被害」 counts, tampering without stored card data, an investigator named
only as 「外部調査会社(X社)」, 令和 dates, a notice cut off mid-sentence, Magento 1.x as cause,
reports to the local police station, PPC and METI, and a customer's inquiry as first signal).

None of the text is copied from a dev or seed notice. Expected values follow
shared/eval/SCHEMA.md and the conventions of the dev gold; `alt` lists other defensible values.
D01-D16 were run through the engine before any change: first-run mean
field accuracy 0.957 (13 misses in 304 fields: causes x4, sites x2, payment_suspended_on x2,
discovered_by x2, discovered_on, forensic_firm, personal_data). D17-D20 were written after the
fixes for those and run once before any further change: 0.895 (8 misses in 76 fields: causes x2,
discovered_by x2, discovered_on, card_data, personal_data, exposure_periods). Both batches pass
in full after general fixes. Judgement calls: d06 may or may not count card data stored in the
breached database as card_data_retention (alt); d10 names the investigator without 「社」 (alt
with it); d18 takes the hotel greeted in the opening courtesy as the site (as c11 does); d20
counts 学籍番号 as other (alt login_id).
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest

from ingest.extract import extract
from ingest.extract.record import LIST_FIELDS
from ingest.extract.scoring import as_set, norm, score

D01 = """2019年6月7日
各位
株式会社さくら屋百貨店

当社オンラインストアへの不正アクセスによるお客様のクレジットカード情報流出の可能性に関するお詫びとお知らせ

　株式会社さくら屋百貨店（本社：大阪府大阪市北区、代表取締役社長：中村 昌弘、以下「当社」）が運営する「さくら屋オンラインストア」（以下「本サイト」）において、第三者による不正アクセスを受け、お客様のクレジットカード情報18,432件が流出した可能性があることが判明いたしました。
　お客様をはじめ、関係者の皆様に多大なるご迷惑とご心配をおかけいたしますことを、深くお詫び申し上げます。
　本件の概要等につきまして、下記のとおりご報告いたします。

記

1.本件の概要
　2019年3月15日、一部のクレジットカード会社から、本サイトを利用したお客様のクレジットカード情報が流出している懸念がある旨の連絡を受けました。当社は同日、本サイトにおけるクレジットカード決済を停止するとともに、第三者調査機関によるフォレンジック調査を開始いたしました。
　2019年5月17日、同調査機関から最終報告書を受領し、本サイトのアプリケーションの脆弱性を突いた不正アクセスにより決済画面が改ざんされ、お客様が入力したクレジットカード情報が外部に送信されていたことが判明いたしました。

2.流出の可能性がある情報
（1）対象となるお客様
　2018年9月3日から2019年3月15日までの期間に、本サイトにおいてクレジットカード決済をご利用されたお客様
（2）件数
　18,432件
（3）項目
　カード名義人名、クレジットカード番号、有効期限、セキュリティコード

3.お客様への対応
　対象となるお客様には、本日より電子メールおよび書状にて個別にご連絡いたします。また、クレジットカード会社と連携し、当該カードによる取引のモニタリングを継続して実施しております。
　お客様におかれましては、クレジットカードのご利用明細書に身に覚えのない請求がないか、ご確認をお願いいたします。

4.関係機関への報告
　当社は、本件について個人情報保護委員会へ報告済みであり、大阪府警察にも相談しております。

5.再発防止策
　当社は、今回の事態を厳粛に受け止め、調査結果を踏まえてシステムのセキュリティ対策および監視体制の強化を行い、再発防止を図ってまいります。本サイトにおけるクレジットカード決済の再開日につきましては、決定次第、改めてお知らせいたします。

6.業績への影響
　本件による当社の連結業績への影響は軽微であると見込んでおります。

以上
"""

D02 = """お客様へ　大切なお知らせとお詫び

いつも「石けん工房ぽかぽか」をご利用いただき、本当にありがとうございます。
店主の山本です。

当店のネットショップで、お客様のクレジットカード情報が外に漏れてしまったかもしれないことがわかりました。
ご利用くださったお客様には、ご心配とご迷惑をおかけしてしまい、本当に申し訳ございません。

■どうしてわかったのか
2022年11月8日に、カード会社さんから「ぽかぽかさんのショップで使われたカードが不正に使われているようだ」と連絡をいただきました。
その日のうちに、ネットショップでのカード払いを止めました。今は銀行振込と代引きだけでご注文をお受けしています。

■何が起きていたのか
カード会社さんに紹介していただいた専門の調査会社に調べてもらったところ、ショップのプログラムの弱いところ（脆弱性）を突かれて、カード番号を入力するページが書き換えられていたことがわかりました。
当店ではカード情報をお預かりしていないのですが、書き換えられたページに入力されたカード情報が、悪い人のところへ送られていたそうです。

■対象になるお客様
2022年4月1日から11月8日までの間に、当店のネットショップでカード払いをしてくださったお客様（約300名様）

■漏れたかもしれない情報
カード番号、有効期限、セキュリティコード
あわせて、ご注文のときに入力していただいたお名前、ご住所、電話番号も漏れた可能性があります。

■お願い
お手元のカードの明細に、覚えのないご請求がないか見ていただけますでしょうか。
もし覚えのないものがあれば、カードの裏に書いてあるカード会社さんへご連絡ください。カードの再発行の手数料はかからないよう、カード会社さんにお願いしてあります。

小さなお店ですので行き届かないところもあると思いますが、お一人お一人に、メールかお手紙でご連絡しています。
何かわからないことがあれば、下のメールアドレスまでお気軽にお知らせください。

令和5年1月吉日
石けん工房ぽかぽか　店主　山本さち
メール：info@pokapoka-sekken.example
"""

D03 = """【第2報】弊社運営サイトへの不正アクセスに関するご報告（原因・対象期間・件数の更新）

2021年9月24日
株式会社トライデント・ギア

　2021年8月27日に第1報としてお知らせいたしました、弊社が運営する「TRIDENT GEAR STORE」（以下「本サイト」）への不正アクセスにつきまして、株式会社ラックによる調査が完了し、2021年9月17日に同社より調査報告書を受領いたしました。
　第1報からの変更点を以下のとおりご報告いたします。第1報でお知らせした内容のうち、下記以外の事項に変更はございません。

1．原因
　第1報では調査中としておりましたが、調査の結果、本サイトの管理画面のIDとパスワードが第三者に窃取され、不正にログインされた上で、決済画面が改ざんされたことが原因であると判明いたしました。

2．対象期間
　対象期間は、第1報でお知らせした2021年4月1日からではなく、2021年5月10日から2021年8月2日までであることが判明いたしました。この期間に本サイトでクレジットカード決済をされたお客様が対象となります。

3．件数
　第1報では最大2,300件としておりましたが、調査の結果、流出した可能性のあるカード情報は1,874件であることが判明いたしました。

4．流出した可能性のある情報
　第1報でお知らせしたカード番号、有効期限、セキュリティコードに加え、カード名義人名も流出した可能性があることが判明いたしました。
　なお、会員の皆様のログインパスワードは暗号化して保存しており、流出の可能性はないことを確認しております。

5．その他
　本サイトでのクレジットカード決済は、2021年8月2日より停止しております。再開の時期につきましては、決定次第お知らせいたします。

以上
"""

D04 = """2021年2月10日

株式会社ウッドベル工房

「ウッドベル家具オンライン」における不正アクセスによる個人情報漏えいについて（お詫び）

平素より「ウッドベル家具オンライン」をご愛顧いただき、誠にありがとうございます。
このたび、弊社サイトが第三者による不正アクセスを受け、お客様の個人情報（クレジットカード情報を含む）が漏えいした可能性があることが判明いたしました。経緯は下表のとおりです。
お客様には多大なるご迷惑とご心配をおかけいたしますことを、深くお詫び申し上げます。

【経緯】
日付	内容
2020/11/04	決済代行会社より、カード情報漏えいの懸念について連絡を受ける
2020/11/04	弊社サイトでのクレジットカード決済を停止
2020/11/09	第三者調査機関へ調査を依頼
2020/12/25	不正アクセスの痕跡を確認
2021/01/22	調査機関より調査報告書を受領
2021/01/28	個人情報保護委員会へ報告、警察へ被害を相談
2021/02/10	本お知らせを掲載

【原因】
弊社サイトで利用していたEC-CUBEの脆弱性を悪用され、不正なファイルが設置されたことにより、決済画面が改ざんされたため。

【漏えいした可能性のある情報と件数】
対象期間：2020/06/15～2020/11/04
対象件数：2,017件
項目：カード名義人名、カード番号、有効期限、セキュリティコード、メールアドレス、電話番号

【お客様へのお願い】
クレジットカードのご利用明細書に身に覚えのない請求がないか、ご確認をお願いいたします。身に覚えのない請求がございましたら、カード裏面に記載のカード会社へお問い合わせください。

【お問い合わせ窓口】
株式会社ウッドベル工房　お客様窓口
電話：0120-555-000（平日10:00～17:00）
"""

D05 = """2018年6月5日

株式会社ステージリンク

当社チケット販売サイトへの不正アクセスによる会員情報流出に関するお詫びとご報告

　当社が運営するチケット販売サイト「ステージリンクチケット」（以下「本サイト」）におきまして、外部からの不正アクセスにより、会員の皆様の個人情報およびクレジットカード情報が流出した可能性があることが判明いたしました。
　会員の皆様をはじめ、関係者の皆様に多大なるご迷惑とご心配をおかけいたしますことを、深くお詫び申し上げます。

1．経緯
　2018年4月3日、当社のシステム監視においてデータベースへの不審なアクセスを検知しました。当社は同日、本サイトにおけるクレジットカード決済を停止し、外部の専門家とともに調査を開始いたしました。
　4月6日、Payment Card Forensics株式会社に調査を依頼し、5月25日に同社から最終調査報告書を受領いたしました。

2．原因
　本サイトのアプリケーションに対するSQLインジェクション攻撃により、データベースに保存されていた会員情報およびクレジットカード情報が不正に取得されたことが判明いたしました。

3．流出した可能性のある情報
（1）会員情報　最大154,220名分
　対象：2015年7月1日から2018年4月3日までの間に本サイトで会員登録をされたお客様
　項目：会員ID、氏名、生年月日、性別、住所、電話番号、メールアドレス、パスワード（暗号化された状態のもの）
（2）クレジットカード情報　最大32,118件
　対象：上記期間中に本サイトにクレジットカード情報を登録されたお客様
　項目：カード番号、有効期限
　※セキュリティコードは当社システムでは保持しておりません。

4．当社の対応
　会員の皆様には、本日より電子メールにて個別にご連絡するとともに、パスワードの変更をお願いしております。
　また、本件については個人情報保護委員会へ報告し、警視庁にも相談しております。

5．お問い合わせ先
　ステージリンクチケット　会員情報お問い合わせ窓口
　電話：0120-987-654（受付時間 10:00～18:00）
"""

D06 = """お取引先各位

2023年8月22日
ミツワ産商株式会社

法人向け通販サイト「オフィスマートPRO」への不正アクセスによる情報流出の可能性についてのお詫び

　平素は格別のお引き立てを賜り、厚く御礼申し上げます。
　弊社が運営する法人向け通販サイト「オフィスマートPRO」（以下「本サイト」）が第三者による不正アクセスを受け、ご登録いただいている法人のお客様の情報が流出した可能性があることが判明いたしました。お取引先の皆様には多大なるご迷惑とご心配をおかけいたしますことを、深くお詫び申し上げます。

1．発覚の経緯
　2023年6月12日、本サイトのサーバーを運用するデータセンター事業者から、サーバーから外部への不審な通信があるとの連絡を受けました。弊社は同日、本サイトを一時閉鎖し、外部のセキュリティ専門会社に調査を依頼いたしました。
　2023年8月4日、同社より調査結果の報告を受けました。

2．原因
　商品画像のアップロード機能の不備を悪用され、サーバー上に不正なプログラム（Webシェル）が設置されました。この不正なプログラムにより、データベースに保存されていた情報が外部に送信されたことが確認されました。

3．流出した可能性のある情報
　対象：2022年12月1日から2023年6月12日までの間に本サイトをご利用いただいたお客様
　件数：4,562件（うちクレジットカード情報を含むもの811件）
　項目：貴社名、部署名、ご担当者様氏名、ご住所、電話番号、メールアドレス
　　　　（クレジットカード決済をご利用の場合）カード番号、有効期限

4．今後の対応
　弊社は、本件について個人情報保護委員会に報告いたしました。今後は、調査結果を踏まえてシステムの再構築を行い、再発防止に努めてまいります。

【本件に関するお問い合わせ】
ミツワ産商株式会社　EC事業部
電話：03-0000-1234（平日9:00～17:30）
"""

D07 = """2020年3月19日

お客様各位

株式会社たびまち

国内ツアー予約サイト「たびまちネット」における不正アクセスによるお客様情報流出のお詫びとお知らせ

　このたび、弊社が運営する国内ツアー予約サイト「たびまちネット」（以下「本サイト」）に対し第三者による不正アクセスがあり、本サイトでご予約いただいたお客様の個人情報およびクレジットカード情報が流出した可能性があることが判明いたしました。
　お客様ならびに関係者の皆様に多大なるご迷惑とご心配をおかけいたしますことを、深くお詫び申し上げます。

1．経緯
　2019年12月20日、決済代行会社から、本サイトで利用されたクレジットカードの一部が不正に利用されている可能性がある旨の連絡を受け、同日、本サイトでのクレジットカード決済を停止いたしました。
　その後、デロイト トーマツ サイバー合同会社に調査を依頼いたしました。報告書は2020年3月6日に受領しております。

2．原因
　第三者が不正に入手した管理者アカウントを用いて本サイトの管理画面にログインし、決済フォームに不正なスクリプトを埋め込んだことが原因です。

3．流出した可能性のある情報
　対象期間：2019年8月1日～2019年12月20日
　対象のお客様：3,402名（クレジットカード3,918件）
　情報：クレジットカード番号、有効期限、セキュリティコード、カード名義人名、氏名、フリガナ、生年月日、旅行日程

4．お客様へのお願い
　クレジットカードのご利用明細書に身に覚えのない請求項目がないか、ご確認をお願いいたします。

以上
"""

D08 = """平成28年2月19日

株式会社北の大地ファーム

弊社通販サイトへの不正アクセスに関する最終報告

　平成27年12月4日にお知らせいたしました、弊社通販サイト「北の大地ファーム直送便」への不正アクセスによるクレジットカード情報流出の件につきまして、調査が終了いたしましたので、最終のご報告をいたします。
　お客様には多大なるご迷惑とご心配をおかけしておりますことを、改めて深くお詫び申し上げます。

1．経緯
　平成27年11月10日、決済代行会社より、弊社サイトで利用されたカードの不正利用が疑われるとの連絡を受け、同日、カード決済を停止いたしました。
　同月13日、PCF社に調査を依頼し、平成28年1月29日に最終報告書を受領いたしました。

2．原因
　弊社サーバーに不正プログラムが仕掛けられていたこと、および決済処理時のカード情報がサーバー内のログファイルに残存していたことにより、カード情報が外部に流出したものと判明いたしました。

3．流出したカード情報
　対象：平成26年4月1日～平成27年11月10日に弊社サイトでカード決済をご利用されたお客様
　件数：最大3,145件
　項目：カード番号、有効期限、セキュリティコード
　このうち、不正利用の被害が確認されたものは64件です（平成28年2月15日時点）。

4．関係機関への報告
　本件につきましては、経済産業省へ報告するとともに、北海道警察に被害を相談しております。

5．被害の補償
　不正利用の被害に遭われたお客様につきましては、カード会社と連携のうえ、被害額を補償させていただきます。

以上
"""

D09 = """2022年8月9日

お客様各位

株式会社ミルフィーユ・コスメ

弊社オンラインショップにおけるクレジットカード情報漏えいに関するお詫びとお知らせ

　弊社が運営する「ミルフィーユ・コスメ公式オンラインショップ」（以下「本サイト」）におきまして、第三者による不正アクセスを受け、お客様のクレジットカード情報および個人情報が漏えいした可能性があることが判明いたしました。
　多大なるご迷惑とご心配をおかけいたしますことを、深くお詫び申し上げます。

1．経緯
　2022年5月18日、本サイトの保守を委託している会社から、サイト内に不審なファイルが存在するとの報告を受けました。弊社にて確認を進め、同月20日、本サイトでのクレジットカード決済を停止いたしました。
　その後、第三者調査機関による調査を実施し、2022年7月29日に調査が完了いたしました。

2．原因
　本サイトはクレジットカード情報を保持しない仕組み（トークン決済）を採用しておりましたが、第三者が本サイトのプログラムを改ざんし、決済画面に不正なJavaScriptを埋め込んだことにより、お客様が入力したカード情報が外部に送信されておりました。

3．漏えいした可能性のある情報
　対象：2022年1月20日～2022年5月19日に本サイトでクレジットカード決済をされたお客様 6,758名
　項目：カード番号、有効期限、セキュリティコード、カード名義人名、氏名、メールアドレス、電話番号

4．関係機関への報告
　弊社は本件を、個人情報保護委員会および所管官庁へ報告しております。

5．お客様へのお願い
　ご利用明細に身に覚えのない請求がないか、ご確認をお願いいたします。

以上
"""

D10 = """平成29年5月26日

株式会社青葉書房

「青葉書房オンラインブックス」への不正アクセスに関するお詫びとお知らせ

　このたび、弊社の通販サイト「青葉書房オンラインブックス」におきまして、第三者による不正アクセスがあり、お客様のクレジットカード情報が流出した可能性があることが判明しました。
　お客様には大変なご迷惑とご心配をおかけしますことを、深くお詫び申し上げます。

■経緯
　平成29年2月14日、クレジットカード会社より、弊社サイトで利用されたカード情報が流出している可能性があるとの連絡がありました。同日、弊社サイトでのカード決済を停止いたしました。
　同月17日、外部調査会社（ブルーシールド・セキュリティ社）に調査を依頼し、4月28日に調査報告を受けました。

■原因
　弊社サイトのWebアプリケーションの脆弱性を突いた不正アクセスにより、サーバー内に保存されていたクレジットカード情報が窃取されました。

■流出した可能性のある情報
　平成27年3月1日～平成29年2月14日に弊社サイトでカード決済をされたお客様のカード名義人名、カード番号、有効期限
　件数：1,206件
　※セキュリティコードは保存しておりませんでした。

■お客様へのお願い
　身に覚えのない請求がございましたら、カード裏面に記載のカード会社へお問い合わせください。

以上
"""

D11 = """令和2年7月14日

お客様各位

はなみずき園オンラインショップにおける不正アクセスについてのお詫びとご報告

　いつも「はなみずき園オンラインショップ」をご利用いただき、誠にありがとうございます。
　このたび、当ショップが第三者による不正アクセスを受け、お客様のクレジットカード情報が漏えいした可能性があることがわかりました。ご迷惑とご心配をおかけいたしますことを、心よりお詫び申し上げます。

1．経緯
　令和2年5月11日、県警察本部サイバー犯罪対策課から、当ショップのサイトが改ざんされている可能性があるとの連絡を受け、同日中に当ショップでのクレジットカード決済を停止いたしました。
　その後、第三者調査機関による調査を行い、令和2年6月26日に調査結果の報告を受けました。

2．原因
　第三者がサイトの脆弱性を突いて不正アクセスし、ペイメントアプリケーションを改ざんしたことが原因でした。

3．漏えいした可能性のある情報
　対象：令和元年10月1日～令和2年5月11日に当ショップでクレジットカード決済をされたお客様
　件数：最大521件
　項目：カード名義人名、クレジットカード番号、有効期限、セキュリティコード

4．お客様へのお願い
　お手数ですが、クレジットカードのご利用明細書に身に覚えのない請求がないかご確認ください。

【本件に関するお問い合わせ先】
有限会社はなみずき園　お客様相談窓口
電話：0120-00-8787（受付時間 9:00～17:00 土日祝を除く）
メール：info@hanamizukien.example
"""

D12 = """2025年3月4日

お客様各位

株式会社ルミエール・ドゥ

弊社運営「ルミエール公式オンラインストア」への不正アクセスによる個人情報漏えいに関するお詫びとお知らせ

　このたび、弊社が運営する「ルミエール公式オンラインストア」（以下「本サイト」）におきまして、第三者による不正アクセスを受け、お客様のクレジットカード情報（2,980件）および個人情報（8,104件）が漏えいした可能性があることが判明いたしました。
　お客様をはじめ、関係者の皆様には多大なるご迷惑およびご心配をおかけする事態となりましたことを、心より深くお詫び申し上げます。
　なお、個人情報が漏えいした可能性のあるお客様には、本日より電子メールにてお詫びとお知らせを個別にご連絡申し上げております。

記

1．経緯
　2024年11月27日、クレジットカード会社から、本サイトを利用したお客様のクレジットカード情報の漏えい懸念について連絡を受け、同日、本サイトでのカード決済を停止いたしました。
　同時に、第三者調査機関による調査も開始いたしました。2025年2月14日、調査機関による調査が完了し、"""

D13 = """Northwind Outdoor Japan株式会社

2020年10月2日

「Northwind Online Store」における不正アクセスによるクレジットカード情報流出の可能性について

　Northwind Outdoor Japan株式会社（以下「当社」）が運営する「Northwind Online Store」（以下「本サイト」）において、第三者による不正アクセスを受け、お客様のクレジットカード情報が流出した可能性があることが判明いたしました。お客様にはご迷惑とご心配をおかけしますことを深くお詫び申し上げます。

1．経緯
　2020年7月8日、外部のセキュリティ研究者から、本サイトに不審なコードが埋め込まれているとの指摘を受けました。当社は同日、本サイトを停止し、トラストウェーブ・ジャパン株式会社にフォレンジック調査を依頼しました。2020年9月11日、同社から最終報告書を受領しております。

2．原因
　本サイトで使用していたECプラットフォーム「Magento 1.9」はサポートが終了しておりましたが、当社はバージョンアップを行っておらず、その脆弱性を突かれて決済ページに不正なスクリプトが挿入されておりました。

3．流出した可能性のある情報
　対象期間：2020年3月25日～2020年7月8日
　件数：5,331件
　項目：カード名義人名、カード番号、有効期限、セキュリティコード、請求先住所

4．今後の対応
　本サイトは、カード情報を保持しない新たなプラットフォームへ移行したうえで再開する予定です。

以上
"""

D14 = """平成28年9月30日

お客様各位

合同会社ヴィーニャ

ワイン通販サイト「Viña Select」への不正アクセスに関するお詫び

　弊社が運営するワイン通販サイト「Viña Select」（以下「本サイト」）に対し、外部から不正アクセスがあり、お客様のクレジットカード情報が流出した可能性があることが判明いたしました。お客様には多大なるご迷惑とご心配をおかけいたしますことを、心よりお詫び申し上げます。

1．経緯
　平成28年7月21日、カード会社から、本サイトで利用されたクレジットカードが不正に使用されている可能性があるとの連絡を受けました。翌22日、本サイトでのカード決済を停止し、同日よりサイバーディフェンス研究所による調査を開始いたしました。
　平成28年9月9日、同研究所から調査報告書を受領いたしました。

2．原因
　本サイトのプログラムに対するSQLインジェクション攻撃により、データベースに保存されていたカード情報が抜き取られておりました。

3．流出した可能性のある情報
　対象：平成27年1月5日～平成28年7月22日に本サイトでカード決済をされたお客様
　件数：742件
　項目：カード番号、カード有効期限、セキュリティコード、カード名義人名
　（このうち、38件については既に不正利用が確認されております。）

4．関係機関への報告
　なお、本件につきましては、所轄の警察署に被害を申告するとともに、個人情報保護委員会および経済産業省に報告しております。

以上
"""

D15 = """2023年11月17日

株式会社ハルカゼ

「ハルカゼ茶舗 公式通販」における個人情報漏洩のお詫びとお知らせ

　弊社が運営する「ハルカゼ茶舗 公式通販」（以下「本件サイト」）において、第三者による不正アクセスを受け、お客様のクレジットカード情報（1,530件）が漏洩した可能性があることが判明いたしました。

1．経緯
　2023年9月2日、本件サイトをご利用のお客様から「カード情報を入力した後、見慣れない画面が表示された」とのお問い合わせをいただきました。弊社で確認したところ、決済画面が偽の入力フォームに遷移するよう改ざんされていることがわかり、9月4日に本件サイトでのカード決済を停止いたしました。
　9月5日には決済代行会社からも、カード情報漏洩の懸念がある旨の連絡を受けました。
　その後、第三者調査機関による調査を行い、10月27日に調査が完了いたしました。

2．漏洩した可能性のある情報
　対象：2023年6月28日～2023年9月4日に本件サイトでクレジットカード決済をされたお客様 1,530件
　項目：カード名義人名、クレジットカード番号、有効期限、セキュリティコード、メールアドレス

3．お客様へのお願い
　身に覚えのない請求がございましたら、カード裏面に記載のカード会社にお問い合わせください。

以上
"""

D16 = """令和4年1月21日

会員の皆様へ

公益社団法人日本アロマセラピスト協会

会員向けウェブサイトへの不正アクセスに関する最終報告

　令和3年10月13日付でお知らせいたしました、当協会の会員向けウェブサイト「アロマ会員マイページ」（以下「本サイト」）への不正アクセスにつきまして、調査が終了いたしましたので、最終報告をいたします。
　会員の皆様には多大なるご迷惑とご心配をおかけしましたことを、重ねてお詫び申し上げます。

1．調査結果
　第三者調査機関による調査の結果、本サイトの研修申込フォームに設けていたファイルアップロード機能の脆弱性を悪用され、申込フォームのプログラムが改ざんされていたことが判明いたしました。調査報告書は令和3年12月10日に受領しております。

2．流出した可能性のある情報
　対象：令和3年6月1日～令和3年9月30日に本サイトから研修のお申し込みとクレジットカード決済をされた会員の皆様 412名
　項目：会員番号、氏名、勤務先、カード番号、有効期限、セキュリティコード

3．経緯（再掲）
　令和3年9月30日、決済代行会社から連絡を受け、同日、本サイトでのクレジットカード決済を停止いたしました。

4．関係機関への報告
　本件は、個人情報保護委員会ならびに所管行政庁に報告しております。

以上
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
    if kw.get("published_on") and "first_disclosed_on" not in kw:
        kw["first_disclosed_on"] = kw["published_on"]
    base.update(kw)
    return base


NOTICES: dict[str, tuple[str, dict[str, Any]]] = {
    "d01": (
        D01,
        _gold(
            organization="株式会社さくら屋百貨店",
            sites=["さくら屋オンラインストア"],
            published_on="2019-06-07",
            discovered_on="2019-03-15",
            discovered_by="card_company",
            forensic_report_on="2019-05-17",
            causes=["web_app_vulnerability", "payment_page_tampering"],
            card_data=CARD4,
            records_max=18432,
            exposure_periods=[["2018-09-03", "2019-03-15"]],
            payment_suspended_on="2019-03-15",
            reported_to=["ppc", "police"],
        ),
    ),
    "d02": (
        D02,
        _gold(
            sites=["石けん工房ぽかぽか"],
            discovered_on="2022-11-08",
            discovered_by="card_company",
            causes=["web_app_vulnerability", "payment_page_tampering"],
            card_data=CARD3,
            personal_data=["name", "address", "phone"],
            records_max=300,
            exposure_periods=[["2022-04-01", "2022-11-08"]],
            payment_suspended_on="2022-11-08",
        ),
    ),
    "d03": (
        D03,
        _gold(
            organization="株式会社トライデント・ギア",
            sites=["TRIDENT GEAR STORE"],
            published_on="2021-09-24",
            first_disclosed_on="2021-08-27",
            report_stage="update",
            forensic_firm="LAC",
            forensic_report_on="2021-09-17",
            causes=["credential_compromise", "payment_page_tampering"],
            card_data=CARD4,
            records_max=1874,
            exposure_periods=[["2021-05-10", "2021-08-02"]],
            payment_suspended_on="2021-08-02",
        ),
    ),
    "d04": (
        D04,
        _gold(
            organization="株式会社ウッドベル工房",
            sites=["ウッドベル家具オンライン"],
            published_on="2021-02-10",
            discovered_on="2020-11-04",
            discovered_by="payment_processor",
            forensic_report_on="2021-01-22",
            causes=["vulnerable_software", "payment_page_tampering"],
            card_data=CARD4,
            personal_data=["email", "phone"],
            records_max=2017,
            exposure_periods=[["2020-06-15", "2020-11-04"]],
            payment_suspended_on="2020-11-04",
            reported_to=["ppc", "police"],
        ),
    ),
    "d05": (
        D05,
        _gold(
            organization="株式会社ステージリンク",
            sites=["ステージリンクチケット"],
            published_on="2018-06-05",
            discovered_on="2018-04-03",
            discovered_by="self",
            forensic_firm="Payment Card Forensics",
            forensic_report_on="2018-05-25",
            causes=["sql_injection", "card_data_retention"],
            card_data=["card_number", "expiry"],
            personal_data=[
                "login_id",
                "name",
                "birthdate",
                "other",
                "address",
                "phone",
                "email",
                "password",
            ],
            records_max=154220,
            exposure_periods=[["2015-07-01", "2018-04-03"]],
            payment_suspended_on="2018-04-03",
            reported_to=["ppc", "police"],
        ),
    ),
    "d06": (
        D06,
        _gold(
            organization="ミツワ産商株式会社",
            sites=["オフィスマートPRO"],
            published_on="2023-08-22",
            discovered_on="2023-06-12",
            discovered_by="other",
            forensic_report_on="2023-08-04",
            causes=["file_upload", "malware", "card_data_retention"],
            card_data=["card_number", "expiry"],
            personal_data=["company", "name", "address", "phone", "email"],
            records_max=4562,
            exposure_periods=[["2022-12-01", "2023-06-12"]],
            payment_suspended_on="2023-06-12",
            reported_to=["ppc"],
            alt={"causes": [["file_upload", "malware"]]},
        ),
    ),
    "d07": (
        D07,
        _gold(
            organization="株式会社たびまち",
            sites=["たびまちネット"],
            published_on="2020-03-19",
            discovered_on="2019-12-20",
            discovered_by="payment_processor",
            forensic_firm="Deloitte",
            forensic_report_on="2020-03-06",
            causes=["credential_compromise", "payment_page_tampering"],
            card_data=CARD4,
            personal_data=["name", "birthdate", "other"],
            records_max=3918,
            exposure_periods=[["2019-08-01", "2019-12-20"]],
            payment_suspended_on="2019-12-20",
        ),
    ),
    "d08": (
        D08,
        _gold(
            organization="株式会社北の大地ファーム",
            sites=["北の大地ファーム直送便"],
            published_on="2016-02-19",
            first_disclosed_on="2015-12-04",
            report_stage="final",
            discovered_on="2015-11-10",
            discovered_by="payment_processor",
            forensic_firm="Payment Card Forensics",
            forensic_report_on="2016-01-29",
            causes=["malware", "card_data_retention"],
            card_data=CARD3,
            records_max=3145,
            fraud_cases=64,
            exposure_periods=[["2014-04-01", "2015-11-10"]],
            payment_suspended_on="2015-11-10",
            reported_to=["meti", "police"],
        ),
    ),
    "d09": (
        D09,
        _gold(
            organization="株式会社ミルフィーユ・コスメ",
            sites=["ミルフィーユ・コスメ公式オンラインショップ"],
            published_on="2022-08-09",
            discovered_on="2022-05-18",
            discovered_by="other",
            forensic_report_on="2022-07-29",
            causes=["payment_page_tampering"],
            card_data=CARD4,
            personal_data=["name", "email", "phone"],
            records_max=6758,
            exposure_periods=[["2022-01-20", "2022-05-19"]],
            payment_suspended_on="2022-05-20",
            reported_to=["ppc", "other_authority"],
        ),
    ),
    "d10": (
        D10,
        _gold(
            organization="株式会社青葉書房",
            sites=["青葉書房オンラインブックス"],
            published_on="2017-05-26",
            discovered_on="2017-02-14",
            discovered_by="card_company",
            forensic_firm="ブルーシールド・セキュリティ",
            forensic_report_on="2017-04-28",
            causes=["web_app_vulnerability", "card_data_retention"],
            card_data=["cardholder_name", "card_number", "expiry"],
            records_max=1206,
            exposure_periods=[["2015-03-01", "2017-02-14"]],
            payment_suspended_on="2017-02-14",
            alt={"forensic_firm": ["ブルーシールド・セキュリティ社"]},
        ),
    ),
    "d11": (
        D11,
        _gold(
            organization="有限会社はなみずき園",
            sites=["はなみずき園オンラインショップ"],
            published_on="2020-07-14",
            discovered_on="2020-05-11",
            discovered_by="police",
            forensic_report_on="2020-06-26",
            causes=["web_app_vulnerability", "payment_page_tampering"],
            card_data=CARD4,
            records_max=521,
            exposure_periods=[["2019-10-01", "2020-05-11"]],
            payment_suspended_on="2020-05-11",
        ),
    ),
    "d12": (
        D12,
        _gold(
            organization="株式会社ルミエール・ドゥ",
            sites=["ルミエール公式オンラインストア"],
            published_on="2025-03-04",
            discovered_on="2024-11-27",
            discovered_by="card_company",
            forensic_report_on="2025-02-14",
            causes=["unauthorized_access"],
            records_max=8104,
            payment_suspended_on="2024-11-27",
        ),
    ),
    "d13": (
        D13,
        _gold(
            organization="Northwind Outdoor Japan株式会社",
            sites=["Northwind Online Store"],
            published_on="2020-10-02",
            discovered_on="2020-07-08",
            discovered_by="other",
            forensic_firm="Trustwave",
            forensic_report_on="2020-09-11",
            causes=["vulnerable_software", "payment_page_tampering"],
            card_data=CARD4,
            personal_data=["address"],
            records_max=5331,
            exposure_periods=[["2020-03-25", "2020-07-08"]],
            payment_suspended_on="2020-07-08",
        ),
    ),
    "d14": (
        D14,
        _gold(
            organization="合同会社ヴィーニャ",
            sites=["Viña Select"],
            published_on="2016-09-30",
            discovered_on="2016-07-21",
            discovered_by="card_company",
            forensic_firm="Cyber Defense Institute",
            forensic_report_on="2016-09-09",
            causes=["sql_injection", "card_data_retention"],
            card_data=CARD4,
            records_max=742,
            fraud_cases=38,
            exposure_periods=[["2015-01-05", "2016-07-22"]],
            payment_suspended_on="2016-07-22",
            reported_to=["police", "ppc", "meti"],
        ),
    ),
    "d15": (
        D15,
        _gold(
            organization="株式会社ハルカゼ",
            sites=["ハルカゼ茶舗 公式通販"],
            published_on="2023-11-17",
            discovered_on="2023-09-02",
            discovered_by="customer",
            forensic_report_on="2023-10-27",
            causes=["payment_page_tampering"],
            card_data=CARD4,
            personal_data=["email"],
            records_max=1530,
            exposure_periods=[["2023-06-28", "2023-09-04"]],
            payment_suspended_on="2023-09-04",
        ),
    ),
    "d16": (
        D16,
        _gold(
            organization="公益社団法人日本アロマセラピスト協会",
            sites=["アロマ会員マイページ"],
            published_on="2022-01-21",
            first_disclosed_on="2021-10-13",
            report_stage="final",
            discovered_on="2021-09-30",
            discovered_by="payment_processor",
            forensic_report_on="2021-12-10",
            causes=["file_upload", "payment_page_tampering"],
            card_data=CARD3,
            personal_data=["login_id", "name", "company"],
            records_max=412,
            exposure_periods=[["2021-06-01", "2021-09-30"]],
            payment_suspended_on="2021-09-30",
            reported_to=["ppc", "other_authority"],
        ),
    ),
}

D17 = """2024年2月2日

各位

株式会社マルヨシ商事

当社子会社が運営するECサイトへの不正アクセスに関するお知らせ（続報）

　2024年1月12日付「当社子会社が運営するECサイトへの不正アクセスに関するお知らせ」にて公表いたしました、当社子会社である株式会社マルヨシフーズが運営する「マルヨシ お取り寄せ本舗」（以下「本サイト」）への不正アクセスにつきまして、その後判明した事項をご報告いたします。

1．判明した事項
（1）影響範囲
　当初、情報漏えいの可能性のあるお客様を約3万名と公表しておりましたが、その後の調査により、対象は最大18,540名であることが判明いたしました。このうち、実際に情報が外部に流出したことが確認されたのは2,216名です。

（2）漏えいした可能性のある情報
　氏名、住所、電話番号、メールアドレス、購入履歴
　※本サイトでは、クレジットカード決済を外部の決済代行会社の画面で行っているため、クレジットカード情報は漏えいの対象ではございません。

（3）原因
　原因については、引き続き第三者調査機関とともに調査中です。

2．経緯
　2023年12月26日　本サイトのサーバー監視において、当社子会社が外部への不審な通信を検知
　2023年12月26日　本サイトを一時閉鎖
　2024年1月12日　本件を公表

3．業績への影響
　現時点で、当社連結業績に与える影響は軽微と見込んでおります。

以上
"""

D18 = """令和5年6月30日

ご宿泊のお客様へ

株式会社湯の花リゾート

ご予約サイトにおけるお客様情報流出の可能性についてのお詫び

　平素より「湯の花温泉ホテル」をご愛顧いただき、誠にありがとうございます。
　当館のオンライン予約でご利用しております宿泊予約システムの提供会社において、同社のサーバーが不正アクセスを受け、当館をご予約いただいたお客様の情報が流出した可能性があることが判明いたしました。

1．経緯
　令和5年5月22日、宿泊予約システムの提供会社である株式会社リザーブテックより、同社システムへの不正アクセスが確認された旨の連絡を受けました。当館では同日、同システムを用いたオンライン予約の受付を停止いたしました。

2．流出した可能性のある情報
　令和4年11月1日から令和5年5月22日までに当館の公式サイトからご予約いただいたお客様（1,088名様）の以下の情報
　・宿泊者氏名、住所、電話番号、メールアドレス、宿泊日
　・事前決済をご利用のお客様のクレジットカード番号、有効期限

3．原因
　株式会社リザーブテックによれば、同社システムの脆弱性を突いた不正アクセスにより、予約画面のプログラムが改ざんされていたとのことです。

4．当館の対応
　本件につきましては、個人情報保護委員会および観光庁に報告しております。

以上
"""

D19 = """平成26年7月18日

お客様各位

株式会社北斗トレーディング

弊社オンラインショップへの不正アクセスによるクレジットカード情報流出に関するお詫び

　平成26年3月から5月にかけて、弊社が運営するオンラインショップ「北斗スポーツ通販」が不正アクセスを受け、お客様のクレジットカード情報が流出した可能性があることが判明いたしました。深くお詫び申し上げます。

■経緯
　2014/05/20　カード会社より、弊社ショップで利用されたカードの不正使用の疑いについて連絡
　2014/05/21　弊社ショップでのカード決済を停止
　2014/05/26　PCF社に調査を依頼
　2014/07/04　PCF社より調査報告書を受領

■原因
　弊社ショップのプログラムにSQLインジェクションの脆弱性があり、これを悪用されたことにより、データベース内に保管していたカード情報が窃取されました。

■流出の対象
　2014/03/02～2014/05/21にカード決済をされたお客様のカード会員名、カード番号、有効期限、セキュリティコード
　対象件数：最大2,611件
　このうち、不正使用が確認されたカードは125件です。

■関係機関への報告
　所轄警察署およびカード会社へ報告しております。

以上
"""

D20 = """2023年9月8日
組合員の皆さまへ

みなみ大学生活協同組合

大学生協ブックストアWebサイトへの不正アクセスについて（お詫び）

　みなみ大学生協が運営する「生協ブックストアWeb」（以下「本サイト」）において、管理者用のパスワードが推測されやすいものであったことから第三者に不正ログインされ、本サイトに登録された組合員の皆さまの個人情報が閲覧された可能性があることがわかりました。ご迷惑とご心配をおかけし、深くお詫び申し上げます。

■経緯
　2023年8月3日、組合員の方から「生協から身に覚えのないメールが届いた」とのご連絡をいただき、調査したところ、管理画面への不審なログインが判明しました。同日、本サイトを停止しました。

■閲覧された可能性のある情報
　2021年4月1日以降に本サイトへ登録された組合員 4,820名分の氏名、学籍番号、メールアドレス、電話番号
　※本サイトではクレジットカード決済を行っておらず、カード情報は含まれておりません。
　※ログインパスワードはハッシュ化して保存しており、閲覧の対象ではありません。

■対応
　個人情報保護委員会へ報告するとともに、所轄警察署に被害届を提出しました。

お問い合わせ：みなみ大学生協 本部 電話 000-000-0000
"""

NOTICES_2: dict[str, tuple[str, dict[str, Any]]] = {
    "d17": (
        D17,
        _gold(
            organization="株式会社マルヨシ商事",
            sites=["マルヨシ お取り寄せ本舗"],
            published_on="2024-02-02",
            first_disclosed_on="2024-01-12",
            report_stage="update",
            discovered_on="2023-12-26",
            discovered_by="self",
            causes=["unauthorized_access", "unknown"],
            personal_data=["name", "address", "phone", "email", "other"],
            records_max=18540,
            records_confirmed=2216,
            payment_suspended_on="2023-12-26",
        ),
    ),
    "d18": (
        D18,
        _gold(
            organization="株式会社湯の花リゾート",
            sites=["湯の花温泉ホテル"],
            published_on="2023-06-30",
            discovered_on="2023-05-22",
            discovered_by="other",
            forensic_investigation=False,
            causes=["third_party", "web_app_vulnerability", "payment_page_tampering"],
            card_data=["card_number", "expiry"],
            personal_data=["name", "address", "phone", "email", "other"],
            records_max=1088,
            exposure_periods=[["2022-11-01", "2023-05-22"]],
            payment_suspended_on="2023-05-22",
            reported_to=["ppc", "other_authority"],
        ),
    ),
    "d19": (
        D19,
        _gold(
            organization="株式会社北斗トレーディング",
            sites=["北斗スポーツ通販"],
            published_on="2014-07-18",
            discovered_on="2014-05-20",
            discovered_by="card_company",
            forensic_firm="Payment Card Forensics",
            forensic_report_on="2014-07-04",
            causes=["sql_injection", "card_data_retention"],
            card_data=CARD4,
            records_max=2611,
            fraud_cases=125,
            exposure_periods=[["2014-03-02", "2014-05-21"]],
            payment_suspended_on="2014-05-21",
            reported_to=["police", "card_companies"],
            alt={"causes": [["sql_injection", "web_app_vulnerability", "card_data_retention"]]},
        ),
    ),
    "d20": (
        D20,
        _gold(
            organization="みなみ大学生活協同組合",
            sites=["生協ブックストアWeb"],
            published_on="2023-09-08",
            discovered_on="2023-08-03",
            discovered_by="customer",
            forensic_investigation=False,
            causes=["credential_compromise"],
            personal_data=["name", "other", "email", "phone"],
            records_max=4820,
            exposure_periods=[["2021-04-01", None]],
            payment_suspended_on="2023-08-03",
            reported_to=["ppc", "police"],
            alt={"personal_data": [["name", "login_id", "email", "phone"]]},
        ),
    ),
}


ALL = {**NOTICES, **NOTICES_2}
# Fields the engine still gets wrong, kept visible as strict xfails (see the report).
KNOWN_MISSES: dict[tuple[str, str], str] = {}
CASES = [(doc_id, name) for doc_id, (_, gold) in ALL.items() for name in gold if name != "alt"]


@cache
def _extracted(doc_id: str) -> dict[str, Any]:
    return extract(ALL[doc_id][0]).schema()


def _same(name: str, got: Any, want: Any, alts: list[Any]) -> bool:
    if name in LIST_FIELDS:
        return any(as_set(norm(got)) == as_set(norm(w)) for w in [want, *alts])
    return any(norm(got) == norm(w) for w in [want, *alts])


def _case(doc_id: str, name: str) -> Any:
    reason = KNOWN_MISSES.get((doc_id, name))
    marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
    return pytest.param(doc_id, name, marks=marks, id=f"{doc_id}-{name}")


@pytest.mark.parametrize(("doc_id", "name"), [_case(d, n) for d, n in CASES])
def test_unseen_b5_notice_field(doc_id: str, name: str) -> None:
    gold = ALL[doc_id][1]
    want = gold[name]
    got = _extracted(doc_id)[name]
    alts = gold.get("alt", {}).get(name, [])
    assert _same(name, got, want, alts), f"{doc_id} {name}: want {want!r}, got {got!r}"


def test_unseen_b5_suite_accuracy() -> None:
    gold = [{"id": k, **v[1]} for k, v in ALL.items()]
    pred = [{"id": k, **_extracted(k)} for k in ALL]
    report = score(gold, pred)
    assert report.headline >= 0.95, report.format(verbose=True)


def test_greeting_quote_and_title_after_the_dateline_name_the_site() -> None:
    text = "いつも「ことり雑貨店」をご利用いただき、誠にありがとうございます。\n不正アクセスがありました。"
    assert extract(text).sites.value == ("ことり雑貨店",)
    text = "2020年5月1日\n\nことり雑貨ショップにおける不正アクセスについてのお詫び\n\n本文です。"
    assert extract(text).sites.value == ("ことり雑貨ショップ",)


def test_suspension_dated_between_topic_and_verb() -> None:
    text = "本サイトでのクレジットカード決済は、2021年8月2日より停止しております。"
    assert str(extract(text).payment_suspended_on.value) == "2021-08-02"
    text = "2022年11月8日に連絡をいただきました。その日のうちに、カード払いを止めました。"
    assert str(extract(text).payment_suspended_on.value) == "2022-11-08"


def test_investigator_named_only_beside_its_role() -> None:
    text = "外部調査会社（ミドリ・セキュリティ社）に調査を依頼しました。"
    assert extract(text).forensic_firm.value == "ミドリ・セキュリティ"
    text = "第三者調査機関である株式会社ミドリラボに調査を依頼しました。"
    assert extract(text).forensic_firm.value == "ミドリラボ"
    text = "外部専門機関（フォレンジック機関（PFI））により調査を実施しました。"
    assert extract(text).forensic_firm.value is None


def test_non_retaining_payment_already_in_use_is_not_retention() -> None:
    text = (
        "本サイトはカード情報を保持しない仕組み（トークン決済）を採用しておりましたが、"
        "決済画面が改ざんされ、入力されたカード情報が外部に送信されておりました。"
    )
    assert extract(text).causes.value == ("payment_page_tampering",)
    text = "決済時のカード情報がサーバー内のログファイルに残存していたことが原因です。"
    assert "card_data_retention" in extract(text).causes.value


def test_discoverers_in_table_rows_vendors_and_members() -> None:
    text = "■経緯\n2014/05/20　カード会社より、カードの不正使用の疑いについて連絡\n2014/05/21　カード決済を停止\n"
    assert extract(text).discovered_by.value == "card_company"
    text = "2022年5月18日、本サイトの保守を委託している会社から、不審なファイルがあるとの報告を受けました。"
    assert extract(text).discovered_by.value == "other"
    text = "2023年8月3日、組合員の方から不審なメールについてのご連絡をいただきました。"
    assert extract(text).discovered_by.value == "customer"
