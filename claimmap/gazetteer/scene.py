"""What a text says round its place names, for the weighing: the places each name may be (once per
gazetteer), the regions written right after a name or list, the regions named in each sentence, and the
raions and hromadas named."""
from __future__ import annotations

import re
from collections import defaultdict
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from claimmap.gazetteer.cues import kind_in, located_by, script, village_nouns
from claimmap.gazetteer.index import UNIT_NAMED, unit_key
from claimmap.gazetteer.matcher import MEMO_LIMIT
from claimmap.gazetteer.places import NameHit
from claimmap.lexiconfile import list_join

if TYPE_CHECKING:
    from claimmap.gazetteer.resolver import Gazetteer


class WeighedName(NamedTuple):
    """A name as the weighing reads it (see `weighed_name`)."""
    places: frozenset[int]        # the places it may name: a name is the same name wherever in the text
    region_alone: frozenset[int]  # the region it names when that is its only place (else empty)
    regions: frozenset[int]       # the regions among its places
    rows: np.ndarray              # (place, exact?, own name?, the analysts' choice?) per place, as columns
    capitals: bool                # written in capitals (4+ letters): it may be a dateline
    latin: bool                   # written in Latin letters (English, which does not inflect names)
    oblasts: frozenset[int]       # the oblasts that its places name ("Kharkiv": Kharkiv Oblast), as region numbers

_LIST_JOIN = list_join()
# Between a name and the region written after it: "Lysychansk, Luhansk Oblast", "Lyman in Donetsk
# Oblast", or the rest of a list of names the gazetteer does not know ("Makarivka and Neskuchne in").
_BEFORE_REGION = re.compile(_LIST_JOIN.join(["(?:", r"[A-ZА-ЯЁІЇЄҐ][\w'’-]*(?:[\s-][A-ZА-ЯЁІЇЄҐ][\w'’-]*)?)*"])
                            + r"\s*,?\s*(?:in\s+)?(?:the\s+)?")
_LIST = re.compile(_LIST_JOIN)
_LOCATED_BY = located_by()
_VILLAGE_BEFORE, _VILLAGE_AFTER = village_nouns()
_VILLAGE_LOOKBACK = 30  # characters before a name where the noun that calls it a village stands
_IN = re.compile(r"\s+in\s+")
_KIND_IN = kind_in()
_KIND_IN_LOOKBACK = 20  # characters before a name where "the village in" stands
# Where a sentence ends: its stop (and closing quotes) before the next sentence's capital, or a line break.
# (Opening with one class of characters, so that `re` skips in C to where a sentence may end.)
_SENTENCE_END = re.compile(r"[\n.!?…](?:(?<=\n)|[.!?…]*[\"'»”)\]]*\s+(?=[\"'«“(\[]*[A-ZА-ЯЁІЇЄҐ0-9]))")


def sentence_regions(g: Gazetteer, text: str, hits: list[NameHit], weighed: list[WeighedName], qualifiers: set[int]
                     ) -> list[frozenset[int]]:
    """Per hit, the regions named on their own in its sentence ("на Донеччині ЗСУ звільнили X і Y", "X fell,
    the governor of Kursk Oblast said"); a region that qualifies a name ("Kupyansk, Kharkiv Oblast") is not one.
    English writes an oblast as the city that names it, after a settlement's kind and "in": "X was retaken; the
    village in Kharkiv had been occupied since March" ("officials in Kyiv" set no scene)."""
    named = [(hit.start, name.region_alone) for at, (hit, name) in enumerate(zip(hits, weighed))
             if name.region_alone and at not in qualifiers]
    for hit, name in zip(hits, weighed):
        if len(name.oblasts) != 1:
            continue  # (most names: no city that names its oblast)
        before = text[max(0, hit.start - _KIND_IN_LOOKBACK):hit.start].rstrip()  # "... in": looked for only there
        if before.endswith(("n", "N")) and _KIND_IN.search(text, max(0, hit.start - _KIND_IN_LOOKBACK), hit.start):
            named.append((hit.start, name.oblasts))
    if not named:
        return [frozenset()] * len(hits)
    ends = np.array([match.end() for match in _SENTENCE_END.finditer(text)], dtype=np.int64)
    sentence = np.searchsorted(ends, np.array([hit.start for hit in hits]), side="right").tolist()
    by_sentence: dict[int, frozenset[int]] = defaultdict(frozenset)
    for start, regions in named:
        at = int(np.searchsorted(ends, start, side="right"))
        by_sentence[at] = by_sentence[at] | regions
    return [by_sentence.get(at, frozenset()) for at in sentence]


def weighed_name(g: Gazetteer, hit: NameHit) -> WeighedName:
    """What a name gives the weighing, worked out once per gazetteer: its key and
    surface decide the places it may name (`Matcher._options`), and so its rows."""
    weighed = g._weighed_names.get((hit.key, hit.surface))
    if weighed is None:
        if len(g._weighed_names) >= MEMO_LIMIT:
            g._weighed_names.clear()
        chosen = g._index.analyst_choice.get(hit.key, ())
        rows = np.array([(index, exact, own, index in chosen) for index, (exact, own) in hit.options.items()],
                        dtype=np.int64).T
        regions = frozenset(g._region_of[i] for i in hit.options) - {None}
        weighed = g._weighed_names[hit.key, hit.surface] = WeighedName(
            frozenset(hit.options), regions if len(hit.options) == 1 else frozenset(), regions, rows,
            len(hit.surface) > 3 and hit.surface.isupper(), hit.surface.isascii() or script(hit.surface) == "latin",
            frozenset(g._oblast_named_by[i] for i in hit.options if i in g._oblast_named_by))
    return weighed


def adjacent_regions(g: Gazetteer, text: str, hits: list[NameHit], weighed: list[WeighedName]
                     ) -> tuple[dict[frozenset, set[int]], set[int]]:
    """Regions written right after a name ("Lysychansk, Luhansk Oblast"), per name
    (its places): one name in one text means one place, so every "Lysychansk" shares them,
    and so does another spelling that may mean the same place. Also the hits that so qualify
    a name (they set no scene for the others)."""
    adjacent: dict[frozenset, set[int]] = defaultdict(set)
    qualifiers: set[int] = set()
    ahead: frozenset[int] = frozenset()  # the region written after the list that follows a name
    for at in range(len(hits) - 2, -1, -1):
        hit, after, name, name_after = hits[at], hits[at + 1], weighed[at], weighed[at + 1]
        # (The patterns read the text between the names where it stands: no copy of it.)
        if len(name_after.regions) == 1 and _BEFORE_REGION.fullmatch(text, hit.end, after.start):
            ahead = name_after.regions
            qualifiers.add(at + 1)
        elif (at and _IN.fullmatch(text, hit.end, after.start) and _LIST.fullmatch(text, hits[at - 1].end, hit.start)
              and len(name_after.oblasts) == 1):
            # "retook Robotyne and Mala Tokmachka in Zaporizhzhia": villages listed "in" a city named as its oblast
            # are the oblast's (one name may be a part of the city: "near Khortytsia in Zaporizhzhia", the island).
            ahead = name_after.oblasts
        # A list between carries it back: "Blahodatne, Makarivka and Neskuchne in Donetsk Oblast".
        elif not (ahead and _LIST.fullmatch(text, hit.end, after.start)):
            ahead = frozenset()
        if ahead:
            adjacent[name.places] |= ahead
    if not adjacent:
        return adjacent, qualifiers
    # Another spelling of that name ("Лимане" after "Lyman, Donetsk Oblast") shares the region where
    # both may mean one of its places.
    qualified = list(adjacent.items())
    region = g._region_list
    for places in {name.places for name in weighed} - adjacent.keys():
        for other, near in qualified:
            if any(region[i] in near for i in places & other):
                adjacent[places] |= near
    return adjacent, qualifiers


def located_by_names(text: str, hits: list[NameHit], weighed: list[WeighedName]) -> np.ndarray:
    """Per hit, the hit of the settlement the text places it by ("Trostianets, south of Sumy", "село X під Y",
    "X, в 10 км от Y"), -1 for none: a namesake far from that one is not meant."""
    located = np.full(len(hits), -1, dtype=np.int64)
    for at in range(len(hits) - 1):
        if not weighed[at + 1].region_alone and _LOCATED_BY.fullmatch(text, hits[at].end, hits[at + 1].start):
            located[at] = at + 1
    return located


def villages_named(text: str, hits: list[NameHit]) -> np.ndarray:
    """Per hit, does the text call it a village ("the village of X", "село X", "X village"), the rest of a list
    after such a noun too ("villages of X and Y")?"""
    village = np.zeros(len(hits), dtype=bool)
    for at, hit in enumerate(hits):
        village[at] = bool(_VILLAGE_BEFORE.search(text, max(0, hit.start - _VILLAGE_LOOKBACK), hit.start)
                           or _VILLAGE_AFTER.match(text, hit.end)
                           or (at and village[at - 1] and _LIST.fullmatch(text, hits[at - 1].end, hit.start)))
    return village


def units_named(g: Gazetteer, text: str) -> np.ndarray:
    """The raions and hromadas the text names ("Andriivka, Bakhmut raion"), as unit numbers."""
    if "raion" not in text and "istrict" not in text and "айон" not in text and "ромад" not in text \
            and "rayon" not in text and "hromada" not in text and "ommunity" not in text:
        return np.empty(0, dtype=np.int64)
    found = {g._index.unit_ids.get(unit_key(match.group(1), "raion" if match.group(2) else "hromada"))
             for match in UNIT_NAMED.finditer(text)}
    return np.array(sorted(found - {None}), dtype=np.int64)
