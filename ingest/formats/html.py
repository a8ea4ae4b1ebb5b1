"""Web pages to the notice's main text: no menus, news lists, sidebars or footers.

trafilatura finds the main content. It drops some lines a notice needs (a `<time>` dateline, a
right-aligned signature), so its text only marks where the article sits in the page: the lines
kept are those of our own full-text parse between its first and last line, plus a dateline,
title, addressee or signature right next to them. When trafilatura finds nothing, the whole
page's text is used.
"""

import re
from html.parser import HTMLParser

from ingest.formats.encodings import decode

META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE | re.DOTALL
)
DATE = (
    r"(?:(?:令和|平成)\s*(?:元|[0-9０-９]{1,2})|[0-9０-９]{4})\s*年"
    r"\s*[0-9０-９]{1,2}\s*月\s*[0-9０-９]{1,2}\s*日"
)
DATELINE = re.compile(
    rf"^(?:(?:公開|掲載|更新|発表|投稿)日?\s*[：:]?\s*)?{DATE}(?:\s*[（(][^)）]{{1,3}}[)）])?"
    r"(?:\s*(?:公開|掲載|更新|発表))?$"
    r"|^[0-9]{4}[./][0-9]{1,2}[./][0-9]{1,2}$"
)
SIGNATURE = re.compile(
    r"^.{0,30}(?:株式会社|有限会社|合同会社|合資会社|合名会社|一般社団法人|一般財団法人|"
    r"公益社団法人|公益財団法人|学校法人|医療法人|社会福祉法人|特定非営利活動法人|組合|協会|"
    r"\(株\)|（株）|㈱).{0,30}$|^(?:代表取締役|代表理事|理事長|代表者|取締役社長).{0,30}$"
    r"|^.{1,20}各位$|^以\s*上$"
)
ANY_DATE = re.compile(DATE)
BREACH_TITLE = re.compile(r"不正アクセス|流出|漏えい|漏洩|情報|お詫び")
NEIGHBOURS = 4


def read_html(raw: bytes, declared: str | None = None) -> tuple[str, str]:
    """(main text, encoding) of a page; `declared` is the HTTP charset, which wins over meta."""
    match = META_CHARSET.search(raw[:4096])
    meta = match.group(1).decode("ascii", "replace") if match else None
    html, encoding = decode(raw, declared or meta)
    return main_text(html), encoding


def main_text(html: str) -> str:
    full = html_to_text(html)
    article = trafilatura_text(html)
    if not article:
        return full
    lines = full.split("\n")
    start, end = article_span(lines, article.split("\n"))
    if start is None:
        return full
    first, last = max(0, start - NEIGHBOURS), min(len(lines) - 1, end + NEIGHBOURS)
    while start > first and frames_article(lines[start - 1]):
        start -= 1
    while end < last and frames_article(lines[end + 1]):
        end += 1
    return "\n".join(lines[start : end + 1])


def trafilatura_text(html: str) -> str:
    import trafilatura

    text = trafilatura.extract(
        html,
        output_format="txt",
        include_comments=False,
        include_tables=True,
        include_links=False,
        deduplicate=False,
    )
    return (text or "").strip()


def squeeze(line: str) -> str:
    return re.sub(r"[\s\u3000]+", "", line).lstrip("-*•・")


def article_span(lines: list[str], article: list[str]) -> tuple[int | None, int]:
    """First and last index in `lines` of trafilatura's lines, matched in order."""
    keys = [squeeze(line) for line in lines]
    first = last = None
    position = 0
    for line in article:
        key = squeeze(line)
        if not key:
            continue
        try:
            found = keys.index(key, position)
        except ValueError:
            continue
        first = found if first is None else first
        last = position = found
    return first, last if last is not None else -1


def frames_article(line: str) -> bool:
    """A line that belongs to a notice though it sits just outside its main block."""
    line = line.strip().replace("\u3000", " ")
    if DATELINE.match(line) or SIGNATURE.match(line):
        return True
    return len(line) <= 80 and bool(BREACH_TITLE.search(line)) and not ANY_DATE.search(line)


class _TextExtractor(HTMLParser):
    BLOCKS = {
        "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
        "table", "ul", "ol", "dl", "dd", "dt", "header", "footer", "pre", "main", "nav", "aside",
        "form", "blockquote", "address", "td", "th", "hr", "figure", "figcaption",
    }  # fmt: skip
    SKIP = {"script", "style", "noscript", "template", "head", "svg", "button", "select"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """Every visible line of a page (menus and all), one block element per line."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    lines = (
        re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in "".join(parser.parts).split("\n")
    )
    return "\n".join(line for line in lines if line)
