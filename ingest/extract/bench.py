"""`python -m ingest.extract.bench [DIR]`: throughput of Sudachi tokenising alone and of full
extract() over the same texts in one run, warm tokenizer, best of several repetitions."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

from . import extract
from .text import normalise
from .tokens import tokenize

ROOT = Path(__file__).resolve().parents[2]
REPEATS = 7


def default_dir() -> Path:
    dev = ROOT.parent / "shared" / "eval" / "dev"
    return dev if dev.is_dir() else ROOT / "seeds"


def seconds(fn: Callable[[str], object], texts: list[str]) -> float:
    start = time.perf_counter()
    for text in texts:
        fn(text)
    return time.perf_counter() - start


def best_pair(texts: list[str], repeats: int = REPEATS) -> tuple[float, float]:
    """Best times of tokenising and of extracting, interleaved so that machine noise hits both."""
    tok = ext = float("inf")
    for _ in range(repeats):
        tok = min(tok, seconds(lambda t: tokenize(normalise(t)), texts))
        ext = min(ext, seconds(extract, texts))
    return tok, ext


def run(directory: Path, repeats: int = REPEATS) -> dict[str, float]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(directory.glob("*.txt"))]
    if not texts:
        raise SystemExit(f"no .txt files in {directory}")
    chars = sum(map(len, texts))
    tokenize(normalise(texts[0]))  # load the dictionary outside the timings
    tok, ext = best_pair(texts, repeats)
    return {
        "docs": len(texts),
        "chars": chars,
        "tokenize_docs_s": len(texts) / tok,
        "tokenize_chars_s": chars / tok,
        "extract_docs_s": len(texts) / ext,
        "extract_chars_s": chars / ext,
        "ratio": tok / ext,
    }


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    directory = Path(args[0]) if args else default_dir()
    r = run(directory)
    out = sys.stdout
    out.write(f"{directory}: {r['docs']} docs, {r['chars']:,} chars, best of {REPEATS}\n")
    for label, key in (("tokenise only ", "tokenize"), ("full extract()", "extract")):
        docs, chars = r[f"{key}_docs_s"], r[f"{key}_chars_s"]
        out.write(f"{label}: {docs:8.1f} docs/s {chars:12,.0f} chars/s\n")
    out.write(f"extract / tokenise rate: {r['ratio']:.0%}\n")
    for label, text in STRESS:
        started = time.perf_counter()
        extract(text)
        ms = (time.perf_counter() - started) * 1000
        out.write(f"stress, {label} ({len(text):,} chars): {ms:,.0f} ms\n")
    return 0


# Odd inputs that must stay near-linear: a long table of figures, a date list, no punctuation.
STRESS = (
    ("a table of 10,000 counts", "1,234件\n" * 10_000),
    ("a list of 5,000 dates", "2020年1月1日、" * 5_000),
    ("one 100,000-character line", "不正アクセスによりカード情報が流出" * 6_000),
)


if __name__ == "__main__":
    raise SystemExit(main())
