"""An incident as a VERIS 1.4.1 record (vz-risk/veris, `verisc-merged.json`, vendored in
`veris_schema/` with its licence and version).

Only what the notices state is coded; what VERIS has no field for (the exact dates, the time to
disclosure, our vocabulary codes) goes under `plus.catalogue`. `validate()` checks a record
against the schema and the official rule checks (`veris_rules.py`).

The mapping, field by field (ours -> VERIS):

| ours                            | VERIS                                                      |
|---------------------------------|------------------------------------------------------------|
| incident id                     | `incident_id`, a UUID 5: stable across exports             |
| causes                          | `action.*` by CAUSE_ACTIONS; none codable: `action.unknown` |
| cause third_party               | `asset.management` External                                |
| cause card_data_retention       | `attribute.confidentiality.state` Stored                   |
| discovered_by                   | `discovery_method` by DISCOVERY; none: `unknown`           |
| card_data (any)                 | `data` Payment (+ Personal, its 1.4.1 parent); `amount`    |
|                                 | only from a count of cards (Evidence.counts)               |
| personal_data                   | `data` Personal; `amount` only from a count of people      |
| personal_data password          | `data` Credentials                                         |
| records_max                     | `data_total` (the largest count of anything)               |
| confirmed count, fraud, 漏えい  | `data_disclosure` Yes; 可能性/おそれ: Potentially          |
| fraud_cases                     | `plus.attribute.confidentiality.data_abuse`                |
| first exposure, discovered_on   | `timeline.incident`, `timeline.discovery` (days)           |
| payment_suspended_on            | `timeline.containment` (days after discovery)              |
| first_disclosed_on              | `plus.timeline.notification` (the public disclosure)       |
| forensic firm                   | `plus.investigator` (name; Unknown when unnamed)           |
| review state                    | `plus.analysis_status` First pass / Reviewed; `confidence` |
| organization (or sites)         | `victim.victim_id`; country JP, industry 000, govt. NA     |
| notices' URLs                   | `reference` (else the incident's catalogue page)           |
"""

import datetime as dt
import functools
import json
import re
import uuid
from pathlib import Path

from . import veris_rules
from .models import Incident

SCHEMA_VERSION = "1.4.1"
SCHEMA_FILE = Path(__file__).resolve().parent / "veris_schema" / "verisc-merged.json"
# A fixed namespace, so an incident keeps its VERIS id across exports.
NAMESPACE = uuid.UUID("6b1c1d2e-4f0a-5c3b-9e7d-2a1f0c9b8e71")

# cause -> (action, variety, vector); None for causes that are not an action.
CAUSE_ACTIONS = {
    "unauthorized_access": ("hacking", "Unknown", "Web application"),
    "web_app_vulnerability": ("hacking", "Exploit vuln", "Web application"),
    "sql_injection": ("hacking", "SQLi", "Web application"),
    "vulnerable_software": ("hacking", "Exploit vuln", "Web application"),
    "file_upload": ("hacking", "Abuse of functionality", "Web application"),
    "credential_compromise": ("hacking", "Use of stolen creds", "Web application"),
    # A skimmer planted in the payment form by the intruder: installed directly.
    "payment_page_tampering": ("malware", "Capture app data", "Direct install"),
    "malware": ("malware", "Unknown", "Unknown"),
    "third_party": None,  # asset.management External
    "card_data_retention": None,  # attribute.confidentiality.state Stored
    "unknown": None,  # action.unknown
}
# discoverer -> (discovery_method key, variety)
DISCOVERY = {
    # Japanese processors and card companies find breaches by common-point-of-purchase fraud.
    "payment_processor": ("external", "Fraud detection"),
    "card_company": ("external", "Fraud detection"),
    "customer": ("external", "Customer"),
    "police": ("external", "Law enforcement"),
    "other": ("external", "Other"),
    "self": ("internal", "Unknown"),
}
# Integrity varieties the official rule checks expect with an action variety.
INTEGRITY = {"malware": "Software installation", "SQLi": "Repurpose"}

HEDGE = re.compile(r"可能性|おそれ|恐れ|疑い|懸念")
LEAKED = re.compile(r"漏えい|漏洩|流出|窃取|盗まれ|抜き取")
UNIT = re.compile(r"件|名|人|枚")
CARDS = re.compile(r"カード")
WINDOW = 60  # characters before a count that can name what it counts


def incident_veris(incident: Incident, request=None) -> dict:
    evidence = Evidence(incident)
    checked = reviewed(incident)
    actions = action(incident.causes)
    record = {
        "schema_name": "verisc",
        "schema_version": SCHEMA_VERSION,
        "incident_id": veris_id(incident),
        "source_id": "breach-catalogue",
        "security_incident": "Confirmed",
        "confidence": "High" if checked else "Medium",
        "summary": summary(incident),
        "action": actions,
        "actor": {"external": {"variety": ["Unknown"], "motive": ["Financial"]}},
        "asset": asset(incident.causes),
        "attribute": attribute(incident, evidence, actions),
        "discovery_method": discovery_method(incident.discovered_by),
        "timeline": timeline(incident),
        "victim": {
            "victim_id": incident.organization or ", ".join(incident.sites) or "Unknown",
            "country": ["JP"],
            "industry": "000",  # VERIS "unknown industry"; notices rarely state a NAICS code
            "government": ["NA"],
            "employee_count": "Unknown",
        },
        "reference": reference(incident, request),
        "plus": plus(incident, request, checked),
    }
    chain = value_chain(record["action"])
    if chain:
        record["value_chain"] = chain
    return record


def veris_id(incident: Incident) -> str:
    return str(uuid.uuid5(NAMESPACE, f"incident-{incident.pk}")).upper()


def summary(incident: Incident) -> str:
    name = incident.organization or ", ".join(incident.sites) or "An online shop"
    when = incident.first_disclosed_on or incident.published_on
    said = f" disclosed on {when.isoformat()}" if when else ""
    return f"Card-data breach at {name}{said}, coded from the organisation's public notices."


def action(causes: list[str]) -> dict:
    out: dict[str, dict] = {}
    for cause in causes:
        mapped = CAUSE_ACTIONS.get(cause)
        if not mapped:
            continue
        kind, variety, vector = mapped
        entry = out.setdefault(kind, {"variety": [], "vector": []})
        for key, value in (("variety", variety), ("vector", vector)):
            if value not in entry[key]:
                entry[key].append(value)
    for entry in out.values():
        for key in ("variety", "vector"):
            # A named variety or vector makes "Unknown" redundant.
            entry[key] = [v for v in entry[key] if v != "Unknown"] or ["Unknown"]
    return out or {"unknown": {}}


def asset(causes: list[str]) -> dict:
    out = {"assets": [{"variety": "S - Web application"}], "cloud": ["Unknown"]}
    if "third_party" in causes:
        out["management"] = ["External"]
    return out


def attribute(incident: Incident, evidence: "Evidence", actions: dict) -> dict:
    out = {"confidentiality": confidentiality(incident, evidence)}
    integrity = []
    if "malware" in actions:
        integrity.append(INTEGRITY["malware"])
    if "SQLi" in actions.get("hacking", {}).get("variety", []):
        integrity.append(INTEGRITY["SQLi"])
    if integrity:
        out["integrity"] = {"variety": integrity}
    return out


def confidentiality(incident: Incident, evidence: "Evidence") -> dict:
    counted = evidence.counts()
    data = []
    if incident.card_data:
        data.append(with_amount({"variety": "Payment"}, counted.get("cards")))
    if incident.card_data or incident.personal_data:
        # 1.4.1 makes Payment a child of Personal (vz-risk/veris#500, bin/rules.py).
        data.append(with_amount({"variety": "Personal"}, counted.get("people")))
    if "password" in incident.personal_data:
        data.append({"variety": "Credentials"})
    out = {
        "data": data or [{"variety": "Unknown"}],
        "data_victim": ["Customer"],
        "data_disclosure": data_disclosure(incident, evidence),
    }
    if incident.records_max is not None:
        out["data_total"] = incident.records_max
    states = []
    if "card_data_retention" in incident.causes:
        states.append("Stored")
    if "payment_page_tampering" in incident.causes:
        states.append("Processed")  # captured as the customer typed it
    if states:
        out["state"] = states
    return out


def with_amount(item: dict, amount: int | None) -> dict:
    return {**item, "amount": amount} if amount else item


def data_disclosure(incident: Incident, evidence: "Evidence") -> str:
    """Yes when the notices say the data leaked (漏えいした, a confirmed count, fraud); Potentially
    when they hedge (漏えいした可能性); Unknown when they name no leaked data at all."""
    if incident.fraud_cases or incident.records_confirmed:
        return "Yes"
    if not (incident.records_max or incident.card_data or incident.personal_data):
        return "Unknown"
    wording = evidence.wording()
    if wording and LEAKED.search(wording) and not HEDGE.search(wording):
        return "Yes"
    return "Potentially"


def discovery_method(discovered_by: str) -> dict:
    if discovered_by not in DISCOVERY:
        return {"unknown": True}
    where, variety = DISCOVERY[discovered_by]
    return {where: {"variety": [variety]}}


def exposure_start(incident: Incident) -> dt.date | None:
    starts = []
    for pair in incident.exposure_periods or []:
        try:
            starts.append(dt.date.fromisoformat(pair[0]))
        except (TypeError, ValueError, IndexError):
            continue  # an open start
    return min(starts) if starts else None


def ymd(day: dt.date) -> dict:
    return {"year": day.year, "month": day.month, "day": day.day}


def timeline(incident: Incident) -> dict:
    """VERIS dates the incident from its start: the first exposure, else the discovery.

    A date outside the schema's years (1950–2050: a misread era year) is passed over.
    """
    start = next(
        (d for d in (exposure_start(incident), incident.discovered_on) if d and in_range(d)),
        None,
    )
    out = {}
    if start:
        out["incident"] = ymd(start)
    else:
        dates = (incident.first_disclosed_on, incident.published_on, dt.date.today())
        out["incident"] = {"year": next(d for d in dates if d and in_range(d)).year}
    if start and incident.discovered_on and incident.discovered_on >= start:
        out["discovery"] = {"unit": "Days", "value": (incident.discovered_on - start).days}
    if incident.discovered_on and incident.payment_suspended_on:
        days = (incident.payment_suspended_on - incident.discovered_on).days
        if days >= 0:
            out["containment"] = {"unit": "Days", "value": days}
    return out


def in_range(day: dt.date) -> bool:
    return 1950 <= day.year <= 2050


def value_chain(actions: dict) -> dict:
    """The value-chain entries that checkValidity.py's checkValueChain expects for our actions."""
    development, targeting = [], []
    hacking = actions.get("hacking", {}).get("variety", [])
    if "Exploit vuln" in hacking:
        development.append("Exploit")
        targeting.append("Vulnerabilities")
    if "Use of stolen creds" in hacking:
        targeting.append("Lost or stolen credentials")
    if "malware" in actions and not development:
        development.append("Unknown")  # "even if it is 'Unknown'"
    out = {}
    if development:
        out["development"] = {"variety": development}
    if targeting:
        out["targeting"] = {"variety": targeting}
    return out


def reference(incident: Incident, request=None) -> str:
    """The notices' URLs; without any, the incident's page in the catalogue (never empty)."""
    urls = [d.source_url for d in incident.disclosures.all() if d.source_url]
    if urls:
        return "; ".join(dict.fromkeys(urls))
    if request is not None:
        return request.build_absolute_uri(incident.get_absolute_url())
    return f"breach-catalogue incident {incident.pk} ({incident.get_absolute_url()})"


def reviewed(incident: Incident) -> bool:
    """An editor checked it: nothing left in the review queue, and a review or a correction."""
    if incident.review_fields:
        return False
    if any(True for _ in incident.reviews.all()):
        return True
    return any(c.reverted_at is None for c in incident.corrections.all())


def iso(value) -> str | None:
    return value.isoformat() if value else None


def plus(incident: Incident, request=None, checked: bool = False) -> dict:
    firm = incident.forensic_firm
    out = {
        "analysis_status": "Reviewed" if checked else "First pass",
        "attribute": {
            "confidentiality": {
                "data_abuse": "Yes - Financial fraud" if incident.fraud_cases else "Unknown"
            }
        },
        "catalogue": catalogue_fields(incident, request),
    }
    if incident.first_disclosed_on:
        out["timeline"] = {"notification": ymd(incident.first_disclosed_on)}
    if firm or incident.forensic_investigation:
        out["investigator"] = firm.name if firm else "Unknown"
    return out


def catalogue_fields(incident: Incident, request=None) -> dict:
    out = {
        "id": incident.pk,
        "dates": {
            "exposure_periods": incident.exposure_periods or [],
            "discovered_on": iso(incident.discovered_on),
            "payment_suspended_on": iso(incident.payment_suspended_on),
            "forensic_report_on": iso(incident.forensic_report_on),
            "first_disclosed_on": iso(incident.first_disclosed_on),
            "published_on": iso(incident.published_on),
        },
        "time_to_disclosure_days": incident.ttd_days,
        "forensic_firm": incident.forensic_firm.slug if incident.forensic_firm else None,
        "records_max": incident.records_max,
        "records_confirmed": incident.records_confirmed,
        "fraud_cases": incident.fraud_cases,
        "causes": list(incident.causes),
        "card_data": list(incident.card_data),
        "personal_data": list(incident.personal_data),
        "discovered_by": incident.discovered_by or None,
        "reported_to": list(incident.reported_to),
    }
    if request is not None:
        out["url"] = request.build_absolute_uri(incident.get_absolute_url())
    return out


class Evidence:
    """What the notices' evidence spans say about the counts and the leak's wording."""

    def __init__(self, incident: Incident):
        self.incident = incident
        self.disclosures = sorted(
            incident.disclosures.all(), key=lambda d: (d.published_on or dt.date.min, d.pk)
        )[::-1]  # newest first, as `Incident.resolve` lets the latest notice win

    def passages(self, field: str, value=None) -> list[tuple[str, int, int]]:
        """(text, start, end) of the newest notice that gave `field` (this `value`)."""
        for disclosure in self.disclosures:
            extracted = disclosure.extraction.get(field) or {}
            if value is not None and extracted.get("value") != value:
                continue
            spans = extracted.get("spans") or []
            if spans:
                return [(disclosure.text, s, e) for s, e in spans if 0 <= s <= e]
        return []

    def counts(self) -> dict[str, int]:
        """records_max as `cards` when the notice counts cards (件/枚 of カード), as `people` when
        it counts people (名/人); neither when the unit does not say."""
        value = self.incident.records_max
        if not value:
            return {}
        for text, start, end in self.passages("records_max", value):
            unit = UNIT.search(text, start, end + 2)
            if unit and unit.group() in "名人":
                return {"people": value}
            if unit and CARDS.search(text, max(0, start - WINDOW), end):
                return {"cards": value}
        return {}

    def wording(self) -> str:
        """The sentences around the evidence of the leaked data and of the count."""
        parts = []
        for field in ("card_data", "records_max", "personal_data"):
            for text, start, end in self.passages(field):
                parts.append(text[max(0, start - WINDOW) : end + WINDOW])
        return "\n".join(parts)


@functools.cache
def schema() -> dict:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


@functools.cache
def validator():
    from jsonschema import Draft4Validator  # the draft the schema declares

    return Draft4Validator(schema())


def validate(record: dict) -> list[str]:
    """Every schema error and official rule-check failure of `record`, as readable lines."""
    problems = [
        f"{'.'.join(map(str, e.path)) or '(record)'}: {e.message}"
        for e in validator().iter_errors(record)
    ]
    return problems + list(veris_rules.check(record))
