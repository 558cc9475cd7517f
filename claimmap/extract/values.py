"""The values the extractor's stages pass along: triggers, slots, what a report has given, and the result."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, NamedTuple

import pandas as pd

from claimmap.schema import Claim, claims_frame


@dataclass(frozen=True)
class UnresolvedName:
    """A name written where a control claim puts its place, that the gazetteer did not resolve."""

    name: str
    char_start: int
    char_end: int
    candidates: list = field(default_factory=list)  # gazetteer Places, best first


@dataclass
class Extraction:
    report_id: str
    claims: list[Claim]
    unresolved: list[UnresolvedName]
    # What could not be read, one line each ("sentence at 120-188 (...) not read: IndexError: ..."): the rest
    # of the report's claims are here all the same; callers show these beside them.
    warnings: list[str] = field(default_factory=list)

    def frame(self) -> pd.DataFrame:
        return claims_frame(self.claims)


class _Trigger(NamedTuple):  # a tuple: reports hold thousands, made fast
    start: int
    end: int
    change: str
    slots: tuple[str, ...]
    side_in_phrase: str | None = None   # "under Ukrainian control", "no Russian troops in"; "ours", "theirs"
    negated: bool = False


class _Slot(NamedTuple):
    """A place a claim is about: a gazetteer mention or a coreference ("the city")."""

    start: int
    end: int
    text: str
    place: Any
    candidates: tuple = ()  # the gazetteer's candidate places where it left the mention unresolved
    passive: bool = False   # named before the phrase ("Lyman had surrendered", "Izyum was abandoned")
    part: bool = False      # a part of the place ("captured Avdiivka's coke plant")


class _Found(NamedTuple):
    """What the control phrases of a report have given so far."""

    claims: list[Claim]
    heading_claims: list[Claim]  # from title lines: kept for places the body makes no claim about
    unresolved: list[UnresolvedName]
    seen: set[str]  # claim ids


class Carried(NamedTuple):
    """What reading a control phrase leaves for the phrases and sentences after it: the only state that changes
    while a report is read (all else about the report is read once, before the first phrase). Immutable: each
    step takes one and returns the next (`_replace`), so a sentence that fails leaves none of its own. A tuple,
    not a frozen dataclass: a phrase makes two or three of them, and `dataclasses.replace` is three times slower."""

    last_actor: str = "unknown"  # the actor of the previous claim ("Lyman had surrendered" after "... entered Lyman")
    # place -> who holds it after the last asserted claim that says (UA or RU)
    holders: Mapping[int, str] = MappingProxyType({})
    # The place of the last claim, what "the city" refers to; a name the gazetteer could not
    # resolve counts too ("captured Robotyne, ... withdrew from the village": not the place before it).
    last_slot: _Slot | None = None
    last_places: tuple[_Slot, ...] = ()  # the places of the last claim: what "both towns" refers to
    last_claimant: tuple[str, str] = ("", "unknown")
    nominal: frozenset[str] = frozenset()  # claims read from a noun phrase ("the capture of X", "Russia's takeover of X")
