import json, re, sys, os
D = '/work/main/ingest/tests/notices/b13'
H,N,E,S='cardholder_name','card_number','expiry','security_code'
FIELDS=['id','organization','sites','published_on','first_disclosed_on','report_stage','discovered_on','discovered_by','forensic_firm','forensic_investigation','forensic_report_on','causes','card_data','personal_data','records_max','records_confirmed','fraud_cases','exposure_periods','payment_suspended_on','reported_to']
# date evidence: string in text, optionally "|YEAR" for year-less / 同月 / 翌日 cases
R=[]
def r(id,org,sites,pub,first,stage,disc,by,firm,finv,frep,causes,card,pers,mx,conf,fraud,periods,susp,rep,ev,alt=None,firm_ev=None):
    R.append(dict(id=id,organization=org,sites=sites,published_on=pub,first_disclosed_on=first,report_stage=stage,discovered_on=disc,discovered_by=by,forensic_firm=firm,forensic_investigation=finv,forensic_report_on=frep,causes=causes,card_data=card,personal_data=pers,records_max=mx,records_confirmed=conf,fraud_cases=fraud,exposure_periods=periods,payment_suspended_on=susp,reported_to=rep,_ev=ev,_alt=alt,_firm_ev=firm_ev))
r('t01','株式会社酒蔵みやび',['みやび酒店オンライン'],'2019-06-20','2019-06-20','initial','2019-03-12','payment_processor','Payment Card Forensics',True,'2019-05-24',['web_app_vulnerability','payment_page_tampering'],[H,N,E,S],[],1937,None,None,[['2018-09-03','2019-03-12']],'2019-03-12',['ppc','police'],
  dict(published_on='2019年6月20日',discovered_on='2019年3月12日、弊社が契約する決済代行会社',forensic_report_on='2019年5月24日',payment_suspended_on='同日、本サイトでのクレジットカード決済を停止|2019-03-12',exp=['2018年9月3日~2019年3月12日']),firm_ev='ペイメントカードフォレンジックス株式会社')
r('t02','有限会社ハナミズキ園芸',['ハナミズキ・フラワーギフト'],'2021-07-09','2021-07-09','initial','2021-04-06','card_company','Cyber Defense Institute',True,'2021-06-11',['credential_compromise','payment_page_tampering'],[H,N,E,S],['email'],1200,None,14,[['2020-11-02','2021-04-08']],'2021-04-08',['ppc','police'],
  dict(published_on='令和3年7月9日',discovered_on='令和3年4月6日、複数のクレジットカード会社',forensic_report_on='令和3年6月11日',payment_suspended_on='同月8日に本サイトのクレジットカード決済を停止|2021-04',exp=['令和2年11月2日～令和3年4月8日']),
  alt={'sites':[['ハナミズキ・フラワーギフト','www.hanamizuki-flower.jp']]},firm_ev='株式会社サイバーディフェンス研究所')
r('t03','株式会社ノースリッジ',['NORTH RIDGE WEB STORE'],'2014-05-23','2014-05-23','initial','2014-03-18','self','Verizon',True,'2014-05-09',['vulnerable_software','card_data_retention'],[N,E,H],['address','phone'],18302,3110,87,[['2012-04-01','2014-03-20']],'2014-03-20',['police','meti','card_companies'],
  dict(published_on='2014年5月23日',discovered_on='2014年3月18日深夜',forensic_report_on='2014年5月9日',payment_suspended_on='同月20日にクレジットカード決済を停止|2014-03',exp=['2012年4月1日から2014年3月20日']),firm_ev='ベライゾンジャパン合同会社')
r('t04','株式会社ペットリンク',['ペットリンクSHOP'],'2020-09-18','2020-08-05','update','2020-06-29','payment_processor',None,True,'2020-09-04',['web_app_vulnerability','payment_page_tampering'],[H,N,E,S],[],2918,None,37,[['2019-12-10','2020-06-29']],'2020-06-30',['ppc','police'],
  dict(published_on='2020年9月18日',first_disclosed_on='2020年8月5日',discovered_on='発覚日:2020年6月29日',forensic_report_on='2020年9月4日',payment_suspended_on='カード決済停止日:2020年6月30日',exp=['2019年12月10日~2020年6月29日']),
  alt={'sites':[['ペットリンクSHOP','petlink-shop.com']]})
r('t05','株式会社ベビーノート',['ベビーノート公式ストア'],'2022-04-15','2022-04-15','initial','2022-01-14','police','LAC',True,'2022-03-30',['third_party','malware'],[N,E,S],['name','address','phone','email'],5406,None,None,[['2021-06-01','2022-01-14']],'2022-01-17',['police','ppc'],
  dict(published_on='2022年4月15日',discovered_on='2022年1月14日、警察から',forensic_report_on='3月30日に最終報告書|2022',payment_suspended_on='1月17日に公式ストアでのクレジットカード決済を停止|2022',exp=['2021年6月1日から2022年1月14日']),
  alt={'card_data':[[N,E,S,H]]},firm_ev='株式会社ラック')
r('t06','株式会社健美堂',['健美堂オンライン'],'2017-08-10','2017-08-10','initial','2017-05-29','customer','NRI Secure',True,'2017-07-21',['sql_injection','card_data_retention'],[N,E],['name','address','phone','email','birthdate','login_id','password'],42117,None,None,[[None,'2017-05-31']],'2017-05-31',['meti','police','card_companies'],
  dict(published_on='平成29年8月10日',discovered_on='平成29年5月29日、お客様より',forensic_report_on='平成29年7月21日',payment_suspended_on='同月31日、弊社通販サイト「健美堂オンライン」を一時閉鎖|2017-05',exp=['平成29年5月31日以前']),firm_ev='NRIセキュアテクノロジーズ株式会社')
r('t07','株式会社ギターハウス大和',['ギターハウス大和 オンラインストア'],'2023-11-02','2023-11-02','initial','2023-07-04','card_company','Trustwave',True,'2023-09-29',['file_upload','payment_page_tampering'],[H,N,E,S],[],763,None,None,[['2022-12-01','2023-01-15'],['2023-05-20','2023-07-05']],'2023-07-05',['ppc','police'],
  dict(published_on='2023年11月2日',discovered_on='2023/07/04 クレジットカード会社',forensic_report_on='2023/09/29 調査報告書',payment_suspended_on='2023/07/05 当サイトのクレジットカード決済を停止',exp=['2022/12/01~2023/01/15','2023/05/20~2023/07/05']),
  alt={'fraud_cases':[0]},firm_ev='トラストウェーブジャパン株式会社')
r('t08','株式会社モデルワークス',['模型の森 モデルワークス'],'2016-11-28','2016-11-28','initial','2016-08-22','payment_processor','Payment Card Forensics',True,'2016-10-31',['vulnerable_software','payment_page_tampering'],[N,E,S],['name','email'],3352,None,None,[['2016-03-07','2016-08-23']],'2016-08-23',['meti','police'],
  dict(published_on='平成28年11月28日',discovered_on='平成28年8月22日、決済代行会社',forensic_report_on='平成28年10月31日',payment_suspended_on='翌日、クレジットカード決済を停止|2016-08-23',exp=['平成28年3月7日から同年8月23日']),
  alt={'sites':[['模型の森 モデルワークス','www.modelworks-mori.jp']]},firm_ev='P.C.F. FRONTEO株式会社')
r('t09','山城県',['やましろ逸品市場'],'2015-02-13','2015-02-13','initial','2015-01-27','other',None,False,None,['unauthorized_access'],[N,E],['name','address','phone'],412,None,None,[['2013-10-01','2015-01-27']],'2015-01-27',['police','meti'],
  dict(published_on='平成27年2月13日',discovered_on='平成27年1月27日(火) 独立行政法人情報処理推進機構',payment_suspended_on='同日 サイトを閉鎖|2015-01-27',exp=['平成25年10月1日から平成27年1月27日']),
  alt={'organization':['山城県 商工労働部 県産品振興課'],'reported_to':[['police','meti','card_companies']],'fraud_cases':[0]})
r('t10','東都大学生活協同組合',['東都大生協 教科書Web予約'],'2018-06-25','2018-06-25','initial','2018-04-27','other',None,True,'2018-06-08',['third_party','web_app_vulnerability'],[N,E],['name','other','email'],1089,None,2,[['2018-03-01','2018-05-02']],'2018-05-02',['ppc','other_authority'],
  dict(published_on='2018年6月25日',discovered_on='4月27日、委託先から|2018',forensic_report_on='6月8日に生協へ調査結果|2018',payment_suspended_on='5月2日に同サイトのカード決済を止め|2018',exp=['3月1日〜5月2日|2018']))
r('t11','一般社団法人劇団かもめ座',['かもめ座チケットWEB'],'2024-03-08','2024-03-08','initial','2023-12-19','payment_processor','Deloitte',True,'2024-02-22',['credential_compromise','malware'],[N,E,S],['name','phone','email'],2240,None,None,[['2023-09-01','2023-12-19']],'2023-12-19',['ppc','police'],
  dict(published_on='2024年3月8日',discovered_on='昨年12月19日、カード会社から決済代行会社を通じて|2023',forensic_report_on='2月22日に報告書|2024',payment_suspended_on='同日中にサイトでのカード決済を止めて|2023-12-19',exp=['2023年9月1日から12月19日']),
  alt={'discovered_by':['card_company'],'card_data':[[N,E,S,H]]},firm_ev='デロイト トーマツ サイバー合同会社')
r('t12','株式会社ひまわりトラベル',['ひまわりトラベルWeb'],'2015-03-27','2015-03-27','initial','2015-01-08','card_company','SecureWorks',True,'2015-03-13',['web_app_vulnerability'],[N,E],['name','address','phone','email','birthdate'],9870,1204,None,[['2014-02-03','2014-06-30'],['2014-11-10','2015-01-09']],'2015-01-09',['other_authority','meti','police'],
  dict(published_on='2015年3月27日',discovered_on='2015年1月8日(木) クレジットカード会社',forensic_report_on='2015年3月13日(金) 同社より最終報告書',payment_suspended_on='2015年1月9日(金) 当社サイトにおけるクレジットカード決済を停止',exp=['2014年2月3日~2014年6月30日','2014年11月10日~2015年1月9日']),
  alt={'sites':[['ひまわりトラベルWeb','www.himawari-travel.co.jp']]},firm_ev='セキュアワークス株式会社')
r('t13','株式会社グリーンヒルズ那須',['グリーンヒルズ那須カントリークラブ Web予約'],'2025-02-17','2025-02-17','initial','2025-02-12','card_company',None,True,None,['unknown'],[N,E],['name'],None,None,None,[['2024-10-01',None]],'2025-02-14',['ppc'],
  dict(published_on='2025年2月17日',discovered_on='2025年2月12日、クレジットカード会社',payment_suspended_on='2月14日にWeb予約でのカード事前決済を停止|2025',exp=['2024年10月1日以降']))
r('t14','株式会社リンガポート',[],'2019-10-04','2019-10-04','initial','2019-04-22','payment_processor','ブルーシールド・セキュリティ',True,'2019-08-30',['unauthorized_access'],[N,E,S],['name','email'],658,None,None,[['2018-06-01','2019-05-07']],'2019-05-07',['card_companies','ppc'],
  dict(published_on='令和元年10月4日',discovered_on='平成31年4月22日、決済代行会社',forensic_report_on='令和元年8月30日',payment_suspended_on='令和元年5月7日、本サイトでのクレジットカード決済を停止',exp=['平成30年6月1日から令和元年5月7日']),
  alt={'sites':[['リンガポート']]},firm_ev='株式会社ブルーシールド・セキュリティ')
r('t15','株式会社カートシステムズ',['和雑貨の店 こまち','手作り石けん工房ハル','釣具のつりきち','珈琲豆の森'],'2018-04-20','2018-04-20','initial','2018-01-29','card_company','IBM',True,'2018-03-28',['web_app_vulnerability','malware'],[H,N,E,S],[],12455,None,None,[['2017-08-01','2018-01-31'],['2017-11-15','2018-01-31']],'2018-01-31',['meti','ppc','police'],
  dict(published_on='2018年4月20日',discovered_on='2018年1月29日、一部のクレジットカード会社',forensic_report_on='同年3月28日に最終報告書|2018',payment_suspended_on='2018年1月31日、該当するバージョンのカートの決済機能を停止',exp=['2017年8月1日~2018年1月31日','2017年11月15日~2018年1月31日']),
  alt={'causes':[['web_app_vulnerability','malware','third_party']],'sites':[['和雑貨の店 こまち','手作り石けん工房ハル','釣具のつりきち','珈琲豆の森','らくらくカートPro']]},firm_ev='日本アイ・ビー・エム株式会社')
r('t16','株式会社ペンと紙',['ペンと紙のお店 オンライン'],'2021-12-10','2021-09-03','final','2021-07-16','payment_processor','Cyber Defense Institute',True,'2021-11-26',['sql_injection','credential_compromise','payment_page_tampering'],[H,N,E,S],[],2874,None,41,[['2020-10-05','2021-07-20']],'2021-07-20',['ppc','police'],
  dict(published_on='2021年12月10日',first_disclosed_on='2021年9月3日',discovered_on='2021年7月16日 決済代行会社',forensic_report_on='2021年11月26日',payment_suspended_on='2021年7月20日 クレジットカード決済を停止',exp=['2020年10月5日~2021年7月20日']),firm_ev='サイバーディフェンス研究所')
r('t17','株式会社アトリエ・ルーチェ',['ATELIER LUCE ONLINE'],'2013-10-18','2013-10-18','initial','2013-08-26','card_company',None,True,'2013-10-04',['file_upload','payment_page_tampering'],[N,E,H],[],2300,None,None,[['2013-05-13','2013-08-26']],'2013-08-26',['police'],
  dict(published_on='2013/10/18',discovered_on='2013/08/26にカード会社',forensic_report_on='2013/10/04',payment_suspended_on='同日からカード決済を停止|2013-08-26',exp=['2013/05/13から2013/08/26']),
  alt={'causes':[['file_upload','payment_page_tampering','malware']]})
r('t18','有限会社酒のやまだ屋',['地酒のやまだ屋'],'2018-06-01','2018-06-01','initial','2018-02-23','customer','Payment Card Forensics',True,'2018-04-27',['vulnerable_software','payment_page_tampering'],[H,N,E,S],[],1154,None,None,[['2017-09-01','2018-02-26']],'2018-02-26',['ppc','meti','police'],
  dict(published_on='平成30年6月1日',discovered_on='平成30年2月23日、お客様より',forensic_report_on='同年4月27日、最終報告書|2018',payment_suspended_on='同月26日にサイトでのカード決済を停止|2018-02',exp=['平成29年9月1日～平成30年2月26日']),firm_ev='PCF社')
r('t19','株式会社ウィステリア',['WISTERIA ONLINE STORE','WISTERIA OUTLET'],'2020-02-07','2020-02-07','initial','2019-11-11','card_company','Payment Card Forensics',True,'2020-01-17',['web_app_vulnerability','payment_page_tampering'],[H,N,E,S],['email','phone'],8045,None,128,[['2019-04-22','2019-11-11']],'2019-11-11',['ppc','police','card_companies'],
  dict(published_on='公開日:2020年2月7日',discovered_on='2019年11月11日 カード会社から',forensic_report_on='2020年1月17日 調査報告書',payment_suspended_on='同日 両サイトのクレジットカード決済を停止|2019-11-11',exp=['2019年4月22日から2019年11月11日']),firm_ev='Payment Card Forensics株式会社')
r('t20','株式会社こもれびベビー',['こもれびベビー オンラインショップ'],'2026-01-16','2026-01-16','initial','2025-11-28','payment_processor',None,True,None,['unknown'],[N,E,S],[],4120,None,None,[['2025-06-01','2025-11-28']],'2025-11-28',['ppc'],
  dict(published_on='2026年1月16日',discovered_on='2025年11月28日、当社が利用する決済代行会社',payment_suspended_on='同日、サイトでのクレジットカード決済を停止|2025-11-28',exp=['2025年6月1日~2025年11月28日']))
r('t21','株式会社ポチタマ本舗',['ポチタマ本舗 通販サイト'],'2017-05-12','2017-05-12','initial','2017-02-01','card_company','Verizon',True,'2017-04-14',['web_app_vulnerability'],[H,N,E,S],[],15628,None,312,[['2015-05-21','2017-02-01']],'2017-02-01',['meti','police'],
  dict(published_on='2017年5月12日',discovered_on='2017年2月1日、クレジットカード会社',forensic_report_on='2017年4月14日',payment_suspended_on='同日当社サイトでのカード決済を停止|2017-02-01',exp=['2015年5月21日〜2017年2月1日']),
  alt={'sites':[['ポチタマ本舗 通販サイト','www.pochitama-honpo.jp']],'fraud_cases':[None]},firm_ev='ベライゾン')
r('t22','株式会社ワインセラー東山',['ワインセラー東山オンライン'],'2013-07-26','2013-07-26','initial','2013-06-14','card_company',None,False,None,['unauthorized_access','card_data_retention'],[N,E,H],[],8000,None,23,[[None,'2013-06-14']],'2013-06-14',['police','meti','card_companies'],
  dict(published_on='2013年7月26日',discovered_on='6月14日、複数のカード会社|2013',payment_suspended_on='同日よりサイトを休止|2013-06-14',exp=['2013年6月14日以前']))
r('t23','株式会社トレイルギア',['TRAIL GEAR STORE'],'2024-08-30','2024-08-30','initial','2024-04-03','payment_processor','Payment Card Forensics',True,'2024-07-19',['web_app_vulnerability','payment_page_tampering'],[H,N,E,S],[],2611,None,None,[['2023-10-16','2024-04-05']],'2024-04-05',['ppc','police'],
  dict(published_on='2024年8月30日',discovered_on='2024年4月3日 決済代行会社',forensic_report_on='7月19日 調査会社より最終報告書|2024',payment_suspended_on='同月5日 当サイトのクレジットカード決済を停止|2024-04',exp=['2023年10月16日~2024年4月5日']),
  alt={'fraud_cases':[0]},firm_ev='ペイメントカードフォレンジックス株式会社')
r('t24','株式会社ブーケ・ド・フルール',['Bouquet de Fleur オンライン'],'2022-05-20','2022-03-01','update','2022-02-18','card_company',None,True,'2022-05-06',['third_party','payment_page_tampering'],[H,N,E,S],['name','address'],731,215,None,[['2021-10-01','2022-02-18']],'2022-02-21',['ppc'],
  dict(published_on='2022年5月20日',first_disclosed_on='2022年3月1日',discovered_on='2022年2月18日 カード会社',forensic_report_on='2022年5月6日',payment_suspended_on='2022年2月21日 カード決済を停止',exp=['2021年10月1日~2022年2月18日']))
r('t25','有限会社やくぜん本舗',['やくぜん本舗 楽膳ストア'],'2016-09-16','2016-09-16','initial','2016-07-21','card_company','LAC',True,'2016-09-02',['web_app_vulnerability'],[H,N,E,S],[],1522,None,None,[['2016-04-01','2016-07-22']],'2016-07-22',['meti'],
  dict(published_on='2016年9月16日',discovered_on='7月21日にカード会社さん|2016',forensic_report_on='9月2日に報告書|2016',payment_suspended_on='翌日にはカード払いを止めました|2016-07-22',exp=['4月1日~7月22日|2016']),firm_ev='株式会社ラック')
r('t26','株式会社ミナト文具',['ミナト文具ネットストア'],'2020-12-04','2020-12-04','initial','2020-09-07','self','セキュアフォース',True,'2020-10-23',['unauthorized_access'],[N,E,S],['name','address','login_id'],6210,None,None,[['2018-02-01','2020-09-08']],'2020-09-08',['ppc','police','card_companies'],
  dict(published_on='2020年12月4日',discovered_on='2020年9月7日、当社の情報システム部',forensic_report_on='10月23日に同社より|2020',payment_suspended_on='同月8日、サイトを一時停止|2020-09',exp=['2018年2月1日から2020年9月8日']),firm_ev='株式会社セキュアフォース')
r('t27','株式会社ホビーベース北斗',['ホビーベース北斗 通販部'],'2025-03-21','2025-03-21','initial','2024-11-25','payment_processor','NRI Secure',True,'2025-02-28',['credential_compromise','malware','payment_page_tampering'],[H,N,E,S],[],3947,None,56,[['2024-05-08','2024-11-25']],'2024-11-25',['ppc','police'],
  dict(published_on='令和7年3月21日',discovered_on='令和6年11月25日、決済代行会社',forensic_report_on='令和7年2月28日',payment_suspended_on='同日よりカード決済を停止|2024-11-25',exp=['令和6年5月8日～令和6年11月25日']),firm_ev='NRIセキュア')
r('t28','株式会社ピアノプラザ音羽',['音羽ミュージックオンライン'],'2014-09-05','2014-09-05','initial','2014-06-30','other','Verizon',True,'2014-08-22',['sql_injection','card_data_retention'],[N,E],['name','address','phone','email','login_id'],27563,None,None,[['2011-03-01','2014-07-01']],'2014-07-01',['police','meti'],
  dict(published_on='平成26年9月5日',discovered_on='平成26年6月30日、海外のセキュリティ研究者',forensic_report_on='8月22日に報告書|2014',payment_suspended_on='7月1日にサイトを閉鎖|2014',exp=['平成23年3月1日から平成26年7月1日']),firm_ev='ベライゾン ビジネス')
r('t29','有限会社ブティック・リラ',['LILA ONLINE'],'2019-12-06','2019-12-06','initial','2019-10-02','card_company',None,False,None,['web_app_vulnerability','payment_page_tampering'],[N,E,S],[],350,None,None,[['2019-06-10','2019-10-03']],'2019-10-03',['ppc'],
  dict(published_on='2019年12月6日',discovered_on='わかった日:2019年10月2日(カード会社',payment_suspended_on='カード決済を止めた日:2019年10月3日',exp=['2019年6月10日~10月3日']))
r('t30','株式会社オトナリ酒販',['オトナリの酒 通販'],'2026-02-13','2026-02-13','initial','2025-10-09','card_company','Payment Card Forensics',True,'2026-01-23',['third_party','credential_compromise','payment_page_tampering'],[H,N,E,S],['email'],5318,None,19,[['2025-03-01','2025-10-10']],'2025-10-10',['ppc','police'],
  dict(published_on='2026年2月13日',discovered_on='2025年10月9日 カード会社',forensic_report_on='2026年1月23日 最終調査報告書',payment_suspended_on='同月10日 カード決済を停止|2025-10',exp=['2025年3月1日~2025年10月10日']),
  alt={'sites':[['オトナリの酒 通販','otonari-sake.jp']]},firm_ev='Payment Card Forensics株式会社')

# ---------- checks ----------
ERA={'平成':1988,'令和':2018}
def dates_in(s, ctx=None):
    out=[]
    for m in re.finditer(r'(平成|令和)(元|\d+)年(\d+)月(\d+)日|(\d{4})年(\d+)月(\d+)日|(\d{4})/(\d{2})/(\d{2})|同年(\d+)月(\d+)日|同月(\d+)日|(?<![年\d/])(\d{1,2})月(\d{1,2})日|同日|翌日|昨年(\d+)月(\d+)日',s):
        g=m.groups()
        if g[0]: y=ERA[g[0]]+(1 if g[1]=='元' else int(g[1])); out.append('%04d-%02d-%02d'%(y,int(g[2]),int(g[3])))
        elif g[4]: out.append('%s-%02d-%02d'%(g[4],int(g[5]),int(g[6])))
        elif g[7]: out.append('%s-%s-%s'%(g[7],g[8],g[9]))
        elif g[10]: out.append('%s-%02d-%02d'%(ctx[:4],int(g[10]),int(g[11])))
        elif g[12]: out.append('%s-%02d'%(ctx[:7],int(g[12])))
        elif g[13]: out.append('%s-%02d-%02d'%(ctx[:4],int(g[13]),int(g[14])))
        elif g[15]: out.append('%04d-%02d-%02d'%(int(ctx[:4]),int(g[15]),int(g[16])))
        else: out.append(ctx)
        if out and out[-1] and out[-1].count('-')==2: ctx=out[-1]
    return out
errs=[]
def chk(c,msg):
    if not c: errs.append(msg)
canon={'Payment Card Forensics','Verizon','LAC','NRI Secure','Deloitte','IBM','SecureWorks','Trustwave','Cyber Defense Institute'}
for g in R:
    t=open(f'{D}/{g["id"]}.txt',encoding='utf-8').read()
    i=g['id']
    if g['organization']: chk(g['organization'] in t, f'{i} org')
    for s in g['sites']: chk(s in t, f'{i} site {s}')
    for f in ['published_on','first_disclosed_on','discovered_on','forensic_report_on','payment_suspended_on']:
        v=g[f]; ev=g['_ev'].get(f)
        if f=='first_disclosed_on' and v==g['published_on'] and ev is None: continue
        if v is None: chk(ev is None, f'{i} {f} ev for null'); continue
        chk(ev is not None, f'{i} {f} no evidence'); 
        if ev is None: continue
        s,_,ctx=ev.partition('|'); chk(s in t, f'{i} {f} ev not in text: {s}')
        ds=dates_in(s,ctx or None); chk(v in ds, f'{i} {f} {v} vs parsed {ds}')
    chk(len(g['_ev']['exp'])==len(g['exposure_periods']), f'{i} exp count')
    for ev,(a,b) in zip(g['_ev']['exp'],g['exposure_periods']):
        s,_,ctx=ev.partition('|'); chk(s in t, f'{i} exp ev {s}')
        ds=dates_in(s,ctx or None)
        if a and b and len(ds)==2 and ds[1].count('-')==2:
            chk(ds==[a,b], f'{i} exp {a},{b} vs {ds}')
        elif len(ds)==2: # second may be year-less in context of first
            d2=dates_in(s.split(re.search(r'[~～〜]|から',s).group(0))[1], ds[0]); chk([ds[0]]+d2==[a,b], f'{i} exp {a},{b} vs {ds},{d2}')
        else:
            chk(ds[0] in (a,b) and (a is None or b is None), f'{i} exp open {a},{b} vs {ds}')
    for f in ['records_max','records_confirmed','fraud_cases']:
        v=g[f]
        if v is not None: chk(format(v,',') in t or str(v) in t, f'{i} {f} {v}')
    if g['forensic_firm']:
        chk(g['forensic_investigation'], f'{i} firm but no inv')
        chk(g['_firm_ev'] and g['_firm_ev'] in t, f'{i} firm ev')
        if g['forensic_firm'] not in canon: chk(g['forensic_firm'] in t, f'{i} firm raw')
    if g['first_disclosed_on']!=g['published_on']: chk(g['report_stage'] in ('update','final'), f'{i} stage')
    # keyword sanity
    kw={'sql_injection':'SQLインジェクション','file_upload':'アップロード','unknown':'調査中','third_party':'委託|事業者','malware':'マルウェア|バックドア|不正なプログラム','credential_compromise':'パスワード|認証情報|アカウント'}
    for c in g['causes']:
        if c in kw: chk(re.search(kw[c],t), f'{i} cause kw {c}')
    kwr={'ppc':'個人情報保護委員会','meti':'経済産業省','police':'警察|警視庁','card_companies':'カード会社','other_authority':'観光庁|所管行政庁'}
    for c in g['reported_to']: chk(re.search(kwr[c],t), f'{i} rep kw {c}')
    for c in kwr:
        if c not in g['reported_to'] and c in ('ppc','meti'): chk(not re.search(kwr[c],t), f'{i} missing rep {c}?')
    if g['_alt']:
        for k in g['_alt']: chk(k in FIELDS, f'{i} alt key {k}')
print('\n'.join(errs) or 'ALL OK', len(R))
# cause coverage
from collections import Counter
cc=Counter(c for g in R for c in g['causes']); print(cc)
if '--write' in sys.argv and not errs:
    with open(f'{D}/gold.jsonl','w',encoding='utf-8') as f:
        for g in R:
            o={k:g[k] for k in FIELDS}
            if g['_alt']: o['alt']=g['_alt']
            f.write(json.dumps(o,ensure_ascii=False)+'\n')
    print('written')
