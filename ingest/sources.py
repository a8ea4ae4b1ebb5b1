"""Where notices come from: files, folders and URLs, turned into `Document`s. No Django here.

`ingest.formats` turns each published form (text in any Japanese encoding or UTF-16, HTML, PDF,
e-mail, Word) into the notice's main text. Here: size limits before anything is read, folder
walks that account for every file, sidecar metadata, and the two checks that keep junk out of
the catalogue (mis-decoded text; no breach vocabulary at all).
"""

import datetime as dt
import errno
import hashlib
import json
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ingest.formats import HTML_SUFFIXES, NOT_NOTICE_SUFFIXES, convert
from ingest.formats.errors import BadDocument, Skipped

MAX_BYTES = 5_000_000
SIDECAR_KEYS = ("source_url", "published_on", "organization")
URL = re.compile(r"https?://\S+$", re.IGNORECASE)
# Leak or intrusion words, and card or personal-data words: a notice has at least one of each.
LEAK_WORDS = re.compile(
    r"流出|漏え?い|漏洩|漏れ|不正アクセス|不正ログイン|不正利用|不正に取得|改ざん|改竄|窃取|盗ま|"
    r"侵害|侵入|サイバー攻撃|マルウェア|ランサムウェア|ウイルス|インシデント|被害"
)
DATA_WORDS = re.compile(
    r"クレジットカード|カード情報|カード番号|カード会員|個人情報|お客様情報|お客さま情報|顧客情報|"
    r"会員情報|利用者情報|氏名|住所|電話番号|メールアドレス|セキュリティコード|有効期限|パスワード"
)
# U+FFFD and C1 controls are what text decoded with the wrong charset is made of.
GARBLE = re.compile(r"[\ufffd\x80-\x9f]")
GARBLE_SHARE = 0.005
LOCK_FILE = re.compile(r"^(?:~\$.*|\.~lock\..*#|.*~|.*\.(?:lock|tmp|swp|part|crdownload))$")
MISDECODED = "looks mis-decoded"
# Of two files sharing one sidecar, the one imported: the form the notice was published in
# before a text copy of it.
PREFERRED_FORMS = (*HTML_SUFFIXES, ".pdf", ".docx", ".eml", ".txt")


@dataclass(frozen=True)
class Document:
    path: Path | None
    text: str
    encoding: str
    content_hash: str
    source_url: str = ""
    published_on: str | None = None
    organization: str | None = None
    format: str = "text"
    # From e-mail headers: used only where the text itself gives no value.
    fallbacks: dict = field(default_factory=dict)
    flags: tuple[str, ...] = ()
    etag: str = ""
    last_modified: str = ""


def read_document(path: Path, *, force: bool = False) -> Document:
    raw = read_capped(path)
    meta = read_sidecar(path)
    return document_from_bytes(raw, name=path.name, path=path, force=force, **meta)


def read_url(
    url: str, *, force: bool = False, etag: str = "", last_modified: str = ""
) -> Document | None:
    """The notice at `url`, or None when the server says it has not changed since the fetch
    that gave `etag`/`last_modified`."""
    from urllib.parse import urlsplit

    from ingest.fetch import fetch

    fetched = fetch(url, etag=etag, last_modified=last_modified, max_bytes=MAX_BYTES)
    if fetched is None:
        return None
    return document_from_bytes(
        fetched.body,
        name=urlsplit(fetched.url).path.rsplit("/", 1)[-1],
        content_type=fetched.content_type,
        force=force,
        source_url=url,
        etag=fetched.etag,
        last_modified=fetched.last_modified,
    )


def document_from_bytes(
    raw: bytes,
    *,
    name: str,
    path: Path | None = None,
    content_type: str = "",
    force: bool = False,
    **meta,
) -> Document:
    converted = convert(raw, name=name, content_type=content_type)
    text = tidy(converted.text)
    if not text.strip():
        raise BadDocument("file has no text" if raw.strip() else "file is empty")
    flags = check_notice(text, force=force)
    return Document(
        path=path,
        text=text,
        encoding=converted.encoding,
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        format=converted.format,
        fallbacks=converted.fallbacks,
        flags=flags,
        **meta,
    )


def read_capped(path: Path) -> bytes:
    """The file's bytes; its size is checked before anything is read."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise Skipped(f"not a regular file ({file_kind(info.st_mode)})")
        if info.st_size > MAX_BYTES:
            raise BadDocument(f"file is larger than {MAX_BYTES // 1_000_000} MB")
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise BadDocument(f"cannot read file: {exc.strerror or exc}") from None
    if len(raw) > MAX_BYTES:  # it grew while we looked
        raise BadDocument(f"file is larger than {MAX_BYTES // 1_000_000} MB")
    return raw


def tidy(text: str) -> str:
    # Exactly what earlier imports stored, so a re-run finds the same content hash.
    return text.replace("\r\n", "\n").replace("\r", "\n").strip("\n")


def check_notice(text: str, *, force: bool = False) -> tuple[str, ...]:
    """Refuse text that is garbled or is no breach notice at all; with `force`, import it
    flagged instead (a flagged notice goes to the review queue)."""
    garbled = len(GARBLE.findall(text))
    if garbled >= 3 and garbled > GARBLE_SHARE * len(text):
        if not force:
            raise BadDocument(
                f"{MISDECODED}: {garbled} replacement or control characters "
                "(wrong charset?); --force imports it for review"
            )
        return (MISDECODED,)
    if not (LEAK_WORDS.search(text) and DATA_WORDS.search(text)):
        if not force:
            raise Skipped(
                "not a notice: no breach vocabulary (leak or unauthorised-access words and "
                "card or personal-data words); --force imports it"
            )
        return ("not a notice",)
    return ()


def read_sidecar(path: Path) -> dict:
    sidecar = path.with_suffix(".json")
    if not sidecar.is_file() or sidecar == path:
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
    if "source_url" in meta and not URL.match(meta["source_url"]):
        raise BadDocument(f"sidecar {sidecar.name}: source_url must be an http(s) URL")
    return meta


SKIPPED, FAILED = "skipped", "failed"


def as_sources(args: list[str]) -> list[Path | str]:
    """Command-line arguments: http(s) URLs stay strings, everything else is a path."""
    return [arg if URL.match(arg) else Path(arg) for arg in args]


def read_url_list(path: Path) -> list[str]:
    """The URLs of a `--urls` file: one per line; blank lines and # comments ignored."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise BadDocument(f"--urls {path}: cannot read: {exc}") from None
    urls = []
    for number, line in enumerate(lines, 1):
        line = line.strip()
        if line and not line.startswith("#"):
            if not URL.match(line):
                raise BadDocument(f"--urls {path} line {number}: not an http(s) URL: {line}")
            urls.append(line)
    return urls


def iter_sources(sources: list) -> Iterator[tuple[Path | str, str, str]]:
    """(source, outcome, reason) for every file under `sources` (paths or URLs), in a stable
    order: outcome "" to import it, or "skipped"/"failed" with the reason. Every file found is
    yielded, so a summary can account for each."""
    entries = list(found_sources(sources))
    paths = [source for source, outcome, _ in entries if not outcome and isinstance(source, Path)]
    duplicates = sharing_a_sidecar(paths)
    for source, outcome, reason in entries:
        if source in duplicates and not outcome:
            yield source, SKIPPED, duplicates[source]
        else:
            yield source, outcome, reason


def sharing_a_sidecar(paths: list[Path]) -> dict[Path, str]:
    """The files left out because another form of the same notice is imported, with why.

    `n.txt` and `n.html` beside one `n.json` are one notice in two forms: imported both, they
    would take turns being the notice's text (one sidecar URL, one source) and every run would
    store a new revision. The published form is kept, in the order of `PREFERRED_FORMS`."""
    groups: dict[Path, list[Path]] = {}
    for path in paths:
        sidecar = path.with_suffix(".json")
        if sidecar != path and sidecar.is_file():
            groups.setdefault(sidecar.resolve(), []).append(path)
    left_out = {}
    for sidecar, group in groups.items():
        kept, *others = sorted(group, key=form_rank)
        for other in others:
            left_out[other] = (
                f"same sidecar {sidecar.name} as {kept.name}, which is imported instead "
                "(one notice in two forms)"
            )
    return left_out


def form_rank(path: Path) -> tuple[int, str]:
    suffix = path.suffix.lower()
    rank = PREFERRED_FORMS.index(suffix) if suffix in PREFERRED_FORMS else len(PREFERRED_FORMS)
    return rank, path.name


def found_sources(sources: list) -> Iterator[tuple[Path | str, str, str]]:
    seen: set[tuple[int, int]] = set()
    for source in sources:
        if isinstance(source, str) and URL.match(source):
            yield source, "", ""
            continue
        path = Path(source)
        try:
            info = path.stat()
        except OSError as exc:
            if path.is_symlink():
                yield path, SKIPPED, link_problem(exc)
            else:
                yield path, FAILED, "no such file or folder"
            continue
        if stat.S_ISDIR(info.st_mode):
            yield from walk(path, seen)
        else:
            yield path, *file_verdict(path, info, named=True)


def walk(folder: Path, seen: set[tuple[int, int]]) -> Iterator[tuple[Path, str, str]]:
    info = folder.stat()
    if (info.st_dev, info.st_ino) in seen:
        yield folder, SKIPPED, "symlink loop (folder already visited)"
        return
    seen.add((info.st_dev, info.st_ino))
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as exc:
        yield folder, FAILED, f"cannot read folder: {exc.strerror or exc}"
        return
    names = {entry.name for entry in entries}
    for entry in entries:
        path = Path(entry.path)
        if entry.name.startswith("."):
            kind = "folder" if entry.is_dir() else "file"
            yield path, SKIPPED, f"hidden {kind}"
            continue
        try:
            info = path.stat()
        except OSError as exc:
            yield path, SKIPPED, link_problem(exc)
            continue
        if stat.S_ISDIR(info.st_mode):
            yield from walk(path, seen)
        elif path.suffix.lower() == ".json" and any(
            name != entry.name and name.rsplit(".", 1)[0] == path.stem for name in names
        ):
            yield path, SKIPPED, "sidecar metadata (read with its notice)"
        else:
            yield path, *file_verdict(path, info, named=False)


def file_verdict(path: Path, info: os.stat_result, *, named: bool) -> tuple[str, str]:
    if not stat.S_ISREG(info.st_mode):
        return SKIPPED, f"not a regular file ({file_kind(info.st_mode)})"
    if LOCK_FILE.match(path.name):
        return SKIPPED, "lock or temporary file"
    if not named and path.suffix.lower() in NOT_NOTICE_SUFFIXES:
        return SKIPPED, f"unsupported type: {path.suffix.lower()}"
    return "", ""


def link_problem(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symlink loop"
    return "broken symlink"


def file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "FIFO"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "folder" if stat.S_ISDIR(mode) else "special file"
