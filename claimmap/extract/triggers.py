"""Control phrases found in the text, and those that are no change (orders, conditions).

A stage of the extractor (`claims._Reader` runs them in order; docs/extraction.md has the rules)."""
from __future__ import annotations

import os
import re
from functools import lru_cache

from claimmap.extract.lexicon import ENVIRONMENT, alternation, load_phrases, side_groups
from claimmap.extract.patterns import _CYRILLIC, _LATIN, _LOOKBACK, _NOT_YET, _PLACE_NOUNS
from claimmap.extract.values import _Trigger
from claimmap.extract.words import _inside, _known, _may_say_not_yet, _words_back
from claimmap.lexiconfile import word_class
from claimmap.phrasescan import PhraseScan
from claimmap.schema import CHANGES

# ------------------------------------------------------------ control phrases
# The phrases themselves are data: data/lexicon/<language>.toml, read by `lexicon.py`. Slots: where the place
# is written relative to a change's phrase. English prepositions are part of the phrase ("withdrew from") so
# that "held in Minsk" is not read as "held Minsk"; Russian/Ukrainian prepositions are skipped generically
# because they inflect the place anyway.
_SLOTS = {change: ("after",) if change == "approaching" else ("after", "before") for change in CHANGES}
# Side phrases name a side: "under our control", "под нашим контролем" (the claimant's), "under their control",
# "під їхнім контролем" (the side named last before it, else the previous claim's actor).
_POSSESSIVES = {word: "ours" for word in ("our", "ours", "нашим", "своим", "своїм", "наших", "своих", "своїх")} | {
    word: "theirs" for word in ("their", "theirs", "its", "их", "їх", "їхнім", "їхніх")}


@lru_cache(maxsize=8)
def _trigger_scan(scripts: frozenset[str], extra: str) -> PhraseScan:
    """One scan, one pass: a named group per change (and side phrase); at one position the first
    listed wins. Matched against `lowercase(text)`, like every pattern here written in lower case
    without re.IGNORECASE (several times faster). A paragraph is read with the phrases of the
    scripts it is written in: fewer alternatives to try at each word."""
    return PhraseScan(alternation(load_phrases(extra), scripts))


def _triggers_for(scripts: frozenset[str]) -> PhraseScan:
    return _trigger_scan(scripts, os.environ.get(ENVIRONMENT, ""))


_CONDITIONAL_WORDS = ("if", "unless", "если", "якщо", "якби")
# Looked for first, with no lookbehind, so that `re` skips to them in C: most clauses have none.
_CONDITIONAL_WORD = re.compile("|".join(f"{word} " for word in _CONDITIONAL_WORDS))
_CONDITIONAL = re.compile(rf"(?<![\w-])(?:{'|'.join(_CONDITIONAL_WORDS)})\s+[^,;:.]{{0,60}}$")
_QUALIFIER_WORDS = 6  # the most words _NOT_YET or _DESCRIPTION span ("ordered the remaining units to [leave]")
# Phrases that are not verbs: "advanced to within 3 km of" has no infinitive.
_PREPOSITIONAL = re.compile(rf"(?:{word_class('prepositional')})\b")
_LYING = (*word_class("lying").split("|"), "that lies")  # (plain words: read one by one)
_DESCRIPTION = re.compile(r"(?<![\w-])(?:an?|the)\ (?:[\w-]+\ ){0,2}?(?:" + "|".join(_PLACE_NOUNS) + r")"
                          r"\ (?:(?:" + "|".join(map(re.escape, _LYING)) + r")\ )?$", re.X)
_DESCRIPTION_ENDS = tuple(f"{words.split()[-1]} " for words in _PLACE_NOUNS + _LYING)  # searched only then


class TriggerStage:
    """The triggers stage of `claims._Reader`: control phrases found in the text, and those that are no change (orders, conditions)."""

    def _not_a_change(self, trigger: _Trigger, sentence) -> bool:
        """An order or intention ("would leave"), or a description ("a town on the outskirts of")."""
        before = _words_back(self.lowered, max(sentence[0], trigger.start - _LOOKBACK), trigger.start, _QUALIFIER_WORDS)
        not_yet = _NOT_YET.search(self.lowered, before, trigger.start) if _may_say_not_yet(
            self.lowered[before:trigger.start]) else None
        if not_yet and not_yet.group().strip().lower() == "to" and _PREPOSITIONAL.match(self.lowered, trigger.start):
            not_yet = None  # "advanced to within 3 km of"
        # ("The town is ours": a phrase whose place comes before it has its place there, not a description)
        return bool(not_yet or (trigger.slots != ("before",) and self.lowered.endswith(_DESCRIPTION_ENDS, before, trigger.start)
                                and _DESCRIPTION.search(self.lowered, before, trigger.start))
                    or self._conditional(max(sentence[0], trigger.start - _LOOKBACK), trigger.start))

    def _conditional(self, start: int, end: int) -> bool:
        """"If Russian forces capture Pokrovsk, ...": a condition, not a claim ("If true, ..." is a hedge: its comma ends it)."""
        return bool(_CONDITIONAL_WORD.search(self.lowered, start, end) and _CONDITIONAL.search(self.lowered, start, end))

    def _triggers(self) -> list[_Trigger]:
        found = []
        extra = os.environ.get(ENVIRONMENT, "")  # once per report, not per paragraph
        for start, end in self.paragraphs:
            if _inside(start, self.furniture):
                continue  # a paragraph of the furniture has no sentence to claim in (see _sentences)
            scripts = frozenset(script for script, letters in (("latin", _LATIN), ("cyrillic", _CYRILLIC))
                                if letters.search(self.lowered, start, end))
            if scripts:
                found += self._triggers_in(_trigger_scan(scripts, extra), start, end)
        return found

    def _side_words_end(self, match: re.Match, written: str) -> int:
        """Where the side named at the end of a side phrase ends: after its last word the claimant lexicon knows
        ("под контролем ВСУ| остаются", "под контролем подразделений ЧВК «Вагнер|»"), else the phrase's end."""
        sides = [m for m in self.lexicon.matches(written) if m.term.side != "unknown"]
        if not written or not sides or not match.group().endswith(written):
            return match.end()
        return match.end() - len(written) + sides[-1].end

    def _triggers_in(self, scan: PhraseScan, start: int, end: int) -> list[_Trigger]:
        found = []
        for m in scan.finditer(self.lowered, start, end):
            if _inside(m.start(), self.furniture):
                continue
            if m.lastgroup in _SLOTS:
                found.append(_Trigger(m.start(), m.end(), m.lastgroup, _SLOTS[m.lastgroup]))
                continue
            named = side_groups(m)  # the side as the phrase writes it ("under Ukrainian control": "ukrainian")
            written = named.get("side", "")
            if m.lastgroup == "under_control":
                side = ("RU" if named.get("occupied") else  # "залишається окупованим": occupation is Russia's in this war
                        _POSSESSIVES.get(written.split(" ", 1)[0]) or _known(self.lexicon.side_of(written)))  # "наших військ"
                if side and _CYRILLIC.match(self.lowered, m.start()):
                    # Russian and Ukrainian may name the place after it ("под контролем ВСУ остаются X и Y"): the
                    # phrase ends with its side's words, not with the words after them that the pattern took
                    found.append(_Trigger(m.start(), self._side_words_end(m, written), "holds", ("before", "after"), side_in_phrase=side))
                elif side:  # "under way for control of": no side, no such phrase
                    found.append(_Trigger(m.start(), m.end(), "holds", ("before",), side_in_phrase=side))
            elif m.lastgroup == "driven_out":
                side = "enemy" if named.get("enemy") else _known(self.lexicon.side_of(written))
                if side:  # without a side named, who left is unknown: no claim rather than a guess
                    found.append(_Trigger(m.start(), m.end(), "withdrew", ("after",), side_in_phrase=side))
            elif m.lastgroup == "came_under":
                side = _known(self.lexicon.side_of(written))
                if side:
                    found.append(_Trigger(m.start(), m.end(), "captured", ("before",), side_in_phrase=side))
            elif m.lastgroup in ("side_held", "stronghold_of"):
                if found and found[-1].change in ("captured", "entered", "withdrew") and found[-1].end >= m.start() - 5:
                    continue  # "liberated the Russian-occupied village of X": how it stood before the capture
                side = _known(self.lexicon.side_of(written))
                if side:
                    slots = ("after",) if m.lastgroup == "side_held" else ("before",)
                    found.append(_Trigger(m.start(), m.end(), "holds", slots, side_in_phrase=side))
            elif m.lastgroup == "occupation_of":  # "про окупацію X": occupation is Russia's in this war, whoever reports it
                found.append(_Trigger(m.start(), m.end(), "captured", ("after",), side_in_phrase="RU"))
            elif m.lastgroup == "loss_of":
                found.append(_Trigger(m.start(), m.end(), "withdrew", ("after",), side_in_phrase="ours"))
            elif m.lastgroup == "no_troops_in":
                found.append(_Trigger(m.start(), m.end(), "entered", ("after",), side_in_phrase=_known(self.lexicon.side_of(written)),
                                      negated=True))
        return found
