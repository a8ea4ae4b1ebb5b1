"""PDF notices to text with pdfminer.six: reading order, wrapped lines joined, no page furniture.

A PDF has no paragraphs, only positioned lines. A line that runs to the right edge of the text
column and is followed by a line starting at the left edge was wrapped by the layout, so the two
are one line of the notice (「調査機関(株式\\n会社ラック)」 breaks the extractor otherwise). A list
item, a heading, an indented or right-aligned line always starts a line of its own. Page numbers
and headers or footers that repeat on every page (a browser's print date, title and URL) go.
"""

import io
import logging
import re
from dataclasses import dataclass

from ingest.formats.errors import BadDocument

MARKER = re.compile(
    r"^[\s　]*(?:[・●○◆◇■□▼▽※＊*•\-－]|[①-⑳⑴-⒇❶-❿]|[（(][0-9０-９一二三四五六七八九十]+[）)]"
    r"|[0-9０-９]+[．.、)）]|第[0-9０-９一二三四五六七八九十]+|[一二三四五六七八九十]+、|記$|以\s*上$)"
)
PAGE_NUMBER = re.compile(r"^[\s\-－–—]*(?:[0-9]+\s*/\s*[0-9]+|[0-9]+|p\.?\s*[0-9]+)[\s\-－–—]*$")
CONTACT = re.compile(r"電話|TEL|Tel|ＴＥＬ|メール|受付|窓口|@|＠")
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
    bottom: float = 0.0
    y: float = 0.0  # top in points, for the gap to the next line


def read_pdf(raw: bytes) -> str:
    lines, from_browser = pdf_lines(raw)
    if not any(line.text.strip() for line in lines):
        raise BadDocument("PDF has no text layer (a scan?): run OCR first")
    lines = without_page_furniture(lines)
    if from_browser:
        lines = without_site_chrome(lines)
    return "\n".join(rejoined(lines))


def pdf_lines(raw: bytes) -> tuple[list[Line], bool]:
    """Every text line in reading order, and whether a web browser printed the PDF.

    In a browser's print of a web page, menus, news lists and footer links are links: a line
    that lies inside a link annotation is navigation, not notice text.
    """
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser, PDFSyntaxError
    from pdfminer.psexceptions import PSException

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    lines: list[Line] = []
    try:
        document = PDFDocument(PDFParser(io.BytesIO(raw)))
        resources = PDFResourceManager()
        device = PDFPageAggregator(resources, laparams=LAParams())
        interpreter = PDFPageInterpreter(resources, device)
        for number, page in enumerate(PDFPage.create_pages(document)):
            links = link_rects(page)
            interpreter.process_page(page)
            layout = device.get_result()
            found = [
                line
                for line in layout_lines(layout, number)
                if not any(covers(rect, line) for rect in links)
            ]
            for line in in_reading_order(found):
                line.top = line.top / (layout.height or 1)
                lines.append(line)
        from_browser = printed_by_browser(document)
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise BadDocument("PDF is encrypted") from None
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError, AssertionError) as exc:
        raise BadDocument(f"damaged PDF ({type(exc).__name__})") from None
    return lines, from_browser


def layout_lines(layout, number: int) -> list[Line]:
    from pdfminer.layout import LTTextContainer, LTTextLine

    found = []
    for box in layout:
        if not isinstance(box, LTTextContainer):
            continue
        for item in box:
            if isinstance(item, LTTextLine):
                text = CID.sub("\ufffd", item.get_text()).strip("\n")
                if text.strip():
                    size = max(1.0, item.height)
                    line = Line(number, text, item.x0, item.x1, item.y1, size, item.y0, item.y1)
                    found.append(line)
    return found


def link_rects(page) -> list[tuple[float, float, float, float]]:
    from pdfminer.pdftypes import resolve1

    rects = []
    for annotation in resolve1(page.annots) or []:
        annotation = resolve1(annotation)
        if (
            not isinstance(annotation, dict)
            or getattr(annotation.get("Subtype"), "name", None) != "Link"
        ):
            continue
        rect = resolve1(annotation.get("Rect"))
        if isinstance(rect, list) and len(rect) == 4:
            x0, y0, x1, y1 = (float(resolve1(v)) for v in rect)
            rects.append((min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)))
    return rects


def covers(rect: tuple[float, float, float, float], line: Line) -> bool:
    """Most of the line lies inside the link's rectangle."""
    x0, y0, x1, y1 = rect
    width = max(0.0, min(x1, line.x1) - max(x0, line.x0))
    height = max(0.0, min(y1, line.top) - max(y0, line.bottom))
    area = (line.x1 - line.x0) * (line.top - line.bottom)
    return area > 0 and width * height >= 0.6 * area


def printed_by_browser(document) -> bool:
    from pdfminer.pdftypes import resolve1

    for info in document.info:
        for key in ("Producer", "Creator"):
            value = resolve1(info.get(key))
            value = value.decode("latin-1", "replace") if isinstance(value, bytes) else str(value)
            if re.search(r"Skia/PDF|Mozilla|Chrom|Firefox|Safari|Edg/|cairo", value or ""):
                return True
    return False


def without_site_chrome(lines: list[Line]) -> list[Line]:
    """A printed web page without the short lines of its header above the notice (search box,
    breadcrumb) and of its sidebar and footer below it (headings, copyright)."""
    from ingest.formats.html import frames_article

    def short(line: Line) -> bool:
        return len(line.text.strip()) <= 30 and "。" not in line.text

    def ends_notice(line: Line) -> bool:
        text = line.text
        prose = "。" in text or (len(text) >= 40 and re.search(r"[\u3040-\u309f]", text))
        return bool(frames_article(text) or prose or CONTACT.search(text))

    start = next((n for n, line in enumerate(lines) if frames_article(line.text)), 0)
    if not all(short(line) for line in lines[:start]):
        start = 0
    end = max((n for n, line in enumerate(lines) if ends_notice(line)), default=len(lines) - 1)
    return lines[start : end + 1]


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
    # A web page's paragraphs have a margin between them; wrapped lines only the leading.
    same_paragraph = following.page != line.page or line.bottom - following.y < 0.8 * size
    return (
        same_paragraph
        and runs_to_edge
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
