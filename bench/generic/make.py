"""Generic identifiers in ordinary sentences: template sentences filled by Faker in several locales.

    .venv/bin/python bench/generic/make.py            # writes bench/generic/generic.jsonl (seeded)
    .venv/bin/python bench/accuracy.py bench/generic/generic.jsonl

Every filled identifier is a gold span (phi: true); the figure that matters here is PHI span
recall per label (the issue's goal: ≥ 0.95), and span precision.

These items are fill-in-the-blank templates on purpose (validate.py counts 265 of 600 sharing their
shape): the set mirrors the public generic-PII template benchmarks and measures the *detectors* on
identifiers of every type and locale. It is a test set only: the trainer reads corpus/splits.toml,
which does not name it, so no model ever learns from these templates. The sentences are written for this
file; half carry a health context, half are everyday text (a form, a delivery, a bank).
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

from faker import Faker

LOCALES = ["en_US", "en_GB", "en_CA", "en_AU", "en_IN", "es_ES", "es_MX", "de_DE", "fr_FR", "it_IT", "pt_BR", "nl_NL"]
SEED = 8675309
N = 600
LABELS = {"name": "NAME", "first": "NAME", "last": "NAME", "phone": "PHONE", "intl": "PHONE", "email": "EMAIL",
          "street": "LOCATION", "address": "LOCATION", "city": "LOCATION", "zip": "LOCATION", "ssn": "SSN",
          "iban": "ACCOUNT", "account": "ACCOUNT", "card": "ACCOUNT", "dob": "DATE", "date": "DATE", "url": "URL",
          "ip": "IP", "license": "LICENSE", "plate": "VEHICLE", "mrn": "MRN", "member": "HEALTH_PLAN",
          "username": "USERNAME", "age": "AGE"}
TEMPLATES = [
    "My name is {name} and you can reach me on {phone}.",
    "Please send the paperwork to {name}, {address}.",
    "{name} was admitted on {date} with chest pain; her daughter's number is {phone}.",
    "Refund to IBAN {iban} for {name}, thanks.",
    "Hi, this is {first}. My card ending is not enough, here's the full one {card} for the copay.",
    "Ship the CPAP supplies to {street}, {city} {zip}.",
    "Contact: {email} / {phone}",
    "I moved to {city} last month, new address is {address}.",
    "Patient {name}, DOB {dob}, MRN {mrn}, seen today for follow-up.",
    "Member ID {member} — can you check why my claim was denied? {name}",
    "The account number on my bill is {account}, it shows a balance I already paid.",
    "{name} ({email}) asked us to move her appointment to {date}.",
    "Our neighbour {name} at {street} has been in hospital since {date}.",
    "Driver licence {license}, plate {plate}, for the parking validation of {name}.",
    "Can someone call my dad {name} at {intl}? He missed his dialysis.",
    "login from {ip} for user {username}",
    "Please wire the deposit to {iban} (account holder {name}).",
    "{first} {last} lives on {street} in {city}.",
    "my ssn is {ssn} and i still can't log into the portal",
    "Pick-up address: {address}. Recipient: {name}. Phone: {phone}.",
    "Happy {age}th birthday to {name}!",
    "Text {phone} if you found a blue wallet near {street}.",
    "{name} from {city} says the new insulin pump is working.",
    "Her fundraiser is at {url} — {name} needs help with the surgery bills.",
    "Call me back on {intl}, I'm {name}, about my mother's test results.",
    "Bank details: {account}. Name: {name}.",
    "I was born on {dob} in {city}.",
    "Send the MRI report to {email}, it's for {name}.",
    "Mr {last} has been in room 412 since {date}.",
    "Account {account} is past due; please call {phone}.",
    "Write to {name}, {address}, before {date}.",
    "Card {card} exp 09/29 — for {name}'s prescription.",
    "@{username} said on the group chat that {first} is back from rehab.",
    "We're at {street}, {zip} {city}, come by after 6.",
    "{name}, {age} years old, fell at home on {date}.",
    "Reach {first} at {email} or {phone} about the carpool.",
    "My IBAN is {iban}.",
    "New patient form: {name}; {address}; {phone}; DOB {dob}.",
    "Policy number {member}, subscriber {name}.",
    "{name} was seen at the urgent care on {date} and sent home.",
    "Vehicle {plate} is blocking the ambulance bay, owner {name}.",
    "you can find me at {url}",
    "Please update my phone to {intl} and my address to {address}.",
    "The lab called {name} on {phone} with the biopsy results.",
    "I'm {name}, SSN {ssn}, calling about my disability paperwork.",
    "Her licence number is {license}; she's the driver in the accident on {date}.",
    "Deliver to: {name}\n{address}\nTel. {phone}",
    "{first} from {city} is recovering after her knee replacement.",
    "Our records show {name} at {street}, account {account}.",
    "IP {ip} tried to open {name}'s chart three times.",
]


def fill(fk: Faker, rnd: random.Random, key: str) -> str:
    if key == "name":
        return fk.name()
    if key == "first":
        return fk.first_name()
    if key == "last":
        return fk.last_name()
    if key in ("phone", "intl"):
        return fk.phone_number()
    if key == "email":
        return fk.email()
    if key == "street":
        return fk.street_address().replace("\n", ", ")
    if key == "address":
        return fk.address().replace("\n", ", ")
    if key == "city":
        return fk.city()
    if key == "zip":
        return fk.postcode()
    if key == "ssn":
        return Faker("en_US").ssn() if rnd.random() < 0.8 else fk.ssn()
    if key == "iban":
        return fk.iban()
    if key == "account":
        return fk.bban() if rnd.random() < 0.5 else str(rnd.randrange(10**7, 10**12))
    if key == "card":
        return fk.credit_card_number()
    if key in ("dob", "date"):
        d = fk.date_of_birth(minimum_age=1, maximum_age=95) if key == "dob" else fk.date_this_year()
        return d.strftime(rnd.choice(["%m/%d/%Y", "%d/%m/%Y", "%B %d, %Y", "%d %B %Y", "%Y-%m-%d", "%b %d"]))
    if key == "url":
        return fk.url() + rnd.choice(["", "fundraiser/" + fk.user_name(), "~" + fk.user_name()])
    if key == "ip":
        return fk.ipv4() if rnd.random() < 0.8 else fk.ipv6()
    if key == "license":
        return fk.bothify(rnd.choice(["?#######", "?###-####-####", "##-###-####", "?##-??-####"])).upper()
    if key == "plate":
        return fk.license_plate()
    if key == "mrn":
        return fk.bothify(rnd.choice(["########", "MRN-#######", "??######"])).upper()
    if key == "member":
        return fk.bothify(rnd.choice(["???#########", "W########", "###-##-####-##"])).upper()
    if key == "username":
        return fk.user_name()
    if key == "age":
        return str(rnd.randrange(90, 106))
    raise KeyError(key)


def make(n: int = N, seed: int = SEED) -> list[dict]:
    rnd = random.Random(seed)
    fakers = {loc: Faker(loc) for loc in LOCALES}
    for i, f in enumerate(fakers.values()):
        f.seed_instance(seed + i)
    items = []
    for k in range(n):
        loc = LOCALES[k % len(LOCALES)]
        template = TEMPLATES[rnd.randrange(len(TEMPLATES))]
        text, spans, pos = [], [], 0
        length = 0
        for m in re.finditer(r"\{(\w+)\}", template):
            chunk = template[pos:m.start()]
            text.append(chunk)
            length += len(chunk)
            value = fill(fakers[loc], rnd, m.group(1)).strip()
            spans.append({"start": length, "end": length + len(value), "label": LABELS[m.group(1)], "phi": True})
            text.append(value)
            length += len(value)
            pos = m.end()
        text.append(template[pos:])
        items.append({"id": f"generic-{k + 1:04d}", "direction": "inbound", "kind": "comment", "platform": "facebook",
                      "text": "".join(text), "spans": spans, "phi_present": True, "reasons": [],
                      "notes": f"template sentence, Faker {loc}", "locale": loc})
    return items


def main() -> int:
    out = Path(__file__).with_name("generic.jsonl")
    items = make()
    out.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), encoding="utf-8")
    print(f"wrote {out}: {len(items)} items, {sum(len(i['spans']) for i in items)} spans", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
