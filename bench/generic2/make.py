#!/usr/bin/env python3
"""Build bench/generic2/generic2.jsonl: 600 generic-PII template sentences in 14 locales.

A seeded, reproducible generator in the style of public generic-PII benchmark templates
(forms, customer-service chats, deliveries, bank and insurance messages, HR notes, travel
bookings, school notices, medical intake lines). Every filled identifier is a gold span
(phi: true); offsets are computed while the text is assembled and checked with
text[start:end] == value.

    /work/main/.venv/bin/python bench/generic2/make.py [--n 600] [--seed 20240611] [--out PATH]

Needs Faker (names, street addresses, cities, postcodes, plates, a few national IDs); every
other identifier (phones in local and international form, IBANs with valid check digits,
Luhn card/IMEI/SIN numbers, NHS / Medicare / NIR check digits, DNI letters, ...) is built here.
"""
import argparse
import datetime as dt
import json
import os
import random
import re
import string
import sys
import unicodedata
from collections import Counter
from pathlib import Path

from faker import Faker

LOCALES = ["en_US", "en_GB", "en_AU", "en_CA", "en_IN", "es_ES", "es_MX", "es_AR", "es_CO",
           "de_DE", "fr_FR", "it_IT", "pt_BR", "nl_NL"]

# --------------------------------------------------------------------------------------------
# small helpers
# --------------------------------------------------------------------------------------------
UP = string.ascii_uppercase
DIG = string.digits


def digits(r, n, first_nonzero=False):
    s = "".join(r.choice(DIG) for _ in range(n))
    if first_nonzero and s[0] == "0":
        s = r.choice("123456789") + s[1:]
    return s


def letters(r, n, alphabet=UP):
    return "".join(r.choice(alphabet) for _ in range(n))


def luhn_check(payload):
    total = 0
    for i, ch in enumerate(reversed(payload)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def group(s, sizes, sep=" "):
    out, i = [], 0
    for n in sizes:
        out.append(s[i:i + n])
        i += n
    if i < len(s):
        out.append(s[i:])
    return sep.join(p for p in out if p)


def ascii_fold(s):
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]", "", s.lower())


BAD_NAMES = {"Jos", "auch Schlauchin", "Dussen van"}
PARTICLES = {"van", "von", "de", "da", "der", "den", "del", "dos", "das", "di", "la", "le", "du", "ten", "ter", "op", "zu"}


def name_ok(first, last):
    """Skip a few odd entries of Faker's name lists (a truncated 'Jos', 'Koch II', 'auch ...')."""
    if first in BAD_NAMES or last in BAD_NAMES or not ascii_fold(first) or not ascii_fold(last):
        return False
    toks = (first + " " + last).split()
    if any(t in ("II", "III", "Jr.", "Sr.") for t in toks):
        return False
    if last.split()[-1].lower() in PARTICLES:
        return False
    return all(t[:1].isupper() or t.lower() in PARTICLES or t[:1] == "'" for t in toks)


def clean_addr(s):
    s = s.replace("\n", ", ")
    s = re.sub(r"\s+,", ",", s)
    s = re.sub(r"\s+", " ", s).strip(" ,")
    return s


# --------------------------------------------------------------------------------------------
# dates
# --------------------------------------------------------------------------------------------
MONTHS = {
    "en": "January February March April May June July August September October November December",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
}
MONTHS = {k: v.split() for k, v in MONTHS.items()}


MONTH_ABBR = {
    "es": "ene feb mar abr may jun jul ago sep oct nov dic".split(),
    "de": "Jan. Feb. März Apr. Mai Juni Juli Aug. Sept. Okt. Nov. Dez.".split(),
    "fr": "janv. févr. mars avr. mai juin juil. août sept. oct. nov. déc.".split(),
    "it": "gen feb mar apr mag giu lug ago set ott nov dic".split(),
    "pt": "jan fev mar abr mai jun jul ago set out nov dez".split(),
    "nl": "jan feb mrt apr mei jun jul aug sep okt nov dec".split(),
}


def ordinal(n):
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def fmt_date(d, loc, style, r, variant=None):
    lang = loc[:2]
    mon = MONTHS[lang][d.month - 1]
    day = d.day
    if style == "iso":
        return d.strftime("%Y-%m-%d")
    if style in ("num", "yy"):
        y = d.strftime("%Y") if style == "num" else d.strftime("%y")
        pad = r.random() < 0.7
        dd = f"{day:02d}" if pad else str(day)
        mm = f"{d.month:02d}" if pad else str(d.month)
        if loc == "en_US" or (loc == "en_CA" and r.random() < 0.5):
            return f"{mm}/{dd}/{y}"
        if lang == "de":
            return f"{dd}.{mm}.{y}"
        if lang == "nl":
            return f"{dd}-{mm}-{y}"
        if loc == "en_IN" and r.random() < 0.3:
            return f"{dd}-{mm}-{y}"
        return f"{dd}/{mm}/{y}"
    if style == "long":
        if lang == "en":
            if loc in ("en_US", "en_CA"):
                return f"{mon} {day}, {d.year}"
            return f"{day} {mon} {d.year}"
        if lang in ("es", "pt"):
            return f"{day} de {mon} de {d.year}"
        if lang == "de":
            return f"{day}. {mon} {d.year}"
        if lang == "fr":
            return f"{'1er' if day == 1 else day} {mon} {d.year}"
        if lang == "it":
            return f"{'1º' if day == 1 else day} {mon} {d.year}"
        return f"{day} {mon} {d.year}"  # nl
    if style == "short":  # no year
        if lang == "en":
            c = r.randrange(3) if variant is None else variant
            if c == 0:
                return f"{mon} {ordinal(day)}"
            if c == 1:
                return f"{ordinal(day)} {mon}" if loc != "en_US" else f"{mon[:3]} {day}"
            return f"{mon} {day}" if loc in ("en_US", "en_CA") else f"{day} {mon}"
        if lang in ("es", "pt"):
            return f"{day} de {mon}"
        if lang == "de":
            return f"{day}. {mon}"
        if lang == "fr":
            return f"{'1er' if day == 1 else day} {mon}"
        return f"{day} {mon}"
    if style == "abbr":
        m3 = mon[:3]
        if lang == "en":
            c = r.randrange(3)
            if c == 0:
                return f"{day:02d}-{m3}-{d.year}"
            if c == 1:
                return f"{m3} {day}, {d.year}"
            return f"{day} {m3} {d.year}"
        ab = MONTH_ABBR[lang][d.month - 1]
        if lang == "es":
            return f"{day:02d}-{ab}-{d.year}"
        if lang == "de":
            return f"{day}. {ab} {d.year}"
        return f"{day} {ab} {d.year}"
    raise ValueError(style)


# --------------------------------------------------------------------------------------------
# phones (local, international)
# --------------------------------------------------------------------------------------------
def phone(loc, r, form=None, landline=False):
    """A phone number in local or international form for the locale."""
    intl = (r.random() < 0.45) if form is None else (form == "intl")
    d = lambda n: digits(r, n)
    if loc in ("en_US", "en_CA"):
        area = r.choice([212, 312, 415, 512, 617, 702, 808, 907, 971, 504, 614, 919, 303, 206]
                        if loc == "en_US" else [416, 604, 403, 514, 613, 902, 306, 780, 905, 250])
        ex, ln = str(r.randint(201, 989)), d(4)
        if intl:
            return r.choice([f"+1 {area} {ex} {ln}", f"+1-{area}-{ex}-{ln}", f"+1 ({area}) {ex}-{ln}",
                             f"+1{area}{ex}{ln}"])
        return r.choice([f"({area}) {ex}-{ln}", f"{area}-{ex}-{ln}", f"{area}.{ex}.{ln}", f"{area}{ex}{ln}",
                         f"1-{area}-{ex}-{ln}"])
    if loc == "en_GB":
        if not landline and r.random() < 0.6:
            n = "7" + r.choice("345789") + d(8)
            return (r.choice([f"+44 {n[:4]} {n[4:]}", f"+44{n}", f"+44 (0){n[:4]} {n[4:]}"]) if intl
                    else r.choice([f"0{n[:4]} {n[4:]}", f"0{n}", f"0{n[:4]}-{n[4:]}"]))
        a, rest = r.choice([("20", d(8)), ("161", d(7)), ("113", d(7)), ("117", d(7)), ("131", d(7))])
        rest = f"{rest[:4]} {rest[4:]}" if len(rest) == 8 else f"{rest[:3]} {rest[3:]}"
        return (r.choice([f"+44 {a} {rest}", f"+44 (0){a} {rest}"]) if intl else f"0{a} {rest}")
    if loc == "en_AU":
        if not landline and r.random() < 0.6:
            n = "4" + d(8)
            return (r.choice([f"+61 {n[:3]} {n[3:6]} {n[6:]}", f"+61{n}"]) if intl
                    else r.choice([f"0{n[:3]} {n[3:6]} {n[6:]}", f"0{n}", f"0{n[:3]}-{n[3:6]}-{n[6:]}"]))
        a, n = r.choice("2378"), r.choice("3456789") + d(7)
        return f"+61 {a} {n[:4]} {n[4:]}" if intl else r.choice([f"(0{a}) {n[:4]} {n[4:]}", f"0{a} {n[:4]} {n[4:]}"])
    if loc == "en_IN":
        if landline:
            a, n = r.choice([("22", 8), ("11", 8), ("80", 8), ("40", 8), ("33", 8), ("484", 7)])
            n = r.choice("2456") + d(n - 1)
            return f"+91 {a} {n}" if intl else r.choice([f"0{a} {n}", f"0{a}-{n}", f"0{a} {n[:4]} {n[4:]}"])
        n = r.choice("6789") + d(9)
        if intl:
            return r.choice([f"+91 {n[:5]} {n[5:]}", f"+91-{n}", f"+91{n}", f"+91 {n}"])
        return r.choice([f"{n[:5]} {n[5:]}", f"0{n}", n, f"0{n[:5]}-{n[5:]}"])
    if loc == "es_ES":
        n = r.choice(["91", "93", "96", "98"] if landline else ["6", "7", "91", "93", "96"])
        n = n + d(9 - len(n))
        if intl:
            return r.choice([f"+34 {n[:3]} {n[3:5]} {n[5:7]} {n[7:]}", f"0034 {n}", f"+34{n}", f"+34 {n[:3]} {n[3:6]} {n[6:]}"])
        return r.choice([f"{n[:3]} {n[3:5]} {n[5:7]} {n[7:]}", f"{n[:3]} {n[3:6]} {n[6:]}", n])
    if loc == "es_MX":
        a = r.choice(["55", "33", "81", "222", "442", "999"])
        n = d(10 - len(a))
        loc_n = f"{a} {n[:-4]} {n[-4:]}"
        if intl:
            return r.choice([f"+52 {loc_n}", f"+52 1 {loc_n}", f"+52{a}{n}"])
        return r.choice([loc_n, f"({a}) {n[:-4]}-{n[-4:]}", f"{a}{n}"])
    if loc == "es_AR":
        a = r.choice(["11", "351", "341", "261", "223"])
        n = d(10 - len(a))
        tail = f"{n[:-4]}-{n[-4:]}"
        if intl:
            return r.choice([f"+54 9 {a} {tail}", f"+54 {a} {tail}", f"+549{a}{n}"])
        return r.choice([f"{a} {tail}", f"0{a} 15-{tail}", f"15-{tail}", f"({a}) {tail}"])
    if loc == "es_CO":
        if not landline and r.random() < 0.7:
            n = "3" + r.choice("0125") + d(8)
            return (r.choice([f"+57 {n[:3]} {n[3:6]} {n[6:]}", f"+57{n}"]) if intl
                    else r.choice([f"{n[:3]} {n[3:6]} {n[6:]}", n, f"{n[:3]}-{n[3:]}"]))
        a, n = r.choice(["601", "604", "602", "605"]), d(7)
        return f"+57 {a} {n[:3]} {n[3:]}" if intl else r.choice([f"({a}) {n[:3]} {n[3:]}", f"{a} {n}"])
    if loc == "de_DE":
        if not landline and r.random() < 0.55:
            p, n = r.choice(["151", "160", "171", "176", "157"]), d(r.choice([7, 8]))
            return (r.choice([f"+49 {p} {n}", f"+49{p}{n}", f"0049 {p} {n}"]) if intl
                    else r.choice([f"0{p} {n}", f"0{p}/{n}", f"0{p}-{n}", f"0{p}{n}"]))
        a = r.choice(["30", "40", "89", "221", "69", "711"])
        n = d(r.choice([7, 8]) if len(a) == 2 else 7)
        return (r.choice([f"+49 {a} {n}", f"+49 (0){a} {n}", f"0049 {a} {n}"]) if intl
                else r.choice([f"0{a} {n}", f"0{a}/{n}", f"(0{a}) {n}"]))
    if loc == "fr_FR":
        n = r.choice("12345" if landline else "1234567") + d(8)
        pairs = [n[1:3], n[3:5], n[5:7], n[7:]]
        if intl:
            return r.choice([f"+33 {n[0]} " + " ".join(pairs), f"+33 (0){n[0]} " + " ".join(pairs), f"+33{n}"])
        return r.choice([f"0{n[0]} " + " ".join(pairs), f"0{n[0]}." + ".".join(pairs), f"0{n}"])
    if loc == "it_IT":
        if not landline and r.random() < 0.6:
            n = "3" + r.choice("234789") + d(8)
            return (r.choice([f"+39 {n[:3]} {n[3:6]} {n[6:]}", f"+39{n}", f"0039 {n}"]) if intl
                    else r.choice([f"{n[:3]} {n[3:6]} {n[6:]}", f"{n[:3]} {n[3:]}", n, f"{n[:3]}/{n[3:]}"]))
        a = r.choice(["06", "02", "011", "055", "081"])
        n = d(10 - len(a))
        return (r.choice([f"+39 {a} {n}", f"0039 {a} {n}"]) if intl else r.choice([f"{a} {n}", f"{a}-{n}", f"{a}/{n}"]))
    if loc == "pt_BR":
        a = r.choice(["11", "21", "31", "41", "51", "61", "71", "81"])
        n = ("9" + d(8)) if (not landline and r.random() < 0.7) else (r.choice("234") + d(7))
        tail = f"{n[:-4]}-{n[-4:]}"
        if intl:
            return r.choice([f"+55 {a} {tail}", f"+55 ({a}) {tail}", f"+55{a}{n}"])
        return r.choice([f"({a}) {tail}", f"{a} {tail}", f"{a}{n}", f"({a}){n}"])
    if loc == "nl_NL":
        if not landline and r.random() < 0.6:
            n = d(8)
            return (r.choice([f"+31 6 {n}", f"+31 (0)6 {n}", f"0031 6 {n}", f"+316{n}"]) if intl
                    else r.choice([f"06-{n}", f"06 {n[:4]} {n[4:]}", f"06{n}", f"06 {n}"]))
        a = r.choice(["20", "10", "30", "70", "40", "50"])
        n = d(7)
        return (r.choice([f"+31 {a} {n[:3]} {n[3:]}", f"+31 (0){a} {n[:3]} {n[3:]}"]) if intl
                else r.choice([f"0{a} {n[:3]} {n[3:]}", f"0{a}-{n}"]))
    raise KeyError(loc)


# --------------------------------------------------------------------------------------------
# IBAN and bank accounts
# --------------------------------------------------------------------------------------------
def iban(country, r):
    if country == "GB":
        bban = r.choice(["NWBK", "BARC", "LOYD", "HBUK", "MIDL"]) + digits(r, 14)
    elif country == "ES":
        bban = digits(r, 20)
    elif country == "DE":
        bban = digits(r, 18)
    elif country == "FR":
        bban = digits(r, 23)
    elif country == "IT":
        bban = r.choice(UP) + digits(r, 22)
    elif country == "NL":
        bban = r.choice(["ABNA", "RABO", "INGB", "SNSB", "TRIO", "ASNB"]) + digits(r, 10)
    else:
        raise KeyError(country)
    num = "".join(str(int(c, 36)) for c in bban + country + "00")
    check = 98 - int(num) % 97
    s = f"{country}{check:02d}{bban}"
    if r.random() < 0.5:
        s = group(s, [4] * 10)
    return s


def card(r):
    kind = r.random()
    if kind < 0.45:
        p, n = "4", 16
    elif kind < 0.8:
        p, n = str(r.randint(51, 55)), 16
    elif kind < 0.92:
        p, n = r.choice(["34", "37"]), 15
    else:
        p, n = "6011", 16
    payload = p + digits(r, n - len(p) - 1)
    s = payload + luhn_check(payload)
    c = r.randrange(3)
    if n == 15:
        return s if c == 0 else group(s, [4, 6, 5], " " if c == 1 else "-")
    return s if c == 0 else group(s, [4, 4, 4, 4], " " if c == 1 else "-")


def account(loc, r):
    """(value, descriptor) of a bank account for the locale."""
    if loc == "en_US":
        return digits(r, r.choice([10, 11, 12]), True), r.choice(["account number", "checking account #", "acct no."])
    if loc == "en_GB":
        if r.random() < 0.5:
            return iban("GB", r), "IBAN"
        return digits(r, 8, True), r.choice(["account number", "acc no"])
    if loc == "en_AU":
        return digits(r, r.choice([8, 9]), True), r.choice(["account number", "acc no."])
    if loc == "en_CA":
        return digits(r, 7, True), r.choice(["account number", "chequing account"])
    if loc == "en_IN":
        return digits(r, r.choice([11, 12, 14, 16]), True), r.choice(["account number", "a/c no."])
    if loc == "es_ES":
        return iban("ES", r), r.choice(["IBAN", "cuenta"])
    if loc == "es_MX":
        return digits(r, 18), r.choice(["CLABE", "cuenta CLABE"])
    if loc == "es_AR":
        return digits(r, 22, True), "CBU"
    if loc == "es_CO":
        s = digits(r, 11, True)
        return (f"{s[:3]}-{s[3:9]}-{s[9:]}" if r.random() < 0.5 else s), r.choice(["cuenta de ahorros", "cuenta"])
    if loc == "de_DE":
        return iban("DE", r), "IBAN"
    if loc == "fr_FR":
        return iban("FR", r), "IBAN"
    if loc == "it_IT":
        return iban("IT", r), "IBAN"
    if loc == "pt_BR":
        s = digits(r, r.choice([5, 6, 8]), True)
        return f"{s}-{r.choice(DIG + 'X')}", r.choice(["conta corrente", "conta poupança"])
    if loc == "nl_NL":
        return iban("NL", r), r.choice(["IBAN", "rekeningnummer"])
    raise KeyError(loc)


# --------------------------------------------------------------------------------------------
# national IDs (OTHER_ID; U.S. SSN is SSN) and health-system numbers (HEALTH_PLAN)
# --------------------------------------------------------------------------------------------
DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def dni(r):
    n = r.randint(10_000_000, 79_999_999)
    return f"{n}{DNI_LETTERS[n % 23]}"


def national_id(loc, r, fk, person):
    """(value, descriptor, label)."""
    if loc == "en_US":
        area = r.choice([x for x in range(1, 900) if x != 666])
        s = f"{area:03d}-{r.randint(1, 99):02d}-{r.randint(1, 9999):04d}"
        c = r.random()
        s = s if c < 0.7 else (s.replace("-", " ") if c < 0.85 else s.replace("-", ""))
        return s, r.choice(["SSN", "Social Security number", "social security #"]), "SSN"
    if loc == "en_GB":
        first = r.choice("ABCEGHJKLMNPRSTWXYZ")
        second = r.choice("ABCEGHJKLMNPRSTWXYZ".replace("O", ""))
        n = digits(r, 6)
        s = f"{first}{second} {n[:2]} {n[2:4]} {n[4:]} {r.choice('ABCD')}"
        return (s if r.random() < 0.6 else s.replace(" ", "")), r.choice(["National Insurance number", "NI number", "NINO"]), "OTHER_ID"
    if loc == "en_AU":
        w = [1, 4, 3, 7, 5, 8, 6, 9, 10]
        while True:
            head = [int(c) for c in digits(r, 8, True)]
            s0 = sum(a * b for a, b in zip(head, w))
            last = [d for d in range(10) if (s0 + d * 10) % 11 == 0]
            if last:
                t = "".join(map(str, head + [last[0]]))
                break
        return (group(t, [3, 3, 3]) if r.random() < 0.6 else t), r.choice(["TFN", "tax file number"]), "OTHER_ID"
    if loc == "en_CA":
        payload = r.choice("1234567") + digits(r, 7)
        t = payload + luhn_check(payload)
        return group(t, [3, 3, 3], r.choice([" ", "-"])), r.choice(["SIN", "social insurance number"]), "OTHER_ID"
    if loc == "en_IN":
        if r.random() < 0.6:
            t = r.choice("23456789") + digits(r, 11)
            return (group(t, [4, 4, 4]) if r.random() < 0.7 else t), r.choice(["Aadhaar number", "Aadhaar no."]), "OTHER_ID"
        t = letters(r, 3) + "P" + ascii_fold(person["last"])[:1].upper() + digits(r, 4) + r.choice(UP)
        return t, "PAN", "OTHER_ID"
    if loc == "es_ES":
        if r.random() < 0.7:
            s = dni(r)
            return (s if r.random() < 0.7 else f"{s[:-1]}-{s[-1]}"), "DNI", "OTHER_ID"
        p = r.choice("XYZ")
        n = digits(r, 7)
        return f"{p}{n}{DNI_LETTERS[int(str('XYZ'.index(p)) + n) % 23]}", "NIE", "OTHER_ID"
    if loc == "es_MX":
        if r.random() < 0.6:
            return fk.curp(), "CURP", "OTHER_ID"
        return fk.rfc(), "RFC", "OTHER_ID"
    if loc == "es_AR":
        n = r.randint(20_000_000, 45_999_999)
        if r.random() < 0.55:
            return f"{n:,}".replace(",", "."), "DNI", "OTHER_ID"
        while True:
            pre = r.choice(["20", "27"])
            body = pre + str(n)
            w = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]
            k = 11 - sum(int(a) * b for a, b in zip(body, w)) % 11
            if k < 10:
                k = 0 if k == 11 else k
                return f"{pre}-{n}-{k}", "CUIL", "OTHER_ID"
            n = r.randint(20_000_000, 45_999_999)
    if loc == "es_CO":
        n = r.choice([r.randint(10_000_000, 99_999_999), r.randint(1_000_000_000, 1_129_999_999)])
        return (f"{n:,}".replace(",", ".") if r.random() < 0.5 else str(n)), r.choice(["cédula", "CC", "número de cédula"]), "OTHER_ID"
    if loc == "de_DE":
        if r.random() < 0.5:
            t = digits(r, 11, True)
            return (group(t, [2, 3, 3, 3]) if r.random() < 0.5 else t), r.choice(["Steuer-ID", "Steueridentifikationsnummer"]), "OTHER_ID"
        t = r.choice("CFGHJKLMNPRTVWXYZ") + letters(r, 8, "CFGHJKLMNPRTVWXYZ0123456789")
        return t, r.choice(["Personalausweisnummer", "Ausweisnummer"]), "OTHER_ID"
    if loc == "fr_FR":
        if r.random() < 0.5:
            t = r.choice("0123") + digits(r, 12)
            return (group(t, [2, 2, 3, 3, 3]) if r.random() < 0.5 else t), "numéro fiscal", "OTHER_ID"
        return digits(r, 12, True), "numéro de carte d'identité", "OTHER_ID"
    if loc == "it_IT":
        return fk.ssn(), "codice fiscale", "OTHER_ID"
    if loc == "pt_BR":
        if r.random() < 0.65:
            return fk.cpf(), "CPF", "OTHER_ID"
        g = fk.rg()
        return f"{g[:2]}.{g[2:5]}.{g[5:8]}-{g[8:]}", "RG", "OTHER_ID"
    if loc == "nl_NL":
        t = fk.ssn()
        return (t if r.random() < 0.7 else f"{t[:4]}.{t[4:6]}.{t[6:]}"), r.choice(["BSN", "burgerservicenummer"]), "OTHER_ID"
    raise KeyError(loc)


def health_id(loc, r):
    """(value, descriptor): a health-plan / national health-system number (HEALTH_PLAN)."""
    if loc == "en_US":
        if r.random() < 0.5:
            A = "ACDEFGHJKMNPQRTUVWXY"
            AN = A + DIG
            s = (r.choice("123456789") + r.choice(A) + r.choice(AN) + r.choice(DIG) + r.choice(A) + r.choice(AN)
                 + r.choice(DIG) + r.choice(A) + r.choice(A) + r.choice(DIG) + r.choice(DIG))
            return (group(s, [4, 3, 4], "-") if r.random() < 0.5 else s), r.choice(["Medicare number", "MBI"])
        return letters(r, 3) + digits(r, 9), r.choice(["member ID", "insurance member ID", "health plan ID"])
    if loc == "en_GB":
        while True:
            head = digits(r, 9, True)
            c = 11 - sum(int(d) * (10 - i) for i, d in enumerate(head)) % 11
            c = 0 if c == 11 else c
            if c != 10:
                s = head + str(c)
                return (group(s, [3, 3, 4], r.choice([" ", "-"])) if r.random() < 0.7 else s), "NHS number"
    if loc == "en_AU":
        head = r.choice("23456") + digits(r, 7)
        chk = sum(int(d) * w for d, w in zip(head, [1, 3, 7, 9, 1, 3, 7, 9])) % 10
        s = head + str(chk) + r.choice("123456789")
        return (group(s, [4, 5, 1]) if r.random() < 0.7 else s), r.choice(["Medicare number", "Medicare card number"])
    if loc == "en_CA":
        if r.random() < 0.6:
            s = digits(r, 10, True)
            return f"{s[:4]}-{s[4:7]}-{s[7:]}-{letters(r, 2)}", r.choice(["OHIP number", "health card number"])
        s = "9" + digits(r, 9)
        return group(s, [4, 3, 3]), r.choice(["PHN", "personal health number"])
    if loc == "en_IN":
        s = digits(r, 14, True)
        return group(s, [2, 4, 4, 4], "-"), r.choice(["ABHA number", "ABHA ID"])
    if loc == "es_ES":
        return letters(r, 4) + digits(r, 12), r.choice(["tarjeta sanitaria", "código CIP de la tarjeta sanitaria"])
    if loc == "es_MX":
        s = digits(r, 11, True)
        return (s if r.random() < 0.6 else group(s, [4, 2, 4, 1], "-")), r.choice(["NSS del IMSS", "número de afiliación al IMSS"])
    if loc == "es_AR":
        s = digits(r, 11, True)
        return f"{s[:2]}-{s[2:10]}-{s[10:]}0", r.choice(["número de afiliado de la obra social", "credencial de la prepaga"])
    if loc == "es_CO":
        return digits(r, 10, True), r.choice(["número de afiliación a la EPS", "carné de la EPS"])
    if loc == "de_DE":
        return r.choice(UP) + digits(r, 9), r.choice(["Krankenversichertennummer", "Versichertennummer"])
    if loc == "fr_FR":
        sex, yy, mm = r.choice("12"), r.randint(30, 99), r.randint(1, 12)
        dep, com, order = r.randint(1, 95), r.randint(1, 990), r.randint(1, 999)
        base = f"{sex}{yy:02d}{mm:02d}{dep:02d}{com:03d}{order:03d}"
        key = 97 - int(base) % 97
        s = f"{base}{key:02d}"
        return (group(s, [1, 2, 2, 2, 3, 3, 2]) if r.random() < 0.6 else s), r.choice(
            ["numéro de sécurité sociale (carte Vitale)", "numéro de carte Vitale"])
    if loc == "it_IT":
        return "80380" + digits(r, 15), r.choice(["numero della tessera sanitaria", "tessera sanitaria"])
    if loc == "pt_BR":
        s = r.choice("789") + digits(r, 14)
        return (group(s, [3, 4, 4, 4]) if r.random() < 0.7 else s), r.choice(["Cartão SUS", "CNS"])
    if loc == "nl_NL":
        return digits(r, 9, True), r.choice(["zorgpasnummer", "polisnummer van mijn zorgverzekering"])
    raise KeyError(loc)


# --------------------------------------------------------------------------------------------
# licences, plates, vehicles, devices, misc
# --------------------------------------------------------------------------------------------
def driving_licence(loc, r, person):
    """(value, descriptor)."""
    if loc == "en_US":
        c = r.randrange(3)
        v = (r.choice(UP) + digits(r, 7)) if c == 0 else (
            f"{r.choice(UP)}{digits(r, 3)}-{digits(r, 4)}-{digits(r, 4)}" if c == 1 else digits(r, 9, True))
        return v, r.choice(["driver's license", "DL"])
    if loc == "en_GB":
        sur = (ascii_fold(person["last"]).upper() + "99999")[:5]
        y = r.randint(1950, 2004)
        m = r.randint(1, 12) + (50 if r.random() < 0.5 else 0)
        ini = (ascii_fold(person["first"]).upper()[:1] + "9")
        v = f"{sur}{str(y)[2]}{m:02d}{r.randint(1, 28):02d}{str(y)[3]}{ini}9{letters(r, 2)}"
        return v, r.choice(["driving licence", "licence"])
    if loc == "en_AU":
        return digits(r, r.choice([8, 9]), True), r.choice(["driver licence", "licence"])
    if loc == "en_CA":
        s = digits(r, 14)
        return f"{ascii_fold(person['last'])[:1].upper()}{s[:4]}-{s[4:9]}-{s[9:]}", r.choice(["driver's licence", "licence"])
    if loc == "en_IN":
        st = r.choice(["MH", "KA", "DL", "TN", "UP", "GJ", "KL"])
        v = f"{st}{r.randint(1, 50):02d} {r.randint(1995, 2022)}{digits(r, 7)}"
        return (v if r.random() < 0.6 else v.replace(" ", "")), r.choice(["driving licence", "DL"])
    if loc == "es_ES":
        return dni(r), r.choice(["carnet de conducir", "permiso de conducir"])
    if loc == "es_MX":
        return r.choice(UP) + digits(r, 8), r.choice(["licencia de manejo", "licencia de conducir"])
    if loc == "es_AR":
        return str(r.randint(20_000_000, 45_999_999)), r.choice(["licencia de conducir", "registro"])
    if loc == "es_CO":
        return str(r.randint(1_000_000_000, 1_129_999_999)), r.choice(["licencia de conducción", "pase"])
    if loc == "de_DE":
        return r.choice(UP) + digits(r, 3) + letters(r, 6, UP + DIG) + digits(r, 1), "Führerschein"
    if loc == "fr_FR":
        v = digits(r, 12, True) if r.random() < 0.5 else f"{digits(r, 2)}{letters(r, 2)}{digits(r, 5)}"
        return v, "permis de conduire"
    if loc == "it_IT":
        return letters(r, 2) + digits(r, 7) + r.choice(UP), "patente"
    if loc == "pt_BR":
        return digits(r, 11, True), r.choice(["CNH", "carteira de motorista"])
    if loc == "nl_NL":
        return digits(r, 10, True), "rijbewijs"
    raise KeyError(loc)


def plate(loc, r, fk):
    if loc == "en_AU":
        c = r.randrange(3)
        return (f"{letters(r, 2)} {digits(r, 2)} {letters(r, 2)}" if c == 0 else
                f"{r.randint(1, 9)}{letters(r, 2)} {r.randint(1, 9)}{letters(r, 2)}" if c == 1 else
                f"{letters(r, 3)}{digits(r, 2)}{r.choice(UP)}")
    if loc == "en_IN":
        v = f"{r.choice(['MH', 'KA', 'DL', 'TN', 'UP', 'GJ', 'KL'])} {r.randint(1, 50):02d} {letters(r, 2)} {digits(r, 4, True)}"
        return v if r.random() < 0.6 else v.replace(" ", "")
    return fk.license_plate()


def vin(r):
    A = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
    wmi = r.choice(["1HG", "WVW", "VF1", "ZFA", "9BW", "3VW", "JHM", "SAJ", "WBA", "MAL", "KMH", "5YJ", "2T1", "VSS"])
    return wmi + letters(r, 14, A)


def serial(r):
    c = r.randrange(5)
    if c == 0:
        return "C02" + letters(r, 9, UP + DIG)
    if c == 1:
        return f"{letters(r, 3)}-{digits(r, 7)}-{r.choice(UP)}"
    if c == 2:
        return digits(r, 8) + letters(r, 2)
    if c == 3:
        return "R58M" + letters(r, 7, UP + DIG)
    return f"SN{digits(r, 4)}{letters(r, 2)}{digits(r, 4)}"


def imei(r):
    p = r.choice(["35", "86", "01"]) + digits(r, 12)
    return p + luhn_check(p)


def mac(r):
    b = [r.randrange(256) for _ in range(6)]
    b[0] &= 0xFE
    s = ":".join(f"{x:02X}" for x in b)
    return s if r.random() < 0.6 else s.lower().replace(":", "-")


def mrn(r):
    c = r.randrange(5)
    return [digits(r, 8), "H" + digits(r, 7), f"{r.choice(UP)}{digits(r, 4)}-{digits(r, 4)}",
            "MRN" + digits(r, 6), f"{digits(r, 4)}-{digits(r, 4)}-{digits(r, 1)}"][c]


MRN_DESC = {"en": ["MRN", "hospital number", "patient ID", "medical record number"],
            "es": ["número de historia clínica", "NHC", "nº de expediente"],
            "de": ["Patientennummer", "Patienten-ID"],
            "fr": ["numéro de dossier patient", "IPP"],
            "it": ["numero di cartella clinica", "codice paziente"],
            "pt": ["número do prontuário", "prontuário"],
            "nl": ["patiëntnummer", "ziekenhuisnummer"]}


def misc_id(kind, r):
    if kind == "booking":
        return letters(r, 6, "ABCDEFGHJKLMNPQRSTUVWXYZ23456789")
    if kind == "order":
        c = r.randrange(4)
        return [f"{digits(r, 3)}-{digits(r, 7)}-{digits(r, 7)}", f"ORD-{r.randint(2022, 2025)}-{digits(r, 6)}",
                digits(r, 8, True), "W" + digits(r, 10)][c]
    if kind == "claim":
        c = r.randrange(3)
        return [f"CLM-{digits(r, 8)}", f"{r.randint(2022, 2025)}-CL-{digits(r, 6)}", letters(r, 2) + digits(r, 9)][c]
    if kind == "policy":
        c = r.randrange(3)
        return [f"POL-{digits(r, 7)}-{digits(r, 2)}", letters(r, 1) + digits(r, 8), f"{digits(r, 3)}/{digits(r, 6)}"][c]
    if kind == "studentid":
        return r.choice(["S" + digits(r, 7), digits(r, 8, True), f"STU-{digits(r, 5)}"])
    if kind == "empid":
        return r.choice([f"E-{digits(r, 5)}", "EMP" + digits(r, 5), digits(r, 6, True)])
    if kind == "custid":
        return r.choice([f"K-{digits(r, 8)}", digits(r, 9, True), f"{digits(r, 4)}-{digits(r, 4)}-{digits(r, 2)}"])
    if kind == "bio":  # fingerprint template
        return r.choice([f"FP-{letters(r, 4, UP + DIG)}-{letters(r, 4, UP + DIG)}", f"BIO-{digits(r, 9)}", f"FPT{digits(r, 7)}"])
    if kind == "voice":  # voiceprint
        return r.choice([f"VP{digits(r, 4)}-{digits(r, 2)}{r.choice(UP)}", f"VOX-{letters(r, 6, UP + DIG)}"])
    raise KeyError(kind)


# --------------------------------------------------------------------------------------------
# places
# --------------------------------------------------------------------------------------------
REAL_CITIES = {
    "en_US": "Springfield Columbus Tucson Raleigh Boise Omaha Fresno Dayton Spokane Albany Savannah Madison".split(),
    "en_GB": "Leeds Bristol Norwich Swansea Derby Stockport Aberdeen Preston Coventry Exeter".split(),
    "en_AU": "Geelong Ballarat Parramatta Wollongong Townsville Hobart Cairns Toowoomba Bendigo".split(),
    "en_CA": "Mississauga Hamilton Kelowna Halifax Saskatoon Laval Moncton Kingston".split() + ["Red Deer"],
    "fr_FR": "Lyon Nantes Rennes Grenoble Tours Limoges Besançon Rouen Montpellier".split(),
    "pt_BR": "Campinas Curitiba Recife Niterói Londrina Goiânia Belém Sorocaba".split(),
    "es_MX": "Guadalajara Monterrey Puebla Querétaro Mérida Toluca Morelia".split(),
}
STATES = {"en_US": "CA TX NY FL OH WA OR IL GA NC AZ".split(), "en_AU": "NSW VIC QLD WA SA TAS".split(),
          "en_CA": "ON BC AB QC NS MB SK".split(), "pt_BR": "SP RJ MG PR RS BA PE".split()}


def city(loc, r, fk):
    if loc in REAL_CITIES and r.random() < 0.5:
        return r.choice(REAL_CITIES[loc])
    return fk.city()


def postcode(loc, r, fk):
    if loc == "es_MX":
        return digits(r, 5)
    if loc == "es_AR":
        return (f"{r.choice('BCSXMK')}{digits(r, 4, True)}{letters(r, 3)}" if r.random() < 0.6
                else digits(r, 4, True))
    return fk.postcode()


# --------------------------------------------------------------------------------------------
# per-locale word choices used by the frames (not spans)
# --------------------------------------------------------------------------------------------
WORDS = {
    "pc": {"en_US": ["ZIP", "zip code"], "en_GB": ["postcode"], "en_AU": ["postcode"],
           "en_CA": ["postal code"], "en_IN": ["PIN code", "pincode"]},
    "cel": {"es_ES": ["móvil"], "es_MX": ["celular", "cel"], "es_AR": ["celular", "celu"],
            "es_CO": ["celular", "cel"]},
    "plateword": {"en_US": ["plate", "license plate"], "en_GB": ["reg", "number plate"],
                  "en_AU": ["rego", "plate"], "en_CA": ["plate", "licence plate"],
                  "en_IN": ["registration no.", "number plate"], "es_ES": ["matrícula"],
                  "es_MX": ["placas"], "es_AR": ["patente"], "es_CO": ["placa"]},
}

EMAIL_DOMAINS = {
    "en_US": ["gmail.com", "yahoo.com", "outlook.com", "aol.com", "icloud.com"],
    "en_GB": ["gmail.com", "yahoo.co.uk", "btinternet.com", "hotmail.co.uk"],
    "en_AU": ["gmail.com", "bigpond.com", "outlook.com.au", "optusnet.com.au"],
    "en_CA": ["gmail.com", "rogers.com", "shaw.ca", "hotmail.ca"],
    "en_IN": ["gmail.com", "rediffmail.com", "yahoo.co.in", "outlook.com"],
    "es_ES": ["gmail.com", "hotmail.es", "yahoo.es", "telefonica.net"],
    "es_MX": ["gmail.com", "hotmail.com", "yahoo.com.mx", "prodigy.net.mx"],
    "es_AR": ["gmail.com", "hotmail.com.ar", "yahoo.com.ar", "fibertel.com.ar"],
    "es_CO": ["gmail.com", "hotmail.com", "yahoo.es", "une.net.co"],
    "de_DE": ["gmx.de", "web.de", "t-online.de", "gmail.com"],
    "fr_FR": ["orange.fr", "free.fr", "laposte.net", "gmail.com", "sfr.fr"],
    "it_IT": ["libero.it", "virgilio.it", "gmail.com", "tiscali.it"],
    "pt_BR": ["gmail.com", "uol.com.br", "bol.com.br", "hotmail.com"],
    "nl_NL": ["ziggo.nl", "kpnmail.nl", "gmail.com", "hotmail.nl"],
}
TLD = {"en_US": "com", "en_GB": "co.uk", "en_AU": "com.au", "en_CA": "ca", "en_IN": "in", "es_ES": "es",
       "es_MX": "mx", "es_AR": "com.ar", "es_CO": "co", "de_DE": "de", "fr_FR": "fr", "it_IT": "it",
       "pt_BR": "com.br", "nl_NL": "nl"}


# --------------------------------------------------------------------------------------------
# item context: people and slot values
# --------------------------------------------------------------------------------------------
PERSON_BASES = {"first", "last", "full", "initial", "lastfirst", "email", "altemail", "user", "handle",
                "purl", "dl"}
DATE_STYLES = {"iso", "num", "yy", "long", "short", "abbr"}


class Value:
    """A filled slot: pieces [(text, label-or-None)] and a descriptor; dates keep the date."""

    def __init__(self, pieces=None, desc=None, date=None, label=None, phone_form=None):
        self.pieces, self.desc, self.date, self.label = pieces, desc, date, label


class Item:
    def __init__(self, loc, r, fk):
        self.loc, self.lang, self.r, self.fk = loc, loc[:2], r, fk
        self.people, self.values = {}, {}
        self.short_variant = r.randrange(3)  # one "March 4th" / "4th March" / "4 March" style per item

    # people -----------------------------------------------------------------------------
    def person(self, idx, gender=None):
        if idx not in self.people:
            r, fk = self.r, self.fk
            gen = {"f": fk.first_name_female, "m": fk.first_name_male}.get(gender, fk.first_name)
            while True:
                first, last = " ".join(gen().split()), " ".join(fk.last_name().split())
                if self.lang == "es" and r.random() < 0.35:
                    last = f"{last} {fk.last_name().strip()}"
                if name_ok(first, last) and all(p["first"] != first for p in self.people.values()):
                    break
            f, l = ascii_fold(first.split()[0]), ascii_fold(last.split()[-1] if last.split()[0].lower() in (
                "van", "de", "da", "der", "den", "del", "dos") else last.split()[0])
            yy, nn = str(r.randint(1960, 2005))[2:], str(r.randint(1, 99))
            dom = r.choice(EMAIL_DOMAINS[self.loc])
            email_pats = [f"{f}.{l}", f"{f[0]}{l}", f"{f}{l}{nn}", f"{l}.{f}{yy}", f"{f}_{l}", f"{f}{yy}",
                          f"{l}{f[0]}", f"{f}.{l[0]}{nn}"]
            pick = r.sample(email_pats, 2)
            user_pats = [f"{f}{l[0]}{nn}", f"{f}.{l}", f"{f}_{l}{yy}", f"{l}{f[:3]}", f"the_real_{f}",
                         f"{f}{l}_", f"{f[:4]}{l[:4]}{yy}", f"x{f}x{nn}", f"{f}.{yy}"]
            self.people[idx] = {
                "first": first, "last": last, "full": f"{first} {last}",
                "email": f"{pick[0]}@{dom}",
                "altemail": f"{pick[1]}@{r.choice(EMAIL_DOMAINS[self.loc])}",
                "user": r.choice(user_pats), "f": f, "l": l,
            }
        return self.people[idx]

    # slot values ------------------------------------------------------------------------
    def value(self, key, gender=None):
        if key in self.values:
            return self.values[key]
        m = re.fullmatch(r"(ipv4|ipv6|[a-z]+?)(\d*)", key)
        base, idx = m.group(1), m.group(2) or "1"
        r, fk, loc = self.r, self.fk, self.loc
        one = lambda text, label, desc=None: Value([(text, label)], desc)
        if base in PERSON_BASES:
            p = self.person(idx, gender)
            if base in ("first", "last", "full"):
                v = one(p[base], "NAME")
            elif base == "initial":
                v = one(f"{p['first'][0]}. {p['last']}", "NAME")
            elif base == "lastfirst":
                v = one(f"{p['last'].upper() if r.random() < 0.4 else p['last']}, {p['first']}", "NAME")
            elif base in ("email", "altemail"):
                v = one(p[base], "EMAIL")
            elif base == "user":
                v = one(p["user"], "USERNAME")
            elif base == "handle":
                v = one("@" + p["user"], "USERNAME")
            elif base == "purl":
                f, l, u = p["f"], p["l"], p["user"]
                c = r.randrange(7)
                url = [f"https://www.facebook.com/{f}.{l}{r.randint(1, 99)}", f"instagram.com/{u}",
                       f"https://www.linkedin.com/in/{f}-{l}-{letters(r, 6, '0123456789abcdef')}",
                       f"https://www.gofundme.com/f/help-{f}-{l}", f"http://www.{l}{f}.{TLD[loc]}",
                       f"https://{u.replace('_', '').replace('.', '')}.wordpress.com", f"www.tiktok.com/@{u}"][c]
                v = one(url, "URL")
            else:  # dl
                val, desc = driving_licence(loc, r, p)
                v = one(val, "LICENSE", desc)
        elif base == "street":
            v = one(clean_addr(fk.street_address()), "LOCATION")
        elif base == "city":
            v = one(city(loc, r, fk), "LOCATION")
        elif base == "postcode":
            v = one(postcode(loc, r, fk), "LOCATION")
        elif base == "addr":
            st, ci, pc = clean_addr(fk.street_address()), city(loc, r, fk), postcode(loc, r, fk)
            L = "LOCATION"
            if loc in ("en_US", "en_AU", "en_CA"):
                pieces = [(st, L), (", ", None), (ci, L), (("" if loc == "en_AU" else ",") + f" {r.choice(STATES[loc])} ", None), (pc, L)]
            elif loc == "en_GB":
                pieces = [(st, L), (", ", None), (ci, L), (r.choice([" ", ", "]), None), (pc, L)]
            elif loc == "en_IN":
                pieces = [(st, L), (", ", None), (ci, L), (r.choice([" - ", " "]), None), (pc, L)]
            elif loc == "es_MX":
                pieces = [(st, L), (", C.P. ", None), (pc, L), (", ", None), (ci, L)]
            elif loc == "es_AR":
                pieces = [(st, L), (", ", None), (ci, L), (" (CP ", None), (pc, L), (")", None)]
            elif loc == "es_CO":
                pieces = [(st, L), (", ", None), (ci, L)]
            elif loc == "pt_BR":
                pieces = [(st, L), (" - ", None), (ci, L), (f"/{r.choice(STATES['pt_BR'])}, CEP ", None), (pc, L)]
            else:  # es_ES, de_DE, fr_FR, it_IT, nl_NL
                pieces = [(st, L), (", ", None), (pc, L), (" ", None), (ci, L)]
            v = Value(pieces)
        elif base in ("dob", "date"):
            if base == "dob":
                d = dt.date(1930, 1, 1) + dt.timedelta(days=r.randrange(0, 365 * 76))
            elif idx != "1" and "date" in self.values:  # a second date follows the first
                d = self.values["date"].date + dt.timedelta(days=r.randint(1, 21))
            else:
                d = dt.date(2023, 1, 1) + dt.timedelta(days=r.randrange(0, 365 * 3))
            v = Value(date=d, label="DATE")
            v.base = base
        elif base == "age":
            v = one(str(r.randint(90, 104)), "AGE")
        elif base in ("phone", "fax"):
            v = Value(label="PHONE" if base == "phone" else "FAX")
            fax = base == "fax"
            v.phone = {"local": phone(loc, r, "local", fax), "intl": phone(loc, r, "intl", fax)}
            v.default = "intl" if r.random() < 0.45 else "local"
        elif base == "natid":
            val, desc, label = national_id(loc, r, fk, self.person(idx))
            v = one(val, label, desc)
        elif base == "passport":
            v = one(fk.passport_number(), "OTHER_ID")
        elif base == "healthid":
            val, desc = health_id(loc, r)
            v = one(val, "HEALTH_PLAN", desc)
        elif base == "mrn":
            v = one(mrn(r), "MRN", r.choice(MRN_DESC[self.lang]))
        elif base == "acct":
            val, desc = account(loc, r)
            v = one(val, "ACCOUNT", desc)
        elif base == "card":
            v = one(card(r), "ACCOUNT")
        elif base == "custid":
            v = one(misc_id("custid", r), "ACCOUNT")
        elif base == "plate":
            v = one(plate(loc, r, fk), "VEHICLE", r.choice(WORDS["plateword"].get(loc, ["plate"])))
        elif base == "vin":
            v = one(vin(r), "VEHICLE")
        elif base == "serial":
            v = one(serial(r), "DEVICE")
        elif base == "imei":
            v = one(imei(r), "DEVICE")
        elif base == "mac":
            v = one(mac(r), "DEVICE")
        elif base == "ipv4":
            v = one(fk.ipv4_public(), "IP")
        elif base == "ipv6":
            v = one(fk.ipv6(), "IP")
        elif base == "ip":
            v = one(fk.ipv4_public() if r.random() < 0.6 else fk.ipv6(), "IP")
        elif base in ("booking", "order", "claim", "policy", "studentid", "empid"):
            v = one(misc_id(base, r), "OTHER_ID")
        elif base in ("bio", "voice"):
            v = one(misc_id(base, r), "BIOMETRIC")
        else:
            raise KeyError(f"unknown slot {key!r}")
        self.values[key] = v
        return v

    def render(self, key, mods):
        v = self.value(key, gender=next((m for m in mods if m in ("f", "m")), None))
        r = self.r
        if v.date is not None:
            style = next((m for m in mods if m in DATE_STYLES), None)
            if style is None:
                pool = (["num"] * 4 + ["long"] * 3 + ["iso"] * 2 + ["yy"] + ["abbr"] * 2) if v.base == "dob" else \
                       (["num"] * 3 + ["long"] * 3 + ["iso"] * 2 + ["short"] * 2 + ["abbr"] * 2)
                style = r.choice(pool)
            pieces = [(fmt_date(v.date, self.loc, style, r, self.short_variant), "DATE")]
        elif v.pieces is None:  # phone / fax
            form = "intl" if "intl" in mods else "local" if "local" in mods else v.default
            pieces = [(v.phone[form], v.label)]
        else:
            pieces = list(v.pieces)
        out = []
        for text, label in pieces:
            if "lower" in mods:
                text = text.lower()
            if "upper" in mods:
                text = text.upper()
            if "nospace" in mods and label:
                text = text.replace(" ", "")
            out.append((text, label))
        return out

    def word(self, key):
        """<key>: a slot's descriptor, or a locale word from WORDS."""
        if key in WORDS:
            if key not in self.values:
                self.values[key] = Value(desc=self.r.choice(WORDS[key][self.loc]))
            return self.values[key].desc
        v = self.value(key)
        if v.desc is None:
            raise KeyError(f"slot {key!r} has no descriptor")
        return v.desc


TOKEN = re.compile(r"\{([a-z]+\d*)((?:\|[a-z]+)*)\}|<([a-z]+\d*)>")


def fill(frame_text, item):
    text, spans, pos = "", [], 0
    for m in TOKEN.finditer(frame_text):
        text += frame_text[pos:m.start()]
        pos = m.end()
        if m.group(3):
            text += item.word(m.group(3))
            continue
        mods = [x for x in m.group(2).split("|") if x]
        for piece, label in item.render(m.group(1), mods):
            if label:
                spans.append({"start": len(text), "end": len(text) + len(piece), "label": label, "phi": True,
                              "_value": piece})
            text += piece
    text += frame_text[pos:]
    for s in spans:
        assert text[s["start"]:s["end"]] == s.pop("_value"), (text, s)
        assert text[s["start"]:s["end"]] == text[s["start"]:s["end"]].strip(), (text, s)
    spans.sort(key=lambda s: s["start"])
    for a, b in zip(spans, spans[1:]):
        assert a["end"] <= b["start"], (text, a, b)
    return text, spans


# --------------------------------------------------------------------------------------------
# frames: (frame id, language or list of locales, kind, disclosure, health?, text)
#   kind: "c" comment / "d" direct_message; disclosure: "self" / "third"
#   {slot} or {slot|mod|...} is a filled identifier (a gold span); <slot> its descriptor word
# --------------------------------------------------------------------------------------------
EN, ES, DE, FR, IT, PT, NL = "en", "es", "de", "fr", "it", "pt", "nl"
FRAMES = [
    # ---------------- English ----------------
    ("en01", EN, "d", "self", 0, "Name: {full} | DOB: {dob} | Phone: {phone} | Email: {email}"),
    ("en02", EN, "d", "self", 0, "hi, i ordered a blender last week and it never came. order {order}, shipping to {addr}. can someone call me on {phone}?"),
    ("en03", EN, "c", "self", 0, "Courier keeps leaving my parcels at the wrong house - I'm at {street}, not next door. <pc> is {postcode} if that helps the driver."),
    ("en04", EN, "d", "self", 0, "Please move my salary deposit to the new account, <acct> {acct}, the name on it is {full}."),
    ("en05", EN, "c", "self", 1, "My claim number is {claim} and my <healthid> is {healthid}. Still no reply about the MRI after 3 weeks!!"),
    ("en06", EN, "d", "third", 0, "HR note: {full} (employee ID {empid}) starts on {date} at the {city} office; payroll still needs the <acct> {acct} and <natid2> {natid2}."),
    ("en07", EN, "d", "self", 0, "Booking ref {booking} for {full} and {full2}, flying out {date|short}. Passport no. {passport}, the other one is still being renewed."),
    ("en08", EN, "d", "third", 1, "To the school office: my son {full|m} will be off from {date|short} to {date2|short} after his tonsil surgery, you can reach me at {email2}"),
    ("en09", EN, "d", "self", 1, "Intake: {full}, {dob}, <mrn> {mrn}, allergic to penicillin, emergency contact {full2} {phone2}."),
    ("en10", EN, "d", "self", 0, "can u reset my password? username is {user} and the email on file is {email|lower}"),
    ("en11", EN, "c", "self", 0, "Someone logged into my account from {ipv4} at 3am and it wasnt me!! my username: {user}"),
    ("en12", EN, "d", "self", 0, "The IP in the security alert was {ipv6}, which isn't mine. Please lock the account tied to {email}."),
    ("en13", EN, "c", "self", 0, "My car ({plate}) was towed from outside {street} on {date}, who do I even talk to about this"),
    ("en14", EN, "d", "self", 0, "VIN {vin}, <plateword> {plate} - need a quote for the renewal, current policy is {policy}."),
    ("en15", EN, "c", "self", 0, "I lost my <dl>, the number was {dl}. Do I need to report it to the police or just the licensing office?"),
    ("en16", EN, "c", "third", 0, "Found a wallet near {city} station with a <dl> for {full} (born {dob|long}). DM me if you know them!"),
    ("en17", EN, "d", "self", 0, "pls send the invoice to {full|lower}, {addr|lower} thx"),
    ("en18", EN, "d", "self", 0, "Its {first} again, my new number is {phone}, the old one {phone2} dosent work anymore"),
    ("en19", EN, "d", "self", 0, "Card {card} was charged twice for the same order ({order}). Refund please, this is the second time."),
    ("en20", EN, "c", "self", 0, "Looking for a roommate around {city}! Text me on {phone} or find me on IG {handle}"),
    ("en21", EN, "c", "third", 0, "Granny {first|f} turns {age} on {date|short}!! She still lives on her own at {street} and bakes every Sunday."),
    ("en22", EN, "d", "third", 1, "My grandfather, {full|m}, aged {age}, was admitted on {date} with pneumonia - can the ward call me on {phone}?"),
    ("en23", EN, "d", "self", 0, "{full}, <natid>: {natid}, dob {dob} -- is this all the info you needed for the form?"),
    ("en24", EN, "d", "self", 0, "My fitness tracker (serial {serial}) stopped syncing, the account email is {email}."),
    ("en25", EN, "d", "self", 1, "my glucose monitor (serial no. {serial}) keeps losing signal, im {full}, <mrn> {mrn}"),
    ("en26", EN, "c", "self", 0, "Phone stolen on the bus near {city} this morning, IMEI {imei}. The carrier account is under {full}."),
    ("en27", EN, "d", "self", 1, "The referral for my knee should be faxed to my home fax {fax}, attn: {full}"),
    ("en28", EN, "d", "self", 0, "Please fax the signed lease back to {fax|intl} - thanks, {first}"),
    ("en29", EN, "c", "self", 0, "Portfolio: {purl}. Feel free to check it out before you hire me. - {full}"),
    ("en30", EN, "c", "third", 1, "We're raising money for my brother {first|m}'s spinal surgery: {purl} - anything helps"),
    ("en31", EN, "d", "third", 0, "HR: fingerprint enrolment for {full} failed, template ID {bio}, please redo it at the {city} site."),
    ("en32", EN, "d", "self", 0, "Voice ID reference {voice} was set up for my account ({acct}) but the phone system still doesn't recognise me"),
    ("en33", EN, "d", "self", 0, "Reservation for two under the name {last}, check-in {date}, check-out {date2}; contact: {email}"),
    ("en34", EN, "d", "self", 0, "New adress for your records: {addr}. Moved in on {date}."),
    ("en35", EN, "d", "third", 0, "I'm writing about the parking fine for {plate} issued in {city} on {date}. I wasn't driving; the car was lent to {full2}."),
    ("en36", EN, "d", "third", 0, "Student {full} (ID {studentid}) has been enrolled for autumn; parent contact is {full2}, {phone2}, {email2}."),
    ("en37", EN, "c", "third", 0, "Contacts for the trip: 1) {full} {phone} 2) {full2} {phone2} 3) {full3} {phone3}"),
    ("en38", EN, "d", "self", 0, "Why does the app show {full2} as my name?? I'm {full}, account {acct}, address {street}."),
    ("en39", EN, "c", "self", 0, "The delivery guy wrote down {postcode|nospace} instead of {postcode}, which is why it went to the depot"),
    ("en40", EN, "d", "self", 1, "Patient: {lastfirst}; DOB {dob|iso}; <healthid> {healthid}; reason for visit: lower back pain"),
    ("en41", EN, "d", "self", 1, "need to change my emergency contact to my wife {first2|f} at {phone2}. my name is {full}, dob {dob}, seen at the clinic last month"),
    ("en42", EN, "d", "self", 0, "(for the insurer) Policyholder {full}, policy {policy}, date of accident {date}, other driver's <plateword> {plate}"),
    ("en43", EN, "c", "self", 0, "lol the restaurant texted me 'hi {first}, your table is confirmed for {date|short}' and I never booked anything??"),
    ("en44", EN, "c", "self", 0, "Is it safe to post my <acct> here? It's {acct}. Need my pension paid into it from now on"),
    ("en45", EN, "d", "self", 0, "The hotel wifi blocked me, my laptop MAC is {mac} and the room is under {full}"),
    ("en46", EN, "c", "self", 0, "login attempts from {ipv4} and {ip2} on my {user} account since {date}, should i be worried"),
    ("en47", EN, "c", "self", 0, "hey its me {handle}! my old acct {handle2} got hacked, pls report it if it messages you"),
    ("en48", EN, "d", "self", 0, "NAME (AS IN PASSPORT): {full|upper}. Passport {passport}, expiry {date|num}."),
    ("en49", EN, "c", "self", 0, "Tracking says delivered to {addr} but I live at {street2}. Order {order}. Not impressed."),
    ("en50", EN, "d", "third", 1, "Dear team, my mum {full|f} ({age} years old) needs a home visit for her dressings; the address is {addr}."),
    ("en51", EN, "d", "third", 0, "Rental car {plate} was picked up at {city} airport on {date} by {full}, <dl> {dl}."),
    ("en52", EN, "d", "self", 0, "Call me back at {phone|local} or on my mobile {phone2|intl}; ask for {first}."),
    ("en53", EN, "d", "self", 1, "{email} - that's where the lab results should go, not my old adress {altemail}"),
    ("en54", EN, "d", "self", 0, "typo in my name on the bill: it says {last} {first} but it should be {full}. acct no {acct}"),
    ("en55", EN, "c", "third", 1, "Our little {first} was born on {date|long} at {city} General after 19 hours of labour!"),
    ("en56", EN, "d", "self", 0, "[form] first name: {first} / surname: {last} / d.o.b.: {dob|num} / mobile: {phone} / <natid>: {natid}"),
    ("en57", EN, "d", "self", 0, "I already gave my <natid> ({natid}) and my date of birth ({dob}) to the agent, why are you asking again"),
    ("en58", EN, "d", "self", 1, "{full} here - the clinic still has my old number {phone2}, the new one is {phone}. <mrn>: {mrn}"),
    ("en59", EN, "c", "self", 0, "meeting point is {street}, {city}, look for the blue door. my cell {phone}"),
    ("en60", EN, "d", "third", 0, "New tenant: {full}, previous address {addr}, employer ref {empid}, moving in {date|short}."),
    ("en61", EN, "d", "self", 0, "Re: refund - {initial}, customer since 2015, paid with card {card}, email {email}"),
    ("en62", EN, "c", "third", 1, "Prayers for {full2} from {city}, who had a stroke on {date}. Cards can go to {addr2}."),
    ("en63", EN, "d", "self", 0, "Account holder: {full} • Sort/branch on file • Acc {acct} • Registered phone {phone|intl}"),
    ("en64", EN, "d", "self", 1, "Hi, I'm {first} ({handle}), I was the one asking about the allergy clinic, my <healthid> is {healthid}"),
    ("en65", ["en_US"], "d", "self", 0, "Correction for my W-2: the SSN should read {natid}, not {natid2}. Employee {full}, ID {empid}."),
    ("en66", ["en_US"], "d", "self", 1, "Billing dept - {full}, SSN {natid}, date of service {date}; the ER visit was billed twice to {acct}"),
    ("en67", EN, "d", "self", 0, "Applying for the apartment: {full}, <natid> {natid}, current address {addr}, my landlord can vouch"),
    ("en68", EN, "c", "third", 0, "scam alert: someone posted my dad's details - name {full|m}, <natid> {natid}, even his bank {acct}. report pls"),
    ("en69", ["en_US", "en_CA"], "d", "self", 0, "Tax question: my spouse {full2} has <natid2> {natid2} and mine is {natid}, can we still file jointly?"),
    ("en70", EN, "c", "self", 0, "check out my blog {purl} and my sister {first2|f}'s page {purl2}! - {first}"),
    ("en71", EN, "c", "third", 0, "Our nanny {full|f} left her <dl> ({dl}) at our place on {date|short}; her Instagram is {handle} if anyone knows her"),
    ("en72", ["en_US"], "c", "self", 0, "the IRS letter says my social is {natid} but mine is different?? filed on {date}, case {claim}"),
    ("en73", ["en_US"], "d", "self", 1, "New patient form: {full} / SSN {natid} / <healthid> {healthid} / DOB {dob} / cell {phone}"),
    # ---------------- Spanish ----------------
    ("es01", ES, "d", "self", 0, "Hola, soy {full}, mi <natid> es {natid} y quiero darme de baja del servicio."),
    ("es02", ES, "c", "self", 0, "El pedido {order} no ha llegado. Dirección de entrega: {addr}. Mi <cel>: {phone}"),
    ("es03", ES, "d", "self", 0, "Buenas, necesito cambiar la domiciliación de recibos, nueva <acct>: {acct}, a nombre de {full}."),
    ("es04", ES, "d", "self", 0, "Nombre: {full} / Fecha de nacimiento: {dob} / Correo: {email} / Tel: {phone}"),
    ("es05", ES, "c", "third", 0, "mi abuela {first|f} cumple {age} años el {date|short} y todavía vive sola en {street}, {city}"),
    ("es06", ES, "d", "self", 0, "Reserva {booking} para {full} y {full2}, salida el {date}, pasaporte {passport}."),
    ("es07", ES, "c", "self", 0, "Alguien entró a mi cuenta desde la IP {ipv4}, mi usuario es {user}. Ayuda!!"),
    ("es08", ES, "c", "self", 0, "Se me perdió la <dl> número {dl} en {city}, alguien la encontró?"),
    ("es09", ES, "c", "third", 0, "Le robaron la camioneta a mi hermano {first|m} anoche, <plateword> {plate}, si lo ven avisen al {phone}"),
    ("es10", ES, "d", "self", 1, "Paciente: {lastfirst}, <healthid> {healthid}, <mrn> {mrn}, ingreso el {date}"),
    ("es11", ["es_AR"], "c", "self", 0, "hola soy {first|lower}, mi numero es {phone} escribime porfa que no tengo saldo"),
    ("es12", ES, "c", "self", 0, "El mensajero dejó el paquete en {street} pero yo vivo en {street2}, CP {postcode}."),
    ("es13", ES, "d", "third", 1, "Mi hija {full|f} (matrícula escolar {studentid}) faltará del {date|short} al {date2|short} por una operación de apendicitis."),
    ("es14", ES, "d", "self", 1, "Para el reembolso del seguro médico: <healthid> {healthid}, siniestro nº {claim}, titular {full}."),
    ("es15", ES, "c", "self", 0, "Tarjeta {card} rechazada otra vez, soy la titular, {full|f}, y ya llamé dos veces"),
    ("es16", ES, "d", "self", 0, "Me pueden mandar la factura a {email}? Mi <natid> es {natid}, gracias"),
    ("es17", ES, "d", "third", 0, "Contactos de emergencia: {full} ({phone}), {full2} ({phone2|intl})"),
    ("es18", ES, "c", "self", 0, "Mi perfil profesional: {purl} — {full}, {city}"),
    ("es19", ES, "c", "third", 1, "el numero de serie del marcapasos de mi papa es {serial}, lo operaron el {date}, a quien le aviso?"),
    ("es20", ES, "d", "self", 1, "Fax para enviarme la receta: {fax}, a la atención de {full}"),
    ("es21", ES, "d", "self", 0, "Hotel: entrada el {date} a nombre de {last}, contacto {email}, habitación doble"),
    ("es22", ES, "c", "self", 0, "vi q alguien uso mi tarjeta desde la ip {ipv6}, mi usuario {handle}, q hago"),
    ("es23", ES, "d", "third", 0, "Trabajador: {full} | Nº empleado {empid} | Alta: {date} | <acct>: {acct}"),
    ("es24", ES, "d", "self", 1, "Mi <healthid> es {healthid} y la cita con traumatología era el {date|long}, pero nadie me llamó al {phone}"),
    ("es25", ES, "c", "self", 0, "Dejé el auto {plate} (VIN {vin}) en el taller de {city} el {date|short} y no me lo devuelven"),
    ("es26", ["es_AR"], "d", "self", 0, "che, mi <acct> es {acct}, pasame la plata a nombre de {full}, dale?"),
    ("es27", ["es_ES", "es_MX", "es_CO"], "d", "self", 0, "oye, te paso mis datos: {full|lower}, {addr}, <cel> {phone}, correo {email|upper}"),
    ("es28", ES, "d", "third", 1, "Mi madre {full|f}, de {age} años, está ingresada desde el {date}; su <healthid> es {healthid}"),
    # ---------------- German ----------------
    ("de01", DE, "d", "self", 1, "Hallo, mein Name ist {full}, geboren am {dob}, meine <healthid> lautet {healthid}."),
    ("de02", DE, "c", "self", 0, "Paket nicht angekommen! Bestellnummer {order}, Lieferadresse {addr}. Rückruf bitte unter {phone}."),
    ("de03", DE, "d", "self", 0, "Bitte das Gehalt ab {date|short} auf <acct> {acct} überweisen – {full}"),
    ("de04", DE, "c", "third", 0, "Meine Oma {first|f} wird am {date|short} {age} und wohnt immer noch allein in der {street}."),
    ("de05", DE, "c", "self", 0, "Mein <dl> ({dl}) wurde in {city} geklaut, zusammen mit meinem Ausweis. Meine <natid> ist {natid}, falls das hilft."),
    ("de06", DE, "d", "self", 0, "Kennzeichen {plate}, Fahrgestellnummer {vin} – bitte um ein Angebot, Vertragsnummer {policy}."),
    ("de07", DE, "d", "self", 0, "Formular: Vorname {first}; Nachname {last}; Geb.-Datum {dob|num}; E-Mail {email}; Tel. {phone}"),
    ("de08", DE, "c", "self", 0, "Login-Versuch von {ipv4} auf mein Konto {user}, das war ich nicht!"),
    ("de09", DE, "d", "self", 1, "Patient {lastfirst}, <mrn> {mrn}, aufgenommen am {date}, Angehörige: {full2} {phone2}"),
    ("de10", DE, "c", "third", 1, "Spendenaufruf für die Reha meines Bruders {first|m}: {purl} – danke fürs Teilen!"),
    ("de11", DE, "d", "self", 1, "Bitte schicken Sie den Befund an mein Fax {fax}, Gruß {full}"),
    ("de12", DE, "d", "self", 1, "Seriennummer meines Hörgeräts: {serial}. Garantiefall, Kundennummer {custid}."),
    ("de13", DE, "c", "self", 0, "hab ne neue handynummer: {phone} statt {phone2}, lg {first|lower}"),
    # ---------------- French ----------------
    ("fr01", FR, "d", "self", 1, "Bonjour, je suis {full}, né(e) le {dob|long}, mon <healthid> est {healthid}."),
    ("fr02", FR, "c", "self", 0, "Colis jamais reçu. Commande {order}, adresse : {addr}. Joignable au {phone}."),
    ("fr03", FR, "d", "self", 0, "Merci de virer le remboursement sur mon <acct> {acct} au nom de {full}."),
    ("fr04", FR, "c", "third", 0, "Ma grand-mère {first|f} fête ses {age} ans le {date|short}, elle habite toujours {street} à {city} !"),
    ("fr05", FR, "c", "self", 0, "J'ai perdu mon <dl> n° {dl} à {city}, quelqu'un l'a trouvé ?"),
    ("fr06", FR, "d", "self", 0, "Voiture immatriculée {plate}, contrat n° {policy}, sinistre du {date} — toujours pas de nouvelles"),
    ("fr07", FR, "d", "self", 0, "Formulaire : Nom {last} / Prénom {first} / Date de naissance {dob|num} / Courriel {email} / Tél {phone}"),
    ("fr08", FR, "c", "self", 0, "quelqu'un s'est connecté à mon compte {user} depuis l'adresse IP {ipv4} cette nuit"),
    ("fr09", FR, "d", "self", 1, "Dossier {mrn} — {full|m}, admis le {date}, personne à prévenir : {full2}, {phone2}"),
    ("fr10", FR, "c", "third", 1, "Cagnotte pour l'opération de ma fille {first|f} : {purl} merci de partager"),
    ("fr11", FR, "d", "self", 1, "Envoyez l'ordonnance par fax au {fax}, à l'attention de {full}"),
    ("fr12", FR, "d", "self", 0, "Réservation {booking} au nom de {full}, arrivée le {date|short}, départ le {date2|short}, contact {email}"),
    # ---------------- Italian ----------------
    ("it01", IT, "d", "self", 0, "Buongiorno, sono {full}, <natid> {natid}, vorrei disdire il contratto."),
    ("it02", IT, "c", "self", 0, "Pacco non consegnato, ordine {order}, indirizzo {addr}, cell. {phone}"),
    ("it03", IT, "d", "self", 0, "Accredito dello stipendio su <acct> {acct} intestato a {full}, a partire dal {date|short}"),
    ("it04", IT, "c", "third", 0, "Mia nonna {first|f} compie {age} anni il {date|short} e vive ancora da sola in {street}"),
    ("it05", IT, "c", "self", 0, "Ho smarrito la <dl> n. {dl} a {city}, come faccio a richiederne una nuova?"),
    ("it06", IT, "d", "self", 0, "Targa {plate}, telaio {vin}, polizza {policy}: il sinistro del {date} non è ancora stato liquidato"),
    ("it07", IT, "d", "self", 0, "Modulo: Nome {first|m} – Cognome {last} – Nato il {dob} – Email {email} – Tel {phone}"),
    ("it08", IT, "c", "self", 0, "Accesso sospetto da {ipv6} sul mio account {handle}, aiuto!"),
    ("it09", IT, "d", "self", 1, "Paziente {lastfirst|m}, <healthid> {healthid}, ricoverato il {date}, cartella {mrn}"),
    ("it10", IT, "d", "third", 1, "mio padre {full|m} ha il pacemaker (seriale {serial}), per favore richiamate al {phone}"),
    ("it11", IT, "d", "self", 0, "ciao sono {first|lower}, la mia mail nuova è {email} e il numero {phone|intl}, scrivimi li"),
    # ---------------- Portuguese (Brazil) ----------------
    ("pt01", PT, "d", "self", 0, "Olá, meu nome é {full}, <natid> {natid}, quero cancelar minha assinatura."),
    ("pt02", PT, "c", "self", 0, "Meu pedido {order} não chegou. Endereço: {addr}. WhatsApp {phone}"),
    ("pt03", PT, "d", "self", 0, "Pode depositar na <acct> {acct}, titular {full}"),
    ("pt04", PT, "c", "third", 0, "Minha avó {first|f} faz {age} anos dia {date|short} e ainda mora sozinha na {street}"),
    ("pt05", PT, "c", "self", 0, "Perdi minha <dl> nº {dl} em {city}, alguém achou?"),
    ("pt06", PT, "d", "self", 0, "Carro placa {plate}, chassi {vin}, apólice {policy}, sinistro em {date}"),
    ("pt07", PT, "d", "self", 1, "Ficha: Nome: {full} | Nascimento: {dob} | E-mail: {email} | Celular: {phone} | <healthid>: {healthid}"),
    ("pt08", PT, "c", "self", 0, "alguém acessou minha conta {user} pelo IP {ipv4}, não fui eu"),
    ("pt09", PT, "d", "self", 1, "Prontuário {mrn} — paciente {full|m}, internado em {date}, acompanhante {full2} ({phone2})"),
    ("pt10", PT, "c", "third", 1, "vaquinha pro tratamento do meu irmão {first|m}: {purl} 🙏"),
    ("pt11", PT, "d", "self", 0, "Meu Instagram é {handle} e o e-mail {email}, me chama lá! ({full})"),
    # ---------------- Dutch ----------------
    ("nl01", NL, "d", "self", 0, "Hallo, ik ben {full}, geboren op {dob|long}, mijn <natid> is {natid}."),
    ("nl02", NL, "c", "self", 0, "Pakket niet ontvangen, bestelnummer {order}, adres {addr}, bel me op {phone}"),
    ("nl03", NL, "d", "self", 0, "Graag mijn salaris storten op {acct} t.n.v. {full}"),
    ("nl04", NL, "c", "third", 0, "Oma {first|f} wordt {age} op {date|short} en woont nog zelfstandig aan de {street}"),
    ("nl05", NL, "c", "self", 0, "Rijbewijs kwijt (nummer {dl}) ergens in {city}, iemand gevonden?"),
    ("nl06", NL, "d", "self", 0, "Kenteken {plate}, polisnummer {policy}, schade op {date}: nog steeds niks gehoord"),
    ("nl07", NL, "d", "self", 0, "Formulier: voornaam {first}, achternaam {last}, geboortedatum {dob|num}, e-mail {email}, tel. {phone}"),
    ("nl08", NL, "c", "self", 0, "Iemand logde in op mijn account {user} vanaf {ipv4}, dat was ik niet"),
    ("nl09", NL, "d", "self", 1, "Patiëntnummer {mrn}, {full}, opgenomen op {date}, contactpersoon {full2} {phone2}"),
    ("nl10", NL, "d", "self", 1, "Mijn <healthid> is {healthid} en mijn afspraak was op {date|long}, maar niemand belde me op {phone}"),
    ("nl11", NL, "c", "self", 0, "stuur de factuur maar naar {email|lower}, postcode {postcode}, huisnummer staat erbij in {street}"),
]

DERIVED = {"NAME": "names_patient", "USERNAME": "contact_identifier", "PHONE": "contact_identifier",
           "FAX": "contact_identifier", "EMAIL": "contact_identifier", "URL": "contact_identifier",
           "IP": "contact_identifier", "SSN": "government_or_record_number",
           "MRN": "government_or_record_number", "HEALTH_PLAN": "government_or_record_number",
           "ACCOUNT": "government_or_record_number", "LICENSE": "government_or_record_number",
           "VEHICLE": "government_or_record_number", "DEVICE": "government_or_record_number",
           "OTHER_ID": "government_or_record_number",
           "DATE": "date_tied_to_care", "LOCATION": "location_tied_to_patient", "AGE": "age_over_89"}
REASON_ORDER = ["names_patient", "health_information", "confirms_patient_relationship", "patient_photo_described",
                "contact_identifier", "government_or_record_number", "date_tied_to_care",
                "location_tied_to_patient", "age_over_89", "indirect_identification", "self_disclosure",
                "third_party_disclosure"]


def frames_for(loc):
    return [f for f in FRAMES if (f[1] == loc[:2] if isinstance(f[1], str) else loc in f[1])]


def build(n, seed):
    random.seed(seed)
    r = random.Random(seed)
    fakers = {}
    for i, loc in enumerate(LOCALES):
        fk = Faker(loc)
        fk.seed_instance(seed * 100 + i)
        fakers[loc] = fk
    # balanced locales, in a shuffled order
    locs = [LOCALES[i % len(LOCALES)] for i in range(n)]
    r.shuffle(locs)
    # per language, cycle through its frames in shuffled passes (the first frame in the queue
    # that the locale may use), so every frame is used
    queues = {}
    items, seen = [], set()
    for loc in locs:
        lang = loc[:2]
        pool = [f for f in FRAMES if f[1] == lang or (not isinstance(f[1], str) and f[1][0][:2] == lang)]
        q = queues.setdefault(lang, [])
        for _ in range(50):
            ok = [i for i, f in enumerate(q) if f in frames_for(loc)]
            if not ok:
                q.extend(r.sample(pool, len(pool)))
                ok = [i for i, f in enumerate(q) if f in frames_for(loc)]
            frame = q.pop(ok[0])
            item = Item(loc, r, fakers[loc])
            text, spans = fill(frame[5], item)
            if text not in seen:
                break
        seen.add(text)
        fid, _, kind, disc, health, _ = frame
        reasons = {DERIVED[s["label"]] for s in spans if s["label"] in DERIVED}
        if health:
            reasons.add("health_information")
        reasons.add("self_disclosure" if disc == "self" else "third_party_disclosure")
        items.append({
            "id": f"generic2-{len(items) + 1:04d}", "direction": "inbound",
            "kind": "direct_message" if kind == "d" else "comment", "platform": "facebook",
            "text": text, "spans": spans, "phi_present": True,
            "reasons": [x for x in REASON_ORDER if x in reasons],
            "notes": "template sentence", "locale": loc, "frame": fid,
        })
    return items


def main():
    # Some Faker lists are sets (e.g. it_IT cities) and a few providers (es_MX curp/rfc) draw from
    # the global random module: pin the hash seed and the global seed so a run is reproducible.
    if os.environ.get("PYTHONHASHSEED") != "0":
        os.execve(sys.executable, [sys.executable] + sys.argv, {**os.environ, "PYTHONHASHSEED": "0"})
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=600)
    ap.add_argument("--seed", type=int, default=20240611)
    ap.add_argument("--out", default=str(Path(__file__).resolve().parent / "generic2.jsonl"))
    a = ap.parse_args()
    items = build(a.n, a.seed)
    with open(a.out, "w", encoding="utf-8") as fh:
        for o in items:
            fh.write(json.dumps(o, ensure_ascii=False) + "\n")
    lab = Counter(s["label"] for o in items for s in o["spans"])
    print(f"{len(items)} items -> {a.out}")
    print("frames defined:", len(FRAMES), "used:", len({o['frame'] for o in items}))
    print("locales:", dict(sorted(Counter(o["locale"] for o in items).items())))
    print("spans:", sum(lab.values()), dict(lab.most_common()))


if __name__ == "__main__":
    main()
