"""The matcher: every gazetteer name in a text in one pass, as written, with the places it may
name, less the names that are persons, rivers or ordinary words there. No disambiguation yet."""
from __future__ import annotations

import gc
import re
from contextlib import contextmanager
from itertools import islice

import numpy as np

from claimmap import names
from claimmap.gazetteer.cues import (RIVER_AFTER, RIVER_BEFORE, SURNAME_ENDINGS, TITLES, bare_word, is_given_name,
                                     script, sentence_start)
from claimmap.gazetteer.index import (COMMON_WORD_ZIPF, SENTENCE_START_ZIPF, TRANSLITERATED_ZIPF, VERY_COMMON_ZIPF,
                                      Index)
from claimmap.gazetteer.places import NOTABLE_POPULATION, NameHit

MEMO_LIMIT = 200_000   # entries a memo of what names give (kept across reports) holds before it starts over
SURNAME = "surname"  # why a name is dropped, when it is so throughout the text
_HYPHEN = re.compile("-")
_COMPOUND = re.compile(r"[^\W\d_][\w'’]*(?:-[^\W\d_][\w'’]*)+")  # "Lvova-Belova", "Izyum-Kupyansk"


@contextmanager
def without_cycle_collection():
    """The matcher makes many small objects and no cycles; cycle collections would walk
    the whole index meanwhile, for a third of the matcher's time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class Matcher:
    """Finds names in text (see the module doc); the `Gazetteer` builds on it."""

    def __init__(self, index: Index):
        self._index = index
        self.places = index.places
        self._accepted: dict[tuple, tuple] = {}  # see names_in
        self._settings: dict[tuple, tuple[str, str]] = {}  # see _drop_person_and_river_names

    def is_ordinary_word(self, word: str) -> bool:
        """Is `word` an ordinary word of its script's languages ("Fighting", "Прогрес"), not only a name?"""
        return self._index.zipf(word, names.fold(word)) >= COMMON_WORD_ZIPF

    def names_in(self, text: str, require_capital: bool = True, framed: tuple[int, ...] = ()) -> list[NameHit]:
        """The matcher alone: every gazetteer name in `text` in one pass (longest match
        wins), as written, with the places it may name; no disambiguation yet. A word at one of
        the `framed` offsets is read as a settlement noun would frame it ("Прогрес" given as a name)."""
        with without_cycle_collection():
            return self._names_in(text, require_capital, framed)

    def _names_in(self, text: str, require_capital: bool, framed: tuple[int, ...] = ()) -> list[NameHit]:
        key, tokens, counts, offsets = names.text_key(text)
        found_names = list(self._index.automaton.iter_long(key))
        if not found_names:
            return self._with_framed_names(text, [], list(framed)) if framed else []
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
        framing: list[int] = []  # the tokens after a settlement noun ("село Прогрес")
        accepted, noun_keys, entries = self._accepted, self._index.noun_keys, self._index.entries
        for stem_key, first, last, first_place, last_place in zip(
                stem_keys, word_token[first_words].tolist(), word_token[last_words].tolist(),
                word_place[first_words].tolist(), word_place[last_words].tolist()):
            if stem_key in noun_keys:
                framing.append(last + 1)
                if stem_key not in entries:
                    continue
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
        hits = self._drop_person_and_river_names(text, hits, spans, tokens, offsets, require_capital)
        starts = [*framed, *(offsets[t] for t in framing if t < len(tokens))]
        return self._with_framed_names(text, hits, starts) if starts else hits

    def _with_framed_names(self, text: str, hits: list[NameHit], starts: list[int]) -> list[NameHit]:
        """The hits, and the settlements named by an ordinary word where a settlement noun frames it, the word
        at one of `starts`: "село Прогрес", "селище Опитне" ("Прогрес очевидний" stays a word)."""
        framed = []
        for start in starts:
            word = names.WORD.match(text, start)
            if not word or not word.group()[:1].isupper():
                continue
            stem_key = names.key(word.group())
            entries = self._index.ordinary.get(stem_key)
            if entries:
                folded, surface = names.fold(word.group()), word.group()
                inflected = names.stem(folded) != folded
                options = {index: (alias == folded, own) for index, alias, own in entries if alias == folded or inflected}
                if options:
                    framed.append(NameHit(word.start(), word.end(), surface, options, stem_key))
        if not framed:
            return hits
        # A framed word found already (a town's name that is no ordinary word there: Progress, Amur Oblast)
        # also names the villages.
        found = {(hit.start, hit.end): hit for hit in hits}
        for hit in framed:
            if (hit.start, hit.end) in found:
                same = found[hit.start, hit.end]
                found[hit.start, hit.end] = NameHit(same.start, same.end, same.surface, {**hit.options, **same.options},
                                                    same.key)
            elif not any(start < hit.end and hit.start < end for start, end in found):
                found[hit.start, hit.end] = hit
        return sorted(found.values(), key=lambda hit: hit.start)

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
            # Per place, the best one name it meets: exactly, then its own. Not the two halves of two names:
            # "Покровська" is exactly a Yakut alternate name of the Pokrovsk there, and only inflects its own.
            if exact or inflected:
                options[place_index] = max(options.get(place_index, (False, False)), (exact, own))
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
        if folded.count("  ") != 2 or script(surface) != "latin":
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
            drop = (at_sentence_start if elsewhere != at_sentence_start and in_prose and sentence_start(text, hit.start)
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
        if bare_word(before1) in TITLES or (before1[:1].isupper() and bare_word(before2) in TITLES):
            return SURNAME, SURNAME  # "Minister Sergei ...", "General Oleksandr Syrskyi"
        if before1[:1].isupper() and before1[-1:].isalpha() and is_given_name(before1):
            return SURNAME, SURNAME  # "Владимир Сальдо" (not "Roman, Kupyansk": a list)
        if bare_word(before1) in RIVER_BEFORE or bare_word(following) in RIVER_AFTER:
            return "river", "river"
        if following[:1].isupper() and (is_given_name(surface) or (
                bare_word(following).endswith(SURNAME_ENDINGS) and not following_is_place)):
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
