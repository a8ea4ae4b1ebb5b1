"""Dates: 西暦 and 和暦 (元年 too), year-less dates placed on the document's timeline, ranges."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

from .text import Doc

ERAS = {"令和": 2018, "平成": 1988, "昭和": 1925}
WEEKDAYS = "月火水木金土日"

_YEAR = (
    r"(?:(?P<era>令和|平成|昭和)\s*(?P<ey>\d{1,2}|元)\s*年"
    r"|(?P<y>(?:19|20)\d{2})\s*年|(?P<rel>本年|同年|今年|昨年|前年|翌年))"
)
_DAY = r"(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"
_WEEKDAY = r"(?:\s*\(\s*(?P<wd>[月火水木金土日])(?:曜日?)?\s*\))?"
DATE_RE = re.compile(rf"(?:{_YEAR}\s*)?{_DAY}{_WEEKDAY}")
SLASH_RE = re.compile(
    r"(?<![\d/])(?P<y>(?:19|20)\d{2})[/.](?P<m>\d{1,2})[/.](?P<d>\d{1,2})(?![\d/])"
)
# A time of day after a date ("22時05分", "13時20分ごろ") is skipped when reading ranges.
TIME = r"(?:\s*(?:午前|午後)?\s*\d{1,2}(?:時(?:\d{1,2}分)?|:\d{2})(?:ごろ|頃)?)?"


class DateMention(NamedTuple):
    date: dt.date
    start: int
    end: int
    explicit_year: bool


def _era_year(era: str, ey: str) -> int:
    return ERAS[era] + (1 if ey == "元" else int(ey))


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _with_weekday(year: int, m: int, d: int, wd: str | None) -> int:
    """The year near `year` whose calendar matches the written weekday, if one does."""
    if not wd:
        return year
    for cand in (year, year - 1, year + 1):
        date = _safe_date(cand, m, d)
        if date and WEEKDAYS[date.weekday()] == wd:
            return cand
    return year


_LINE_HEAD = re.compile(r"[ \t\-・•■●◆◇□>\u2460-\u2473]*(?:\(?\d{1,2}[).]\s*)?")


def _at_line_head(text: str, pos: int) -> bool:
    """The date opens its line (after bullets): an entry of a timeline list."""
    line_start = text.rfind("\n", 0, pos) + 1
    return _LINE_HEAD.fullmatch(text, line_start, pos) is not None


_DAY_RE = re.compile(_DAY + _WEEKDAY)
# 「同月5日」: the month (and year) of the date before it; 「翌18日」「翌日」: the next such day.
_SAME_MONTH_RE = re.compile(r"(?:同月|同(?=\s*\d)|(?P<next>翌))\s*(?P<d>\d{1,2})?\s*日" + _WEEKDAY)
_YEAR_BEFORE = re.compile(rf"{_YEAR}\s*$")


@lru_cache(maxsize=4)
def _matches(text: str) -> tuple[tuple[int, int, dict[str, str | None]], ...]:
    """(start, end, groups) of every kanji or slash date. The day part is found first and a
    year looked for just before it: the same matches as DATE_RE.finditer, several times faster
    because a pattern starting with an optional year cannot skip ahead to likely positions."""
    out = []
    for m in _DAY_RE.finditer(text):
        g = m.groupdict()
        start = m.start()
        y = _YEAR_BEFORE.search(text, max(0, start - 12), start)
        if y:
            g.update(y.groupdict())
            start = y.start()
        out.append((start, m.end(), g))
    extra = False
    if "同" in text or "翌" in text:
        out += [
            (m.start(), m.end(), {**m.groupdict(), "same": "月"})
            for m in _SAME_MONTH_RE.finditer(text)
        ]
        extra = True
    if "/" in text or "." in text:
        out += [(m.start(), m.end(), m.groupdict()) for m in SLASH_RE.finditer(text)]
        extra = True
    if extra:
        out.sort(key=lambda x: x[0])
    return tuple(out)


def find_dates(
    text: str,
    default_year: int | None = None,
    this_year: int | None = None,
    this_month: int | None = None,
) -> tuple[DateMention, ...]:
    """All dates in document order; year-less ones take the year of the latest explicit one,
    except that a year-less timeline entry earlier in the calendar than the entry just above it
    (12月20日 then 1月26日, no weekday) has crossed New Year. 「本年」「昨年」 count from
    `this_year`, the year the notice was written (see `document_year`)."""
    found: list[DateMention] = []
    year = default_year
    last_explicit: dt.date | None = None
    prev_head: dt.date | None = None  # the date of the previous timeline entry, if the last date
    for start, end, g in _matches(text):
        if g.get("same"):
            date = _relative(found[-1].date, g) if found else None
            if date:
                found.append(DateMention(date, start, end, False))
            continue
        explicit = bool(g.get("era") or g.get("y"))
        head = _at_line_head(text, start)
        if g.get("era"):
            y = _era_year(g["era"], g["ey"])
        elif g.get("y"):
            y = int(g["y"])
        elif g.get("rel"):
            rel = _relative_year(g["rel"], year, this_year)
            if rel is None:
                continue
            y = year = rel
        elif year is None:
            continue
        else:
            y = _with_weekday(year, int(g["m"]), int(g["d"]), g.get("wd"))
            if not g.get("wd") and y == this_year and this_month and int(g["m"]) > this_month + 1:
                y -= 1  # 「12月20日」 in a notice of January: last December
        date = _safe_date(y, int(g["m"]), int(g["d"]))
        if date is None:
            continue
        if not explicit and head and prev_head and not g.get("wd") and date < prev_head:
            later = _safe_date(y + 1, date.month, date.day)
            if later and (later - prev_head).days <= 183:
                date, y = later, y + 1
                year = y
        if explicit:
            year = y
            last_explicit = date
        elif (
            this_year
            and y < this_year
            and not g.get("wd")  # a written weekday already chose the year
            and not g.get("rel")  # 「昨年12月19日」 said which year
            and last_explicit
            and (last_explicit - date).days > 30
        ):
            # 「2023年11月1日から…」 then 「3月5日に」 in a notice of 2024: the next spring.
            later = _safe_date(y + 1, date.month, date.day)
            if later:
                date, y = later, y + 1
                year = y
        prev_head = date if head else None
        found.append(DateMention(date, start, end, explicit))
    return tuple(found)


def _relative(prev: dt.date, g: dict[str, str | None]) -> dt.date | None:
    """「同月5日」 in the month of `prev`; 「翌日」 the day after it, 「翌5日」 the next 5th."""
    if not g.get("d"):
        return prev + dt.timedelta(days=1) if g.get("next") else None
    day = int(g["d"])
    if g.get("next") and day <= prev.day:
        month_end = prev.replace(day=28) + dt.timedelta(days=4)
        return _safe_date(month_end.year, month_end.month, day)
    return _safe_date(prev.year, prev.month, day)


def _relative_year(word: str, running: int | None, this_year: int | None) -> int | None:
    if word in ("本年", "今年"):
        return this_year or running
    if word == "昨年":
        base = this_year or running
        return base - 1 if base else None
    if running is None:
        return None
    return running + {"同年": 0, "前年": -1, "翌年": 1}[word]


_DATELINE_YEAR = re.compile(
    r"^[^\S\n]*(?:更新日?|公開日|掲載日|発表日|公表日|作成日)?[^\S\n]*[:：]?[^\S\n]*"
    r"(?:(?P<era>令和|平成)\s*(?P<ey>\d{1,2}|元)|(?P<y>(?:19|20)\d{2}))\s*[年/.]"
    r"[^\n]{0,16}$",
    re.M,
)


def document_month(text: str) -> int | None:
    """The month of the notice's dateline, when it has one near the top."""
    head = text[: sum(len(x) + 1 for x in text.split("\n")[:15])]
    m = _DATELINE_YEAR.search(head)
    month = re.search(r"(?:年|[/.])\s*(\d{1,2})\s*(?:月|[/.])", m.group()) if m else None
    return int(month.group(1)) if month else None


def document_year(text: str) -> int | None:
    """The year a notice was written: its dateline's (a date-only line near the top), else the
    latest year it states."""
    head = text[: sum(len(x) + 1 for x in text.split("\n")[:15])]
    m = _DATELINE_YEAR.search(head)
    if m:
        return _era_year(m.group("era"), m.group("ey")) if m.group("era") else int(m.group("y"))
    years = [
        _era_year(g["era"], g["ey"]) if g.get("era") else int(g["y"])
        for _, _, g in _matches(text)
        if g.get("era") or g.get("y")
    ]
    return max(years) if years else None


def first_explicit_year(text: str) -> int | None:
    """The year of the first kanji date that states one (slash dates do not count)."""
    for _, _, g in _matches(text):
        if g.get("era"):
            return _era_year(g["era"], g["ey"])
        if g.get("y") and "wd" in g:
            return int(g["y"])
    return None


def dates_in(doc: Doc, start: int, end: int) -> list[DateMention]:
    return [d for d in doc.dates if start <= d.start and d.end <= end]


def last_date_before(doc: Doc, pos: int, floor: int = 0) -> DateMention | None:
    best = None
    for d in doc.dates:
        if floor <= d.start and d.end <= pos:
            best = d
    return best


_HEADING_DATE = re.compile(r"^[\s\-・•■●◆>\d().]*$")


def heading_date(doc: Doc, pos: int, lookback: int = 2) -> DateMention | None:
    """The date of a timeline entry: a line that starts with a date, just above `pos` (never
    the notice's own dateline)."""
    idx = doc.line_index(pos)
    # The notice's own date is no timeline heading, when the notice's head can be told apart
    # (a title found); a bare 「2016年8月12日(金)」 over one event is a timeline entry.
    dateline = doc.layout.dateline if doc.layout.title is not None else None
    for i in range(idx, max(idx - lookback - 1, -1), -1):
        line = doc.lines[i]
        for d in dates_in(doc, line.start, line.end):
            if dateline is not None and d.start == dateline.start:
                continue
            before = doc.text[line.start : d.start]
            if _HEADING_DATE.match(before) and (i < idx or d.end <= pos):
                return d
    return None


def context_date(doc: Doc, pos: int) -> DateMention | None:
    """The date an event at `pos` happened: the last date earlier in its sentence, 同日 meaning
    the date before that, else the heading of its timeline entry."""
    sent = doc.sentence_at(pos)
    head = doc.text[sent.start : pos]
    same_day = re.search(r"同日|当日|その日|同じ日", head)
    inside = last_date_before(doc, pos, sent.start)
    if inside and not (same_day and same_day.start() > inside.end - sent.start):
        return inside
    if same_day:
        return _same_day_anchor(doc, sent.start + same_day.start())
    return heading_date(doc, pos)


_HEARSAY = re.compile(r"によれば|によると|とのこと")


def _same_day_anchor(doc: Doc, pos: int) -> DateMention | None:
    """The day 「同日」 points back to: the last date before it, but not one inside reported
    speech (「同社によれば、同社は1月27日に…とのことです。本学は同日、」 means the day before)."""
    for d in reversed([d for d in doc.dates if d.end <= pos][-6:]):
        if not _HEARSAY.search(doc.sentence_at(d.start).text):
            return d
    return last_date_before(doc, pos)


_RANGE_SEP = r"\s*(?:~|-|から|より)\s*(?:[、,]\s*)?"
_OPEN_DATE = (
    r"(?:(?:(?:令和|平成|昭和)\s*(?:\d{1,2}|元)\s*年|(?:19|20)\d{2}\s*年|同年)\s*)?"
    r"(?:\d{1,2}\s*月\s*|同月\s*)?\d{1,2}\s*日(?:\s*\(\s*[月火水木金土日](?:曜日?)?\s*\))?"
)
# 「2011年9月12日の当ストア開設以降、2016年10月19日まで」: 以降 opens a range too.
RANGE_RE = re.compile(
    rf"(?P<a>{DATE_RE.pattern}){TIME}(?:の[^、。\n~]{{0,12}}?)?(?:{_RANGE_SEP}|\s*以降[、,]\s*)"
    rf"(?P<b>{_OPEN_DATE}){TIME}"
)


_SEP_AHEAD = re.compile(r"[~-]|から|より|以降")
_TO_NOW = re.compile(rf"{TIME}{_RANGE_SEP}現在(?:まで|に至るまで)?")


class Range(NamedTuple):
    start: dt.date
    end: dt.date | None
    span_start: int
    span_end: int


def _end_date(text: str, start: dt.date) -> dt.date | None:
    m = re.search(
        r"(?:(?:(令和|平成|昭和)\s*(\d{1,2}|元)|((?:19|20)\d{2}))\s*年)?\s*"
        r"(?:(\d{1,2})\s*月\s*)?(\d{1,2})\s*日",
        text,
    )
    if not m:
        return None
    if m.group(1):
        y = _era_year(m.group(1), m.group(2))
    elif m.group(3):
        y = int(m.group(3))
    else:
        y = start.year
    month = int(m.group(4)) if m.group(4) else start.month
    end = _safe_date(y, month, int(m.group(5)))
    if end and end < start and not (m.group(1) or m.group(3)):
        end = _safe_date(y + 1, month, int(m.group(5)))
    return end


_SLASH = r"(?:19|20)\d{2}[/.]\d{1,2}[/.]\d{1,2}"
SLASH_RANGE_RE = re.compile(
    rf"(?<![\d/])(?P<a>{_SLASH}){TIME}{_RANGE_SEP}"
    rf"(?P<b>{_SLASH}|\d{{1,2}}[/.]\d{{1,2}}(?![\d/.]))"
)


def _slash_end(text: str, start: dt.date) -> dt.date | None:
    parts = [int(p) for p in re.split(r"[/.]", text)]
    y, (m, d) = (parts[0], parts[1:]) if len(parts) == 3 else (start.year, parts)
    return _safe_date(y, m, d)


def find_ranges(doc: Doc) -> list[Range]:
    """Date ranges (「A~B」「AからBまで」), kanji or slash dates, in document order."""
    by_start = {d.start: d for d in doc.dates}
    out = []
    last_end = -1
    for first in doc.dates:  # a range starts at a date: try the pattern only there
        if first.start < last_end or not _SEP_AHEAD.search(doc.text, first.end, first.end + 40):
            continue
        m = RANGE_RE.match(doc.text, first.start)
        if m is None:
            now = _TO_NOW.match(doc.text, first.end)
            if now:  # 「2023年7月18日~現在」: the period is still open
                last_end = now.end()
                out.append(Range(first.date, None, first.start, now.end()))
            continue
        last_end = m.end()
        end = _end_date(m.group("b"), first.date)
        if end is not None and end >= first.date:
            out.append(Range(first.date, end, m.start(), m.end()))
    if "/" in doc.text or "." in doc.text:
        for m in SLASH_RANGE_RE.finditer(doc.text):
            first = by_start.get(m.start("a"))
            end = _slash_end(m.group("b"), first.date) if first else None
            if first and end is not None and end >= first.date:
                out.append(Range(first.date, end, m.start(), m.end()))
        out.sort(key=lambda r: r.span_start)
    return out


def unique(values: Iterable[object]) -> list[object]:
    return list(dict.fromkeys(values))
