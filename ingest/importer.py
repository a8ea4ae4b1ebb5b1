"""The one write path from notice files into the catalogue.

Each document is imported in its own transaction under an advisory lock on its source, so a bad
file loses nothing and two imports running at once cannot duplicate a disclosure. Extraction runs
again only when the text or the extractor changed; corrections are separate rows and survive.
"""

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache, partial
from pathlib import Path
from typing import NamedTuple

from django.db import DataError, connection, transaction
from django.db.models import F, Q
from django.db.models.fields.json import KT

from breaches.models import Disclosure, FirmAlias, Incident, Revision, organization_key
from ingest.extract import FIELDS, extract_with_terms
from ingest.extract.version import extractor_version
from ingest.formats.errors import BadDocument, Skipped
from ingest.sources import (
    FAILED,
    SKIPPED,
    Document,
    document_from_bytes,
    iter_sources,
    read_capped,
    read_sidecar,
    read_url,
)

NEW, UPDATED, UNCHANGED = "new", "updated", "unchanged"


class Result(NamedTuple):
    outcome: str
    reason: str = ""
    content_hash: str = ""


@dataclass
class Summary:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    failed: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    skips: list[tuple[str, str]] = field(default_factory=list)
    interrupted: bool = False

    def add(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)

    def record(self, source, result: Result) -> None:
        self.add(result.outcome)
        if result.outcome == FAILED:
            self.failures.append((str(source), result.reason))
        elif result.outcome == SKIPPED:
            self.skips.append((str(source), result.reason))

    def line(self) -> str:
        return (
            f"{self.new} new, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.skipped} skipped, {self.failed} failed"
        )


def import_paths(
    paths: Iterable[Path | str],
    *,
    dry_run: bool = False,
    progress: Callable[[int, int, Path | str], None] | None = None,
    jobs: int = 1,
    force: bool = False,
    shard: tuple[int, int] | None = None,
) -> Summary:
    """Import every notice under `paths` (files, folders, http(s) URLs); `jobs` > 1 extracts in
    that many processes, one process reads and extracts the next files while it writes one
    (`imported_ahead`); `shard` (i, n) takes only the i-th of n parts of the files (see
    `in_shard`). Every file found ends up in exactly one count of the summary."""
    summary = Summary()
    entries = list(iter_sources(list(paths)))
    if shard:
        # A missing argument or an unreadable folder is every shard's failure; files are split.
        entries = [e for e in entries if e[1] == FAILED or in_shard(e[0], shard)]
    for source, outcome, reason in entries:
        if outcome:
            summary.record(source, Result(outcome, reason))
    todo = [source for source, outcome, _ in entries if not outcome]
    unchanged = unchanged_files([source for source in todo if isinstance(source, Path)], force)
    for source in unchanged:
        summary.record(source, Result(UNCHANGED))
    todo = [source for source in todo if source not in unchanged]
    aliases = FirmAlias.table() if todo else {}
    options = {"aliases": aliases, "dry_run": dry_run, "force": force}
    if jobs > 1 and len(todo) > 1:
        results = imported_in_processes(todo, options, jobs)
    else:
        results = imported_ahead(todo, options)
    # A dry run rolls each file back, so a second copy of a text would look new again; a real
    # run finds the first copy and calls the second unchanged. Count as the real run would.
    counted_new: set[str] = set()
    try:
        for n, (source, result) in enumerate(results, 1):
            if progress:
                progress(n, len(todo), source)
            if dry_run and result.outcome == NEW:
                if result.content_hash in counted_new:
                    result = result._replace(outcome=UNCHANGED)
                counted_new.add(result.content_hash)
            summary.record(source, result)
    except KeyboardInterrupt:
        # Each file is its own transaction: what was imported stays, nothing is half-written.
        summary.interrupted = True
    return summary


def in_shard(source: Path | str, shard: tuple[int, int]) -> bool:
    """Whether `source` is in part i of n: by a hash of its path (resolved) or URL, so that n
    commands given the same paths on n machines split the files between them, whatever order
    each one finds them in."""
    index, count = shard
    digest = hashlib.sha256(shard_key(source).encode()).digest()
    return int.from_bytes(digest[:8], "big") % count == index


def shard_key(source: Path | str) -> str:
    if isinstance(source, str):
        return source
    try:
        return str(source.resolve())
    except (OSError, RuntimeError):  # a symlink loop
        return str(source.absolute())


def unchanged_files(paths: list[Path], force: bool) -> set[Path]:
    """The files whose bytes are those their stored notice was read from, by this reader and
    extracted by this extractor: nothing to decode, lock or extract. One query per thousand
    files; a file is read and hashed, never decoded."""
    keys = {}
    for path in paths:
        try:
            keys[path] = read_sidecar(path).get("source_url") or str(path.resolve())
        except (BadDocument, OSError, RuntimeError):
            continue  # imported (and reported) the usual way
    stored = {}
    wanted = sorted(set(keys.values()))
    for start in range(0, len(wanted), 1000):
        batch = wanted[start : start + 1000]
        rows = Disclosure.objects.filter(source_key__in=batch).values_list(
            "source_key", KT("extraction___version"), KT("extraction___file"),
            KT("extraction___flags"),
        )  # fmt: skip
        for key, version, file, flags in rows:
            # A notice imported with --force is read again without it: it is refused again.
            if version == extractor_version() and file and (force or not flags):
                stored[key] = file
    unchanged = set()
    for path, key in keys.items():
        if key not in stored:
            continue
        try:
            raw = read_capped(path)
        except (BadDocument, Skipped):
            continue
        if file_fingerprint(raw) == stored[key]:
            unchanged.add(path)
    return unchanged


@cache
def reader_version() -> str:
    """A fingerprint of the code that turns a file's bytes into notice text: when it changes,
    files are read again even though their bytes did not."""
    digest = hashlib.sha256()
    here = Path(__file__).parent
    for path in sorted([here / "sources.py", *(here / "formats").glob("*.py")]):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def file_fingerprint(raw: bytes) -> str:
    return f"{reader_version()}:{hashlib.sha256(raw).hexdigest()}"


def imported_in_processes(todo: list, options: dict, jobs: int):
    """(source, Result) as worker processes finish them, in any order."""
    from multiprocessing import get_context

    from django.db import connections

    from ingest.extract.tokens import dictionary

    # A forked child must not share the parent's database socket: close it, each opens its own.
    connections.close_all()
    # Loaded once here, the dictionary is shared by every child instead of loaded in each (each
    # makes its own tokenizer over it).
    dictionary()
    # One file at a time: files go out in the order found (a first notice before its 第2報)
    # and no process is left working through a chunk alone at the end.
    with get_context("fork").Pool(jobs, initializer=_start_worker, initargs=(options,)) as pool:
        yield from pool.imap_unordered(_import_in_worker, todo, chunksize=1)


LOOKAHEAD = 2  # files read and extracted ahead of the one being written


def imported_ahead(todo: list, options: dict):
    """(source, Result) in order, from one process: while a notice is written, the next files
    are read and extracted in a thread (`read_ahead`), so that extraction goes on during the
    database's share of the work instead of waiting for it. URLs are fetched in their turn."""
    reader = ThreadPoolExecutor(1, thread_name_prefix="ingest-reader")
    aliases, force = options["aliases"], options["force"]
    pending: dict[int, Future] = {}

    def ahead(i: int) -> None:
        if i < len(todo) and isinstance(todo[i], Path):
            pending[i] = reader.submit(read_ahead, todo[i], aliases=aliases, force=force)

    try:
        for i in range(LOOKAHEAD):
            ahead(i)
        for i, source in enumerate(todo):
            ahead(i + LOOKAHEAD)
            yield source, import_one(source, ahead=pending.pop(i, None), **options)
    finally:
        # Interrupted: the file being extracted is finished, none of the others is started, and
        # no thread is left behind (a fork later, --jobs, must not copy one).
        reader.shutdown(cancel_futures=True)


@dataclass(frozen=True)
class Ahead:
    """A file read and extracted ahead of its turn: its errors are raised when its turn comes,
    a reading error at once and an extraction error only where the import extracts."""

    document: Document
    fingerprint: str
    analysis: tuple[dict, tuple[str, ...]] | None = None
    error: Exception | None = None

    def analysed(self) -> tuple[dict, tuple[str, ...]]:
        if self.error is not None:
            raise self.error
        assert self.analysis is not None
        return self.analysis


def read_ahead(path: Path, *, aliases: dict[str, str], force: bool) -> Ahead:
    """What `import_file` reads and extracts from `path` first, without the database."""
    document, fingerprint = read_file(path, force=force)
    try:
        return Ahead(document, fingerprint, analyse(document, aliases, fingerprint))
    except Exception as exc:  # noqa: BLE001 - raised in the file's turn (Ahead.analysed)
        return Ahead(document, fingerprint, error=exc)


_worker: dict = {}


def _start_worker(options: dict) -> None:
    _worker.update(options)


def _import_in_worker(source: Path | str) -> tuple[Path | str, Result]:
    return source, import_one(source, **_worker)


def import_one(
    source: Path | str,
    *,
    aliases: dict[str, str],
    dry_run: bool,
    force: bool = False,
    ahead: Future | None = None,
) -> Result:
    """What happened to one file or URL; never raises for a bad or odd source. `ahead`: the
    file read and extracted beforehand (`read_ahead`), when it was."""
    try:
        return import_file(source, aliases=aliases, dry_run=dry_run, force=force, ahead=ahead)
    except Skipped as exc:
        return Result(SKIPPED, str(exc))
    except BadDocument as exc:
        return Result(FAILED, str(exc))
    except DataError as exc:
        # An organisation of 400 characters, a 2,000-character URL: say what, not "internal".
        reason = str(exc).strip().splitlines()[0]
        return Result(FAILED, f"a value is too long or too large for the catalogue ({reason})")
    except Exception as exc:  # noqa: BLE001 - reported per file, the rest still import
        return Result(FAILED, f"internal error: {type(exc).__name__}: {exc}".splitlines()[0])


class DryRunRollback(Exception):
    pass


def import_file(
    source: Path | str,
    *,
    aliases: dict[str, str],
    dry_run: bool = False,
    force: bool = False,
    ahead: Future | None = None,
) -> Result:
    fingerprint, analysed = "", None
    if ahead is not None:
        read: Ahead = ahead.result()  # a file that could not be read raises here
        document, fingerprint, analysed = read.document, read.fingerprint, read.analysed
    elif isinstance(source, str):
        document = fetched_document(source, force=force)
        if document is None:
            return Result(UNCHANGED)
    else:
        document, fingerprint = read_file(source, force=force)
    # Only a transaction of its own commits without waiting: inside a caller's, the caller's
    # commit decides.
    own = not connection.in_atomic_block
    try:
        with transaction.atomic():
            if own:
                without_flush_wait()
            outcome = import_document(
                document, aliases=aliases, fingerprint=fingerprint, analysed=analysed
            )
            if dry_run:
                raise DryRunRollback(outcome)
    except DryRunRollback as rollback:
        outcome = rollback.args[0]
    return Result(outcome, "", document.content_hash)


def read_file(path: Path, *, force: bool) -> tuple[Document, str]:
    """The notice in a file, and the fingerprint of its bytes."""
    raw = read_capped(path)
    meta = read_sidecar(path)
    document = document_from_bytes(raw, name=path.name, path=path, force=force, **meta)
    return document, file_fingerprint(raw)


def without_flush_wait() -> None:
    """This notice's transaction commits without waiting for its WAL to reach the disk
    (synchronous_commit off, for this transaction only): a bulk import stops spending a disk
    flush per notice. A crash can lose the last moments of commits, never half of one (each
    notice is one transaction) and never anything else; the next run imports them again."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit TO off")


def fetched_document(url: str, *, force: bool) -> Document | None:
    """The notice at `url`; None when the server says it is unchanged since the stored fetch.
    After an extractor change the validators are left out, so the page is extracted again."""
    stored = Disclosure.objects.filter(source_key=url).values_list("extraction", flat=True)
    extraction = stored.first() or {}
    http = extraction.get("_http", {}) if extraction.get("_version") == extractor_version() else {}
    return read_url(url, force=force, **http)


def source_key(document: Document) -> str:
    return document.source_url or str(document.path.resolve() if document.path else "")


def lock(*keys: str) -> None:
    """Transaction-scoped advisory locks on `keys`, taken in the order given, in one statement."""
    numbers = [int.from_bytes(hashlib.sha256(k.encode()).digest()[:8], "big", signed=True)
               for k in keys]  # fmt: skip
    calls = ", ".join(["pg_advisory_xact_lock(%s)"] * len(numbers))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {calls}", numbers)


def import_document(
    document: Document,
    *,
    aliases: dict[str, str],
    fingerprint: str = "",
    analysed: Callable[[], tuple[dict, tuple[str, ...]]] | None = None,
) -> str:
    """`analysed`: the document's extraction and terms worked out beforehand (`read_ahead`);
    otherwise they are worked out here, when the notice needs them."""
    if analysed is None:
        analysed = partial(analyse, document, aliases, fingerprint)
    key = source_key(document)
    # The same text under another path (a moved or copied file) is the same disclosure: the
    # text is locked with the source, always in this order, and both are looked up at once.
    lock(key, f"text:{document.content_hash}")
    found = list(
        Disclosure.objects.filter(Q(source_key=key) | Q(content_hash=document.content_hash))
    )
    disclosure = next((d for d in found if d.source_key == key), None)
    if disclosure is None:
        if found:
            return UNCHANGED
        extraction, terms = analysed()
        disclosure = Disclosure(source_key=key)
        fill(disclosure, document, extraction, terms)
        incident, reason, candidates = find_incident(disclosure)
        if incident is None:
            # Written once, resolved, by resolve(): its id is taken now so that the notice can
            # point at it (the foreign key is checked at commit). The incident's row, and the
            # facet counts its trigger keeps, are then locked only at the very end.
            incident = Incident(pk=next_incident_id(), merge_candidates=candidates)
        note_grouping(incident, disclosure, reason)
        disclosure.incident = incident
        disclosure.save()
        for candidate in candidates:
            # Each side of a possible pair shows it in the review queue.
            other = Incident.objects.get(pk=candidate["incident"])
            other.merge_candidates = [
                *other.merge_candidates,
                {"incident": incident.pk, "reason": candidate["reason"]},
            ]
            other.save(update_fields=["merge_candidates"])
        # Writes the grouping reason too; a new incident is written here, once.
        incident.resolve(new_notice=disclosure if incident._state.adding else None)
        return NEW
    text_changed = disclosure.content_hash != document.content_hash
    if not text_changed and disclosure.extraction.get("_version") == extractor_version():
        remember_file(disclosure, fingerprint)
        return UNCHANGED
    extraction, terms = analysed()
    if not text_changed and extraction == disclosure.extraction:
        return UNCHANGED
    if text_changed:
        Revision.objects.create(
            disclosure=disclosure,
            number=disclosure.revision,
            content_hash=disclosure.content_hash,
            text=disclosure.text,
            extraction=disclosure.extraction,
        )
        disclosure.revision += 1
    fill(disclosure, document, extraction, terms)
    disclosure.save()
    disclosure.incident.resolve()
    return UPDATED


def next_incident_id() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id'))", [Incident._meta.db_table]
        )
        return cursor.fetchone()[0]


def remember_file(disclosure: Disclosure, fingerprint: str) -> None:
    """Keep the fingerprint of the bytes an unchanged text was read from (a file saved again
    with other line ends, or one imported before fingerprints were kept), so the next run finds
    it unchanged without reading it: the notice itself is untouched, its dates too."""
    if fingerprint and disclosure.extraction.get("_file") != fingerprint:
        disclosure.extraction = {**disclosure.extraction, "_file": fingerprint}
        Disclosure.objects.filter(pk=disclosure.pk).update(extraction=disclosure.extraction)


def reextract(disclosure: Disclosure, *, aliases: dict[str, str]) -> bool:
    """Extract a stored disclosure again (its corrections stay); True when anything changed."""
    stored = disclosure.extraction
    document = Document(
        path=Path(disclosure.source_path) if disclosure.source_path else None,
        text=disclosure.text,
        encoding=disclosure.encoding,
        content_hash=disclosure.content_hash,
        source_url=disclosure.source_url,
        fallbacks=stored.get("_fallbacks", {}),
        flags=tuple(stored.get("_flags", ())),
        **stored.get("_sidecar", {}),
        **stored.get("_http", {}),
    )
    extraction, terms = analyse(document, aliases, stored.get("_file", ""))
    if extraction == disclosure.extraction:
        return False
    fill(disclosure, document, extraction, terms)
    disclosure.save()
    disclosure.incident.resolve()
    return True


def analyse(
    document: Document, aliases: dict[str, str], fingerprint: str = ""
) -> tuple[dict, tuple[str, ...]]:
    """The extraction as stored (JSON, with where each value came from) and the search terms,
    from one Sudachi pass; `fingerprint` is that of the file's bytes, kept for the next run."""
    result, terms = extract_with_terms(document.text, firm_aliases=aliases)
    data = result.to_json()
    sidecar = {}
    for name in ("published_on", "organization"):
        value = getattr(document, name)
        if value:
            sidecar[name] = value
            data[name] = {"value": value, "spans": [], "confidence": 1.0, "source": "sidecar"}
    # E-mail Date/From: only where the notice's own text gives nothing.
    for name, value in document.fallbacks.items():
        if data.get(name, {}).get("value") in (None, ""):
            data[name] = {"value": value, "spans": [], "confidence": 0.5, "source": "header"}
    data["_version"] = extractor_version()
    if sidecar:
        data["_sidecar"] = sidecar
    if document.fallbacks:
        data["_fallbacks"] = dict(document.fallbacks)
    if document.flags:
        # Imported with --force: no value is trusted, so the incident goes to the review queue.
        data["_flags"] = list(document.flags)
        for name in FIELDS:
            data[name]["confidence"] = 0.0
    validators = {"etag": document.etag, "last_modified": document.last_modified}
    if any(validators.values()):
        data["_http"] = validators
    if fingerprint:
        data["_file"] = fingerprint
    return data, terms


def fill(disclosure: Disclosure, document: Document, extraction: dict, terms) -> None:
    disclosure.text = document.text
    disclosure.content_hash = document.content_hash
    disclosure.encoding = document.encoding
    disclosure.source_path = str(document.path) if document.path else ""
    disclosure.source_url = document.source_url
    disclosure.extraction = extraction
    disclosure.terms = " ".join(sorted(set(terms)))
    disclosure.sync_columns()


def find_incident(disclosure: Disclosure) -> tuple[Incident | None, str, list[dict]]:
    """The incident a new notice belongs to when it is clearly the same breach, and why; else
    the incidents it may belong to, each with the reason, for an editor to decide."""
    values = disclosure.effective_values()
    org = organization_key(values.get("organization"))
    sites = set(values.get("sites") or [])
    discovered = values.get("discovered_on")
    published = values.get("published_on")
    mention = (disclosure.extraction.get("_chain") or {}).get("refers_back")
    refers_back = (
        mention
        or values.get("report_stage") in ("update", "final")
        or (values.get("first_disclosed_on") and values.get("first_disclosed_on") != published)
    )
    # Two notices of one breach imported at once must not both start an incident.
    keys = sorted({f"org:{org}" if org else "", *(f"site:{s}" for s in sites)} - {""})
    if keys:
        lock(*keys)
    matches = Q(org_key=org) if org else Q(pk__in=[])
    if sites:
        matches |= Q(sites__overlap=sorted(sites))
    found = list(Incident.objects.filter(matches).order_by(F("first_disclosed_on").desc(
        nulls_last=True), "-id"))  # fmt: skip
    candidates = []
    for incident in found:
        same_org = org and incident.org_key == org
        who = f"organization {incident.organization}" if same_org else "site " + ", ".join(sites)
        if discovered and incident.discovered_on == dt.date.fromisoformat(discovered):
            return incident, f"same {who} and the same discovery date {discovered}", []
        if refers_back and not _later_than(incident, published):
            words = disclosure.text[slice(*mention["spans"][0])] if mention else ""
            why = f"「{words}」" if words else f"this notice ({values.get('report_stage')})"
            return incident, f"same {who}, and {why} refers to an earlier report", []
        if (
            published
            and incident.first_disclosed_on == dt.date.fromisoformat(published)
            and (incident.has_followup)
        ):
            return (
                incident,
                (f"same {who}, and its later notice names {published} as the first announcement"),
                [],
            )
        reason = f"same {who}" + (
            f", but discovered {incident.discovered_on} vs {discovered}"
            if discovered and incident.discovered_on
            else ", and no reference to an earlier notice"
        )
        candidates.append({"incident": incident.pk, "reason": reason})
    return None, "", candidates


def _later_than(incident: Incident, published: str | None) -> bool:
    """The incident was first disclosed after this notice: the notice cannot follow it."""
    return bool(
        published
        and incident.first_disclosed_on
        and incident.first_disclosed_on > dt.date.fromisoformat(published)
    )


def note_grouping(incident: Incident, disclosure: Disclosure, reason: str) -> None:
    """Why the notice is in this incident; saved with the incident (by resolve())."""
    name = disclosure.source_path.rsplit("/", 1)[-1] or disclosure.source_url
    line = f"{name}: {reason}" if reason else f"{name}: first notice of this incident"
    incident.grouping_reason = "\n".join(filter(None, [incident.grouping_reason, line]))
