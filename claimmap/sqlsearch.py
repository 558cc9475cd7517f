"""The free-text search as a database condition, so that a million claims are not read to find a few.

The search is case-insensitive in every script ("ІЗЮМ" finds "Ізюм"), as `claimviews.filter_claims`
does it in pandas. Neither SQLite (its LIKE and lower() fold ASCII only) nor PostgreSQL (ILIKE
follows the database's locale) can be trusted to fold Cyrillic alike, so the condition spells the
case out: each letter of the term becomes the class of the letters that share its upper or lower
case (`[Іі][Зз][Юю][Мм]`): a regular expression in PostgreSQL; in SQLite, whose LIKE folds ASCII
letters only, a LIKE with `_` for every other letter ("%____%"), and each such letter's class
present in the text (`instr`), which scan about as fast as reading the column.

The condition is a superset of what the pandas filter keeps (a letter of the term whose case
changes its length, like "ß" -> "SS", matches any run of characters; a text holding such a letter
that could stand for the term's letters is kept), so the caller applies `claimviews.filter_claims` to the rows it returns and the result is
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


def _like(term: str) -> tuple[str, list[frozenset[str]]]:
    """SQLite: a LIKE pattern (LIKE folds ASCII letters only) for the term, each letter whose case
    reaches beyond ASCII left as `_`, and those letters' classes, each of which must then be in the text."""
    pattern, beyond = [], []
    for part in _pieces(term):
        if part is None:
            pattern.append("%")
        elif isinstance(part, frozenset) and not all(member.isascii() for member in part):
            pattern.append("_")
            beyond.append(part)
        else:
            letter = min(part) if isinstance(part, frozenset) else part
            pattern.append("\\" + letter if letter in "%_\\" else letter)
    return "%" + "".join(pattern) + "%", list(dict.fromkeys(beyond))


def _regex(term: str) -> str:
    """PostgreSQL regular expression (advanced, case-sensitive) containing the term in any case."""
    def piece(part) -> str:
        if part is None:
            return ".*"
        if isinstance(part, frozenset):
            return "[" + "".join(sorted(part)) + "]"
        return part if part.isalnum() else "\\" + part
    return "".join(piece(part) for part in _pieces(term))


def _changing_length(term: str) -> str:
    """The letters whose upper or lower case is longer than one letter and shares a letter with the
    term's ("ß" for a term with an "s"): a text holding one can match in a way no pattern spells
    (pandas without Arrow compares upper cases, "STRASSE" in "Straße"), so such texts are kept."""
    classes, longer = _case_classes()
    letters = set(term) | {member for letter in term for member in classes.get(letter, ())}
    return "".join(special for special in longer
                   if letters & (set(special.upper()) | set(special.lower())) - {special})


def contains_any_case(columns: list, term: str, dialect: str):
    """A condition keeping every row where one of `columns` contains `term` in any case (and some more:
    filter the rows again with `claimviews.filter_claims`)."""
    special = _changing_length(term)
    if dialect == "sqlite":  # LIKE and instr() scan fast; a GLOB of letter classes took five times longer
        pattern, beyond = _like(term)

        def contains(column):
            present = [sa.or_(*(sa.func.instr(column, member) > 0 for member in sorted(members)))
                       for members in beyond]
            return sa.and_(column.like(pattern, escape="\\"), *present)
        matched = [contains(column) for column in columns]
        kept = [sa.func.instr(column, letter) > 0 for column in columns for letter in special]
        return sa.or_(*matched, *kept)
    patterns = [_regex(term)] + ([f"[{special}]"] if special else [])
    return sa.or_(*(column.op("~")(pattern) for column in columns for pattern in patterns))
