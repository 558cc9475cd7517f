"""The opt-in online lookup (OpenStreetMap Nominatim) without the network: the queries built for a
village, answers read from the cache, and a query asked once (the geocoder handed in stands for
Nominatim and fails the test when the cache should have answered)."""
from __future__ import annotations

import json

import pytest
from geopy.location import Location

from claimmap import geocode_online

KLISHCHIIVKA = 1051855172
ANSWER = {"lat": "48.5453", "lon": "37.9612", "osm_type": "node", "osm_id": 1234,
          "display_name": "Кліщіївка, Бахмутська міська громада, Бахмутський район, Донецька область, Україна",
          "name": "Кліщіївка", "address": {"country_code": "ua", "state": "Донецька область"}}


def no_network(*args, **kwargs):
    raise AssertionError(f"asked Nominatim for {args}: the cache should have answered")


def test_off_unless_switched_on(monkeypatch):
    monkeypatch.delenv("CLAIMMAP_ONLINE_GEOCODE", raising=False)
    assert not geocode_online.enabled()
    monkeypatch.setenv("CLAIMMAP_ONLINE_GEOCODE", "1")
    assert geocode_online.enabled()


def test_queries_name_the_village_with_its_raion_and_oblast(gazetteer):
    place = gazetteer.get(KLISHCHIIVKA)
    assert geocode_online.place_queries(place, gazetteer.names_of(place)) == [
        {"city": "Кліщіївка", "county": "Bakhmut raion", "state": "Donetsk Oblast"},
        {"city": "Кліщіївка", "state": "Donetsk Oblast"},
        {"city": "Klishchiivka", "state": "Donetsk Oblast"}]


def test_a_russian_village_is_asked_in_russian(gazetteer):
    place = next(p for p in gazetteer.places if (p.name, p.country_code) == ("Plekhovo", "RU"))
    query = geocode_online.place_queries(place, gazetteer.names_of(place))[0]
    assert query == {"city": "Плехово", "county": place.raion, "state": "Kursk Oblast"}


def test_a_proposal_is_read_from_the_cache_with_its_source(tmp_path, gazetteer):
    place = gazetteer.get(KLISHCHIIVKA)
    cache = tmp_path / "geocode_online.json"
    first = geocode_online.place_queries(place, gazetteer.names_of(place))[0]
    key = json.dumps(first, ensure_ascii=False, sort_keys=True).casefold() + "|ua"
    cache.write_text(json.dumps({key: ANSWER}, ensure_ascii=False), encoding="utf-8")
    proposal = geocode_online.propose(place, gazetteer.names_of(place), cache_path=cache, geocode=no_network)
    assert (proposal.place, proposal.lat, proposal.lon) == (place, 48.5453, 37.9612)
    assert proposal.source.startswith("analyst pin, proposed by OpenStreetMap Nominatim")
    assert proposal.source.endswith("Донецька область, Україна (node 1234)")
    assert proposal.warning() == ""


def test_each_query_is_asked_once_and_not_found_is_remembered(tmp_path, gazetteer):
    place = gazetteer.get(KLISHCHIIVKA)
    cache = tmp_path / "geocode_online.json"
    asked = []

    def nominatim(query, **options):  # knows the village only without its raion, as OSM might
        asked.append((query, options["country_codes"]))
        return Location(ANSWER["display_name"], (48.5453, 37.9612), ANSWER) if "county" not in query else None

    proposal = geocode_online.propose(place, gazetteer.names_of(place), cache_path=cache, geocode=nominatim)
    assert (proposal.lat, proposal.lon) == (48.5453, 37.9612)
    assert [query for query, _ in asked] == geocode_online.place_queries(place, gazetteer.names_of(place))[:2]
    assert {tuple(codes) for _, codes in asked} == {("ua",)}
    again = geocode_online.propose(place, gazetteer.names_of(place), cache_path=cache, geocode=no_network)
    assert again == proposal


def test_nothing_found_is_no_proposal(tmp_path, gazetteer):
    place = gazetteer.get(KLISHCHIIVKA)
    cache = tmp_path / "geocode_online.json"
    assert geocode_online.propose(place, gazetteer.names_of(place), cache_path=cache,
                                  geocode=lambda query, **options: None) is None
    assert geocode_online.propose(place, gazetteer.names_of(place), cache_path=cache, geocode=no_network) is None


@pytest.mark.parametrize("name", ["Kupyansk-Vuzlovyi"])
def test_a_name_lookup_comes_from_the_cache(tmp_path, name):
    cache = tmp_path / "geocode_online.json"
    cache.write_text(json.dumps({f"{name.casefold()}|ua,ru,by": ANSWER}, ensure_ascii=False), encoding="utf-8")
    place = geocode_online.lookup(name, cache_path=cache, geocode=no_network)
    assert (place.name, place.lat, place.country_code) == ("Кліщіївка", 48.5453, "UA")
