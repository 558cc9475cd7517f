"""The index: every name of every place, keyed (`names.key`) in one Aho-Corasick automaton.
Slow to build (keying about 100,000 names); `loading` pickles it in the cache."""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable

import ahocorasick
import pandas as pd
from rapidfuzz import fuzz

from claimmap import names, translit
from claimmap.gazetteer.cues import script, settlement_nouns
from claimmap.gazetteer.places import NOTABLE_POPULATION, Place
from claimmap.gazetteer_build import region_base

# What follows a region's base name in reports: "Kharkiv Oblast", "the Kharkiv
# regions", "Donetsk People's Republic" (a self-declared republic claims the oblast).
REGION_WORDS = ("Oblast", "region", "province", "Krai", "People's")
# A name that is an ordinary word (Zipf frequency >= 3.5, i.e. more than about 3
# in a million words) of its script's languages names no place...
COMMON_WORD_LANGUAGES = {"latin": ("en",), "cyrillic": ("ru", "uk")}
COMMON_WORD_ZIPF = 3.5
# ...unless it names a notable town, frequent for being one ("Херсона", "Харьков"),
# and is not among the very commonest words ("России" is Russia, not the village Rossa).
VERY_COMMON_ZIPF = 4.5
# A Russian/Ukrainian word this common, written in Latin letters, is that word (a
# title's or a name's: "Pravda"), not a village of that name.
TRANSLITERATED_ZIPF = 5.5
# At the start of a sentence, where every word is capitalised, a rarer word in an
# inflected form suffices ("Штурмовые группы..." is no village Shturmove).
SENTENCE_START_ZIPF = 2.5
ORDINARY = "ordinary"  # a name that is an ordinary word (see Index._usable)
# An alternate name of a small place that is another name, not another spelling of
# its own (more or fewer words, or skeleton similarity below this, 0-100), is a former
# name or a nearby feature's ("Khortytsia", the island, for the village Nove
# Zaporizhzhya): not indexed. A notable place's other names count as its own, unless other
# settlements bear them (see Index.other_name_standing).
OTHER_NAME_SIMILARITY = 50
# A notable place's other name that one other settlement bears as its own still counts as the
# notable place's own when that settlement is this many times smaller ("Krasnyi Lyman", Lyman's
# former name, and a village of 592): the lead that population alone gives (see CLEAR_MARGIN).
DWARFED = 16
# A name this many settlements of a town's country bear, villages of unknown population included, is a common
# village name, not the town's other name.
COMMON_VILLAGE_NAME = 3


# A raion or hromada as reports write it: "Bakhmut raion", "the Pokrovsk district", "Бахмутского
# района", "Андріївської громади" (the unit's word after its name, in any case). The name's letters are taken
# whole (`++`): no shorter run of them is followed by a space, so backing off one at a time at each capital is lost work.
UNIT_NAMED = re.compile(r"([A-ZА-ЯЁІЇЄҐ][\w'’-]++)\s+(?:(raion|rayon|district|(?i:район)\w*)|hromada|community|(?i:громад)\w*)\b")
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
        adjectives = _region_adjectives(base)
    return [f"{adjective} область" for adjective in adjectives] + _region_nouns(base)


def _region_adjectives(base: str) -> list[str]:
    """The Ukrainian and Russian adjectives of a centre's name, with the consonant changes before -ськ-: Тернопіль /
    Тернопільська, Тернопольская; Одеса / Одеська, Одесская; Суми / Сумська; Запоріжжя / Запорізька,
    Запорожская; Вінниця / Вінницька, Винницкая."""
    stem = re.sub(r"(.)\1?[аяеоіиїы]$", r"\1", base)  # Запоріжжя -> Запоріж, Суми -> Сум, Одеса -> Одес
    russian = stem.removesuffix("ь")
    ukrainian = re.sub(r"[жзг]$", "з", stem)
    return [ukrainian + ("ька" if ukrainian.endswith(("с", "ц", "з")) else "ська"),
            russian + ("кая" if russian.endswith(("с", "ц")) else "ская")]


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
    for script_name, languages in COMMON_WORD_LANGUAGES.items():
        words = common[script_name] = {}
        for language in languages:
            for word, frequency in wordfreq.get_frequency_dict(language).items():
                zipf = math.log10(frequency) + 9  # Zipf = log10(frequency per billion words)
                if zipf >= SENTENCE_START_ZIPF:
                    folded = names.fold(word).strip()
                    words[folded] = max(zipf, words.get(folded, 0.0))
    return common


def _another_name(alias: str, place: Place) -> bool:
    """Is `alias` another name of `place` (a former name, a nearby feature's), not a
    spelling of its own ("Artemivsk" or "Krasnyi Lyman", not "Bakhmout" or "Liman")? A Russian root is a
    spelling ("Победа" of the village Перемога, as "Волчье" of Вовче)."""
    return all(alias_skeleton.count(" ") != own_skeleton.count(" ")
               or fuzz.ratio(alias_skeleton, own_skeleton) < OTHER_NAME_SIMILARITY
               for own_skeleton in (names.skeleton(place.name), names.skeleton(place.ascii_name))
               for alias_skeleton in {names.skeleton(alias), names.skeleton(translit.with_ukrainian_roots(alias))})


class Index:
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
        ordinary: dict[str, set[tuple[int, str, bool]]] = defaultdict(set)
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
            chosen = analyst_names.get(place.geonameid, [])
            for alias in chosen:
                self.analyst_choice[names.key(alias)].add(index)
            names_given = self._aliases(place, aliases.get(place.geonameid, []), settlement_keys, city_bases)
            self.surfaces.append(self._add_names(index, dict.fromkeys(names_given + chosen), chosen, entries, ordinary))
        self.entries = {k: sorted(v) for k, v in entries.items()}
        # Stem key -> the settlements an ordinary word names ("Прогрес", "Опитне"): found only where framed.
        self.ordinary = {k: sorted(v) for k, v in ordinary.items()}
        self.analyst_choice = dict(self.analyst_choice)
        # Per place, its raion's and its hromada's key (see unit_key) as a number, -1 for none.
        self.unit_ids: dict[str, int] = {}
        self.raion_unit, self.hromada_unit = (
            [self.unit_ids.setdefault(unit_key(unit, kind), len(self.unit_ids)) if unit else -1
             for unit in (getattr(place, kind) for place in self.places)] for kind in ("raion", "hromada"))
        self.oblast_namesakes = self._oblast_namesakes()
        self.folded_names = sorted({folded for v in self.entries.values() for _, folded, _ in v})
        # The settlement nouns' keys ("село", "посёлка"): found in the same pass, they frame ordinary-word names.
        self.noun_keys = frozenset(names.key(noun) for noun in settlement_nouns())
        self.automaton = ahocorasick.Automaton()
        for stem_key in [*self.entries, *(self.noun_keys - self.entries.keys())]:
            # Single spaces round the pattern: the key has two between words, so
            # adjacent names do not overlap; the word count maps back to the text.
            self.automaton.add_word(" " + stem_key.strip() + " ", (stem_key, stem_key.count("  ") - 1))
        self.automaton.make_automaton()

    def _add_names(self, index: int, aliases: Iterable[str], chosen: list[str],
                   entries: dict[str, set[tuple[int, str, bool]]], ordinary: dict[str, set[tuple[int, str, bool]]]
                   ) -> list[str]:
        """Index place `index` under `aliases` (its case forms too, in Cyrillic), its own names as its own;
        the analysts' `chosen` names always. Returns the names it is found under."""
        place = self.places[index]
        own = {names.fold(place.name), names.fold(place.ascii_name)}
        usable = []
        for alias in aliases:
            folded = names.fold(alias)
            usability = self._usable(alias, folded, place)
            if usability == ORDINARY and place.feature != "region":
                ordinary[names.stem(folded)].add((index, folded, folded in own))  # "Прогрес": see Matcher
            elif usability:
                own_name = folded in own
                other_name = (not own_name and place.feature != "region" and _another_name(alias, place)
                              and alias not in chosen)
                if other_name:
                    standing = self.other_name_standing(index, folded)
                    if standing is None:
                        continue
                    own_name = standing
                entries[names.stem(folded)].add((index, folded, own_name))
                if script(alias) == "cyrillic":  # "у Часовому Яру", "в Авдіївці": see names.case_forms
                    # (Not an other name's g spelling: its standing was weighed under its h spelling alone.)
                    for form in [*names.case_forms(folded, alias.lower()), "" if other_name else names.g_spelling(alias)]:
                        if form:
                            entries[names.stem(form)].add((index, form, own_name))
                usable.append(alias)
        return usable

    def _oblast_namesakes(self) -> dict[int, int]:
        """Per settlement that gives its region its name (Zaporizhzhia, Kharkiv, Kursk), the region's place index:
        "captured X and Y in Zaporizhzhia" names the oblast, not the city."""
        bases = {(place.country_code, place.admin1_code, names.skeleton(region_base(place.name))): index
                 for index, place in enumerate(self.places) if place.feature == "region"}
        return {index: bases[key] for index, place in enumerate(self.places) if place.feature != "region"
                and (key := (place.country_code, place.admin1_code, names.skeleton(place.name))) in bases}

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

    def _usable(self, alias: str, folded: str, place: Place) -> bool | str:
        """Too short: never a mention (False). An ordinary word (unless a notable place's name): ORDINARY,
        a mention only where a settlement noun frames it. Else True."""
        letters = folded.replace(" ", "")
        if len(letters) < 3 or (len(letters) == 3 and alias != place.name):
            return False
        if folded.count("  ") != 2:
            return True
        zipf = self.zipf(alias, folded)
        return zipf < COMMON_WORD_ZIPF or (place.population >= NOTABLE_POPULATION and zipf < VERY_COMMON_ZIPF) or ORDINARY

    def zipf(self, text: str, folded: str) -> float:
        """How ordinary a word `text` is in its script's languages (0: not an ordinary word)."""
        return self.common[script(text)].get(folded.strip(), 0.0)
