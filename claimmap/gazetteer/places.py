"""Places and what the gazetteer says of them: the data model every other part shares."""
from __future__ import annotations

from dataclasses import dataclass, field

from claimmap.schema import override_id  # noqa: F401  (re-exported: the gazetteer's ids)

# A town of this size is notable: frequent in text for being one, prominent among its namesakes.
NOTABLE_POPULATION = 10_000
# The theatre of the war: Ukraine, and Russia's border regions (see disambiguation.PROMINENCE).
THEATRE_COUNTRIES = ("UA",)
THEATRE_REGIONS = ("Kursk Oblast", "Belgorod Oblast", "Bryansk Oblast")


def in_theatre(place: Place) -> bool:
    """Is the place in the theatre of the war (Ukraine, or Russia's border regions)?"""
    return place.country_code in THEATRE_COUNTRIES or (place.country_code == "RU" and place.admin1 in THEATRE_REGIONS)


@dataclass(frozen=True)
class Place:
    geonameid: int
    name: str
    ascii_name: str
    lat: float
    lon: float
    country_code: str
    admin1_code: str
    admin1: str
    feature: str       # "settlement" | "region"
    population: int
    raion: str = ""     # "Bakhmut raion" (Ukraine, from KATOTTG)
    hromada: str = ""   # "Bakhmut hromada"
    location_precision: str = "exact"  # "exact" | "approximate" | "unplaced" (lat/lon NaN)
    placed_at: str = ""  # for an approximate point: where it stands ("the centre of its hromada, Toretsk")

    @property
    def placed(self) -> bool:
        return self.location_precision != "unplaced"


@dataclass(slots=True)  # made by the dozen per text: no __dict__ each
class Candidate:
    place: Place
    score: float
    reasons: list[str] = field(default_factory=list)
    analyst: bool = False  # an analyst's override gives this place the name: it wins
    out_of_place: bool = False  # small, abroad and far from the text's other places: never the answer


@dataclass(slots=True)  # made by the dozen per text: no __dict__ each
class Mention:
    start: int
    end: int
    surface: str
    place: Place | None          # None: unresolved (ambiguous), see candidates
    score: float
    candidates: list[Candidate] = field(default_factory=list)


@dataclass
class Resolution:
    place: Place | None
    score: float
    candidates: list[Candidate] = field(default_factory=list)


@dataclass(slots=True)
class NameHit:
    """A name found in the text, before disambiguation: place index -> (written exactly
    as one of its names?, is that name its own name rather than an alternate?)"""
    start: int
    end: int
    surface: str
    options: dict[int, tuple[bool, bool]]
    key: str = ""  # the stem key the name was found under
