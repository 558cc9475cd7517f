"""Reading the word files in data/lexicon/: where they are, one TOML reader whose errors name the file, and
the word classes of the control-phrase files (`[classes]`) as patterns.

Shared by the control phrases (`claimmap.extract.lexicon`), the time words (`claimmap.timewords`), report
text (`claimmap.reporttext`: who speaks) and the gazetteer's weighing (lists of names); it imports nothing of
claimmap's, so each can read its words without importing the extractor.
"""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path

LEXICON_DIR = Path(__file__).resolve().parents[1] / "data" / "lexicon"
# The control-phrase files, in the order their words are tried at a position: Ukrainian before Russian, as
# "взяли під контроль" must be tried before the bare "взяли" the two languages share.
LANGUAGES = ("en", "uk", "ru")
CYRILLIC = ("uk", "ru")
_CLASS = re.compile(r"\{([a-z_]+)\}")


class LexiconError(ValueError):
    """A lexicon file the extractor cannot use; the message names the file and the entry."""


def read_toml(file: Path) -> dict:
    """A lexicon file's tables, or a LexiconError that says which file and why."""
    try:
        return tomllib.loads(file.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise LexiconError(f"{file}: {error}") from error


def classes_of(data: dict, file: Path) -> dict[str, str]:
    """A file's word classes, each as one alternation (a class is a pattern or a list of them; `{name}` in one
    is another class of the file, written before it)."""
    classes: dict[str, str] = {}

    def earlier_class(match: re.Match) -> str:
        if match.group(1) not in classes:
            raise LexiconError(f"{file}: word class {{{match.group(1)}}} is used before it is written")
        return classes[match.group(1)]

    for name, words in data.get("classes", {}).items():
        words = [words] if isinstance(words, str) else words
        if not words or not all(isinstance(word, str) and word.strip() for word in words):
            raise LexiconError(f"{file}: word class {name!r} must be a pattern or a list of them")
        classes[name] = _CLASS.sub(earlier_class, "|".join(words).replace(" ", "\\ "))
    return classes


def word_class(name: str, languages: tuple[str, ...] = LANGUAGES) -> str:
    """A word class of the built-in files, every language's words in one alternation (English, Ukrainian,
    Russian): the code reads "force", "civilian", "enemy", "denial_verb", "hedge", "reporting_verb" this way.
    `languages` (e.g. CYRILLIC) narrows it where a rule is written for some languages' grammar only."""
    found = [classes[name] for classes in map(_built_in_classes, languages) if name in classes]
    if not found:
        raise LexiconError(f"no word class {name!r} in {LEXICON_DIR}")
    return "|".join(found)


@lru_cache(maxsize=None)
def _built_in_classes(language: str) -> dict[str, str]:
    file = LEXICON_DIR / f"{language}.toml"
    return classes_of(read_toml(file), file)


def list_join() -> str:
    """What stands between two items of a list of names ("X, Y and Z", "X & Y", "X и Y", "X, та Y"), in lower case:
    a comma, perhaps before a conjunction (the class `conjunction`), or a conjunction between spaces."""
    conjunction = word_class("conjunction")
    return rf"(?:\s*,\s*(?:(?:{conjunction})\s+)?|\s+(?:{conjunction})\s+)"
