"""Notices written for these tests, and every form they are published in.

Two notices of our own in the style of real ones: one with its dateline and letterhead on top,
one (a 第2報) signed at the bottom. `FORMS` builds each published form of a notice from its
plain text, as a (file name, bytes) pair: what a maintainer downloads or saves.
"""

import datetime as dt
import html
import io
import re
from email.charset import BASE64, QP, Charset
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
# Written for these tests; 株式会社みなと珈琲 and 有限会社はなみずき do not exist.
MINATO = (FIXTURES / "minato.txt").read_text(encoding="utf-8")
HANAMIZUKI = (FIXTURES / "hanamizuki.txt").read_text(encoding="utf-8")


NOTICES = {"minato": MINATO, "hanamizuki": HANAMIZUKI}

# Site chrome: every word here is absent from both notices, so a search can prove it is gone.
MENU = ["ホーム", "会社概要", "商品一覧", "店舗のご案内", "ニュースリリース", "よくあるご質問"]
SIDEBAR = [
    ("2024年4月1日", "ゴールデンウィーク期間中の営業日のお知らせ"),
    ("2023年12月26日", "年末年始休業のお知らせ"),
    ("2019年12月10日", "冬季限定ブレンド発売のお知らせ"),
]
FOOTER = ["プライバシーポリシー", "特定商取引法に基づく表記", "サイトマップ", "採用情報"]
CHROME_WORDS = ["会社概要", "年末年始", "サイトマップ", "ゴールデンウィーク", "採用情報"]


def article_html(text: str) -> str:
    """The notice as a CMS writes it: headings, paragraphs, lists, a <time> dateline."""
    out, items = [], []
    for line in text.strip().splitlines():
        if line.startswith("・"):
            items.append(f"<li>{html.escape(line[1:])}</li>")
            continue
        if items:
            out.append("<ul>" + "".join(items) + "</ul>")
            items = []
        if re.match(r"^\d．", line):
            out.append(f"<h2>{html.escape(line)}</h2>")
        elif re.match(r"^\d+年\d+月\d+日$", line):
            out.append(f'<p class="date"><time>{html.escape(line)}</time></p>')
        elif "お詫び" in line and len(line) < 80 and "申し上げ" not in line:
            out.append(f"<h1>{html.escape(line)}</h1>")
        else:
            out.append(f"<p>{html.escape(line)}</p>")
    if items:
        out.append("<ul>" + "".join(items) + "</ul>")
    return "\n".join(out)


def chrome_page(text: str, *, charset: str = "utf-8", news_list: bool = False) -> str:
    """A corporate site's page: header menu, breadcrumb, sidebar, footer around the article;
    with `news_list`, a <dl> of dated news items above the article, as many CMSs render it."""
    menu = "".join(f'<li><a href="/p{i}/">{m}</a></li>' for i, m in enumerate(MENU))
    side = "".join(f'<li><a href="/news/{i}">{d} {t}</a></li>' for i, (d, t) in enumerate(SIDEBAR))
    news = ""
    if news_list:
        items = "".join(
            f'<dt>{d}</dt><dd><a href="/news/{i}">{t}</a></dd>' for i, (d, t) in enumerate(SIDEBAR)
        )
        news = f'<section class="news"><h2>お知らせ一覧</h2><dl>{items}</dl></section>'
    foot = "".join(f'<li><a href="/f{i}/">{f}</a></li>' for i, f in enumerate(FOOTER))
    return f"""<!DOCTYPE html>
<html lang="ja"><head><meta charset="{charset}"><title>お知らせ｜株式会社サンプル</title>
<style>body{{font-family:sans-serif}} .date{{text-align:right}}</style>
<script>window.dataLayer = ["年末年始"];</script></head>
<body><header><div class="logo"><a href="/">ロゴ</a></div>
<nav class="global"><ul>{menu}</ul></nav>
<form class="search"><input name="q" placeholder="サイト内検索"><button>検索</button></form>
</header>
<div class="breadcrumb"><a href="/">ホーム</a> &gt; <a href="/news/">ニュースリリース</a></div>
<div class="container">{news}<main><article class="entry">
{article_html(text)}
</article></main>
<aside class="sidebar"><h3>最新のお知らせ</h3><ul>{side}</ul></aside></div>
<footer><ul>{foot}</ul><p>Copyright &copy; 2024 Sample Inc. All Rights Reserved.</p></footer>
</body></html>
"""


def pdf_from_text(text: str) -> bytes:
    """A notice set in Japanese type with reportlab: wrapped paragraphs, right-aligned dateline
    and letterhead, indented list items, page numbers. HeiseiMin-W3 is one of the PDF standard
    Japanese CID fonts, so no font file is needed and every reader has it."""
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    pdfmetrics.registerFont(UnicodeCIDFont("HeiseiMin-W3"))
    body = ParagraphStyle("body", fontName="HeiseiMin-W3", fontSize=10.5, leading=16)
    body.wordWrap = "CJK"
    right = ParagraphStyle("right", parent=body, alignment=TA_RIGHT)
    item = ParagraphStyle("item", parent=body, leftIndent=12)
    head = ParagraphStyle("head", parent=body, fontSize=12, leading=20, spaceBefore=6)
    story = []
    for line in text.strip().splitlines():
        if re.match(r"^(\d+年\d+月\d+日|(株式|有限)会社\S{1,12}|代表取締役.*)$", line):
            style = right
        elif line.startswith("・"):
            style = item
        elif re.match(r"^\d．", line):
            style = head
        else:
            style = body
        story.append(Paragraph(html.escape(line), style))

    def page_number(canvas, document):
        canvas.setFont("HeiseiMin-W3", 9)
        canvas.drawCentredString(A4[0] / 2, 12 * mm, f"- {document.page} -")

    out = io.BytesIO()
    SimpleDocTemplate(
        out, pagesize=A4, leftMargin=25 * mm, rightMargin=25 * mm, topMargin=20 * mm,
        bottomMargin=20 * mm, title="お知らせ",
    ).build(story, onFirstPage=page_number, onLaterPages=page_number)  # fmt: skip
    return out.getvalue()


def docx_from_text(text: str) -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "社外秘ではありません"
    for line in text.strip().splitlines():
        if line.startswith("・"):
            document.add_paragraph(line[1:], style="List Bullet")
        elif re.match(r"^\d．", line):
            document.add_heading(line, level=2)
        else:
            paragraph = document.add_paragraph(line)
            if re.match(r"^(\d+年\d+月\d+日|(株式|有限)会社\S{1,12}|代表取締役.*)$", line):
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


SENT = dt.datetime(2024, 5, 20, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=9)))


def with_headers(message, subject: str):
    message["Subject"] = subject
    message["From"] = "株式会社サンプル お客様窓口 <info@sample-shop.example>"
    message["To"] = "tanaka.hanako@customer-mail.example"
    message["Date"] = format_datetime(SENT)
    message["Message-ID"] = "<20240520103000.1234@mail.sample-shop.example>"
    raw = message.as_bytes()
    relay = b"Received: from mx1.sample-shop.example ([203.0.113.45]) by mx.customer-mail.example\n"
    return relay + raw


def eml_iso2022jp(text: str) -> bytes:
    """A Japanese mail client's classic: 7-bit ISO-2022-JP (with the Windows characters, as
    Outlook writes them), Subject in encoded words."""
    from email.header import Header
    from email.message import Message

    message = Message()
    message["MIME-Version"] = "1.0"
    message["Content-Type"] = 'text/plain; charset="ISO-2022-JP"'
    message["Content-Transfer-Encoding"] = "7bit"
    subject = Header("【重要】お詫びとお知らせ", "iso-2022-jp").encode()
    return with_headers(message, subject) + windows_iso2022jp(text)


def eml_base64(text: str) -> bytes:
    charset = Charset("utf-8")
    charset.body_encoding = BASE64
    message = MIMEText(text, "plain", charset)
    return with_headers(message, "=?utf-8?b?44GK6Kmr44Gz44Go44GK55+l44KJ44Gb?=")


def eml_quoted_printable(text: str) -> bytes:
    """multipart/alternative as modern clients send it: text/plain first, then text/html."""
    charset = Charset("utf-8")
    charset.body_encoding = QP
    message = MIMEMultipart("alternative")
    message.attach(MIMEText(text, "plain", charset))
    message.attach(MIMEText(f"<html><body>{article_html(text)}</body></html>", "html", charset))
    return with_headers(message, "=?utf-8?q?=E3=81=8A=E7=9F=A5=E3=82=89=E3=81=9B?=")


def html_in(encode, label: str):
    def build(text: str) -> bytes:
        return encode(chrome_page(text, charset=label))

    return build


def windows_euc_jp(text: str) -> bytes:
    """EUC-JP as Windows writes it (cp51932): NEC row 13 (①, Ⅰ) at the JIS codes CP932 uses."""
    out = bytearray()
    for char in text:
        if char.isascii():
            out += char.encode()
            continue
        lead, trail = char.encode("cp932")
        lead -= 0x40 if lead >= 0xE0 else 0
        row = (lead - 0x81) * 2 + (2 if trail >= 0x9F else 1)
        col = trail - 0x9E if trail >= 0x9F else trail - (0x3F if trail < 0x7F else 0x40)
        out += bytes([row + 0xA0, col + 0xA0])
    return bytes(out)


def windows_iso2022jp(text: str) -> bytes:
    """ISO-2022-JP as Windows writes it (cp50220): the same JIS codes, 7-bit, per line."""
    lines = []
    for line in text.split("\n"):
        out, kanji = bytearray(), False
        for char in line:
            if char.isascii():
                if kanji:
                    out += b"\x1b(B"
                    kanji = False
                out += char.encode()
            else:
                if not kanji:
                    out += b"\x1b$B"
                    kanji = True
                out += bytes(b & 0x7F for b in windows_euc_jp(char))
        if kanji:
            out += b"\x1b(B"
        lines.append(bytes(out))
    return b"\n".join(lines)


FORMS = {
    "plain UTF-8 text": lambda t: ("notice.txt", t.encode("utf-8")),
    "PDF set with a Japanese font": lambda t: ("お詫びとお知らせ.pdf", pdf_from_text(t)),
    "HTML with heavy chrome": lambda t: ("index.html", chrome_page(t).encode("utf-8")),
    "HTML with a news list above the article": lambda t: (
        "news.shtml",
        chrome_page(t, news_list=True).encode("utf-8"),
    ),
    "Shift_JIS HTML with meta charset": lambda t: (
        "sjis.htm",
        html_in(lambda s: s.encode("cp932"), "Shift_JIS")(t),
    ),
    "EUC-JP HTML with meta charset (Windows cp51932)": lambda t: (
        "eucjp.html",
        html_in(windows_euc_jp, "EUC-JP")(t),
    ),
    "e-mail in ISO-2022-JP": lambda t: ("mail-jis.eml", eml_iso2022jp(t)),
    "e-mail in base64": lambda t: ("mail-b64.eml", eml_base64(t)),
    "e-mail in quoted-printable, multipart/alternative": lambda t: (
        "mail-qp.eml",
        eml_quoted_printable(t),
    ),
    "Word .docx": lambda t: ("notice.docx", docx_from_text(t)),
    "UTF-16 with BOM": lambda t: ("utf16-bom.txt", t.encode("utf-16")),
    "UTF-16 LE without BOM": lambda t: ("utf16le.txt", t.encode("utf-16-le")),
    "UTF-16 BE without BOM, no extension": lambda t: ("notice", t.encode("utf-16-be")),
    "Shift_JIS text named .TXT": lambda t: ("NOTICE.TXT", t.encode("cp932")),
    "wget download without extension (HTML)": lambda t: ("index", chrome_page(t).encode()),
}


PRINTED_PDF = FIXTURES / "hanamizuki-printed-from-chromium.pdf"


def print_with_chromium(page: str, pdf: Path) -> None:
    """How PRINTED_PDF was made, once, on a machine with Debian's chromium and
    fonts-ipafont-gothic (the tests read the committed file and need neither):
    `python -m ingest.tests.published`."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "page.html"
        source.write_text(page.replace("font-family:sans-serif", "font-family:IPAGothic"))
        subprocess.run(
            [
                "chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--no-pdf-header-footer", f"--print-to-pdf={pdf}", source.as_uri(),
            ],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip


if __name__ == "__main__":
    print_with_chromium(chrome_page(HANAMIZUKI), PRINTED_PDF)
