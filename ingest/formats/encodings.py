"""Bytes to text for Japanese notices: UTF-8 (BOM or not), UTF-16, CP932, EUC-JP, ISO-2022-JP.

Each candidate is decoded strictly and the one that reads most like Japanese wins. Shift_JIS is
always decoded as CP932, which adds the circled digits and ～ that real notices use; EUC-JP and
ISO-2022-JP are read with the Microsoft extensions too (cp51932/eucjp-ms, cp50220), which put
the same NEC row-13 characters (①, Ⅰ, ㈱) and IBM kanji at the same JIS codes.
"""

import codecs
import re

from ingest.formats.errors import BadDocument

# Runs of them: counting the characters of a few hundred runs is ten times faster than making
# a string of each of thousands of characters.
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\u3000-\u303f\uff01-\uff5e]+")
HIRAGANA = re.compile(r"[\u3040-\u309f]+")


def count(runs: re.Pattern, text: str) -> int:
    """How many characters of `text` the character class of `runs` matches."""
    return sum(map(len, runs.findall(text)))


# Controls that never occur in a text notice (tab, newline, carriage return, form feed excluded).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]")
ISO_2022_JP_ESCAPES = (b"\x1b$B", b"\x1b$@", b"\x1b(J", b"\x1b(I")

# Charset labels as written in <meta charset>, Content-Type or MIME headers, to our decoders.
LABELS = {
    "utf-8": "utf-8", "utf8": "utf-8", "unicode-1-1-utf-8": "utf-8",
    "shift_jis": "cp932", "shift-jis": "cp932", "sjis": "cp932", "x-sjis": "cp932",
    "ms_kanji": "cp932", "windows-31j": "cp932", "cp932": "cp932", "ms932": "cp932",
    "csshiftjis": "cp932", "x-ms-cp932": "cp932",
    "euc-jp": "euc_jp", "eucjp": "euc_jp", "x-euc-jp": "euc_jp", "cp51932": "euc_jp",
    "eucjp-ms": "euc_jp", "eucjp-win": "euc_jp", "euc-jp-ms": "euc_jp",
    "iso-2022-jp": "iso2022_jp_ext", "csiso2022jp": "iso2022_jp_ext", "cp50220": "iso2022_jp_ext",
    "cp50221": "iso2022_jp_ext", "cp50222": "iso2022_jp_ext", "iso-2022-jp-ms": "iso2022_jp_ext",
    "utf-16": "utf-16", "utf-16le": "utf-16-le", "utf-16be": "utf-16-be",
}  # fmt: skip
NAMES = {"euc_jp": "euc_jp", "iso2022_jp_ext": "iso-2022-jp", "cp932": "cp932", "utf-8": "utf-8"}


def jis_to_cp932(exc: UnicodeDecodeError) -> tuple[str, int]:
    """Decode error handler: a JIS X 0208 code the strict codec lacks, read as CP932 has it.

    EUC-JP (bytes 0xA1-0xFE) and ISO-2022-JP (bytes 0x21-0x7E) carry the same row and column;
    CP932 defines rows 13 and 89-92 where JIS X 0208 leaves them empty.
    """
    pair = exc.object[exc.start : exc.start + 2]
    if len(pair) == 2:
        row, col = (pair[0] & 0x7F) - 0x20, (pair[1] & 0x7F) - 0x20
        if 1 <= row <= 94 and 1 <= col <= 94 and (pair[0] >= 0x80) == (pair[1] >= 0x80):
            lead = (row + 1) // 2 + (0x80 if row <= 62 else 0xC0)
            trail = col + 0x9E if row % 2 == 0 else col + (0x3F if col <= 63 else 0x40)
            try:
                return bytes([lead, trail]).decode("cp932"), exc.start + 2
            except UnicodeDecodeError:
                pass
    raise exc


codecs.register_error("jis_to_cp932", jis_to_cp932)


def strict(raw: bytes, encoding: str) -> str | None:
    errors = "jis_to_cp932" if encoding in ("euc_jp", "iso2022_jp_ext") else "strict"
    try:
        return raw.decode(encoding, errors)
    except (UnicodeDecodeError, LookupError):
        return None


def bad_encoding():
    raise BadDocument("cannot decode as UTF-8, UTF-16, Shift_JIS/CP932, EUC-JP or ISO-2022-JP")


def decode(raw: bytes, declared: str | None = None) -> tuple[str, str]:
    """(text, encoding name); `declared` (a charset label from the file or the server) wins when
    it decodes cleanly, since detection can only guess."""
    if not raw.strip():
        raise BadDocument("file is empty")
    if raw.startswith(b"\xef\xbb\xbf"):
        return checked(strict(raw[3:], "utf-8") or bad_encoding()), "utf-8-sig"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = strict(raw, "utf-16")
        # Two bytes that look like a BOM can start CP932 or random bytes too.
        if text is not None and plausible_share(text) >= 0.9:
            return checked(text), "utf-16"
    codec = LABELS.get((declared or "").strip().lower())
    if codec:
        text = strict(raw, codec)
        if text is not None and not CONTROL.search(text):
            return text, NAMES.get(codec, codec)
    if b"\x00" in raw:
        found = utf16_without_bom(raw)
        if found is None:
            raise BadDocument("binary file (contains NUL bytes), not a text notice")
        return found
    if any(escape in raw for escape in ISO_2022_JP_ESCAPES):
        return checked(strict(raw, "iso2022_jp_ext") or bad_encoding()), "iso-2022-jp"
    candidates = []
    for encoding in ("utf-8", "cp932", "euc_jp"):
        text = strict(raw, encoding)
        if text is not None:
            candidates.append((japanese_score(text), -len(candidates), text, encoding))
    if not candidates:
        bad_encoding()
    *_, text, encoding = max(candidates)
    return checked(text), encoding


def checked(text: str) -> str:
    if CONTROL.search(text):
        raise BadDocument("binary file (contains control bytes), not a text notice")
    return text


def utf16_without_bom(raw: bytes) -> tuple[str, str] | None:
    """UTF-16 text saved without a byte order mark: NULs in every other byte of ASCII."""
    if len(raw) % 2:
        return None
    best = None
    for encoding in ("utf-16-le", "utf-16-be"):
        text = strict(raw, encoding)
        if text is None or CONTROL.search(text):
            continue
        score = plausible_share(text)
        if score >= 0.9 and (best is None or score > best[0]):
            best = (score, text, encoding)
    return (best[1], best[2]) if best else None


def japanese_score(text: str) -> float:
    # Mis-decoded Japanese turns into half-width katakana and rare kanji; the right decoding has
    # the most hiragana, which carries every sentence's grammar.
    return count(HIRAGANA, text) + 0.1 * count(JAPANESE, text)


def plausible_share(text: str) -> float:
    """The share of characters that a Japanese notice is made of."""
    plausible = count(JAPANESE, text) + sum(
        1 for ch in text if ch.isspace() or (ch.isascii() and ch.isprintable())
    )
    return plausible / max(1, len(text))


def charset_of(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type value, if any."""
    match = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type or "", re.IGNORECASE)
    return match.group(1) if match else None
