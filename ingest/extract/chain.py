"""What a notice says about the notices before it: that it follows one (先般お知らせいたしました),
the counts it revises (第1報では約1,200件…), and the causes or data items it retracts in so many
words (原因はSQLインジェクションではなく…). The catalogue resolves an incident's values over its
notices with these; they are not SCHEMA fields."""

from __future__ import annotations

import re
from typing import Any

from . import causes, counts, data, timeline
from .text import Doc

# A negation of what an earlier notice said, with a word that it is a finding or a correction.
_NOT = re.compile(
    r"(?:によるもの|が原因|を原因とするもの|で|に)?(?:は|も)?"
    r"(?:ではなく|ではなかった|ではない|ではございません|ではありません"
    r"|含まれて(?:おりません|いません|いない|おらず|いなかった)|対象外)"
)
_FINDING = re.compile(r"判明|調査の結果|訂正|誤り|確認(?:され|でき)|結論")
_CLAUSE_START = re.compile(r"[、。\n「」()]")


def earlier_counts(doc: Doc) -> list[dict[str, Any]]:
    """The counts an earlier notice gave that this one revises (「当初5,000件…」), in order."""
    if not doc.leak_counts:
        return []
    out = []
    for c in doc.counts:
        if c in doc.leak_counts or counts._is_fraud(doc, c) or not counts.revised(doc, c):
            continue
        out.append({"value": c.n, "spans": [[c.start, c.end]]})
    return out


def _retracted_in(clause: str, offset: int) -> list[tuple[str, str, tuple[int, int]]]:
    found = []
    for code, pattern in causes.RULES:
        m = pattern.search(clause)
        if m:
            found.append(("causes", code, (offset + m.start(), offset + m.end())))
    for field, items in (("card_data", data.CARD_ITEMS), ("personal_data", data.PERSONAL_ITEMS)):
        for code, pattern in items:
            m = re.search(pattern, clause)
            if m:
                found.append((field, code, (offset + m.start(), offset + m.end())))
    return found


def retractions(doc: Doc) -> dict[str, list[dict[str, Any]]]:
    """Items a notice says in so many words are not so: 「原因はSQLインジェクションではなく」,
    「セキュリティコードは含まれていないことが判明いたしました」. Only the clause right before the
    negation counts, and only in a sentence that reports a finding or a correction."""
    out: dict[str, list[dict[str, Any]]] = {}
    for m in _NOT.finditer(doc.text):
        sent = doc.sentence_at(m.start())
        if not _FINDING.search(sent.text) or "question" in doc.layout.flags(sent):
            continue
        head = doc.text[sent.start : m.start()]
        cut = max((x.end() for x in _CLAUSE_START.finditer(head)), default=0)
        for field, code, span in _retracted_in(head[cut:], sent.start + cut):
            items = out.setdefault(field, [])
            if all(item["value"] != code for item in items):
                items.append({"value": code, "spans": [list(span)]})
    return out


def chain(doc: Doc) -> dict[str, Any]:
    """This notice's links to earlier ones; empty parts are left out."""
    out: dict[str, Any] = {}
    mention = timeline.earlier_mention(doc)
    if mention:
        out["refers_back"] = {"spans": [[mention.start(), mention.end()]]}
    revised = earlier_counts(doc)
    if revised:
        out["earlier_counts"] = revised
    retracted = retractions(doc)
    if retracted:
        out["retracted"] = retracted
    return out
