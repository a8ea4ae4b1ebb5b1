"""E-mail (.eml) notices to text with the standard `email` package.

Headers never become notice text: the recipient's address and the relays would be published.
The body is the text/plain part when there is one (multipart/alternative), else the HTML part;
base64 and quoted-printable are undone and the part's charset is honoured. `Date` and `From`
are kept apart, as fallbacks for `published_on` and `organization`.
"""

import email
import email.header
import email.policy
import email.utils
import re

from ingest.formats.encodings import decode
from ingest.formats.errors import BadDocument, Skipped
from ingest.formats.html import main_text

LEGAL_FORM = re.compile(r"株式会社|有限会社|合同会社|（株）|\(株\)|㈱|法人")
HEADER_NAMES = (
    b"from:", b"to:", b"subject:", b"date:", b"received:", b"return-path:", b"mime-version:",
    b"message-id:", b"delivered-to:", b"reply-to:", b"content-type:", b"x-", b"dkim-signature:",
    b"arc-", b"authentication-results:", b"sender:", b"cc:",
)  # fmt: skip


def looks_like_email(head: bytes) -> bool:
    """Starts with a block of RFC 5322 headers, at least two of them well known."""
    lines = head.replace(b"\r\n", b"\n").split(b"\n\n", 1)[0].split(b"\n")[:60]
    known = sum(1 for line in lines if line.lower().startswith(HEADER_NAMES))
    return known >= 2 and lines[0].lower().startswith(HEADER_NAMES)


def read_email(raw: bytes) -> tuple[str, str, dict]:
    """(text, encoding, fallbacks) of an e-mail's body."""
    message = email.message_from_bytes(raw, policy=email.policy.compat32)
    part = body_part(message)
    if part is None:
        raise Skipped("not a notice: the e-mail has no text part")
    payload = part.get_payload(decode=True) or b""
    if not payload.strip():
        raise Skipped("not a notice: the e-mail is empty")
    try:
        text, encoding = decode(payload, part.get_content_charset())
    except BadDocument as exc:
        raise BadDocument(f"e-mail body: {exc}") from None
    if part.get_content_type() == "text/html":
        text = main_text(text)
    return text, encoding, fallbacks(message)


def body_part(message):
    """The text/plain part, else text/html; attachments are never the body."""
    found = {}
    for part in message.walk():
        if part.is_multipart() or part.get_filename():
            continue
        if part.get("Content-Disposition", "").lower().startswith("attachment"):
            continue
        found.setdefault(part.get_content_type(), part)
    return found.get("text/plain") or found.get("text/html")


def fallbacks(message) -> dict:
    values = {}
    try:
        sent = email.utils.parsedate_to_datetime(message.get("Date", ""))
    except (TypeError, ValueError):
        sent = None
    if sent:
        values["published_on"] = sent.date().isoformat()
    name, _ = email.utils.parseaddr(header_text(message.get("From", "")))
    # 「株式会社サンプル お客様窓口」: the organisation, without its department.
    words = name.replace("\u3000", " ").split()
    legal = [word for word in words if LEGAL_FORM.search(word)]
    if legal or words:
        values["organization"] = legal[0] if legal else " ".join(words)
    return values


def header_text(value: str) -> str:
    """A header with its =?ISO-2022-JP?B?…?= words decoded."""
    try:
        parts = email.header.decode_header(value)
    except (ValueError, LookupError):
        return value
    out = []
    for chunk, charset in parts:
        if isinstance(chunk, bytes):
            try:
                chunk = decode(chunk, charset)[0]
            except BadDocument:
                chunk = chunk.decode("ascii", "replace")
        out.append(chunk)
    return "".join(out)
