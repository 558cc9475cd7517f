"""Cues round a name in report text: whether it is a person's, a river's, an ordinary word
opening a sentence, or a dateline. The words themselves are data (`data/lexicon/persons.toml`)."""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path

from claimmap import names
from claimmap.phrasescan import letter_trie
from claimmap.gazetteer.places import NameHit

PERSONS_PATH = Path(__file__).resolve().parents[2] / "data" / "lexicon" / "persons.toml"
PLACE_NOUNS_PATH = PERSONS_PATH.with_name("place_nouns.toml")
PLACE_RELATIONS_PATH = PERSONS_PATH.with_name("place_relations.toml")


def _words(path: Path) -> dict:
    """A word file of data/lexicon (read anew at each call: an index rebuilt after the file changed sees the change)."""
    with path.open("rb") as handle:
        return tomllib.load(handle)


def _persons(path: Path = PERSONS_PATH) -> tuple[frozenset[str], tuple[str, ...], frozenset[str]]:
    """The titles, surname endings and given names that make a name a person's (see the file)."""
    words = _words(path)
    return (frozenset(words["titles"]), tuple(words["surname_endings"]),
            frozenset(names.key(name).strip() for name in words["given_names"]))


TITLES, SURNAME_ENDINGS, GIVEN_NAMES = _persons()


def settlement_nouns(path: Path = PLACE_NOUNS_PATH) -> list[str]:
    """The nouns that frame a settlement's name ("село", "посёлка", "the village of"), each also capitalised."""
    nouns = [noun for language, words in _words(path).items() if language in ("uk", "ru", "en") for noun in words]
    return list(dict.fromkeys(nouns + [noun[:1].upper() + noun[1:] for noun in nouns]))


def village_nouns(path: Path = PLACE_NOUNS_PATH) -> tuple[re.Pattern, re.Pattern]:
    """The words that call the name after them (the first pattern, matched before it) or before them (the
    second, matched after it) a village's; see the file."""
    words = _words(path)
    return (re.compile(rf"(?<![\w-])(?:{_alternatives(words['villages'])})\s+(?:the\s+)?$", re.IGNORECASE),
            re.compile(rf"\s+(?:{_alternatives(words['villages_after'])})(?![\w-])", re.IGNORECASE))


def _alternatives(words: list[str]) -> str:
    """The words as one alternation, a trie of their letters (`phrasescan.letter_trie`): tried at every name of a
    text, case-blind `re` then tests a handful of first letters, not each word in turn. Only whether these
    patterns match is read, and that no order of the words changes."""
    return letter_trie([re.escape(word).replace(r"\ ", r"\s+") for word in sorted(words, key=len, reverse=True)],
                       depth=None)


def located_by(path: Path = PLACE_RELATIONS_PATH) -> re.Pattern:
    """The words between two names that place the first by the second ("X, south of Y", "X під Y",
    "X, в 10 км от Y", "X village near Y", "X (east of Y)"); the words are data (see the file)."""
    words = _words(path)
    number = rf"(?:\d+(?:[.,]\d+)?\s*|(?:{_alternatives(words['numbers'])})\s+)"
    distance = (rf"(?:(?:{_alternatives(words['approximately'])})\s+)?{number}(?:{_alternatives(words['units'])})\.?"
                r"(?:\s+\([^()]{1,30}\))?\s+")
    kinds = _alternatives(words["kinds"])
    return re.compile(rf"(?:\s+(?:{kinds}))?,?\s*\(?(?:(?:an?|the)\s+(?:{kinds})\s+)?"
                      rf"(?:(?:{distance})?(?:{_alternatives(words['relations'])})|{distance}(?:{_alternatives(words['from_distance'])}))"
                      rf"\s+(?:the\s+)?(?:[\w-]+\s+)?(?:(?:{kinds})\s+of\s+)?", re.IGNORECASE)


def kind_in(path: Path = PLACE_RELATIONS_PATH) -> re.Pattern:
    """A kind of settlement and "in" before a name ("the village in Kharkiv"): there a city names its oblast."""
    kinds = _alternatives(_words(path)["kinds"])
    return re.compile(rf"(?<![\w-])(?:{kinds})s?\s+in\s+$", re.IGNORECASE)


# A river word next to a name makes it a river's ("Dnipro River", "река Днепр").
RIVER_AFTER = frozenset("river reservoir lake canal bay spit island".split())
RIVER_BEFORE = frozenset("river река реки реке річка річки річці".split())


def sentence_start(text: str, start: int) -> bool:
    """Does a sentence (or heading, list item, quotation) begin at `start`?"""
    before = start - 1
    while before >= 0 and text[before] in " \t\u00a0":
        before -= 1
    return before < 0 or text[before] in ".!?…:;\n\"'«»“”„—–-*#>(["


# "KYIV, Ukraine (AP) —", "KHARKIV —": where the reporter files from, not what the report is about.
_DATELINE_AFTER = re.compile(r"[ \t]*(?:,|\(|—|–|-\s)")


def is_dateline(text: str, hit: NameHit) -> bool:
    """Is the hit, a name in capitals, a dateline: opening its line, before a comma, bracket or dash?"""
    line_start = text.rfind("\n", 0, hit.start) + 1
    return not text[line_start:hit.start].strip(" \t*_#>") and bool(_DATELINE_AFTER.match(text, hit.end))


@lru_cache(maxsize=100_000)
def is_given_name(surface: str) -> bool:
    return names.key(surface).strip() in GIVEN_NAMES


def bare_word(text: str) -> str:
    return text.strip(".,;:!?()[]«»\"'“”‘’").lower()


_CYRILLIC_LETTER = re.compile(r"[\u0400-\u04ff]")


def script(text: str) -> str:
    return "cyrillic" if _CYRILLIC_LETTER.search(text) else "latin"
