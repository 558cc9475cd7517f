"""The gazetteer: places, their names, and finding them in report text.

`Gazetteer.find_mentions(text)` finds every mention in one pass (the matcher) and then
disambiguates each in the context of the whole text; every candidate carries its
score and the reasons for it, and a mention whose best candidate is not clearly
best stays unresolved (`place is None`) with its candidates. `resolve` and `search`
answer for one name, typos included."""
from __future__ import annotations

import math

import numpy as np
from geopy.distance import EARTH_RADIUS
from rapidfuzz import fuzz, process

from claimmap import names
from claimmap.gazetteer.disambiguation import Disambiguation
from claimmap.gazetteer.index import Index
from claimmap.gazetteer.matcher import Matcher, without_cycle_collection
from claimmap.gazetteer.places import Candidate, Mention, Place, Resolution, in_theatre
from claimmap.gazetteer.scene import WeighedName

# Fuzzy (typo) resolution: similarity 0-100 of the best name, and its lead.
FUZZY_MIN = 88
FUZZY_LEAD = 6


class Gazetteer(Matcher):
    """Places and their names; see the module doc."""

    def __init__(self, index: Index):
        super().__init__(index)
        self._by_id = {place.geonameid: i for i, place in enumerate(index.places)}
        # Per place, for weighing candidates as arrays (see Disambiguation).
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
        self._weighed_names: dict[tuple[str, str], WeighedName] = {}  # see scene.weighed_name
        self._raion_unit, self._hromada_unit = np.array(index.raion_unit), np.array(index.hromada_unit)
        self._in_theatre = np.array([in_theatre(place) for place in self.places])
        # Per settlement that names its oblast (see Index.oblast_namesakes), that oblast's region number.
        self._oblast_named_by = {index: self._region_list[region] for index, region in index.oblast_namesakes.items()}

    def __len__(self) -> int:
        return len(self.places)

    def names_of(self, place: Place) -> list[str]:
        """Every name `place` is found under (its own, alternates, overrides, region forms)."""
        index = self._by_id.get(place.geonameid)
        return [] if index is None else list(self._index.surfaces[index])

    def get(self, geonameid: int) -> Place | None:
        index = self._by_id.get(int(geonameid))
        return None if index is None else self.places[index]

    def _great_circle_km(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Great-circle distances between places (index arrays), as geopy's great_circle
        (same Earth radius) but for whole arrays at once: "near" is a matter of km, not mm.
        From the chord between the places' points on the unit sphere."""
        x, y, z = self._unit
        chord = np.sqrt(np.square(x[b] - x[a]) + np.square(y[b] - y[a]) + np.square(z[b] - z[a]))
        return 2 * EARTH_RADIUS * np.arcsin(np.minimum(chord / 2, 1.0))

    def _mentions(self, text: str, require_capital: bool = True, reasons: bool = True,
                  framed: tuple[int, ...] = ()) -> list[Mention]:
        hits = self.names_in(text, require_capital, framed)
        return Disambiguation(self, text, hits).mentions(reasons) if hits else []

    def find_mentions(self, text: str, reasons: bool = True) -> list[Mention]:
        """Every place mention in `text`, disambiguated in the context of the whole text.
        With `reasons=False` the candidates come without their reasons (empty lists), for
        callers that read only places and scores: writing the reasons out is a sixth of the time."""
        with without_cycle_collection():
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
        if not inside:  # a name given as one, though an ordinary word in prose ("Прогрес", "Опитне")
            inside = [m for m in self._mentions(f"{name}\n{context}", require_capital=False, framed=(0,))
                      if m.end <= len(name)]
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
