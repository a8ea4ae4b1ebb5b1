"""Which shops or services were affected: quoted names, host names, listed and signed names."""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import urlparse

from .record import Evidence
from .text import Doc, strip_bullet

Found = Mapping[str, Evidence]
Items = dict[str, tuple[tuple[int, int], str]]  # name -> (span, rule)
_LEGAL_WORD = re.compile(r"会社|法人|財団|社団|組合")


_QUOTE = re.compile(r"[「『](?P<q>[^「」『』\n]{1,60})[」』]")
_SITE_BEFORE = re.compile(
    r"(?:サイト|ショップ|ストア|サービス|モール|通販|EC|運営する|運営している|ホテル|旅館|当店)\s*$"
)
_SITE_AFTER = re.compile(
    r"^(?:\s*\((?:以下|http)|における|において|におきまして|への|サイト|ウェブサイト|webサイト|Webサイト"
    r"|で(?:の|ご|[^。、「」]{0,4}決済)|の運営|\s*\([^()]{1,40}\)\s*(?:において|における|で)"
    r"|ご利用の(?:お客様|皆様)"  # 「「X」ご利用のお客様へ」
    r")"
)
_NOT_SITE = re.compile(r"お詫び|お知らせ|ご報告|について|株式会社|社$|以下|件$|。")
_HOST = re.compile(r"(?<![A-Za-z0-9.@/-])(?P<h>(?:www\d?\.)[a-z0-9.-]+\.[a-z]{2,})(?=サイト)", re.I)
_SITE_LIST = re.compile(r"対象サイト\s*[:：]\s*(?P<list>.+)")
_TITLE_SITE = re.compile(
    r"^(?P<s>[^\s「」、。]{2,30}(?: [^\s「」、。]{1,20})?(?:ショップ|ストア|サイト|モール))"
    r"(?:へ|に|で|における|\s+(?=不正|個人情報|クレジット|カード)|をご利用の(?:お客様|皆様))"
)


# 「当社運営のさくら工房オンラインストアにおいて」: an unquoted name right after 運営する, kept
# only when it says more than 「オンラインショップ」「ECサイト」.
_RUN_BY = (
    r"(?:当社|弊社|当店|当協会|当機構|当法人)(?:が|で)?運営(?:する|している|しております|の)\s*"
)
_UNQUOTED = re.compile(
    _RUN_BY + r"(?P<s>[^\s「」()、。]{2,30}?(?:ショップ|ストア|サイト|モール))"
    r"(?=において|における|におきまして|にて|への|で|に|\s*\(以下)"
)
_HOST_PAREN = re.compile(
    _RUN_BY
    + r"(?P<g>[^\s「」()、。]{0,12}?(?:ショップ|ストア|サイト|モール))\s*\(\s*(?:https?://)?"
    r"(?P<h>[a-z0-9-]+(?:\.[a-z0-9-]+)+)/?\s*\)",
    re.I,
)
_GENERIC = re.compile(
    r"公式|オンライン|ネット|インターネット|通信販売|通販|EC|Web|WEB|web|ウェブ|ショッピング|会員|向け"
    r"|専用|販売|子会社|グループ|サイト|ショップ|ストア|モール|本|当|弊|社|の|下記|上記|以下|各|複数"
    r"|システム|参加登録|出願|申込|受付|予約|決済|学|会"
    r"|対象|該当"
)
# 「【対象となるサイト】」 over a bulleted list of names or host names.
_LIST_HEADING = re.compile(
    r"^[\s【■□◆◇●<\[]*(?:\d{1,2}\s*[.．、)]\s*)?(?:対象|該当)(?:となる|の)?(?:EC|通販|ウェブ|Web)?"
    r"(?:サイト|ショップ|店舗|ストア|サービス)(?:名|一覧)?(?:と件数|・件数|及び件数|および件数)?"
    r"(?:\s*\([^()]{1,20}\))?[】\]>]?\s*[:：]?\s*$"
)
# 「弊社が運営する以下の3つのECサイト(以下総称して…)」 over a bulleted list of them.
_LIST_INTRO = re.compile(
    r"以下の[\d一二三四五六七八九十]+(?:つの|店舗の|サイトの)?(?:EC|通販|ウェブ|Web)?"
    r"(?:サイト|ショップ|店舗|ストア)"
)
# 「・SUNSET ONLINE(https://www.example.jp/)」: a host name in brackets may make the line long.
_BULLET = re.compile(
    r"^\s*(?:[・\-•●◦]|\(\d+\)|[\u2460-\u2473])\s*(?P<item>\S.{0,40}?)"
    r"\s*(?:\(\s*(?:https?://)?[^()\s]{1,80}\s*\))?\s*$"
)


def _generic(name: str) -> bool:
    if re.search(r"(?:以下|下記|上記|次)の", name):
        return True  # 「以下の3つのECサイト」 introduces a list
    return len(_GENERIC.sub("", name)) < 2


def _cells(line: str) -> list[str]:
    """The cells of a table row written with bars or tabs (none for other lines)."""
    if line.count("|") >= 2 or line.count("\t") >= 1:
        return [c.strip() for c in re.split(r"[|\t]", line) if c.strip()]
    return []


def _listed_sites(doc: Doc, items: Items) -> None:
    for i, line in enumerate(doc.lines):
        intro = _LIST_INTRO.search(line.text)
        if "対象" not in line.text and "該当" not in line.text and not intro:
            continue
        if not intro and not _LIST_HEADING.match(line.text):
            continue
        for k, nxt in enumerate(doc.lines[i + 1 : i + 21]):
            cells = _cells(nxt.text)
            if cells:  # a table: 「| 店舗名 | 対象期間 | 件数 |」, then one shop per row
                if not re.search(r"名$|名称", cells[0]):
                    s = nxt.start + nxt.text.find(cells[0])
                    items.setdefault(
                        cells[0], ((s, s + len(cells[0])), "sites.listed_under_heading")
                    )
                continue
            m = _BULLET.match(nxt.text)
            if not m and k == 0 and nxt.text.rstrip().endswith("。"):
                continue  # 「以下の4店舗で…が対象です。」 introduces the list
            if not m:
                break
            name = re.sub(r"\s*\((?:https?://)?[^)]*\)$", "", m.group("item"))
            name = re.sub(r"[\s:：]+(?:最大|約)?[\d,]+\s*[件名]$", "", name)  # 「・X   2,104件」
            url = re.match(r"https?://([^/\s]+)/?$", name)
            name = url.group(1) if url else name
            s = nxt.start + nxt.text.find(name)
            items.setdefault(name, ((s, s + len(name)), "sites.listed_under_heading"))


def sites(doc: Doc, found: Found) -> Evidence:
    items: Items = {}
    _listed_sites(doc, items)
    for m in _SITE_LIST.finditer(doc.text):
        pos = m.start("list")
        listed = re.sub(r"\s*\([^()]*\)\s*", "", m.group("list"))  # URLs and notes
        for part in re.split(r"\s*[/／、]\s*", listed):
            part = part.strip()
            if part:
                s = doc.text.find(part, pos)
                items.setdefault(part, ((s, s + len(part)), "sites.labelled_list"))
    listed = len(items) >= 2
    quotes = list(_QUOTE.finditer(doc.text))
    names = [_site_name(doc, m) for m in quotes]
    if listed:  # a vendor's notice: its own service 「当社が提供する…「X」」 is no affected shop
        names = [
            None
            if re.search(r"提供する[^。「」]{0,20}$", doc.text[max(0, m.start() - 30) : m.start()])
            else n
            for m, n in zip(quotes, names, strict=True)
        ]
    _coordinated(doc, quotes, names)
    quoted = [
        (m, name, _quote_reason(doc, m))
        for m, name in zip(quotes, names, strict=True)
        if name and not _unaffected(doc, m.start())
    ]
    # 「いつも「らーめん まるよし」をご利用いただき」 greets the brand: a site only when the
    # notice names no other.
    if any(reason != "greeting" for _, _, reason in quoted):
        quoted = [q for q in quoted if q[2] != "greeting"]
    for m, name, reason in quoted:
        s = m.start("q")
        items.setdefault(name, ((s, s + len(name)), f"sites.quoted_{reason}"))
    for m in _HOST.finditer(doc.text):
        items.setdefault(m.group("h"), (m.span("h"), "sites.host_name"))
    if "運営" in doc.text:
        for m in _UNQUOTED.finditer(doc.text):
            if not _generic(m.group("s")):
                items.setdefault(m.group("s"), (m.span("s"), "sites.run_by"))
        for m in _HOST_PAREN.finditer(doc.text):
            if _generic(m.group("g")):
                items.setdefault(m.group("h"), (m.span("h"), "sites.run_by_host"))
    if not items:
        _signed_shop(doc, items)
    if not items:
        _title_site(doc, items)
    if not items:
        _host_after_site_word(doc, items)
    if not items:
        _greeted_or_paid_with(doc, items)
    return Evidence.of_items(
        [
            Evidence(doc.raw[s:e] if doc.text[s:e] == k else k, ((s, e),), rule=rule)
            for k, ((s, e), rule) in items.items()
        ]
    )


# The title: the first line, or the first line of the head that reads like one (after a dateline).
_RUNNER = re.compile(r"運営|当社|弊社|当店|子会社|グループ")
_TITLE_WORDS = re.compile(r"お詫び|お知らせ|ご報告|について|に関する|お客様へ|皆様へ")


# 「オンラインショップ(komorebido-shop.jp)」: a host name in brackets after a generic site word.
_SITE_HOST = re.compile(
    r"(?:オンラインショップ|ネットショップ|通販サイト|ECサイト|ウェブサイト|サイト|ストア|ショップ)"
    r"\s*\(\s*(?:https?://)?(?P<h>[a-z0-9-]+(?:\.[a-z0-9-]+)+)/?\s*\)",
    re.I,
)
# 「いつもCardshop Serraをご利用いただき」, 「X出願システムでクレジットカード決済をご利用」.
_GREETED = re.compile(
    r"(?:いつも|平素より|平素は|日頃より|日頃は)\s*"
    r"(?P<s>[^\s、。「」()]{2,30}(?: [^\s、。「」()]{1,20})?)"
    r"\s*(?:を|に)(?:ご利用|ご愛顧|お引き立て)"
    r"|(?<![^\s、。「」])(?P<p>[^\s、。「」()の]{4,30}(?:システム|サービス|サイト))"
    r"で(?:の)?(?:クレジット)?カード決済"
)
_LEGAL_FORM = re.compile(r"株式会社|有限会社|合同会社|弊社|当社|当店|本サイト|本システム")


def _host_after_site_word(doc: Doc, items: Items) -> None:
    for m in _SITE_HOST.finditer(doc.text):
        if m.group("h") not in items and not _unaffected(doc, m.start()):
            items.setdefault(m.group("h"), (m.span("h"), "sites.host_after_site_word"))


def _greeted_or_paid_with(doc: Doc, items: Items) -> None:
    for m in _GREETED.finditer(doc.text):
        group = "s" if m.group("s") else "p"
        name = m.group(group)
        if _generic(name) or _LEGAL_FORM.search(name) or _unaffected(doc, m.start()):
            continue
        rule = "sites.greeting_unquoted" if group == "s" else "sites.paid_with"
        items.setdefault(name, (m.span(group), rule))
        return


def _title_site(doc: Doc, items: Items) -> None:
    lines = doc.lines[:8]
    title = doc.layout.title
    if title is not None and title not in lines:  # a title below a long head (a web page)
        lines = (title,)
    for i, line in enumerate(lines):
        if i and not _TITLE_WORDS.search(line.text):
            continue
        tagged = _TAGGED_SITE.match(strip_bullet(line.text))  # 「【Xネットショップ】…のお詫び」
        m = tagged or _TITLE_SITE.match(_TAG.sub("", strip_bullet(line.text)))
        if (
            m
            and not _generic(m.group("s"))
            and not _RUNNER.search(m.group("s"))
            and not re.match(r"[当本弊]", m.group("s"))  # 「当クラブWeb予約サイト」: ourselves
        ):
            start = line.start + line.text.find(m.group("s"))
            items[m.group("s")] = ((start, start + len(m.group("s"))), "sites.title")
            return
        if i:
            return


_TAGGED_SITE = re.compile(r"^【(?P<s>[^】]{2,30}(?:ショップ|ストア|サイト|モール))】")
_AND_QUOTE = re.compile(r"\s*(?:および|及び|ならびに|並びに|と|、|・)?\s*")
_TAG = re.compile(r"^【[^】]{1,8}】\s*")


def _coordinated(doc: Doc, quotes: list[re.Match[str]], names: list[str | None]) -> None:
    """「「A」および「B」の2サイト」: a quote joined to a site's quote names a site too."""
    for _ in range(2):  # both directions: A from B after it, B from A before it
        for i in range(len(quotes) - 1):
            a, b = quotes[i], quotes[i + 1]
            if bool(names[i]) == bool(names[i + 1]):
                continue
            glue = _AND_QUOTE.fullmatch(doc.text, a.end(), b.start())
            j = i + 1 if names[i] else i
            q = quotes[j].group("q").strip()
            if glue and not _NOT_SITE.search(q) and len(q) <= 40:
                names[j] = q


# 「当社が運営する「X」につきましては、別のシステムで運営しており、本件の影響はございません」,
# 「「X楽天市場店」でのご購入は本件の対象外です」: a service named as NOT affected.
_UNAFFECTED = re.compile(
    r"影響は(?:ございません|ありません|ない)|対象外|対象では(?:ございません|ありません)"
    r"|別の?システム|関係(?:ございません|ありません)"
)
_INCIDENT = re.compile(r"流出|漏え|漏洩|漏れ|不正|改ざん|窃取")


def _unaffected(doc: Doc, pos: int) -> bool:
    sent = doc.sentence_at(pos).text
    return bool(_UNAFFECTED.search(sent)) and not _INCIDENT.search(sent)


# A shop's signature: 「ショップ名:X」, or the shop's name on the line above 「運営会社:…」.
_SHOP_LABEL = re.compile(r"^(?:ショップ名|店舗名|店名|サイト名)\s*[:：]\s*(?P<s>\S.{0,30}?)\s*$")
_RUNNER_LABEL = re.compile(r"^(?:運営会社|運営元|運営者|販売業者)\s*[:：]")


def _signed_shop(doc: Doc, items: Items) -> None:
    for i, line in enumerate(doc.lines):
        text = line.text.strip()
        m = _SHOP_LABEL.match(text)
        if m:
            host, name = line, m.group("s")
        elif i and _RUNNER_LABEL.match(text):
            host = doc.lines[i - 1]
            name = host.text.strip()
            if len(name) > 30 or _LEGAL_WORD.search(name) or re.search(r"[。、\d]", name):
                continue
        else:
            continue
        s = host.start + host.text.find(name)
        items.setdefault(name, ((s, s + len(name)), "sites.signed_shop"))


# The opening courtesy of a shop's notice: 「いつも「X」をご利用いただき」「平素より「X」をご愛顧」.
_GREETING_BEFORE = re.compile(r"(?:いつも|平素より|平素は|日頃より|日頃は|毎度)\s*$")
_PATRON_AFTER = re.compile(r"^(?:を|に)(?:ご利用|ご愛顧|お引き立て|ご愛用)")


def _site_name(doc: Doc, m: re.Match[str]) -> str | None:
    q = m.group("q").strip()
    before = doc.text[max(0, m.start() - 12) : m.start()]
    after = doc.text[m.end() : m.end() + 50]
    if re.search(r"以下[、,]?\s*$", before):
        return None
    url = re.match(r"^(?P<name>.*?)\s*\(?\s*(?P<url>https?://\S+?)\s*\)?$", q)
    if url and not url.group("name"):
        host = urlparse(url.group("url")).hostname
        return host if re.match(r"^のドメイン|^のサイト|^\s*\(以下", after) else None
    name = url.group("name") if url else q
    if _NOT_SITE.search(name) or len(name) > 40:
        return None
    if re.search(r"会員サービス\s*$|機能\s*$", before):
        return None  # 「会員サービス「いつもの注文」」: a feature of the site, not a site
    if _SITE_BEFORE.search(before) or _SITE_AFTER.match(after):
        return name.strip()
    if _GREETING_BEFORE.search(before) and _PATRON_AFTER.match(after):
        return name.strip()
    return None


def _quote_reason(doc: Doc, m: re.Match[str]) -> str:
    """Why a quoted name was taken for a site: the rule id's suffix."""
    before = doc.text[max(0, m.start() - 12) : m.start()]
    after = doc.text[m.end() : m.end() + 50]
    if re.match(r"^\s*\(?\s*https?://", m.group("q")) or "http" in m.group("q"):
        return "url"
    if _SITE_BEFORE.search(before):
        return "after_site_word"
    if _SITE_AFTER.match(after):
        return "before_site_word"
    if _GREETING_BEFORE.search(before):
        return "greeting"
    return "coordinated"
