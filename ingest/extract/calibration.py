"""Measured confidence: how often a value produced by a rule was right on the gold sets.

A value's confidence is the precision of the rule (or the set of item rules of a list field)
that produced it, measured on gold notices, smoothed toward the field's accuracy when the rule
was seen only a few times (a Beta prior of strength `PRIOR_WEIGHT`). An empty value carries the
field's "nothing fired" rule (`<field>.none`), so "not stated" gets a measured confidence too. A
value doubted by a cross-field check takes the measured accuracy of flagged values.

`manage.py calibrate` measures the table on the project's gold sets (the seeds and
ingest/tests/notices/*) and writes calibration.json; it also reports a leave-one-batch-out
estimate, so that no batch is scored with the numbers measured on it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .fields import FIELDS, LIST_FIELDS

TABLE_PATH = Path(__file__).with_name("calibration.json")
PRIOR_WEIGHT = 4.0
FLAGGED = "flagged"
# Before any measurement (a fresh rule, a missing table): a cautious middle value.
UNMEASURED = 0.5


@dataclass(frozen=True)
class Outcome:
    """One extracted field of one gold notice: which rule produced it, was it right."""

    batch: str
    doc: str
    field: str
    rule: str
    flagged: bool
    right: bool


def none_rule(field: str) -> str:
    return f"{field}.none"


def components(rule: str) -> list[str]:
    return [r for r in rule.split("+") if r]


def fit(outcomes: Iterable[Outcome]) -> dict[str, Any]:
    """The calibration table: per field its accuracy, per rule (and per item rule of a list
    field) how many values it produced and how many were right."""
    counts: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    flagged = [0, 0]
    for o in outcomes:
        if o.flagged:
            flagged[0] += 1
            flagged[1] += o.right
            continue
        table = counts[o.field]
        for key in {"*", o.rule, *(f"item:{r}" for r in components(o.rule) if "+" in o.rule)}:
            table[key][0] += 1
            table[key][1] += o.right
    return {
        "method": "rule precision on the project's gold sets, Beta-smoothed toward the field",
        "prior_weight": PRIOR_WEIGHT,
        "flagged": {"n": flagged[0], "right": flagged[1]},
        "fields": {
            field: {key: {"n": n, "right": r} for key, (n, r) in sorted(table.items())}
            for field, table in sorted(counts.items())
        },
    }


class Calibrator:
    def __init__(self, table: Mapping[str, Any]):
        self.table = table
        self.weight = float(table.get("prior_weight", PRIOR_WEIGHT))

    def _smoothed(self, stats: Mapping[str, int] | None, prior: float) -> float:
        if not stats:
            return prior
        return (stats["right"] + self.weight * prior) / (stats["n"] + self.weight)

    def field_prior(self, field: str) -> float:
        stats = self.table.get("fields", {}).get(field, {}).get("*")
        if not stats or not stats["n"]:
            return UNMEASURED
        return stats["right"] / stats["n"]

    def confidence(self, field: str, rule: str, flagged: bool = False) -> float:
        prior = self.field_prior(field)
        if flagged:
            return min(prior, self._smoothed(self.table.get("flagged"), 0.2))
        rules = self.table.get("fields", {}).get(field, {})
        if rule in rules:
            return self._smoothed(rules[rule], prior)
        parts = components(rule)
        if len(parts) > 1:
            # An unseen set of item rules: as sure as its least sure item rule.
            known = [rules.get(f"item:{p}") or rules.get(p) for p in parts]
            return min(self._smoothed(s, prior) for s in known)
        return self._smoothed(None, prior * 0.9)


@cache
def default() -> Calibrator:
    try:
        table = json.loads(TABLE_PATH.read_text("utf-8"))
    except FileNotFoundError:
        table = {}
    return Calibrator(table)


def right(field: str, got: Any, gold: Any, alts: Iterable[Any] = ()) -> bool:
    """SCHEMA scoring of one field (lists as sets, strings folded, `alt` values accepted)."""
    from .scoring import as_set, norm

    def eq(a: Any, b: Any) -> bool:
        if field in LIST_FIELDS:
            return as_set(norm(a)) == as_set(norm(b))
        return norm(a) == norm(b)

    return any(eq(got, g) for g in [gold, *alts])


def outcomes(batch: str, gold: Mapping[str, Any], evidence: Mapping[str, Any]) -> list[Outcome]:
    """The outcomes of one notice from its gold record and `Extraction.to_json()`."""
    flagged = {f for check in evidence.get("checks", ()) for f in check["fields"]}
    alts = gold.get("alt") or {}
    out = []
    for field in FIELDS:
        cell = evidence.get(field) or {}
        rule = cell.get("rule") or none_rule(field)
        ok = right(field, cell.get("value"), gold.get(field), alts.get(field, ()))
        out.append(Outcome(batch, str(gold.get("id")), field, rule, field in flagged, ok))
    return out


def reliability(pairs: Iterable[tuple[float, bool]], bins: int = 10) -> dict[str, Any]:
    """The reliability table, expected calibration error and the high-confidence share,
    computed exactly as shared/eval/calibration.py does."""
    rows = list(pairs)
    n = len(rows)
    table, ece = [], 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        sel = [r for r in rows if lo <= r[0] < hi or (b == bins - 1 and r[0] == 1.0)]
        if not sel:
            continue
        conf = sum(r[0] for r in sel) / len(sel)
        acc = sum(r[1] for r in sel) / len(sel)
        ece += len(sel) / n * abs(conf - acc)
        table.append((lo, hi, len(sel), conf, acc))
    high = [r for r in rows if r[0] >= 0.9]
    return {
        "bins": table,
        "n": n,
        "accuracy": sum(r[1] for r in rows) / n if n else 0.0,
        "ece": ece,
        "high_share": len(high) / n if n else 0.0,
        "high_accuracy": sum(r[1] for r in high) / len(high) if high else 0.0,
    }


def format_reliability(report: Mapping[str, Any]) -> str:
    lines = ["bin          n   mean conf  accuracy"]
    for lo, hi, n, conf, acc in report["bins"]:
        lines.append(f"[{lo:.1f},{hi:.1f})  {n:4d}   {conf:.3f}     {acc:.3f}")
    lines.append(f"values: {report['n']}  overall accuracy {report['accuracy']:.3f}")
    lines.append(
        f"confidence >= 0.9: share {report['high_share']:.3f}  "
        f"accuracy {report['high_accuracy']:.3f}"
    )
    lines.append(f"ECE {report['ece']:.3f}")
    return "\n".join(lines)


def gold_sets(root: Path) -> list[Path]:
    """The project's gold sets: seeds/ and every batch under ingest/tests/notices/."""
    dirs = [root / "seeds", *sorted((root / "ingest" / "tests" / "notices").glob("*/"))]
    return [d for d in dirs if (d / "gold.jsonl").is_file()]


def read_gold(directory: Path) -> dict[str, dict[str, Any]]:
    lines = (directory / "gold.jsonl").read_text("utf-8").splitlines()
    return {row["id"]: row for row in map(json.loads, filter(str.strip, lines))}


def measure(directory: Path, extract_json: Any) -> list[Outcome]:
    """The first-run outcomes of one batch, attributed to today's rules.

    `first_run.jsonl` records the values of the batch's first extraction, before any rule was
    changed for it: the engine's behaviour on text nobody had tuned it for. Each first-run value
    is judged against the gold and counted for the rule that produces the field today, so a rule
    that needed fixing before it got a batch right keeps a lower confidence: tuned text would
    say every rule is right. Batches without a first run (the seeds) add nothing.
    """
    from .checks import parse_values, run_checks

    first = directory / "first_run.jsonl"
    if not first.is_file():
        return []
    gold = read_gold(directory)
    out = []
    for line in filter(str.strip, first.read_text("utf-8").splitlines()):
        then = json.loads(line)
        row = gold.get(then.get("id"))
        path = directory / f"{then.get('id')}.txt"
        if row is None or not path.is_file():
            continue
        now = extract_json(path.read_text("utf-8"))
        flagged = {n for flag in run_checks(parse_values(then)) for n in flag.fields}
        alts = row.get("alt") or {}
        for field in FIELDS:
            rule = (now.get(field) or {}).get("rule") or none_rule(field)
            ok = right(field, then.get(field), row.get(field), alts.get(field, ()))
            out.append(Outcome(directory.name, row["id"], field, rule, field in flagged, ok))
    return out


def cross_validated(all_outcomes: list[Outcome]) -> list[tuple[float, bool]]:
    """(confidence, right) of every outcome, its confidence measured without its own batch."""
    batches = sorted({o.batch for o in all_outcomes})
    pairs = []
    for batch in batches:
        train = [o for o in all_outcomes if o.batch != batch]
        cal = Calibrator(fit(train))
        for o in all_outcomes:
            if o.batch == batch:
                pairs.append((cal.confidence(o.field, o.rule, o.flagged), o.right))
    return pairs


def by_rule(all_outcomes: Iterable[Outcome]) -> list[tuple[str, int, int]]:
    """(rule, values it produced, right) per rule and per item rule of list fields."""
    table: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for o in all_outcomes:
        for rule in {o.rule, *components(o.rule)}:
            table[rule][0] += 1
            table[rule][1] += o.right
    return sorted((rule, n, r) for rule, (n, r) in table.items())


def write_table(table: Mapping[str, Any]) -> None:
    TABLE_PATH.write_text(json.dumps(table, ensure_ascii=False, indent=1) + "\n", "utf-8")
    default.cache_clear()
