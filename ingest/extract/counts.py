"""How many: records possibly leaked (final figure), confirmed leaks, fraud cases."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import NamedTuple

from .layout import heading_kind
from .record import Evidence
from .text import Doc

Found = Mapping[str, Evidence]

COUNT_RE = re.compile(
    r"(?<![\d.,])(?=\d)(?P<n>(?P<man>\d+(?:\.\d+)?)\s*万\s*"
    r"(?:(?P<sen>\d)\s*千|(?P<rest>\d{1,3},\d{3}|\d{1,4}))?|\d{1,3}(?:,\d{3})+|\d+)\s*"
    r"(?P<unit>件|名|人|枚)(?:分|様)?"
)
_FRAUD = re.compile(r"不正利用|不正に利用|不正使用|不正に使用|被害が確認")
_STORED = re.compile(r"保存|管理して|保管|保有|受注情報|会員数|登録数|問い?合わ?せ|お申し出|入電")
# 「全国120店舗の従業員300名」 describes the business; 「上記12店舗の合計で最大18,206件」 is the
# leak's count over its shops.
_BUSINESS = re.compile(r"店舗|拠点|従業員")
# 「同期間のご注文件数は合計5,318件ですが、」「寄附件数は4,120件で、このうち」: a total stated
# against a contrast or a part taken from it, not the leak's count.
_TOTAL_HEAD = re.compile(
    r"(?:件数|者数|人数|総数|数|(?<!対象)者)(?:は|が)\s*(?:合計|計|総計|全体で|全部で)?\s*(?:約|およそ)?\s*$"
)
_TOTAL_TAIL = re.compile(
    r"(?:分|様)?\s*(?:(?:です|でした|ございます|ございました|あります|ありました)(?:が|けれど)、"
    r"|(?:であり|で)、?\s*(?:この|その)うち)"
)
# 「約8万名分の予約情報が登録されておりますが、このうち…最大5,403名分です」: a total that a
# later clause takes the leaked part from.
_PART_TAKEN_LATER = re.compile(r"[^。、\n]{0,40}?(?:が|けれど(?:も)?)、\s*(?:この|その)うち")
# 「登録会員(約4万5千名)のうち、最大28,640名」: a total the leaked ones are taken from.
_TOTAL = re.compile(r"\)?\s*(?:のうち|中[、,])")
_TOTAL_WORD = re.compile(r"会員|登録|総|全")
# 「約62万人の会員様にご利用いただいております」: a sentence with no word of the incident
# describes the business, not the leak.
_INCIDENT = re.compile(
    r"流出|漏え|漏洩|漏れ|窃取|不正|対象|可能性|おそれ|恐れ|懸念|送信|取得|被害|影響|件数|該当"
    r"|期間|購入|決済|注文|持ち出|抜き取|盗ま|最大"
)
_INTERIM = re.compile(
    r"(?:ており|てい|でし)ましたが|当初|公表では|としておりました|第一版|第1版|中間"
)
# An earlier figure a later one revises: 「第1報では約1,200件」,
# 「第二報でお知らせした「最大約3,500件」」,
# 「約900件」とお知らせいたしましたが」「前回は…と公表していた」.
_EARLIER = re.compile(
    r"第\s*[一二三四五1-5]\s*報(?:では|で|にて|の時点|において|の段階)|初報|前回|先般の(?:お知らせ|ご報告)"
    r"|(?:お知らせ|公表|発表|ご報告|報告|ご案内|掲載)(?:いた|致)?しましたが"
    r"|と(?:お知らせ|公表|発表|ご報告|報告|ご案内|掲載)?(?:いた|致)?し(?:てい|ており)(?:た|ました)"
)
# 「「最大約3,500件」から「2,864件」に確定」: the count before から is the one revised.
_REVISED_TO = re.compile(
    r"」?\s*(?:から|より)\s*「?[^。、「」]{0,6}?\d[\d,]*\s*(?:件|名|人|枚)(?:分|様)?」?\s*(?:に|へ)\s*"
    r"(?:確定|修正|訂正|変更|減少|増加|更新|見直|拡大|縮小)"
)
_FROM_COUNT = re.compile(r"\d\s*(?:件|名|人|枚)(?:分|様)?」?\s*(?:から|より)")
# 「組合員数は約18万人ですが」「会員登録者数は約10万名」: the population the leak is a part of.
_POPULATION = re.compile(r"(?:組合員|利用者|登録者|加入者|ユーザー|顧客|会員)(?:総)?数|総数")
_LEAKISH = re.compile(r"流出|漏え|漏洩|漏れ|可能性|おそれ|恐れ|対象|影響|該当|窃取|送信")
_CONFIRMED = re.compile(
    r"(?:流出|漏えい|漏洩)(?:した|が確認された|が確認されて|した事実|した情報の数)"
)
# 「このうち、外部への送信がログ上確認されたものは34,557件」「持ち出されたことが確認されたのは」.
_CONFIRMED_SEEN = re.compile(
    r"(?:流出|漏えい|漏洩|送信|持ち出|窃取|抜き取|盗ま|不正に取得)[^。、]{0,16}?"
    r"確認(?:され|でき|済)"
)
_NOT_SEEN = re.compile(
    r"確認(?:されて|できて)(?:おりません|いません)|確認されず|確認できません|確認されな"
)
_HEDGE = re.compile(r"可能性|おそれ|恐れ|疑い|懸念|最大")
# 「会員登録者(約9万名)の全員が対象というわけではございません」: a whole said not to be all in
# scope is the population, not the leak.
_NOT_ALL = re.compile(
    r"(?:全員|全て|すべて|全部|全件)(?:が|は)?[^。、]{0,12}?対象(?:という|とな(?:る|った))?"
    r"(?:わけ|訳)?(?:では|で|じゃ)(?:は)?(?:ありません|ございません|ない)"
)
_NOT_COUNT = re.compile(r"^(?:以上|程度|未満|ずつ|/)")


def count_value(m: re.Match[str]) -> int:
    """The number of a COUNT_RE match: 「12,345」, 「1万2千」 = 12000, 「1万2,480」, 「1.2万」."""
    if not m.group("man"):
        return int(m.group("n").replace(",", ""))
    n = round(float(m.group("man")) * 10_000)
    if m.group("sen"):
        n += int(m.group("sen")) * 1000
    elif m.group("rest"):
        n += int(m.group("rest").replace(",", ""))
    return n


_CLAUSE_REACH = 200  # characters after a count that can still belong to its clause


class Count(NamedTuple):
    n: int
    start: int
    end: int
    clause: str


def find_counts(doc: Doc) -> list[Count]:
    out = []
    for m in COUNT_RE.finditer(doc.text):
        if _NOT_COUNT.match(doc.text[m.end() : m.end() + 3]):
            continue
        if re.search(r"[\d.]$", doc.text[max(0, m.start() - 1) : m.start()]):
            continue
        n = count_value(m)
        sent = doc.sentence_at(m.start())
        out.append(Count(n, m.start("n"), m.end(), sent.text))
    return out


def _is_fraud(doc: Doc, c: Count) -> bool:
    before = re.split(r"[、。\n]", doc.text[max(0, c.start - 30) : c.start])[-1]
    if _FRAUD.search(before) and not COUNT_RE.search(before[_FRAUD.search(before).end() :]):
        return True
    after = doc.text[c.end : c.end + 50].split("\n")[0]
    m = _FRAUD.search(after)
    return bool(
        m
        and "。" not in after[: m.start()]
        and not re.search(r"うち|\(", after[: m.start()])
        and not COUNT_RE.search(after[: m.start()])
    )


class Clause(NamedTuple):
    head: str  # from the last comma before the count up to it
    text: str  # the head and the count up to the next comma
    window: int  # where the count's own sentence (or reach) ends


def _clause(doc: Doc, c: Count) -> Clause:
    sent = doc.sentence_at(c.start)
    # Looked for within a bounded window: a text without punctuation must not make this O(n²).
    window = min(sent.end, c.end + _CLAUSE_REACH)
    clause_end = min(
        (i for i in (doc.text.find(x, c.end, window) for x in "、。\n(") if i >= 0),
        default=window,
    )
    # The clause runs from the last comma before the number to the next one after it; a note
    # in brackets after it (「1,988件(第1報では約2,500件としておりましたが…)」) is its own.
    head = re.split(r"[、。\n]", doc.text[max(sent.start, c.start - 30) : c.start])[-1]
    return Clause(head, head + doc.text[c.start : max(clause_end, c.end)], window)


def revised(doc: Doc, c: Count) -> bool:
    """An earlier figure this notice revises: 「第1報では約1,200件」「当初5,000件としておりました
    が」「「約6,000件」から「4,321件」に確定」."""
    head, clause, window = _clause(doc, c)
    own = _FROM_COUNT.split(clause)[-1]
    return bool(
        _EARLIER.search(own)
        or _REVISED_TO.match(doc.text, c.end, window)
        or _INTERIM.search(clause)
    )


def _excluded(doc: Doc, c: Count) -> bool:
    head, clause, window = _clause(doc, c)
    sent = doc.sentence_at(c.start)
    if _TOTAL.match(doc.text, c.end) and _TOTAL_WORD.search(head):
        return True
    if _NOT_ALL.search(clause):
        return True
    if (
        _TOTAL_HEAD.search(head)
        and _TOTAL_TAIL.match(doc.text, c.end)
        and not _LEAKISH.search(head)
        and not _HEDGE.search(head)
    ):
        return True
    if sent.text.rstrip().endswith("。") and not _INCIDENT.search(sent.text):
        # 「A4.最大で413名様です。」: an answer reads with its question
        # (「対象となるのは何人ですか」).
        question = _question_before(doc, sent)
        if not (question and _INCIDENT.search(question)) and not _under_count_heading(doc, sent):
            return True
    if (
        _PART_TAKEN_LATER.match(doc.text, c.end, window)
        and not _LEAKISH.search(clause)
        and not _HEDGE.search(clause)
    ):
        return True
    if _POPULATION.search(clause) and not _LEAKISH.search(clause):
        return True
    # 「第二報でお知らせした「約6,000件」から「4,321件」に確定」: the earlier figure and its
    # words stand before the revised one; only what follows them is this count's own.
    own = _FROM_COUNT.split(clause)[-1]
    if _EARLIER.search(own) or _REVISED_TO.match(doc.text, c.end, window):
        return True
    if _BUSINESS.search(clause) and not (_LEAKISH.search(clause) or _HEDGE.search(clause)):
        return True
    return bool(_STORED.search(clause) or _INTERIM.search(clause))


_HEADING_LINE = re.compile(
    r"^\s*(?:[■□◆◇●▼【<\[]|\(\s*\d{1,2}\s*\)|[\u2460-\u2473]|\d{1,2}\s*[.、)])"
)


def _under_count_heading(doc: Doc, sent) -> bool:
    """「(2)件数」 a line or two above: the figures under it are the leak's, even when their own
    sentence (「…2,247件に訂正させていただきます。」) names no incident word."""
    idx = doc.line_index(sent.start)
    for i in range(idx - 1, max(idx - 3, -1), -1):
        line = doc.lines[i].text.strip()
        if not line:
            continue
        if len(line) <= 20 and _HEADING_LINE.match(line) and heading_kind(line) == "件数":
            return True
        if _HEADING_LINE.match(line) or not line.endswith("。"):
            return False
    return False


def _question_before(doc: Doc, sent) -> str:
    """The question sentence just before an answer sentence (Q&A), or ""."""
    prev = doc.sentence_at(sent.start - 1) if sent.start else None
    for _ in range(2):  # the question may sit one blank line up
        if prev is None or not prev.text:
            return ""
        if "question" in doc.layout.flags(prev):
            return prev.text
        prev = doc.sentence_at(prev.start - 1) if prev.start else None
    return ""


def find_leak_counts(doc: Doc) -> list[Count]:
    return [c for c in doc.counts if not _is_fraud(doc, c) and not _excluded(doc, c)]


def records_max(doc: Doc, found: Found) -> Evidence:
    counts = doc.leak_counts
    if not counts:
        return Evidence(None)
    best = max(counts, key=lambda c: c.n)
    hedged = "hedged" if _HEDGE.search(best.clause) else "plain"
    alone = "one_count" if len({c.n for c in counts}) == 1 else "several_counts"
    rule = f"records_max.largest_{hedged}_{alone}"
    return Evidence(best.n, ((best.start, best.end),), rule=rule)


def records_confirmed(doc: Doc, found: Found) -> Evidence:
    top = found["records_max"].value
    if top is None:
        return Evidence(None)
    best, rule = None, ""
    for c in doc.leak_counts:
        if c.n >= top:
            continue
        head = doc.text[doc.sentence_at(c.start).start : c.start]
        # The rest of the sentence after the count (40 characters of it are read).
        stop = doc.text.find("。", c.end, c.end + 40)
        if stop < 0:
            stop = c.end + 40 if doc.text.rfind("。") > c.end else c.end
        tail = doc.text[c.end : stop]
        # 「最大4,812件(うち、流出が確認されたもの1,209件)」: the clause of the count decides,
        # when it says confirmed itself; a hedge on the total before it is not its own.
        local = re.split(r"[、(]", head)[-1] + tail[:40]
        context = local if _CONFIRMED.search(local) else head + tail[:40]
        if _CONFIRMED.search(context) and not _HEDGE.search(context):
            if best is None or c.n > best.n:
                best, rule = c, "records_confirmed.confirmed_count"
            continue
        # 「このうち、外部への送信が確認されたものは3,177件です」: seen leaving, not only possible.
        # Read up to the end of the count's line: the next line is another item.
        own = tail[:40].split("\n")[0]
        own_local = re.split(r"[、(]", head)[-1] + own
        seen = own_local if _CONFIRMED_SEEN.search(own_local) else head + own
        if (
            _CONFIRMED_SEEN.search(seen)
            and not _HEDGE.search(seen)
            and not _NOT_SEEN.search(seen)
            and (best is None or c.n > best.n)
        ):
            best, rule = c, "records_confirmed.seen_subset"
    if best is None:
        return Evidence(None)
    return Evidence(best.n, ((best.start, best.end),), rule=rule)


def fraud_cases(doc: Doc, found: Found) -> Evidence:
    frauds = [c for c in doc.counts if _is_fraud(doc, c)]
    if not frauds:
        return Evidence(None)
    best = max(frauds, key=lambda c: c.n)
    return Evidence(best.n, ((best.start, best.end),), rule="fraud_cases.fraud_count")
