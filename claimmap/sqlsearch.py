"""The free-text search as a database condition, so that a million claims are not read to find a few.

The search is case-insensitive in every script ("ІЗЮМ" finds "Ізюм"), as `claimviews.filter_claims`
does it in pandas. Neither SQLite (its LIKE and lower() fold ASCII only) nor PostgreSQL (ILIKE
follows the database's locale) can be trusted to fold Cyrillic alike, so the condition spells the
case out: each letter of the term becomes the class of the letters that share its upper or lower
case (`[Іі][Зз][Юю][Мм]`), written as a GLOB in SQLite and a regular expression in PostgreSQL.

The condition is a superset of what the pandas filter keeps (a letter whose case changes its
length, like "ß" -> "SS", matches any run of characters; a text holding such a letter is always
kept), so the caller applies `claimviews.filter_claims` to the rows it returns and the result is
exactly the pandas one, from a few rows instead of all of them.
"""
from __future__ import annotations

from collections import defaultdict
from functools import cache

import sqlalchemy as sa

_CASED_UP_TO = 0x20000  # every letter with a case lies below this (the last are Adlam's, 0x1E9xx)


@cache
def _case_classes() -> tuple[dict[str, frozenset[str]], str]:
    """Each cased letter -> the letters sharing its upper case or its lower case (so "k" takes in
    the Kelvin sign, "s" the long s, as pandas' case-insensitive match does); and the letters whose
    upper or lower case is longer than one letter."""
    same_upper: dict[str, set[str]] = defaultdict(set)
    same_lower: dict[str, set[str]] = defaultdict(set)
    longer = []
    for letter in map(chr, range(_CASED_UP_TO)):
        upper, lower = letter.upper(), letter.lower()
        if upper == lower:  # no case
            continue
        if len(upper) > 1 or len(lower) > 1:
            longer.append(letter)
            continue
        same_upper[upper].add(letter)
        same_lower[lower].add(letter)
    classes = {letter: frozenset(same_upper[letter.upper()] | same_lower[letter.lower()])
               for letters in same_upper.values() for letter in letters}
    return classes, "".join(longer)


def _pieces(term: str) -> list[str | frozenset[str] | None]:
    """The term as literal characters, classes of letters, and None where any run may stand."""
    classes, longer = _case_classes()
    return [None if letter in longer else classes.get(letter, letter) for letter in term]


def _glob(term: str) -> str:
    """SQLite GLOB pattern (case-sensitive, `*`, `?`, `[...]`) containing the term in any case."""
    def piece(part) -> str:
        if part is None:
            return "*"
        if isinstance(part, frozenset):
            return "[" + "".join(sorted(part)) + "]"
        return f"[{part}]" if part in "*?[]" else part
    return "*" + "".join(piece(part) for part in _pieces(term)) + "*"


def _regex(term: str) -> str:
    """PostgreSQL regular expression (advanced, case-sensitive) containing the term in any case."""
    def piece(part) -> str:
        if part is None:
            return ".*"
        if isinstance(part, frozenset):
            return "[" + "".join(sorted(part)) + "]"
        return part if part.isalnum() else "\\" + part
    return "".join(piece(part) for part in _pieces(term))


def contains_any_case(columns: list, term: str, dialect: str):
    """A condition keeping every row where one of `columns` contains `term` in any case (and some more:
    filter the rows again with `claimviews.filter_claims`)."""
    _, longer = _case_classes()
    if dialect == "sqlite":
        patterns = [_glob(term), f"*[{longer}]*"]
        return sa.or_(*(column.op("GLOB")(pattern) for column in columns for pattern in patterns))
    patterns = [_regex(term), f"[{longer}]"]
    return sa.or_(*(column.op("~")(pattern) for column in columns for pattern in patterns))
