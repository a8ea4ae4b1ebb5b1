"""The official VERIS rule checks, ported from vz-risk/veris `bin/checkValidity.py` (`main()`:
the checks it runs after schema validation) plus the 1.4.1 hierarchy rule of `bin/rules.py`
(vz-risk/veris#500: Payment, Bank, Medical and Sensitive Personal data are children of
Personal). Same commit as `veris_schema/VERSION`.

Each check keeps the upstream function's name and logic and yields a message instead of a
`jsonschema.ValidationError`. The value-chain "recommendations" are failures here too, as they
are in the upstream script's output. `checkYear` only runs with `plus.dbir_year`, which our
records never set; it is ported anyway so the list stays the upstream one.
"""

import datetime as dt
from collections.abc import Iterator


def check(record: dict) -> Iterator[str]:
    for rule in RULES:
        yield from rule(record)


def _get(record: dict, *path, default=None):
    for key in path:
        if not isinstance(record, dict) or key not in record:
            return default
        record = record[key]
    return record


def _varieties(record: dict, *path) -> list:
    return _get(record, *path, "variety", default=[]) or []


def checkMalwareIntegrity(r):
    if "malware" in r.get("action", {}):
        if "Software installation" not in _varieties(r, "attribute", "integrity"):
            yield "Malware present, but no Software installation in attribute.integrity.variety"


def checkSocialIntegrity(r):
    if "social" in r.get("action", {}):
        if "Alter behavior" not in _varieties(r, "attribute", "integrity"):
            yield "action.social present, but Alter behavior not in attribute.integrity.variety"


def checkSQLiRepurpose(r):
    if "SQLi" in _varieties(r, "action", "hacking"):
        if "Repurpose" not in _varieties(r, "attribute", "integrity"):
            yield "action.hacking.SQLi present but Repurpose not in attribute.integrity.variety"


def checkSecurityIncident(r):
    if "security_incident" not in r:
        yield "security_incident not in incident."
    elif r["security_incident"] == "Confirmed" and "attribute" not in r:
        yield "security_incident Confirmed but attribute section not present"


def checkLossTheftAvailability(r):
    expect_loss = "Theft" in _varieties(r, "action", "physical") or "Loss" in _varieties(
        r, "action", "error"
    )
    if expect_loss and "Loss" not in _varieties(r, "attribute", "availability"):
        yield (
            "action.physical.theft or action.error.loss present but "
            "attribute.availability.loss not present"
        )


def checkPlusAttributeConsistency(r):
    if "confidentiality" in _get(r, "plus", "attribute", default={}):
        if "confidentiality" not in r.get("attribute", {}):
            yield (
                "plus.attribute.confidentiality present but confidentiality is not an "
                "affected attribute."
            )


def _date(year, month, day) -> dt.date:
    return dt.date(*[x if x else 1 for x in (year, month, day)])


def checkYear(r):
    dbir_year = _get(r, "plus", "dbir_year")
    if not dbir_year:
        return
    notification = _get(r, "plus", "timeline", "notification", default={})
    incident = _get(r, "timeline", "incident", default={})
    discovered = _get(r, "timeline", "discovered", "unit", default="(no discovery unit)")
    nyear, nmonth = notification.get("year"), notification.get("month")
    iyear, imonth = incident.get("year"), incident.get("month")
    tyear, tmonth = (nyear, nmonth) if nyear is not None else (iyear, imonth)
    window = (
        f"DBIR year of {dbir_year} runs from Nov 1, {dbir_year - 2} to Oct 31, {dbir_year - 1}."
    )
    if tyear >= dbir_year or (tyear == dbir_year - 1 and tmonth is not None and tmonth > 10):
        yield f"{window} Incident year {tyear} and month {tmonth} is too late."
    elif tyear == dbir_year - 2:
        if tmonth is not None and tmonth < 11 and discovered in ("Months", "Years"):
            yield f"{window} Incident year {tyear}, month {tmonth} is before this range."
    elif tyear < dbir_year - 2 and discovered != "Years":
        yield f"{window} Incident year {tyear} is before this range."
    today = dt.date.today()
    ndate = None
    if nyear is not None:
        try:
            ndate = _date(nyear, nmonth, notification.get("day"))
        except ValueError as e:
            yield f"Problem with notification date: {e}"
        if ndate and ndate > today:
            yield f"Notification date {ndate} is greater than today's date {today}."
    try:
        idate = _date(iyear, imonth, incident.get("day"))
    except ValueError as e:
        yield f"Problem with incident date: {e}"
        return
    if idate > today:
        yield f"Incident date {idate} is greater than today's date {today}."
    if ndate and idate > ndate:
        yield f"Notification date {ndate} appears to be earlier than incident date {idate}."


def checkImpactTotal(r):
    impact = r.get("impact", {})
    if "loss" in impact:
        total = sum(k.get("amount", 0) for k in impact["loss"])
        if total > impact.get("overall_amount", 0):
            yield f"The amounts in impact.loss sum to {total}, more than impact.overall_amount."


def checkMisuseActor(r):
    if "misuse" in r["action"] and "internal" not in r["actor"] and "partner" not in r["actor"]:
        yield "Misuse in action, but no internal or partner actor defined (VERIS issue #229)."


def checkDataTotal(r):
    confidentiality = r["attribute"].get("confidentiality", {})
    if "data" in confidentiality:
        most = max(k.get("amount", 0) for k in confidentiality["data"])
        if most > confidentiality.get("data_total", 0):
            yield (
                f"The maximum attribute.confidentiality.data.amount is {most}, but "
                f"attribute.confidentiality.data_total is {confidentiality.get('data_total')}."
            )


REGIONS = {
    "002": ["011", "014", "017", "018", "015", "000"],
    "010": ["000"],
    "019": ["021", "005", "013", "029", "419", "000"],
    "419": ["005", "013", "029"],
    "142": ["030", "034", "035", "143", "145", "000"],
    "150": ["039", "151", "154", "830", "155", "000"],
    "009": ["053", "054", "057", "061", "000"],
    "000": ["000"],
}
NON_USED_REGIONS = {"001": "000", "020": "002", "003": "019"}


def checkRegion(r):
    for region in _get(r, "victim", "region", default=[]):
        if not isinstance(region, str) or len(region) != 6:
            yield f"Victim.region {region} is not a six character string."
        elif region[:3] in NON_USED_REGIONS:
            yield f"Region {region} is incorrect: replace {region[:3]!r}."
        elif region[3:] not in REGIONS.get(region[:3], []):
            yield f"victim.region second half {region[3:]!r} does not match {region[:3]!r}."


def checkSecondaryVictimAmount(r):
    secondary = _get(r, "victim", "secondary", default={})
    if len(secondary.get("victim_id", [])) > secondary.get("amount", 0):
        yield "victim.secondary.victim_id lists more victims than victim.secondary.amount."


# (condition on the record, value_chain path that must hold the variety, variety)
VALUE_CHAIN = (
    (("action", "social", "variety", "Phishing"), ("development",), "Email"),
    (("action", "social", "variety", "Phishing"), ("targeting",), "Email addresses"),
    (("action", "malware", "vector", "C2"), ("non-distribution services",), "C2"),
    (("action", "malware", "variety", "Ransomware"), ("cash-out",), "Cryptocurrency"),
    (("action", "malware", "variety", "Ransomware"), ("development",), "Ransomware"),
    (("action", "social", "vector", "Email"), ("distribution",), "Email"),
    (("action", "social", "vector", "Email"), ("targeting",), "Email addresses"),
    (("action", "malware", "variety", "Trojan"), ("development",), "Trojan"),
    (("action", "social", "variety", "Pretexting"), ("development",), "Persona"),
    (
        ("action", "hacking", "variety", "Use of stolen creds"),
        ("targeting",),
        "Lost or stolen credentials",
    ),  # noqa: E501
    (("action", "hacking", "variety", "Exploit vuln"), ("targeting",), "Vulnerabilities"),
    (("action", "hacking", "variety", "Exploit vuln"), ("development",), "Exploit"),
    (("action", "malware", "variety", "Downloader"), ("distribution",), "Loader"),
    (("action", "hacking", "variety", "Exploit misconfig"), ("targeting",), "Misconfigurations"),
    (("action", "malware", "variety", "Exploit misconfig"), ("targeting",), "Misconfigurations"),
    (("action", "malware", "vector", "Web application"), ("development",), "Website"),
    (("action", "social", "vector", "Web application"), ("development",), "Website"),
)


def checkValueChain(r):
    chain = r.get("value_chain", {})
    for (*path, value), (stage,), variety in VALUE_CHAIN:
        if value in (_get(r, *path, default=[]) or []):
            if variety not in _varieties(chain, stage):
                where = ".".join(path)
                yield f"Because there is {where}.{value}, add value_chain.{stage}.{variety}."
    if "malware" in r["action"] and not _varieties(chain, "development"):
        yield (
            "Because there is a malware action, consider adding a value_chain development "
            "variety, even if it is 'Unknown'."
        )


def checkDefacementInterruption(r):
    if "Defacement" in _varieties(r, "attribute", "integrity"):
        availability = _get(r, "attribute", "availability")
        if availability is None or "Interruption" not in availability:
            yield "Because there is a defacement, consider adding Interruption to Availability"


PERSONAL_CHILDREN = ("Medical", "Sensitive Personal", "Bank", "Payment")


def checkPersonalHierarchy(r):
    """bin/rules.py 1.4.1: a child of Personal brings Personal with it."""
    varieties = [
        d.get("variety") for d in _get(r, "attribute", "confidentiality", "data", default=[])
    ]
    if any(v in PERSONAL_CHILDREN for v in varieties) and "Personal" not in varieties:
        yield "attribute.confidentiality.data has a child of Personal but not Personal itself."


RULES = (
    checkMalwareIntegrity,
    checkSocialIntegrity,
    checkSQLiRepurpose,
    checkSecurityIncident,
    checkLossTheftAvailability,
    checkPlusAttributeConsistency,
    checkYear,
    checkImpactTotal,
    checkMisuseActor,
    checkDataTotal,
    checkRegion,
    checkSecondaryVictimAmount,
    checkValueChain,
    checkDefacementInterruption,
    checkPersonalHierarchy,
)
