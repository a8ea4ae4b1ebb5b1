"""Every form a notice is published in, to its plain main text. No Django here.

The format is told by the content first (a PDF named `.txt`, a wget file with no extension, an
e-mail saved as `.txt`) and by the name or the server's Content-Type after that.
"""

import io
import re
import zipfile
from dataclasses import dataclass, field

from ingest.formats.encodings import decode
from ingest.formats.errors import BadDocument, Skipped

HTML_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml", ".php", ".asp", ".aspx", ".jsp")
# Text files that sit beside notices (a saved page's styles and scripts) and are never one.
NOT_NOTICE_SUFFIXES = (
    ".css", ".js", ".mjs", ".json", ".jsonl", ".map", ".svg", ".xml", ".csv", ".tsv", ".ico",
    ".woff", ".woff2", ".ttf", ".otf", ".py", ".sh", ".bat", ".ini", ".yml", ".yaml",
)  # fmt: skip
MAGIC = (
    (b"\x89PNG", "image (PNG)"), (b"\xff\xd8\xff", "image (JPEG)"), (b"GIF8", "image (GIF)"),
    (b"II*\x00", "image (TIFF)"), (b"MM\x00*", "image (TIFF)"), (b"RIFF", "media file"),
    (b"\xd0\xcf\x11\xe0", "old Office file (.doc/.xls): save it as .docx or PDF"),
    (b"{\\rtf", "RTF document: save it as .docx or PDF"), (b"\x1f\x8b", "gzip archive"),
    (b"7z\xbc\xaf", "7-Zip archive"), (b"Rar!", "RAR archive"), (b"\x7fELF", "program"),
    (b"OggS", "audio"), (b"ID3", "audio"), (b"\x00\x00\x00", "binary file"),
)  # fmt: skip
HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b",
    re.IGNORECASE | re.DOTALL,
)
DOCX_TYPES = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",)


@dataclass(frozen=True)
class Converted:
    text: str
    encoding: str
    format: str
    fallbacks: dict = field(default_factory=dict)


def convert(raw: bytes, *, name: str = "", content_type: str = "") -> Converted:
    """The notice text of one file or download, or BadDocument/Skipped with the reason."""
    from ingest.formats.encodings import charset_of

    kind = sniff(raw, name, content_type)
    if kind == "pdf":
        from ingest.formats.pdf import read_pdf

        return Converted(read_pdf(raw), "", "pdf")
    if kind == "docx":
        from ingest.formats.word import read_docx

        return Converted(read_docx(raw), "", "docx")
    if kind == "email":
        from ingest.formats.mail import read_email

        text, encoding, fallbacks = read_email(raw)
        return Converted(text, encoding, "email", fallbacks)
    if kind == "html":
        from ingest.formats.html import read_html

        text, encoding = read_html(raw, charset_of(content_type))
        return Converted(text, encoding, "html")
    text, encoding = decode(raw, charset_of(content_type))
    if HTML_START.match(text[:2000].encode("utf-8", "replace")):
        from ingest.formats.html import main_text

        return Converted(main_text(text), encoding, "html")
    return Converted(text, encoding, "text")


def sniff(raw: bytes, name: str, content_type: str) -> str:
    """pdf, docx, email, html or text; Skipped for a type that is never a notice."""
    head = raw[:4096]
    mime = content_type.split(";")[0].strip().lower()
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx" if is_docx(raw) else unsupported("ZIP archive or other Office file")
    for magic, label in MAGIC:
        if head.startswith(magic):
            return unsupported(label)
    if suffix in NOT_NOTICE_SUFFIXES and mime not in ("text/plain", "text/html"):
        return unsupported(suffix)
    if mime == "application/pdf" or mime in DOCX_TYPES:
        raise BadDocument(f"damaged file: served as {mime} but is not one")
    if mime in ("message/rfc822",) or suffix == ".eml" or looks_like_email(head):
        return "email"
    if mime in ("text/html", "application/xhtml+xml") or suffix in HTML_SUFFIXES:
        return "html"
    if HTML_START.match(head):
        return "html"
    if mime.startswith(("image/", "audio/", "video/", "font/")) or mime in (
        "application/zip",
        "application/octet-stream",
        "application/javascript",
        "text/css",
    ):
        return unsupported(mime)
    return "text"


def looks_like_email(head: bytes) -> bool:
    from ingest.formats.mail import looks_like_email

    return looks_like_email(head)


def is_docx(raw: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return False


def unsupported(what: str):
    raise Skipped(f"unsupported type: {what}")
