"""Word families shared by the detectors and the context rules, written once.

Each constant is a regex alternation (no groups), to be embedded in larger patterns.
"""

# A patient's relatives and household, in English and Spanish.
RELATIVES = (
    r"son|daughter|kid|child|baby|boy|girl|husband|hubby|wife|partner|mom|mother|mum|dad|father|"
    r"brother|sister|grandma|grandpa|grandmother|grandfather|granddaughter|grandson|nana|papa|aunt|uncle|"
    r"niece|nephew|cousin|fianc[ée]e?|boyfriend|girlfriend|bf|gf|twins?|parents?|granny|stepson|stepdaughter|"
    r"godson|goddaughter|bestie|"
    r"hij[oa]|hijit[oa]|espos[oa]|mam[áa]|pap[áa]|abuel[oa]|abuelit[oa]|herman[oa]|nieto|nieta|nietecit[oa]|"
    r"beb[ée]|niñ[oa]|sobrin[oa]|prim[oa]|suegr[oa]|cuñad[oa]|novi[oa]|ahijad[oa]|bisabuel[oa]|bisabuelit[oa]|"
    r"t[íi][oa]|nuera|yerno|comadre|compadre|madrina|padrino|"
    r"nonna|nonno|zia|zio|figlia|figlio|sorella|fratello|marito|moglie|"                     # Italian
    r"grand-m[èe]re|grand-p[èe]re|mère|père|tante|oncle|fille|fils|s[œo]eur|fr[èe]re|"   # French
    r"oma|opa|mutter|vater|onkel|tochter|sohn|schwester|bruders?|"                            # German
    r"moeder|vader|oom|dochter|zoon|zus|broer|"                                              # Dutch
    r"filh[oa]|av[óô]|marido|mulher|irm[ãa]o?|"                           # Portuguese
    r"babcia|dziadek|syn|córka|mąż|żona|"                                   # Polish
    r"manman|tonton|matant|pitit|grann"                                     # Haitian Creole
)
# Possessives: they tie a relative to the writer or someone named ("my sister"), and a health word
# that is also a name to a body ("his Achilles").
POSSESSIVES = frozenset("my our his her their your its mi mis tu tus su sus nuestro nuestra nuestros nuestras "
                        "mia mio ma mon mes meine mein meines meiner meinem mijn minha meu".split())
POSSESSORS = "|".join(sorted(POSSESSIVES, key=lambda w: (-len(w), w)))   # longest first, in a fixed order
# Employers named by a business word after a surname ("Kowalski Roofing").
BUSINESS_WORDS = (
    r"Roofing|Plumbing|Construction|Electric|Auto(?:motive)?|Trucking|Landscaping|Farms?|Logistics|Motors|"
    r"Builders|Contracting"
)
