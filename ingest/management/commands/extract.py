import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ingest.extract import extract
from ingest.formats.errors import BadDocument
from ingest.management.commands.ingest import sources_from
from ingest.sources import iter_sources, read_document, read_url


def extract_rows(
    paths: list, *, evidence: bool = False, problems: list | None = None, check: bool = False
):
    """One row per file or URL: `id` (the stem) and the SCHEMA fields; with evidence, spans too.

    Files and URLs are read exactly as `ingest` reads them. A source that cannot be read or
    extracted is added to `problems` as (source, reason) and left out, so one bad file never
    costs the rows of the others. With `check`, text that `ingest` would refuse as no notice or
    mis-decoded is refused here too.
    """
    for source, outcome, reason in iter_sources(list(paths)):
        if not outcome:
            try:
                if isinstance(source, str):
                    document = read_url(source, force=not check)
                else:
                    document = read_document(source, force=not check)
                result = extract(document.text)
            except BadDocument as exc:
                reason = str(exc)
            except Exception as exc:  # noqa: BLE001 - reported per file, the others still extract
                reason = f"internal error: {type(exc).__name__}: {exc}".splitlines()[0]
            else:
                values = result.to_json() if evidence else result.schema()
                yield {"id": row_id(source), **values}
                continue
        if problems is None:
            raise CommandError(f"{source}: {reason}")
        problems.append((source, reason))


def row_id(source: Path | str) -> str:
    return source if isinstance(source, str) else source.stem


class Command(BaseCommand):
    help = (
        "Extract the SCHEMA fields of notice files, folders or URLs, read as `ingest` reads "
        "them, and print them (no database needed)."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help="files, folders or http(s) URLs")
        parser.add_argument(
            "--urls", type=Path, metavar="FILE", help="a file of URLs to fetch, one per line"
        )
        parser.add_argument(
            "--format",
            choices=["jsonl", "evidence"],
            default="jsonl",
            help="jsonl: SCHEMA values; evidence: value, spans and confidence per field",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="extract text that `ingest` would refuse as no notice or mis-decoded",
        )
        parser.add_argument(
            "--strict", action="store_true", help="exit non-zero when any file fails"
        )

    def handle(self, *args, files, urls, format, force, strict, **options):
        sources = sources_from(files, urls)
        if not sources:
            raise CommandError("name at least one file, folder or URL")
        problems: list[tuple[Path | str, str]] = []
        written = 0
        rows = extract_rows(
            sources, evidence=format == "evidence", problems=problems, check=not force
        )
        for row in rows:
            self.stdout.write(json.dumps(row, ensure_ascii=False))
            written += 1
        for source, reason in problems:
            self.stderr.write(f"SKIPPED {source}: {reason}")
        if problems and (strict or not written):
            total = written + len(problems)
            raise CommandError(f"{len(problems)} of {total} file(s) could not be extracted")
