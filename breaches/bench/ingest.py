"""Import throughput next to extract() on the same notices: the seeds (4,400 characters on
average) copied under other names, each copy its own breach (its organisation and sites renamed,
so no copy is grouped with another), imported with --jobs 1, another set with --jobs 2, then
the first set again (nothing to do)."""

import json
import resource
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from breaches.models import Incident
from ingest.extract import extract
from ingest.importer import import_paths

KANA = "アイウエオカキクケコ"  # digits for Japanese names, which keep their shape


@dataclass(frozen=True)
class Rate:
    label: str
    docs: int
    seconds: float
    detail: str = ""

    @property
    def per_second(self) -> float:
        return self.docs / self.seconds if self.seconds else 0.0

    def line(self) -> str:
        return (
            f"{self.label:34} {self.docs:5d} docs in {self.seconds:6.1f} s = "
            f"{self.per_second:7.1f} docs/s  {self.detail}"
        ).rstrip()


@dataclass(frozen=True)
class IngestFigures:
    extract: Rate
    jobs1: Rate
    jobs2: Rate
    noop: Rate
    chars: int
    new_incidents: int
    peak_rss_mib: float

    def lines(self) -> list[str]:
        return [
            f"{self.jobs1.docs} + {self.jobs2.docs} notices, {self.chars:,} characters "
            f"({self.chars / max(1, self.jobs1.docs):,.0f} a notice); {self.new_incidents} new "
            f"incidents; peak RSS of this process {self.peak_rss_mib:.0f} MiB",
            self.extract.line(),
            self.jobs1.line(),
            self.jobs2.line(),
            self.noop.line(),
            f"ingest --jobs 1 / extract(): {self.jobs1.per_second / self.extract.per_second:.0%}"
            f"; --jobs 2 / --jobs 1: {self.jobs2.per_second / self.jobs1.per_second:.2f}x",
        ]


def variant(name: str, n: int) -> str:
    """Another breach's name of the same shape: adprint → adprint17, www.x.co.jp →
    www.x17.co.jp, 常盤商事株式会社 → 常盤商事イク株式会社."""
    if name.isascii():
        labels = name.split(".")
        if len(labels) > 2:
            i = 1 if labels[0] == "www" else 0
            labels[i] += str(n)
            return ".".join(labels)
        return f"{name}{n}"
    code = "".join(KANA[int(d)] for d in str(n))
    for corp in ("株式会社", "有限会社"):
        if name.endswith(corp):
            return name[: -len(corp)] + code + corp
        if name.startswith(corp):
            return name + code
    return name + code


def write_notices(folder: Path, count: int, start: int = 0) -> int:
    """`count` notices made from the seeds, numbered from `start`; returns their characters."""
    seeds = Path(settings.BASE_DIR, "seeds")
    gold = {}
    for line in (seeds / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        gold[record["id"]] = [record["organization"] or "", *record["sites"]]
    paths = sorted(seeds.glob("*.txt"))
    texts = [(p.read_text(encoding="utf-8"), gold.get(p.stem, [])) for p in paths]
    chars = 0
    for n in range(start, start + count):
        text, names = texts[n % len(texts)]
        for name in sorted(filter(None, names), key=len, reverse=True):
            text = text.replace(name, variant(name, n + 1))
        chars += len(text)
        Path(folder, f"notice-{n:05d}.txt").write_text(text, encoding="utf-8")
    return chars


def timed_import(label: str, folder: Path, jobs: int) -> Rate:
    started = time.perf_counter()
    summary = import_paths([folder], jobs=jobs)
    seconds = time.perf_counter() - started
    docs = summary.new + summary.updated + summary.unchanged + summary.skipped + summary.failed
    return Rate(label, docs, seconds, summary.line())


def run(count: int) -> IngestFigures:
    """Two sets of `count` notices into the current database (they stay: real incidents)."""
    before = Incident.objects.count()
    with tempfile.TemporaryDirectory() as one, tempfile.TemporaryDirectory() as two:
        chars = write_notices(Path(one), count)
        write_notices(Path(two), count, start=count)
        texts = [p.read_text(encoding="utf-8") for p in sorted(Path(one).glob("*.txt"))]
        extract(texts[0])  # the dictionary loads outside the timings, as in a running import
        started = time.perf_counter()
        for text in texts:
            extract(text)
        extracted = Rate("extract() alone, one process", len(texts),
                         time.perf_counter() - started)  # fmt: skip
        jobs1 = timed_import("ingest --jobs 1", Path(one), 1)
        jobs2 = timed_import("ingest --jobs 2 (other notices)", Path(two), 2)
        noop = timed_import("ingest again, nothing changed", Path(one), 1)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    new = Incident.objects.count() - before
    return IngestFigures(extracted, jobs1, jobs2, noop, chars, new, peak)
