"""PDF notices to text with pdfminer.six: reading order, wrapped lines joined, no page furniture.

A PDF has no paragraphs, only positioned lines. A line that runs to the right edge of the text
column and is followed by a line starting at the left edge was wrapped by the layout, so the two
are one line of the notice (「調査機関(株式\\n会社ラック)」 breaks the extractor otherwise). A list
item, a heading, an indented or right-aligned line always starts a line of its own. Page numbers
and headers or footers that repeat on every page (a browser's print date, title and URL) go.
"""

import io
import re
from dataclasses import dataclass

from ingest.formats.errors import BadDocument

MARKER = re.compile(
    r"^[\s　]*(?:[・●○◆◇■□▼▽※＊*•\-－]|[①-⑳⑴-⒇❶-❿]|[（(][0-9０-９一二三四五六七八九十]+[）)]"
    r"|[0-9０-９]+[．.、)）]|第[0-9０-９一二三四五六七八九十]+|[一二三四五六七八九十]+、|記$|以\s*上$)"
)
PAGE_NUMBER = re.compile(r"^[\s\-－–—]*(?:[0-9]+\s*/\s*[0-9]+|[0-9]+|p\.?\s*[0-9]+)[\s\-－–—]*$")
CID = re.compile(r"\(cid:\d+\)")
EDGE = 0.07  # share of the page height at top and bottom where headers and footers sit


@dataclass
class Line:
    page: int
    text: str
    x0: float
    x1: float
    top: float
    size: float


def read_pdf(raw: bytes) -> str:
    lines = pdf_lines(raw)
    if not any(line.text.strip() for line in lines):
        raise BadDocument("PDF has no text layer (a scan?): run OCR first")
    lines = without_page_furniture(lines)
    return "\n".join(rejoined(lines))


def pdf_lines(raw: bytes) -> list[Line]:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextContainer, LTTextLine
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psexceptions import PSException

    lines: list[Line] = []
    try:
        for number, page in enumerate(extract_pages(io.BytesIO(raw), laparams=LAParams())):
            height = page.height or 1
            found = []
            for box in page:
                if not isinstance(box, LTTextContainer):
                    continue
                for item in box:
                    if isinstance(item, LTTextLine):
                        text = CID.sub("\ufffd", item.get_text()).strip("\n")
                        if text.strip():
                            size = max(1.0, item.height)
                            found.append(Line(number, text, item.x0, item.x1, item.y1, size))
            for line in in_reading_order(found):
                line.top = line.top / height
                lines.append(line)
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise BadDocument("PDF is encrypted") from None
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError, AssertionError) as exc:
        raise BadDocument(f"damaged PDF ({type(exc).__name__})") from None
    return lines


def in_reading_order(lines: list[Line]) -> list[Line]:
    """Top to bottom; lines that share a row (a greeting left, a date right) left to right."""
    rows: list[list[Line]] = []
    for line in sorted(lines, key=lambda line: -line.top):
        if rows and rows[-1][0].top - line.top < 0.5 * min(line.size, rows[-1][0].size):
            rows[-1].append(line)
        else:
            rows.append([line])
    return [line for row in rows for line in sorted(row, key=lambda line: line.x0)]


def without_page_furniture(lines: list[Line]) -> list[Line]:
    pages = {line.page for line in lines}
    at_edge = [line for line in lines if line.top > 1 - EDGE or line.top < EDGE]
    repeated: dict[str, set[int]] = {}
    for line in at_edge:
        repeated.setdefault(re.sub(r"[0-9]+", "#", line.text.strip()), set()).add(line.page)
    furniture = {key for key, seen in repeated.items() if len(seen) > 1 and len(pages) > 1}
    return [
        line
        for line in lines
        if not (
            (line.top > 1 - EDGE or line.top < EDGE)
            and (
                PAGE_NUMBER.match(line.text)
                or re.sub(r"[0-9]+", "#", line.text.strip()) in furniture
            )
        )
    ]


def rejoined(lines: list[Line]) -> list[str]:
    """The notice's lines: a layout-wrapped line joined to the line that continues it."""
    out: list[str] = []
    edges = column_edges(lines)
    for n, line in enumerate(lines):
        text = line.text.strip()
        if n and wraps_into(lines[n - 1], line, edges):
            out[-1] = join(out[-1], text)
        else:
            out.append(text)
    return out


def column_edges(lines: list[Line]) -> dict[int, tuple[float, float]]:
    """Left and right edge of the text column on each page."""
    edges = {}
    for page in {line.page for line in lines}:
        on_page = [line for line in lines if line.page == page]
        edges[page] = (min(line.x0 for line in on_page), max(line.x1 for line in on_page))
    return edges


def wraps_into(line: Line, following: Line, edges: dict[int, tuple[float, float]]) -> bool:
    left, right = edges[line.page]
    next_left, _ = edges[following.page]
    size = line.size
    runs_to_edge = line.x1 >= right - 1.6 * size
    starts_left = line.x0 <= left + 2.2 * size
    continues_left = following.x0 <= (line.x0 if line.page == following.page else next_left) + (
        0.5 * size
    )
    same_size = abs(following.size - size) <= 0.25 * size
    return (
        runs_to_edge
        and starts_left
        and continues_left
        and same_size
        and (following.page == line.page or following.page == line.page + 1)
        and not MARKER.match(following.text)
    )


def join(head: str, tail: str) -> str:
    # Latin words wrap at a space the layout ate; Japanese wraps anywhere and has no spaces.
    if head[-1:].isascii() and head[-1:].isalnum() and tail[:1].isascii() and tail[:1].isalnum():
        return f"{head} {tail}"
    return head + tail
