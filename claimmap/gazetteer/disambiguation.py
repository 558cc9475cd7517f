"""Disambiguation: the names found in one text weighed together, so that each resolves to the
place the text means, or stays unresolved with its candidates and the reasons for them."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np

from claimmap.gazetteer.cues import is_dateline
from claimmap.gazetteer.places import NOTABLE_POPULATION, Candidate, Mention, NameHit, Place
from claimmap.gazetteer.scene import (adjacent_regions, located_by_names, sentence_regions, units_named, villages_named,
                                      weighed_name)
from claimmap.reporttext import SPEAKS

if TYPE_CHECKING:
    from claimmap.gazetteer.resolver import Gazetteer

# A mention is resolved only when its best candidate leads the next by this much.
CLEAR_MARGIN = 0.08
PROXIMITY_KM = 100.0   # scale of "near": exp(-distance / PROXIMITY_KM)
# A small place (below NOTABLE_POPULATION) outside the country of a text's other
# places (two or more) and this far from all of them is no answer: a namesake of a
# village the gazetteer lacks ("Pylna" in Kharkiv Oblast is not Pil'na near Nizhny
# Novgorod). One other place is too little to say ("Moscow said its forces took Pisky", 900 km
# apart), unless the small place is named by another of its names and that far from it: a continent
# away ("liberated Novobakhmutivka and Solovyove" is no Solovjevsk, once Solovyovo, in Amur Oblast).
FAR_KM = 400.0
FAR_FROM_ONE_KM = 2_000.0
# Where nothing in the text decides between namesakes, the prominent one in the theatre of the war is meant
# ("Pokrovsk" alone is the Donetsk city of 60,000, not the Yakut town): a notable town of Ukraine or of Russia's
# border regions this many times larger than the next that fits, resolved with the reason said and a lower score.
PROMINENCE = 4
PROMINENCE_DISCOUNT = 0.05
# A raion or hromada the text names decides between namesakes: more than a village's population prior
# (0.40 * log10(5,000) / 6 = 0.25) can say for another.
UNIT_WEIGHT = 0.30
# A settlement the text places a name by ("X, south of Y", "X під Y") counts as much as all its other places:
# LOCATED_WEIGHT * exp(-distance / PROXIMITY_KM) from the place it names.
LOCATED_WEIGHT = 0.25
# Namesakes this close together stand on the map where the text means, whichever it is (two Zaitseves of one
# raion 15 km apart): the best is taken when it leads every namesake farther away, not each of these.
NEAR_NAMESAKES_KM = 20.0
MAX_ANCHORS = 20       # other places, nearest in the text, that vote on a mention
WALK_STEPS = 4 * MAX_ANCHORS  # other names looked at, walking outwards, to find them
CHUNK = 1024           # names weighed at once in a long text (bounds the arrays' memory)
ROUNDS = 4             # of disambiguation, each near the previous round's best guesses
_SPEAKS_AS_WRITTEN = re.compile(SPEAKS.pattern, re.IGNORECASE)  # a few names per text: no lower-cased copy of it


class Disambiguation:
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
        weighed = [weighed_name(gazetteer, hit) for hit in hits]
        adjacent, qualifiers = adjacent_regions(gazetteer, text, hits, weighed)
        # Regions named on their own set the scene; one that qualifies a name
        # ("Kupyansk, Kharkiv Oblast") says nothing about the others.
        regions = set().union(*(name.region_alone for at, name in enumerate(weighed) if at not in qualifiers))
        name_ids: dict[frozenset, int] = {}
        self.name_of_hit = np.array([name_ids.setdefault(name.places, len(name_ids)) for name in weighed])
        self.n_names = len(name_ids)
        rows = np.concatenate([name.rows for name in weighed], axis=1)
        self.row_hit = np.repeat(np.arange(len(hits)), [name.rows.shape[1] for name in weighed])
        self.row_place = rows[0]
        self.first_rows = np.searchsorted(self.row_hit, np.arange(len(hits)))  # each hit's rows, best first once ranked
        self.exact, self.own, self.analyst = rows[1:].astype(bool)
        self.name_of_row = self.name_of_hit[self.row_hit]
        # What does not change from round to round.
        self.country = gazetteer._country[self.row_place]
        self.small = ((gazetteer._population[self.row_place] < NOTABLE_POPULATION)
                      & ~gazetteer._is_region[self.row_place])
        in_sentence = sentence_regions(gazetteer, text, hits, weighed, qualifiers)
        self.admin = self._admin(regions, in_sentence, {name_ids[places]: near for places, near in adjacent.items()})
        # English does not inflect names: a Latin word that meets a place only through a case ending
        # ("Nevelske", the village, against Nevel'sk on Sakhalin) is weak evidence for it, whatever its size.
        latin = np.array([name.latin for name in weighed])
        self.latin_inflected = latin[self.row_hit] & ~self.exact
        # ... and no evidence at all where the word is letter for letter another place's name ("Umanske", the village,
        # is no case of Umanskaya, a former name of a Kuban town): such a place scores only its closeness, never wins.
        has_exact = np.bincount(self.row_hit, weights=self.exact, minlength=len(hits)) > 0
        self.latin_outdone = self.latin_inflected & has_exact[self.row_hit]
        self.other_region = self.admin < 0
        # The raion or hromada the text names ("Andriivka, Bakhmut raion": one of dozens of Andriivkas, most
        # of them KATOTTG villages of unknown population, which the prior gives nothing).
        units = units_named(gazetteer, text)
        self.unit = (np.isin(gazetteer._raion_unit[self.row_place], units)
                     | np.isin(gazetteer._hromada_unit[self.row_place], units)) if len(units) else np.zeros(len(rows[0]), dtype=bool)
        # A population 16 times larger alone makes a clear lead (0.40 * log10(16) / 6 = 0.08).
        self.fixed_score = (0.40 * gazetteer._prior[self.row_place] + 0.15 * self.admin + 0.07 * self.exact
                            + 0.08 * self.own + UNIT_WEIGHT * self.unit) * ~self.latin_outdone
        self.tie_break = gazetteer._tie_rank[self.row_place]
        # Candidates are ranked within their hit, the analysts' choice first.
        self.hit_then_analyst = 2 * self.row_hit + ~self.analyst
        # A dateline's place is weighed like any other, but pulls no other name towards it; nor does a capital that
        # speaks for its government ("Moscow claims gains", "Kyiv said").
        self.anchoring = np.array([not ((name.capitals and is_dateline(text, hit)) or _SPEAKS_AS_WRITTEN.match(text, hit.end))
                                   for hit, name in zip(hits, weighed)])
        self.walks = self._walks(np.array([hit.start for hit in hits], dtype=np.int64))
        self.located_by = located_by_names(text, hits, weighed)
        self.any_located = bool((self.located_by >= 0).any())
        # "The village of X" is none of the towns of that name (10,000 people or more).
        self.not_a_village = (villages_named(text, hits)[self.row_hit] & ~self.small
                              & ~gazetteer._is_region[self.row_place])

    def _admin(self, regions: set[int], in_sentence: list[frozenset[int]], near_regions: dict[int, set[int]]
               ) -> np.ndarray:
        """Per row, the text's word on the place's region: 1 it names this one right after
        the name, -1 it names another there ("Makarivka, Donetsk Oblast" is no Makarivka in
        Kherson Oblast); likewise for a region named in the name's sentence, where the name
        has a place there (1), except that a notable town elsewhere keeps 0 ("Lyman" beside
        "fighting in Luhansk Oblast" may still be the town); a share where `regions` set the
        scene, else 0."""
        g = self.gazetteer
        row_region, settlement = g._region[self.row_place], ~g._is_region[self.row_place]
        admin = np.zeros(len(self.row_place))
        if regions:
            in_scene = np.zeros(g._n_regions, dtype=bool)
            in_scene[list(regions)] = True
            admin[in_scene[row_region] & settlement] = 0.75 / len(regions)
        named_here = np.zeros(g._n_regions, dtype=bool)  # a lookup per region: np.isin sorts, for a handful of rows
        for hit, named in enumerate(in_sentence):
            if named:
                rows = slice(self.first_rows[hit], self.first_rows[hit + 1] if hit + 1 < len(self.hits) else None)
                named_here[:] = False
                named_here[list(named)] = True
                inside = named_here[row_region[rows]] & settlement[rows]
                if inside.any():
                    admin[rows] = np.where(inside, 1.0, np.where(self.small[rows], -1.0, admin[rows]))
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

    def _located(self, guesses: np.ndarray) -> np.ndarray:
        """Per row, its closeness (0-1) to the current guess of the settlement the text places its name by (0 for none)."""
        g = self.gazetteer
        if not self.any_located:  # most texts place no name by another: no arrays to weigh in every round
            return np.zeros(len(self.row_hit))
        by = self.located_by[self.row_hit]
        reference = guesses[np.maximum(by, 0)]
        valid = np.flatnonzero((by >= 0) & g._placed[reference] & g._placed[self.row_place] & ~g._is_region[reference])
        located = np.zeros(len(by))
        located[valid] = np.exp(-g._great_circle_km(self.row_place[valid], reference[valid]) / PROXIMITY_KM)
        return located

    def _score(self, anchors: np.ndarray, focus: np.ndarray, guesses: np.ndarray) -> dict[str, np.ndarray]:
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
        out_of_place = (((row_focus >= 0) & ~country & far & (self.small | self.latin_inflected)) | far_inflected
                        | self.other_region | self.latin_outdone)
        located = self._located(guesses)
        score = np.round((self.fixed_score + 0.25 * proximity + 0.10 * country + LOCATED_WEIGHT * located)
                         * ~self.not_a_village, 4)
        return {"score": score, "proximity": proximity, "located": located, "nearest": nearest, "count": count, "closest": closest,
                "country": country, "out_of_place": out_of_place, "order": self._order(score), "focus": row_focus}

    def _order(self, score: np.ndarray) -> np.ndarray:
        """The rows, each hit's candidates best first: the analysts' choice, then those the text does not place in
        another region ("Dobropillia in Zaporizhzhia" is the village there, not the larger Donetsk town), then by score."""
        return np.lexsort((self.tie_break, -score, self.other_region, self.hit_then_analyst))

    def mentions(self, reasons: bool = True) -> list[Mention]:
        """Weigh in rounds until the best guesses settle (at most ROUNDS), then decide."""
        if len(self.row_place) == len(self.hits):
            guesses = self.row_place  # every name with one place: nothing to choose
        else:
            # Round 1 weighs each name alone: by the score it has before any other place counts.
            guesses = self.row_place[self._order(np.round(self.fixed_score, 4))[self.first_rows]]
        previous = None
        for round_number in range(ROUNDS - 1):
            scored = self._score(self._anchors(guesses), self._focus(guesses), guesses)
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
                       scored["out_of_place"], self.latin_outdone, scored["located"], self.not_a_village]
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
        # The rival: the first candidate after the best that fits the text and stands apart from it (none: beyond
        # the hit's rows).
        n_rows = len(order)
        fitting = np.where(out_of_place | self._near_the_best(order), n_rows, np.arange(n_rows))
        next_fitting = np.append(np.minimum.accumulate(fitting[::-1])[::-1], n_rows)
        best = self.first_rows
        rival = next_fitting[best + 1]
        has_rival = rival < np.append(best[1:], n_rows)
        rival = np.minimum(rival, n_rows - 1)  # (read, not used, where there is none)
        leads = ~has_rival | (analyst[best] & ~analyst[rival]) | (score[best] - score[rival] >= CLEAR_MARGIN)
        prominent = self._prominent(order, best, rival, scored["country"]) & ~leads
        return (analyst[best] | ~out_of_place[best]) & (leads | prominent), prominent

    def _near_the_best(self, order: np.ndarray) -> np.ndarray:
        """Per row (in `order`), is its place within NEAR_NAMESAKES_KM of its hit's best candidate, in its region (one
        point given to two villages of different oblasts is a mistake of the data, not nearness)?"""
        g = self.gazetteer
        place = self.row_place[order]
        best = place[self.first_rows[self.row_hit[order]]]
        placed = np.flatnonzero(g._placed[place] & g._placed[best] & (g._region[place] == g._region[best]))
        near = np.zeros(len(order), dtype=bool)
        near[placed] = g._great_circle_km(place[placed], best[placed]) <= NEAR_NAMESAKES_KM
        return near

    def _prominent(self, order: np.ndarray, best: np.ndarray, rival: np.ndarray, country_of: np.ndarray) -> np.ndarray:
        """Per hit, is its best candidate the prominent place of that name in the theatre (see PROMINENCE)?"""
        g, place = self.gazetteer, self.row_place[order]
        population, admin, country = g._population[place], self.admin[order], country_of[order]
        # The text is silent only where the rival fits its regions and country no better ("Borysivka" beside
        # "Kharkiv Oblast" and its villages is the village there, not the Belgorod town of the name).
        silent = (admin[rival] <= admin[best]) & (country[rival] <= country[best])
        return (g._in_theatre[place[best]] & ~g._is_region[place[best]] & (population[best] >= NOTABLE_POPULATION)
                & (population[best] >= PROMINENCE * population[rival]) & silent)

    def _candidate(self, place: Place, score: float, exact: bool, own: bool, analyst: bool, admin: float,
                   unit: bool, count: int, nearest: float, closest: int, proximity: float, focus: int, country: bool,
                   out_of_place: bool, latin_outdone: bool, located: float, not_a_village: bool) -> Candidate:
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
        if located:
            reasons.append(f"closeness {located:.2f} to the settlement the text places it by")
        if not_a_village:
            reasons.append("the text calls it a village: no town of this size")
        focus_code = self.gazetteer._countries[focus] if focus >= 0 else None
        if country:
            reasons.append(f"in {focus_code}, the country of the text's other places")
        if latin_outdone:
            reasons.append("a Latin word meets it only through a case ending, and another place by its very spelling")
        elif out_of_place and admin >= 0:
            reasons.append(f"a small place outside {focus_code}, far from the text's other places")
        if analyst:
            reasons.insert(0, "an analyst's override gives it this name")
        return Candidate(place, score, reasons, analyst, out_of_place)
