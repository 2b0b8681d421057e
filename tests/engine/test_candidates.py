"""What the detectors propose, before any verdict: identifiers written the way people write them,
which the learned verdict can only judge if a detector proposed them. A table per direction: texts
where the span must be proposed with its label, and look-alikes where it must not. All synthetic."""

from __future__ import annotations

import pytest

from safepost.engine.scanner import candidates as proposed


def candidates(text: str) -> list[tuple[str, str]]:
    return [(text[s:e], label) for s, e, label in proposed(text)]


PROPOSED = [
    # places written without a word that says so
    ("Thank you all for the prayers.\nArdith Nygaard, Roseau", "Roseau", "LOCATION"),
    ("Sierra 📍Maplewood 🏥 72 hr hold", "Maplewood", "LOCATION"),
    ("the Okafor family on Birchwood had a stroke scare", "Birchwood", "LOCATION"),
    ("Carla from the bakery on Main goes there for her meds", "Main", "LOCATION"),
    ("Miss Opal in room two-oh-six hummed every hymn", "room two-oh-six", "LOCATION"),
    ("Ms. Tran in 402 says the jello is too green", "402", "LOCATION"),
    ("He's still in 5112 for now, we'll call after rounds", "5112", "LOCATION"),
    ("you will NOT believe who's in 12 right now, the lady from the bakery", "12", "LOCATION"),
    ("your dad was in 318 right?? he was my favorite", "318", "LOCATION"),
    ("la paciente de la 312 pidió otra vez el Nolotil", "312", "LOCATION"),
    ("el del 2-0-8 ya pidió tacos, eso significa alta", "2-0-8", "LOCATION"),
    ("Big Mike from the Dunmore fire station got new hearing aids", "Dunmore fire station", "LOCATION"),
    ("He collapsed at Kimball Park in May and the crew shocked him twice", "Kimball Park", "LOCATION"),
    ("My grandma Lucille on Quail Run Dr just got home from her hip surgery", "Quail Run Dr", "LOCATION"),
    ("loaded in the ambulance on Rt 9 this morning", "Rt 9", "LOCATION"),
    ("trabaja en la tortillería La Güera y se cortó la mano", "tortillería La Güera", "LOCATION"),
    ("my uncle just started dialysis at Crestline Kidney Center and he's lost", "Crestline Kidney Center", "LOCATION"),
    ("They flew him to Tri Valley Medical with a head injury. Please pray", "Tri Valley Medical", "LOCATION"),
    # Spanish neighbourhoods and villages, Colombian grid addresses, towns with no cue, ZIPs in a place slot
    ("mi tía vive en la colonia las palmas y sigue con la diálisis", "colonia las palmas", "LOCATION"),
    ("a Doña Tere de la Col. Lomas del Sur la operaron ayer", "Col. Lomas del Sur", "LOCATION"),
    ("le llevan la insulina a la Cra. 45 # 12-30, apto 201 cada mes", "Cra. 45 # 12-30, apto 201", "LOCATION"),
    ("Vivo en Av. de las Americas 340 y necesito mis resultados", "Av. de las Americas 340", "LOCATION"),
    ("fuerza don Memo, todo Tlaquepaque reza por tu corazón", "Tlaquepaque", "LOCATION"),
    ("my dad finished chemo today!! #TacomaStrong", "Tacoma", "LOCATION"),
    ("his wheelchair was shipped to 60617 but he never got it", "60617", "LOCATION"),
    ("the school nurse sent Kaylee home with a fever again", "Kaylee", "NAME"),
    # dates as people write them: day first without a year, a day alone in Spanish, a lowercase month after a time word
    ("tu turno con el cardiólogo quedó para el 18/9 en la sede centro", "18/9", "DATE"),
    ("me cambiaron la cita de la endodoncia al quince y no puedo", "quince", "DATE"),
    ("tengo control prenatal el 27 a las 9", "27", "DATE"),
    ("my dad got his implants in march and the bridge already cracked", "march", "DATE"),
    # handles keep their digits; plates, cards and filing numbers after a Spanish cue
    ("tagging my brother @m4nu_el_crack who's been on antibiotics 2 weeks", "@m4nu_el_crack", "USERNAME"),
    ("lo chocaron en la moto (placa KTR45F) y está en urgencias", "KTR45F", "VEHICLE"),
    ("me cobraron doble en la tarjeta 5204 1677 3390 0125", "5204 1677 3390 0125", "ACCOUNT"),
    ("la autorización de la resonancia, radicado 2024-118-40765, sigue sin respuesta", "2024-118-40765", "OTHER_ID"),
    # workplaces after a verb of working, shops on a street, cabins and hospital floors
    ("Trabajo por turnos en Confecciones Tequendama y me duele la espalda", "Confecciones Tequendama", "LOCATION"),
    ("can you send my PrEP refill to the walgreens on Ponce?", "Ponce", "LOCATION"),
    ("Soy Marisol, camarote 8114, y el mareo no se me quita", "camarote 8114", "LOCATION"),
    ("llevo ingresada desde el lunes en la 5ª planta", "5ª planta", "LOCATION"),
    # handles read out or spaced so that no filter sees them
    ("her ig is jess dot runs — she ran the half after her transplant", "jess dot runs", "USERNAME"),
    ("my insta is at tavi underscore lifts, can u send me the exercise sheet", "tavi underscore lifts", "USERNAME"),
    ("her ig is lexi.rose.bb and she posted her whole recovery", "lexi.rose.bb", "USERNAME"),
    ("mi prima es arroba mari punto sol y también tiene endometriosis", "mari punto sol", "USERNAME"),
    # identifiers as other languages write them
    ("Ma grand-mère fête ses 97 ans le 16 septembre, elle habite à Lyon", "16 septembre", "DATE"),
    ("Meine Oma wird am 30. Juli operiert", "30. Juli", "DATE"),
    ("Minha avó faz 103 anos dia 7 de maio", "103 anos", "AGE"),
    ("Oma Sterre wordt 104 op 25 oktober", "104", "AGE"),
    ("Mia nonna Fabia ha la pressione alta", "Fabia", "NAME"),
    ("[form] first name: Steven / surname: Whitcombe / d.o.b.: 6/6/1972", "Whitcombe", "NAME"),
    ("Login-Versuch auf mein Konto vladscho82, das war ich nicht!", "vladscho82", "USERNAME"),
    ("login attempts on my thomasmckay_ account since Monday", "thomasmckay_", "USERNAME"),
    ("número de afiliado de la obra social 88-52597392-60 para el reintegro", "88-52597392-60", "HEALTH_PLAN"),
    ("Réservation TD9JDE au nom de Suzanne Boyer", "TD9JDE", "OTHER_ID"),
    ("Garantiefall, Kundennummer 6042-6868-85.", "6042-6868-85", "ACCOUNT"),
    ("Lieferadresse Wielochweg 3, 44702 Kötzting. Rückruf bitte", "44702 Kötzting", "LOCATION"),
    ("the address is 50924 Wilkins Tunnel, East Loriview, NC 45073.", "East Loriview", "LOCATION"),
    ("Cards can go to Flat 17, Lowe bridge, Daviesshire UB1 5YJ.", "Daviesshire", "LOCATION"),
    ("Dirección de entrega: Av. Malvinas Argentinas N° 7622, Posadas (CP B1934ZDK).", "Posadas", "LOCATION"),
    ("Cards can go to 574 Courtney Cross, Port Jane NSW 8460.", "8460", "LOCATION"),
    # web addresses read out or without a known ending, plates on the vehicle they are on
    ("the family set up a page: gofundme dot com slash f slash gus-recovery 🙏", "gofundme dot com slash f slash gus-recovery", "URL"),
    ("share: caringbridge (dot) org / visit / noahstrong", "caringbridge (dot) org / visit / noahstrong", "URL"),
    ("follow our IVF journey at linktr.ee/team_okafor_ttc", "linktr.ee/team_okafor_ttc", "URL"),
    ("my car (B-KX 4471) got towed from your lot during my dialysis", "B-KX 4471", "VEHICLE"),
    ("my dad's truck 8TRW 552 is still in the ER lot, he had a stroke", "8TRW 552", "VEHICLE"),
    # ages written to slip past a filter, and after a name
    ("Say hi to Walter Imrie, 93! He came to us after a fall", "93", "AGE"),
    ("Nana Bev turned 9O today and still does her PT", "9O", "AGE"),
    ("Mr. P, 9 6 years young, back on his feet after the hip", "9 6 years", "AGE"),
    ("I'm Odile Prentiss, ninety-two this fall, and my knee is shot", "ninety-two", "AGE"),
    ("felicidades a don Chuy por sus noventa y uno añotes", "noventa y uno", "AGE"),
    # phones with symbols between the digits, letters for digits, a local number read out
    ("mi cel es 8 1 ✨ 4 4 3 2 ✨ 9 0 1 7 para lo de la diálisis", "8 1 ✨ 4 4 3 2 ✨ 9 0 1 7", "PHONE"),
    ("DOB in the chart, call me at 555.Ol63 about the results", "555.Ol63", "PHONE"),
    ("can the nurse call me back about my dad, 555-zero-1-six-two", "555-zero-1-six-two", "PHONE"),
    ("llámenle a su cel ⁵⁵⁻⁴⁴³²⁻¹⁸⁰⁹ si quieren hablar con otro paciente", "⁵⁵⁻⁴⁴³²⁻¹⁸⁰⁹", "PHONE"),
    ("Gracias mamá @ kari . gzz por confiar en nosotros con la bebé", "@ kari . gzz", "USERNAME"),
    # names: nicknames, diminutives, a coach by his surname
    ("so proud of how Kev is healing after his tummy tuck", "Kev", "NAME"),
    ("¡Hoy celebramos a Dieguito, que ya camina después de la cirugía!", "Dieguito", "NAME"),
    ("is it true Coach Dunn's wife left him over the drinking", "Coach Dunn", "NAME"),
    ("¡Hola Nacho! Ya están listos tus lentes con la graduación nueva", "Nacho", "NAME"),
    ("Gracias por su preferencia, Lic. Arriaga. Sus plantillas estarán listas", "Lic. Arriaga", "NAME"),
    ("ese del video es el hijo del diputado Olvera, estuvo en rehabilitación", "diputado Olvera", "NAME"),
    ("es mi bisabuela Chona!!! la del asilo", "Chona", "NAME"),
    # ages, dates, numbers
    ("A privilege to care for Col. Arthur Menzies (ret.), 97, in his last days", "97", "AGE"),
    ("Feliz cumpleaños número 96 a doña Chuy", "96", "AGE"),
    ("she'll be 100 in August and still asks for her nurse", "100", "AGE"),
    ("al otro día le dieron de alta", "al otro día", "DATE"),
    ("we came back the next morning with her fever", "the next morning", "DATE"),
    ("Me operaron de manga gástrica el 1 0 / 0 1 / 2 4", "1 0 / 0 1 / 2 4", "DATE"),
    ("Egg retrieval is 8 • 21!! Send good vibes", "8 • 21", "DATE"),
    ("I had lipo w Dr K on 3 . 1 . 25 and one incision is leaking", "3 . 1 . 25", "DATE"),
    ("Knee looks great, see ya Wed 9am!", "Wed", "DATE"),
    ("took myself in at 2am Sat for chest pain", "Sat", "DATE"),
    ("Go #23!! 🏀 our patient is back on the court", "#23", "OTHER_ID"),
    ("we refunded the $340 to your Visa ending 9920 this morning", "9920", "ACCOUNT"),
    ("Me cobraron a la tarjeta terminada en 9914 por el Entresto", "9914", "ACCOUNT"),
    ("SSN last 4 xxx-xx-4821, DOB on file", "xxx-xx-4821", "SSN"),
    ("the white Tahoe, plate 8 X K R 4 1 7, is at the methadone clinic", "8 X K R 4 1 7", "VEHICLE"),
    # contact details written to slip past filters
    ("su correo es rosaelena punto diaz arroba example punto com", "rosaelena punto diaz arroba example punto com", "EMAIL"),
    ("escríbanme: j u a n 7 7 @ example . com gracias", "j u a n 7 7 @ example . com", "EMAIL"),
    ("text me my HPV results?? 8 one 8, 55five, zero1two3", "8 one 8, 55five, zero1two3", "PHONE"),
    ("me pueden dar cita antes del viernes? 33 5550 1938", "33 5550 1938", "PHONE"),
    ("Tengo fibromialgia. Llámenme: 55 5123 4567", "55 5123 4567", "PHONE"),
    # codes read out after a word that says one follows: letters, digits and numbers in words
    ("knee scope 4/2. member ID is Q-R-T, niner-niner-two, four-oh-six-one. help", "Q-R-T, niner-niner-two, four-oh-six-one", "HEALTH_PLAN"),
    ("su vision plan ID es E-Y-E, triple-eight, two one, four oh. gracias", "E-Y-E, triple-eight, two one, four oh", "HEALTH_PLAN"),
    ("mi audífono pita. Número de serie: cero ocho, be, cuatro, cuatro, equis, siete.", "cero ocho, be, cuatro, cuatro, equis, siete", "DEVICE"),
    ("his ICD (serial KX-four four nine one) fired twice", "KX-four four nine one", "DEVICE"),
    ("hearing aid app says the device id is H B - 7 F - 2 2 - 1 9 and it won't pair", "H B - 7 F - 2 2 - 1 9", "DEVICE"),
    ("Su número de expediente es cuatro-cuatro-nueve, dos-dos-uno.", "cuatro-cuatro-nueve, dos-dos-uno", "MRN"),
    ("traiga la credencial de afiliación 8 8 3 ● 1 0 4 ● 5 5 2", "8 8 3 ● 1 0 4 ● 5 5 2", "HEALTH_PLAN"),
    ("soy Ana, mi cel es cincuenta y cinco, veinte treinta y uno, cuarenta y ocho cero siete",
     "cincuenta y cinco, veinte treinta y uno, cuarenta y ocho cero siete", "PHONE"),
    ("our manager will ring you at 704.. 555.. 0162 today", "704.. 555.. 0162", "PHONE"),
]

NOT_PROPOSED = [
    ("the guy on Facebook said the clinic was closed", "Facebook", "LOCATION"),
    ("This man was on ECMO for 41 days", "ECMO", "LOCATION"),
    ("who slept in the break room two nights straight", "room two", "LOCATION"),
    ("Results are ready in 3–5 days", "3", "LOCATION"),
    ("my mom in 2019 had her knee done", "2019", "LOCATION"),
    ("Our pediatric derm clinic is on Wednesdays", "Wednesdays", "LOCATION"),
    ("Our dog Bruno had his leg amputated at Oxley Animal Hospital last week", "Oxley Animal Hospital", "LOCATION"),
    ("thank you for reaching out to Our Lady of Peace Hospital", "Our Lady of Peace Hospital", "LOCATION"),
    ("¡Hola! Gracias por escribirnos", "Hola", "LOCATION"),
    ("el barrio con más casos de dengue este año", "barrio con", "LOCATION"),
    ("we walked 10000 steps in 30 days", "30", "LOCATION"),
    ("we're open 24/7 for you", "24/7", "DATE"),
    ("bajó el 5% y el 2 de cada 3 pacientes mejora", "2", "DATE"),
    ("may I ask what the march for babies route is?", "march", "DATE"),
    ("please reach our Patient Advocate at the front desk", "Advocate", "NAME"),
    ("mi hija está linda y la cara ya se le deshinchó", "linda", "NAME"),
    ("my ig isn't loading, lol", "isn", "USERNAME"),
    ("Coach Time says hi", "Coach Time", "NAME"),
    ("scores were 88, 92, 95 this year", "95", "AGE"),
    ("there will be 100 people at the gala", "100", "AGE"),
    ("the next step is a visit with your doctor", "the next step", "DATE"),
    ("Spin class every Wed 9am with Coach Rita", "Wed", "DATE"),
    ("the 3 • 5 • 7 breathing method", "3 • 5 • 7", "DATE"),
    ("en punto de las 5 abrimos", "punto", "EMAIL"),
    ("scores 12 2024 2025", "12 2024 2025", "PHONE"),
    ("we're number one in the county, two years running", "one in the county, two", "OTHER_ID"),
    ("Table 4: A B C of diabetes", "A B C", "OTHER_ID"),
    ("my insta is private now, sorry", "private", "USERNAME"),
    ("please check my account settings, nothing works", "settings", "USERNAME"),
    ("rolled my 401k account into an HSA last year", "401k", "USERNAME"),
    ("i'm at work . so tired, my mom had surgery", "work . so", "USERNAME"),
    ("faz 90 dias que meu pai está internado", "90", "AGE"),
    ("Mi papá completa 100 días sin fumar", "100", "AGE"),
    ("her oxygen was low, 92. They put her on O2", "92", "AGE"),
    ("my Blue Cross PPO 500 plan denied the MRI", "PPO 500", "VEHICLE"),
    ("we moved to WA 2019 after my diagnosis", "2019", "LOCATION"),
    ("my PIN 4821 stopped working", "4821", "LOCATION"),
    ("ate 2 Mars bars and we had 2 mai tais", "2 Mars", "DATE"),
    ("my sister was in 4 car accidents and she is in 3 of my classes", "4", "LOCATION"),
    ("prefiero el del 500 mg, la otra me cae mal", "500", "LOCATION"),
    ("I feel better.Thanks/love you all", "better.Thanks/love", "URL"),
    ("Drop it at 450 Elm Street, Thanks!", "Thanks", "LOCATION"),
    ("Patient John Carter, MRN 55321, seen today", "Patient John Carter", "LOCATION"),
    ("he had 95 answers on the quiz", "95", "AGE"),
    ("she is in 2 classes this fall", "2", "LOCATION"),
    ("el de la 2024 fue mejor que el del 2025", "2024", "LOCATION"),
    ("pain is 3.5/10 today, take 1.5/2 tabs", "5/10", "DATE"),
    ("our new van COVID 19 testing is at the fair", "COVID 19", "VEHICLE"),
    ("the ig is down again lol", "down", "USERNAME"),
    ("we open at 9 am, 9 4 ways to stay cool", "9 4", "AGE"),
]


@pytest.mark.parametrize("text,span,label", PROPOSED, ids=[f"{lab}:{sp}" for _, sp, lab in PROPOSED])
def test_the_detectors_propose_it(text: str, span: str, label: str) -> None:
    assert (span, label) in candidates(text)


@pytest.mark.parametrize("text,span,label", NOT_PROPOSED, ids=[f"{lab}:{sp}" for _, sp, lab in NOT_PROPOSED])
def test_the_detectors_leave_it(text: str, span: str, label: str) -> None:
    assert not any(label == lab and (span in found or found in span) for found, lab in candidates(text))
