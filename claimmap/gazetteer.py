"""The gazetteer: places, the names they go by, and finding them in report text.

`load_gazetteer()` reads `gazetteer.csv` (GeoNames settlements and admin-1
regions, see `gazetteer_build`), the analysts' `data/gazetteer_overrides.csv` and
the store's override rows on top, and indexes every name by its key
(`names.key`) in one Aho-Corasick automaton. The slow part, keying ~85,000
names, is cached under `data/cache/`, keyed by the inputs' contents.

`Gazetteer.find_mentions(text)` finds every mention in one pass and then
disambiguates each in the context of the whole text; every candidate carries its
score and the reasons for it, and a mention whose best candidate is not clearly
best stays unresolved (`place is None`) with its candidates.
"""
from __future__ import annotations

import gc
import hashlib
import math
import os
import pickle
import re
import zlib
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import NamedTuple

import ahocorasick
import numpy as np
import pandas as pd
from geopy.distance import EARTH_RADIUS
from rapidfuzz import fuzz, process

from claimmap import names
from claimmap.atomicfile import write_atomically
from claimmap.border_places import BORDER_PLACES_PATH, border_places
from claimmap.reporttext import SPEAKS
from claimmap.gazetteer_build import ALIAS_SEPARATOR, GAZETTEER_COLUMNS, region_base
from claimmap.schema import checked_point

REPO = Path(__file__).resolve().parents[1]
GAZETTEER_PATH = REPO / "gazetteer.csv"
OVERRIDES_PATH = REPO / "data" / "gazetteer_overrides.csv"
CACHE_DIR = REPO / "data" / "cache"
CACHE_KEEP = 4  # cached indexes kept (about 11 MB each)

OVERRIDE_COLUMNS = ("alias", "geonameid", "name", "lat", "lon", "country_code", "admin1", "feature", "note")

# What follows a region's base name in reports: "Kharkiv Oblast", "the Kharkiv
# regions", "Donetsk People's Republic" (a self-declared republic claims the oblast).
REGION_WORDS = ("Oblast", "region", "province", "Krai", "People's")
# A name that is an ordinary word (Zipf frequency >= 3.5, i.e. more than about 3
# in a million words) of its script's languages names no place...
COMMON_WORD_LANGUAGES = {"latin": ("en",), "cyrillic": ("ru", "uk")}
COMMON_WORD_ZIPF = 3.5
# ...unless it names a town of this size, frequent for being one ("Херсона", "Харьков"),
# and is not among the very commonest words ("России" is Russia, not the village Rossa).
NOTABLE_POPULATION = 10_000
VERY_COMMON_ZIPF = 4.5
# A Russian/Ukrainian word this common, written in Latin letters, is that word (a
# title's or a name's: "Pravda"), not a village of that name.
TRANSLITERATED_ZIPF = 5.5
# At the start of a sentence, where every word is capitalised, a rarer word in an
# inflected form suffices ("Штурмовые группы..." is no village Shturmove).
SENTENCE_START_ZIPF = 2.5
# A mention is resolved only when its best candidate leads the next by this much.
CLEAR_MARGIN = 0.08
# Fuzzy (typo) resolution: similarity 0-100 of the best name, and its lead.
FUZZY_MIN = 88
FUZZY_LEAD = 6
PROXIMITY_KM = 100.0   # scale of "near": exp(-distance / PROXIMITY_KM)
# A small place (below NOTABLE_POPULATION) outside the country of a text's other
# places (two or more) and this far from all of them is no answer: a namesake of a
# village the gazetteer lacks ("Pylna" in Kharkiv Oblast is not Pil'na near Nizhny
# Novgorod). One other place is too little to say ("Moscow said its forces took Pisky", 900 km
# apart), unless the small place is named by another of its names and that far from it: a continent
# away ("liberated Novobakhmutivka and Solovyove" is no Solovjevsk, once Solovyovo, in Amur Oblast).
FAR_KM = 400.0
FAR_FROM_ONE_KM = 2_000.0
# An alternate name of a small place that is another name, not another spelling of
# its own (more or fewer words, or skeleton similarity below this, 0-100), is a former
# name or a nearby feature's ("Khortytsia", the island, for the village Nove
# Zaporizhzhya): not indexed. A notable place's other names count as its own, unless other
# settlements bear them (see _Index.other_name_standing).
OTHER_NAME_SIMILARITY = 50
# A notable place's other name that one other settlement bears as its own still counts as the
# notable place's own when that settlement is this many times smaller ("Krasnyi Lyman", Lyman's
# former name, and a village of 592): the lead that population alone gives (see CLEAR_MARGIN).
DWARFED = 16
# A name this many settlements of a town's country bear, villages of unknown population included, is a common
# village name, not the town's other name.
COMMON_VILLAGE_NAME = 3
# Where nothing in the text decides between namesakes, the prominent one in the theatre of the war is meant
# ("Pokrovsk" alone is the Donetsk city of 60,000, not the Yakut town): a notable town of Ukraine or of Russia's
# border regions this many times larger than the next that fits, resolved with the reason said and a lower score.
THEATRE_COUNTRIES = ("UA",)
THEATRE_REGIONS = ("Kursk Oblast", "Belgorod Oblast", "Bryansk Oblast")
PROMINENCE = 4


def in_theatre(place: Place) -> bool:
    """Is the place in the theatre of the war (Ukraine, or Russia's border regions)?"""
    return place.country_code in THEATRE_COUNTRIES or (place.country_code == "RU" and place.admin1 in THEATRE_REGIONS)
PROMINENCE_DISCOUNT = 0.05
# A raion or hromada the text names decides between namesakes: more than a village's population prior
# (0.40 * log10(5,000) / 6 = 0.25) can say for another.
UNIT_WEIGHT = 0.30
MAX_ANCHORS = 20       # other places, nearest in the text, that vote on a mention
WALK_STEPS = 4 * MAX_ANCHORS  # other names looked at, walking outwards, to find them
CHUNK = 1024           # names weighed at once in a long text (bounds the arrays' memory)
ROUNDS = 4             # of disambiguation, each near the previous round's best guesses
MEMO_LIMIT = 200_000   # entries a memo of what names give (kept across reports) holds before it starts over


@dataclass(frozen=True)
class Place:
    geonameid: int
    name: str
    ascii_name: str
    lat: float
    lon: float
    country_code: str
    admin1_code: str
    admin1: str
    feature: str       # "settlement" | "region"
    population: int
    raion: str = ""     # "Bakhmut raion" (Ukraine, from KATOTTG)
    hromada: str = ""   # "Bakhmut hromada"
    location_precision: str = "exact"  # "exact" | "approximate" | "unplaced" (lat/lon NaN)
    placed_at: str = ""  # for an approximate point: where it stands ("the centre of its hromada, Toretsk")

    @property
    def placed(self) -> bool:
        return self.location_precision != "unplaced"


@dataclass(slots=True)  # made by the dozen per text: no __dict__ each
class Candidate:
    place: Place
    score: float
    reasons: list[str] = field(default_factory=list)
    analyst: bool = False  # an analyst's override gives this place the name: it wins
    out_of_place: bool = False  # small, abroad and far from the text's other places: never the answer


@dataclass(slots=True)  # made by the dozen per text: no __dict__ each
class Mention:
    start: int
    end: int
    surface: str
    place: Place | None          # None: unresolved (ambiguous), see candidates
    score: float
    candidates: list[Candidate] = field(default_factory=list)


@dataclass
class Resolution:
    place: Place | None
    score: float
    candidates: list[Candidate] = field(default_factory=list)


@dataclass(slots=True)
class NameHit:
    """A name found in the text, before disambiguation: place index -> (written exactly
    as one of its names?, is that name its own name rather than an alternate?)"""
    start: int
    end: int
    surface: str
    options: dict[int, tuple[bool, bool]]
    key: str = ""  # the stem key the name was found under


class _WeighedName(NamedTuple):
    """A name as the weighing reads it (see `Gazetteer._weighed_name`)."""
    places: frozenset[int]        # the places it may name: a name is the same name wherever in the text
    region_alone: frozenset[int]  # the region it names when that is its only place (else empty)
    regions: frozenset[int]       # the regions among its places
    rows: np.ndarray              # (place, exact?, own name?, the analysts' choice?) per place, as columns
    capitals: bool                # written in capitals (4+ letters): it may be a dateline


# A title right before a name, or one word before it, makes it a person's ("General
# Oleksandr Syrskyi"); so does a capitalised word with a surname ending right after
# it ("Vladimir Putin"). A river word next to it makes it a river ("Dnipro River").
TITLES = frozenset("""president minister general gen governor gov mayor commander colonel col lieutenant
    major captain sergeant officer mp deputy chief spokesman spokesperson blogger milblogger mr mrs ms dr
    senator sen patriarch metropolitan father saint st commander-in-chief
    президент министр міністр губернатор глава голова генерал командир командувач мэр мер депутат спикер
    речник""".split())
SURNAME_ENDINGS = ("ov", "ev", "ova", "eva", "in", "ina", "sky", "ski", "skiy", "skyi", "enko", "uk", "chuk",
                   "ko", "ich", "vich", "yan", "ов", "ев", "ова", "ева", "ин", "ина", "ий", "ский", "ська", "енко",
                   "ук", "чук", "ко", "ич", "вич", "ян")
# The given names reports most often put before a surname (a small table: no
# package ships one); a place name that is one of them, followed by a capitalised
# word, is a person ("Serhiy Haidai", "Владимир Сальдо").
GIVEN_NAMES = frozenset(names.key(name).strip() for name in """
    Vladimir Volodymyr Sergei Serhiy Oleksandr Alexander Aleksandr Alexei Oleksiy Andriy Andrei Dmitry Dmytro
    Yevgeny Yevhen Igor Ihor Denis Denys Vyacheslav Valery Viktor Yuriy Mykola Nikolai Petro Pyotr Ivan Mikhail
    Mykhailo Maria Olena Elena Yelena Anna Hanna Iryna Irina Tetiana Tatiana Natalia Olga Oksana Vitaliy Ramzan
    Kirill Roman Arseniy Pavlo Pavel Maksym Maxim Anatoliy Boris Borys Gennady Hennadiy Leonid Oleg Oleh Vadym
    Vadim Vasyl Vasily Stepan Taras Bohdan Yaroslav Ruslan Artem Artyom Kyrylo Ilya Illia Konstantin Kostiantyn
    Hryhoriy Grigory Yulia Lyudmila Svetlana Svitlana Kateryna Ekaterina Daria Valeriy Yakiv Mykhaylo
    Владимир Володимир Сергей Сергій Александр Олександр Алексей Олексій Андрей Андрій Дмитрий Дмитро Евгений
    Євген Игорь Ігор Денис Вячеслав Валерий Валерій Виктор Віктор Юрий Юрій Николай Микола Петр Петро Иван Іван
    Михаил Михайло Мария Марія Елена Олена Анна Ганна Ирина Ірина Ольга Оксана Рамзан Роман Павел Павло Максим
    Олег Василий Василь Богдан Ярослав Руслан Артем Кирилл Илья Ілля Константин Костянтин Татьяна Тетяна
    Наталья Наталія Юлия Юлія Людмила Светлана Світлана Екатерина Катерина""".split())
SURNAME = "surname"  # why a name is dropped, when it is so throughout the text
RIVER_AFTER = frozenset("river reservoir lake canal bay spit island".split())
RIVER_BEFORE = frozenset("river река реки реке річка річки річці".split())
_HYPHEN = re.compile("-")
_COMPOUND = re.compile(r"[^\W\d_][\w'’]*(?:-[^\W\d_][\w'’]*)+")  # "Lvova-Belova", "Izyum-Kupyansk"


def _sentence_start(text: str, start: int) -> bool:
    """Does a sentence (or heading, list item, quotation) begin at `start`?"""
    before = start - 1
    while before >= 0 and text[before] in " \t\u00a0":
        before -= 1
    return before < 0 or text[before] in ".!?…:;\n\"'«»“”„—–-*#>(["


# "KYIV, Ukraine (AP) —", "KHARKIV —": where the reporter files from, not what the report is about.
_DATELINE_AFTER = re.compile(r"[ \t]*(?:,|\(|—|–|-\s)")


def _is_dateline(text: str, hit: NameHit) -> bool:
    """Is the hit, a name in capitals, a dateline: opening its line, before a comma, bracket or dash?"""
    line_start = text.rfind("\n", 0, hit.start) + 1
    return not text[line_start:hit.start].strip(" \t*_#>") and bool(_DATELINE_AFTER.match(text, hit.end))


@contextmanager
def _without_cycle_collection():
    """The matcher makes many small objects and no cycles; cycle collections would walk
    the whole index meanwhile, for a third of the matcher's time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@lru_cache(maxsize=100_000)
def _is_given_name(surface: str) -> bool:
    return names.key(surface).strip() in GIVEN_NAMES


def _word(text: str) -> str:
    return text.strip(".,;:!?()[]«»\"'“”‘’").lower()


def override_id(name: str, lat: float, lon: float) -> int:
    """Id of a place an analyst adds without a GeoNames id: 800,000,000 + crc32 of
    "name|lat|lon" (4 decimals) mod 10^8 (regions use 900,000,000+, GeoNames < 20,000,000)."""
    return 800_000_000 + zlib.crc32(f"{name.strip()}|{lat:.4f}|{lon:.4f}".encode()) % 100_000_000


# A raion or hromada as reports write it: "Bakhmut raion", "the Pokrovsk district", "Бахмутского
# района", "Андріївської громади" (the unit's word after its name, in any case).
_UNIT_NAMED = re.compile(r"([A-ZА-ЯЁІЇЄҐ][\w'’-]+)\s+(?:(raion|rayon|district|(?i:район)\w*)|hromada|community|(?i:громад)\w*)\b")
# The adjective's endings: "Bakhmutskyi", "Бахмутського", "Andriivska" meet "Bakhmut", "Andriivka".
_UNIT_ENDING = re.compile(r"(?:s?k)(?:ii|i|ogo|oho|omu|om|oi|oie|ie|a|e|u|ikh|im|iei)?$")


def unit_key(name: str, kind: str) -> str:
    """The key of a raion or hromada (`kind`) named after its centre: "Bakhmut raion", "Bakhmutskyi
    district" and "Бахмутського району" all give "raion bakhmut"; "Andriivka hromada" and
    "Андріївська громада" give "hromada andriv"."""
    word = names.fold(name.removesuffix(f" {kind}")).strip()
    return f"{kind} {_UNIT_ENDING.sub('', word) or word}"


def _region_forms(base: str) -> list[str]:
    """"Kharkiv" -> "Kharkiv Oblast", "Kharkiv region", ...; "Харків" -> "Харківська область", ..."""
    if not re.search(r"[\u0400-\u04ff]", base):
        return [f"{base} {word}" for word in REGION_WORDS]
    if re.search(r"(ськ|цьк|ск|цк)$", base):
        adjectives = [base + "а", base + "ая"]
    else:
        stem = re.sub(r"[аяеоьі]$", "", base)
        adjectives = [stem + "ська", stem + "ская"]
    return [f"{adjective} область" for adjective in adjectives] + _region_nouns(base)


def _region_nouns(base: str) -> list[str]:
    """The region named as one noun, as news writes it: "Харків" -> "Харківщина", "Донецьк" -> "Донеччина",
    "Курск" -> "Курщина", "Белгород" -> "Белгородчина"."""
    for ending, noun in (("цьк", "ччина"), ("цк", "тчина"), ("ськ", "щина"), ("ск", "щина")):
        if base.endswith(ending):
            return [base[:-len(ending)] + noun]
    stem = re.sub(r"[аяеоьіи]$", "", base)
    return [stem + "щина"] + ([stem + "чина"] if stem.endswith(("д", "т")) else [])


def _common_words() -> dict[str, dict[str, float]]:
    """Folded ordinary words and their Zipf frequency, per script: English for Latin,
    Russian and Ukrainian for Cyrillic ("Золоте" is "golden", "Zolote" only a town),
    from wordfreq's lists."""
    import wordfreq

    common: dict[str, dict[str, float]] = {}
    for script, languages in COMMON_WORD_LANGUAGES.items():
        words = common[script] = {}
        for language in languages:
            for word, frequency in wordfreq.get_frequency_dict(language).items():
                zipf = math.log10(frequency) + 9  # Zipf = log10(frequency per billion words)
                if zipf >= SENTENCE_START_ZIPF:
                    folded = names.fold(word).strip()
                    words[folded] = max(zipf, words.get(folded, 0.0))
    return common


def _another_name(alias: str, place: Place) -> bool:
    """Is `alias` another name of `place` (a former name, a nearby feature's), not a
    spelling of its own ("Artemivsk" or "Krasnyi Lyman", not "Bakhmout" or "Liman")?"""
    alias_skeleton = names.skeleton(alias)
    return all(alias_skeleton.count(" ") != own_skeleton.count(" ")
               or fuzz.ratio(alias_skeleton, own_skeleton) < OTHER_NAME_SIMILARITY
               for own_skeleton in (names.skeleton(place.name), names.skeleton(place.ascii_name)))


_CYRILLIC_LETTER = re.compile(r"[\u0400-\u04ff]")
_SPEAKS_AS_WRITTEN = re.compile(SPEAKS.pattern, re.IGNORECASE)  # a few names per text: no lower-cased copy of it


def _script(text: str) -> str:
    return "cyrillic" if _CYRILLIC_LETTER.search(text) else "latin"


class _Index:
    """Everything built from the rows that is slow to build: pickled in the cache."""

    def __init__(self, frame: pd.DataFrame, aliases: dict[int, list[str]], analyst_names: dict[int, list[str]]):
        self.common = _common_words()
        self.places = [Place(int(r.geonameid), r.name, r.ascii_name, float(r.lat), float(r.lon),
                             r.country_code, r.admin1_code, r.admin1, r.feature, int(r.population),
                             r.raion, r.hromada, r.location_precision or "exact", r.placed_at)
                       for r in frame.itertuples()]
        settlement_keys = {names.fold(a) for r in frame.itertuples() if r.feature != "region"
                           for a in [r.name, *aliases.get(int(r.geonameid), [])]}
        bases = Counter(region_base(p.name) for p in self.places if p.feature == "region")
        city_bases = {base for base, count in bases.items() if count > 1}
        # stem key -> [(place index, folded alias, is it the place's own name?)]
        entries: dict[str, set[tuple[int, str, bool]]] = defaultdict(set)
        self.surfaces: list[list[str]] = []  # per place: the names it is indexed under
        # stem key -> the places analysts gave that name (override rows): the answer for it
        self.analyst_choice: dict[str, set[int]] = defaultdict(set)
        # Stem key -> the settlements whose own name has it (any case of "Pokrovsk" is Pokrovsk's name).
        self.bearers: dict[str, set[int]] = defaultdict(set)
        for index, place in enumerate(self.places):
            if place.feature != "region":
                for own_name in (place.name, place.ascii_name):
                    self.bearers[names.key(own_name)].add(index)
        for index, place in enumerate(self.places):
            own = {names.fold(place.name), names.fold(place.ascii_name)}
            usable = []
            chosen = analyst_names.get(place.geonameid, [])
            for alias in chosen:
                self.analyst_choice[names.key(alias)].add(index)
            names_given = self._aliases(place, aliases.get(place.geonameid, []), settlement_keys, city_bases)
            for alias in dict.fromkeys(names_given + chosen):
                folded = names.fold(alias)
                if self._usable(alias, folded, place):
                    own_name = folded in own
                    if not own_name and place.feature != "region" and _another_name(alias, place) and alias not in chosen:
                        standing = self.other_name_standing(index, folded)
                        if standing is None:
                            continue
                        own_name = standing
                    entries[names.stem(folded)].add((index, folded, own_name))
                    if _script(alias) == "cyrillic":  # "у Часовому Яру", "в Авдіївці": see names.case_forms
                        for form in names.case_forms(folded):
                            entries[names.stem(form)].add((index, form, own_name))
                    usable.append(alias)
            self.surfaces.append(usable)
        self.entries = {k: sorted(v) for k, v in entries.items()}
        self.analyst_choice = dict(self.analyst_choice)
        # Per place, its raion's and its hromada's key (see unit_key) as a number, -1 for none.
        self.unit_ids: dict[str, int] = {}
        self.raion_unit, self.hromada_unit = (
            [self.unit_ids.setdefault(unit_key(unit, kind), len(self.unit_ids)) if unit else -1
             for unit in (getattr(place, kind) for place in self.places)] for kind in ("raion", "hromada"))
        self.folded_names = sorted({folded for v in self.entries.values() for _, folded, _ in v})
        self.automaton = ahocorasick.Automaton()
        for stem_key in self.entries:
            # Single spaces round the pattern: the key has two between words, so
            # adjacent names do not overlap; the word count maps back to the text.
            self.automaton.add_word(" " + stem_key.strip() + " ", (stem_key, stem_key.count("  ") - 1))
        self.automaton.make_automaton()

    def other_name_standing(self, index: int, folded: str) -> bool | None:
        """How a notable place's other name (a former name: "Artemivsk" for Bakhmut) counts: as its own
        (True); not at all (None) where several settlements of its country bear it, or a town of its
        country does: a common village name ("Novooleksandrivka" was Melitopol's, "Oleksandrivka"
        Donetsk's) or another town's name ("Kaliningrad" was Korolev's, GeoNames lists "Novorossiysk"
        for Krasnodar and "Slovyansk" for Nikopol) is not this town's; as a name only (False) where
        another settlement bears it and is not dwarfed by it ("Dzerzhynsk", Toretsk's former name, is
        Dzerzhinsk's in Russia: the text's other places decide)."""
        place = self.places[index]
        bearers = [self.places[other] for other in self.bearers.get(names.stem(folded), ()) if other != index]
        # Villages of unknown population (KATOTTG's, which GeoNames' 500+ lacks) count only as a common village
        # name, three or more at home ("Severnyy", Sieverne five times over, is no other name of Pivnichne); fewer
        # leave a town its former name ("Krasnyi Lyman" is Lyman's, beside two villages of that name).
        if sum(1 for other in bearers if other.country_code == place.country_code) >= COMMON_VILLAGE_NAME:
            return None
        others = [other for other in bearers if other.population]
        at_home = [other for other in others if other.country_code == place.country_code]
        if len(at_home) > 1 or any(other.population >= NOTABLE_POPULATION for other in at_home):
            return None
        return all(place.population >= DWARFED * other.population for other in others)

    @staticmethod
    def _aliases(place: Place, alternates: list[str], settlement_keys: set[str], city_bases: set[str]) -> list[str]:
        if place.feature != "region":
            if place.population < NOTABLE_POPULATION:
                alternates = [a for a in alternates if not _another_name(a, place)]
            return [place.name, place.ascii_name, *alternates]
        base = region_base(place.name)
        # A city that is a region of its own (Kyiv City; Moscow beside Moscow Oblast) is
        # no "Kyiv region": that is the oblast round it.
        city = "City" in place.name or (place.name == base and base in city_bases)
        forms = [] if city else [f for b in [base, *alternates] for f in _region_forms(b)]
        # A bare name that a settlement also has is the settlement's ("Moscow" the city,
        # not the federal city); "Crimea", "Zakarpattia" name only their region.
        forms += [name for name in (place.name, place.ascii_name, base)
                  if name and names.fold(name) not in settlement_keys]
        return forms

    def _usable(self, alias: str, folded: str, place: Place) -> bool:
        """Too short, or an ordinary word (unless a notable place's name): never a mention."""
        letters = folded.replace(" ", "")
        if len(letters) < 3 or (len(letters) == 3 and alias != place.name):
            return False
        if folded.count("  ") != 2:
            return True
        zipf = self.zipf(alias, folded)
        return zipf < COMMON_WORD_ZIPF or (place.population >= NOTABLE_POPULATION and zipf < VERY_COMMON_ZIPF)

    def zipf(self, text: str, folded: str) -> float:
        """How ordinary a word `text` is in its script's languages (0: not an ordinary word)."""
        return self.common[_script(text)].get(folded.strip(), 0.0)


class Gazetteer:
    """Places and their names; see the module doc."""

    def __init__(self, index: _Index):
        self._index = index
        self.places = index.places
        self._by_id = {place.geonameid: i for i, place in enumerate(index.places)}
        # Per place, for weighing candidates as arrays (see _Disambiguation).
        lat, lon = np.radians([place.lat for place in self.places]), np.radians([place.lon for place in self.places])
        # The places' points on the unit sphere, one array per axis (x, y, z); an unplaced place's are NaN.
        self._unit = (np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat))
        self._placed = ~np.isnan(lat)
        self._population = np.array([place.population for place in self.places], dtype=np.int64)
        self._prior = np.minimum(1.0, np.log10(self._population + 1) / 6)
        self._geonameid = np.array([place.geonameid for place in self.places], dtype=np.int64)
        self._is_region = np.array([place.feature == "region" for place in self.places])
        # Per place, its region (country, admin1 code) as a number; and the region it is, None for a settlement.
        region_ids: dict[tuple[str, str], int] = {}
        self._region = np.array([region_ids.setdefault((place.country_code, place.admin1_code), len(region_ids))
                                 for place in self.places], dtype=np.int64)
        self._n_regions = len(region_ids)
        self._region_list = self._region.tolist()  # read per place in Python: no numpy scalars
        self._region_of = [region if place.feature == "region" else None
                           for place, region in zip(self.places, self._region_list)]
        self._countries = sorted({place.country_code for place in self.places})
        country_ids = {code: i for i, code in enumerate(self._countries)}
        self._country = np.array([country_ids[place.country_code] for place in self.places], dtype=np.int64)
        # Equal scores: the larger place first, then the smaller geonameid (each place's rank in that order).
        self._tie_rank = np.empty(len(self.places), dtype=np.int64)
        self._tie_rank[np.lexsort((self._geonameid, -self._population))] = np.arange(len(self.places))
        self._accepted: dict[tuple, tuple] = {}  # see names_in
        self._settings: dict[tuple, tuple[str, str]] = {}  # see _drop_person_and_river_names
        self._weighed_names: dict[tuple[str, str], _WeighedName] = {}  # see _weighed_name
        self._raion_unit, self._hromada_unit = np.array(index.raion_unit), np.array(index.hromada_unit)
        self._in_theatre = np.array([in_theatre(place) for place in self.places])

    def _units_named(self, text: str) -> np.ndarray:
        """The raions and hromadas the text names ("Andriivka, Bakhmut raion"), as unit numbers."""
        if "raion" not in text and "istrict" not in text and "айон" not in text and "ромад" not in text \
                and "rayon" not in text and "hromada" not in text and "ommunity" not in text:
            return np.empty(0, dtype=np.int64)
        found = {self._index.unit_ids.get(unit_key(match.group(1), "raion" if match.group(2) else "hromada"))
                 for match in _UNIT_NAMED.finditer(text)}
        return np.array(sorted(found - {None}), dtype=np.int64)

    def __len__(self) -> int:
        return len(self.places)

    def names_of(self, place: Place) -> list[str]:
        """Every name `place` is found under (its own, alternates, overrides, region forms)."""
        index = self._by_id.get(place.geonameid)
        return [] if index is None else list(self._index.surfaces[index])

    def is_ordinary_word(self, word: str) -> bool:
        """Is `word` an ordinary word of its script's languages ("Fighting", "Прогрес"), not only a name?"""
        return self._index.zipf(word, names.fold(word)) >= COMMON_WORD_ZIPF

    def get(self, geonameid: int) -> Place | None:
        index = self._by_id.get(int(geonameid))
        return None if index is None else self.places[index]

    # --- matching -----------------------------------------------------------------

    def names_in(self, text: str, require_capital: bool = True) -> list[NameHit]:
        """The matcher alone: every gazetteer name in `text` in one pass (longest match
        wins), as written, with the places it may name; no disambiguation yet."""
        with _without_cycle_collection():
            return self._names_in(text, require_capital)

    def _names_in(self, text: str, require_capital: bool) -> list[NameHit]:
        key, tokens, counts, offsets = names.text_key(text)
        found_names = list(self._index.automaton.iter_long(key))
        if not found_names:
            return []
        stem_keys = [stem_key for _, (stem_key, _) in found_names]
        ends = np.fromiter((end for end, _ in found_names), dtype=np.int64, count=len(found_names))
        lengths = np.fromiter(map(len, stem_keys), dtype=np.int64, count=len(found_names))
        n_words = np.fromiter((n for _, (_, n) in found_names), dtype=np.int64, count=len(found_names))
        # A pattern " word " starts on the second space of the separator before its
        # first word: the separators (two spaces) before that count the words before it.
        key_codes = np.frombuffer(key.encode("utf-32-le", "surrogatepass"), dtype=np.uint32) == 32
        separators = np.flatnonzero(key_codes[:-1] & key_codes[1:])
        first_words = np.searchsorted(separators, ends - lengths + 2, side="right") - 1
        last_words = first_words + n_words - 1
        # Key word -> its token, and its place among the token's words ("Lvova-Belova" gives two).
        word_token = np.repeat(np.arange(len(counts)), counts)
        word_place = np.arange(len(word_token)) - np.repeat(np.cumsum(counts) - counts, counts)
        hits: list[NameHit] = []
        spans: list[tuple[int, int]] = []  # first and last token of each hit
        accepted = self._accepted
        for stem_key, first, last, first_place, last_place in zip(
                stem_keys, word_token[first_words].tolist(), word_token[last_words].tolist(),
                word_place[first_words].tolist(), word_place[last_words].tolist()):
            # Reports repeat their names: what a run of tokens yields is worked out once.
            memo_key = (stem_key, require_capital, first_place, last_place,
                        tokens[first] if first == last else tuple(tokens[first:last + 1]))
            found = accepted.get(memo_key)
            if found is None:
                found = accepted[memo_key] = self._accept(text, offsets[first], offsets[last], *memo_key[:4])
            if found:
                start, end = offsets[first] + found[0], offsets[last] + found[1]
                hits.append(NameHit(start, end, text[start:end], found[2], stem_key))
                spans.append((first, last))
        if len(self._accepted) > MEMO_LIMIT:
            self._accepted.clear()
        hits, spans = self._drop_name_compounds(text, hits, spans)
        return self._drop_person_and_river_names(text, hits, spans, tokens, offsets, require_capital)

    def _accept(self, text: str, first_offset: int, last_offset: int, stem_key: str, require_capital: bool,
                first_word: int, last_word: int) -> tuple:
        """(start in the first token, end in the last token, options) of the name whose key
        words run from the `first_word`-th word of the token at `first_offset` to the
        `last_word`-th of the token at `last_offset`; () when it names nothing here."""
        start = next(islice(names.WORD.finditer(text, first_offset), first_word, None)).start()
        end = next(islice(names.WORD.finditer(text, last_offset), last_word, None)).end()
        while text[start] in names.APOSTROPHES:  # quotes round a name are not part of it
            start += 1
        while text[end - 1] in names.APOSTROPHES:
            end -= 1
        if end - start > 3 and text[end - 1] == "s" and text[end - 2] in names.APOSTROPHES:
            end -= 2  # "Mariupol's": the place is "Mariupol"
        options = self._options(text[start:end], stem_key, require_capital)
        return (start - first_offset, end - last_offset, options) if options else ()

    def _options(self, surface: str, stem_key: str, require_capital: bool) -> dict[int, tuple[bool, bool]] | None:
        """Place index -> (exact?, own name?) for the places `surface` may name."""
        if require_capital and not surface[:1].isupper():
            return None
        folded = names.fold(surface)
        inflected = names.stem(folded) != folded
        options: dict[int, tuple[bool, bool]] = {}
        for place_index, alias, own in self._index.entries[stem_key]:
            exact = alias == folded
            # A bare stem ("Strelkov") is no inflected form of "Strelkovo": the text's
            # word must be the name itself or carry an ending of its own.
            if exact or inflected:
                was_exact, was_own = options.get(place_index, (False, False))
                options[place_index] = (was_exact or exact, was_own or own)
        if not options:
            return None
        # Checked on the word as written: "Сил" matches the village Sil's Latin name.
        if self._ordinary(surface, options, COMMON_WORD_ZIPF) or self._transliterated_word(surface, folded, options):
            return None  # "More", "России", "Головне": an ordinary word, not the place
        return options

    def _transliterated_word(self, surface: str, folded: str, options: dict[int, tuple[bool, bool]]) -> bool:
        """Is a one-word Latin name an ordinary Russian/Ukrainian word in Latin letters? An
        inflected one always ("Ukrainska Pravda", a newspaper, is no Ukrayinsk: English does
        not inflect names), an exact one when among the commonest words and no notable place's own
        name ("Pravda", a newspaper's; "Spartak" or "Vysoke" in Latin letters are the villages)."""
        if folded.count("  ") != 2 or _script(surface) != "latin":
            return False
        zipf = self._index.common["cyrillic"].get(folded.strip(), 0.0)
        if not any(exact for exact, _ in options.values()):
            return zipf >= COMMON_WORD_ZIPF
        largest_own = max((self.places[i].population for i, (exact, own) in options.items() if exact and own),
                          default=0)
        return zipf >= TRANSLITERATED_ZIPF and largest_own < NOTABLE_POPULATION

    def _ordinary(self, surface: str, options: dict[int, tuple[bool, bool]], threshold: float) -> bool:
        """Is the one-word name an ordinary word (Zipf >= threshold), and not frequent merely
        for naming a notable place?"""
        folded = names.fold(surface)
        if folded.count("  ") != 2:
            return False
        zipf = self._index.zipf(surface, folded)
        notable = max(self.places[i].population for i in options) >= NOTABLE_POPULATION
        return zipf >= threshold and not (notable and zipf < VERY_COMMON_ZIPF)

    def _drop_person_and_river_names(self, text: str, hits: list[NameHit], spans: list[tuple[int, int]],
                                     tokens: list[str], offsets: list[int], in_prose: bool) -> list[NameHit]:
        """Drop a one-word name that is a person's ("President Vladimir Putin", "Vladimir
        Putin"), a river's ("Dnipro River", "река Днепр"), or, in prose, an ordinary word
        in some inflected form that only the start of a sentence capitalised ("Штурмовые
        группы"; an exact name there stays: "Мар'їнка"). Reads the whitespace tokens round
        each name; what a surface in a setting gives is worked out once, elsewhere and at a
        sentence start. A name that is a surname somewhere in the text ("Владимир Сальдо")
        is one everywhere in it ("Сальдо заявил")."""
        starts = {hit.start for hit in hits}
        kept, surnames = [], set()
        for hit, (first, last) in zip(hits, spans):
            ends_token = hit.end == offsets[last] + len(tokens[last])
            following = tokens[last + 1] if ends_token and last + 1 < len(tokens) else ""
            setting = (hit.surface, tokens[first - 2] if first > 1 else "", tokens[first - 1] if first else "",
                       following, following and offsets[last + 1] in starts)
            verdicts = self._settings.get(setting)
            if verdicts is None:
                verdicts = self._settings[setting] = self._person_river_or_word(hit.options, *setting)
            # Where a sentence starts is looked for only where it would change the verdict.
            elsewhere, at_sentence_start = verdicts
            drop = (at_sentence_start if elsewhere != at_sentence_start and in_prose and _sentence_start(text, hit.start)
                    else elsewhere)
            if drop == SURNAME:
                surnames.add(hit.key)
            elif not drop:
                kept.append(hit)
        if len(self._settings) > MEMO_LIMIT:
            self._settings.clear()
        return [hit for hit in kept if hit.key not in surnames] if surnames else kept

    def _person_river_or_word(self, options: dict[int, tuple[bool, bool]], surface: str, before2: str,
                              before1: str, following: str, following_is_place: bool) -> tuple[str, str]:
        """Why a one-word name is no place here ("" when it may be one): SURNAME, or "other";
        elsewhere, and at the start of a sentence."""
        if not names.WORD.fullmatch(surface):
            return "", ""  # several words: "Nova Kakhovka" is no person
        if _word(before1) in TITLES or (before1[:1].isupper() and _word(before2) in TITLES):
            return SURNAME, SURNAME  # "Minister Sergei ...", "General Oleksandr Syrskyi"
        if before1[:1].isupper() and before1[-1:].isalpha() and _is_given_name(before1):
            return SURNAME, SURNAME  # "Владимир Сальдо" (not "Roman, Kupyansk": a list)
        if _word(before1) in RIVER_BEFORE or _word(following) in RIVER_AFTER:
            return "river", "river"
        if following[:1].isupper() and (_is_given_name(surface) or (
                _word(following).endswith(SURNAME_ENDINGS) and not following_is_place)):
            return "given name", "given name"  # "Serhiy Haidai", "Vladimir Putin"
        if not any(exact for exact, _ in options.values()) and self._ordinary(surface, options, SENTENCE_START_ZIPF):
            return "", "ordinary word"
        return "", ""

    @staticmethod
    def _drop_name_compounds(text: str, hits: list[NameHit], spans: list[tuple[int, int]]
                             ) -> tuple[list[NameHit], list[tuple[int, int]]]:
        """Drop parts of capitalised hyphen compounds ("Lvova-Belova", a person) unless
        every part is a place's own name, written exactly ("Izyum-Kupyansk")."""
        by_start = {hit.start: hit for hit in hits}
        by_end = {hit.end: hit for hit in hits}
        # The few hits a hyphen joins to the word before or after, found from the text's hyphens.
        joined = sorted({hit.start for at in _HYPHEN.finditer(text)
                         for hit in (by_end.get(at.start()), by_start.get(at.end())) if hit})
        dropped: set[int] = set()
        for start in joined:
            if start in dropped:
                continue
            left = start
            while left > 0 and (text[left - 1].isalnum() or text[left - 1] in "-'’"):
                left -= 1
            match = _COMPOUND.match(text, left)
            if not match:
                continue
            parts = [m for m in re.finditer(r"[^-]+", match.group()) if m.group()[:1].isupper()]
            exact = all(
                (left + p.start()) in by_start and (True, True) in by_start[left + p.start()].options.values()
                for p in parts)
            if not exact:
                dropped.update(left + p.start() for p in parts)
        if not dropped:
            return hits, spans
        kept = [(hit, span) for hit, span in zip(hits, spans) if hit.start not in dropped]
        return [hit for hit, _ in kept], [span for _, span in kept]

    # --- disambiguation ---------------------------------------------------------

    def _great_circle_km(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Great-circle distances between places (index arrays), as geopy's great_circle
        (same Earth radius) but for whole arrays at once: "near" is a matter of km, not mm.
        From the chord between the places' points on the unit sphere."""
        x, y, z = self._unit
        chord = np.sqrt(np.square(x[b] - x[a]) + np.square(y[b] - y[a]) + np.square(z[b] - z[a]))
        return 2 * EARTH_RADIUS * np.arcsin(np.minimum(chord / 2, 1.0))

    def _weighed_name(self, hit: NameHit) -> _WeighedName:
        """What a name gives the weighing, worked out once per gazetteer: its key and
        surface decide the places it may name (`_options`), and so its rows."""
        weighed = self._weighed_names.get((hit.key, hit.surface))
        if weighed is None:
            if len(self._weighed_names) >= MEMO_LIMIT:
                self._weighed_names.clear()
            chosen = self._index.analyst_choice.get(hit.key, ())
            rows = np.array([(index, exact, own, index in chosen) for index, (exact, own) in hit.options.items()],
                            dtype=np.int64).T
            regions = frozenset(self._region_of[i] for i in hit.options) - {None}
            weighed = self._weighed_names[hit.key, hit.surface] = _WeighedName(
                frozenset(hit.options), regions if len(hit.options) == 1 else frozenset(), regions, rows,
                len(hit.surface) > 3 and hit.surface.isupper())
        return weighed

    def _adjacent_regions(self, text: str, hits: list[NameHit], weighed: list[_WeighedName]
                          ) -> dict[frozenset, set[int]]:
        """Regions written right after a name ("Lysychansk, Luhansk Oblast"), per name
        (its places): one name in one text means one place, so every "Lysychansk" shares them,
        and so does another spelling that may mean the same place."""
        adjacent: dict[frozenset, set[int]] = defaultdict(set)
        ahead: frozenset[int] = frozenset()  # the region written after the list that follows a name
        for hit, after, name, name_after in zip(reversed(hits[:-1]), reversed(hits[1:]),
                                                reversed(weighed[:-1]), reversed(weighed[1:])):
            # (The patterns read the text between the names where it stands: no copy of it.)
            if len(name_after.regions) == 1 and _BEFORE_REGION.fullmatch(text, hit.end, after.start):
                ahead = name_after.regions
            # A list between carries it back: "Blahodatne, Makarivka and Neskuchne in Donetsk Oblast".
            elif not (ahead and _LIST.fullmatch(text, hit.end, after.start)):
                ahead = frozenset()
            if ahead:
                adjacent[name.places] |= ahead
        if not adjacent:
            return adjacent
        # Another spelling of that name ("Лимане" after "Lyman, Donetsk Oblast") shares the region where
        # both may mean one of its places.
        qualified = list(adjacent.items())
        region = self._region_list
        for places in {name.places for name in weighed} - adjacent.keys():
            for other, near in qualified:
                if any(region[i] in near for i in places & other):
                    adjacent[places] |= near
        return adjacent

    def _mentions(self, text: str, require_capital: bool = True, reasons: bool = True) -> list[Mention]:
        hits = self.names_in(text, require_capital)
        return _Disambiguation(self, text, hits).mentions(reasons) if hits else []

    def find_mentions(self, text: str, reasons: bool = True) -> list[Mention]:
        """Every place mention in `text`, disambiguated in the context of the whole text.
        With `reasons=False` the candidates come without their reasons (empty lists), for
        callers that read only places and scores: writing the reasons out is a sixth of the time."""
        with _without_cycle_collection():
            return self._mentions(text, reasons=reasons)

    # --- single names -----------------------------------------------------------

    def resolve(self, name: str, context: str = "") -> Resolution:
        """The place `name` means (typos too, when one place is clearly closest), with
        `context` (text around it) for disambiguation; place None when unsure."""
        name = name.strip()
        if not name:
            return Resolution(None, 0.0, [])
        # The name may carry a preposition ("в Изюме"): one mention inside it is the place.
        inside = [m for m in self._mentions(f"{name}\n{context}", require_capital=False) if m.end <= len(name)]
        if len(inside) == 1:
            return Resolution(inside[0].place, inside[0].score, inside[0].candidates)
        return self._resolve_fuzzy(name)

    def _resolve_fuzzy(self, name: str) -> Resolution:
        """A typo: the closest spellings, weighed a little by population (3 points per
        tenfold); resolved when the best is similar enough and leads clearly."""
        folded = names.fold(name)
        similar: dict[int, float] = {}
        for alias, similarity, _ in process.extract(folded, self._index.folded_names, scorer=fuzz.ratio,
                                                    limit=25, score_cutoff=FUZZY_MIN - 15):
            for index, alias_folded, _ in self._index.entries[names.stem(alias)]:
                if alias_folded == alias:
                    similar[index] = max(similar.get(index, 0.0), similarity)
        weighed = {i: s + 3 * math.log10(self.places[i].population + 1) for i, s in similar.items()}
        ranked = sorted(weighed, key=lambda i: (-weighed[i], self.places[i].geonameid))[:10]
        candidates = [Candidate(self.places[i], round(similar[i] / 100 * 0.8, 4),
                                [f"spelling similarity {similar[i]:.0f}/100",
                                 f"population {self.places[i].population:,}"]) for i in ranked]
        clear = bool(ranked) and similar[ranked[0]] >= FUZZY_MIN and (
            len(ranked) == 1 or weighed[ranked[0]] - weighed[ranked[1]] >= FUZZY_LEAD)
        return Resolution(candidates[0].place if clear else None, candidates[0].score if candidates else 0.0,
                          candidates)

    def search(self, query: str, limit: int = 20) -> list[Place]:
        """Places whose name starts like `query` (largest first), then the closest spellings."""
        folded = names.fold(query).strip()
        if not folded:
            return []
        found: dict[int, None] = {}
        for alias in self._index.folded_names:
            if alias.strip().startswith(folded):
                for index, alias_folded, _ in self._index.entries[names.stem(alias)]:
                    if alias_folded == alias:
                        found[index] = None
        places = [self.places[i] for i in sorted(found, key=lambda i: -self.places[i].population)]
        if len(places) < limit:
            places += [c.place for c in self._resolve_fuzzy(query).candidates if c.place not in places]
        return places[:limit]


_LIST_JOIN = r"(?:\s*,\s*(?:and\s+)?|\s+(?:and|&|и|і|та|й)\s+)"
# Between a name and the region written after it: "Lysychansk, Luhansk Oblast", "Lyman in Donetsk
# Oblast", or the rest of a list of names the gazetteer does not know ("Makarivka and Neskuchne in").
_BEFORE_REGION = re.compile(_LIST_JOIN.join(["(?:", r"[A-ZА-ЯЁІЇЄҐ][\w'’-]*(?:[\s-][A-ZА-ЯЁІЇЄҐ][\w'’-]*)?)*"])
                            + r"\s*,?\s*(?:in\s+)?(?:the\s+)?")
_LIST = re.compile(_LIST_JOIN)


class _Disambiguation:
    """The names found in one text, weighed together (see `Gazetteer.find_mentions`).

    Held as arrays with one row per (name found, place it may name), so that a round
    of weighing is a few numpy operations whatever the length of the text. Round 1
    weighs each name alone; each later round places every name near the others'
    current best guesses, so places that fit together (Avdiivka near Donetsk, Lyman
    near Izyum) pull each other out of their namesakes. A candidate's score:
    population prior, closeness to the places the nearest other names stand for, the
    region the text writes after the name or names on its own, the main country of
    the text's other places, exact spelling, and the place's own name."""

    def __init__(self, gazetteer: Gazetteer, text: str, hits: list[NameHit]):
        self.gazetteer, self.hits = gazetteer, hits
        weighed = [gazetteer._weighed_name(hit) for hit in hits]
        adjacent = gazetteer._adjacent_regions(text, hits, weighed)
        # Regions named on their own set the scene; one that qualifies a name
        # ("Kupyansk, Kharkiv Oblast") says nothing about the others.
        regions = set().union(*(name.region_alone for name in weighed)) - set().union(*adjacent.values())
        name_ids: dict[frozenset, int] = {}
        self.name_of_hit = np.array([name_ids.setdefault(name.places, len(name_ids)) for name in weighed])
        self.n_names = len(name_ids)
        rows = np.concatenate([name.rows for name in weighed], axis=1)
        self.row_hit = np.repeat(np.arange(len(hits)), [name.rows.shape[1] for name in weighed])
        self.row_place = rows[0]
        self.first_rows = np.searchsorted(self.row_hit, np.arange(len(hits)))  # each hit's rows, best first once ranked
        self.exact, self.own, self.analyst = rows[1:].astype(bool)
        self.name_of_row = self.name_of_hit[self.row_hit]
        self.admin = self._admin(regions, {name_ids[places]: near for places, near in adjacent.items()})
        # What does not change from round to round.
        self.country = gazetteer._country[self.row_place]
        self.small = ((gazetteer._population[self.row_place] < NOTABLE_POPULATION)
                      & ~gazetteer._is_region[self.row_place])
        # English does not inflect names: a Latin word that meets a place only through a case ending
        # ("Nevelske", the village, against Nevel'sk on Sakhalin) is weak evidence for it, whatever its size.
        latin = np.array([hit.surface.isascii() or _script(hit.surface) == "latin" for hit in hits])
        self.latin_inflected = latin[self.row_hit] & ~self.exact
        self.other_region = self.admin < 0
        # The raion or hromada the text names ("Andriivka, Bakhmut raion": one of dozens of Andriivkas, most
        # of them KATOTTG villages of unknown population, which the prior gives nothing).
        units = gazetteer._units_named(text)
        self.unit = (np.isin(gazetteer._raion_unit[self.row_place], units)
                     | np.isin(gazetteer._hromada_unit[self.row_place], units)) if len(units) else np.zeros(len(rows[0]), dtype=bool)
        # A population 16 times larger alone makes a clear lead (0.40 * log10(16) / 6 = 0.08).
        self.fixed_score = (0.40 * gazetteer._prior[self.row_place] + 0.15 * self.admin + 0.07 * self.exact
                            + 0.08 * self.own + UNIT_WEIGHT * self.unit)
        self.tie_break = gazetteer._tie_rank[self.row_place]
        # Candidates are ranked within their hit, the analysts' choice first.
        self.hit_then_analyst = 2 * self.row_hit + ~self.analyst
        # A dateline's place is weighed like any other, but pulls no other name towards it; nor does a capital that
        # speaks for its government ("Moscow claims gains", "Kyiv said").
        self.anchoring = np.array([not ((name.capitals and _is_dateline(text, hit)) or _SPEAKS_AS_WRITTEN.match(text, hit.end))
                                   for hit, name in zip(hits, weighed)])
        self.walks = self._walks(np.array([hit.start for hit in hits], dtype=np.int64))

    def _admin(self, regions: set[int], near_regions: dict[int, set[int]]) -> np.ndarray:
        """Per row, the text's word on the place's region: 1 it names this one right after
        the name, -1 it names another there ("Makarivka, Donetsk Oblast" is no Makarivka in
        Kherson Oblast), a share where `regions` set the scene, else 0."""
        g = self.gazetteer
        row_region, settlement = g._region[self.row_place], ~g._is_region[self.row_place]
        admin = np.zeros(len(self.row_place))
        if regions:
            in_scene = np.zeros(g._n_regions, dtype=bool)
            in_scene[list(regions)] = True
            admin[in_scene[row_region] & settlement] = 0.75 / len(regions)
        for name, near in near_regions.items():
            of_name = self.name_of_row == name
            is_near = np.zeros(g._n_regions, dtype=bool)
            is_near[list(near)] = True
            admin[of_name] = np.where(is_near[row_region], 1.0, np.where(settlement, -1.0, 0.0))[of_name]
        return admin

    def _walks(self, starts: np.ndarray) -> np.ndarray:
        """Per hit, the other hits in the order of a walk outwards from it in the text
        (nearer first, left first on a tie), at most WALK_STEPS of them; -1 pads, and stands
        for the hits of the same name ("Lyman" twice is no evidence for either Lyman) and for
        datelines."""
        n = len(starts)
        steps = min(WALK_STEPS, n - 1)
        walks = np.full((n, steps), -1, dtype=np.int32)
        if steps <= 0:
            return walks
        # The `steps` hits nearest a hit lie within `steps` of it either side: a window of
        # hits round it (itself included), slid to stay inside the text (all of a short one).
        width = min(2 * steps + 1, n)
        columns = np.arange(width)
        for chunk in range(0, n, CHUNK):  # bounded memory on a long text
            rows = np.arange(chunk, min(n, chunk + CHUNK))[:, None]
            first = np.minimum(np.maximum(rows - steps, 0), n - width)
            # Ordered by gap, left (the smaller column) first on a tie, by a plain sort of keys
            # made unique by their column; the hit itself (gap 0) comes first, and is left out.
            keys = np.abs(starts[first + columns] - starts[rows]) * width + columns
            others = first + np.sort(keys, axis=1)[:, 1:steps + 1] % width
            other_name = self.name_of_hit[others] != self.name_of_hit[rows]
            walks[chunk:chunk + CHUNK] = np.where(other_name & self.anchoring[others], others, -1)
        return walks

    def _anchors(self, guesses: np.ndarray) -> np.ndarray:
        """Per hit, the settlements the other names nearest to it stand for (up to
        MAX_ANCHORS, in walk order, -1 pads)."""
        anchors = np.full((len(self.walks), MAX_ANCHORS), -1, dtype=np.int64)
        n_places, steps = len(self.gazetteer.places), self.walks.shape[1]
        for chunk in range(0, len(self.walks), CHUNK):  # bounded memory on a long text
            walks = self.walks[chunk:chunk + CHUNK]
            places = guesses[walks.ravel()]  # the padding (-1) reads the last guess: left out next
            at = np.flatnonzero((walks.ravel() >= 0) & ~self.gazetteer._is_region[places])  # in walk order in each hit
            # The first time each place comes up in a walk counts: sorted by (hit, place,
            # step in the walk), that time leads the run of the hit's place.
            by_hit_place_step = np.sort(((at // steps) * n_places + places[at]) * walks.size + at)
            hit_place, at = np.divmod(by_hit_place_step, walks.size)
            at = np.sort(at[hit_place != np.concatenate(([-1], hit_place[:-1]))])  # in walk order again
            hit_rows, places = at // steps, places[at]
            per_hit = np.bincount(hit_rows, minlength=len(walks))
            rank = np.arange(len(at)) - (np.cumsum(per_hit) - per_hit)[hit_rows]
            keep = rank < MAX_ANCHORS  # up to MAX_ANCHORS of them
            anchors[chunk + hit_rows[keep], rank[keep]] = places[keep]
        return anchors

    def _focus(self, guesses: np.ndarray) -> np.ndarray:
        """Per name, the main country (id) of the other names' guesses; -1 for none.
        Ties go to the country guessed first in the text."""
        countries = self.gazetteer._country[guesses]
        n_countries = len(self.gazetteer._countries)
        per_name = np.bincount(self.name_of_hit * n_countries + countries,
                               minlength=self.n_names * n_countries).reshape(self.n_names, n_countries)
        others = per_name.sum(axis=0) - per_name
        # Where each country is first guessed (the end for one not guessed: it has no votes).
        first_seen = np.full(n_countries, len(guesses), dtype=np.int64)
        np.minimum.at(first_seen, countries, np.arange(len(guesses)))
        best = np.argmax(others * (len(guesses) + 1) - first_seen, axis=1)
        return np.where(others[np.arange(self.n_names), best] > 0, best, -1)

    def _score(self, anchors: np.ndarray, focus: np.ndarray) -> dict[str, np.ndarray]:
        """Every row's score and the figures behind it, for one round."""
        g, place = self.gazetteer, self.row_place
        n_rows = len(place)
        proximity, nearest = np.empty(n_rows), np.empty(n_rows)
        count, closest = np.empty(n_rows, dtype=np.int64), np.empty(n_rows, dtype=np.int64)
        for chunk in range(0, n_rows, CHUNK):  # bounded memory on a long text
            rows = slice(chunk, chunk + CHUNK)
            others, row_place = anchors[self.row_hit[rows]], place[rows, None]
            # An unplaced place is near nothing and nothing is near it: no distance counts for it.
            valid = (others >= 0) & (others != row_place) & g._placed[others] & g._placed[row_place]
            # The padding (-1) reads the last place: its distance is left out.
            distances = np.where(valid, g._great_circle_km(row_place, others), np.inf)
            count[rows] = n_others = valid.sum(axis=1)
            has = n_others > 0
            closeness = np.exp(-distances / PROXIMITY_KM).sum(axis=1)  # exp(-inf) = 0 for the padding
            proximity[rows] = closeness / np.maximum(n_others, 1)  # 0 with no other place
            at = np.arange(len(distances)), np.argmin(distances, axis=1)
            nearest[rows] = np.where(has, distances[at], 0.0)
            closest[rows] = np.where(has, others[at], -1)
        row_focus = focus[self.name_of_row]
        country = self.country == row_focus  # no focus (-1) is no country
        far = np.where(count >= 2, nearest > FAR_KM, (count == 1) & (nearest > FAR_FROM_ONE_KM) & ~self.own)
        # A Latin word that meets a place only through a case ending, far from every other place of the text,
        # is not it, at home too ("Berdychi, a village north of Ocheretyne" is no Berdychiv, 680 km away).
        far_inflected = self.latin_inflected & (count >= 1) & (nearest > FAR_KM)
        out_of_place = ((row_focus >= 0) & ~country & far & (self.small | self.latin_inflected)) | far_inflected | self.other_region
        score = np.round(self.fixed_score + 0.25 * proximity + 0.10 * country, 4)
        return {"score": score, "proximity": proximity, "nearest": nearest, "count": count, "closest": closest,
                "country": country, "out_of_place": out_of_place, "order": self._order(score), "focus": row_focus}

    def _order(self, score: np.ndarray) -> np.ndarray:
        """The rows, each hit's candidates best first: the analysts' choice, then by score."""
        return np.lexsort((self.tie_break, -score, self.hit_then_analyst))

    def mentions(self, reasons: bool = True) -> list[Mention]:
        """Weigh in rounds until the best guesses settle (at most ROUNDS), then decide."""
        if len(self.row_place) == len(self.hits):
            guesses = self.row_place  # every name with one place: nothing to choose
        else:
            # Round 1 weighs each name alone: by the score it has before any other place counts.
            guesses = self.row_place[self._order(np.round(self.fixed_score, 4))[self.first_rows]]
        previous = None
        for round_number in range(ROUNDS - 1):
            scored = self._score(self._anchors(guesses), self._focus(guesses))
            new_guesses = self.row_place[scored["order"][self.first_rows]]
            if np.array_equal(new_guesses, guesses):
                break
            if previous is not None and np.array_equal(new_guesses, previous):
                # Flipping between two guesses, each name chasing where the others were ("Uspenivka and Novomykolaivka":
                # both near Odesa, then both in Zaporizhzhia Oblast, never together): half the names move at a time.
                moving = self.name_of_hit % 2 == round_number % 2
                new_guesses = np.where(moving, new_guesses, guesses)
            previous, guesses = guesses, new_guesses
        return self._mentions(scored, reasons)

    def _mentions(self, scored: dict[str, np.ndarray], reasons: bool) -> list[Mention]:
        """The mentions, each with its candidates (best first) and, if asked, the reasons for them."""
        places, order = self.gazetteer.places, scored["order"]
        bounds = [*self.first_rows.tolist(), len(order)]
        if reasons:
            columns = [self.row_place, scored["score"], self.exact, self.own, self.analyst, self.admin, self.unit, scored["count"],
                       scored["nearest"], scored["closest"], scored["proximity"], scored["focus"], scored["country"],
                       scored["out_of_place"]]
            candidates = [self._candidate(places[row[0]], *row[1:]) for row in zip(*(c[order].tolist() for c in columns))]
        else:
            columns = [self.row_place, scored["score"], self.analyst, scored["out_of_place"]]
            candidates = [Candidate(places[place], score, [], analyst, out_of_place)
                          for place, score, analyst, out_of_place in zip(*(c[order].tolist() for c in columns))]
        decided, prominent = self._decided(scored)
        for best, is_prominent in zip(bounds, prominent.tolist()):
            if is_prominent and reasons:
                candidates[best].reasons.append("the prominent place of this name in the theatre; nothing in the text decides")
        return [Mention(hit.start, hit.end, hit.surface, candidates[best].place if decided else None,
                        round(candidates[best].score - PROMINENCE_DISCOUNT * is_prominent, 4), candidates[best:end])
                for hit, decided, is_prominent, best, end in zip(self.hits, decided.tolist(), prominent.tolist(), bounds, bounds[1:])]

    def _decided(self, scored: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        """Per hit, does its best candidate clearly lead? The analysts' choice over any other,
        else by CLEAR_MARGIN over the next that fits the text, else by prominence; never one that is out of
        place. Also, per hit, whether prominence alone decided it."""
        order = scored["order"]
        score, analyst, out_of_place = scored["score"][order], self.analyst[order], scored["out_of_place"][order]
        # The rival: the first candidate after the best that fits the text (none: beyond the hit's rows).
        n_rows = len(order)
        fitting = np.where(out_of_place, n_rows, np.arange(n_rows))
        next_fitting = np.append(np.minimum.accumulate(fitting[::-1])[::-1], n_rows)
        best = self.first_rows
        rival = next_fitting[best + 1]
        has_rival = rival < np.append(best[1:], n_rows)
        rival = np.minimum(rival, n_rows - 1)  # (read, not used, where there is none)
        leads = ~has_rival | (analyst[best] & ~analyst[rival]) | (score[best] - score[rival] >= CLEAR_MARGIN)
        prominent = self._prominent(order, best, rival) & ~leads
        return (analyst[best] | ~out_of_place[best]) & (leads | prominent), prominent

    def _prominent(self, order: np.ndarray, best: np.ndarray, rival: np.ndarray) -> np.ndarray:
        """Per hit, is its best candidate the prominent place of that name in the theatre (see PROMINENCE)?"""
        g, place = self.gazetteer, self.row_place[order]
        population = g._population[place]
        return (g._in_theatre[place[best]] & ~g._is_region[place[best]] & (population[best] >= NOTABLE_POPULATION)
                & (population[best] >= PROMINENCE * population[rival]))

    def _candidate(self, place: Place, score: float, exact: bool, own: bool, analyst: bool, admin: float,
                   unit: bool, count: int, nearest: float, closest: int, proximity: float, focus: int, country: bool,
                   out_of_place: bool) -> Candidate:
        reasons = ["exact spelling" if exact else "inflected form",
                   "its own name" if own else "an alternate name",
                   f"population {place.population:,}" if place.population else "population unknown"]
        if count:
            reasons.append(f"{nearest:.0f} km from {self.gazetteer.places[closest].name}"
                           f" (mean closeness {proximity:.2f} to {count} places in the text)")
        if admin == 1.0:
            reasons.append(f"text names its region: {place.admin1}")
        elif admin < 0:
            reasons.append(f"text names another region for it, not {place.admin1}")
        elif admin:
            reasons.append(f"{place.admin1} is named in the text")
        if unit:
            reasons.append(f"text names its raion or hromada: {place.raion}, {place.hromada}")
        focus_code = self.gazetteer._countries[focus] if focus >= 0 else None
        if country:
            reasons.append(f"in {focus_code}, the country of the text's other places")
        if out_of_place and admin >= 0:
            reasons.append(f"a small place outside {focus_code}, far from the text's other places")
        if analyst:
            reasons.insert(0, "an analyst's override gives it this name")
        return Candidate(place, score, reasons, analyst, out_of_place)


def _read_overrides(path: Path | None, extra: pd.DataFrame | None) -> pd.DataFrame:
    frames = []
    if path is not None and Path(path).exists():
        frames.append(pd.read_csv(path, dtype=str, keep_default_na=False, comment="#"))
    if extra is not None and len(extra):
        frames.append(extra.astype(str).replace({"nan": "", "<NA>": "", "None": ""}))
    if not frames:
        return pd.DataFrame(columns=list(OVERRIDE_COLUMNS))
    frame = pd.concat(frames, ignore_index=True).reindex(columns=list(OVERRIDE_COLUMNS)).fillna("")
    return frame.apply(lambda column: column.str.strip())


def _override_id(row) -> int:
    try:
        return int(float(row.geonameid))
    except ValueError:
        raise ValueError(f"override {row.alias or row.name!r}: geonameid {row.geonameid!r} is not a number") from None


def _apply_overrides(frame: pd.DataFrame, overrides: pd.DataFrame
                     ) -> tuple[pd.DataFrame, dict[int, list[str]], dict[int, list[str]]]:
    """Add the overrides' new places to the rows; return them with the GeoNames alternate
    names per place and the names analysts gave per place (aliases, and the names of the
    places they added). A row that cannot be read is a clear ValueError naming it."""
    admin1_codes = dict(zip(zip(frame["country_code"], frame["admin1"]), frame["admin1_code"]))
    new_rows = []
    for row in overrides.itertuples():
        if not row.name:
            continue
        lat, lon = checked_point(f"override {row.name!r}", row.lat, row.lon)
        if row.feature not in ("", "settlement", "region"):
            raise ValueError(f"override {row.name!r}: feature must be settlement or region, not {row.feature!r}")
        geonameid = _override_id(row) if row.geonameid else override_id(row.name, lat, lon)
        new_rows.append({"geonameid": geonameid, "name": row.name, "ascii_name": names.ascii_name(row.name),
                         "alternate_names": row.alias if row.alias != row.name else "", "lat": lat,
                         "lon": lon, "country_code": row.country_code.upper(),
                         "admin1_code": admin1_codes.get((row.country_code.upper(), row.admin1), ""),
                         "admin1": row.admin1, "feature": row.feature or "settlement", "population": 0,
                         "raion": "", "hromada": "", "location_precision": "exact", "placed_at": ""})
    # An analyst's pin for a known place (a village placed approximately, or unplaced) moves it and
    # keeps what was known of it: its other names, raion and hromada. Its own name does not become the
    # analyst's choice (a pinned Andriivka is not every Andriivka); an alias given beside it does.
    known_rows = frame.set_index("geonameid")
    analyst_names: dict[int, list[str]] = defaultdict(list)
    for new in new_rows:
        analyst_names[new["geonameid"]] += list(filter(None, [new["alternate_names"]]))
        if new["geonameid"] in known_rows.index:
            old = known_rows.loc[new["geonameid"]]
            new["alternate_names"] = ALIAS_SEPARATOR.join(filter(None, [old["alternate_names"], new["alternate_names"]]))
            new["raion"], new["hromada"] = old["raion"], old["hromada"]
            new["population"] = int(old["population"])
        else:
            analyst_names[new["geonameid"]].insert(0, new["name"])
    if new_rows:
        frame = pd.concat([frame[~frame["geonameid"].isin([r["geonameid"] for r in new_rows])],
                           pd.DataFrame(new_rows)], ignore_index=True)
    aliases = {int(gid): alts.split(ALIAS_SEPARATOR) for gid, alts in zip(frame["geonameid"], frame["alternate_names"])
               if alts}
    known = set(frame["geonameid"].astype(int))
    for row in overrides.itertuples():
        if row.alias and not row.name:
            if not row.geonameid:
                raise ValueError(f"override alias {row.alias!r}: give the geonameid of its place, or name/lat/lon")
            geonameid = _override_id(row)
            if geonameid not in known:
                raise ValueError(f"override alias {row.alias!r}: no place with geonameid {geonameid}")
            analyst_names[geonameid].append(row.alias)
    return frame, aliases, dict(analyst_names)


def _with_border_places(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows with the curated villages of Russia's border regions (see border_places) beside them."""
    border = border_places()
    if border.empty:
        return frame
    admin1_codes = dict(zip(zip(frame["country_code"], frame["admin1"]), frame["admin1_code"]))
    border["admin1_code"] = [admin1_codes.get(key, "") for key in zip(border["country_code"], border["admin1"])]
    return pd.concat([frame, border.reindex(columns=list(GAZETTEER_COLUMNS))], ignore_index=True)


def _cache_key(path: Path, overrides: pd.DataFrame) -> str:
    """Changes with the gazetteer file, the overrides, and the code that keys and indexes names."""
    digest = hashlib.sha256()
    for module in (names.__file__, __file__):
        digest.update(Path(module).read_bytes())
    stat = path.stat()
    digest.update(f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    digest.update(overrides.to_csv(index=False).encode())
    if BORDER_PLACES_PATH.exists():
        digest.update(BORDER_PLACES_PATH.read_bytes())
    return digest.hexdigest()[:20]


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except FileNotFoundError:  # another process pruned it first
        return 0.0


def load_gazetteer(path: str | Path | None = None, overrides_path: str | Path | None = None,
                   extra_overrides: pd.DataFrame | None = None) -> Gazetteer:
    """The gazetteer from `path` (default: the committed gazetteer.csv) with the
    overrides file and `extra_overrides` (the store's override rows) on top."""
    path = Path(path or GAZETTEER_PATH)
    if not path.exists():
        raise FileNotFoundError(f"{path} not found: run `python -m claimmap gazetteer build`")
    overrides = _read_overrides(Path(overrides_path) if overrides_path else OVERRIDES_PATH, extra_overrides)
    cache = CACHE_DIR / f"gazetteer-{_cache_key(path, overrides)}.pickle"
    try:
        with cache.open("rb") as handle:
            index = pickle.load(handle)
        os.utime(cache)  # recently used: kept by the pruning below
        return Gazetteer(index)
    except FileNotFoundError:
        pass  # not built yet, or pruned by another process just now: build below
    except (pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass  # stale cache: rebuild below
    # (An unplaced village's empty lat/lon is NaN; an older file without the KATOTTG columns has only exact points.)
    frame = pd.read_csv(path, dtype={"admin1_code": str, "alternate_names": str}, keep_default_na=False,
                        na_values={"lat": [""], "lon": [""]})
    frame = frame.reindex(columns=list(GAZETTEER_COLUMNS)).fillna(
        {"raion": "", "hromada": "", "location_precision": "exact", "placed_at": ""})
    frame = _with_border_places(frame)
    index = _Index(*_apply_overrides(frame, overrides))
    # Other processes may build the same index at the same time: each writes its own temporary file.
    write_atomically(cache, lambda handle: pickle.dump(index, handle, protocol=pickle.HIGHEST_PROTOCOL))
    # Keep the few most recently used indexes (with and without the store's overrides).
    for stale in sorted(CACHE_DIR.glob("gazetteer-*.pickle"), key=_mtime)[:-CACHE_KEEP]:
        stale.unlink(missing_ok=True)
    return Gazetteer(index)
