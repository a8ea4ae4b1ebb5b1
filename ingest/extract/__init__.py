"""Extraction engine: `extract(text)` turns one breach notice into an `Extraction`.

Plain Python (no Django). The text is prepared once (normalised, split, tokenised, dated) and an
ordered tuple of (field, step) functions fills the fields; later steps may read earlier results.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import replace
from functools import cache, partial

from . import calibration, causes, counts, data, forensics, parties, sites, timeline, vocab
from .calibration import Calibrator, none_rule
from .checks import run_checks
from .dates import document_year, find_dates, first_explicit_year
from .record import FIELDS, Evidence, Extraction
from .text import Doc, normalise, split_lines, split_sentences

__all__ = ["Extraction", "Evidence", "extract", "prepare", "FIELDS"]

Step = Callable[[Doc, Mapping[str, Evidence]], Evidence]


def prepare(text: str, *, tokenize: bool = True) -> Doc:
    """Normalise, split and date the text once; tokenise it once (mode C).

    `Doc.morphemes` holds only the morphemes the steps read (those that may be leak words, see
    `data.LEAK_FIRST_CHARS`): building every Morpheme would cost more than the steps themselves.
    """
    norm = normalise(text)
    year = document_year(norm)
    morphemes: tuple = ()
    if tokenize:
        from .tokens import select

        morphemes = select(norm, data.LEAK_FIRST_CHARS)
    return Doc(
        raw=text,
        text=norm,
        lines=split_lines(norm),
        sentences=split_sentences(norm),
        morphemes=morphemes,
        dates=find_dates(norm, first_explicit_year(norm) or year, year),
    )


def steps(firm_aliases: Mapping[str, str]) -> tuple[tuple[str, Step], ...]:
    return (
        ("organization", parties.organization),
        ("sites", sites.sites),
        ("published_on", timeline.published_on),
        ("first_disclosed_on", timeline.first_disclosed_on),
        ("report_stage", timeline.report_stage),
        ("discovered_on", parties.discovered_on),
        ("discovered_by", parties.discovered_by),
        ("forensic_firm", partial(forensics.forensic_firm, aliases=firm_aliases)),
        ("forensic_investigation", forensics.forensic_investigation),
        ("forensic_report_on", forensics.forensic_report_on),
        ("causes", causes.causes),
        ("card_data", data.card_data),
        ("personal_data", data.personal_data),
        ("records_max", counts.records_max),
        ("records_confirmed", counts.records_confirmed),
        ("fraud_cases", counts.fraud_cases),
        ("exposure_periods", timeline.exposure_periods),
        ("payment_suspended_on", timeline.payment_suspended_on),
        ("reported_to", parties.reported_to),
    )


@cache
def _default_steps() -> tuple[tuple[str, Step], ...]:
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
    doc = prepare(text)
    pipeline = _default_steps() if firm_aliases is None else steps(dict(firm_aliases))
    found: dict[str, Evidence] = {}
    for name, step in pipeline:
        ev = step(doc, found)
        found[name] = ev if ev.rule else replace(ev, rule=none_rule(name))
    flags = run_checks({name: ev.value for name, ev in found.items()}, today)
    doubted = {name for flag in flags for name in flag.fields}
    cal = calibrator or calibration.default()
    for name, ev in found.items():
        found[name] = replace(ev, confidence=cal.confidence(name, ev.rule, name in doubted))
    return Extraction(**found, flags=flags)
