"""Claimants: who speaks for which side, from a lexicon analysts can extend.

`data/claimants.csv` lists phrases (people, institutions, roles, forces,
affiliations) with the side they speak for, and where several phrases name one
person or body, which (`body`). A numbered unit is listed as its
number and unit word ("93 brigade", "2 corps"): that row matches the unit
however it is written ("93rd Mechanized Brigade", "the 93rd Separate
Mechanized Brigade", "93-тя окрема механізована бригада", "93 ОМБр"). Extra files named in the
environment variable CLAIMMAP_CLAIMANTS (separated by the OS path separator)
are read after it; a later row for the same phrase replaces the earlier one.
"""
from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from claimmap.phrasescan import letter_trie
from claimmap.reporttext import lowercase
from claimmap.schema import SIDES

DEFAULT_PATH = Path(__file__).resolve().parents[1] / "data" / "claimants.csv"
KINDS = ("person", "institution", "role", "force", "affiliation", "medium")  # most specific first
# Numbered units as written, read as "<number> <unit>": an ordinal, up to three descriptive words, a unit word
# (or a Ukrainian abbreviation such as ОМБр). Matched against lower-cased text.
_UNIT_WORDS = {"brigade": r"brigade|бригад\w*|о\w*бр", "corps": r"corps|корпус\w*", "regiment": r"regiment|полк\w*",
               "battalion": r"battalion|батальйон\w*|батальон\w*", "division": r"division|дивизи\w*|дивізі\w*",
               "army": r"army|арми\w*|армі\w*"}
_DIGIT = re.compile(r"\d")
_NUMBERED_UNIT = re.compile(
    r"(?<![\w-])(?P<number>\d{1,3})(?:st|nd|rd|th|-?(?:я|й|го|а|тя|та|ша|га|ма|ї|ої|ого|ий|ій|ой)|(?=\s+о\w*бр))\s+"
    r"(?:(?!(?:of|the|and|і|и|та)\s)[^\W\d_][\w-]*\s+){0,3}"
    r"(?:" + "|".join(f"(?P<{unit}>{words})" for unit, words in _UNIT_WORDS.items()) + r")(?![\w-])")


@dataclass(frozen=True)
class Term:
    phrase: str
    side: str
    kind: str
    note: str = ""
    body: str = ""  # the person or body it names, where other phrases name it too ("Генштаб", "General Staff of Ukraine")


class TermMatch(NamedTuple):
    """A term found in a text (a named tuple: made for every lexicon word in every claim's clause)."""
    start: int
    end: int
    text: str
    term: Term


class Lexicon:
    """All terms compiled into one regular expression, longest phrase first."""

    def __init__(self, terms: list[Term]):
        self.terms = {t.phrase.lower().rstrip("*"): t for t in terms}
        # Matched against lower-cased text (reporttext.lowercase): much faster than re.IGNORECASE.
        self._regex = re.compile(rf"(?<![\w-]){_phrases_pattern([t.phrase.lower() for t in terms])}") if terms else None
        # Claimant phrases recur from report to report ("the Russian MoD"): their best term is remembered.
        self._best_in_phrase = lru_cache(maxsize=8192)(self._most_specific)

    def matches(self, text: str, start: int = 0, end: int | None = None, lowered: str | None = None) -> list[TermMatch]:
        """The terms in text[start:end]; `lowered` is `lowercase(text)` where the caller has it (no copy lowered again)."""
        if self._regex is None:
            return []
        end = len(text) if end is None else end
        window = lowercase(text[start:end]) if lowered is None else lowered[start:end]
        found = [TermMatch(start + m.start(), start + m.end(), text[start + m.start():start + m.end()], self.term_for(m.group()))
                 for m in self._regex.finditer(window)]
        if _DIGIT.search(window):
            units = [(m, f"{int(m.group('number'))} {m.lastgroup}") for m in _NUMBERED_UNIT.finditer(window)]
            found += [TermMatch(start + m.start(), start + m.end(), text[start + m.start():start + m.end()], self.terms[key])
                      for m, key in units if key in self.terms]
            found.sort(key=lambda m: m.start)
        return found

    def term_for(self, written: str) -> Term:
        key = written.lower()
        while key not in self.terms:  # a stem entry ("Гайда*") matched an inflected form
            key = key[:-1]
        return self.terms[key]

    def best(self, text: str, start: int = 0, end: int | None = None) -> TermMatch | None:
        """The most specific term in the span (person over institution over role ...), first on ties."""
        if start == 0 and end is None:
            return self._best_in_phrase(text)
        return self._most_specific(text, start, end)

    def _most_specific(self, text: str, start: int = 0, end: int | None = None) -> TermMatch | None:
        found = self.matches(text, start, end)
        return min(found, key=lambda m: KINDS.index(m.term.kind)) if found else None

    def side_of(self, phrase: str) -> str:
        match = self.best(phrase)
        return match.term.side if match else "unknown"


def _phrases_pattern(phrases: list[str]) -> str:
    """One pattern for the phrases, as a trie of their letters (`phrasescan.letter_trie`: "russian mod|russian*" ->
    "r(?:u(?:s(?:s(?:i(?:a(?:n(?:\\ (?:m(?:o(?:d(?:(?!\\w)))))|\\w*)))))))"): at a word start Python's re then tries the next letter
    once, not each of some 200 phrases in turn, which made the lexicon the slowest scan of a report. Longest
    first, so a longer phrase is tried before a shorter one it starts with; a trailing `*` (any ending) before a
    whole word."""
    branches = [re.escape(p.rstrip("*")) + (r"\w*" if p.endswith("*") else r"(?!\w)")
                for p in sorted(phrases, key=lambda p: -len(p.rstrip("*")))]
    return f"(?:{letter_trie(branches, depth=None)})"


def read_terms(text: str, origin: str = "lexicon") -> list[Term]:
    rows = csv.DictReader(io.StringIO("\n".join(l for l in text.splitlines() if not l.startswith("#"))))
    terms = []
    for number, row in enumerate(rows, start=2):
        phrase, side, kind = ((row.get(k) or "").strip() for k in ("phrase", "side", "kind"))
        if side not in SIDES or kind not in KINDS or not phrase:
            raise ValueError(f"{origin}: row {number} needs phrase, side in {SIDES}, kind in {KINDS}: {row}")
        terms.append(Term(phrase, side, kind, (row.get("note") or "").strip(), (row.get("body") or "").strip()))
    return terms


@lru_cache(maxsize=8)
def load_lexicon(path: str | None = None, extra: str | None = None) -> Lexicon:
    """The default lexicon plus extra files (default: $CLAIMMAP_CLAIMANTS)."""
    extra = os.environ.get("CLAIMMAP_CLAIMANTS", "") if extra is None else extra
    files = [Path(path) if path else DEFAULT_PATH] + [Path(p) for p in extra.split(os.pathsep) if p]
    terms: list[Term] = []
    for file in files:
        terms.extend(read_terms(file.read_text(encoding="utf-8"), str(file)))
    return Lexicon(list({t.phrase.lower(): t for t in terms}.values()))
