"""Reading the word files in data/lexicon/: where they are, and one TOML reader whose errors name the file.

Shared by the control phrases (`claimmap.extract.lexicon`) and the time words (`claimmap.timewords`); it
imports nothing of claimmap's, so the time parser can read its words without importing the extractor.
"""
from __future__ import annotations

import tomllib
from pathlib import Path

LEXICON_DIR = Path(__file__).resolve().parents[1] / "data" / "lexicon"


class LexiconError(ValueError):
    """A lexicon file the extractor cannot use; the message names the file and the entry."""


def read_toml(file: Path) -> dict:
    """A lexicon file's tables, or a LexiconError that says which file and why."""
    try:
        return tomllib.loads(file.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise LexiconError(f"{file}: {error}") from error
