#!/usr/bin/env python3
"""Build bench/generic4/generic4.jsonl: 600 synthetic-PII sentences in the style of public
PII-detection benchmarks, across 18 locales, every filled identifier a gold span.

    /work/main/.venv/bin/python bench/generic4/make.py

Deterministic: fixed seeds for Faker and for our own generators; the script re-executes
itself with PYTHONHASHSEED=0 so that any set iteration inside Faker is stable too.
"""
import os
import sys

if os.environ.get("PYTHONHASHSEED") != "0":
    env = dict(os.environ, PYTHONHASHSEED="0")
    os.execve(sys.executable, [sys.executable] + sys.argv, env)

import datetime as dt
import ipaddress
import json
import random
import re
import string
import unicodedata
from collections import Counter
from pathlib import Path

from faker import Faker

SEED = 20240604
N_ITEMS = 600
OUT = Path(__file__).resolve().parent / "generic4.jsonl"

LOCALES = ["en_US", "en_GB", "en_CA", "en_AU", "en_IN", "es_ES", "es_MX", "es_AR", "fr_FR",
           "fr_CA", "de_DE", "de_AT", "it_IT", "pt_BR", "pt_PT", "nl_NL", "pl_PL", "sv_SE"]
LANG_OF = {loc: loc.split("_")[0] for loc in LOCALES}
LANG_OF["sv_SE"] = "en"          # no Swedish frames: English text with Swedish values

UP = string.ascii_uppercase
DIG = string.digits

# --------------------------------------------------------------------------- frames
# (category, disclosure s=self / t=third party, health?, template)
# {placeholder} -> generated value (a gold span unless it is a *_kw / title literal).
EN = [
    # customer chats
    ("chat", "s", 0, "Hi, this is {name}, my order never arrived at {addr}. You can reach me on {phone}."),
    ("chat", "s", 0, "Agent: Can you confirm your date of birth?\nCustomer: sure, it's {dob}, and the account is under {email}."),
    ("chat", "s", 0, "hey its {first} again lol, the card issue... full number is {card}, pls fix asap"),
    ("chat", "t", 0, "Chat transcript {date}: customer {tname} asked to change the delivery address to {street}, {city} {postcode}."),
    ("chat", "s", 0, "I tried logging in from {ip4} and it locked me out. Username is {user}."),
    ("chat", "t", 0, "My husband {name2} can't get into the app; his login is {email2} and he's on {phone}."),
    ("chat", "s", 0, "Can you update my number to {phone_intl}? Old one was {phone}. Thanks, {first}"),
    ("chat", "s", 0, "yo my handle is {handle} on your site, somebody changed my password from IP {ip6}"),
    ("chat", "s", 0, "I need the refund sent to IBAN {iban}, account holder {name}."),
    ("chat", "s", 0, "plz help!! my account {user} got hacked, they changed the email to {email2} from ip {ip4}"),
    ("chat", "s", 0, "Thanks {first2}, I'll post a copy of my {natid_kw} ({natid}) to {addr} today."),
    ("chat", "s", 0, "Can I pay by bank transfer from {iban}? My name's {name}, I ordered on {date}."),
    ("chat", "s", 0, "Reach me on WhatsApp {phone_intl} or Telegram {handle}. — {name}"),
    ("chat", "t", 0, "My sister {famname} works from home at {addr}; her number's {phone}."),
    ("chat", "s", 0, "[{date} 14:02] {name}: parcel says delivered but nothing at {street}, {postcode}??"),
    # e-mails
    ("email", "t", 0, "Dear {tlast},\n\nPlease find attached the documents for {famname}, born {dob}.\n\nKind regards,\n{name2}"),
    ("email", "s", 0, "Subject: Change of address\nHello, I have moved from {street} to {street2}, {city} {postcode}. My customer number is {acct}."),
    ("email", "s", 0, "From: {email}\nTo: {email2}\nHi {first2}, the photos from {date} are up at {purl}. Cheers, {first}"),
    ("email", "t", 0, "Hi team, please send the payslip for {name} (employee ID {empid}) to {email} before {dwritten}."),
    ("email", "t", 0, "Reminder: {tname}, your appointment is on {dwritten} at our {city} branch. Call {phone} to reschedule."),
    ("email", "s", 0, "Hello,\nI am writing to dispute charge on card {card}. My address is {addr}.\nSincerely, {tname}"),
    ("email", "t", 0, "FW: contact sheet — {name} / {phone} / {email} / {city}"),
    ("email", "s", 0, "Out of office until {dwritten}. For urgent matters call my mobile {phone_intl}. {first} {last}"),
    ("email", "t", 0, "Sent from my iPhone\n\n> On {date}, {name2} <{email2}> wrote:\n> Can you forward {first}'s new address? It's {addr}."),
    # support tickets
    ("ticket", "t", 0, "Ticket #{ticket}: user {user} reports device {serial} won't boot. Contact: {phone}."),
    ("ticket", "t", 0, "[TICKET {ticket}] Reporter: {name} <{email}> | Priority: high | Last seen IP: {ip4}"),
    ("ticket", "t", 0, "Customer {name} says the router with MAC {mac} keeps dropping; last login from {ip6} on {date}."),
    ("ticket", "t", 0, "Replacement phone requested for {name}, IMEI {imei}, ship to {addr}."),
    ("ticket", "t", 0, "Password reset for {handle} failed. Registered e-mail {email}, recovery phone {phone_intl}."),
    ("ticket", "t", 0, "Escalation: {tname} ({phone}) was double-charged on card {card} on {date}."),
    ("ticket", "t", 0, "Ex-employee {name} still has VPN access; revoke username {user} and recover laptop {serial}."),
    ("ticket", "t", 0, "Login attempt blocked: user {email}, source {ip6}, device IMEI {imei}."),
    ("ticket", "t", 0, "Smart watch {serial} paired to {user}'s account on {date} via Bluetooth MAC {mac}."),
    ("ticket", "t", 0, "Mobile contract for {name}: SIM ICCID {iccid}, handset IMEI {imei}, number {phone}."),
    # clinical notes
    ("clinical", "t", 1, "Pt {name}, DOB {dob}, MRN {mrn}, presented with chest pain on {date}."),
    ("clinical", "t", 1, "{tname}, {age} y/o, admitted {date} from {city}; next of kin {name2} ({phone})."),
    ("clinical", "t", 1, "Discharge summary for {name} (MRN {mrn}): pacemaker serial {serial}, follow-up {dwritten}."),
    ("clinical", "t", 1, "Referral: {name}, {hp_kw} {hp}, address {addr}, GP fax {fax}."),
    ("clinical", "t", 1, "Nursing note {date}: {first} ({age}) refused meds; daughter {famname} informed at {phone}."),
    ("clinical", "t", 1, "Lab result for {last}, {first} — MRN {mrn} — collected {date}, HbA1c 8.1%."),
    ("clinical", "t", 1, "Patient {name} ({age} years old) seen in clinic on {dwritten}; insulin pump serial {serial}."),
    ("clinical", "t", 1, "Allergy: penicillin. Pt: {name}; {natid_kw} {natid}; insurer member no. {hp}."),
    ("clinical", "t", 1, "Radiology request — {tname}, MRN {mrn}, {hp_kw} {hp}, DOB {dob}, fax report to {fax}."),
    ("clinical", "t", 1, "Consult: {age}-year-old widow {name} from {city}, MRN {mrn}, hearing aid SN {serial}."),
    ("clinical", "t", 1, "Telehealth session with {name} on {date} connected from IP {ip4}; callback number {phone}."),
    ("clinical", "t", 1, "Home wound-care visit at {addr} for {tname}, {age}, on {date}."),
    ("clinical", "t", 1, "ICU bed 4: {name}, MRN {mrn}, ventilator serial {serial}, admitted {date}."),
    ("clinical", "t", 1, "Dental chart — {name}, MRN {mrn}, implant serial {serial}, placed {date}."),
    ("clinical", "t", 1, "Audiology: {tname}, {age}, tested {dwritten}; hearing aid MAC {mac}."),
    ("clinical", "t", 1, "Ambulance call {caseno}: {age}-year-old male at {addr}, caller {name2} {phone}."),
    ("clinical", "t", 1, "Hospice intake: {name}, {age}, {hp_kw} {hp}, GP {tname2}, fax {fax}."),
    ("clinical", "t", 1, "Vaccination record for {name} (DOB {dob}): dose 2 given {date}, batch FK8891."),
    ("clinical", "t", 1, "Genetic test kit {serial} registered to {email}; sample collected {date}."),
    ("clinical", "t", 1, "Care home update: {tname} ({age}) in room {room} had a fall on {date}."),
    ("clinical", "t", 1, "Blood donor {name}, donor no. {donor}, DOB {dob}, next donation {dwritten}."),
    ("clinical", "s", 1, "Dad ({name}, {age}) is on {hp_kw} {hp}; his GP is {tname2} in {city}."),
    ("clinical", "t", 1, "CGM sensor {serial} for {name} (MRN {mrn}) replaced {date}; readings upload from {ip4}."),
    ("clinical", "t", 1, "Psych intake {date}: {first} {last}, lives alone at {street}, {city}; brother {name2} is contact."),
    # pharmacy
    ("pharmacy", "t", 1, "Rx for {name}, DOB {dob}: metformin 500 mg bid. Prescriber licence {proflic}. Pickup {dwritten}."),
    ("pharmacy", "t", 1, "Pharmacy note: {tname} called from {phone} to refill lisinopril; {hp_kw} {hp}."),
    ("pharmacy", "t", 1, "Delivery of insulin pens to {addr} for {name}, contact {phone}, on {date}."),
    ("pharmacy", "t", 1, "Controlled drug register: {name}, ID checked ({dl_kw} {dl}), prescriber DEA {dea}."),
    ("pharmacy", "t", 1, "Refill reminder e-mailed to {email} for {name}: atorvastatin due {date}."),
    ("pharmacy", "t", 1, "Prescription {rxno} for {name}; please fax the repeat to {fax}."),
    ("pharmacy", "s", 1, "hi, I'm {name} ({dob}), can my warfarin be sent to {street}, {postcode}? tel {phone}"),
    # forms
    ("form", "t", 0, "Name: {name} | DOB: {dob} | Address: {addr} | Phone: {phone} | Email: {email}"),
    ("form", "t", 0, "Full name: {name}\nDate of birth: {dob}\n{natid_kw}: {natid}\nPassport no.: {passport}"),
    ("form", "t", 0, "APPLICANT: {name}; D/L: {dl}; VEHICLE REG: {plate}; VIN: {vin}"),
    ("form", "t", 0, "Emergency contact: {name2}, relationship: son, tel. {phone_intl}, e-mail {email2}"),
    ("form", "t", 0, "Membership form — {name}, born {dob}, postcode {postcode}, mobile {phone}."),
    ("form", "t", 0, "First name: {first}; Last name: {last}; Username: {user}; Registered IP: {ip4}"),
    ("form", "t", 0, "Consent form signed by {name} on {date}, witness {name2}, fingerprint ref {bio}."),
    ("form", "t", 0, "surname={last}&given={first}&dob={dob}&tel={phone}&mail={email}"),
    ("form", "t", 0, "<customer><name>{name}</name><iban>{iban}</iban><ip>{ip6}</ip></customer>"),
    ("form", "t", 0, "{last}, {first}; {addr}; {phone}; {natid_kw} {natid}"),
    ("form", "t", 0, "Visa application — applicant {name}, passport {passport}, DOB {dob}, address {addr}."),
    # HR
    ("hr", "t", 0, "HR record: {name}, employee no. {empid}, start date {date}, {natid_kw} {natid}."),
    ("hr", "t", 0, "Payroll change: salary for {name} to be paid into {acct} from {dwritten}."),
    ("hr", "t", 0, "Exit interview with {tname} held on {date}; forwarding address {addr}."),
    ("hr", "t", 0, "Background check for {name}: {dl_kw} {dl}, DOB {dob}, previous address {street}, {city}."),
    ("hr", "t", 0, "New starter {name} gets laptop {serial} (MAC {mac}) and a badge fingerprint template {bio}."),
    ("hr", "t", 1, "Sick leave: {name} off from {date} to {date2}, note signed by {tname2}."),
    ("hr", "t", 0, "Performance review for {name} (ID {empid}) moved to {dwritten}; manager {name2}."),
    ("hr", "t", 0, "Please add {name} ({email}, ext. {phone}) to the on-call rota from {date}."),
    ("hr", "t", 0, "Expense claim: {name}, company car {plate}, fuel card {card}, trip {date}."),
    # bank letters
    ("bank", "t", 0, "Dear {tname}, we have received your request to close account {acct} on {dwritten}."),
    ("bank", "t", 0, "Your card {card} was used in {city} on {date}. If this wasn't you, call {phone}."),
    ("bank", "t", 0, "Statement for {name}, {addr}. IBAN: {iban}."),
    ("bank", "t", 0, "We confirm the transfer from {iban} to {iban2} on {date}, ordered by {name}."),
    ("bank", "t", 0, "Mortgage ref {loanno} — borrower {name}, property at {addr}."),
    ("bank", "t", 0, "Security alert: new sign-in to {user}'s online banking from {ip6} on {dwritten}."),
    ("bank", "t", 0, "Account {acct} — holder {name} — please freeze it, card {card} stolen in {city}."),
    ("bank", "t", 0, "Direct debit mandate: debtor {name}, {street}, {postcode} {city}, account {iban}, signed {date}."),
    # insurance
    ("insurance", "t", 0, "Claim {claimno} submitted by {name} for the collision on {date}; vehicle {plate}, VIN {vin}."),
    ("insurance", "t", 0, "Policyholder: {tname}; policy no. {policy}; insured vehicle reg. {plate}."),
    ("insurance", "t", 1, "Your health cover is active: member {name}, {hp_kw} {hp}, from {dwritten}."),
    ("insurance", "t", 0, "Dear {tlast}, following your claim {claimno} of {date}, payment will go to account {acct}."),
    ("insurance", "t", 0, "Travel insurance for {name} (passport {passport}) covers {date} to {date2}."),
    ("insurance", "t", 1, "Pre-authorisation for {name}, {hp_kw} {hp}, knee MRI on {dwritten}, ref {claimno}."),
    # travel
    ("travel", "t", 0, "Booking {pnr} confirmed for {tname}, departing {dwritten}; contact {email}."),
    ("travel", "t", 0, "PAX {paxname} MR · PNR {pnr} · PASSPORT {passport} · DOB {dob}"),
    ("travel", "t", 0, "Hotel reservation for {name}, check-in {date}, card on file {card}, mobile {phone_intl}."),
    ("travel", "t", 0, "Car hire: driver {name}, licence {dl}, plate {plate} returned on {date}."),
    ("travel", "s", 0, "Hi, I'm {first}, my flight on {dwritten} got cancelled — booking ref {pnr}, email {email}."),
    ("travel", "t", 0, "Frequent flyer {ffn} — {tname} — upgrade request for {date}."),
    ("travel", "t", 0, "Ferry ticket: {name}, vehicle {plate}, sailing {date}, tel {phone_intl}."),
    # school / club notices
    ("club", "t", 0, "Congrats to {name} on turning {age} — our oldest member! Party at {addr} on {dwritten}."),
    ("club", "t", 0, "Parents: {first}'s pickup has changed, call {name2} on {phone} if needed."),
    ("club", "t", 0, "School trip permission: student {name}, DOB {dob}, parent email {email2}, emergency {phone}."),
    ("club", "t", 0, "Chess club results: {name} (FIDE ID {fide}) beat {name2} on {date}."),
    ("club", "t", 0, "Lost badge belonging to {name}, member no. {member}, please hand it in at the {city} clubhouse."),
    ("club", "t", 0, "Choir birthday wishes to {tname}, {age} today and still singing with us!"),
    ("club", "t", 0, "Bowls league: contact {name} at {email} or {phone} for the {dwritten} fixture."),
    ("club", "t", 0, "Student {name}, student ID {studid}, transcript sent to {email} on {date}."),
    ("club", "t", 0, "Library overdue notice: {tname}, card {libcard}, {addr}."),
    ("club", "t", 0, "Hi {first}! Your bib for the {city} marathon on {dwritten} is {bib}."),
    # police / incident reports
    ("police", "t", 0, "Incident {caseno}: {name} (DOB {dob}) reported a burglary at {addr} on {date}."),
    ("police", "t", 0, "Officer noted vehicle {plate} (VIN {vin}) registered to {name}, {street}, {city}."),
    ("police", "t", 0, "Witness {name2}, tel. {phone}, saw the suspect near {street} at 22:40 on {date}."),
    ("police", "t", 0, "Report {caseno}: victim {tname}, aged {age}, found at home in {city}; neighbour {name2} called it in."),
    ("police", "t", 0, "Custody record: {name}, alias {handle}, {dl_kw} {dl}, fingerprint record {bio}."),
    ("police", "t", 0, "Traffic stop {date}: driver {name}, licence {dl}, plate {plate}, phone seized (IMEI {imei})."),
    ("police", "t", 0, "Missing person: {name}, {age}, last seen {dwritten} near {postcode}. Info: {phone}."),
    ("police", "t", 0, "Cyber incident {caseno}: attacker IP {ip4} accessed {email}'s mailbox; victim {name}."),
    ("police", "t", 0, "Parking fine {caseno}: vehicle {plate} at {street} on {date}, registered keeper {name}."),
    ("police", "t", 0, "Fraud report: {name} lost {iban2}-linked savings after a call from {phone_intl} on {date}."),
    # social posts
    ("social", "t", 0, "Happy {age}th birthday Grandma {first}!! 🎉 Love you, from all of us in {city}"),
    ("social", "t", 0, "So proud of my dad {name}, {age} years young, still walking every day from {street}!"),
    ("social", "s", 0, "DM me at {handle} or email {email} if you found my dog near {street}."),
    ("social", "s", 1, "Follow my recovery at {purl} — surgery was on {dwritten} 🙏"),
    ("social", "t", 0, "Anyone know {name}? Lives on {street}, {city}. Owes me money, number is {phone}."),
    ("social", "s", 0, "New blog post up on {url}! Thanks {handle} for the shoutout"),
    ("social", "s", 0, "Lost my phone (IMEI {imei}) at {city} station on {date}, if found pls text {phone2}"),
    ("social", "t", 0, "tagging {handle} and {handle2} — meet at {addr} Saturday!"),
    ("social", "s", 0, "my insta is {user} and my snap is {user2} 😊"),
    ("social", "t", 1, "Please share: {name}'s fundraiser for her chemo — {purl}"),
    ("social", "t", 0, "License plate {plate} parked in my spot on {street} again. Owner is {name}, {handle} on here."),
    ("social", "t", 0, "RIP {name} ({age}), of {city}. Funeral on {dwritten}. Condolences to {email2}."),
    ("social", "s", 0, "{handle} here — moved to {city}, new number {phone_intl}, hit me up"),
    # classified ads
    ("classified", "s", 0, "FOR SALE: 2014 hatchback, reg {plate}, VIN {vin}, 89k miles. Call {first} on {phone}."),
    ("classified", "s", 0, "Room to rent at {addr}, bills incl. Contact {name}, {email}."),
    ("classified", "s", 0, "Selling iPhone, IMEI {imei}, serial {serial}, pickup in {city}. Text {phone}."),
    ("classified", "s", 0, "Wanted: dog walker near {postcode}. Ring {first} on {phone_intl}."),
    ("classified", "s", 0, "Garage sale {dwritten} at {street}, {city}. Questions? {email}"),
    ("classified", "s", 0, "Camper van, plate {plate}, owner {name}, viewing at {addr}, tel {phone}."),
    ("classified", "s", 0, "Free sofa, collect from {street} ({postcode}) — message {user} or call {phone}."),
    # misc records
    ("misc", "t", 0, "Voice ID enrolled: caller {name}, voiceprint {bio}, linked number {phone}."),
    ("misc", "t", 0, "Access log: {user} authenticated with fingerprint {bio} from {ip4} at 08:14 on {date}."),
    ("misc", "t", 0, "Gym check-in: {name}, member {member}, palm-vein template {bio}."),
    ("misc", "t", 0, "Tenant {name} at {addr} has rent account {acct}; the lease ends {dwritten}."),
    ("misc", "t", 0, "Utility bill for {addr}: customer {name}, account {acct}, meter serial {serial}."),
    ("misc", "t", 0, "Parcel for {name}, {addr}; courier will text {phone_intl}."),
    ("misc", "t", 0, "Wedding RSVP: {name} & {name2}, {addr}, dietary needs: vegetarian."),
    ("misc", "t", 0, "Vet record: owner {name}, {phone}, dog's microchip {chip}."),
    ("misc", "t", 0, "Jury summons for {tname}, juror no. {juror}, report on {dwritten} to the court in {city}."),
    ("misc", "t", 0, "Tax return of {name}: {natid_kw} {natid}, refund to {acct}."),
    ("misc", "t", 0, "Nursing licence {proflic} issued to {name} expires {date}."),
    ("misc", "t", 0, "Locum {tname}, medical licence {proflic}, phone {phone}, available from {dwritten}."),
    ("misc", "t", 0, "Property transfer: {name} to {name2}, parcel at {addr}, signed {dwritten}."),
    ("misc", "t", 0, "Unit {room}, {street}: resident {name} reports a leak since {dwritten}."),
    ("misc", "t", 0, "Fax the signed form to {fax}, attention {tname}."),
    ("misc", "t", 0, "Voter roll entry: {last}, {first} — {addr} — born {dob}."),
    ("misc", "t", 0, "Firearm permit {proflic} for {name}; biometric enrolment {bio} on {date}."),
    ("misc", "t", 0, "W-2 correction for {name}: {natid_kw} {natid}, new address {addr}."),
    ("chat", "s", 0, "ok here's everything: {name}, {natid_kw} {natid}, born {dob}, cell {phone}"),
    ("form", "t", 0, "Co-applicant {name2} — {natid_kw} {natid} — employer payroll portal {url}"),
    ("social", "s", 0, "My portfolio is live at {purl} and my resume is on {url}, pls share!"),
    ("email", "t", 0, "Hi {first2},\nthe memorial page for {name} is {purl}; donations via {url}.\n— {name2}"),
    ("misc", "t", 0, "Server log {date} 03:12:55 user={user} src={ip6} dst={ip4} mac={mac}"),
]

NATIVE = {
    "es": [
        ("chat", "s", 0, "Hola, soy {name}, mi pedido no llegó a {addr}. Mi teléfono es {phone}."),
        ("clinical", "t", 1, "Paciente: {name}; fecha de nacimiento: {dob}; {natid_kw}: {natid}; historia clínica {mrn}."),
        ("email", "t", 1, "Estimado/a {tname}: le recordamos su cita del {dwritten} en {city}. Para cambiarla llame al {phone}."),
        ("classified", "s", 0, "Vendo coche, matrícula {plate}, número de bastidor {vin}. Contacto: {email}."),
        ("police", "t", 0, "Denuncia {caseno}: {name} declaró el robo de su móvil (IMEI {imei}) el {date} en {street}."),
        ("social", "t", 0, "¡Feliz cumpleaños a mi abuela {first}, {age} años! 🎂"),
        ("bank", "t", 0, "Transferencia a la cuenta {iban} a nombre de {name}, realizada el {dwritten}."),
    ],
    "fr": [
        ("chat", "s", 0, "Bonjour, je suis {tname}, j'habite {addr}. Merci de me rappeler au {phone}."),
        ("clinical", "t", 1, "Patient : {name}, né(e) le {dob}, n° de sécurité sociale {natid}, dossier {mrn}."),
        ("bank", "s", 0, "Madame, Monsieur, veuillez verser le remboursement sur l'IBAN {iban} au nom de {name}."),
        ("social", "s", 0, "Perdu mon téléphone le {dwritten} à {city}, IMEI {imei}. Contact : {email}."),
        ("social", "t", 0, "Joyeux anniversaire à {first}, {age} ans aujourd'hui !"),
        ("police", "t", 0, "Constat n° {caseno} : véhicule {plate} conduit par {name}, permis {dl}."),
    ],
    "de": [
        ("chat", "s", 0, "Hallo, ich bin {name} und wohne in der {street}, {postcode} {city}. Tel.: {phone}"),
        ("clinical", "t", 1, "Patient {tname}, geb. {dob}, {hp_kw} {hp}, Aufnahme am {dwritten}."),
        ("bank", "s", 0, "Bitte überweisen Sie den Betrag auf {iban} (Kontoinhaber: {name})."),
        ("classified", "s", 0, "Verkaufe Fahrradanhänger, Abholung in {city}. Meldet euch bei {handle} oder {email}."),
        ("police", "t", 0, "Unfallbericht {caseno}: Kennzeichen {plate}, Fahrer {name}, Führerschein {dl}."),
        ("social", "t", 0, "Herzlichen Glückwunsch zum {age}. Geburtstag, liebe Oma {first}!"),
    ],
    "it": [
        ("chat", "s", 0, "Buongiorno, sono {name}, il mio codice fiscale è {natid} e abito in {addr}."),
        ("clinical", "t", 1, "Paziente {tname}, nato il {dob}, cartella clinica {mrn}, {hp_kw} {hp}."),
        ("classified", "s", 0, "Vendo scooter targa {plate}, telaio {vin}, chiamare {phone}."),
        ("social", "t", 0, "Tanti auguri a nonno {first} per i suoi {age} anni!"),
        ("bank", "t", 0, "Bonifico sull'IBAN {iban} intestato a {name} del {dwritten}."),
        ("police", "t", 0, "Verbale {caseno}: {name}, residente in {street}, {city}, patente {dl}."),
    ],
    "pt": [
        ("chat", "s", 0, "Olá, sou {name}, meu {natid_kw} é {natid} e moro em {addr}."),
        ("clinical", "t", 1, "Paciente {tname}, nascido em {dob}, prontuário {mrn}, {hp_kw} {hp}."),
        ("classified", "s", 0, "Vendo carro placa {plate}, chassi {vin}. WhatsApp {phone_intl}."),
        ("social", "t", 0, "Parabéns à vovó {first} pelos {age} anos!"),
        ("police", "t", 0, "Boletim de ocorrência {caseno}: {name} teve o celular IMEI {imei} roubado em {date} na {street}."),
        ("bank", "t", 0, "Pagamento para {iban}, titular {name}, vencimento {dwritten}."),
    ],
    "nl": [
        ("chat", "s", 0, "Hoi, ik ben {name}, mijn adres is {addr} en mijn nummer {phone}."),
        ("clinical", "t", 1, "Patiënt {tname}, geboren {dob}, BSN {natid}, dossiernummer {mrn}."),
        ("bank", "s", 0, "Graag terugstorten op {iban} t.n.v. {name}."),
        ("classified", "s", 0, "Te koop: fiets, ophalen in {city}. App {phone_intl} of mail {email}."),
        ("social", "t", 0, "Gefeliciteerd oma {first} met je {age}e verjaardag!"),
        ("police", "t", 0, "Proces-verbaal {caseno}: kenteken {plate}, bestuurder {name}, rijbewijs {dl}."),
    ],
    "pl": [
        ("chat", "s", 0, "Dzień dobry, nazywam się {name}, mieszkam przy {addr}, tel. {phone}."),
        ("clinical", "t", 1, "Pacjent {tname}, ur. {dob}, PESEL {natid}, nr historii choroby {mrn}."),
        ("bank", "s", 0, "Proszę o zwrot na konto {iban}, właściciel: {name}."),
        ("classified", "s", 0, "Sprzedam auto, nr rej. {plate}, VIN {vin}. Kontakt: {email}."),
        ("social", "t", 0, "Sto lat dla babci {first}, która kończy dziś {age} lat!"),
        ("police", "t", 0, "Zgłoszenie {caseno}: {name} zgubił telefon (IMEI {imei}) dnia {dwritten}."),
    ],
}

# placeholder -> label (None: literal, not a span)
LABEL = {}
for k in ["name", "first", "last", "name2", "first2", "famname", "paxname"]:
    LABEL[k] = "NAME"
for k in ["addr", "street", "street2", "city", "postcode", "room"]:
    LABEL[k] = "LOCATION"
for k in ["date", "date2", "dob", "dwritten"]:
    LABEL[k] = "DATE"
LABEL.update(age="AGE", phone="PHONE", phone2="PHONE", phone_intl="PHONE", fax="FAX",
             email="EMAIL", email2="EMAIL", hp="HEALTH_PLAN", mrn="MRN",
             iban="ACCOUNT", iban2="ACCOUNT", acct="ACCOUNT", card="ACCOUNT", loanno="ACCOUNT",
             policy="ACCOUNT", dl="LICENSE", proflic="LICENSE", dea="LICENSE",
             plate="VEHICLE", vin="VEHICLE", serial="DEVICE", imei="DEVICE", mac="DEVICE",
             iccid="DEVICE", chip="DEVICE", bio="BIOMETRIC", url="URL", purl="URL",
             ip4="IP", ip6="IP", user="USERNAME", user2="USERNAME", handle="USERNAME",
             handle2="USERNAME")
for k in ["passport", "caseno", "claimno", "ticket", "pnr", "empid", "ffn", "fide", "member",
          "studid", "libcard", "bib", "juror", "donor", "rxno"]:
    LABEL[k] = "OTHER_ID"
LABEL["natid"] = None        # SSN for en_US, OTHER_ID elsewhere (decided per item)
LITERALS = {"tname", "tname2", "tlast", "natid_kw", "hp_kw", "dl_kw"}   # expand to title+NAME etc.

# --------------------------------------------------------------------------- locale data
MONTHS = {
    "en": "January February March April May June July August September October November December",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
    "pl": "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada grudnia",
}
MONTHS = {k: v.split() for k, v in MONTHS.items()}
TITLES = {  # (male, female, neutral/professional)
    "en": (["Mr", "Mr."], ["Mrs", "Ms", "Mrs.", "Ms.", "Miss"], ["Dr", "Dr.", "Prof.", "Mx"]),
    "es": (["Sr.", "D.", "don"], ["Sra.", "Dña.", "doña"], ["Dr.", "Dra."]),
    "fr": (["M.", "Monsieur"], ["Mme", "Madame", "Mlle"], ["Dr", "Pr", "Me"]),
    "de": (["Herr", "Hr."], ["Frau", "Fr."], ["Dr.", "Prof. Dr."]),
    "it": (["Sig.", "Signor"], ["Sig.ra", "Signora"], ["Dott.", "Dott.ssa", "Avv."]),
    "pt": (["Sr.", "Senhor"], ["Sra.", "Senhora", "D."], ["Dr.", "Dra."]),
    "nl": (["dhr.", "de heer"], ["mevr.", "mevrouw"], ["dr.", "mr."]),
    "pl": (["Pan", "p."], ["Pani"], ["dr", "dr hab."]),
}
NATID_KW = {"en_US": "SSN", "en_GB": "NI number", "en_CA": "SIN", "en_AU": "TFN", "en_IN": "Aadhaar",
            "es_ES": "DNI", "es_MX": "CURP", "es_AR": "DNI", "fr_FR": "NIR", "fr_CA": "NAS",
            "de_DE": "Steuer-ID", "de_AT": "ZMR-Zahl", "it_IT": "codice fiscale", "pt_BR": "CPF",
            "pt_PT": "NIF", "nl_NL": "BSN", "pl_PL": "PESEL", "sv_SE": "personnummer"}
HP_KW = {"en_US": "member ID", "en_GB": "NHS number", "en_CA": "OHIP no.", "en_AU": "Medicare no.",
         "en_IN": "ABHA number", "es_ES": "tarjeta sanitaria", "es_MX": "NSS IMSS",
         "es_AR": "credencial obra social", "fr_FR": "n° adhérent mutuelle", "fr_CA": "no RAMQ",
         "de_DE": "Versichertennummer", "de_AT": "SV-Nummer", "it_IT": "tessera sanitaria",
         "pt_BR": "Cartão SUS", "pt_PT": "n.º utente SNS", "nl_NL": "polisnummer",
         "pl_PL": "nr karty EKUZ", "sv_SE": "försäkringsnummer"}
DL_KW = {"en_US": "driver's license", "en_GB": "driving licence", "en_CA": "driver's licence",
         "en_AU": "licence no.", "en_IN": "DL no.", "es_ES": "permiso de conducir",
         "es_MX": "licencia", "es_AR": "licencia de conducir", "fr_FR": "permis n°",
         "fr_CA": "permis de conduire", "de_DE": "Führerschein-Nr.", "de_AT": "Führerschein",
         "it_IT": "patente", "pt_BR": "CNH", "pt_PT": "carta de condução", "nl_NL": "rijbewijs",
         "pl_PL": "prawo jazdy", "sv_SE": "körkort"}
CC = {"en_US": "1", "en_GB": "44", "en_CA": "1", "en_AU": "61", "en_IN": "91", "es_ES": "34",
      "es_MX": "52", "es_AR": "54", "fr_FR": "33", "fr_CA": "1", "de_DE": "49", "de_AT": "43",
      "it_IT": "39", "pt_BR": "55", "pt_PT": "351", "nl_NL": "31", "pl_PL": "48", "sv_SE": "46"}
NANP = ["(@##) @##-####", "@##-@##-####", "@##.@##.####", "@## @## ####"]
PHONE_NAT = {
    "en_US": NANP, "en_CA": NANP, "fr_CA": NANP + ["@##-@##-####"],
    "en_GB": ["07### ######", "07### ### ###", "020 7### ####", "0161 ### ####", "0131 ### ####", "(01632) ######"],
    "en_AU": ["04## ### ###", "(02) #### ####", "(03) #### ####", "04########"],
    "en_IN": ["9#### #####", "8#########", "7####-#####", "011-2### ####", "080 4### ####"],
    "es_ES": ["6## ## ## ##", "6## ### ###", "91# ### ###", "93#######", "7## ### ###"],
    "es_MX": ["55 #### ####", "33 #### ####", "81 ####-####", "(55) ####-####"],
    "es_AR": ["011 4###-####", "11 ####-####", "15-####-####", "(0351) 4##-####"],
    "fr_FR": ["06 ## ## ## ##", "07 ## ## ## ##", "01 ## ## ## ##", "04.##.##.##.##", "06########"],
    "de_DE": ["0151 ########", "0176-########", "030 #######", "089/#######", "(0221) ######"],
    "de_AT": ["0664 #######", "0676/#######", "01 ### ## ##", "0316 ######"],
    "it_IT": ["3## ### ####", "34########", "06 #### ####", "02-########"],
    "pt_BR": ["(11) 9####-####", "(21) 9####-####", "11 9########", "(31) 3###-####"],
    "pt_PT": ["9## ### ###", "21# ### ###", "22#######", "91#######"],
    "nl_NL": ["06-########", "06 ## ## ## ##", "020-### ####", "(010) ### ## ##"],
    "pl_PL": ["5## ### ###", "6##-###-###", "22 ### ## ##", "7########"],
    "sv_SE": ["07#-### ## ##", "08-### ### ##", "070 ### ## ##", "031-## ## ##"],
}
PHONE_INTL = {  # national significant number after the country code
    "en_US": ["@## @## ####", "(@##) @##-####", "@##-@##-####"], "en_CA": ["@## @## ####", "@##-@##-####"],
    "fr_CA": ["@## @## ####"], "en_GB": ["7### ######", "20 7### ####", "(0)7### ######"],
    "en_AU": ["4## ### ###", "2 #### ####"], "en_IN": ["9#### #####", "98########"],
    "es_ES": ["6## ### ###", "6## ## ## ##", "91 ### ## ##"], "es_MX": ["55 #### ####", "1 33 #### ####"],
    "es_AR": ["9 11 ####-####", "9 351 ###-####"], "fr_FR": ["6 ## ## ## ##", "(0)7 ## ## ## ##", "1 ## ## ## ##"],
    "de_DE": ["151 ########", "(0)30 #######", "176 ########"], "de_AT": ["664 #######", "1 ### ## ##"],
    "it_IT": ["3## ### ####", "06 #### ####"], "pt_BR": ["11 9####-####", "21 9#### ####"],
    "pt_PT": ["9## ### ###", "21# ### ###"], "nl_NL": ["6 ########", "(0)6-########", "20 ### ####"],
    "pl_PL": ["5## ### ###", "22 ### ## ##"], "sv_SE": ["7# ### ## ##", "(0)8 ### ### ##"],
}
FAKER_PHONE_OK = {"en_GB", "es_ES", "es_AR", "fr_FR", "de_DE", "it_IT", "pt_PT", "nl_NL", "pl_PL", "sv_SE"}
IBAN_BBAN = {  # country: pattern of the BBAN ('#' digit, '?' letter)
    "GB": "????##############", "ES": "####################", "FR": "#######################",
    "DE": "##################", "AT": "################", "IT": "?######################",
    "NL": "????##########", "PL": "########################", "PT": "#####################",
    "SE": "####################", "BR": "#######################??", "IE": "????##############",
    "BE": "############", "CH": "#################",
}
IBAN_CC = {"en_GB": "GB", "es_ES": "ES", "fr_FR": "FR", "de_DE": "DE", "de_AT": "AT", "it_IT": "IT",
           "nl_NL": "NL", "pl_PL": "PL", "pt_PT": "PT", "sv_SE": "SE", "pt_BR": "BR"}
REAL_CITIES = {
    "en_US": ["Columbus", "Tucson", "Albany", "Spokane", "Dayton", "Boise", "Raleigh", "Fresno", "Tulsa", "Omaha"],
    "en_CA": ["Halifax", "Moncton", "Kelowna", "Regina", "Sudbury", "Kingston", "Red Deer", "Brandon"],
    "fr_CA": ["Trois-Rivières", "Sherbrooke", "Rimouski", "Gatineau", "Lévis", "Saguenay", "Laval"],
    "en_AU": ["Ballarat", "Toowoomba", "Wollongong", "Geelong", "Bendigo", "Cairns", "Launceston"],
}


class Gen:
    """Per-locale value generators. One Faker per locale, seeded; own RNG for our formats."""

    def __init__(self, loc, rng):
        self.loc, self.rng = loc, rng
        self.f = Faker(loc)
        self.f.seed_instance(SEED + LOCALES.index(loc))

    # ---- helpers
    def pat(self, p):
        """'#' digit, '@' digit 2-9, '?' upper letter, '*' upper alnum."""
        r = self.rng
        out = []
        for ch in p:
            if ch == "#":
                out.append(r.choice(DIG))
            elif ch == "@":
                out.append(r.choice("23456789"))
            elif ch == "?":
                out.append(r.choice(UP))
            elif ch == "*":
                out.append(r.choice(UP + DIG))
            else:
                out.append(ch)
        return "".join(out)

    def ch(self, seq):
        return self.rng.choice(seq)

    # ---- people
    def person(self, lang):
        g = self.rng.choice("mf")
        f = self.f
        try:
            first = f.first_name_male() if g == "m" else f.first_name_female()
        except AttributeError:
            first = f.first_name()
        last = f.last_name()
        if lang == "es" and self.rng.random() < 0.4:
            last = last + " " + f.last_name()
        return {"g": g, "first": first, "last": last}

    def title(self, lang, g):
        male, female, prof = TITLES[lang]
        if self.rng.random() < 0.25:
            return self.ch(prof)
        return self.ch(male if g == "m" else female)

    # ---- locations
    def street(self):
        s = self.f.street_address().replace("\n", ", ")
        return re.sub(r"\s+,", ",", re.sub(r"\s{2,}", " ", s)).strip()

    def city(self):
        if self.loc in REAL_CITIES and self.rng.random() < 0.5:
            return self.ch(REAL_CITIES[self.loc])
        return self.f.city()

    def postcode(self):
        loc, p = self.loc, self.f.postcode()
        if loc in ("en_CA", "fr_CA"):
            p = p.replace(" ", "")
            p = p[:3] + " " + p[3:]
        elif loc == "pt_BR":
            p = re.sub(r"\D", "", p)
            p = p[:5] + "-" + p[5:8]
        elif loc == "es_AR":
            p = self.ch([self.pat("?####???"), self.pat("####"), "B" + self.pat("####")])
        elif loc == "es_MX":
            p = self.pat("#####")
        elif loc == "nl_NL" and self.rng.random() < 0.5:
            p = p[:4] + " " + p[4:]
        elif loc == "sv_SE":
            p = re.sub(r"\D", "", p)
            p = p[:3] + " " + p[3:]
        return p

    def addr(self):
        loc, f = self.loc, self.f
        st, c, pc = self.street(), self.city(), self.postcode()
        if loc == "en_US":
            return f"{st}, {c}, {f.state_abbr(include_territories=False)} {pc}"
        if loc == "en_GB":
            return self.ch([f"{st}, {c} {pc}", f"{st}, {c}, {pc}"])
        if loc == "en_CA":
            return f"{st}, {c}, {f.province_abbr()} {pc}"
        if loc == "fr_CA":
            return f"{st}, {c} (Québec) {pc}"
        if loc == "en_AU":
            return f"{st}, {c} {f.state_abbr()} {pc}"
        if loc == "en_IN":
            return self.ch([f"{st}, {c} - {pc}", f"{st}, {c} {pc}"])
        if loc == "es_MX":
            return f"{st}, C.P. {pc}, {c}, {f.state_abbr()}"
        if loc == "es_AR":
            return f"{st}, {c} ({pc})"
        if loc == "pt_BR":
            return f"{st} - {f.bairro()}, {c} - {f.estado_sigla()}, {pc}"
        return f"{st}, {pc} {c}"

    # ---- dates
    def _d(self, birth=False):
        f = self.f
        if birth:
            return f.date_between(dt.date(1920, 1, 1), dt.date(2006, 12, 31))
        return f.date_between(dt.date(2019, 1, 1), dt.date(2025, 12, 31))

    def dnum(self, d):
        loc = self.loc
        if loc == "en_US":
            fm = self.ch(["{m:02d}/{d:02d}/{y}", "{m}/{d}/{y}", "{m}/{d}/{yy:02d}", "{m:02d}-{d:02d}-{y}", "{y}-{m:02d}-{d:02d}"])
        elif loc in ("de_DE", "de_AT", "pl_PL"):
            fm = self.ch(["{d:02d}.{m:02d}.{y}", "{d}.{m}.{y}", "{d:02d}.{m:02d}.{yy:02d}", "{y}-{m:02d}-{d:02d}"])
        elif loc == "nl_NL":
            fm = self.ch(["{d:02d}-{m:02d}-{y}", "{d}-{m}-{y}", "{d:02d}/{m:02d}/{y}"])
        elif loc in ("sv_SE", "en_CA", "fr_CA"):
            fm = self.ch(["{y}-{m:02d}-{d:02d}", "{y}-{m:02d}-{d:02d}", "{d:02d}/{m:02d}/{y}" if loc == "fr_CA" else "{m:02d}/{d:02d}/{y}"])
        else:
            fm = self.ch(["{d:02d}/{m:02d}/{y}", "{d}/{m}/{y}", "{d:02d}-{m:02d}-{y}", "{d:02d}.{m:02d}.{y}", "{d:02d}/{m:02d}/{yy:02d}"])
        return fm.format(d=d.day, m=d.month, y=d.year, yy=d.year % 100)

    def dword(self, d, lang):
        M = MONTHS[lang][d.month - 1]
        day, y = d.day, d.year
        if lang == "en":
            suf = "th" if 11 <= day <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
            opts = [f"{M} {day}, {y}", f"{day} {M} {y}", f"{day}{suf} {M} {y}", f"{M[:3]} {day}, {y}",
                    f"{day} {M[:3]} {y}", f"{M} {day}{suf}", f"{d.strftime('%A')}, {day} {M} {y}"]
            if self.loc == "en_US":
                opts = [f"{M} {day}, {y}", f"{M[:3]}. {day}, {y}", f"{M} {day}{suf}", f"{d.strftime('%A')}, {M} {day}"]
            return self.ch(opts)
        if lang in ("es", "pt"):
            return self.ch([f"{day} de {M} de {y}", f"{day} de {M}"])
        if lang == "de":
            return self.ch([f"{day}. {M} {y}", f"{day:02d}. {M} {y}", f"{day}. {M}"])
        if lang == "fr":
            return self.ch([f"{'1er' if day == 1 else day} {M} {y}", f"{day} {M}"])
        return self.ch([f"{day} {M} {y}", f"{day} {M}"])

    def date(self, lang, kind):
        if kind == "dob":
            d = self._d(True)
            return self.dnum(d) if self.rng.random() < 0.75 else self.dword(d, lang)
        d = self._d()
        if kind == "dwritten":
            return self.dword(d, lang)
        return self.dnum(d) if self.rng.random() < 0.55 else self.dword(d, lang)

    # ---- contact
    def phone(self):
        if self.loc in FAKER_PHONE_OK and self.rng.random() < 0.35:
            return self.f.phone_number()
        return self.pat(self.ch(PHONE_NAT[self.loc]))

    def phone_intl(self):
        cc = CC[self.loc]
        lead = self.ch([f"+{cc} ", f"+{cc} ", f"00{cc} ", f"+{cc}-" if self.loc in ("en_US", "en_CA") else f"+{cc} "])
        num = self.pat(self.ch(PHONE_INTL[self.loc]))
        if lead.endswith("-"):
            num = num.replace(" ", "-")
        return lead + num

    @staticmethod
    def ascii(s):
        s = s.replace("ł", "l").replace("Ł", "L").replace("ß", "ss").replace("ø", "o").replace("æ", "ae")
        s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()
        return re.sub(r"[^A-Za-z]", "", s).lower()

    def email(self, p=None):
        f, r = self.f, self.rng
        if p is None or r.random() < 0.25:
            return f.email() if r.random() < 0.5 else f.free_email()
        fi, la = self.ascii(p["first"]), self.ascii(p["last"].split()[0])
        local = r.choice([f"{fi}.{la}", f"{fi}{la}", f"{fi[0]}{la}", f"{fi}_{la}{r.randint(1, 99)}",
                          f"{la}.{fi}", f"{fi}{r.randint(1960, 2005)}"])
        dom = f.free_email_domain() if r.random() < 0.7 else f.domain_name()
        return f"{local}@{dom}"

    def user(self, p=None):
        f, r = self.f, self.rng
        u = f.user_name()
        if p is not None and r.random() < 0.4:
            fi, la = self.ascii(p["first"]), self.ascii(p["last"].split()[0])
            u = r.choice([f"{fi}_{la}", f"{fi}.{la}{r.randint(1, 99)}", f"{la}{fi[:1]}", f"real{fi}{r.randint(70, 99)}",
                           f"{fi}x{la[:3]}"])
        elif r.random() < 0.3:
            u = r.choice([f"{u}_{r.randint(1, 999)}", f"the_{u}", f"{u}.official", f"x{u}x"])
        return u

    def url(self):
        f = self.f
        return self.ch([f.url(), f.uri(), f.url().rstrip("/") + "/" + f.slug()])

    def purl(self, p):
        fi, la = self.ascii(p["first"]), self.ascii(p["last"].split()[0])
        u = self.user(p)
        return self.ch([f"https://www.facebook.com/{u}", f"https://instagram.com/{u}",
                        f"https://www.linkedin.com/in/{fi}-{la}-{self.pat('##*#*#').lower()}",
                        f"https://www.gofundme.com/f/help-{fi}-{la}", f"https://{u.replace('.', '').replace('_', '')}.wordpress.com",
                        f"https://x.com/{u}", f"www.tiktok.com/@{u}", f"https://sites.google.com/view/{fi}{la}"])

    def ip6(self):
        a = self.f.ipv6()
        return a if self.rng.random() < 0.5 else str(ipaddress.IPv6Address(a))

    # ---- government / records
    def natid(self):
        loc, f, r = self.loc, self.f, self.rng
        if loc == "en_US":
            return self.ch([f.ssn(), f.ssn().replace("-", ""), f.ssn().replace("-", " ")])
        if loc == "en_GB":
            return self.ch(["AB", "JC", "NP", "PR", "SK", "TM", "WX", "HE"]) + self.pat(" ## ## ## ") + self.ch("ABCD")
        if loc == "en_CA":
            return f.ssn()
        if loc == "fr_CA":
            return self.pat("### ### ###")
        if loc == "en_AU":
            return self.pat("### ### ###")
        if loc == "en_IN":
            a = f.aadhaar_id()
            return self.ch([f"{a[:4]} {a[4:8]} {a[8:]}", a, self.pat("?????####?")])
        if loc == "es_ES":
            return self.dni()
        if loc == "es_MX":   # own CURP (Faker's es_MX curp/rfc use the global random module)
            d = self._d(True)
            return (self.pat("????") + d.strftime("%y%m%d") + self.ch("HM") + self.ch(["DF", "JC", "NL", "MC", "PL", "VZ", "YN"])
                    + "".join(self.ch("BCDFGHJKLMNPQRSTVWXZ") for _ in range(3)) + self.pat("*#"))
        if loc == "es_AR":
            n = r.randint(10_000_000, 45_000_000)
            return self.ch([f"{n:,}".replace(",", "."), str(n), f"20-{n}-{r.randint(0, 9)}"])
        if loc == "fr_FR":
            s = f.ssn()
            return self.ch([s, f"{s[0]} {s[1:3]} {s[3:5]} {s[5:7]} {s[7:10]} {s[10:13]} {s[13:]}"])
        if loc == "de_DE":
            return self.ch([self.pat("@# ### ### ###"), self.pat("@##########"), self.ch("CFGHJKLMNPRTVWXYZ") + self.pat("********")])
        if loc == "de_AT":
            return self.pat("#### #### ####")
        if loc == "pt_BR":
            return f.cpf()
        if loc == "pt_PT":
            return self.pat("@## ### ###")
        if loc == "pl_PL":
            return f.pesel()
        return f.ssn()   # it_IT codice fiscale, nl_NL BSN, sv_SE personnummer

    def dni(self):
        """Spanish DNI (70%) or NIE, with the real check letter (Faker's es_ES nif/nie use the global random)."""
        L = "TRWAGMYFPDXBNJZSQVHLCKE"
        if self.rng.random() < 0.7:
            n = self.rng.randint(1_000_000, 99_999_999)
            return f"{n:08d}{L[n % 23]}"
        p, n = self.rng.randint(0, 2), self.rng.randint(0, 9_999_999)
        return f"{'XYZ'[p]}{n:07d}{L[int(f'{p}{n:07d}') % 23]}"

    def hp(self):
        loc = self.loc
        if loc == "en_US":
            if self.rng.random() < 0.4:   # Medicare MBI shape
                a = "ACDEFGHJKMNPQRTUVWXY"
                s = self.pat("@") + self.ch(a) + self.ch(a + DIG) + self.pat("#") + "-" + self.ch(a) + self.ch(a + DIG) + self.pat("#") + "-" + self.ch(a) + self.ch(a) + self.pat("##")
                return s
            return self.ch([self.pat("???#########"), self.pat("W#########"), self.pat("###?#####-##")])
        if loc == "en_GB":
            while True:
                d = [self.rng.randint(0, 9) for _ in range(9)]
                c = 11 - sum(x * (10 - i) for i, x in enumerate(d)) % 11
                c = 0 if c == 11 else c
                if c != 10:
                    s = "".join(map(str, d)) + str(c)
                    return self.ch([f"{s[:3]} {s[3:6]} {s[6:]}", s])
        table = {"en_CA": "####-###-###-??", "fr_CA": "???? #### ####", "en_AU": "#### ##### #",
                 "en_IN": "##-####-####-####", "es_ES": "????############", "es_MX": "###########",
                 "es_AR": "##########/##", "fr_FR": "########", "de_DE": "?#########",
                 "de_AT": "#### ######", "it_IT": "80380#########" + "######", "pt_BR": "### #### #### ####",
                 "pt_PT": "#########", "nl_NL": "#########", "pl_PL": "80616##############",
                 "sv_SE": "??-#######"}
        return self.pat(table[loc])

    def mrn(self):
        return self.pat(self.ch(["#######", "00######", "?########", "##-####-##", "HC#########",
                                 "E/######", "#########", "??######", "MR-######"]))

    def iban(self, cc=None):
        if cc is None:
            cc = IBAN_CC.get(self.loc) or self.ch(["GB", "DE", "ES", "FR", "IE", "NL", "CH", "BE"])
        bban = self.pat(IBAN_BBAN[cc])
        num = "".join(str(int(c, 36)) for c in bban + cc + "00")
        check = 98 - int(num) % 97
        s = f"{cc}{check:02d}{bban}"
        assert int("".join(str(int(c, 36)) for c in s[4:] + s[:4])) % 97 == 1
        return s if self.rng.random() < 0.5 else " ".join(s[i:i + 4] for i in range(0, len(s), 4))

    def acct(self):
        loc = self.loc
        dom = {"en_US": ["############", "##########", "0000########"], "en_CA": ["#####-###-#######", "#######"],
               "fr_CA": ["#####-###-#######"], "en_AU": ["###-### ########", "###-###-#########"],
               "en_IN": ["############", "###############"], "es_MX": ["### ### ########### #", "##########"],
               "es_AR": ["######################", "##########"], "en_GB": ["##-##-## ########", "########"]}
        if loc in dom and self.rng.random() < 0.6:
            return self.pat(self.ch(dom[loc]))
        if self.rng.random() < 0.25:
            return self.pat(self.ch(["CUST-#######", "#########", "AC########"]))
        return self.iban()

    def card(self):
        n = self.f.credit_card_number()
        if len(n) == 16 and self.rng.random() < 0.6:
            return " ".join(n[i:i + 4] for i in range(0, 16, 4))
        if len(n) == 15 and self.rng.random() < 0.5:
            return f"{n[:4]} {n[4:10]} {n[10:]}"
        return n

    def dl(self, p):
        loc = self.loc
        if loc == "en_GB":
            sur = (self.ascii(p["last"]).upper() + "99999")[:5]
            d = self._d(True)
            m = d.month + (50 if p["g"] == "f" else 0)
            ini = (self.ascii(p["first"]).upper()[:1] + "9")
            return f"{sur}{str(d.year)[2]}{m:02d}{d.day:02d}{str(d.year)[3]}{ini}9{self.pat('??')}"
        table = {"en_US": ["?###-####-####", "?#######", "###-###-###", "?##-###-##-###-#", "########"],
                 "en_CA": ["?####-#####-#####"], "fr_CA": ["?####-######-##"], "en_AU": ["########", "#########"],
                 "en_IN": ["??## ###########", "??-##########"], "es_ES": [None], "es_MX": ["?########", "##########"],
                 "es_AR": ["########"], "fr_FR": ["##??#####", "############"], "de_DE": ["?##########"],
                 "de_AT": ["########"], "it_IT": ["U1?######?", "??#######?"], "pt_BR": ["###########"],
                 "pt_PT": ["?-#######", "??-######-#"], "nl_NL": ["##########"], "pl_PL": ["#####/##/####"],
                 "sv_SE": ["########"]}
        if loc == "es_ES":
            return self.dni()
        return self.pat(self.ch(table[loc]))

    def proflic(self):
        return self.pat(self.ch(["RN#######", "MD-#####", "#######", "##?####?", "MED000#######",
                                 "CRM-SP ######", "LPN-######", "PA#####", "OMCeO ####", "NMC ##?####?"]))

    def dea(self):
        return self.pat("??#######")

    def plate(self):
        loc = self.loc
        own = {"en_AU": ["???##?", "#??-#??", "???-###"], "fr_CA": ["??? ###", "### ???", "V##-???"],
               "en_IN": ["?? ## ?? ####", "??##??####", "??-##-?-####"], "es_MX": ["???-###-?", "??-##-###"],
               "en_US": ["???-####", "#???###", "??? ####", "#??#?##"], "en_CA": ["???? ###", "??? ###"]}
        if loc in own and self.rng.random() < 0.7:
            return self.pat(self.ch(own[loc]))
        return self.f.license_plate()

    def vin(self):
        al = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
        v = [self.ch(al) for _ in range(17)]
        v[9] = self.ch("ABCDEFGHJKLMNPRSTVWXY123456789")
        tr = {c: (i % 9 + 1) for i, c in enumerate("ABCDEFGHI")}
        tr.update({c: (i % 9 + 1) for i, c in enumerate("JKLMNOPQR")})
        tr.update({c: (i % 8 + 2) for i, c in enumerate("STUVWXYZ")})
        tr.update({c: int(c) for c in DIG})
        w = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2]
        c = sum(tr[x] * wi for x, wi in zip(v, w)) % 11
        v[8] = "X" if c == 10 else str(c)
        return "".join(v)

    @staticmethod
    def luhn(body):
        s = 0
        for i, c in enumerate(reversed(body)):
            d = int(c)
            if i % 2 == 0:
                d *= 2
                d -= 9 if d > 9 else 0
            s += d
        return str((10 - s % 10) % 10)

    def imei(self):
        b = self.ch(["35", "86", "01", "99"]) + self.pat("############")
        n = b + self.luhn(b)
        return n if self.rng.random() < 0.7 else f"{n[:2]}-{n[2:8]}-{n[8:14]}-{n[14]}"

    def iccid(self):
        b = "89" + CC[self.loc][:2].ljust(2, "0") + self.pat("##############")
        return b + self.luhn(b)

    def mac(self):
        m = self.f.mac_address()
        return self.ch([m, m.upper(), m.upper().replace(":", "-"), m.replace(":", "")])

    def serial(self):
        return self.pat(self.ch(["SN*********", "C02*********", "PM-####-****", "R58M#####??", "##?####??",
                                 "***-***-****", "###-####-###", "FX####-######", "DX##?###"]))

    def chip(self):
        return self.ch(["985", "941", "900", "826", "250", "276", "380", "724"]) + self.pat("############")

    def bio(self):
        r = self.rng
        h = "".join(r.choice("0123456789abcdef") for _ in range(12))
        return self.ch([f"FP-{h[:8].upper()}", f"VP-{self.pat('######')}", f"BIO-{h[:4]}-{h[4:8]}",
                        f"fp_{h}", self.pat("VPR##########"), f"PV{h[:10].upper()}"])

    def passport(self):
        t = {"en_US": ["#########", "?########"], "en_GB": ["#########"], "en_CA": ["??######"], "en_AU": ["?#######", "??#######"],
             "en_IN": ["?#######"], "es_ES": ["???######", "??######"], "es_MX": ["?########"], "es_AR": ["########?", "???######"],
             "fr_FR": ["##??#####"], "fr_CA": ["??######"], "de_DE": ["C********"], "de_AT": ["?#######"], "it_IT": ["??#######"],
             "pt_BR": ["??######"], "pt_PT": ["?######"], "nl_NL": ["??*******"], "pl_PL": ["??#######"], "sv_SE": ["########"]}
        return self.pat(self.ch(t[self.loc]))

    def other(self, k):
        y = str(self.rng.randint(2019, 2025))
        pats = {"caseno": [y + "-######", "CR-########", "INC#######", "##/#####/" + y[2:], "RG " + y + "/####"],
                "claimno": ["CLM-########", "C" + y + "-#####", "##########"], "ticket": ["#####", "######", "SR-######"],
                "pnr": ["******"], "empid": ["E#####", "EMP-####", "#######", "??-####"], "ffn": ["### ### ###", "??########"],
                "fide": ["#######", "########"], "member": ["M-######", "#####", "CLB/####/##"], "studid": ["S#######", y + "####"],
                "libcard": ["2####00#######", "LIB-######"], "bib": ["####", "#####"], "juror": ["J-#####", "######"],
                "donor": ["D#########", "##-###-####"], "rxno": ["RX-#######", "########"]}
        return self.pat(self.ch(pats[k]))


# --------------------------------------------------------------------------- filling
PH = re.compile(r"\{(\w+)\}")
ACCT_LIKE = {"loanno": ["ML-##########", "#############"], "policy": ["POL-#######", "??########", "#########-##"]}


def fill(template, loc, lang, g):
    """Return (text, spans). Spans: list of dicts with start, end, label, phi."""
    ctx = {}

    def P(key):
        if key not in ctx:
            ctx[key] = g.person(lang)
        return ctx[key]

    def value(k):
        """(string, label) for one placeholder; label None = literal."""
        if k in ("name", "first", "last", "famname", "paxname"):
            p = P("a")
            if k == "name":
                return f"{p['first']} {p['last']}", "NAME"
            if k == "famname":
                q = P("fam")
                return f"{q['first']} {p['last']}", "NAME"
            if k == "paxname":
                return f"{g.ascii(p['last']).upper()}/{g.ascii(p['first']).upper()}", "NAME"
            return p[k], "NAME"
        if k in ("name2", "first2"):
            p = P("b")
            return (f"{p['first']} {p['last']}" if k == "name2" else p["first"]), "NAME"
        if k in ("email", "email2"):
            return g.email(P("a") if k == "email" else P("b")), "EMAIL"
        if k in ("user", "user2", "handle", "handle2"):
            u = g.user(P("a") if k in ("user", "handle") else None)
            return ("@" + u if k.startswith("handle") else u), "USERNAME"
        if k == "purl":
            return g.purl(P("a")), "URL"
        if k in ("date", "date2", "dob", "dwritten"):
            return g.date(lang, k), "DATE"
        if k == "age":
            return str(g.rng.randint(90, 105)), "AGE"
        if k in ("phone", "phone2"):
            return g.phone(), "PHONE"
        if k == "phone_intl":
            return g.phone_intl(), "PHONE"
        if k == "fax":
            return (g.phone() if g.rng.random() < 0.7 else g.phone_intl()), "FAX"
        if k in ("street", "street2"):
            return g.street(), "LOCATION"
        if k == "city":
            return g.city(), "LOCATION"
        if k == "postcode":
            return g.postcode(), "LOCATION"
        if k == "addr":
            return g.addr(), "LOCATION"
        if k == "room":
            return g.pat(g.ch(["###", "#?", "?-###", "##"])), "LOCATION"
        if k in ("iban", "iban2"):
            return g.iban(), "ACCOUNT"
        if k in ACCT_LIKE:
            return g.pat(g.ch(ACCT_LIKE[k])), "ACCOUNT"
        if k == "natid":
            return g.natid(), ("SSN" if loc == "en_US" else "OTHER_ID")
        if k == "dl":
            return g.dl(P("a")), "LICENSE"
        if k == "ip4":
            return g.f.ipv4_public(), "IP"
        simple = {"hp": g.hp, "mrn": g.mrn, "acct": g.acct, "card": g.card, "proflic": g.proflic,
                  "dea": g.dea, "plate": g.plate, "vin": g.vin, "serial": g.serial, "imei": g.imei,
                  "mac": g.mac, "iccid": g.iccid, "chip": g.chip, "bio": g.bio, "url": g.url,
                  "ip6": g.ip6, "passport": g.passport}
        if k in simple:
            return simple[k](), LABEL[k]
        if LABEL.get(k) == "OTHER_ID":
            return g.other(k), "OTHER_ID"
        raise KeyError(k)

    text, spans = "", []

    def add_span(v, label):
        nonlocal text
        v = v.strip()
        assert v and "\n" not in v, (k, v)
        start = len(text)
        text += v
        assert text[start:start + len(v)] == v
        spans.append({"start": start, "end": start + len(v), "label": label, "phi": True})

    pos = 0
    for m in PH.finditer(template):
        text += template[pos:m.start()]
        pos = m.end()
        k = m.group(1)
        if k in ("tname", "tname2", "tlast"):
            p = P("a" if k != "tname2" else "b")
            text += g.title(lang, p["g"]) + " "
            add_span(p["last"] if k == "tlast" else f"{p['first']} {p['last']}", "NAME")
        elif k == "natid_kw":
            text += NATID_KW[loc]
        elif k == "hp_kw":
            text += HP_KW[loc]
        elif k == "dl_kw":
            text += DL_KW[loc]
        else:
            v, label = value(k)
            add_span(v, label)
    text += template[pos:]
    for s in spans:
        assert text[s["start"]:s["end"]].strip() == text[s["start"]:s["end"]]
    return text, spans


def main():
    random.seed(SEED)   # some Faker providers draw from the global random module
    rng = random.Random(SEED)
    gens = {loc: Gen(loc, random.Random(f"{SEED}-{loc}")) for loc in LOCALES}
    frames = []   # (frame_id, lang, cat, disc, health, template)
    for i, (cat, disc, h, t) in enumerate(EN, 1):
        frames.append((f"en{i:03d}", "en", cat, disc, h, t))
    for lang, lst in NATIVE.items():
        for i, (cat, disc, h, t) in enumerate(lst, 1):
            frames.append((f"{lang}{i:02d}", lang, cat, disc, h, t))
    ids = [f[0] for f in frames]
    assert len(set(ids)) == len(ids) and len({f[5] for f in frames}) == len(frames)
    for f in frames:   # every placeholder known
        for k in PH.findall(f[5]):
            assert k in LABEL or k in LITERALS, (f[0], k)

    locs_of_lang = {}
    for loc in LOCALES:
        locs_of_lang.setdefault(LANG_OF[loc], []).append(loc)

    plan = []   # (frame, locale)
    loc_count, frame_count = Counter(), Counter()
    en_frames = [f for f in frames if f[1] == "en"]
    # pass 1: every frame once
    order = frames[:]
    rng.shuffle(order)
    cyc = LOCALES[:]
    rng.shuffle(cyc)
    ci = 0
    for f in order:
        if f[1] == "en":
            loc = cyc[ci % len(cyc)]
            ci += 1
        else:
            cands = locs_of_lang[f[1]]
            loc = min(cands, key=lambda l: (loc_count[l], rng.random()))
        plan.append((f, loc))
        loc_count[loc] += 1
        frame_count[f[0]] += 1
    # pass 2: balance locales, spread frames
    while len(plan) < N_ITEMS:
        loc = min(LOCALES, key=lambda l: (loc_count[l], rng.random()))
        lang = LANG_OF[loc]
        pool = en_frames
        if lang != "en" and rng.random() < 0.35:
            pool = [f for f in frames if f[1] == lang]
        elif loc == "en_US" and rng.random() < 0.5:   # so that SSN gets a usable count
            pool = [f for f in en_frames if "{natid}" in f[5]]
        f = min(pool, key=lambda x: (frame_count[x[0]], rng.random()))
        plan.append((f, loc))
        loc_count[loc] += 1
        frame_count[f[0]] += 1
    rng.shuffle(plan)

    items, seen = [], set()
    for n, (f, loc) in enumerate(plan, 1):
        fid, lang, cat, disc, health, tmpl = f
        g = gens[loc]
        for _ in range(5):
            text, spans = fill(tmpl, loc, lang, g)
            if text not in seen:
                break
        assert text not in seen
        seen.add(text)
        reasons = set()
        derived = {"NAME": "names_patient", "DATE": "date_tied_to_care", "LOCATION": "location_tied_to_patient",
                   "AGE": "age_over_89"}
        for s in spans:
            lab = s["label"]
            if lab in derived:
                reasons.add(derived[lab])
            elif lab in ("USERNAME", "PHONE", "FAX", "EMAIL", "URL", "IP"):
                reasons.add("contact_identifier")
            else:
                reasons.add("government_or_record_number")
        reasons.add("self_disclosure" if disc == "s" else "third_party_disclosure")
        if health:
            reasons.add("health_information")
        kind = "comment" if cat in ("social", "classified", "club") else "direct_message"
        items.append({"id": f"generic4-{n:04d}", "direction": "inbound", "kind": kind, "platform": "facebook",
                      "text": text, "spans": spans, "phi_present": True, "reasons": sorted(reasons),
                      "notes": "template sentence", "locale": loc, "frame": fid})

    with open(OUT, "w", encoding="utf-8") as fh:
        for it in items:
            for s in it["spans"]:
                assert it["text"][s["start"]:s["end"]]
            fh.write(json.dumps(it, ensure_ascii=False) + "\n")

    lab = Counter(s["label"] for it in items for s in it["spans"])
    print(f"wrote {len(items)} items to {OUT}")
    print(f"frames: {len(frames)} ({len(en_frames)} English, {len(frames) - len(en_frames)} native); used: {len(frame_count)}")
    print("locales:", dict(sorted(Counter(it['locale'] for it in items).items())))
    print("labels:", dict(lab.most_common()), "total", sum(lab.values()))


if __name__ == "__main__":
    main()
