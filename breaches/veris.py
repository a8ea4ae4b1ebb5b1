"""An incident as a VERIS record (vz-risk/veris, schema 1.3.x).

Only what the notice states is coded; the exact dates, the forensic firm and the time to
disclosure, which VERIS has no field for, go under `plus`.
"""

import datetime as dt
import uuid

from .models import Incident

SCHEMA_VERSION = "1.3.7"
# A fixed namespace, so an incident keeps its VERIS id across exports.
NAMESPACE = uuid.UUID("6b1c1d2e-4f0a-5c3b-9e7d-2a1f0c9b8e71")

HACKING = {
    "sql_injection": "SQLi",
    "web_app_vulnerability": "Exploit vuln",
    "vulnerable_software": "Exploit vuln",
    "file_upload": "Exploit vuln",
    "credential_compromise": "Use of stolen creds",
    "unauthorized_access": "Unknown",
}
MALWARE = {
    "payment_page_tampering": "Capture app data",  # a skimmer planted in the payment form
    "malware": "Unknown",
}
DISCOVERY = {
    "payment_processor": ("external", "Fraud detection"),
    "card_company": ("external", "Fraud detection"),
    "customer": ("external", "Customer"),
    "police": ("external", "Law enforcement"),
    "other": ("external", "Unknown"),
    "self": ("internal", "Unknown"),
}


def incident_veris(incident: Incident, request=None) -> dict:
    record = {
        "schema_version": SCHEMA_VERSION,
        "incident_id": str(uuid.uuid5(NAMESPACE, f"incident-{incident.pk}")).upper(),
        "security_incident": "Confirmed",
        "confidence": "Medium",
        "summary": str(incident),
        "action": action(incident.causes),
        "actor": {"external": {"variety": ["Unknown"], "motive": ["Financial"]}},
        "asset": {"assets": [{"variety": "S - Web application"}], "cloud": ["Unknown"]},
        "attribute": {"confidentiality": confidentiality(incident)},
        "discovery_method": discovery_method(incident.discovered_by),
        "timeline": timeline(incident),
        "victim": {
            "victim_id": incident.organization or ", ".join(incident.sites) or "Unknown",
            "country": ["JP"],
            "industry": "000",
            "employee_count": "Unknown",
        },
        "reference": "; ".join(
            d.source_url or d.source_path for d in incident.disclosures.all() if d.source_url
        ),
        "plus": plus(incident, request),
    }
    return record


def action(causes: list[str]) -> dict:
    hacking = list(dict.fromkeys(HACKING[c] for c in causes if c in HACKING))
    malware = list(dict.fromkeys(MALWARE[c] for c in causes if c in MALWARE))
    out = {}
    if hacking:
        # A named variety makes "Unknown" redundant.
        hacking = [v for v in hacking if v != "Unknown"] or ["Unknown"]
        out["hacking"] = {"variety": hacking, "vector": ["Web application"]}
    if malware:
        malware = [v for v in malware if v != "Unknown"] or ["Unknown"]
        out["malware"] = {"variety": malware, "vector": ["Web application"]}
    return out or {"Unknown": {}}


def confidentiality(incident: Incident) -> dict:
    data = []
    if incident.card_data:
        data.append(
            {"variety": "Payment", "amount": incident.records_max}
            if incident.records_max
            else {"variety": "Payment"}
        )
    if incident.personal_data:
        data.append({"variety": "Personal"})
    out = {
        "data": data or [{"variety": "Unknown"}],
        "data_victim": ["Customer"],
        "data_disclosure": data_disclosure(incident),
    }
    if incident.records_max is not None:
        out["data_total"] = incident.records_max
    return out


def data_disclosure(incident: Incident) -> str:
    if incident.fraud_cases or incident.records_confirmed:
        return "Yes"
    if incident.records_max or incident.card_data or incident.personal_data:
        return "Potentially"
    return "Unknown"


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


def timeline(incident: Incident) -> dict:
    """VERIS dates the incident from its start: the first exposure, else the discovery."""
    start = exposure_start(incident) or incident.discovered_on
    out = {}
    if start:
        out["incident"] = {"year": start.year, "month": start.month, "day": start.day}
    else:
        year = (incident.first_disclosed_on or incident.published_on or dt.date.today()).year
        out["incident"] = {"year": year}
    if start and incident.discovered_on:
        out["discovery"] = {"unit": "Days", "value": (incident.discovered_on - start).days}
    if incident.discovered_on and incident.payment_suspended_on:
        days = (incident.payment_suspended_on - incident.discovered_on).days
        out["containment"] = {"unit": "Days", "value": days}
    return out


def iso(value) -> str | None:
    return value.isoformat() if value else None


def plus(incident: Incident, request=None) -> dict:
    firm = incident.forensic_firm
    abuse = "Yes" if incident.fraud_cases else "Unknown"
    out = {
        "analysis_status": "First pass",
        "attribute": {"confidentiality": {"data_abuse": abuse}},
        "dates": {
            "exposure_periods": incident.exposure_periods or [],
            "discovered_on": iso(incident.discovered_on),
            "payment_suspended_on": iso(incident.payment_suspended_on),
            "forensic_report_on": iso(incident.forensic_report_on),
            "first_disclosed_on": iso(incident.first_disclosed_on),
            "published_on": iso(incident.published_on),
        },
        "forensic_investigation": incident.forensic_investigation,
        "forensic_firm": firm.name if firm else None,
        "time_to_disclosure_days": incident.ttd_days,
        "records_confirmed": incident.records_confirmed,
        "fraud_cases": incident.fraud_cases,
        "causes": list(incident.causes),
        "card_data": list(incident.card_data),
        "personal_data": list(incident.personal_data),
        "discovered_by": incident.discovered_by or None,
        "reported_to": list(incident.reported_to),
    }
    if request is not None:
        out["catalogue_url"] = request.build_absolute_uri(incident.get_absolute_url())
    return out
