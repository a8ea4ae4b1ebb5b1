"""Which card fields and personal data leaked, reading negation (「保持しておりません」)."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Mapping
from functools import cache

from .layout import heading_kind, is_heading
from .record import Evidence
from .text import Doc, Segment, fast

Found = Mapping[str, Evidence]

CARD_ITEMS: tuple[tuple[str, str], ...] = (
    ("card_number", r"カード番号|クレジット番号|(?<=[(、・\s])番号(?=[、)・\s])"),
    ("expiry", r"有効期限"),
    ("security_code", r"セキュリティー?コード|CVV2?|CVC2?|セキュリティ番号"),
    (
        "cardholder_name",
        r"名義人|カードの?名義|カード会員名|カード氏名|会員名|(?<=[(、・\s])名義(?=[、)・\s]|$|[はも](?!ご))",
    ),
)
PERSONAL_ITEMS: tuple[tuple[str, str], ...] = (
    (
        "name",
        r"(?<!カード)(?<!会員)(?:氏名|お名前)"
        r"|(?:ご?担当者|購入者|注文者|申込者|契約者)(?:様)?(?:の)?(?:お?名前|名)(?![義簿])",
    ),
    ("address", r"(?<!メール)(?<!e-mail)(?<!Eメール)(?:ご住所|住所)(?!宛)"),
    ("phone", r"(?<!郵便)(?<!FAX)(?:電話番号|携帯番号|TEL)"),
    ("email", r"メールアドレス|e-?mailアドレス|Eメールアドレス"),
    ("birthdate", r"生年月日|誕生日"),
    (
        "login_id",
        r"会員ID|ログインID|ユーザーID|ユーザID|会員番号|会員コード|(?:組合員|利用者|顧客|お客様)(?:番号|コード|ID)"
        r"|(?<![A-Za-z])ID(?=[、・)\s]|とパスワード)",
    ),
    ("password", r"パスワード"),
    ("company", r"会社名|(?<![当弊])社名|法人名|勤務先|部署|所属"),
    (
        "other",
        r"性別|職業|FAX番号|ファックス|秘密の質問|(?:配送先|お届け先)(?!の?(?:お名前|氏名|ご?住所|お?電話番号)|として|[にへ])"
        r"|注文情報|購入履歴|その他の(?!(?:個人|お客様|会員)?情報\s*[|│┃:：\t])|申込日|年齢"
        r"|宿泊日|予約(?:日|内容?|金額|番号)|チェックイン|(?<![\u4e00-\u9fff])国籍|注文内容|購入商品|フリガナ|ふりがな|旅行日程|旅程|パスポート|学籍番号|社員番号|職員番号"
        r"|運転免許証?(?:の)?番号|免許証番号|マイナンバー|個人番号(?!カード)|保険証",
    ),
)
_LEAK = re.compile(
    r"流出|漏えい|漏洩|漏れ|不正に取得|窃取|外部に送信|盗ま|抜き取|持ち?出"
    r"|(?:第三者|攻撃者|犯人)[^、。]{0,12}?に送信"
)
# 「第三者に送信されていた」: sent to the attacker is leaked, though no leak word is said.
_LEAK_PHRASE = re.compile(
    r"不正に取得|外部に送信|閲覧(?:され|可能)|(?:第三者|攻撃者|犯人)[^、。]{0,12}?に送信"
)
_HEADING = re.compile(
    r"(?:流出|漏えい|漏洩|取得|窃取|送信|閲覧)[^。]{0,20}(?:情報|項目|データ)|項目"
    r"|^\s*(?:対象|流出|漏えい|漏洩)?(?:情報|データ)\s*[:：]"
    r"|^\s*[■□◆◇●【]?\s*(?:流出|漏えい|漏洩)の対象"
    r"|対象と(?:なる|なった|なり得る)[^。、]{0,12}?(?:情報|項目|データ)"
)
_NEGATED = re.compile(
    r"保持して(?:おりません|いません|いない)|保持しない|保有して(?:おりません|いない)|含まれて(?:おりません|いません|いない)"
    r"|含まれません|可能性(?:は|が)(?:ない|ありません|ございません)|対象外"
    r"|(?:流出|漏えい|漏洩)して(?:おりません|いません|いない(?!か)|おらず)"
    r"|漏れて(?:おりません|いません|いない(?!か)|おらず)"
    r"|お受けできません|記録しない|(?:保存|保管|保持|保有|記録)(?:して|されて)(?:おらず|おりません|いません|いな)"
    r"|含まれず|含みません|含んで(?:おりません|いません|いない)|取り?扱って(?:おらず|おりません|いません|いない)"
    r"|(?:流出|漏えい|漏洩|漏れ|送信)[^。、]{0,12}?確認されて(?:おりません|いません|いない|おらず)"
    r"|対象(?:では|と(?:は)?なって)(?:ありません|ございません|おりません)"
    r"|(?:形跡|痕跡|事実)(?:は|も)[^。、]{0,12}?(?:ありません|ございません|おりません|いません|ませんでした|なく)"
)
# 「氏名・住所については、…にご注文いただいたお客様が対象となります」: items that are the
# topic of a statement of who is affected.
_TARGETED = re.compile(
    r"(?:お客様|お客さま|方)(?:全員)?が(?:流出の|漏えいの|漏洩の)?対象"
    r"(?:です|となります|になります|となっております)"
)
# A question in a Q&A section (「セキュリティコードは流出していますか。」) asserts nothing,
# unless the answer right after it is yes.
_YES = re.compile(r"\s*(?:A\d*[.:\s]\s*)?(?:はい|流出|漏えい|漏洩)")
_QUESTION = re.compile(r"(?:ますか|ですか|でしょうか|のか)[。?]?\s*$|^\s*(?:Q\d*|問\d*)[.:\s]")
_ADDRESSED = re.compile(
    r"^(?:宛|あて|へ|にて|に(?:ご|お)?(?:案内|連絡|送|お知らせ)|を(?:ご)?(?:変更|確認|登録|リセット|初期化))"
)
# 「他から入手したIDとパスワードを用いて不正ログイン」: the attacker's means, not leaked data.
_MEANS = re.compile(r"[^、。]{0,8}?を(?:用い|使用し|使い|使っ)")
_SECTION = re.compile(r"^(?:[■□◆◇●【]|\d{1,2}\s*[.．、])\s*\S{1,20}$")
# The parts of one leak block (「■対象」「■件数」「■カード情報」) head no new section.
_SUBHEAD = re.compile(
    r"^[■□◆◇●【<\s]*(?:対象(?:となる)?(?:お客様|者|期間|件数)?|件数|項目"
    r"|(?:クレジット)?カード情報|個人情報|会員情報|お客様情報)[】>]?\s*[:：]?$"
)


# Normalised forms fold the spellings: 漏えい/漏洩, 洩れ/漏れ, 抜き取り/抜取り.
_LEAK_FORMS = frozenset(
    {"流出", "漏洩", "漏れる", "漏れ", "窃取", "盗む", "抜き取る", "盗難", "持ち出す", "持ち出し"}
)
# First characters of every surface whose normalised form can be a leak form (漏えい, 洩れ,
# 抜取り, ぬすむ…): prepare() builds Morphemes only for these.
LEAK_FIRST_CHARS = frozenset("流漏洩窃盗抜ぬも持")


def leak_positions(doc: Doc) -> list[int]:
    return [m.start for m in doc.morphemes if m.normalized in _LEAK_FORMS]


def _talks_of_leak(doc: Doc, start: int, end: int, text: str) -> bool:
    if not doc.morphemes:
        return bool(_LEAK.search(text))
    leaks = doc.leak_positions
    i = bisect_left(leaks, start)
    return (i < len(leaks) and leaks[i] < end) or bool(_LEAK_PHRASE.search(text))


# How far a negation reaches back over a list of items: long enough for any real list.
_REACH = 300


def _next_negation(doc: Doc, end: int, sent_end: int) -> re.Match[str] | None:
    """The first negation at or after `end` in its sentence: the sentence's negations are found
    once (a long sentence of many items stays linear)."""
    sent = doc.sentence_at(max(0, end - 1))
    if sent.end != sent_end:
        return _NEGATED.search(doc.text, end, sent_end)
    memo: dict = doc.line_memo.setdefault("negations", {})
    if sent.start not in memo:
        found = list(_NEGATED.finditer(doc.text, sent.start, sent.end))
        memo[sent.start] = (found, [m.start() for m in found])
    found, starts = memo[sent.start]
    i = bisect_left(starts, end)
    if i > 0 and found[i - 1].end() > end:
        return _NEGATED.search(doc.text, end, sent_end)  # one straddles `end`: search afresh
    return found[i] if i < len(found) else None


def _negated(doc: Doc, end: int, sent_end: int) -> bool:
    """「Xは保持しておりません」 negates X, and so does 「(A、B、X)を保持しない」; but in
    「A、B(Xは含まれません)」 only X is negated, so a comma before the negation ends its reach,
    unless what lies between is more items and a topic (「X、住所等の個人情報は…対象外」)."""
    m = _next_negation(doc, end, sent_end)
    if not m or m.start() - end > _REACH:
        return False
    between = doc.text[end : m.start()]
    between = between[between.rfind(")") + 1 :]
    if "(" in between:
        return False  # a note in brackets governs its own
    return "、" not in between or bool(
        _list_topic().match(between) or _sole_topic(between) or _noun_pieces(between)
    )


# A piece of a list that ends a clause: a verb's or a particle's ending (「流出しましたが」
# 「可能性があり」「電話番号で」), not a noun (「お届け先住所」) or 「など」.
_CLAUSE_END = re.compile(r"(?<!な)(?<!など)[ぁ-ん]$|などで$|(?:です|ます|した)$")
_PREDICATE = re.compile(r"(?:まし|ます|です|した)が|けれど|ものの")


def _noun_pieces(between: str) -> bool:
    """「お届け先住所、電話番号など、その他の組合員情報の漏えいは確認されておりません」: the
    comma-separated pieces before the negation's own clause are nouns (more items, 「など」,
    an unlisted item), so one negation governs them all."""
    *pieces, last = between.split("、")
    return (
        len(last) <= 30
        and not _PREDICATE.search(last)
        and all(len(p) <= 20 and not _CLAUSE_END.search(p) for p in pieces[1:])
        and not _CLAUSE_END.search(pieces[0])
    )


_TOPIC = re.compile(r"^[^、。()]{0,3}?(?:は|につきましては|については|に関しては|に関しましては)")
_CONTRAST = re.compile(r"が、|けれど|ものの|ですが|ますが")


def _sole_topic(between: str) -> bool:
    """「パスワードは暗号化して保存しており、漏洩の対象ではございません」: the item is the topic
    and no other item or a contrast (「…は流出しましたが、」) comes before the negation."""
    m = _TOPIC.match(between)
    rest = between[m.end() :] if m else ""
    return bool(m) and not _CONTRAST.search(rest) and not _any_item().search(rest)


@cache
def _any_item() -> re.Pattern[str]:
    return re.compile("|".join(p for _, p in CARD_ITEMS + PERSONAL_ITEMS) + "|カード情報")


@cache
def _item_topic() -> re.Pattern[str]:
    """The rest of a list of items and its topic marker: 「・住所・電話番号については、」."""
    items = "|".join(p for _, p in CARD_ITEMS + PERSONAL_ITEMS)
    return re.compile(
        rf"[^、。()]{{0,3}}?(?:(?:[、・/\s]|および|及び|ならびに|並びに|や|と)+[おご]?(?:{items}))*"
        r"(?:等|など)?(?:については|につきましては|に関しては|は)、"
    )


@cache
def _list_topic() -> re.Pattern[str]:
    """The rest of the item's word, more items, then a topic and a short subject:
    「、電話番号、メールアドレスは」,
    「につきましては、当社では」, 「、住所等の個人情報は漏えいの」, with a reason
    (「、電話番号は入力いただく項目ではないため、」)."""
    items = "|".join(p for _, p in CARD_ITEMS + PERSONAL_ITEMS)
    return re.compile(
        rf"[^、。()]{{0,3}}?(?:(?:[、・/\s]|および|及び|ならびに|並びに|や|と)+[おご]?(?:{items}))*"
        r"(?:等|など)?"
        r"(?:の[^、。()]{0,8}?)?(?:は|も|につきましては|については|に関しては|に関しましては)"
        r"、?(?:[^、。()]{0,30}?(?:ため|ので|(?<!流出して)(?<!送信されて)おり|であり)、)?"
        r"[^、。()]{0,15}$"
    )


def _positive(doc: Doc, start: int, end: int) -> str | None:
    """How a mention counts as leaked ("" from its sentence or a list under a leak heading,
    "table_", "section_", "answer_"), or None: its sentence talks about leaking, or it sits in
    a list under a heading that does, and nothing in its sentence says it was not held or not
    leaked."""
    sent = doc.sentence_at(start)
    cell = _table_cell(doc, start)
    if cell is not None:
        return "table_" if cell else None
    if _negated(doc, end, sent.end) or _ADDRESSED.match(doc.text[end : end + 8]):
        return None
    if _CONTACT.match(doc.text, end, min(sent.end, end + 40)):
        return None
    if _MEANS.match(doc.text, end, min(sent.end, end + 14)):
        return None
    question, leaky, targeted = _sentence_facts(doc, sent)
    if question:
        return None
    if leaky:
        return ""
    if targeted and _item_topic().match(doc.text, end, sent.end):
        return ""
    if _CONTENTS.match(sent.text) and _after_leak_sentence(doc, sent):
        return "contents_"
    idx = doc.line_index(start)
    if _bare_list(doc, idx):
        return ""
    if doc.layout.flags(sent) & _NOT_A_LIST:
        return None  # 「メールアドレスの変更をお勧めします」 under the list: advice, not an item
    if _under_leak_heading(doc, idx):
        return ""
    if _in_leak_block(doc, idx, sent):
        return "section_"
    if _answers_leak_question(doc, idx):
        return "answer_"
    if _counted(doc, start, sent):
        return "count_"
    return None


# 「内容は、お名前、ご住所…となります。」 right after a sentence about the leak: its contents.
_CONTENTS = re.compile(
    r"^\s*(?:その|これらの?|(?:流出|漏えい|漏洩)(?:した|の可能性のある)|対象(?:となる|の))?"
    r"(?:情報の)?(?:内容|内訳)(?:は|としては|につきましては)"
)


def _after_leak_sentence(doc: Doc, sent: Segment) -> bool:
    """The sentence before `sent` (in the same paragraph) talks of leaking."""
    if sent.start <= 0:
        return False
    prev = doc.sentence_at(sent.start - 1)
    if not prev.text.strip() or "\n\n" in doc.text[prev.end : sent.start]:
        return False
    return _sentence_facts(doc, prev)[1]


# 「電話:0120-…」「メールアドレス:info@…」: a contact line, not an item.
_CONTACT = re.compile(r"\s*[:：]\s*[^\s、]*?(?:\d{2,}|@)")
# 「個人情報(氏名、住所など)205,137件」: items in brackets counted as records.
_COUNTED = re.compile(
    r"(?:情報|データ)\(([^()]{2,80})\)\s*(?:約|最大|計|合計)?\s*[\d,]+\s*(?:件|名|人)"
)


def _counted(doc: Doc, start: int, sent: Segment) -> bool:
    left = doc.text.rfind("(", max(sent.start, start - 80), start)
    if left < 0:
        return False
    m = _COUNTED.search(doc.text, max(sent.start, left - 3), min(sent.end, left + 120))
    return bool(m) and m.start(1) <= start < m.end(1)


def _sentence_facts(doc: Doc, sent: Segment) -> tuple[bool, bool, bool]:
    """(an unanswered question, talks of leaking, names who is affected), once per sentence."""
    memo: dict = doc.line_memo.setdefault("sentence_facts", {})
    if sent.start not in memo:
        memo[sent.start] = (
            bool(_QUESTION.search(sent.text)) and not _YES.match(doc.text, sent.end),
            _talks_of_leak(doc, sent.start, sent.end, sent.text)
            or bool(_HEADING.search(sent.text)),
            bool(_TARGETED.search(sent.text)),
        )
    return memo[sent.start]


# Cells of a table row: tabs, box-drawing bars, or a key-value line 「セキュリティコード:なし」.
_CELL_SPLIT = re.compile(r"\t|[│|┃]|[:：]|\s{2,}")
_CELL_NO = re.compile(r"^(?:なし|無し|無|×|✕|✖|-|対象外|該当なし|流出なし|いいえ)(?![^\s(])")
_CELL_YES = re.compile(r"^(?:あり|有り|有|○|◯|〇|●|該当|対象|流出あり|はい)(?![^\s(])")


def _table_cell(doc: Doc, start: int) -> bool | None:
    """In a table row 「セキュリティコード | なし」 the cells after the item's say whether it
    leaked: True when one says yes, False when they all say no, None when no cell says either."""
    idx = doc.line_index(start)
    if idx < 0:
        return None
    line = doc.lines[idx]
    rest = line.text[start - line.start : start - line.start + 200]
    cells = [c.strip() for c in _CELL_SPLIT.split(rest)[1:] if c.strip()]
    if not cells:
        return None
    yes = any(_CELL_YES.match(c) for c in cells)
    no = [c for c in cells if _CELL_NO.match(c)]
    if yes:
        return True
    return False if no and len(no) == len(cells) else None


# A heading (marked or numbered sub-heading) that names leaked data; one of another kind ends
# the block; a neutral one (「(2)個人情報」「①クレジットカード情報 最大1万件」) stays in it.
_BLOCK_OTHER = re.compile(
    r"期間|原因|経緯|発覚|対応|対策|防止|お願い|問い?合わ?せ|窓口|Q\s*&\s*A|ご質問"
)
_BLOCK_NEG = re.compile(r"ない|ません|対象外|以外")


def _heading_state(text: str) -> bool | None:
    if _BLOCK_NEG.search(text):
        return False
    if _HEADING.search(text) or (_LEAK.search(text) and heading_kind(text) == "流出した情報"):
        return True
    if _BLOCK_OTHER.search(text):
        return False
    return None


def _leak_block_lines(doc: Doc) -> dict[int, bool]:
    """Lines under a heading about leaked data, up to a heading of another kind: one pass over
    the lines, memoised per document."""
    memo = doc.line_memo.setdefault("leak_block", {})
    if -1 in memo:
        return memo
    memo[-1] = True
    marked: bool | None = False
    sub: bool | None = None
    for i, line in enumerate(doc.lines):
        text = line.text
        if is_heading(text):
            marked, sub = _heading_state(text), None
            continue
        if is_heading(text, sub=True) or (
            _SUB_OR_MARK.match(text) and len(text.strip()) <= 40 and not _ENDS.search(text)
        ):
            state = _heading_state(text)
            sub = state if state is not None else sub
        if (sub if sub is not None else marked) and not _PROSE.search(text.strip()):
            memo[i] = True
    return memo


_SUB_OR_MARK = re.compile(r"^\s*(?:\(\s*\d{1,2}\s*\)|[\u2460-\u2473]|\d{1,2}\s*\))")
_ENDS = re.compile(r"[。.!?]\s*$")
# A line of prose: long and ending a sentence.
_PROSE = re.compile(r"^.{60,}。$")


_NOT_A_LIST = frozenset({"advice", "question", "future"})


def _in_leak_block(doc: Doc, idx: int, sent: Segment) -> bool:
    return idx >= 0 and bool(_leak_block_lines(doc).get(idx))


_ANSWER = re.compile(r"^\s*(?:A\d*\s*[.:．:\s]|答\s*\d*[.:\s]?|回答)")
_ASKED = re.compile(r"^\s*(?:Q\d*\s*[.:．:\s]|問\s*\d*[.:\s]|質問)")
_ASKS_WHAT = re.compile(r"情報|項目|何|どの|どんな|どこまで|内容")


def _answers_leak_question(doc: Doc, idx: int) -> bool:
    """An answer (「A3.カード番号、有効期限…です。」) right after a question asking what leaked."""
    if idx < 1:
        return False
    question = doc.lines[idx - 1].text
    if not (_ANSWER.match(doc.lines[idx].text) or _ASKED.match(question)):
        return False
    return bool(
        _QUESTION.search(question) and _LEAK.search(question) and _ASKS_WHAT.search(question)
    )


_LIST_GLUE = re.compile(
    r"[\s、,・/()\u2460-\u2473\-•]|および|及び|ならびに|並びに|人名|名|情報|クレジット"
)


def _bare_list(doc: Doc, idx: int) -> bool:
    """A line of nothing but two or more card fields (「カード名義人名、カード番号、有効期限」),
    perhaps followed by personal items (「…、および氏名、電話番号」), lists the leaked fields even
    without a heading saying so: notices name them for no other reason."""
    memo = doc.line_memo["bare_list"]
    if idx not in memo:
        line = doc.lines[idx].text
        items = _table_re(CARD_ITEMS).findall(line)
        rest = _table_re(PERSONAL_ITEMS).sub("", _table_re(CARD_ITEMS).sub("", line))
        memo[idx] = len(items) >= 2 and not _LIST_GLUE.sub("", rest)
    return memo[idx]


def _under_leak_heading(doc: Doc, idx: int) -> bool:
    """Line `idx` sits in a list under a heading about leaked data (memoised per line)."""
    memo = doc.line_memo["leak_heading"]
    if idx not in memo:
        memo[idx] = False
        for i in range(idx - 1, max(idx - 8, -1), -1):
            line = doc.lines[i].text.strip()
            last_sentence = [s for s in line.split("。") if s.strip()][-1:] or [""]
            if (
                len(line) <= 45 or line.endswith(("とおりです。", "通りです。", ":"))
            ) and _HEADING.search(last_sentence[0]):
                memo[idx] = True
                break
            if _SUBHEAD.match(line):
                continue  # 「■対象」「■個人情報」: a part of the same block, look further up
            if (len(line) > 80 and line.endswith("。")) or _SECTION.match(line) or is_heading(line):
                break  # prose, or another section's heading: not a list under a leak heading
    return memo[idx]


# 「電話番号(お届け先情報)」: a bracket naming what the items before it are, not an item.
_GLOSS = re.compile(r"[^()、・]{0,4}?情報\)")


def _glossed(doc: Doc, start: int) -> bool:
    """The match opens a bracket right after an item: 「…電話番号(お届け先情報)」."""
    if doc.text[start - 1 : start] != "(":
        return False
    before = doc.text[max(0, start - 12) : start - 1]
    return any(
        before.endswith(m.group()) for m in _table_re(PERSONAL_ITEMS + CARD_ITEMS).finditer(before)
    )


_NAME_READING = re.compile(r"(?:氏名|お名前|名前)\s*\([^()、]{0,8}$")

# 「管理者アカウントのIDとパスワード」「保守用アカウントのパスワード」 are the intruder's way
# in, not customers' data.
_ADMIN = re.compile(r"(?:管理|保守|運用|メンテナンス)(?:者|画面|用)[^、。\n]{0,14}$")


@cache
def _table_re(table: tuple[tuple[str, str], ...]) -> re.Pattern[str]:
    """One pass over the text for a whole table: the item patterns never overlap each other."""
    return fast("|".join(f"(?P<{code}>{pattern})" for code, pattern in table))


def _items(doc: Doc, table: tuple[tuple[str, str], ...], field: str) -> Evidence:
    hits: dict[str, list[tuple[int, int, int, str]]] = {}
    # 「セキュリティコードの入力は求めておらず、セキュリティコードは流出しておりません」: an item
    # negated in a sentence is not counted from another mention in that same sentence.
    negated: set[tuple[str, int]] = set()
    for m in _table_re(table).finditer(doc.text):
        if _ADMIN.search(doc.text, max(0, m.start() - 18), m.start()):
            continue
        if m.lastgroup == "other" and _NAME_READING.search(
            doc.text, max(0, m.start() - 14), m.start()
        ):
            continue  # 「氏名(漢字・フリガナ)」: the reading is part of the name
        if m.lastgroup == "other" and _GLOSS.match(doc.text, m.end()) and _glossed(doc, m.start()):
            continue  # 「氏名、住所、電話番号(お届け先情報)」: a label of the items before it
        code, sent = m.lastgroup or "", doc.sentence_at(m.start()).start
        how = _positive(doc, m.start(), m.end())
        if how is not None:
            hits.setdefault(code, []).append((sent, *m.span(), how))
        elif _negated(doc, m.end(), doc.sentence_at(m.start()).end) or (
            _table_cell(doc, m.start()) is False
        ):
            negated.add((code, sent))
    found = {
        code: kept
        for code, spans in hits.items()
        if (kept := [(s, e, how) for sent, s, e, how in spans if (code, sent) not in negated])
    }
    order = [code for code, _ in table if code in found]
    return Evidence.of_items(
        [
            Evidence(
                code, tuple((s, e) for s, e, _ in found[code]), rule=_rule(field, code, found[code])
            )
            for code in order
        ]
    )


def _rule(field: str, code: str, spans: list[tuple[int, int, str]]) -> str:
    """The item's rule: the sentence reading when any mention was read so, else the reading of
    its first mention (`card_data.table_security_code`)."""
    hows = [how for _, _, how in spans]
    return f"{field}.{'' if '' in hows else hows[0]}{code}"


def card_data(doc: Doc, found: Found) -> Evidence:
    return _items(doc, CARD_ITEMS, "card_data")


def personal_data(doc: Doc, found: Found) -> Evidence:
    return _items(doc, PERSONAL_ITEMS, "personal_data")
