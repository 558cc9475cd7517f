"""Placing an approximate village from the pages (AppTest, real SQLite store, real gazetteer): the Map
page links a selected approximate place to the Gazetteer page, which pins it and re-extracts its reports.
The click itself is the browser test's (tests/test_browser_placeit.py); here the clicked point is put
where the page keeps it."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from claimmap import ingest
from claimmap.store import Store

REPO = Path(__file__).resolve().parents[1]
MIDNA_RUDA = 1823768014  # no point of its own: at the centre of its hromada, Bakhmut, in the gazetteer
PIN = (48.5453, 37.9612)  # a made-up pin 6 km south-west of Bakhmut
REPORT = "Ukrainian forces liberated Midna Ruda, near Bakhmut, the General Staff said on Sunday."


@pytest.fixture
def db_url(tmp_path, monkeypatch, gazetteer) -> str:
    url = f"sqlite:///{tmp_path / 'claimmap.db'}"
    ingest.ingest_text(Store.open(url), REPORT, gazetteer=gazetteer, report_date=date(2023, 9, 17),
                       tz="Europe/Kyiv")
    monkeypatch.setenv("CLAIMMAP_DATABASE_URL", url)
    st.cache_resource.clear()
    st.cache_data.clear()
    yield url
    st.cache_resource.clear()


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_map_links_an_approximate_place_to_placing_it(db_url):
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=90)
    at.query_params["place"] = str(MIDNA_RUDA)
    run(at)
    links = [link.proto for link in at.get("page_link")]
    assert [(link.label, link.query_string) for link in links] == [
        ("Approximate location: place it exactly", f"place_it={MIDNA_RUDA}")]


def test_confirming_a_pin_places_the_village_and_updates_its_claims(db_url):
    at = AppTest.from_file(str(REPO / "pages" / "gazetteer.py"), default_timeout=90)
    at.query_params["place_it"] = str(MIDNA_RUDA)
    run(at)
    assert at.selectbox(key="placeit_place").value == MIDNA_RUDA
    assert any("Bakhmut raion, Donetsk Oblast, UA. Now approximate: the centre of its hromada, Bakhmut" in t.value
               for t in at.text)
    assert "placeit_confirm" not in [button.key for button in at.button]  # no point yet, nothing to confirm

    at.session_state["placeit_point"] = (MIDNA_RUDA, *PIN, "analyst pin")  # what a click on the map keeps
    run(at)
    assert any(t.value.startswith("Proposed: 48.54530, 37.96120 for Midna Ruda (Bakhmut raion, Donetsk Oblast, UA)")
               for t in at.text)
    at.text_input(key="placeit_by").set_value("analyst-b")
    at.button(key="placeit_confirm").click()
    run(at)
    assert any("Placed Midna Ruda at 48.54530, 37.96120" in s.value and "Re-extracted 1 reports" in s.value
               for s in at.success), [s.value for s in at.success]
    store = Store.open(db_url)
    claims = store.claims(geonameid=MIDNA_RUDA)
    assert set(claims["location_precision"]) == {"exact"} and set(zip(claims["lat"], claims["lon"])) == {PIN}
    kept = store.overrides(with_authors=True).iloc[-1]
    assert (kept["added_by"], kept["note"]) == ("analyst-b", "analyst pin")
    assert any("Every place with claims is placed exactly" in s.value for s in at.success)


def test_a_far_pin_is_questioned_before_it_is_saved(db_url):
    at = AppTest.from_file(str(REPO / "pages" / "gazetteer.py"), default_timeout=90)
    at.query_params["place_it"] = str(MIDNA_RUDA)
    at.session_state["placeit_point"] = (MIDNA_RUDA, 50.0, 36.2, "analyst pin")
    run(at)
    assert any("km from the centre of its hromada, Bakhmut" in w.value for w in at.warning)
    assert Store.open(db_url).overrides().empty  # nothing saved without the confirmation


def test_an_online_proposal_is_shown_and_saved_only_when_confirmed_with_its_source(db_url, gazetteer, tmp_path,
                                                                                   monkeypatch):
    """The lookup answers from a cache we wrote (Nominatim itself is never asked in tests)."""
    import json

    from claimmap import geocode_online

    place = gazetteer.get(MIDNA_RUDA)
    query = geocode_online.place_queries(place, gazetteer.names_of(place))[0]
    cache = tmp_path / "geocode_online.json"
    cache.write_text(json.dumps({json.dumps(query, ensure_ascii=False, sort_keys=True).casefold() + "|ua": {
        "lat": "48.5453", "lon": "37.9612", "osm_type": "node", "osm_id": 1234,
        "display_name": "Мідна Руда, Бахмутський район, Донецька область, Україна"}}, ensure_ascii=False))
    monkeypatch.setattr(geocode_online, "CACHE_PATH", cache)
    monkeypatch.setattr(geocode_online, "_nominatim", lambda: pytest.fail("asked Nominatim in a test"))
    monkeypatch.delenv("CLAIMMAP_ONLINE_GEOCODE", raising=False)

    at = AppTest.from_file(str(REPO / "pages" / "gazetteer.py"), default_timeout=90)
    at.query_params["place_it"] = str(MIDNA_RUDA)
    run(at)
    assert at.toggle(key="placeit_online").value is False  # off unless switched on
    assert "placeit_ask" not in [button.key for button in at.button]
    at.toggle(key="placeit_online").set_value(True)
    run(at)
    at.button(key="placeit_ask").click()
    run(at)
    proposed = next(t.value for t in at.text if t.value.startswith("Proposed:"))
    assert proposed.startswith("Proposed: 48.54530, 37.96120 for Midna Ruda (Bakhmut raion, Donetsk Oblast, UA)")
    assert "proposed by OpenStreetMap Nominatim" in proposed and "(node 1234)" in proposed
    store = Store.open(db_url)
    assert store.overrides().empty  # shown, not saved
    at.button(key="placeit_confirm").click()
    run(at)
    note = store.overrides().iloc[-1]["note"]
    assert note.startswith("analyst pin, proposed by OpenStreetMap Nominatim") and note.endswith("(node 1234)")
    assert set(store.claims(geonameid=MIDNA_RUDA)["location_precision"]) == {"exact"}


def test_an_online_lookup_that_fails_says_so_and_saves_nothing(db_url, tmp_path, monkeypatch):
    from geopy.exc import GeocoderUnavailable

    from claimmap import geocode_online

    def unreachable(query, **options):
        raise GeocoderUnavailable("no network")

    monkeypatch.setattr(geocode_online, "CACHE_PATH", tmp_path / "geocode_online.json")
    monkeypatch.setattr(geocode_online, "_nominatim", lambda: unreachable)
    monkeypatch.setenv("CLAIMMAP_ONLINE_GEOCODE", "1")  # on by default then
    at = AppTest.from_file(str(REPO / "pages" / "gazetteer.py"), default_timeout=90)
    at.query_params["place_it"] = str(MIDNA_RUDA)
    run(at)
    at.button(key="placeit_ask").click()
    run(at)
    assert any("Online lookup failed: GeocoderUnavailable: no network" in w.value for w in at.warning)
    assert "placeit_confirm" not in [button.key for button in at.button]
    assert Store.open(db_url).overrides().empty


@pytest.mark.parametrize("kind", ["not a number", "no such id", "a region"])
def test_a_link_to_no_settlement_says_so(db_url, kind, gazetteer):
    region = next(p for p in gazetteer.places if p.feature == "region").geonameid
    asked = {"not a number": "12abc", "no such id": "999999999999", "a region": str(region)}[kind]
    at = AppTest.from_file(str(REPO / "pages" / "gazetteer.py"), default_timeout=90)
    at.query_params["place_it"] = asked
    run(at)
    assert any(f"No settlement with id {asked} to place" in w.value for w in at.warning)
    assert at.selectbox(key="placeit_place").value == MIDNA_RUDA  # the places to place are still offered
