"""The extractor's control phrases, read from the per-language files in data/lexicon/.

A file holds word classes (`[classes]`, used in patterns as `{name}`) and phrase entries
(`[[phrase]]` by change, `[[side_phrase]]` for phrases that also name a side), each with the
examples that must give its claim and those that must not (tests/test_lexicon.py runs them).
Patterns are regular expressions over lower-case text in which a space is a space; a lemma
written `<освободить:VERB,past>` stands for the forms of that lemma with those grammemes,
generated once with pymorphy3 (bench/bench_lemmas.py says why pymorphy3 and not simplemma), so
the scan itself stays one compiled pattern and costs nothing more per report.
Extra files named in $CLAIMMAP_LEXICON (paths separated by the OS path separator) are read
after the built-in ones: their phrases are tried after the built-in phrases of their change.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from claimmap.lexiconfile import LANGUAGES, LEXICON_DIR, LexiconError, classes_of, read_toml
from claimmap.schema import CHANGES

SCRIPTS = {"en": "latin", "uk": "cyrillic", "ru": "cyrillic"}
SIDE_PHRASES = ("under_control", "came_under", "side_held", "stronghold_of", "loss_of", "no_troops_in", "driven_out",
                "occupation_of")
ENVIRONMENT = "CLAIMMAP_LEXICON"

_CLASS = re.compile(r"\{([a-z_]+)\}")
_LEMMA = re.compile(r"<([^<>:\s]+):([A-Za-z0-9,]+)>")
_GROUP = re.compile(r"\(\?P<(\w+)>")


@dataclass(frozen=True)
class Phrase:
    """One way of writing a change (or a side phrase), as its file gives it and as the scan uses it."""
    language: str
    name: str               # the change, or the side phrase's name
    gives: str              # the change its claims have
    label: str              # as docs/extraction.md's table shows it
    patterns: tuple[str, ...]  # as written
    pattern: str            # verbose regex: classes and lemmas expanded, spaces escaped
    examples: tuple[str, ...]
    not_examples: tuple[str, ...]
    origin: str

    def matches(self, lowered: str) -> bool:
        """Whether this entry alone finds a phrase in the lower-cased text."""
        return bool(re.search(rf"(?<![\w-])(?:{_namespaced(self.pattern, self.name, 0)})(?![\w-])", lowered, re.X))


def load_phrases(extra: str | None = None) -> tuple[Phrase, ...]:
    """The built-in phrases of every language, then those of the files in `extra` (default: $CLAIMMAP_LEXICON)."""
    extra = os.environ.get(ENVIRONMENT, "") if extra is None else extra
    return _load(extra)


@lru_cache(maxsize=4)
def _load(extra: str) -> tuple[Phrase, ...]:
    files = [LEXICON_DIR / f"{language}.toml" for language in LANGUAGES] + [Path(p) for p in extra.split(os.pathsep) if p]
    phrases: list[Phrase] = []
    for file in files:
        phrases += read_phrases(file)
    return tuple(phrases)


def read_phrases(file: Path) -> list[Phrase]:
    data = read_toml(file)
    language = data.get("language")
    if language not in LANGUAGES:
        raise LexiconError(f"{file}: `language` must be one of {LANGUAGES}, not {language!r}")
    classes = classes_of(data, file)
    entries = [(entry, entry.get("change"), CHANGES) for entry in data.get("phrase", [])]
    entries += [(entry, entry.get("name"), SIDE_PHRASES) for entry in data.get("side_phrase", [])]
    return [_phrase(entry, name, known, language, classes, f"{file} [{number}]")
            for number, (entry, name, known) in enumerate(entries, 1)]


def _phrase(entry: dict, name, known: tuple[str, ...], language: str, classes: dict[str, str], origin: str) -> Phrase:
    if name not in known:
        raise LexiconError(f"{origin}: {name!r} is none of {known}")
    gives = entry.get("gives", name)
    patterns = tuple(entry.get("match", ()))
    if gives not in CHANGES or not patterns or not all(isinstance(p, str) and p.strip() for p in patterns):
        raise LexiconError(f"{origin}: needs `match` (a list of patterns) and a change it gives, one of {CHANGES}")
    expanded = "|".join(_expanded(p, language, classes, origin) for p in patterns)
    try:
        re.compile(_namespaced(expanded, name, 0), re.X)
    except re.error as error:
        raise LexiconError(f"{origin}: {error} in {patterns}") from error
    return Phrase(language, name, gives, entry.get("label", patterns[0]), patterns, expanded,
                  tuple(entry.get("examples", ())), tuple(entry.get("not", ())), origin)


def _expanded(pattern: str, language: str, classes: dict[str, str], origin: str) -> str:
    def class_words(match: re.Match) -> str:
        if match.group(1) not in classes:
            raise LexiconError(f"{origin}: no word class {{{match.group(1)}}} in its file's [classes]")
        return classes[match.group(1)]

    def lemma(match: re.Match) -> str:
        forms = lemma_forms(language, match.group(1), match.group(2))
        if not forms:
            raise LexiconError(f"{origin}: pymorphy3 knows no {match.group(2)} forms of {match.group(1)!r}")
        return "(?:" + "|".join(forms) + ")"

    return _CLASS.sub(class_words, _LEMMA.sub(lemma, pattern).replace(" ", "\\ "))


@lru_cache(maxsize=None)
def lemma_forms(language: str, lemma: str, grammemes: str) -> tuple[str, ...]:
    """The forms of `lemma` with all `grammemes` ("VERB,past"), longest first, "ё" also written "е"."""
    wanted = set(grammemes.split(","))
    forms = {form.word for parse in _analyser(language).parse(lemma) if parse.normal_form == lemma
             for form in parse.lexeme if wanted <= form.tag.grammemes}
    forms |= {form.replace("ё", "е") for form in forms}
    return tuple(sorted(forms, key=lambda form: (-len(form), form)))


@lru_cache(maxsize=None)
def _analyser(language: str):
    import pymorphy3  # only where a lexicon names a lemma (Russian, Ukrainian)

    return pymorphy3.MorphAnalyzer(lang=language)


def alternation(phrases: tuple[Phrase, ...], scripts: frozenset[str]) -> str:
    """One named group per change and side phrase, each the alternation of its phrases in the given
    scripts, in file order; a side phrase's own groups renamed `<phrase>__<group>__<n>` to be unique."""
    groups: dict[str, list[str]] = {}
    for phrase in phrases:
        if SCRIPTS[phrase.language] in scripts:
            groups.setdefault(phrase.name, []).append(phrase.pattern)
    order = [name for name in CHANGES + SIDE_PHRASES if name in groups]
    return "|".join(f"(?P<{name}>{_namespaced('|'.join(groups[name]), name, index)})" for index, name in enumerate(order))


def _namespaced(pattern: str, name: str, index: int) -> str:
    counter = iter(range(1_000_000))
    return _GROUP.sub(lambda m: f"(?P<{name}__{m.group(1)}__{index}_{next(counter)}>", pattern)


def side_groups(match: re.Match) -> dict[str, str]:
    """A side phrase's groups that took part in `match`, by the name its file gives them ("side", "enemy")."""
    found: dict[str, str] = {}
    for key, value in match.groupdict().items():
        if value is not None and key.startswith(f"{match.lastgroup}__"):
            found.setdefault(key.split("__")[1], value)
    return found


_CONTROLLER = {"entered": "the actor", "captured": "the actor", "withdrew": "the other side", "holds": "the actor",
               "approaching": "contested", "encircled": "contested", "contested": "contested"}
_LANGUAGE_NAMES = {"en": "English", "ru": "Russian", "uk": "Ukrainian"}


def phrase_table(phrases: tuple[Phrase, ...]) -> str:
    """docs/extraction.md's table of phrases: a row per change, the labels of each language's entries."""
    header = ["change", *(_LANGUAGE_NAMES[language] for language in _LANGUAGE_NAMES), "claimed controller"]
    rows = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for change in CHANGES:
        cells = ["; ".join(p.label for p in phrases if p.gives == change and p.language == language) for language in _LANGUAGE_NAMES]
        rows.append(f"| {change} | " + " | ".join(cells) + f" | {_CONTROLLER[change]} |")
    return "\n".join(rows) + "\n"

