"""Each identifier family, as a table: texts where it must be found (with the exact span and
label) and hard negatives where it must not. All texts are synthetic."""

from __future__ import annotations

import pytest

from safepost import scan


def spans(text: str, direction: str = "outbound", kind: str = "post") -> list[tuple[str, str]]:
    return [(text[f.start:f.end], f.label) for f in scan(text, direction=direction, kind=kind).findings]


FOUND = [
    # names: full, first-only, lowercase, ALL CAPS, hashtags, possessives, titles, initials
    ("Congrats to Delphine Okafor on her new hip!", "Delphine Okafor", "NAME"),
    ("So proud of Marisol, walking again after her stroke.", "Marisol", "NAME"),
    ("hey brandon your x-ray results are in", "brandon", "NAME"),
    ("HUGE CONGRATS TO BIG TERRENCE ON FINISHING CHEMO!!!", "BIG TERRENCE", "NAME"),
    ("Prayers for our little fighter #TeamXiomara 💜", "Xiomara", "NAME"),
    ("Lucinda's knee replacement went perfectly.", "Lucinda", "NAME"),
    ("Mrs. Abernathy in room 12 is asking for her daughter.", "Mrs. Abernathy", "NAME"),
    ("Dr. Venkataraman will see new patients on Fridays.", "Dr. Venkataraman", "NAME"),
    ("Great job on the crown, Tobias!", "Tobias", "NAME"),
    ("my son Ezekiel has croup again", "Ezekiel", "NAME"),
    ("Shout-out to Hope Whitaker for ringing the bell today", "Hope Whitaker", "NAME"),
    ("Thank you for everything. — Philippa Croft", "Philippa Croft", "NAME"),
    ("Meet our Patient of the Month, Ifrah Abdi! She manages her diabetes like a pro.", "Ifrah Abdi", "NAME"),
    ("Oi, sou Ana Souza, nascida em 22/09/1990.", "22/09/1990", "DATE"),
    ("Visitors for the Brannigan family: use the north door.", "Brannigan", "NAME"),
    # locations smaller than a state
    ("She lives at 418 Juniper Hollow Rd and needs a ride to dialysis.", "418 Juniper Hollow Rd", "LOCATION"),
    ("The patient in room 318 is refusing meds.", "room 318", "LOCATION"),
    ("Mr. Ortiz on the 6th floor finally ate breakfast.", "6th floor", "LOCATION"),
    ("A seventh grader from Roosevelt Middle broke his wrist at recess.", "Roosevelt Middle", "LOCATION"),
    ("my aunt moved back to Pine Level after her stroke", "Pine Level", "LOCATION"),
    ("Soy Rosa Quispe, le escribo desde Ayacucho por los resultados de mi biopsia", "Ayacucho", "LOCATION"),
    ("the guy over on 4th Ave got taken in an ambulance", "4th Ave", "LOCATION"),
    ("he ended up at Osage Regional with a sugar of 480", "Osage Regional", "LOCATION"),
    ("Mi hermano está detenido y le dieron de alta del Hospital Muguerza ayer", "Hospital Muguerza", "LOCATION"),
    ("hey it's Doug, Betty's son in apt 3C, can someone check her oxygen", "apt 3C", "LOCATION"),
    # dates in every common shape, and relative ones
    ("Mi mamá se cayó la semana pasada y sigue en el hospital", "la semana pasada", "DATE"),
    ("Grandpa had his valve replaced last winter and he is golfing again", "last winter", "DATE"),
    ("Fui el día 14 por una infección de oído", "el día 14", "DATE"),
    ("his stitches come out tmrw", "tmrw", "DATE"),
    ("my labs from Wednesday's draw came back weird", "Wednesday", "DATE"),
    ("Admitted 03/14/2025 with pneumonia.", "03/14/2025", "DATE"),
    ("Her surgery is on Thursday, October 9.", "Thursday, October 9", "DATE"),
    ("He came in last night with chest pain.", "last night", "DATE"),
    ("Discharged yesterday after a week in the ICU.", "yesterday", "DATE"),
    ("Born on 12 June 2024 at 29 weeks.", "12 June 2024", "DATE"),
    # ages over 89
    ("Happy birthday to our 96-year-old resident!", "96-year-old", "AGE"),
    ("Grandpa Lou (101!) just finished rehab.", "101", "AGE"),
    ("she's 94 and still walks to her dialysis", "94", "AGE"),
    ("Happy 97th, Mr. Delacroix! Your care team loves you", "97th", "AGE"),
    ("Mi abuelo cumple 93 y ya salió de terapia", "93", "AGE"),
    # contact details
    ("Call my cell at (614) 555-0187 about my biopsy.", "(614) 555-0187", "PHONE"),
    ("Please fax her records to 312.555.0144 today.", "312.555.0144", "FAX"),
    ("Member ID is QRX 551 208 334 and my wheelchair claim was denied", "QRX 551 208 334", "HEALTH_PLAN"),
    ("mi número de afiliado 00812-4471-3, necesito la receta", "00812-4471-3", "HEALTH_PLAN"),
    ("soy derechohabiente, NSS 12-34-85-6789-0, me duele al tragar", "12-34-85-6789-0", "SSN"),
    ("mi expediente clínico 4471-0093 dice otra cosa", "4471-0093", "MRN"),
    ("le dieron de alta, historia clínica HC-220918", "HC-220918", "MRN"),
    ("Catherine-Julie Brunel was seen at the urgent care and sent home.", "Catherine-Julie Brunel", "NAME"),
    ("Joséphine had her gallbladder out on Monday", "Joséphine", "NAME"),
    ("login from c497:acac:383d:10b:8e93:b4ef:ad31:a5fd for user melissa29", "c497:acac:383d:10b:8e93:b4ef:ad31:a5fd", "IP"),
    ("The account number on my bill is 888370367150, it shows a balance I already paid.", "888370367150", "ACCOUNT"),
    ("Bank details: 393654082329. Name on it is mine", "393654082329", "ACCOUNT"),
    ("Patient: Maria Gonzalez MRN 00482913", "Maria Gonzalez", "NAME"),
    ("Soy Lucía Paredes, cédula 80.442.119, pido mi historia clínica", "80.442.119", "OTHER_ID"),
    ("Varsity is wearing gold laces Friday for our #31 who is halfway thru chemo", "#31", "OTHER_ID"),
    ("Ya me operaron, mi cel 33 2719 4406 por si hay cambios", "33 2719 4406", "PHONE"),
    ("cambié de móvil: 622 418 093, avisad a la enfermera", "622 418 093", "PHONE"),
    ("Send the results to lena.marsh88@gmail.com", "lena.marsh88@gmail.com", "EMAIL"),
    ("Support his recovery: gofundme.com/f/help-teo-heal", "gofundme.com/f/help-teo-heal", "URL"),
    ("Portal logins for this patient came from 203.0.113.45", "203.0.113.45", "IP"),
    ("So glad your knee is healing @marco_runs_again!", "@marco_runs_again", "USERNAME"),
    # numbers with their cue words
    ("My SSN is 532-48-1190 and I was billed twice.", "532-48-1190", "SSN"),
    ("Patient MRN: 00481726 needs a follow-up.", "00481726", "MRN"),
    ("Her member ID is QXH448120093.", "QXH448120093", "HEALTH_PLAN"),
    ("Account #7710-2291-04 is past due for his surgery.", "7710-2291-04", "ACCOUNT"),
    ("Driver's license D482-7719-2031 was left at intake.", "D482-7719-2031", "LICENSE"),
    ("The red truck with plate TKR-4471 is blocking the ER.", "TKR-4471", "VEHICLE"),
    ("Pacemaker serial PMX5520193 was registered for Mr. Lund.", "PMX5520193", "DEVICE"),
    ("We keep his voiceprint on file for phone refills.", "voiceprint", "BIOMETRIC"),
    ("Claim number CLM-2026-55102 was denied for her MRI.", "CLM-2026-55102", "OTHER_ID"),
    # places named by a word beside them (data/venues.tsv), a shop on a street, a street corner
    ("Get well soon to Marco from Keystone Packaging after his hernia repair!", "Keystone Packaging", "LOCATION"),
    ("Go Westfield Wolves! Tyler broke his wrist at practice", "Westfield Wolves", "LOCATION"),
    ("Mi vecina de la colonia Las Palmas salió de cirugía", "colonia Las Palmas", "LOCATION"),
    ("my son at PS 89 has asthma attacks every week", "PS 89", "LOCATION"),
    ("saw Tina at the Kroger on Sawmill, she just finished chemo", "Kroger on Sawmill", "LOCATION"),
    ("he collapsed right at Elm & 3rd before the ambulance came", "Elm & 3rd", "LOCATION"),
    ("the guys at Piedmont Tire & Lube say Ray is back from rehab", "Piedmont Tire & Lube", "LOCATION"),
    # places written without the usual markers: a name before a lowercase head word, a hospital by
    # one word, a house number without its suffix, a street in lowercase, rooms as written on a board
    ("Can someone come out to the Lindquist farm for my dad's flu shot?", "Lindquist farm", "LOCATION"),
    ("Gavin broke his wrist at the Hillcrest skate park on Saturday", "Hillcrest skate park", "LOCATION"),
    ("my sister had her stillbirth at Mercy in June", "Mercy", "LOCATION"),
    ("Surgery is Feb 20 at Children's, please keep her in your prayers", "Children's", "LOCATION"),
    ("Transferred to St. Agnes at 8 cm and nobody called", "St. Agnes", "LOCATION"),
    ("the guy at 41 Brightwater who mows at 6am is deaf now after his surgery", "41 Brightwater", "LOCATION"),
    ("everybody on main st saw her get in the ambulance", "main st", "LOCATION"),
    ("the memory care home on Orchard Way has her now", "Orchard Way", "LOCATION"),
    ("the twins in exam 3 finally got their shots", "exam 3", "LOCATION"),
    ("patient in OR 6 woke up from anesthesia singing", "OR 6", "LOCATION"),
    ("alguien sabe algo de la señora del 3B? salió en ambulancia", "3B", "LOCATION"),
    ("mi papá de la comunidad de Oyacoto vino con la pierna amputada", "comunidad de Oyacoto", "LOCATION"),
    ("me mudé a Ciudad Juárez y necesito que me transfieran la receta", "Ciudad Juárez", "LOCATION"),
    # names: a family by its surname, a relative's name after a kinship word, a name again, a
    # possessive in a hashtag, a name spelled with digits
    ("The Nakamura triplets came in for back-to-back cleanings", "Nakamura", "NAME"),
    ("Felicidades a la familia Ochoa por su bebé", "Ochoa", "NAME"),
    ("Mi sobrino Yoandy llevaba meses sin salir del cuarto", "Yoandy", "NAME"),
    ("soy la mamá de Thiaguito, el de la varicela", "Thiaguito", "NAME"),
    ("Ray Kowalczyk stayed with us after his stroke. Ray asked us to share this photo.", "Ray", "NAME"),
    ("one more Cardinals game for him #WaltsLastInning #hospicecare", "Walt", "NAME"),
    ("Mi esposo R0g3l10 perdió un dedo por la diabetes", "R0g3l10", "NAME"),
    # dates with the month abbreviated or in Roman numerals, a day in words; ages in words
    ("mi hija Camila (n. 09-vi-2010) empieza tratamiento con ustedes", "09-vi-2010", "DATE"),
    ("no puedo ver los resultados de mi mamografía del 14/ago en el portal", "14/ago", "DATE"),
    ("the rash started and by the twenty-second I could leave the house", "the twenty-second", "DATE"),
    ("mi abuelita tiene noventa y cuatro y el podólogo viene a la casa", "noventa y cuatro", "AGE"),
    ("At ninety-three I never thought I'd see my doctor on a screen", "ninety-three", "AGE"),
    # a local number after a cue, in odd groups or with slashes
    ("any chance of an emergency slot? my number's 555 01 64", "555 01 64", "PHONE"),
    ("el pedido está a nombre de Yesenia y mi cel es 555/01/82", "555/01/82", "PHONE"),
]


@pytest.mark.parametrize("text,span,label", FOUND, ids=[f"{lab}:{sp}" for _, sp, lab in FOUND])
def test_it_finds_the_identifier(text: str, span: str, label: str) -> None:
    found = spans(text)
    assert (span, label) in found, f"{span!r} as {label} not in {found}"


NOT_FOUND = [
    # words that only look like names
    ("Mark your calendars: flu shots start Monday!", "Mark"),
    ("Will you be open on the holiday?", "Will"),
    ("Hope this helps! Our hours are on the website.", "Hope"),
    ("April showers bring May flowers 🌷", "April"),
    ("Grace under pressure: our ER team by the numbers.", "Grace"),
    # acronyms, brands and organizations
    ("The ICU and the PICU are both hiring RNs.", "ICU"),
    ("Now in network with Aetna and Cigna.", "Aetna"),
    ("Cedar Park Cardiology opens a second office.", "Cedar Park"),
    # numbers that are not identifiers
    ("Our stroke team treated 412 patients in 38 minutes on average.", "412"),
    ("Rated 10/10 by our patients!", "10/10"),
    ("Flu shots are $25 this season.", "25"),
    # a year alone is not a date element; ages of 89 and under are not identifiers
    ("Serving the valley since 1987.", "1987"),
    ("He was diagnosed last year and is doing great.", "last year"),
    ("Rated 10/10, would come back. My number of visits: 12 345 678 no way", "12 345 678"),
    ("We're open every Saturday morning por la mañana", "mañana"),
    ("Our team is heading to Hope for the health fair", "Hope"),
    ("Your member ID is 12 characters long", "is 12"),
    ("We are the #1 clinic in town for knees", "#1"),
    ("Our oldest volunteer is 87 and still runs the gift shop.", "87"),
    ("Our Coca-Cola machine in the lobby is broken again", "Coca-Cola"),
    ("The policy of our office is 24 hours notice for cancellations", "24"),
    ("three failed login from the portal for user accounts this week", "from"),
    ("PS I love you all, see you at the walk", "PS I"),
    ("Big thanks to the Book Club for the cards!", "Book Club"),
    ("IS READY for pickup at the front desk", "IS READY"),
    ("Congrats on Friday to the whole team!", "Congrats on Friday"),
    # contractions and Spanish words that are also rare given names
    ("Dr. Sato is on call this week. We've got you, campers.", "We've"),
    ("Hoy es el Día del Odontólogo y lo celebramos con el equipo", "Día"),
    ("Mi hijo tiene asma. Tenía mucho miedo pero el doctor le explicó todo", "Tenía"),
    # counts and words next to the new place patterns
    ("we sat in the ER 2 hours before anyone saw us", "ER 2"),
    ("I passed the exam 2 times before I got in", "exam 2"),
    ("No Way we are closing early this week", "No Way"),
    ("Thanks team for the Zoom room link", "Zoom room"),
    ("our son Is home from camp and loving it", "Is"),
    ("The Whitcomb family gift built the Whitcomb Center for kids", "Center"),
    ("for the first time in years she slept through the night", "the first"),
    ("give me 5-x more reasons to floss", "5-x"),
    ("we have a ninety days supply policy", "ninety"),
]


@pytest.mark.parametrize("text,word", NOT_FOUND, ids=[t[:30] for t, _ in NOT_FOUND])
def test_it_does_not_invent_identifiers(text: str, word: str | None) -> None:
    report = scan(text)
    if word is None:
        assert not any(f.is_phi for f in report.findings)
    else:
        assert not any(word in text[f.start:f.end] for f in report.findings), report.findings


def test_ssn_rules_reject_impossible_numbers() -> None:
    for bad in ("000-12-3456", "666-12-3456", "912-12-3456", "123-00-4567", "123-45-0000"):
        assert "SSN" not in [lab for _, lab in spans(f"SSN {bad} on her chart")], bad


def test_phone_shaped_555_numbers_count_as_phones() -> None:
    assert ("555-201-3344", "PHONE") in spans("Call 555-201-3344 to book.")


def test_fax_is_told_from_phone_by_the_word_before_it() -> None:
    found = spans("Fax: 614-555-0100 · Phone: 614-555-0101")
    assert ("614-555-0100", "FAX") in found and ("614-555-0101", "PHONE") in found


def test_email_is_not_also_reported_as_a_handle() -> None:
    found = spans("write to nora.k@outlook.com about her refill")
    assert found.count(("nora.k@outlook.com", "EMAIL")) == 1
    assert not any(lab == "USERNAME" for _, lab in found)


def test_offsets_are_python_string_indices_with_emoji_before() -> None:
    text = "🎉🎉 Welcome home, Benedikt! 🎉 after 40 days in the NICU"
    report = scan(text)
    assert any(text[f.start:f.end] == "Benedikt" for f in report.findings)
