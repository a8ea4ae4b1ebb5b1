"""Extraction engine: `extract(text)` turns one breach notice into an `Extraction`.

Plain Python (no Django). The text is prepared once (normalised, split, tokenised, dated) and an
ordered tuple of (field, step) functions fills the fields; later steps may read earlier results.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from functools import cache, partial
from typing import NamedTuple

from . import (
    calibration,
    causes,
    chain,
    counts,
    cues,
    data,
    forensics,
    parties,
    sites,
    timeline,
    vocab,
)
from .calibration import Calibrator
from .checks import run_checks
from .dates import document_month, document_year, find_dates, first_explicit_year
from .record import FIELDS, Evidence, Extraction
from .text import Doc, normalise, split_lines, split_sentences

__all__ = ["Extraction", "Evidence", "extract", "extract_with_terms", "prepare", "FIELDS"]

StepFn = Callable[[Doc, Mapping[str, Evidence]], Evidence]


def prepare(text: str, *, tokenize: bool = True, terms: bool = False) -> Doc:
    """Normalise, split and date the text once; tokenise it once (mode C).

    `Doc.morphemes` holds only the morphemes the steps read (those that may be leak words, see
    `data.LEAK_FIRST_CHARS`): building every Morpheme would cost more than the steps themselves.
    With `terms`, the same Sudachi pass also gives the search index terms (`Doc.terms`).
    """
    norm = normalise(text)
    year = document_year(norm)
    tokens = None
    if tokenize:
        from .tokens import read

        tokens = read(text, data.LEAK_FIRST_CHARS, folded=norm, terms=terms)
    return Doc(
        raw=text,
        text=norm,
        lines=split_lines(norm),
        sentences=split_sentences(norm),
        morphemes=tokens.morphemes if tokens else (),
        terms=tokens.terms if tokens else (),
        dates=find_dates(norm, year or first_explicit_year(norm), year, document_month(norm)),
    )


class Step(NamedTuple):
    """One pipeline step: the field it fills, its function, and the earlier fields it reads."""

    field: str
    run: StepFn
    reads: tuple[str, ...] = ()


def steps(firm_aliases: Mapping[str, str]) -> tuple[Step, ...]:
    return (
        Step("organization", parties.organization),
        Step("sites", sites.sites),
        Step("published_on", timeline.published_on),
        Step("first_disclosed_on", timeline.first_disclosed_on, ("published_on",)),
        Step("report_stage", timeline.report_stage, ("first_disclosed_on", "published_on")),
        Step("discovered_on", parties.discovered_on),
        Step("discovered_by", parties.discovered_by),
        Step("forensic_firm", partial(forensics.forensic_firm, aliases=firm_aliases)),
        Step("forensic_investigation", forensics.forensic_investigation, ("forensic_firm",)),
        Step("forensic_report_on", forensics.forensic_report_on),
        Step("causes", causes.causes),
        Step("card_data", data.card_data),
        Step("personal_data", data.personal_data),
        Step("records_max", counts.records_max),
        Step("records_confirmed", counts.records_confirmed, ("records_max",)),
        Step("fraud_cases", counts.fraud_cases),
        Step("exposure_periods", timeline.exposure_periods, ("published_on",)),
        Step("payment_suspended_on", timeline.payment_suspended_on, ("discovered_on",)),
        Step("reported_to", parties.reported_to),
    )


class _Declared(Mapping[str, Evidence]):
    """The earlier results a step declared it reads, and nothing else (an undeclared read is
    a KeyError, so the declarations stay true)."""

    def __init__(self, found: Mapping[str, Evidence], reads: tuple[str, ...]):
        self._found, self._reads = found, reads

    def __getitem__(self, name: str) -> Evidence:
        if name not in self._reads:
            raise KeyError(f"{name} is not declared in this step's reads")
        return self._found[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._reads)

    def __len__(self) -> int:
        return len(self._reads)


@cache
def _default_steps() -> tuple[Step, ...]:
    """The pipeline with the shipped alias table, built once per process."""
    return steps(vocab.firm_aliases())


def extract(
    text: str,
    *,
    firm_aliases: Mapping[str, str] | None = None,
    calibrator: Calibrator | None = None,
    today: dt.date | None = None,
) -> Extraction:
    """All SCHEMA fields of one notice, each with evidence spans into `text`, the rule that
    produced it and its measured confidence; `flags` lists the cross-field checks that failed.

    `firm_aliases` (alias -> canonical firm name) replaces the shipped table, so spellings that
    editors add in the catalogue are recognised.
    """
    return _extract(prepare(text), firm_aliases, calibrator, today)


def extract_with_terms(
    text: str,
    *,
    firm_aliases: Mapping[str, str] | None = None,
    calibrator: Calibrator | None = None,
    today: dt.date | None = None,
) -> tuple[Extraction, tuple[str, ...]]:
    """`extract(text)` and the search terms of the text (those of `tokens.search_terms`) from
    one Sudachi pass: the importer indexes what it extracts without tokenising twice."""
    doc = prepare(text, terms=True)
    return _extract(doc, firm_aliases, calibrator, today), doc.terms


def _extract(
    doc: Doc,
    firm_aliases: Mapping[str, str] | None,
    calibrator: Calibrator | None,
    today: dt.date | None,
) -> Extraction:
    pipeline = _default_steps() if firm_aliases is None else steps(dict(firm_aliases))
    found: dict[str, Evidence] = {}
    for step in pipeline:
        found[step.field] = step.run(doc, _Declared(found, step.reads))
    flags = run_checks({name: ev.value for name, ev in found.items()}, today)
    doubted = {name for flag in flags for name in flag.fields}
    cal = calibrator or calibration.default()
    for name, ev in found.items():
        rule = ev.rule or cues.none_rule(name, doc)
        found[name] = replace(ev, rule=rule, confidence=cal.confidence(name, rule, name in doubted))
    return Extraction(**found, flags=flags, chain=chain.chain(doc))
