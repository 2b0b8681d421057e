"""The notice to the Secretary (45 CFR 164.408) in the fields of the HHS/OCR breach portal, for
the report of a breach of 500 or more (164.408(b)) and the annual log of smaller breaches
(164.408(c)). Pure: no Django.

shared/docs/hipaa-reference.md (5.5) says only that the notice is given "in the manner specified
on the HHS website"; it does not list the portal's questions. The fields and choices below follow
the stored copies of the portal's form (ocrnotifications.hhs.gov: type of breach, location of the
information, safeguards in place before the breach, actions taken) and of two secondary
descriptions of its 2015 update (breach start and end dates, discovery date, approximate number
affected; the five safeguard choices) [S]. Check them against the live portal before filing.

What SafePost knows it fills in (dates, count, type of PHI from factor (i), notices sent, the
breach's end from the takedowns); what only the privacy officer knows (covered-entity type,
safeguards, actions, business-associate involvement) is recorded on the incident as codes.
The free-text description the portal asks for is not exported: it would carry PHI.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

BREACH_TYPES = {"unauthorized_disclosure": "Unauthorized Access/Disclosure", "hacking": "Hacking/IT Incident",
                "improper_disposal": "Improper Disposal", "loss": "Loss", "theft": "Theft", "other": "Other"}
LOCATIONS = {"other": "Other (social media)", "email": "Email", "emr": "Electronic Medical Record",
             "network_server": "Network Server", "desktop": "Desktop Computer", "laptop": "Laptop",
             "portable_device": "Other Portable Electronic Device", "paper": "Paper/Films"}
ENTITY_TYPES = {"provider": "Healthcare Provider", "health_plan": "Health Plan",
                "clearinghouse": "Healthcare Clearinghouse"}
SAFEGUARDS = {"none": "None", "privacy": "Privacy Rule Safeguards (Training, Policies and Procedures, etc.)",
              "administrative": "Security Rule Administrative Safeguards",
              "physical": "Security Rule Physical Safeguards", "technical": "Security Rule Technical Safeguards"}
ACTIONS = {
    "mitigate": "Took steps to mitigate harm",
    "sanctions": "Sanctioned workforce members involved",
    "training": "Trained or retrained workforce members",
    "policies": "Revised policies and procedures",
    "risk_analysis": "Performed a new/updated Security Rule Risk Analysis",
    "technical": "Implemented new technical safeguards",
    "ba_contracts": "Revised business associate contracts",
    "other": "Other",
}
# Factor (i)'s identifier types (rules.INFO_TYPES) by the portal's type of PHI [I]
PHI_TYPES = {"HEALTH": "Clinical", "MRN": "Clinical", "HEALTH_PLAN": "Financial", "ACCOUNT": "Financial",
             "OTHER_ID": "Other"}
PHI_TYPE_ORDER = ("Clinical", "Demographic", "Financial", "Other")
DEFAULTS = {"breach_type": "unauthorized_disclosure", "location": "other", "entity_type": "provider",
            "safeguards": [], "actions": [], "business_associate": False}

COLUMNS = ["SafePost Incident", "Breach Start Date", "Breach End Date", "Discovery Date",
           "Approximate Number of Individuals Affected", "State(s) of Individuals Affected", "Type of Breach",
           "Location of Breached Information", "Type of Protected Health Information Involved",
           "Safeguards in Place Prior to Breach", "Actions Taken in Response to Breach", "Business Associate Involved",
           "Covered Entity Type", "Individual Notice Provided Date", "Substitute Notice Required",
           "Substitute Notice Date", "Media Notice Required", "Media Notice Date(s)", "Report Type"]


def phi_types(info_types: list[str] | tuple[str, ...]) -> list[str]:
    """The portal's types of PHI for factor (i)'s identifier types (anything else is Demographic)."""
    found = {PHI_TYPES.get(t, "Demographic") for t in info_types}
    return [t for t in PHI_TYPE_ORDER if t in found]


def report_problems(d: dict) -> list[str]:
    """What is wrong with the officer's part of the report (codes only)."""
    problems = []
    for key, table in (("breach_type", BREACH_TYPES), ("location", LOCATIONS), ("entity_type", ENTITY_TYPES)):
        if d.get(key) not in table:
            problems.append(f"{key}: choose one of {', '.join(table)}")
    for key, table in (("safeguards", SAFEGUARDS), ("actions", ACTIONS)):
        if not isinstance(d.get(key), list) or any(v not in table for v in d[key]):
            problems.append(f"{key}: choose any of {', '.join(table)}")
    if "none" in (d.get("safeguards") or []) and len(d["safeguards"]) > 1:
        problems.append("safeguards: 'none' cannot be combined with a safeguard")
    if not isinstance(d.get("business_associate"), bool):
        problems.append("business_associate: yes or no")
    return problems


@dataclass(frozen=True)
class Facts:
    """What SafePost knows of one incident, for its row."""

    ref: str
    occurred_on: date | None
    ended_on: date | None            # the last takedown, once everything of ours is down
    discovered_on: date
    affected_total: int
    states: tuple[str, ...]
    info_types: tuple[str, ...]
    report: dict                     # the officer's codes (DEFAULTS where not recorded)
    individuals_sent: date | None
    substitute_required: bool | None   # None: the count of people not reached is not recorded
    substitute_sent: date | None
    media_required: bool
    media_sent: tuple[date, ...]
    annual: bool                     # fewer than 500: part of the annual log (164.408(c))


def _iso(d: date | None) -> str:
    return d.isoformat() if d else ""


def row(f: Facts) -> list[str]:
    r = {**DEFAULTS, **f.report}
    return [
        f.ref, _iso(f.occurred_on), _iso(f.ended_on), f.discovered_on.isoformat(), str(f.affected_total),
        "; ".join(f.states), BREACH_TYPES[r["breach_type"]], LOCATIONS[r["location"]], "; ".join(phi_types(f.info_types)),
        "; ".join(SAFEGUARDS[s] for s in r["safeguards"]), "; ".join(ACTIONS[a] for a in r["actions"]),
        "Yes" if r["business_associate"] else "No", ENTITY_TYPES[r["entity_type"]], _iso(f.individuals_sent),
        {True: "Yes", False: "No", None: ""}[f.substitute_required], _iso(f.substitute_sent), "Yes" if f.media_required else "No",
        "; ".join(d.isoformat() for d in f.media_sent),
        "Annual log (fewer than 500, 164.408(c))" if f.annual else "500 or more (164.408(b))",
    ]
