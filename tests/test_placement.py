"""Placing an approximate village by the analyst's pin: the override with who and when, the gazetteer
after a rebuild, and re-extraction giving the claims the exact point (real gazetteer, real SQLite)."""
from __future__ import annotations

import shutil
from datetime import date

import pandas as pd
import pytest

from claimmap import ingest, placement
from claimmap.gazetteer import GAZETTEER_PATH, load_gazetteer
from claimmap.store import Store

MIDNA_RUDA = 1823768014  # KATOTTG village with no point of its own: at the centre of its hromada, Bakhmut
PIN = (48.5453, 37.9612)   # the analyst's pin: a made-up point 6 km south-west of Bakhmut
REPORT = "Ukrainian forces liberated Midna Ruda, near Bakhmut, the General Staff said on Sunday."


@pytest.fixture()
def store(tmp_path):
    store = Store.open(f"sqlite:///{tmp_path / 'placeit.db'}")
    yield store
    store.close()


def test_a_pin_is_an_exact_override_of_the_place_itself(gazetteer):
    place = gazetteer.get(MIDNA_RUDA)
    row = placement.pin_override(placement.pin(place, *PIN))
    assert row == {"alias": "Midna Ruda", "geonameid": MIDNA_RUDA, "name": "Midna Ruda",
                   "lat": PIN[0], "lon": PIN[1], "country_code": "UA", "admin1": "Donetsk Oblast",
                   "feature": "settlement", "note": "analyst pin"}


@pytest.mark.parametrize("lat, lon, message", [(None, None, "numbers"), ("x", 37.0, "numbers"),
                                               (95.0, 37.0, "no point on Earth"), (float("nan"), 37.0, "no point")])
def test_a_bad_point_is_a_clear_error(gazetteer, lat, lon, message):
    with pytest.raises(ValueError, match=message):
        placement.pin(gazetteer.get(MIDNA_RUDA), lat, lon)


def test_regions_and_unknown_places_are_not_pinned(gazetteer):
    region = next(place for place in gazetteer.places if place.feature == "region")
    with pytest.raises(ValueError, match="region"):
        placement.pin(region, 48.0, 37.0)
    with pytest.raises(ValueError, match="no such place"):
        placement.pin(gazetteer.get(1), 48.0, 37.0)


def test_a_far_pin_asks_for_a_second_look(gazetteer):
    place = gazetteer.get(MIDNA_RUDA)
    assert placement.pin(place, *PIN).warning() == ""
    assert placement.pin(place, *PIN).distance_km == pytest.approx(6.1, abs=0.5)
    far = placement.pin(place, 50.0, 36.2)  # near Kharkiv
    assert "km from the centre of its hromada, Bakhmut" in far.warning()
    assert "Bakhmut raion, Donetsk Oblast" in far.warning()


def test_placing_a_village_updates_its_claims_and_survives_a_rebuild(tmp_path, store, gazetteer):
    result = ingest.ingest_text(store, REPORT, gazetteer=gazetteer, report_date=date(2023, 9, 17), tz="Europe/Kyiv")
    claims = store.claims(geonameid=MIDNA_RUDA)
    assert len(claims) >= 1 and set(claims["location_precision"]) == {"approximate"}
    listed = placement.imprecise_places(store, gazetteer)
    assert list(listed["geonameid"]) == [MIDNA_RUDA]
    assert listed.loc[0, "raion"] == "Bakhmut raion" and not listed.loc[0, "pinned"]

    affected = placement.save_pin(store, placement.pin(gazetteer.get(MIDNA_RUDA), *PIN), placed_by="analyst-a")
    assert affected == [result.report_id]
    kept = store.overrides(with_authors=True).iloc[-1]
    assert (kept["added_by"], kept["note"], kept["geonameid"]) == ("analyst-a", "analyst pin", MIDNA_RUDA)
    assert pd.Timestamp.now(tz="UTC") - kept["added_at"] < pd.Timedelta(minutes=5)

    # A rebuilt gazetteer.csv (here: the same rows written anew) keeps the pin: overrides apply on load.
    rebuilt = tmp_path / "gazetteer.csv"
    shutil.copyfile(GAZETTEER_PATH, rebuilt)
    pinned = load_gazetteer(rebuilt, extra_overrides=store.overrides())
    place = pinned.get(MIDNA_RUDA)
    assert (place.lat, place.lon, place.location_precision) == (*PIN, "exact")
    assert (place.raion, place.hromada, place.admin1) == ("Bakhmut raion", "Bakhmut hromada", "Donetsk Oblast")
    for spelling in ("Midna Ruda", "Мідна Руда"):
        assert pinned.resolve(spelling).place.geonameid == MIDNA_RUDA
    assert placement.imprecise_places(store, pinned).loc[0, "pinned"]  # placed; its claims not yet

    changed = ingest.reextract(store, result.report_id, pinned)
    assert changed.status == "extracted" and changed.changes.changed
    claims = store.claims(geonameid=MIDNA_RUDA)
    assert set(claims["location_precision"]) == {"exact"}
    assert set(zip(claims["lat"], claims["lon"])) == {PIN}
    assert placement.imprecise_places(store, pinned).empty


def test_pinning_one_namesake_does_not_give_it_every_mention(tmp_path, store, gazetteer):
    andriivka = gazetteer.resolve("Andriivka", context="Bakhmut raion").place
    assert gazetteer.resolve("Andriivka").place is None  # dozens of Andriivkas: the text must say which
    placement.save_pin(store, placement.pin(andriivka, 48.4867, 37.9539), placed_by="analyst-a")
    pinned = load_gazetteer(extra_overrides=store.overrides())
    assert pinned.resolve("Andriivka").place is None
    found = pinned.resolve("Andriivka", context="Bakhmut raion").place
    assert (found.geonameid, found.location_precision) == (andriivka.geonameid, "exact")


def test_an_unplaced_village_gets_its_first_point(tmp_path, store, gazetteer):
    from collections import Counter

    from claimmap import names

    keys = [names.key(p.name) for p in gazetteer.places]
    counts = Counter(keys)
    village = next(p for p, key in zip(gazetteer.places, keys) if p.location_precision == "unplaced"
                   and counts[key] == 1 and not gazetteer.is_ordinary_word(p.name) and " " not in p.name)
    result = ingest.ingest_text(store, f"Russian forces captured {village.name}, the Russian Defence Ministry said.",
                                gazetteer=gazetteer, report_date=date(2024, 9, 1), tz="Europe/Kyiv")
    listed = placement.imprecise_places(store, gazetteer).set_index("geonameid")
    assert listed.loc[village.geonameid, "location_precision"] == "unplaced"
    pinned = placement.pin(village, 48.1, 37.5)
    assert pinned.distance_km is None and pinned.warning() == ""  # nothing to measure from
    assert placement.save_pin(store, pinned, placed_by="analyst-a") == [result.report_id]
    ingest.reextract(store, result.report_id, load_gazetteer(extra_overrides=store.overrides()))
    claims = store.claims(geonameid=village.geonameid)
    assert set(zip(claims["lat"], claims["lon"], claims["location_precision"])) == {(48.1, 37.5, "exact")}


# -- the map it is placed on (claimmap.pinmap) ----------------------------------------------

def test_the_map_opens_at_the_village_or_else_at_its_oblast(gazetteer):
    from claimmap import pinmap

    regions = [p for p in gazetteer.places if p.feature == "region"]
    place = gazetteer.get(MIDNA_RUDA)
    assert pinmap.start_view(place, regions) == ((place.lat, place.lon), pinmap.ZOOM_NEAR)
    unplaced = next(p for p in gazetteer.places if p.location_precision == "unplaced" and p.country_code == "UA")
    (lat, lon), zoom = pinmap.start_view(unplaced, regions)
    oblast = next(r for r in regions if (r.country_code, r.admin1) == ("UA", unplaced.admin1))
    assert ((lat, lon), zoom) == ((oblast.lat, oblast.lon), pinmap.ZOOM_OBLAST)


def test_a_click_is_read_back_and_nothing_else_is_one():
    from claimmap import pinmap

    assert pinmap.clicked_point({"last_clicked": {"lat": 48.545251234, "lng": 37.96119876}}) == (48.54525, 37.9612)
    for returned in (None, {}, {"last_clicked": None}, {"last_clicked": {"lat": "48", "lng": 37}}):
        assert pinmap.clicked_point(returned) is None


def test_names_on_the_pin_map_are_escaped(gazetteer):
    import dataclasses

    import folium

    from claimmap import pinmap

    hostile = dataclasses.replace(gazetteer.get(MIDNA_RUDA), name="<img src=x onerror=alert(1)>${1}{{ 7*7 }}")
    fmap = folium.Map()
    pinmap.pin_layer(hostile, placement.pin(hostile, *PIN)).add_to(fmap)
    rendered = fmap.get_root().render()
    assert "<img src=x" not in rendered and "${1}" not in rendered and "{{ 7*7 }}" not in rendered
    assert "&lt;img src=x onerror=alert(1)&gt;" in rendered


def test_a_claim_the_analyst_corrected_moves_to_the_pin_and_stays_corrected(store, gazetteer):
    result = ingest.ingest_text(store, REPORT, gazetteer=gazetteer, report_date=date(2023, 9, 17), tz="Europe/Kyiv")
    claim_id = store.claims(geonameid=MIDNA_RUDA)["claim_id"].iloc[0]
    store.correct_claim(claim_id, {"hedged": True}, analyst="analyst-a")
    placement.save_pin(store, placement.pin(gazetteer.get(MIDNA_RUDA), *PIN), placed_by="analyst-b")
    changed = ingest.reextract(store, result.report_id, load_gazetteer(extra_overrides=store.overrides()))
    assert changed.changes.kept_corrections == [claim_id]
    claim = store.claims(geonameid=MIDNA_RUDA).set_index("claim_id").loc[claim_id]
    assert (claim["lat"], claim["lon"], claim["location_precision"]) == (*PIN, "exact")
    assert claim["hedged"] and claim["corrected"]  # the analyst's correction stands
    status = store.status_as_of(placement.EVERYTHING).set_index("geonameid").loc[MIDNA_RUDA]
    assert (status["lat"], status["lon"], status["location_precision"]) == (*PIN, "exact")
