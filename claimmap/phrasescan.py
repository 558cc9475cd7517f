"""Lists of phrases found fast with Python's `re`.

A list of some hundreds of phrases written as one alternation, `(?<![\\w-])(?:entered|captured
|...)(?![\\w-])`, is slow to scan with: at every position of the text `re` tries each phrase in
turn, and a phrase that starts with a group or a lookbehind is entered every time.
`PhraseScan` keeps that pattern for reading a match, and finds where one may start with a
second pattern, the locator: the same phrases with leading groups multiplied out and leading
lookbehinds left out, grouped by their first letters ("entered|enters?|evacuated" ->
"e(?:n(?:tered|ters?)|v(?:acuated))"), so that `re` tries one letter per group. The locator
may stop where the pattern does not match (a left-out lookbehind), never passes a place
where it does: a scan gives exactly the pattern's own matches, about three times faster.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

_NAMED_GROUP = re.compile(r"\(\?P<\w+>")


class PhraseScan:
    """`(?<![\\w-])(?:phrases)(?![\\w-])` (verbose, lower case), with a locator."""

    def __init__(self, phrases: str, flags: int = re.X):
        self.pattern = re.compile(rf"(?<![\w-])(?:{phrases})(?![\w-])", flags)
        self.locator = re.compile(rf"(?<![\w-])(?:{letter_trie(phrase_starts(phrases))})(?![\w-])", flags & ~re.X)

    def finditer(self, text: str, start: int = 0, end: int | None = None) -> Iterator[re.Match]:
        """The matches `self.pattern.finditer(text, start, end)` gives."""
        end = len(text) if end is None else end
        while located := self.locator.search(text, start, end):
            match = self.pattern.match(text, located.start(), end)
            if match:
                yield match
            start = match.end() if match else located.start() + 1

    def search(self, text: str, start: int = 0, end: int | None = None) -> re.Match | None:
        return next(self.finditer(text, start, end), None)


def phrase_starts(pattern: str) -> list[str]:
    """The pattern's alternatives as `letter_first` gives them, its named groups read as plain ones."""
    return [start for alternative in alternatives(_NAMED_GROUP.sub("(?:", pattern)) for start in letter_first(alternative)]


def alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a verbose pattern, whitespace dropped."""
    parts, current, depth, i = [], [], 0, 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" or char == "[":  # an escape or a character class: copied whole
            end = i + 2 if char == "\\" else _class_end(pattern, i)
            current.append(pattern[i:end])
            i = end
            continue
        depth += (char == "(") - (char == ")")
        if char == "|" and depth == 0:
            parts.append("".join(current))
            current = []
        elif not char.isspace():
            current.append(char)
        i += 1
    parts.append("".join(current))
    return [part for part in parts if part]


def _class_end(pattern: str, start: int) -> int:
    """The end of the character class opening at `start` ("[^\\]a-z]")."""
    i = start + 1 + (pattern[start + 1:start + 2] == "^")
    i += pattern[i:i + 1] == "]"  # a leading "]" is a member
    while pattern[i] != "]":
        i += 2 if pattern[i] == "\\" else 1
    return i + 1


def letter_first(alternative: str) -> list[str]:
    """The alternative as alternatives that start with a letter: a leading group multiplied out
    ("(?:raised|hoisted)\\ flag": "raised\\ flag", "hoisted\\ flag"), a leading lookbehind or \\b dropped."""
    if alternative.startswith("\\b"):
        return letter_first(alternative[2:])
    if not alternative.startswith("(?"):
        return [alternative]
    depth, i = 0, 0
    while True:  # to the group's closing parenthesis
        char = alternative[i]
        if char == "\\" or char == "[":
            i = i + 2 if char == "\\" else _class_end(alternative, i)
            continue
        depth += (char == "(") - (char == ")")
        i += 1
        if depth == 0:
            break
    group, rest = alternative[:i], alternative[i:]
    if group.startswith(("(?<!", "(?<=")):
        return letter_first(rest)
    if not group.startswith("(?:") or rest[:1] in ("*", "+", "{"):
        return [alternative]  # a lookahead, flags or a repeated group: left as it is
    optional = rest.startswith("?")
    rest = rest[optional:]
    return [a for inner in alternatives(group[3:-1]) for a in letter_first(inner + rest)] + (
        letter_first(rest) if optional else [])


def letter_trie(branches: list[str], depth: int | None = 2) -> str:
    """The alternatives grouped by their first `depth` characters (None: all), each group's in their order.

    A character is grouped where it is a literal: a letter or digit, or an escaped sign ("\\ ", "\\-"), not followed by
    a quantifier. Groups come before the alternatives that start otherwise (a class, a group, a lookaround, a
    stem's "\\w*", an end "(?!\\w)"), so a branch that goes on with a literal is tried before one that ends
    there: with alternatives that end in such checks, the longest phrase at a position wins, as in a trie."""
    groups: dict[str, list[str]] = {}
    for alternative in branches:
        atom = _literal_atom(alternative) if depth is None or depth > 0 else ""
        groups.setdefault(atom, []).append(alternative)
    rest = groups.pop("", [])
    parts = []
    for atom, members in groups.items():
        tails = [a[len(atom):] for a in members if len(a) > len(atom)]
        optional = "?" if len(tails) < len(members) else ""
        parts.append(f"{atom}(?:{letter_trie(tails, None if depth is None else depth - 1)}){optional}" if tails else atom)
    return "|".join(parts + rest)


def _literal_atom(alternative: str) -> str:
    """The literal character the alternative starts with, as written ("a", "\\ "), or "" if it starts otherwise."""
    if alternative[0].isalnum():
        atom = alternative[0]
    elif alternative[0] == "\\" and len(alternative) > 1 and not alternative[1].isalnum():
        atom = alternative[:2]
    else:
        return ""
    return "" if alternative[len(atom):len(atom) + 1] in ("?", "*", "+", "{") else atom
