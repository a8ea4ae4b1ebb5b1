"""The rule registry: every rule id the engine emits (`Evidence.rule`), as named data.

Each entry says what the rule matches, where it applies, what keeps it from firing, and gives
short notice texts (written for this registry) with the SCHEMA value the rule produces on them,
plus counter texts on which it must not produce the field's value. A family of ids is written
with one placeholder (「card_data.table_{code}」, 「discovered_by.told_by_{who}」); `find` maps
an emitted id to its entry. ingest/tests/test_extract_rules.py checks every example and that
every rule emitted on the gold notices has an entry.

Plain Python, no Django.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any, NamedTuple


class Rule(NamedTuple):
    id: str  # 「published_on.dateline_head」, or a family: 「card_data.table_{code}」
    field: str  # one of ingest.extract.fields.FIELDS
    matches: str  # what it matches, in one sentence
    where: str  # where it applies
    excludes: str  # what keeps it from firing
    examples: tuple[tuple[str, Any], ...]  # (notice text, expected SCHEMA value of `field`)
    counter: tuple[str, ...] = ()  # texts where this rule must NOT produce the field's value


def _item(
    field: str, code: str, words: str, example: tuple[str, Any], counter: tuple[str, ...]
) -> Rule:
    """A card field or personal item read from a sentence about leaking, or a list under a
    heading about leaked data."""
    return Rule(
        f"{field}.{code}",
        field,
        f"{words}, in a sentence that talks of leaking or in a list under a heading about "
        "leaked data (or a bare line of card fields).",
        "any sentence; list lines under 流出した情報-like headings",
        "negations (保持しておりません, 含まれません, 対象外…), unanswered questions, contact "
        "lines (メールアドレス:info@…), the attacker's means (IDを用いて), administrators' "
        "credentials, addresses to (メールアドレス宛)",
        (example,),
        counter,
    )


D = "2024年3月1日\n"  # a dateline: the year of the dates in the examples

RULES: tuple[Rule, ...] = (
    # ---------------------------------------------------------------- organization
    Rule(
        "organization.letterhead",
        "organization",
        "A line holding only a legal name (株式会社X, X合同会社…), a label or signatory dropped.",
        "the first 20 lines (the letterhead)",
        "lines naming a representative, desk or greeting (代表, 各位, 窓口, 担当…)",
        (
            (
                D + "株式会社こもれび商会\n当社通販サイトへの不正アクセスについて",
                "株式会社こもれび商会",
            ),
            ("お客様各位\n運営会社:ハナミズキ合同会社\nお知らせ", "ハナミズキ合同会社"),
        ),
        ("お客様各位\nお問い合わせ窓口 株式会社こもれび商会\n",),
    ),
    Rule(
        "organization.self_reference",
        "organization",
        "A legal name just before 「(以下「当社」)」 or 「(本社:…)は」 in running text.",
        "anywhere, when no letterhead line names the organisation",
        "a name without a legal form; a letterhead line wins",
        (
            (
                "このたび、つばめ食品株式会社(以下「当社」)の通販サイトにおいて不正アクセスが"
                "ありました。",
                "つばめ食品株式会社",
            ),
        ),
        ("このたび、つばめ食品(以下「当社」)の通販サイトにおいて不正アクセスがありました。",),
    ),
    Rule(
        "organization.public_office_{place}",
        "organization",
        "A public body behind its office (北浜市観光課) or its head (鹿ノ瀬町長 名前).",
        "the letterhead or the signature block ({place} = letterhead | signature)",
        "a legal-name line or a self reference found first",
        (("令和6年3月1日\n青葉市産業振興部商工課\n個人情報の漏えいについて", "青葉市"),),
        ("令和6年3月1日\n株式会社青葉商事\n個人情報の漏えいについて",),
    ),
    Rule(
        "organization.signature",
        "organization",
        "A line holding only a legal name, signatory dropped.",
        "the last 6 lines (the signature block), when the head names nobody",
        "a letterhead name or a self reference found first",
        (
            (
                "\n".join(["お知らせ"] + ["本文です。"] * 20 + ["以上", "株式会社ゆずりは"]),
                "株式会社ゆずりは",
            ),
        ),
    ),
    Rule(
        "organization.name_line",
        "organization",
        "A line holding only a legal name, anywhere below the head (a web page's article).",
        "lines after the 20th, when neither head nor signature names the organisation",
        "lines naming a representative, desk or centre",
        (
            (
                "\n".join(
                    ["お知らせ"] + ["本文です。"] * 20 + ["株式会社ゆずりは"] + ["本文です。"] * 8
                ),
                "株式会社ゆずりは",
            ),
        ),
    ),
    Rule(
        "organization.public_body_{place}",
        "organization",
        "A name with no legal form that ends like a public body (市, 学会, 協会…).",
        "the letterhead or the signature block ({place} = letterhead | signature)",
        "lines of persons, desks, titles or menus; legal names and self references found first",
        (("若葉学会\n会員各位\n個人情報の漏えいについて\n本文です。", "若葉学会"),),
        ("若葉学会事務局\n会員各位\n個人情報の漏えいについて\n本文です。",),
    ),
    Rule(
        "organization.bare_name_{place}",
        "organization",
        "A short name with no legal form standing alone (日之出出版).",
        "the letterhead or the signature block ({place} = letterhead | signature)",
        "lines of persons, desks, titles or menus; a public body's name is preferred",
        (("個人情報の漏えいについて\n本文です。\n以上\n日之出出版", "日之出出版"),),
        ("個人情報の漏えいについて\n本文です。\n以上\n日之出出版 担当 山田",),
    ),
    Rule(
        "organization.none",
        "organization",
        "Nothing names the publishing organisation.",
        "the whole notice",
        "any organization rule firing",
        (("不正アクセスがありました。\nご迷惑をおかけしました。", None),),
        ((D + "株式会社こもれび商会\nお知らせ"),),
    ),
    # ---------------------------------------------------------------- sites
    Rule(
        "sites.listed_under_heading",
        "sites",
        "Each bulleted line (name or URL, a URL in brackets dropped) under 【対象となるサイト】.",
        "up to 20 bullet lines after a heading n"
        "aming the affected sites (対象サイト/該当ショップ…)",
        "the first line that is no bullet ends the list",
        (
            (
                "【対象となるサイト】\n・はなうた雑貨店\n・ことり文具店\n",
                ["はなうた雑貨店", "ことり文具店"],
            ),
        ),
        ("【今後の対応】\n・はなうた雑貨店\n",),
    ),
    Rule(
        "sites.labelled_list",
        "sites",
        "The names after 「対象サイト:」, split at /、, URLs in brackets dropped.",
        "a 対象サイト: line anywhere",
        "no label",
        (("対象サイト:はなうた雑貨店/ことり文具店\n", ["はなうた雑貨店", "ことり文具店"]),),
        ("問い合わせ先:はなうた雑貨店\n",),
    ),
    Rule(
        "sites.quoted_after_site_word",
        "sites",
        "A quoted name 「X」 right after a site word (サイト, ショップ, ストア, 運営する…).",
        "any sentence",
        "titles and notices in quotes (お詫び, について, 株式会社…), 「以下」 aliases, a sentence "
        "saying the site is not affected",
        (
            (
                "当社が運営するショップ「はなうた雑貨店」において不正アクセスがありました。",
                ["はなうた雑貨店"],
            ),
        ),
        (
            "当社が運営するショップ「はなうた雑貨店」は別システムのため影響はございません。",
            "当社サイトに「カード情報流出に関するお詫び」を掲載しました。",
        ),
    ),
    Rule(
        "sites.quoted_before_site_word",
        "sites",
        "A quoted name 「X」 right before a site word or a place particle (サイト, における, で"
        "の, (以下…).",
        "any sentence",
        "titles and notices in quotes; a sentence saying the site is not affected",
        (("「はなうた雑貨店」における不正アクセスについてお知らせします。", ["はなうた雑貨店"]),),
        ("「はなうた雑貨店」の商品を新発売しました。",),
    ),
    Rule(
        "sites.quoted_url",
        "sites",
        "A quoted name with its URL 「X(https://…)」"
        ", or a bare quoted URL before のドメイン/のサイト.",
        "any sentence, the quote qualified as a site by the words around it",
        "a bare URL not followed by のドメイン/のサイト",
        (
            (
                "当社が運営するサイト「はなうた雑貨店(https://ha"
                "nauta.example.jp/)」において不正アクセス"
                "がありました。",
                ["はなうた雑貨店"],
            ),
        ),
    ),
    Rule(
        "sites.quoted_greeting",
        "sites",
        "A quoted name in the opening courtesy: いつも「X」をご利用いただき.",
        "the greeting (いつも/平素より/日頃より … をご利用/ご愛顧)",
        "quotes of titles or notices",
        (
            (
                "いつも「はなうた雑貨店」をご利用いただき、誠にありがとうございます。",
                ["はなうた雑貨店"],
            ),
        ),
    ),
    Rule(
        "sites.quoted_coordinated",
        "sites",
        "A quote joined by および/と/、 to a quote taken as a site (「A」および「B」の2サイト).",
        "adjacent quotes",
        "quotes of titles or notices, quotes over 40 characters",
        (
            (
                "「ことり文具店」および「はなうた雑貨店」における不正アクセスについて",
                ["ことり文具店", "はなうた雑貨店"],
            ),
        ),
    ),
    Rule(
        "sites.host_name",
        "sites",
        "A host name starting with www right before サイト (www.example.jpサイト).",
        "anywhere",
        "host names not followed by サイト",
        (("当社のwww.hanauta.jpサイトにおいて不正アクセスがありました。", ["www.hanauta.jp"]),),
        ("詳細はwww.hanauta.jpをご覧ください。",),
    ),
    Rule(
        "sites.run_by",
        "sites",
        "An unquoted shop name ending in ショップ/ストア/サイト/モール after 当社が運営する.",
        "anywhere in a text that says 運営",
        "generic names (オンラインショップ, 公式通販サイト…)",
        (
            (
                "当社が運営するはなうたオンラインストアにおいて不正アクセスがありました。",
                ["はなうたオンラインストア"],
            ),
        ),
        ("当社が運営するオンラインストアにおいて不正アクセスがありました。",),
    ),
    Rule(
        "sites.run_by_host",
        "sites",
        "The host name in brackets after a generic site word run by the organisation: "
        "当社が運営するオンラインショップ(hanauta.jp).",
        "anywhere in a text that says 運営",
        "a non-generic shop name (then sites.run_by takes the name)",
        (
            (
                "当社が運営するオンラインショップ(hanauta.e"
                "xample.jp)において不正アクセスがありました。",
                ["hanauta.example.jp"],
            ),
        ),
    ),
    Rule(
        "sites.host_after_site_word",
        "sites",
        "A host name in brackets after a generic site word: オンラインショップ(hanauta.jp).",
        "anywhere, only when no earlier sites rule found a site",
        "a sentence saying the site is not affected",
        (
            (
                "当社のオンラインショップ(hanauta.example.jp)に不正アクセスがありました。",
                ["hanauta.example.jp"],
            ),
        ),
    ),
    Rule(
        "sites.signed_shop",
        "sites",
        "A shop's signature: 「ショップ名:X」, or the line above 「運営会社:…」.",
        "any line, only when no earlier sites rule found a site",
        "a line above 運営会社 that is long, has a legal form, digits or punctuation",
        (
            (
                "お知らせ\n不正アクセスがありました。\nショップ名:はなうた雑貨店\n",
                ["はなうた雑貨店"],
            ),
        ),
    ),
    Rule(
        "sites.title",
        "sites",
        "A name ending in ショップ/ストア/サイト/モール opening the title (はなうたストアへの…).",
        "the title line, only when no earlier sites rule found a site",
        "generic names and the organisation itself (当社, 運営, グループ)",
        (
            (
                "はなうたストアへの不正アクセスに関するお詫び\n不正アクセスがありました。",
                ["はなうたストア"],
            ),
        ),
        ("オンラインストアへの不正アクセスに関するお詫び\n不正アクセスがありました。",),
    ),
    Rule(
        "sites.greeting_unquoted",
        "sites",
        "An unquoted name in the opening courtesy: いつもX をご利用いただき.",
        "the greeting, only when no earlier sites rule found a site",
        "generic names, names with a legal form or 当社/弊社",
        (("いつもはなうた雑貨店をご利用いただき、誠にありがとうございます。", ["はなうた雑貨店"]),),
        ("いつも弊社をご利用いただき、誠にありがとうございます。",),
    ),
    Rule(
        "sites.paid_with",
        "sites",
        "A system or service paid with by card: X出願システムでクレジットカード決済.",
        "anywhere, as a last resort when no other sites rule found a site",
        "generic names, names with a legal form",
        (
            (
                "さくら大学Web出願システムでクレジットカード決済をご利用の方へ",
                ["さくら大学Web出願システム"],
            ),
        ),
    ),
    Rule(
        "sites.none",
        "sites",
        "No affected site or service is named.",
        "the whole notice",
        "any sites rule firing",
        (("当社サーバーへの不正アクセスがありました。", []),),
        ("当社が運営するショップ「はなうた雑貨店」において不正アクセスがありました。",),
    ),
    # ---------------------------------------------------------------- published_on
    Rule(
        "published_on.issue_list",
        "published_on",
        "The first date of the latest issue in a list of issues (「(第2報)2024年3月1日掲載」).",
        "the first 15 lines",
        "a single issue line naming no later issue is still read; lines with no date",
        (("(第2報)2024年3月1日掲載\n(第1報)2024年2月10日掲載\n当社サイトについて", "2024-03-01"),),
    ),
    Rule(
        "published_on.dateline_head",
        "published_on",
        "A line holding only a date (with 更新日/発表/掲載 words) in the head.",
        "the first 15 lines (or up to 4 lines after the title)",
        "dates inside sentences",
        (("2024年3月1日\n株式会社こもれび商会\n当社サイトへの不正アクセスについて", "2024-03-01"),),
        ("株式会社こもれび商会\n2024年1月10日に不正アクセスがありました。",),
    ),
    Rule(
        "published_on.dateline_signature",
        "published_on",
        "A line holding only a date in the signature block, near 以上 or a legal name.",
        "the last 8 lines, below the head",
        "a dateline in the head wins; a date line with no 以上 or name near it",
        (
            (
                "当社サイトへの不正アクセスについて\n"
                + "本文です。\n" * 15
                + "以上\n2024年3月1日\n株式会社こもれび商会",
                "2024-03-01",
            ),
        ),
    ),
    Rule(
        "published_on.today",
        "published_on",
        "The date after 本日 (本日(2024年3月4日)、…).",
        "anywhere, when neither an issue list nor a dateline dates the notice",
        "a dateline found first; 本日 with no date",
        (
            (
                "お知らせ\n本日(2024年3月4日)、当社サイトへの不正アクセスが判明しました。",
                "2024-03-04",
            ),
        ),
        ("お知らせ\n本日、当社サイトへの不正アクセスが判明しました。",),
    ),
    Rule(
        "published_on.none",
        "published_on",
        "The notice carries no date of its own.",
        "the whole notice",
        "any published_on rule firing",
        (("お知らせ\n当社サイトへの不正アクセスが判明しました。", None),),
        ((D + "お知らせ"),),
    ),
    # ---------------------------------------------------------------- first_disclosed_on
    Rule(
        "first_disclosed_on.earlier_notice",
        "first_disclosed_on",
        "The earliest date on which the notice says it announced before (「1月20日に公表いた"
        "しました」, a timeline row 「1月20日 第一報を公表」, an earlier issue in an issue list).",
        "any sentence; dates after the notice's own are ignored",
        "dates of other events between the date and"
        " the verb (受け, 報告書, お客様…), ends of periods",
        (
            (
                D + "株式会社こもれび商会\n2024年1月20日に"
                "公表いたしました件について、調査が終わりました。",
                "2024-01-20",
            ),
        ),
        (D + "2024年1月20日に決済代行会社から連絡を受け、公表いたしました。",),
    ),
    Rule(
        "first_disclosed_on.this_notice",
        "first_disclosed_on",
        "The notice's own date, when nothing tells of an earlier notice.",
        "whole notice",
        "a mention of an earlier notice (続報, 第2報, 先般の発表…) not promised for later",
        ((D + "お知らせ\n当社サイトへの不正アクセスが判明しました。", "2024-03-01"),),
        (D + "お知らせ\n本書は第2報です。",),
    ),
    Rule(
        "first_disclosed_on.none",
        "first_disclosed_on",
        "Neither an earlier notice nor the notice's own date is known.",
        "whole notice",
        "any first_disclosed_on rule firing",
        (("お知らせ\n当社サイトへの不正アクセスが判明しました。", None),),
        ((D + "お知らせ"),),
    ),
    # ---------------------------------------------------------------- report_stage
    Rule(
        "report_stage.final",
        "report_stage",
        "「最終報告」「最終報」in the head (final).",
        "the first 15 lines",
        "最終報告書; 最終報告を受け/受領/提出 (an investigator's report)",
        ((D + "株式会社こもれび商会\n当社サイトへの不正アクセスについて(最終報告)", "final"),),
        (D + "当社サイトへの不正アクセスについて\n調査会社より最終報告を受領しました。",),
    ),
    Rule(
        "report_stage.first_in_title",
        "report_stage",
        "「第1報」 in the title (initial).",
        "the title line",
        "a final report in the head wins",
        (
            (
                D + "【第1報】当社サイトへの不正アクセスについて\n不正アクセスがありました。",
                "initial",
            ),
        ),
    ),
    Rule(
        "report_stage.refers_back",
        "report_stage",
        "A mention of an earlier notice: 続報, 第2報, 先般の発表, お知らせ済… (update).",
        "anywhere",
        "a sentence promising a later notice (予定, 次第, 改めて, …いたします。)",
        ((D + "当社サイトへの不正アクセスについて(第2報)\n調査結果をお知らせします。", "update"),),
        (D + "当社サイトへの不正アクセスについて\n続報が判明しましたら改めてお知らせいたします。",),
    ),
    Rule(
        "report_stage.earlier_date",
        "report_stage",
        "first_disclosed_on found an earlier notice before the notice's own date (update).",
        "whole notice",
        "first disclosure on the notice's own date",
        (
            (
                D + "株式会社こもれび商会\n2024年1月20日に"
                "公表いたしました件について、調査が終わりました。",
                "update",
            ),
        ),
    ),
    Rule(
        "report_stage.initial",
        "report_stage",
        "The default: nothing marks a later or final notice (initial).",
        "whole notice",
        "any other report_stage rule firing",
        ((D + "当社サイトへの不正アクセスについて\n不正アクセスがありました。", "initial"),),
        (D + "当社サイトへの不正アクセスについて(第2報)\n調査結果をお知らせします。",),
    ),
    # ---------------------------------------------------------------- discovered_on
    Rule(
        "discovered_on.told_by_{dated}",
        "discovered_on",
        "The day the organisation was told: a date before 「(source)から…連絡/指摘/通知/問い合わ"
        "せを受け/があり」, the earliest such statement.",
        "any sentence; {dated} = same_sentence (date in the sentence), timeline_entry (the date "
        "heading its timeline entry), same_day (同日 in the sentence)",
        "statuses (時点で, 現在, 受けている), investigators' reports (調査会社より報告), a date "
        "of an announcement or one with its own finished clause before the source",
        (
            (
                D + "2024年1月10日、決済代行会社から、不正利用の可能性について連絡を受けました。",
                "2024-01-10",
            ),
            (
                D + "■経緯\n2024年1月10日\nカード会社か"
                "ら、不正利用の可能性について連絡を受けました。",
                "2024-01-10",
            ),
        ),
        (
            D + "2024年2月20日時点で、カード会社から報告を受けている不正利用は3件です。",
            D + "お客様に対し、カード会社からご連絡が入る場合がございます。",
        ),
    ),
    Rule(
        "discovered_on.found_itself_{dated}",
        "discovered_on",
        "The day the organisation (or its staff, monitoring, contractor) detected something wrong "
        "itself: 「当社は…不正なファイルを検知しました」.",
        "any sentence; {dated} as for told_by",
        "a being-told statement dated earlier",
        (
            (
                D + "2024年1月10日、当社は、社内の監視により不正なファイルを検知しました。",
                "2024-01-10",
            ),
        ),
        (D + "当社は今後、不正なアクセスの検知に努めてまいります。",),
    ),
    Rule(
        "discovered_on.found_by_vendor_{dated}",
        "discovered_on",
        "The day a supplier or operator (供給元, 委託先, 提供元, 運営会社) confirmed unauthorised "
        "access.",
        "any sentence; {dated} as for told_by",
        "an earlier dated discovery statement",
        (
            (
                D + "2024年1月10日、サービスの提供元において"
                "、当社サイトへの不正アクセスが確認されました。",
                "2024-01-10",
            ),
        ),
    ),
    Rule(
        "discovered_on.learned_{dated}",
        "discovered_on",
        "A dated clause 「X日、…流出の懸念/可能性を確認いたしました」: when, not who.",
        "a sentence opening with its date clause",
        "a sentence with no date clause at its start",
        ((D + "2024年1月10日、クレジットカード情報流出の懸念を確認いたしました。", "2024-01-10"),),
        (D + "調査の結果、クレジットカード情報流出の懸念を確認いたしました。",),
    ),
    Rule(
        "discovered_on.key_value_key_value",
        "discovered_on",
        "The date on a labelled line 「発覚日:…」「判明日:…」.",
        "key-value lines (a summary table of the facts)",
        "a label of another kind (公表日, 停止日)",
        ((D + "発覚日:2024年1月10日\n発覚の端緒:カード会社からの連絡", "2024-01-10"),),
        (D + "公表日:2024年1月10日\n",),
    ),
    Rule(
        "discovered_on.none",
        "discovered_on",
        "No dated statement of being told or finding the breach.",
        "whole notice",
        "any discovered_on rule firing",
        (("お知らせ\nカード情報が流出した可能性があります。", None),),
        (D + "2024年1月10日、決済代行会社から、不正利用の可能性について連絡を受けました。",),
    ),
    # ---------------------------------------------------------------- discovered_by
    Rule(
        "discovered_by.told_by_{who}",
        "discovered_by",
        "Who told the organisation in its first dated statement of being told, classified by "
        "the source's words (決済代行→payment_processor, カード会社→card_company, 警察→police, "
        "お客様→customer, 会社/機関/研究者→other).",
        "the source before から/より in the being-told clause; {who} the discoverer code",
        "as for discovered_on.told_by_{dated}; 報告 counts only from a processor, card company, "
        "police or a vendor",
        (
            (
                D + "2024年1月10日、決済代行会社から、不正利用の可能性について連絡を受けました。",
                "payment_processor",
            ),
            (
                D + "2024年1月10日、カード会社から、不正利用の懸念について連絡を受けました。",
                "card_company",
            ),
            (
                D + "2024年1月10日、警察から、当社サイトへの不正アクセスについて連絡を受けました。",
                "police",
            ),
            (
                D
                + "2024年1月10日、お客様から、身に覚えのない請求があるとの問い合わせがありました。",
                "customer",
            ),
            (D + "2024年1月10日、セキュリティ研究者から脆弱性の指摘を受けました。", "other"),
        ),
        (D + "お客様に対し、カード会社からご連絡が入る場合がございます。",),
    ),
    Rule(
        "discovered_by.told_by_{who}_undated",
        "discovered_by",
        "Who told the organisation, in a statement of being told with no date found.",
        "the source before から/より; {who} the discoverer code",
        "as for told_by_{who}",
        (
            (
                "お知らせ\n決済代行会社から、不正利用の可能性がある旨の連絡を受けました。",
                "payment_processor",
            ),
        ),
        ("お知らせ\nカード会社から不正利用について連絡が来ることがあります。",),
    ),
    Rule(
        "discovered_by.found_itself_{who}_undated",
        "discovered_by",
        "The organisation found it itself (self), or its contractor did (other), with no date.",
        "a sentence of 当社/担当者/監視 … 不正/改ざん … 検知/発見/確認しました",
        "future measures; a being-told statement dated earlier",
        (("お知らせ\n当社は、社内の監視により不正なファイルを検知しました。", "self"),),
        ("お知らせ\n当社は今後、不正なアクセスの検知に努めてまいります。",),
    ),
    Rule(
        "discovered_by.found_itself_{who}",
        "discovered_by",
        "The organisation found it itself (self), or its contractor did (other), on a known day.",
        "a sentence of 当社/担当者/監視/点検 … 不正/改ざん/見覚えのない … 検知/発見/確認しました; "
        "a contractor (委託/保守…会社が) as subject makes it other",
        "future measures; a being-told statement dated earlier",
        (
            (D + "2024年1月10日、当社は、社内の監視により不正なファイルを検知しました。", "self"),
            (
                D + "2024年1月10日、保守を委託している会社"
                "が定期点検を行った際、当社サイト上に見覚えの"
                "ないファイルを発見しました。",
                "other",
            ),
        ),
    ),
    Rule(
        "discovered_by.found_by_vendor_{who}",
        "discovered_by",
        "A supplier or operator confirmed unauthorised access (other).",
        "a sentence of 供給元/委託先/提供元/運営会社 … 不正アクセスが確認され",
        "an earlier dated discovery statement",
        (
            (
                D + "2024年1月10日、サービスの提供元において"
                "、当社サイトへの不正アクセスが確認されました。",
                "other",
            ),
        ),
    ),
    Rule(
        "discovered_by.key_value_{who}",
        "discovered_by",
        "The source on a labelled line 「発覚の端緒:…からの連絡」, or the teller of the prose on "
        "the labelled discovery day.",
        "key-value lines, when a 発覚日 line dates the discovery",
        "no dated 発覚日 line",
        ((D + "発覚日:2024年1月10日\n発覚の端緒:カード会社からの連絡", "card_company"),),
        (D + "発覚の端緒:カード会社からの連絡",),
    ),
    Rule(
        "discovered_by.none",
        "discovered_by",
        "No statement says who found or told of the breach.",
        "whole notice",
        "any discovered_by rule firing",
        ((D + "2024年1月10日、クレジットカード情報流出の懸念を確認いたしました。", None),),
        (D + "2024年1月10日、警察から、当社サイトへの不正アクセスについて連絡を受けました。",),
    ),
    # ---------------------------------------------------------------- forensic_firm
    Rule(
        "forensic_firm.known_alias",
        "forensic_firm",
        "The earliest spelling of a firm in the alias table (vocab.json; editors add more), as its "
        "canonical name.",
        "anywhere; a Latin alias must stand as a word (LAC not in BLACK)",
        "a sentence of future checks or audits (診断, 監査, 今後…) that says nothing of an "
        "investigation",
        (("第三者調査機関である株式会社ラックによるフォレンジック調査を実施しました。", "LAC"),),
        ("今後は株式会社ラックによる脆弱性診断を定期的に受診いたします。",),
    ),
    Rule(
        "forensic_firm.named_beside_role",
        "forensic_firm",
        "A name in brackets after an investigator role word: 「調査会社(アオバセキュリティ)」.",
        "anywhere, when no known alias is found",
        "role words, processors and card companies in the brackets (機関, 第三者, 決済, カード…)",
        (("外部の調査会社(アオバセキュリティ)に調査を依頼しました。", "アオバセキュリティ"),),
        ("外部の調査会社(第三者機関)に調査を依頼しました。",),
    ),
    Rule(
        "forensic_firm.legal_name_beside_role",
        "forensic_firm",
        "A legal name after 「調査会社である」 whose own name holds a role word "
        "(株式会社アオバフォレンジック).",
        "anywhere, when no known alias is found",
        "a name left with nothing but role words",
        (
            (
                "調査会社である株式会社アオバフォレンジックに調査を依頼しました。",
                "アオバフォレンジック",
            ),
        ),
    ),
    Rule(
        "forensic_firm.named_after_role",
        "forensic_firm",
        "A Latin or katakana name written right after an investigator role word, no brackets: "
        "「フォレンジック調査会社Kestrel Labsによる調査」"
        "「調査機関カワセミセキュリティに調査を依頼」.",
        "anywhere, when no known alias or role-bracket name is found",
        "names made only of role words; the organisation's vendor, processor or informant; no "
        "investigating word after the name (による, に調査/依頼, の報告…)",
        (("フォレンジック調査会社Kestrel Labsによる調査を実施しました。", "Kestrel Labs"),),
        ("フォレンジック調査会社セキュリティフォレンジックに調査を依頼しました。",),
    ),
    Rule(
        "forensic_firm.aliased_as_investigator",
        "forensic_firm",
        "A legal name introduced as the investigator: 「株式会社X(以下「調査会社」)」.",
        "anywhere, when no known alias or role-bracket name is found; the earliest of the "
        "unlisted-firm patterns wins",
        "the organisation's vendor, processor or informant; sentences of future checks",
        (("株式会社アオバ解析(以下「調査会社」)に調査を依頼しました。", "アオバ解析"),),
    ),
    Rule(
        "forensic_firm.labelled_line",
        "forensic_firm",
        "A legal name on a labelled line 「調査機関:X株式会社」.",
        "key-value lines (a summary table)",
        "the organisation's vendor, processor or informant",
        (("調査機関:株式会社アオバ解析\n", "アオバ解析"),),
        ("問い合わせ先:株式会社アオバ解析\n",),
    ),
    Rule(
        "forensic_firm.hired_to_investigate",
        "forensic_firm",
        "A legal name (or a katakana name with 社) hired or reporting: 「X株式会社に調査を依頼」"
        "「X社による調査」.",
        "anywhere, when no earlier forensic_firm rule fires",
        "the organisation's vendor, processor or informant (提供事業者である…, …から連絡); "
        "sentences of future checks",
        (("株式会社アオバ解析に調査を依頼しました。", "アオバ解析"),),
        ("今後は株式会社アオバ解析による脆弱性診断を受けます。",),
    ),
    Rule(
        "forensic_firm.none",
        "forensic_firm",
        "No investigator is named.",
        "whole notice",
        "any forensic_firm rule firing",
        (("外部の専門機関に調査を依頼しました。", None),),
        ("株式会社アオバ解析に調査を依頼しました。",),
    ),
    # ---------------------------------------------------------------- forensic_investigation
    Rule(
        "forensic_investigation.firm",
        "forensic_investigation",
        "An investigator is named (forensic_firm has a value).",
        "whole notice",
        "no firm named",
        (("株式会社アオバ解析に調査を依頼しました。", True),),
    ),
    Rule(
        "forensic_investigation.investigator_word",
        "forensic_investigation",
        "A word of an outside investigation: 調査会社, 調査機関, 専門機関, フォレンジック, "
        "第三者機関, PFI….",
        "any sentence, when no firm is named",
        "questions (専門の調査会社に…ですか) and denials (…は行っておらず, していません)",
        (("外部の専門機関に調査を依頼しました。", True),),
        (
            "外部の調査機関への依頼は行っておりません。",
            "Q.調査会社には依頼したのですか。",
        ),
    ),
    Rule(
        "forensic_investigation.none",
        "forensic_investigation",
        "No outside investigation is mentioned (false).",
        "whole notice",
        "any forensic_investigation rule firing",
        (("当社で原因を調べております。", False),),
        ("外部の専門機関に調査を依頼しました。",),
    ),
    # ---------------------------------------------------------------- forensic_report_on
    Rule(
        "forensic_report_on.labelled_date",
        "forensic_report_on",
        "The date on a labelled line 「調査完了日:…」「報告書受領日:…」.",
        "key-value lines",
        "labels of a start, a request, an interim report or a publication (開始, 依頼, 中間…)",
        ((D + "調査完了日:2024年2月15日\n", "2024-02-15"),),
        (D + "調査開始日:2024年2月15日\n",),
    ),
    Rule(
        "forensic_report_on.report_received",
        "forensic_report_on",
        "The latest date of a statement that the investigation's report was received or the "
        "investigation finished (報告書を受領, 調査が完了).",
        "sentences about the investigation; the date in the sentence or its timeline entry",
        "interim reports (中間, 速報, 暫定), investigations not yet done (完了しておらず, 完了次"
        "第, 完了後…する), dates of announcements, statements of being told",
        (
            (D + "2024年2月15日、調査会社から調査報告書を受領しました。", "2024-02-15"),
            (D + "調査会社からの報告書は2024/02/15に受け取りました。", "2024-02-15"),
            (D + "調査機関による報告書を、2024年2月15日に受領しております。", "2024-02-15"),
        ),
        (
            D + "2024年2月15日、調査会社から中間報告書を受領しました。",
            D + "調査が完了し次第、改めてお知らせいたします。",
        ),
    ),
    Rule(
        "forensic_report_on.report_given",
        "forensic_report_on",
        "The date the investigation's report was handed over, in words other than receiving: "
        "「報告書をいただきました」「報告書をもらった」「調査結果が報告されています」.",
        "sentences about the investigation; the date in the sentence or its timeline entry",
        "a report still to come (報告され次第, いただく予定), interim reports (中間, 速報, 暫定), "
        "dates of announcements",
        (
            (D + "2月2日に調査会社に調べてもらい、2月15日に報告書をいただきました。", "2024-02-15"),
            (D + "2月15日に当社へ調査結果が報告されています。", "2024-02-15"),
        ),
        (
            D + "調査結果が報告され次第、お知らせいたします。",
            D + "2月15日に報告書をいただく予定です。",
        ),
    ),
    Rule(
        "forensic_report_on.report_compiled",
        "forensic_report_on",
        "The date a report was drawn up: 「調査報告書が12月15日に取りまとめられ」 (作成, 完成).",
        "sentences about the investigation, the date between 報告書 and the compiling verb",
        "interim reports (中間, 速報, 暫定); a report still to come (取りまとめられ次第)",
        (
            (
                D + "同調査機関による調査報告書が2月15日に取りまとめられ、改ざんが確認されました。",
                "2024-02-15",
            ),
        ),
        (D + "調査報告書が取りまとめられ次第、お知らせいたします。",),
    ),
    Rule(
        "forensic_report_on.none",
        "forensic_report_on",
        "No dated report or finished investigation.",
        "whole notice",
        "any forensic_report_on rule firing",
        ((D + "現在、調査会社による調査を行っております。", None),),
        (D + "2024年2月15日、調査会社から調査報告書を受領しました。",),
    ),
    # ---------------------------------------------------------------- causes
    Rule(
        "causes.unauthorized_access",
        "causes",
        "「不正アクセス」 anywhere, when no specific method (SQL injection, tampering, "
        "vulnerability, credentials, malware, upload) is stated.",
        "whole notice",
        "a specific method found",
        (("当社サーバーが第三者による不正アクセスを受けました。", ["unauthorized_access"]),),
        ("第三者によるSQLインジェクション攻撃を受け、不正アクセスされました。",),
    ),
    Rule(
        "causes.web_app_vulnerability",
        "causes",
        "A vulnerability of the site, system or program (システムの脆弱性, 脆弱性を突いた) with no "
        "product named, or 「機能を悪用した不正アクセス」.",
        "sentences outside the 再発防止 section (unless they say 原因)",
        "future measures (今後, 診断, 修正, 対策として…), negations (痕跡は…ません), a named "
        "product (then vulnerable_software)",
        (
            (
                "システムの脆弱性を突いた第三者の攻撃により、情報が流出しました。",
                ["web_app_vulnerability"],
            ),
        ),
        (
            "今後はシステムの脆弱性診断を定期的に実施いたします。",
            "システムの脆弱性を利用した攻撃の痕跡は確認されませんでした。",
        ),
    ),
    Rule(
        "causes.sql_injection",
        "causes",
        "「SQLインジェクション」.",
        "sentences outside the 再発防止 section (unless they say 原因)",
        "future measures and negations in the sentence; a method set against the real one "
        "(…とは異なり)",
        (("第三者によるSQLインジェクション攻撃を受けました。", ["sql_injection"]),),
        ("SQLインジェクションの痕跡は確認されませんでした。",),
    ),
    Rule(
        "causes.vulnerable_software",
        "causes",
        "A vulnerability of a named product or version (EC-CUBE, WordPress, Struts, X 2.1, CVE-…),"
        " in the sentence or the one before.",
        "sentences outside the 再発防止 section (unless they say 原因)",
        "future measures, negations",
        (("当社が利用していたEC-CUBEの脆弱性を突かれました。", ["vulnerable_software"]),),
        ("今後はEC-CUBEの脆弱性の修正を速やかに行います。",),
    ),
    Rule(
        "causes.file_upload",
        "causes",
        "An upload function abused (アップロード機能を悪用, …を不正に利用).",
        "sentences outside the 再発防止 section (unless they say 原因)",
        "future measures, negations",
        (("商品画像のアップロード機能を悪用した攻撃を受けました。", ["file_upload"]),),
        ("今後はアップロード機能を悪用されないよう対策を強化いたします。",),
    ),
    Rule(
        "causes.payment_page_tampering",
        "causes",
        "The payment page or program altered: 改ざん, 書き換え, 偽の決済画面, 不正なスクリプト, "
        "Webスキミング….",
        "sentences outside the 再発防止 section (unless they say 原因) naming a page, form, "
        "program or site",
        "future measures (unless the sentence says 原因), contrasts (とは異なり); a planted file "
        "or program that took stored data when no input capture is mentioned (then malware)",
        (
            (
                "決済画面が改ざんされ、カード情報が外部に送信されていました。",
                ["payment_page_tampering"],
            ),
        ),
        ("決済画面の改ざんを防ぐため、監視を強化いたします。",),
    ),
    Rule(
        "causes.credential_compromise",
        "causes",
        "Stolen or guessed administrator credentials, or 不正ログイン.",
        "sentences outside the 再発防止 section (unless they say 原因)",
        "future measures, negations, advice to customers (ご注意, ください)",
        (
            (
                "管理者のIDとパスワードが窃取され、管理画面に入られました。",
                ["credential_compromise"],
            ),
        ),
        ("不正ログインにご注意ください。",),
    ),
    Rule(
        "causes.malware",
        "causes",
        "Malware (不正プログラム, マルウェア, バックドア, ウイ"
        "ルス, Webシェル), or a planted file or "
        "program when nothing captured what customers typed.",
        "sentences outside the 再発防止 section (unless they say 原因)",
        "future measures, negations",
        (("サーバーにバックドアが仕掛けられていました。", ["malware"]),),
        ("ウイルスの感染は確認されませんでした。",),
    ),
    Rule(
        "causes.third_party",
        "causes",
        "The breach took place at a vendor: 委託先/提供元/運営会社 … 不正アクセス, or 委託先が管理"
        "するサーバー in a sentence of the breach.",
        "sentences outside the 再発防止 section (unless they say 原因)",
        "future measures; the notice's author being the contractor (委託を受け)",
        (
            (
                "委託先が管理するサーバーに不正アクセスがありました。",
                ["third_party", "unauthorized_access"],
            ),
        ),
        ("今後は委託先のサーバーへの不正アクセス対策を強化いたします。",),
    ),
    Rule(
        "causes.card_data_retention",
        "causes",
        "Card data was stored (カード情報が…保"
        "存されていた, 残存していた, 保存する仕様となっていた), "
        "or a non-storing system was planned.",
        "anywhere",
        "a sentence denying storage or any trace (保持しておりません, 事実は…ありません); a "
        "non-storing system already in place (…ておりましたが)",
        (("当社サーバーにはクレジットカード情報が保存されていました。", ["card_data_retention"]),),
        ("当社ではクレジットカード情報を保持しておりません。",),
    ),
    Rule(
        "causes.card_data_retention_implied",
        "causes",
        "Storage implied only by a plan to stop it (カード情報を保持しない決済方式へ移行): the "
        "old system kept card data. A later notice that says only this adds nothing to an "
        "incident's stated causes (breaches/resolution.py).",
        "anywhere",
        "a non-storing system already in place (…ておりましたが), or 通過・保持しない",
        (
            (
                "再開にあたり、カード情報を当社で保持しない決済方式へ移行いたします。",
                ["card_data_retention"],
            ),
        ),
        ("カード情報を保持しない決済方式を採用しておりましたが、改ざんされました。",),
    ),
    Rule(
        "causes.unknown",
        "causes",
        "The cause said to be open: 原因は調査中/不明/確認中.",
        "anywhere",
        "a sentence that settles it (判明し, 特定し, 結果, ましたが)",
        (("原因については現在調査中です。", ["unknown"]),),
        ("調査の結果、原因が判明しました。",),
    ),
    Rule(
        "causes.none",
        "causes",
        "No cause or method is stated.",
        "whole notice",
        "any causes rule firing",
        (("お客様にご迷惑をおかけしました。", []),),
        ("当社サーバーが第三者による不正アクセスを受けました。",),
    ),
    # ---------------------------------------------------------------- card_data
    *(
        _item(
            "card_data",
            code,
            words,
            (f"お客様の{word}が流出した可能性があります。", [code]),
            (f"{word}は流出しておりません。", f"{word}は流出していますか。"),
        )
        for code, words, word in (
            ("card_number", "カード番号, クレジット番号, 番号 inside a list", "カード番号"),
            ("expiry", "有効期限", "有効期限"),
            (
                "security_code",
                "セキュリティコード, CVV, CVC, セキュリティ番号",
                "セキュリティコード",
            ),
            (
                "cardholder_name",
                "名義人, カード(の)名義, カード会員名, 会員名, 名義 in a list",
                "カード名義人名",
            ),
        )
    ),
    Rule(
        "card_data.table_{code}",
        "card_data",
        "A card field in a table row or key-value line whose cells say it leaked (あり, ○, 該当…).",
        "tab-, bar- or colon-separated rows; {code} the card field",
        "a row whose cells all say no (なし, ×, 対象外…)",
        (
            (
                "カード番号\tあり\n有効期限\tあり\nセキュリティコード\tなし",
                ["card_number", "expiry"],
            ),
        ),
        ("セキュリティコード\tなし",),
    ),
    Rule(
        "card_data.section_{code}",
        "card_data",
        "A card field on a line inside a block under a marked heading about leaked data "
        "(■漏えいについて), its own sentence saying nothing of leaking.",
        "lines of a leak block, up to a heading of another kind (原因, 経緯, 対応…); {code} the "
        "card field",
        "advice, questions, future measures; long prose lines; negations",
        (("■漏えいについて\nカード番号\n有効期限", ["card_number", "expiry"]),),
        ("■原因について\nカード番号\n有効期限",),
    ),
    Rule(
        "card_data.answer_{code}",
        "card_data",
        "A card field in the answer right after a question asking what leaked (Q.何が流出…か).",
        "Q&A lines; {code} the card field",
        "questions not asking what leaked",
        (("Q3.何が流出したのですか。\nA3.カード番号と有効期限です。", ["card_number", "expiry"]),),
        ("Q3.いつ判明したのですか。\nA3.カード番号と有効期限です。",),
    ),
    Rule(
        "card_data.contents_{code}",
        "card_data",
        "A card field in a sentence opening 「内容は」「内訳は」 right after a sentence that talks "
        "of leaking: the contents of that leak.",
        "the sentence after a leak sentence, same paragraph; {code} the card field",
        "a 内容は sentence after one saying nothing of leaking; negations",
        (
            (
                "カード情報が流出した可能性があります。内容は、カード番号、有効期限です。",
                ["card_number", "expiry"],
            ),
        ),
        ("カード決済画面を変更しました。内容は、カード番号の入力欄の拡大です。",),
    ),
    Rule(
        "card_data.count_{code}",
        "card_data",
        "A card field listed in brackets after 情報/データ followed by a count: "
        "カード情報(カード番号、有効期限)1,205件.",
        "the bracket of a counted item; {code} the card field",
        "no count after the bracket",
        (("クレジットカード情報(カード番号、有効期限)1,205件", ["card_number", "expiry"]),),
        ("クレジットカード情報(カード番号、有効期限)を管理しております。",),
    ),
    Rule(
        "card_data.none",
        "card_data",
        "No card field is said to have leaked.",
        "whole notice",
        "any card_data rule firing",
        (("当社ではクレジットカード情報を保持しておりません。", []),),
        ("お客様のカード番号が流出した可能性があります。",),
    ),
    # ---------------------------------------------------------------- personal_data
    *(
        _item(
            "personal_data",
            code,
            words,
            (f"お客様の{word}が流出した可能性があります。", [code]),
            (f"{word}は流出しておりません。", f"{word}は流出していますか。", *extra),
        )
        for code, words, word, *extra in (
            ("name", "氏名, お名前, ご担当者名, 購入者名 (not カード氏名, 会員氏名)", "氏名"),
            ("address", "住所, ご住所 (not メール住所, 住所宛)", "ご住所"),
            ("phone", "電話番号, 携帯番号, TEL (not FAX, 郵便)", "電話番号"),
            ("email", "メールアドレス, e-mailアドレス", "メールアドレス"),
            ("birthdate", "生年月日, 誕生日", "生年月日"),
            (
                "login_id",
                "会員ID, ログインID, ユーザーID, 会員番号, ID before パスワード",
                "ログインID",
            ),
            ("password", "パスワード (not an administrator's)", "パスワード"),
            (
                "company",
                "会社名, 社名 (not 当社名/弊社名), 法人名, 勤務先, 部署, 所属",
                "勤務先",
                "当社名をかたるメールが送信された事案があり、情報が流出した可能性があります。",
            ),
            ("other", "性別, 職業, 配送先, 購入履歴, 予約内容, フリガナ, 年齢…", "性別"),
        )
    ),
    Rule(
        "personal_data.table_{code}",
        "personal_data",
        "A personal item in a table row or key-value line whose cells say it leaked (あり, ○…).",
        "tab-, bar- or colon-separated rows; {code} the personal item",
        "a row whose cells all say no (なし, ×, 対象外…)",
        (("氏名\tあり\n電話番号\tなし", ["name"]),),
        ("電話番号\tなし",),
    ),
    Rule(
        "personal_data.section_{code}",
        "personal_data",
        "A personal item on a line inside a block under a marked heading about leaked data.",
        "lines of a leak block, up to a heading of another kind; {code} the personal item",
        "advice, questions, future measures; long prose lines; negations",
        (("■漏えいについて\n氏名\nメールアドレス", ["name", "email"]),),
        ("■お問い合わせ\n氏名\nメールアドレス",),
    ),
    Rule(
        "personal_data.answer_{code}",
        "personal_data",
        "A personal item in the answer right after a question asking what leaked.",
        "Q&A lines; {code} the personal item",
        "questions not asking what leaked",
        (("Q3.何が流出したのですか。\nA3.氏名とメールアドレスです。", ["name", "email"]),),
        ("Q3.いつ判明したのですか。\nA3.氏名とメールアドレスです。",),
    ),
    Rule(
        "personal_data.contents_{code}",
        "personal_data",
        "A personal item in a sentence opening 「内容は」「内訳は」 right after a sentence that "
        "talks of leaking: the contents of that leak.",
        "the sentence after a leak sentence, same paragraph; {code} the personal item",
        "a 内容は sentence after one saying nothing of leaking; negations",
        (
            (
                "会員情報が漏えいしたおそれがあります。内容は、氏名、電話番号となります。",
                ["name", "phone"],
            ),
        ),
        ("会員ページを改修しました。内容は、氏名の表示欄の変更です。",),
    ),
    Rule(
        "personal_data.count_{code}",
        "personal_data",
        "A personal item listed in brackets after 情報/データ followed by a count: "
        "個人情報(氏名、住所など)1,205件.",
        "the bracket of a counted item; {code} the personal item",
        "no count after the bracket",
        (("会員情報(氏名、ご住所)1,205件", ["name", "address"]),),
        ("会員情報(氏名、ご住所)を管理しております。",),
    ),
    Rule(
        "personal_data.none",
        "personal_data",
        "No personal item is said to have leaked.",
        "whole notice",
        "any personal_data rule firing",
        (("お客様の個人情報は流出しておりません。", []),),
        ("お客様の氏名が流出した可能性があります。",),
    ),
    # ---------------------------------------------------------------- records_max
    Rule(
        "records_max.largest_hedged_{counts}",
        "records_max",
        "The largest count (件/名/人/枚) of possibly leaked records, its clause hedged (可能性, "
        "おそれ, 最大…).",
        "counts in sentences about the incident; {counts} = one_count | several_counts (how "
        "many different counts were kept)",
        "fraud counts, totals the leak is taken from (会員…のうち; "
        "…件数は合計N件ですが、/で、このうち), populations (会員数), shops or staff without "
        "a leak word (店舗, 従業員), stored "
        "or enquiry counts (保存, 問い合わせ), earlier or revised figures (第1報では, "
        "から…に確定), a whole said not to be all in scope "
        "(会員(約9万名)の全員が対象というわけではございません)",
        (
            (D + "最大2,150件のカード情報が流出した可能性があります。", 2150),
            (
                D + "カード情報最大2,150件が流出した可能性があ"
                "り、このうち流出が確認されたものは812件です。",
                2150,
            ),
        ),
        (
            D + "このうち35件で不正利用の可能性があります。",
            D + "第1報では最大3,000件が流出した可能性があるとしておりました。",
            D + "会員様(約9万名)の全員が対象というわけではございません。",
        ),
    ),
    Rule(
        "records_max.largest_plain_{counts}",
        "records_max",
        "The largest count of leaked records, its clause not hedged.",
        "counts in sentences about the incident; {counts} = one_count | several_counts",
        "as for largest_hedged_{counts}",
        ((D + "カード情報2,150件が流出しました。", 2150),),
        (
            D + "当社の会員数は約5万人です。",
            D + "同期間の注文件数は合計2,150件ですが、代引きの方は対象外です。",
            D + "全国40店舗の従業員2,150名が対応いたします。",
        ),
    ),
    Rule(
        "records_max.none",
        "records_max",
        "No count of leaked records.",
        "whole notice",
        "any records_max rule firing",
        ((D + "カード情報が流出した可能性があります。", None),),
        (D + "カード情報2,150件が流出しました。",),
    ),
    # ---------------------------------------------------------------- records_confirmed
    Rule(
        "records_confirmed.confirmed_count",
        "records_confirmed",
        "The largest count below records_max whose clause says the leak is confirmed (流出した, "
        "流出が確認された) without a hedge.",
        "counts kept for records_max",
        "hedged clauses (可能性, 最大…); counts not below records_max",
        (
            (
                D + "カード情報最大2,150件が流出した可能性があ"
                "り、このうち流出が確認されたものは812件です。",
                812,
            ),
        ),
        (D + "カード情報最大2,150件が流出した可能性があり、このうち812件は会員の情報です。",),
    ),
    Rule(
        "records_confirmed.seen_subset",
        "records_confirmed",
        "A count below records_max said to have been seen leaving (送信/持ち出し…が確認された).",
        "counts kept for records_max, read to the end of the count's line",
        "hedges; 確認されておりません",
        (
            (
                D
                + "カード情報2,150件が流出した可能性があり、このうち外部への送信がログ上確認された"
                "ものは812件です。",
                812,
            ),
        ),
        (
            D + "カード情報2,150件が流出した可能性があり、このうち812件は外部への送信が確認されて"
            "おりません。",
        ),
    ),
    Rule(
        "records_confirmed.none",
        "records_confirmed",
        "No confirmed count below the maximum.",
        "whole notice",
        "any records_confirmed rule firing",
        ((D + "最大2,150件のカード情報が流出した可能性があります。", None),),
    ),
    # ---------------------------------------------------------------- fraud_cases
    Rule(
        "fraud_cases.fraud_count",
        "fraud_cases",
        "The largest count next to 不正利用/不正使用/被害が確認 in its clause.",
        "any count",
        "a count with another count or a bracket between it and the fraud word",
        ((D + "このうち35件で不正利用が確認されています。", 35),),
        (D + "カード情報2,150件が流出した可能性があります。",),
    ),
    Rule(
        "fraud_cases.none",
        "fraud_cases",
        "No count of fraudulent use.",
        "whole notice",
        "fraud_cases.fraud_count firing",
        ((D + "カード情報が流出した可能性があります。", None),),
        (D + "このうち35件で不正利用が確認されています。",),
    ),
    # ---------------------------------------------------------------- exposure_periods
    Rule(
        "exposure_periods.range",
        "exposure_periods",
        "A date range (A~B, AからB, A以降B) of customers' orders, use or input.",
        "a range under a 対象/期間 label or row, or followed by words of customers, orders or "
        "the leak (購入, 決済, 流出…)",
        "ranges of an attack only, campaigns and closures (送料無料, 休業, お詫びとして), ranges "
        "starting after the notice, sentences saying 対象外",
        (
            (
                D
                + "2023年5月1日から2024年1月10日までの間に当サイトで購入されたお客様のカード情報が"
                "流出した可能性があります。",
                [["2023-05-01", "2024-01-10"]],
            ),
        ),
        (D + "お詫びとして、2024年3月1日から3月31日まで送料無料といたします。",),
    ),
    Rule(
        "exposure_periods.single_date",
        "exposure_periods",
        "One date standing for a period (X日に, X日以降に, X日までに) followed by the customers it "
        "describes (…でご注文いただいたお客様).",
        "dates not inside a range",
        "days of an event (完了, 判明, 停止, 公表…), sentences of announcements",
        (
            (
                D
                + "2023年12月20日以降に当サイトでご注文いただいたお客様のカード情報が流出した可能性"
                "があります。",
                [["2023-12-20", None]],
            ),
        ),
        (D + "2024年1月10日に調査が完了し、ご注文いただいたお客様にご連絡しました。",),
    ),
    Rule(
        "exposure_periods.none",
        "exposure_periods",
        "No period of exposure.",
        "whole notice",
        "any exposure_periods rule firing",
        ((D + "当サイトで購入されたお客様のカード情報が流出した可能性があります。", []),),
    ),
    # ---------------------------------------------------------------- payment_suspended_on
    Rule(
        "payment_suspended_on.stopped_same_sentence",
        "payment_suspended_on",
        "The date in the sentence where payment, the site or a service is stopped (決済を停止).",
        "any sentence; the earliest stop on or after the discovery (a day before allowed)",
        "plans and resumptions (予定, まで, 再開, 際), an undated state (停止しております), stops "
        "before the discovery",
        (
            (
                D
                + "2024年1月10日、決済代行会社から連絡を受け、同日、カード決済を停止いたしました。",
                "2024-01-10",
            ),
        ),
        (D + "2024年3月10日にカード決済を再開する予定です。",),
    ),
    Rule(
        "payment_suspended_on.stopped_timeline_entry",
        "payment_suspended_on",
        "The date heading the timeline entry (or 同日's date) of a stop with no date of its own.",
        "timeline entries",
        "as for stopped_same_sentence",
        ((D + "■経緯\n2024年1月12日\nクレジットカード決済を停止しました。", "2024-01-12"),),
    ),
    Rule(
        "payment_suspended_on.stopped_since",
        "payment_suspended_on",
        "A date between topic and verb: 「カード決済は、X日より停止しております」.",
        "any sentence",
        "stops before the discovery",
        ((D + "カード決済は、2024年1月12日より停止しております。", "2024-01-12"),),
    ),
    Rule(
        "payment_suspended_on.key_value",
        "payment_suspended_on",
        "The date on a labelled line 「決済停止日:…」「サイト停止日:…」.",
        "key-value lines",
        "stops before the discovery",
        ((D + "決済停止日:2024年1月12日", "2024-01-12"),),
    ),
    Rule(
        "payment_suspended_on.none",
        "payment_suspended_on",
        "No dated stop of payment, site or service.",
        "whole notice",
        "any payment_suspended_on rule firing",
        ((D + "カード情報が流出した可能性があります。", None),),
        (D + "2024年1月10日、当サイトのクレジットカード決済を停止しました。",),
    ),
    # ---------------------------------------------------------------- reported_to
    Rule(
        "reported_to.clause",
        "reported_to",
        "Authorities named before 「に報告/へ相談/に"
        "届出/に被害申告」 or 「と…を共有」 in one clause.",
        "any sentence",
        "advice to customers (ご相談ください), plans (予定, 今後, 場合), being reported to "
        "(報告を受け)",
        ((D + "2024年1月15日、個人情報保護委員会に報告いたしました。", ["ppc"]),),
        (
            D + "不審な請求があった場合は、最寄りの警察署へご相談ください。",
            D + "今後、個人情報保護委員会に報告する予定です。",
        ),
    ),
    Rule(
        "reported_to.key_value",
        "reported_to",
        "Authorities on a labelled line 「報告先:…」「届出先:…」.",
        "key-value lines",
        "values saying it is planned or advised (予定, 今後, 検討…)",
        ((D + "報告先:個人情報保護委員会、所轄警察署", ["ppc", "police"]),),
        (D + "報告先:個人情報保護委員会(報告予定)",),
    ),
    Rule(
        "reported_to.listed",
        "reported_to",
        "Authorities on up to 3 lines under a heading 【関係機関への報告】/報告先.",
        "lines under a short report heading, up to the next heading",
        "lines saying it is planned or advised",
        ((D + "【関係機関への報告】\n個人情報保護委員会、所轄の警察署", ["ppc", "police"]),),
        (D + "【関係機関への報告】\n個人情報保護委員会に報告する予定です。",),
    ),
    Rule(
        "reported_to.none",
        "reported_to",
        "No authority is said to have been told.",
        "whole notice",
        "any reported_to rule firing",
        ((D + "お客様へは個別にご連絡いたします。", []),),
        (D + "2024年1月15日、個人情報保護委員会に報告いたしました。",),
    ),
)


def _despite(field: str, example: str, empty: Any, counter: str) -> Rule:
    """Nothing fired, though the text has the words that usually come with a value (cues.py):
    "not stated" is less sure here than in a notice without them."""
    return Rule(
        f"{field}.none_despite_cues",
        field,
        "No rule fired although the notice has the words that usually come with a value.",
        "whole notice; the cue words of the field (cues.CUES)",
        "any rule of the field firing; no cue word in the text (then <field>.none)",
        ((example, empty),),
        (counter,),
    )


# 「…」 mentions a name, 連絡 a contact, 停止 a stop: yet no value, so less sure.
RULES += (
    _despite("organization", D + "株式会社についてのお知らせ\n不正アクセスがありました。", None,
             D + "株式会社みほん商店\n\n不正アクセスに関するお知らせ\n"),
    _despite("sites", D + "「ご案内」をお送りしました。", [],
             D + "当社が運営する「みほんストア」において不正アクセスがありました。"),
    _despite("discovered_on", "お知らせ\n後日、連絡がありました。", None,
             D + "2024年1月10日、決済代行会社から不正利用の懸念について連絡を受けました。"),
    _despite("discovered_by", "お知らせ\n調査の結果を連絡します。", None,
             D + "2024年1月10日、決済代行会社から不正利用の懸念について連絡を受けました。"),
    _despite("forensic_firm", D + "調査会社への依頼を検討しています。", None,
             D + "株式会社ラックに調査を依頼しました。"),
    _despite("forensic_report_on", D + "調査結果がまとまり次第お知らせします。", None,
             D + "2024年2月20日、調査会社から調査報告書を受領しました。"),
    _despite("causes", D + "原因については、わかり次第お知らせします。", [],
             D + "原因は、決済画面の改ざんによるものです。"),
    _despite("card_data", D + "カード番号の入力欄を新しくしました。", [],
             D + "流出した可能性のある情報:カード番号、有効期限"),
    _despite("personal_data", D + "ご登録の住所へ書面をお送りします。", [],
             D + "流出した可能性のある情報:氏名、住所"),
    _despite("records_max", D + "3名の担当者で対応しております。", None,
             D + "お客様のカード情報(最大1,234件)が流出した可能性があります。"),
    _despite("records_confirmed", D + "日程が確定しましたらお知らせします。", None,
             D + "最大1,000件のうち、流出が確認された件数は250件です。"),
    _despite("fraud_cases", D + "現時点で不正利用の報告はございません。", None,
             D + "このうち12件で不正利用が確認されております。"),
    _despite("exposure_periods", D + "キャンペーン期間の延長について", [],
             D + "2023年1月1日から2023年6月30日までに当サイトでカード決済をされたお客様"),
    _despite("payment_suspended_on", D + "現在、クレジットカード決済は停止しております。", None,
             D + "2024年1月10日、当サイトのクレジットカード決済を停止しました。"),
    _despite("reported_to", D + "警察の方からのお知らせを掲載します。", [],
             D + "2024年1月12日、個人情報保護委員会に報告いたしました。"),
)  # fmt: skip


@cache
def _families() -> tuple[tuple[re.Pattern[str], int, Rule], ...]:
    out = []
    for rule in RULES:
        if "{" in rule.id:
            pattern = re.sub(r"\\\{[a-z_]+\\\}", "[a-z_]+", re.escape(rule.id))
            literal = len(re.sub(r"\{[a-z_]+\}", "", rule.id))
            out.append((re.compile(pattern), literal, rule))
    # the most specific family first: 「told_by_{who}_undated」 before 「told_by_{who}」
    return tuple(sorted(out, key=lambda f: -f[1]))


@cache
def _exact() -> dict[str, Rule]:
    return {rule.id: rule for rule in RULES if "{" not in rule.id}


def find(rule_id: str) -> Rule | None:
    """The entry of an emitted rule id: the exact id, or the most specific family matching it."""
    rule = _exact().get(rule_id)
    if rule is not None:
        return rule
    for pattern, _, family in _families():
        if pattern.fullmatch(rule_id):
            return family
    return None


def describe(rule_id: str) -> str:
    """What the rule matches: its entry's `matches`; a list field's "+"-joined id gives each
    component's, joined by " + "; "" for an id with no entry."""
    seen: list[str] = []
    for component in rule_id.split("+"):
        rule = find(component)
        if rule is not None and rule.matches not in seen:
            seen.append(rule.matches)
    return " + ".join(seen)
