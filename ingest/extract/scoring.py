"""The evaluation of shared/eval/score.py as a library: per-field accuracy, list micro P/R,
headline mean field accuracy. Gold `alt` values also score as right."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .record import FIELDS, LIST_FIELDS

Row = Mapping[str, Any]


def norm(v: Any) -> Any:
    if isinstance(v, str):
        v = unicodedata.normalize("NFKC", v)
        v = re.sub(r"\s+", " ", v).strip().casefold()
        return v or None
    if isinstance(v, list | tuple):
        return [norm(x) for x in v]
    return v


def as_set(v: Any) -> set[Any]:
    return {tuple(x) if isinstance(x, list) else x for x in v or []}


@dataclass
class Report:
    documents: int = 0
    missing: list[str] = field(default_factory=list)
    correct: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    tp: dict[str, int] = field(default_factory=lambda: dict.fromkeys(sorted(LIST_FIELDS), 0))
    fp: dict[str, int] = field(default_factory=lambda: dict.fromkeys(sorted(LIST_FIELDS), 0))
    fn: dict[str, int] = field(default_factory=lambda: dict.fromkeys(sorted(LIST_FIELDS), 0))
    misses: list[tuple[str, str, Any, Any]] = field(default_factory=list)

    def accuracy(self, name: str) -> float:
        return self.correct[name] / self.documents if self.documents else 0.0

    def precision(self, name: str) -> float:
        seen = self.tp[name] + self.fp[name]
        return self.tp[name] / seen if seen else 1.0

    def recall(self, name: str) -> float:
        wanted = self.tp[name] + self.fn[name]
        return self.tp[name] / wanted if wanted else 1.0

    @property
    def headline(self) -> float:
        if not self.documents:
            return 0.0
        return sum(self.correct.values()) / (self.documents * len(FIELDS))

    def format(self, verbose: bool = False) -> str:
        lines = []
        if verbose:
            lines += [f"  MISS {i} {f}: gold={g!r} got={p!r}" for i, f, g, p in self.misses]
        lines.append(f"documents: {self.documents}  missing predictions: {len(self.missing)}")
        for name in FIELDS:
            extra = ""
            if name in LIST_FIELDS:
                extra = f"  P={self.precision(name):.2f} R={self.recall(name):.2f}"
            lines.append(f"{name:24s} {self.accuracy(name):.3f}{extra}")
        lines.append(f"headline mean field accuracy: {self.headline:.3f}")
        return "\n".join(lines)


def score(gold_rows: Iterable[Row], pred_rows: Iterable[Row]) -> Report:
    gold = {r["id"]: r for r in gold_rows}
    pred = {r["id"]: r for r in pred_rows}
    report = Report(documents=len(gold), missing=[i for i in gold if i not in pred])
    for doc_id, g in gold.items():
        p = pred.get(doc_id, {})
        alts = g.get("alt", {})
        for name in FIELDS:
            ok = _score_field(report, name, g.get(name), p.get(name), alts.get(name, []))
            report.correct[name] += ok
            if not ok:
                report.misses.append((doc_id, name, g.get(name), p.get(name)))
    return report


def _score_field(report: Report, name: str, gold: Any, pred: Any, alts: list[Any]) -> bool:
    gv, pv = norm(gold), norm(pred)
    if name not in LIST_FIELDS:
        return gv == pv or any(norm(a) == pv for a in alts)
    gs, ps = as_set(gv), as_set(pv)
    for alt in alts:  # the defensible reading closest to the output
        if as_set(norm(alt)) == ps:
            gs = ps
    report.tp[name] += len(gs & ps)
    report.fp[name] += len(ps - gs)
    report.fn[name] += len(gs - ps)
    return gs == ps
