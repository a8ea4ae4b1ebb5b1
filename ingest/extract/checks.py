"""Checks across fields: values that cannot all be true together are flagged for review.

Each check is named data: an id, the fields it doubts, and a test over the SCHEMA values. A
failed check lowers the confidence of its fields (see calibration.py), so the incident goes to
the review queue and the catalogue never files the value silently (a negative time to disclosure
under "≤ 30 days").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from .record import Flag

MAX_TTD_DAYS = 3653  # ten years


class Check(NamedTuple):
    id: str
    message: str
    # the fields a check doubts in these values (empty: the check passes)
    doubts: Callable[[Mapping[str, Any], dt.date], tuple[str, ...]]


def _before(a: Any, b: Any) -> bool:
    return a is not None and b is not None and a < b


def _ttd(v: Mapping[str, Any]) -> int | None:
    first, found = v.get("first_disclosed_on"), v.get("discovered_on")
    return (first - found).days if first and found else None


def _order(early: str, late: str) -> Callable[[Mapping[str, Any], dt.date], tuple[str, ...]]:
    """`late` must not come before `early`."""
    return lambda v, today: (late, early) if _before(v.get(late), v.get(early)) else ()


def _ttd_range(v: Mapping[str, Any], today: dt.date) -> tuple[str, ...]:
    t = _ttd(v)
    bad = t is not None and (t < 0 or t > MAX_TTD_DAYS)
    return ("first_disclosed_on", "discovered_on") if bad else ()


def _periods(v: Mapping[str, Any], today: dt.date) -> tuple[str, ...]:
    bad = any(_before(end, start) for start, end in v.get("exposure_periods") or ())
    return ("exposure_periods",) if bad else ()


_DATES = ("published_on", "first_disclosed_on", "discovered_on", "forensic_report_on",
          "payment_suspended_on")  # fmt: skip


def _future(v: Mapping[str, Any], today: dt.date) -> tuple[str, ...]:
    out = tuple(n for n in _DATES if isinstance(v.get(n), dt.date) and v[n] > today)
    periods = v.get("exposure_periods") or ()
    if any(isinstance(x, dt.date) and x > today for period in periods for x in period):
        out += ("exposure_periods",)
    return out


CHECKS: tuple[Check, ...] = (
    Check(
        "published_before_discovery",
        "the notice is dated before the breach was discovered",
        _order("discovered_on", "published_on"),
    ),
    Check(
        "first_disclosed_before_discovery",
        "the first disclosure is dated before the discovery",
        _order("discovered_on", "first_disclosed_on"),
    ),
    Check(
        "first_disclosed_after_published",
        "the first disclosure is dated after this notice",
        _order("first_disclosed_on", "published_on"),
    ),
    Check("ttd_out_of_range", "the time to disclosure is negative or over ten years", _ttd_range),
    Check(
        "confirmed_over_max",
        "more records confirmed than possibly leaked",
        _order("records_confirmed", "records_max"),
    ),
    Check("exposure_start_after_end", "an exposure period starts after it ends", _periods),
    Check("date_in_future", "a date lies in the future", _future),
)


def run_checks(values: Mapping[str, Any], today: dt.date | None = None) -> tuple[Flag, ...]:
    """The failed checks over values as `Evidence.value` holds them (dates as `date`)."""
    today = today or dt.date.today()
    flags = []
    for check in CHECKS:
        doubted = check.doubts(values, today)
        if doubted:
            flags.append(Flag(check.id, doubted, check.message))
    return tuple(flags)


def parse_values(schema: Mapping[str, Any]) -> dict[str, Any]:
    """SCHEMA values (ISO strings) as the checks read them, for the catalogue's resolved values."""
    out: dict[str, Any] = dict(schema)
    for name in (
        "published_on",
        "first_disclosed_on",
        "discovered_on",
        "forensic_report_on",
        "payment_suspended_on",
    ):
        out[name] = _date(schema.get(name))
    out["exposure_periods"] = [
        tuple(_date(x) for x in period) for period in schema.get("exposure_periods") or ()
    ]
    return out


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date) or value is None:
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None
