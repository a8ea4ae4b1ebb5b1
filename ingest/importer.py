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

from django.db import connection, transaction
from django.db.models import Q

from breaches.models import Disclosure, FirmAlias, Incident, Revision, organization_key
from ingest.extract import extract
from ingest.extract.tokens import search_terms
from ingest.extract.version import extractor_version
from ingest.sources import BadDocument, Document, iter_files, read_document

NEW, UPDATED, UNCHANGED, FAILED = "new", "updated", "unchanged", "failed"


@dataclass
class Summary:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    interrupted: bool = False

    def add(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)

    def line(self) -> str:
        return (
            f"{self.new} new, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.failed} failed"
        )


def import_paths(
    paths: Iterable[Path],
    *,
    dry_run: bool = False,
    progress: Callable[[int, int, Path], None] | None = None,
    jobs: int = 1,
) -> Summary:
    """Import every notice file under `paths`; `jobs` > 1 extracts in that many processes."""
    summary = Summary()
    files = list(iter_files(list(paths)))
    aliases = FirmAlias.table()
    if jobs > 1:
        results = imported_in_processes(files, aliases, dry_run, jobs)
    else:
        results = imported_one_by_one(files, aliases, dry_run)
    try:
        for n, (path, result) in enumerate(results, 1):
            if progress:
                progress(n, len(files), path)
            reason, outcome = result
            if reason is not None:
                summary.add(FAILED)
                summary.failures.append((str(path), reason))
            else:
                summary.add(outcome)
    except KeyboardInterrupt:
        # Each file is its own transaction: what was imported stays, nothing is half-written.
        summary.interrupted = True
    return summary


def imported_one_by_one(files, aliases: dict[str, str], dry_run: bool):
    """(path, (reason, outcome)) for each file, in order."""
    for path, reason in files:
        yield path, (reason, "") if reason else import_one(path, aliases=aliases, dry_run=dry_run)


def imported_in_processes(files, aliases: dict[str, str], dry_run: bool, jobs: int):
    """(path, (reason, outcome)) as worker processes finish them, in any order."""
    from multiprocessing import get_context

    from django.db import connections

    # A forked child must not share the parent's database socket: close it, each opens its own.
    connections.close_all()
    todo = [path for path, reason in files if reason is None]
    for path, reason in files:
        if reason is not None:
            yield path, (reason, "")
    with get_context("fork").Pool(
        jobs, initializer=_start_worker, initargs=(aliases, dry_run)
    ) as pool:
        yield from pool.imap_unordered(_import_in_worker, todo, chunksize=4)


_worker: dict = {}


def _start_worker(aliases: dict[str, str], dry_run: bool) -> None:
    _worker.update(aliases=aliases, dry_run=dry_run)


def _import_in_worker(path: Path) -> tuple[Path, tuple[str | None, str]]:
    return path, import_one(path, aliases=_worker["aliases"], dry_run=_worker["dry_run"])


def import_one(path: Path, *, aliases: dict[str, str], dry_run: bool) -> tuple[str | None, str]:
    """(None, outcome) or (reason, "") for one file; never raises for a bad or odd file."""
    try:
        return None, import_file(path, aliases=aliases, dry_run=dry_run)
    except BadDocument as exc:
        return str(exc), ""
    except Exception as exc:  # noqa: BLE001 - reported per file, the rest still import
        return f"internal error: {type(exc).__name__}: {exc}".splitlines()[0], ""


class DryRunRollback(Exception):
    pass


def import_file(path: Path, *, aliases: dict[str, str], dry_run: bool = False) -> str:
    document = read_document(path)
    try:
        with transaction.atomic():
            outcome = import_document(document, aliases=aliases)
            if dry_run:
                raise DryRunRollback(outcome)
    except DryRunRollback as rollback:
        return rollback.args[0]
    return outcome


def source_key(document: Document) -> str:
    return document.source_url or str(document.path.resolve())


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
        incident, reason = find_incident(disclosure)
        disclosure.incident = incident or Incident.objects.create()
        disclosure.save()
        note_grouping(disclosure.incident, disclosure, reason)
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
    document = Document(
        path=Path(disclosure.source_path or "."),
        text=disclosure.text,
        encoding=disclosure.encoding,
        content_hash=disclosure.content_hash,
        source_url=disclosure.source_url,
        **disclosure.extraction.get("_sidecar", {}),
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
    data["_version"] = extractor_version()
    if sidecar:
        data["_sidecar"] = sidecar
    return data


def fill(disclosure: Disclosure, document: Document, extraction: dict) -> None:
    disclosure.text = document.text
    disclosure.content_hash = document.content_hash
    disclosure.encoding = document.encoding
    disclosure.source_path = str(document.path)
    disclosure.source_url = document.source_url
    disclosure.extraction = extraction
    disclosure.terms = " ".join(sorted(set(search_terms(document.text))))
    disclosure.sync_columns()


def find_incident(disclosure: Disclosure) -> tuple[Incident | None, str]:
    """The incident a new notice belongs to, when it is clearly the same breach, and why."""
    values = disclosure.effective_values()
    org = organization_key(values.get("organization"))
    sites = set(values.get("sites") or [])
    discovered = values.get("discovered_on")
    refers_back = values.get("report_stage") in ("update", "final") or (
        values.get("first_disclosed_on")
        and values.get("first_disclosed_on") != values.get("published_on")
    )
    # Two notices of one breach imported at once must not both start an incident.
    for key in sorted({f"org:{org}" if org else "", *(f"site:{s}" for s in sites)} - {""}):
        lock(key)
    matches = Q(org_key=org) if org else Q(pk__in=[])
    if sites:
        matches |= Q(sites__overlap=sorted(sites))
    for incident in Incident.objects.filter(matches).order_by("id"):
        same_org = org and incident.org_key == org
        who = f"organization {incident.organization}" if same_org else "site " + ", ".join(sites)
        if discovered and incident.discovered_on == dt.date.fromisoformat(discovered):
            return incident, f"same {who} and the same discovery date {discovered}"
        if refers_back:
            stage = values.get("report_stage") or "a later notice"
            return incident, f"same {who}, and this notice ({stage}) refers to an earlier report"
    return None, ""


def note_grouping(incident: Incident, disclosure: Disclosure, reason: str) -> None:
    name = disclosure.source_path.rsplit("/", 1)[-1] or disclosure.source_url
    line = f"{name}: {reason}" if reason else f"{name}: first notice of this incident"
    incident.grouping_reason = "\n".join(filter(None, [incident.grouping_reason, line]))
    incident.save(update_fields=["grouping_reason"])
