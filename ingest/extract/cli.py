"""`python -m ingest.extract.cli FILE...` prints one JSON line of SCHEMA values per file."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from . import extract


def extract_files(paths: Iterable[str | Path]) -> Iterator[dict[str, Any]]:
    for path in map(Path, paths):
        text = path.read_text(encoding="utf-8")
        yield {"id": path.stem, **extract(text).schema()}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args:
        sys.stderr.write("usage: python -m ingest.extract.cli FILE...\n")
        return 2
    for row in extract_files(args):
        sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
