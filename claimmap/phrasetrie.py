"""Long alternations of phrases regrouped so that Python's `re` scans a text for them faster.

A scan for a pattern of many phrases ("entered|enters?|evacuated|...") is slow where `re` tries each
phrase in turn at every word. The way used here: a locator pattern made of the same phrases, leading
groups multiplied out and lookbehinds dropped (`letter_first`), grouped by first letters
(`letter_trie`), finds where a phrase may start; the exact pattern is then matched there only. The
locator may find a place that is no phrase, never miss one, so the matches are the same.
"""
from __future__ import annotations


def alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a verbose pattern, whitespace dropped."""
    parts, current, depth, in_class, i = [], [], 0, False, 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            current.append(pattern[i:i + 2])
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char in "()":
            depth += 1 if char == "(" else -1
        elif char == "|" and depth == 0:
            parts.append("".join(current))
            current = []
        if not (char.isspace() or (char == "|" and depth == 0 and not in_class)):
            current.append(char)
        i += 1
    parts.append("".join(current))
    return [part for part in parts if part]


def letter_first(alternative: str) -> list[str]:
    """The alternative as alternatives that start with a letter: a leading group multiplied out
    ("(?:raised|hoisted)\\ flag": "raised\\ flag", "hoisted\\ flag"), a leading lookbehind dropped."""
    if not alternative.startswith("(?"):
        return [alternative]
    depth = 0
    for end, char in enumerate(alternative):  # the group's closing parenthesis
        depth += (char == "(") - (char == ")")
        if depth == 0 and (end == 0 or alternative[end - 1] != "\\"):
            break
    group, rest = alternative[:end + 1], alternative[end + 1:]
    if group.startswith(("(?<!", "(?<=")):
        return letter_first(rest)
    optional = rest.startswith("?")
    rest = rest[optional:]
    return [a for inner in alternatives(group[3:-1]) for a in letter_first(inner + rest)] + (
        letter_first(rest) if optional else [])


def letter_trie(phrases: list[str], depth: int = 2) -> str:
    """Alternatives grouped by their first letters ("entered|enters?|evacuated" ->
    "e(?:n(?:tered|ters?)|v(?:acuated))"): at each position Python's re then tries one
    letter per group, not each of some hundreds of phrases in turn."""
    groups: dict[str, list[str]] = {}
    for alternative in phrases:
        letter = depth and alternative[0].isalpha() and alternative[1:2] not in ("?", "*", "+", "{")
        groups.setdefault(alternative[0] if letter else "", []).append(alternative)
    parts = groups.pop("", [])
    for letter, members in groups.items():
        tails = [a[1:] for a in members if len(a) > 1]
        parts.append(letter + (f"(?:{letter_trie(tails, depth - 1)})" + ("?" if len(tails) < len(members) else "") if tails else ""))
    return "|".join(parts)
