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
KLISHCHIIVKA = 1051855172  # at the centre of its hromada, Bakhmut, in the gazetteer
PIN = (48.5453, 37.9612)
REPORT = "Ukrainian forces liberated Klishchiivka, south of Bakhmut, the General Staff said on Sunday."


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
    at.query_params["place"] = str(KLISHCHIIVKA)
    run(at)
    links = [link.proto for link in at.get("page_link")]
    assert [(link.label, link.query_string) for link in links] == [
        ("Approximate location: place it exactly", f"place_it={KLISHCHIIVKA}")]


def test_confirming_a_pin_places_the_village_and_updates_its_claims(db_url):
    at = AppTest.from_file(str(REPO / "pages" / "gazetteer.py"), default_timeout=90)
    at.query_params["place_it"] = str(KLISHCHIIVKA)
    run(at)
    assert at.selectbox(key="placeit_place").value == KLISHCHIIVKA
    assert any("Bakhmut raion, Donetsk Oblast, UA. Now approximate: the centre of its hromada, Bakhmut" in t.value
               for t in at.text)
    assert "placeit_confirm" not in [button.key for button in at.button]  # no point yet, nothing to confirm

    at.session_state["placeit_point"] = (KLISHCHIIVKA, *PIN, "analyst pin")  # what a click on the map keeps
    run(at)
    assert any(t.value.startswith("Proposed: 48.54530, 37.96120 for Klishchiivka (Bakhmut raion, Donetsk Oblast, UA)")
               for t in at.text)
    at.text_input(key="placeit_by").set_value("analyst-b")
    at.button(key="placeit_confirm").click()
    run(at)
    assert any("Placed Klishchiivka at 48.54530, 37.96120" in s.value and "Re-extracted 1 reports" in s.value
               for s in at.success), [s.value for s in at.success]
    store = Store.open(db_url)
    claims = store.claims(geonameid=KLISHCHIIVKA)
    assert set(claims["location_precision"]) == {"exact"} and set(zip(claims["lat"], claims["lon"])) == {PIN}
    kept = store.overrides(with_authors=True).iloc[-1]
    assert (kept["added_by"], kept["note"]) == ("analyst-b", "analyst pin")
    assert any("Every place with claims is placed exactly" in s.value for s in at.success)


def test_a_far_pin_is_questioned_before_it_is_saved(db_url):
    at = AppTest.from_file(str(REPO / "pages" / "gazetteer.py"), default_timeout=90)
    at.query_params["place_it"] = str(KLISHCHIIVKA)
    at.session_state["placeit_point"] = (KLISHCHIIVKA, 50.0, 36.2, "analyst pin")
    run(at)
    assert any("km from the centre of its hromada, Bakhmut" in w.value for w in at.warning)
    assert Store.open(db_url).overrides().empty  # nothing saved without the confirmation
