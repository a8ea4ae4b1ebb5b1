"""The one write path from notice files into the catalogue.

Each document is imported in its own transaction under an advisory lock on its source, so a bad
file loses nothing and two imports running at once cannot duplicate a disclosure. Extraction runs
again only when the text or the extractor changed; corrections are separate rows and survive.
"""

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from django.db import DataError, connection, transaction
from django.db.models import F, Q

from breaches.models import Disclosure, FirmAlias, Incident, Revision, organization_key
from ingest.extract import FIELDS, extract
from ingest.extract.tokens import search_terms
from ingest.extract.version import extractor_version
from ingest.formats.errors import BadDocument, Skipped
from ingest.sources import FAILED, SKIPPED, Document, iter_sources, read_document, read_url

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
) -> Summary:
    """Import every notice under `paths` (files, folders, http(s) URLs); `jobs` > 1 extracts in
    that many processes. Every file found ends up in exactly one count of the summary."""
    summary = Summary()
    entries = list(iter_sources(list(paths)))
    todo = [source for source, outcome, _ in entries if not outcome]
    for source, outcome, reason in entries:
        if outcome:
            summary.record(source, Result(outcome, reason))
    aliases = FirmAlias.table()
    options = {"aliases": aliases, "dry_run": dry_run, "force": force}
    if jobs > 1 and len(todo) > 1:
        results = imported_in_processes(todo, options, jobs)
    else:
        results = ((source, import_one(source, **options)) for source in todo)
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


def imported_in_processes(todo: list, options: dict, jobs: int):
    """(source, Result) as worker processes finish them, in any order."""
    from multiprocessing import get_context

    from django.db import connections

    # A forked child must not share the parent's database socket: close it, each opens its own.
    connections.close_all()
    with get_context("fork").Pool(jobs, initializer=_start_worker, initargs=(options,)) as pool:
        yield from pool.imap_unordered(_import_in_worker, todo, chunksize=4)


_worker: dict = {}


def _start_worker(options: dict) -> None:
    _worker.update(options)


def _import_in_worker(source: Path | str) -> tuple[Path | str, Result]:
    return source, import_one(source, **_worker)


def import_one(
    source: Path | str, *, aliases: dict[str, str], dry_run: bool, force: bool = False
) -> Result:
    """What happened to one file or URL; never raises for a bad or odd source."""
    try:
        return import_file(source, aliases=aliases, dry_run=dry_run, force=force)
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
    source: Path | str, *, aliases: dict[str, str], dry_run: bool = False, force: bool = False
) -> Result:
    if isinstance(source, str):
        document = fetched_document(source, force=force)
        if document is None:
            return Result(UNCHANGED)
    else:
        document = read_document(source, force=force)
    try:
        with transaction.atomic():
            outcome = import_document(document, aliases=aliases)
            if dry_run:
                raise DryRunRollback(outcome)
    except DryRunRollback as rollback:
        outcome = rollback.args[0]
    return Result(outcome, "", document.content_hash)


def fetched_document(url: str, *, force: bool) -> Document | None:
    """The notice at `url`; None when the server says it is unchanged since the stored fetch.
    After an extractor change the validators are left out, so the page is extracted again."""
    stored = Disclosure.objects.filter(source_key=url).values_list("extraction", flat=True)
    extraction = stored.first() or {}
    http = extraction.get("_http", {}) if extraction.get("_version") == extractor_version() else {}
    return read_url(url, force=force, **http)


def source_key(document: Document) -> str:
    return document.source_url or str(document.path.resolve() if document.path else "")


def lock(key: str) -> None:
    number = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [number])


def import_document(document: Document, *, aliases: dict[str, str]) -> str:
    key = source_key(document)
    lock(key)
    disclosure = Disclosure.objects.filter(source_key=key).first()
    if disclosure is None:
        # The same text under another path (a moved or copied file) is the same disclosure.
        lock(f"text:{document.content_hash}")
        if Disclosure.objects.filter(content_hash=document.content_hash).exists():
            return UNCHANGED
        disclosure = Disclosure(source_key=key)
        extraction = extraction_json(document, aliases)
        fill(disclosure, document, extraction)
        incident, reason, candidates = find_incident(disclosure)
        disclosure.incident = incident or Incident.objects.create(merge_candidates=candidates)
        disclosure.save()
        note_grouping(disclosure.incident, disclosure, reason)
        for candidate in candidates:
            # Each side of a possible pair shows it in the review queue.
            other = Incident.objects.get(pk=candidate["incident"])
            other.merge_candidates = [
                *other.merge_candidates,
                {"incident": disclosure.incident.pk, "reason": candidate["reason"]},
            ]
            other.save(update_fields=["merge_candidates"])
        disclosure.incident.resolve()
        return NEW
    text_changed = disclosure.content_hash != document.content_hash
    if not text_changed and disclosure.extraction.get("_version") == extractor_version():
        return UNCHANGED
    extraction = extraction_json(document, aliases)
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
    fill(disclosure, document, extraction)
    disclosure.save()
    disclosure.incident.resolve()
    return UPDATED


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
    extraction = extraction_json(document, aliases)
    if extraction == disclosure.extraction:
        return False
    fill(disclosure, document, extraction)
    disclosure.save()
    disclosure.incident.resolve()
    return True


def extraction_json(document: Document, aliases: dict[str, str]) -> dict:
    data = extract(document.text, firm_aliases=aliases).to_json()
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
    return data


def fill(disclosure: Disclosure, document: Document, extraction: dict) -> None:
    disclosure.text = document.text
    disclosure.content_hash = document.content_hash
    disclosure.encoding = document.encoding
    disclosure.source_path = str(document.path) if document.path else ""
    disclosure.source_url = document.source_url
    disclosure.extraction = extraction
    disclosure.terms = " ".join(sorted(set(search_terms(document.text))))
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
    for key in sorted({f"org:{org}" if org else "", *(f"site:{s}" for s in sites)} - {""}):
        lock(key)
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
    name = disclosure.source_path.rsplit("/", 1)[-1] or disclosure.source_url
    line = f"{name}: {reason}" if reason else f"{name}: first notice of this incident"
    incident.grouping_reason = "\n".join(filter(None, [incident.grouping_reason, line]))
    incident.save(update_fields=["grouping_reason"])
