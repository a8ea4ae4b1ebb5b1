"""A fingerprint of the extractor's code and tables: stored with each extraction, so that a
re-ingest extracts again exactly when the extractor changed."""

import hashlib
from functools import cache
from pathlib import Path


@cache
def extractor_version() -> str:
    digest = hashlib.sha256()
    here = Path(__file__).parent
    for path in sorted([*here.glob("*.py"), *here.glob("*.json")]):
        if path.name in ("bench.py", "cli.py", "scoring.py"):
            continue
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
