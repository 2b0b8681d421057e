"""The 18 Safe Harbor identifiers (45 CFR 164.514(b)(2)(i)) as the engine labels them: the only
place their facts live — the rule's clause, whether a patient's authorization can cure its
disclosure in a public post, its name in plain English, its FORMAT.md reason code, and which
label wins when two detectors claim the same characters."""

from __future__ import annotations

import enum
from dataclasses import dataclass


@dataclass(frozen=True)
class LabelInfo:
    clause: str          # 164.514(b)(2)(i)(…)
    curable: bool        # can an authorization make its publication acceptable?
    plain: str           # how a reviewer reads it
    reason: str | None   # the FORMAT.md reason code a patient's identifier of this kind adds
    priority: int        # overlap resolution: the more specific identifier wins


class Label(str, enum.Enum):
    NAME = "NAME"
    LOCATION = "LOCATION"
    DATE = "DATE"
    AGE = "AGE"
    PHONE = "PHONE"
    FAX = "FAX"
    EMAIL = "EMAIL"
    SSN = "SSN"
    MRN = "MRN"
    HEALTH_PLAN = "HEALTH_PLAN"
    ACCOUNT = "ACCOUNT"
    LICENSE = "LICENSE"
    VEHICLE = "VEHICLE"
    DEVICE = "DEVICE"
    URL = "URL"
    IP = "IP"
    BIOMETRIC = "BIOMETRIC"
    USERNAME = "USERNAME"
    OTHER_ID = "OTHER_ID"

    @property
    def info(self) -> LabelInfo:
        return INFO[self]


_ID = "government_or_record_number"
_CONTACT = "contact_identifier"
INFO: dict[Label, LabelInfo] = {
    Label.NAME: LabelInfo("(A)", True, "a name", "names_patient", 3),
    Label.LOCATION: LabelInfo("(B)", True, "a place smaller than a state", "location_tied_to_patient", 3),
    Label.DATE: LabelInfo("(C)", True, "a date tied to a person", "date_tied_to_care", 4),
    Label.AGE: LabelInfo("(C)", True, "an age over 89", "age_over_89", 5),
    Label.PHONE: LabelInfo("(D)", True, "a telephone number", _CONTACT, 6),
    Label.FAX: LabelInfo("(E)", True, "a fax number", _CONTACT, 6),
    Label.EMAIL: LabelInfo("(F)", True, "an e-mail address", _CONTACT, 9),
    Label.SSN: LabelInfo("(G)", False, "a Social Security number", _ID, 8),
    Label.MRN: LabelInfo("(H)", False, "a medical record number", _ID, 7),
    Label.HEALTH_PLAN: LabelInfo("(I)", False, "a health-plan member number", _ID, 7),
    Label.ACCOUNT: LabelInfo("(J)", False, "an account number", _ID, 7),
    Label.LICENSE: LabelInfo("(K)", False, "a certificate or licence number", _ID, 7),
    Label.VEHICLE: LabelInfo("(L)", True, "a vehicle identifier or licence plate", _ID, 7),
    Label.DEVICE: LabelInfo("(M)", False, "a device identifier or serial number", _ID, 7),
    Label.URL: LabelInfo("(N)", True, "a web address", _CONTACT, 8),
    Label.IP: LabelInfo("(O)", True, "an IP address", _CONTACT, 8),
    Label.BIOMETRIC: LabelInfo("(P)", False, "a biometric identifier", None, 7),
    Label.USERNAME: LabelInfo("(R)", True, "a social-media handle", _CONTACT, 4),
    Label.OTHER_ID: LabelInfo("(R)", True, "another identifying number or code", _ID, 2),
}

LABELS: tuple[str, ...] = tuple(label.value for label in Label)
UNCURABLE: frozenset[str] = frozenset(label.value for label, i in INFO.items() if not i.curable)
LABEL_REASON: dict[str, str] = {label.value: i.reason for label, i in INFO.items() if i.reason}
PRIORITY: dict[str, int] = {label.value: i.priority for label, i in INFO.items()}
PLAIN: dict[str, str] = {label.value: i.plain for label, i in INFO.items()}
