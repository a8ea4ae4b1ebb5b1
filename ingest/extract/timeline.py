"""Date fields: dateline, first disclosure, report stage, discovery, suspension, report, periods."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from .dates import DateMention, context_date, dates_in, heading_date
from .record import Evidence
from .text import Doc, Segment, fast

Found = Mapping[str, Evidence]
HEAD_LINES = 15

# 「(第2報)2016年9月6日配信分」, 「(第1報)2024年7月2日掲載」: a list of the issues of a notice.
_ISSUE = re.compile(
    r"第\s*(?P<n>\d+)\s*報(?:.*?配信|\)?\s*\S{6,16}日\s*(?:\([月火水木金土日]\))?\s*"
    r"(?:掲載|公開|公表|発表)分?\s*$)"
)


def published_on(doc: Doc, found: Found) -> Evidence:
    issues = _issue_dates(doc)
    if issues:
        d = issues[0]
        return Evidence(d.date, ((d.start, d.end),), rule="published_on.issue_list")
    d = doc.layout.dateline
    if d is not None:
        rule = f"published_on.dateline_{doc.layout.dateline_place}"
        return Evidence(d.date, ((d.start, d.end),), rule=rule)
    m = _TODAY.search(doc.text)
    if m:
        ds = dates_in(doc, m.start("date"), m.end("date") + 1)
        if ds:
            return Evidence(ds[0].date, ((m.start(), ds[0].end),), rule="published_on.today")
    return Evidence(None)


_TODAY = re.compile(r"本日\s*[(（]?(?P<date>(?:\d{4}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*日)")


def _issue_dates(doc: Doc) -> list[DateMention]:
    """For a list of issues ("(第2報)2016年9月6日配信分"), the first date of the latest issue."""
    best: tuple[int, list[DateMention]] = (0, [])
    for line in doc.lines[:HEAD_LINES]:
        m = _ISSUE.search(line.text)
        ds = dates_in(doc, line.start, line.end)
        if not m or not ds:
            continue
        n = int(m.group("n"))
        if n > best[0]:
            best = (n, [])
        if n == best[0]:
            best[1].append(ds[0])
    return sorted(best[1], key=lambda d: d.date)


_ANNOUNCED = re.compile(
    r"(?:発表|公表|お知らせ|ご報告|ご案内|掲載|開示)(?:を)?(?:いた|し|させて|済|致|申し上げ|いたしまし|しまし)"
)
_QUOTED = re.compile(r"「[^」]*」")
_NOTE = re.compile(r"^\s*\([^()]{1,12}\)")


def find_announcements(doc: Doc) -> list[DateMention]:
    out = []
    for d in doc.dates:
        sent = doc.sentence_at(d.start)
        if _TIMELINE_ROW.match(doc.text, d.end) and _at_line_start(doc, d.start):
            out.append(d)  # 「2025年3月14日　第一報を公表」: a row of the timeline
            continue
        tail = doc.text[d.end : sent.end]
        tail = _NOTE.sub("", _QUOTED.sub("「」", tail), count=1)  # 「1月31日(第2報)にて」
        if not re.match(r"^\s*(?:に|付|の時点|、|「|にて|付け)", tail):
            continue
        if re.search(r"(?:~|-|から)\s*$", doc.text[max(0, d.start - 3) : d.start]):
            continue  # the end of a period, not a day something was announced
        m = _ANNOUNCED.search(tail)
        if not m or m.start() > 90:
            continue
        between = tail[: m.start()]
        if re.search(
            r"\d+\s*月\s*\d+\s*日|本日|受け|受領|下記|以下の|以下に|次の|報告書|お客様|\d\s*[件名]",
            between,
        ):
            continue
        out.append(d)
    return _with_coordinated(doc, out)


_AND = re.compile(
    r"\s*(?:\([^()]{1,12}\))?\s*(?:に第\s*[一二三四1-4]\s*報(?:として|を)?)?"
    r"\s*(?:および|及び|と|並びに|ならびに|、)\s*"
)
_TIMELINE_ROW = re.compile(
    r"[ \t]*(?:\([月火水木金土日]\))?[ \t]+(?:本件|第\s*[一二三四1-4]\s*報|当該事案|本事案|事案)?"
    r"(?:を|について)?(?:公表|発表|お知らせ|ウェブサイトで公表|ホームページで公表)"
)


def _at_line_start(doc: Doc, pos: int) -> bool:
    line = doc.lines[doc.line_index(pos)]
    return not re.sub(r"[\s・\-•●■◆]", "", doc.text[line.start : pos])


def _with_coordinated(doc: Doc, found: list[DateMention]) -> list[DateMention]:
    """「11月15日および11月29日にお知らせ」: a date joined to an announced one was announced too."""
    announced = {d.start for d in found}
    dates = doc.dates
    for i in range(len(dates) - 2, -1, -1):
        d, nxt = dates[i], dates[i + 1]
        if nxt.start in announced and d.start not in announced:
            m = _AND.match(doc.text, d.end)
            if m and m.end() == nxt.start:
                announced.add(d.start)
                found.append(d)
    return found


def first_disclosed_on(doc: Doc, found: Found) -> Evidence:
    published = found["published_on"].value
    issues = [
        d
        for line in doc.lines[:HEAD_LINES]
        if _ISSUE.search(line.text)
        for d in dates_in(doc, line.start, line.end)
    ]
    earlier = [d for d in doc.announcements + issues if published is None or d.date <= published]
    if earlier:
        d = min(earlier, key=lambda x: x.date)
        return Evidence(d.date, ((d.start, d.end),), rule="first_disclosed_on.earlier_notice")
    if published is not None and not _refers_to_earlier(doc):
        return Evidence(
            published, found["published_on"].spans, rule="first_disclosed_on.this_notice"
        )
    return Evidence(None)


_EARLIER = re.compile(
    r"(?:先般|先日|前回|以前|既に|すでに)[^。、]{0,16}?"
    r"(?:お知らせ|公表|発表|ご報告|ご案内)(?:いた|致)?し(?:ました|ております|た)|"
    r"続報|第\s*[2-9２-９二三四五]\s*報|(?:先般|先日|前回|以前)の?(?:発表|ご?報告|公表|お知らせ|ご案内)|"
    r"追加(?:の)?(?:ご)?報告|お知らせ済|ご報告済|既にお知らせ"
)
_FINAL = re.compile(r"最終(?:の)?(?:ご)?報告(?!書)|最終報(?!告書)")


# 「判明しましたら、続報としてお知らせいたします」: a later notice promised, not an earlier one.
_PROMISE = re.compile(r"予定|次第|改めて|あらためて|いたします[。\s]*$|します[。\s]*$|まいります")
_FIRST_ISSUE = re.compile(r"第\s*[1１一]\s*報")


def earlier_mention(doc: Doc) -> re.Match[str] | None:
    for m in _EARLIER.finditer(doc.text):
        # 「続報にてお知らせいたします」 promises a notice; 「第2報として…お知らせします」 is one.
        this_one = doc.text.startswith("として", m.end())
        past = re.search(r"(?:した|ました|ております|済)$", m.group())
        promised = not (this_one or past) and _PROMISE.search(doc.sentence_at(m.start()).text)
        if not promised:
            return m
    return None


def _refers_to_earlier(doc: Doc) -> bool:
    return earlier_mention(doc) is not None


def report_stage(doc: Doc, found: Found) -> Evidence:
    head = doc.text[: doc.lines[min(HEAD_LINES, len(doc.lines)) - 1].end] if doc.lines else ""
    m = _FINAL.search(head)
    if m and not re.search(r"(?:受け|受領|提出|提示)", head[m.end() : m.end() + 8]):
        return Evidence("final", ((m.start(), m.end()),), rule="report_stage.final")
    title = doc.layout.title
    m = _FIRST_ISSUE.search(title.text) if title else None
    if m:  # 「【第1報】…について」
        s = title.start + m.start()
        return Evidence("initial", ((s, s + len(m.group())),), rule="report_stage.first_in_title")
    m = earlier_mention(doc)
    if m:
        return Evidence("update", ((m.start(), m.end()),), rule="report_stage.refers_back")
    first, published = found["first_disclosed_on"].value, found["published_on"].value
    earlier = found["first_disclosed_on"].rule == "first_disclosed_on.earlier_notice"
    if first and (published and first < published or not published and earlier):
        return Evidence(
            "update", found["first_disclosed_on"].spans, rule="report_stage.earlier_date"
        )
    return Evidence("initial", (), rule="report_stage.initial")


_SUSPEND = re.compile(
    r"(?:決済|決済機能|決済サービス|カード払い|サイト|ショップ|ストア|サービス|受付|販売|営業|提供"
    r"|システム|機能|予約|お支払い|支払い)(?:」)?(?:「[^」\n]{1,30}」)?(?:\([^()]{1,12}\))?"
    r"(?:の(?:利用|提供|ご利用|全サービス|運用|取扱い|取り扱い|お取扱い|受付))?(?:を|も)(?:一時|すべて|全て)?"
    r"(?:停止|閉鎖|休止|止め|中止)"
    # 「クレジットカード決済の停止を指示し」
    r"|(?:決済|決済機能|サービス|サイト)の(?:一時)?(?:停止|休止)(?:を(?:指示|実施|行|決定)|し)"
    # 「…決済機能が停止されました」
    r"|(?:決済|決済機能|決済サービス|サイト|ショップ|システム|機能)(?:」)?(?:が|は)(?:一時)?"
    r"(?:停止|休止|中止)され(?:ました|、)"
)


_SINCE = re.compile(r"(?:日|同日)\s*(?:\([^)]{1,4}\))?\s*(?:より|から)")
# 「4月14日にはクレジットカード決済を停止しております」: a day in the same clause dates it too.
_ON_DAY = re.compile(r"(?:日|同日)\s*(?:\([^)]{1,4}\))?\s*(?:には?[^。、]{0,20}|、[^。]{0,30})$")


def payment_suspended_on(doc: Doc, found: Found) -> Evidence:
    hits = []
    for m in _SUSPEND.finditer(doc.text):
        sent = doc.sentence_at(m.start())
        tail = doc.text[m.end() : sent.end][:12]
        if re.search(r"予定|まで|再開|際", tail):
            continue
        # 「停止しております」 is a state, unless dated (「4月9日より…停止しております」).
        if (
            re.search(r"しておりま|していま", tail)
            and not _SINCE.search(doc.text, sent.start, m.start())
            and not _ON_DAY.search(doc.text, sent.start, m.start())
        ):
            continue
        d = context_date(doc, m.start())
        if d is not None:
            where = "same_sentence" if d.start >= sent.start else "timeline_entry"
            hits.append((d, m, f"payment_suspended_on.stopped_{where}"))
    for m in _SUSPENDED_SINCE.finditer(doc.text):
        ds = dates_in(doc, m.start(), m.end())
        if ds:
            hits.append((ds[-1], m, "payment_suspended_on.stopped_since"))
    for kv in doc.layout.key_values:
        if _SUSPEND_KEY.match(kv.key.strip("■●◆□【】[]")):
            ds = dates_in(doc, kv.value_start, kv.line.end)
            if ds:
                hits.append((ds[0], kv.line, "payment_suspended_on.key_value"))
    # A stop before the breach was known (a site closed or moved earlier) is not a reaction.
    found_on = found["discovered_on"].value
    after = [h for h in hits if found_on is None or h[0].date >= found_on - dt.timedelta(days=1)]
    if not after:
        return Evidence(None)
    d, m, rule = min(after, key=lambda h: h[0].date)
    span = (m.start, m.end) if isinstance(m, Segment) else m.span()
    return Evidence(d.date, ((d.start, d.end), span), rule=rule)


_SUSPEND_KEY = re.compile(
    r"^(?:カード|クレジットカード)?(?:決済|サイト|サービス)?(?:の|を)?(?:停止|休止|止めた|停止した)日$"
)


# 「カード決済は、2021年8月2日より停止しております」: the date stands between topic and verb.
_SUSPENDED_SINCE = fast(
    r"(?:決済|カード払い|サイト|ショップ|ストア)(?:」)?(?:は|につきましては|につきましても)、?"
    r"[^。、]{0,14}?\d{1,2}\s*日(?:\s*\([^)]{1,4}\))?\s*(?:より|から|に)、?(?:一時|すべて|全て)?"
    r"(?:停止|閉鎖|休止|中止)"
)


_EXPOSURE_CONTEXT = re.compile(
    r"お客様|ご利用|利用|購入|決済|注文|入力|登録|対象|期間|間に|の間|流出|漏えい|漏洩|お申込|お申し込み"
    r"|申込|申し込|支払|予約|受講|寄付|寄附|参加登録|入会|手続"
)


# One date standing for a period: 「6月30日に」「10月12日以降に」「8月31日までに」, followed in the
# same clause by the customers it describes (「…でご注文いただいたお客様」).
_OPEN_KIND = re.compile(
    r"\s*(?:\([^()\n]{1,20}\))?\s*(?P<kind>以降|以後|以前|までの間|まで|)\s*(?:に|の間に)(?:、)?"
)
# 「2020年9月25日に同機関の調査が完了し、…」: the day of an event, not of customers' orders.
_EVENT = re.compile(r"完了|受領|判明|停止|連絡|開始|実施|公表|報告|確認され|発覚")
# 「攻撃は2021年8月2日から2022年1月25日にかけて行われ」: the attack's window, not customers'.
_ATTACK = re.compile(r"攻撃|不正アクセス(?:は|が)|侵入")
_AFFECTED = re.compile(
    r"(?:購入|注文|決済|登録|利用|入力|申し込|申込)[^。\n]{0,25}?(?<!ない)"
    r"(?:お客様|お客さま|方|会員|組合員|利用者|ユーザー|顧客)"
)


def _single_periods(doc: Doc, ranges: list) -> list[tuple[tuple, tuple[int, int]]]:
    out = []
    covered = [(r.span_start, r.span_end) for r in ranges]
    for d in doc.dates:
        if any(s <= d.start < e for s, e in covered):
            continue
        m = _OPEN_KIND.match(doc.text, d.end)
        if not m:
            continue
        clause = re.split(r"[。\n]", doc.text[m.end() : m.end() + 70])[0]
        if not _AFFECTED.search(clause) or re.search(r"公表|発表|お知らせ|連絡", clause):
            continue
        if _EVENT.search(re.split(r"[、,]", clause)[0]):
            continue
        kind = m.group("kind")
        key = (d.date, None) if kind in ("以降", "以後") else (d.date, d.date)
        if kind in ("以前", "まで", "までの間"):
            key = (None, d.date)
        out.append((key, (d.start, m.end()), "exposure_periods.single_date"))
    return out


def exposure_periods(doc: Doc, found: Found) -> Evidence:
    items: list[Evidence] = []
    seen = set()
    ranges = doc.ranges
    candidates = [
        ((r.start, r.end), (r.span_start, r.span_end), "exposure_periods.range")
        for r in ranges
        if _is_exposure(doc, r.span_start, r.span_end)
    ]
    published = found["published_on"].value
    for key, span, rule in candidates + _single_periods(doc, ranges):
        if key in seen or (published and key[0] and key[0] > published):
            continue  # a period starting after the notice is a campaign or closure
        if _BENEFIT.search(doc.sentence_at(span[0]).text):
            continue
        seen.add(key)
        items.append(Evidence(key, (span,), rule=rule))
    return Evidence.of_items(items)


# 「お詫びとして、11月1日~11月30日の期間、…送料無料」「年末年始(…)は休業」: not an exposure.
_BENEFIT = re.compile(
    r"送料無料|キャンペーン|割引|クーポン|ポイントを(?:付与|進呈)|休業|お詫びとして"
)


def _is_exposure(doc: Doc, start: int, end: int) -> bool:
    idx = doc.line_index(start)
    line = doc.lines[idx]
    after = doc.text[end : line.end]
    nxt = doc.lines[idx + 1].text if idx + 1 < len(doc.lines) else ""
    prev = doc.lines[idx - 1].text if idx > 0 else ""
    sentence_rest = doc.text[end : doc.sentence_at(start).end]
    if _NOT_AFFECTED.search(sentence_rest):
        return False
    if re.search(r"(?:対象|期間)\s*[:：]?\s*$", doc.text[line.start : start]):
        return True
    before = re.split(r"[、。]", doc.text[max(line.start, start - 30) : start])[-1]
    if _ATTACK.search(before) and not _AFFECTED.search(after):
        return False
    if _in_period_table(doc, idx) or (
        doc.layout.kind_at(start) in ("対象期間", "件数", "流出した情報")
        and re.match(r"^\s*(?:最大|約|計|合計)?\s*[\d,]+\s*[件名]|^\s*$", after)
    ):
        return True  # a row of a list of periods with their counts
    if re.search(r"^\s*(?:に|まで|の間|の期間|にかけて)", after) or _EXPOSURE_CONTEXT.search(after):
        return bool(_EXPOSURE_CONTEXT.search(after + nxt) or _PERIOD_HEAD.search(prev))
    return bool(_EXPOSURE_CONTEXT.search(nxt) or re.search(r"対象|期間", prev))


# 「(1)対象期間」 on the line above the range.
_PERIOD_HEAD = re.compile(r"^[\s(（\d)）.・■●【]*(?:対象)?期間[】]?\s*[:：]?\s*$")


# 「…のお客様は対象外です」; an apology (申し訳ございません) negates nothing.
_NOT_AFFECTED = re.compile(r"対象外|(?<!申し訳)(?:ございません|ありません)")


def _in_period_table(doc: Doc, idx: int) -> bool:
    """A tab-separated row under a header row that names the period (対象期間)."""

    def is_row(text: str) -> bool:
        return "\t" in text or text.count("|") >= 2

    if not is_row(doc.lines[idx].text):
        return False
    for i in range(idx - 1, max(idx - 12, -1), -1):
        row = doc.lines[i].text
        if not is_row(row):
            return False
        if "期間" in row and not re.search(r"\d", row):
            return True
    return False


def heading_or_context(doc: Doc, pos: int) -> DateMention | None:
    return context_date(doc, pos) or heading_date(doc, pos)
