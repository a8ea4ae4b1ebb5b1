"""Reading notice files: encoding detection, HTML to text, sidecar metadata. No Django here.

Japanese notices come as UTF-8 (with or without BOM), Shift_JIS/CP932, EUC-JP or ISO-2022-JP.
Each candidate is decoded strictly and the one that reads most like Japanese wins; Shift_JIS
is always decoded as CP932, which adds the circled digits and ～ that real notices use.
"""

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

SUFFIXES = (".txt", ".html", ".htm")
MAX_BYTES = 5_000_000
SIDECAR_KEYS = ("source_url", "published_on", "organization")
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\u3000-\u303f\uff01-\uff5e]")
# Controls that never occur in a text notice (tab, newline, carriage return, form feed excluded).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]")


class BadDocument(Exception):
    """A file that cannot be imported; the message is the one-line reason shown to the user."""


@dataclass(frozen=True)
class Document:
    path: Path
    text: str
    encoding: str
    content_hash: str
    source_url: str = ""
    published_on: str | None = None
    organization: str | None = None


def read_document(path: Path) -> Document:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise BadDocument(f"cannot read file: {exc.strerror or exc}") from None
    if len(raw) > MAX_BYTES:
        raise BadDocument(f"file is larger than {MAX_BYTES // 1_000_000} MB")
    text, encoding = decode(raw)
    if path.suffix.lower() in (".html", ".htm"):
        text = html_to_text(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    if not text.strip():
        raise BadDocument("file has no text" if raw.strip() else "file is empty")
    meta = read_sidecar(path)
    return Document(
        path=path,
        text=text,
        encoding=encoding,
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        **meta,
    )


def decode(raw: bytes) -> tuple[str, str]:
    if not raw.strip():
        raise BadDocument("file is empty")
    if raw.startswith(b"\xef\xbb\xbf"):
        return strict(raw[3:], "utf-8") or bad_encoding(), "utf-8-sig"
    if b"\x00" in raw:
        raise BadDocument("binary file (contains NUL bytes), not a text notice")
    if b"\x1b$B" in raw or b"\x1b$@" in raw or b"\x1b(J" in raw:
        return strict(raw, "iso2022_jp_ext") or bad_encoding(), "iso-2022-jp"
    candidates = []
    for encoding in ("utf-8", "cp932", "euc_jp"):
        text = strict(raw, encoding)
        if text is not None:
            candidates.append((japanese_score(text), -len(candidates), text, encoding))
    if not candidates:
        bad_encoding()
    *_, text, encoding = max(candidates)
    if CONTROL.search(text):
        raise BadDocument("binary file (contains control bytes), not a text notice")
    return text, encoding


def strict(raw: bytes, encoding: str) -> str | None:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        return None


def bad_encoding():
    raise BadDocument("cannot decode as UTF-8, Shift_JIS/CP932, EUC-JP or ISO-2022-JP")


def japanese_score(text: str) -> float:
    # Mis-decoded Japanese turns into half-width katakana and rare kanji; the right decoding has
    # the most hiragana, which carries every sentence's grammar.
    hiragana = sum(1 for ch in text if "\u3040" <= ch <= "\u309f")
    return hiragana + 0.1 * len(JAPANESE.findall(text))


class _TextExtractor(HTMLParser):
    BLOCKS = {
        "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6",
        "section", "article", "table", "ul", "ol", "dd", "dt", "header", "footer", "pre",
    }  # fmt: skip
    SKIP = {"script", "style", "noscript", "template", "head"}

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
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    lines = (
        re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in "".join(parser.parts).split("\n")
    )
    return "\n".join(line for line in lines if line)


def read_sidecar(path: Path) -> dict:
    sidecar = path.with_suffix(".json")
    if not sidecar.exists():
        return {}
    try:
        data = json.loads(sidecar.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadDocument(f"sidecar {sidecar.name} is not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise BadDocument(f"sidecar {sidecar.name} must hold a JSON object")
    meta = {k: data[k] for k in SIDECAR_KEYS if data.get(k) not in (None, "")}
    for key, value in meta.items():
        if not isinstance(value, str):
            raise BadDocument(f"sidecar {sidecar.name}: {key} must be a string")
    if "published_on" in meta:
        try:
            dt.date.fromisoformat(meta["published_on"])
        except ValueError:
            raise BadDocument(
                f"sidecar {sidecar.name}: published_on must be YYYY-MM-DD, "
                f"not {meta['published_on']!r}"
            ) from None
    if "source_url" in meta and not re.match(r"https?://\S+$", meta["source_url"]):
        raise BadDocument(f"sidecar {sidecar.name}: source_url must be an http(s) URL")
    return meta


def iter_files(paths: list[Path]):
    """Each notice file under `paths`, in a stable order; yields (path, None) or (path, reason)."""
    for path in paths:
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
            )
            yield from ((p, None) for p in found)
        elif path.is_file():
            yield path, None
        else:
            yield path, "no such file or folder"
