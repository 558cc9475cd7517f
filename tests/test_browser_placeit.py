"""In real Chromium (requests off 127.0.0.1 blocked): a claim about a village the gazetteer places only
approximately reaches the map drawn as approximate; the analyst follows "place it exactly" from its
claims, clicks where the village is on the Gazetteer page's map, confirms, and the map then shows its
claims at that point, exact.

Reuses the browser helpers of `test_browser.py` (server on a free port, offline page, map frame).
The report is our own made-up text, extracted by the real pipeline.
"""
from __future__ import annotations

from datetime import date

import re

import pytest

from claimmap import assets, ingest
from claimmap.store import Store
from test_browser import ARTIFACTS, MAP_IFRAME, click_place, map_frame, offline_page, streamlit_app

pytestmark = pytest.mark.browser
MIDNA_RUDA = 1823768014  # KATOTTG village with no point of its own, at the centre of its hromada (Bakhmut)
PIN = (48.5453, 37.9612)   # a made-up pin 6 km south-west of Bakhmut
PROPOSED = re.compile(r"Proposed: (?P<lat>-?[\d.]+), (?P<lon>-?[\d.]+) for")
REPORT = ("Ukrainian forces have liberated Midna Ruda, near Bakhmut, the General Staff of the Armed "
          "Forces of Ukraine said on Sunday evening.")


def marker(frame, geonameid: int) -> dict | None:
    """The place's marker as drawn: its point and its dash pattern (dotted "1 5": approximate)."""
    return frame.evaluate("""(id) => {
        for (const key in window.map._layers) {
            const layer = window.map._layers[key];
            if (layer.feature && layer.feature.properties.geonameid === id && layer.getLatLng) {
                const at = layer.getLatLng();
                return {lat: at.lat, lon: at.lng, dash: layer.options.dashArray};
            }
        }
        return null;
    }""", geonameid)


def only_map(page, drawn: str):
    """The page's one map frame, once it shows `drawn` (a CSS selector) and no stale map of the page
    before lingers beside it (Streamlit keeps the last page's elements until the new run ends)."""
    page.wait_for_function("""([frames, drawn]) => {
        const found = document.querySelectorAll(frames);
        return found.length === 1 && found[0].contentDocument && found[0].contentDocument.querySelector(drawn);
    }""", arg=[MAP_IFRAME, drawn], polling=500, timeout=120_000)
    return page.locator(MAP_IFRAME).element_handle().content_frame()


def click_at(page, frame, lat: float, lon: float) -> None:
    """Click the map with the real mouse where the point (lat, lon) is drawn."""
    x, y = frame.evaluate("([lat, lon]) => { const p = window.map.latLngToContainerPoint([lat, lon]); "
                          "return [p.x, p.y]; }", [lat, lon])
    box = page.locator(MAP_IFRAME).bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)


def test_placing_an_approximate_village_by_a_click_updates_its_claims(tmp_path, chromium_path, gazetteer):
    if not all(source.exists() for source in assets.VENDOR_SOURCES.values()):
        pytest.skip("offline map assets not installed: run `npm ci` (README set-up)")
    url = f"sqlite:///{tmp_path / 'claims.db'}"
    store = Store.open(url)
    ingest.ingest_text(store, REPORT, gazetteer=gazetteer, report_date=date(2023, 9, 17), tz="Europe/Kyiv")
    before = store.claims(geonameid=MIDNA_RUDA)
    assert len(before) and set(before["location_precision"]) == {"approximate"}
    with streamlit_app({"CLAIMMAP_DATABASE_URL": url}) as app, offline_page(chromium_path) as (page, watch):
        page.goto(app)
        frame = map_frame(page)
        frame.wait_for_selector("path.leaflet-interactive")
        drawn = marker(frame, MIDNA_RUDA)
        assert drawn is not None and drawn["dash"] == "1 5", drawn  # on the map, drawn as approximate
        place = gazetteer.get(MIDNA_RUDA)
        assert (round(drawn["lat"], 4), round(drawn["lon"], 4)) == (round(place.lat, 4), round(place.lon, 4))

        click_place(page, MIDNA_RUDA)
        page.get_by_role("link", name="Approximate location: place it exactly").click()
        page.get_by_text("Place a village exactly").wait_for(timeout=60_000)
        page.get_by_text("Bakhmut raion, Donetsk Oblast, UA. Now approximate").wait_for()
        page.get_by_text("Background tiles (online)").click()  # offline: outlines and settlement names
        frame = only_map(page, ".claimmap-name")  # the pin map, offline, with the settlements named
        page.locator(MAP_IFRAME).scroll_into_view_if_needed()
        click_at(page, frame, *PIN)
        proposed = page.get_by_text("for Midna Ruda (Bakhmut raion, Donetsk Oblast, UA)")
        proposed.wait_for(timeout=60_000)
        found = PROPOSED.search(proposed.inner_text())
        assert found and "source: analyst pin" in proposed.inner_text(), proposed.inner_text()
        clicked = (float(found["lat"]), float(found["lon"]))  # the clicked pixel's point, a metre or so off
        assert abs(clicked[0] - PIN[0]) < 1e-3 and abs(clicked[1] - PIN[1]) < 1e-3, clicked
        frame.wait_for_function("document.querySelectorAll('path.leaflet-interactive, path').length >= 2")
        page.wait_for_timeout(500)  # the pin's label placed
        ARTIFACTS.mkdir(exist_ok=True)
        top = page.get_by_text("Place a village exactly").bounding_box()
        bottom = page.locator(MAP_IFRAME).bounding_box()
        page.screenshot(path=str(ARTIFACTS / "place_it.png"), full_page=True,  # docs/place-it.png is a copy
                        clip={"x": top["x"] - 20, "y": top["y"] - 10, "width": 1500 - top["x"],
                              "height": bottom["y"] + bottom["height"] + 70 - top["y"]})

        page.get_by_role("button", name="Place Midna Ruda here").click()
        done = page.locator("[data-testid=stAlertContentSuccess]").filter(has_text="Placed Midna Ruda")
        done.wait_for(timeout=120_000)
        assert "Re-extracted 1 reports" in done.inner_text()

        page.get_by_role("link", name="Map").click()
        frame = only_map(page, ".claimmap-legend")
        frame.wait_for_selector("path.leaflet-interactive")
        drawn = marker(frame, MIDNA_RUDA)
        assert (round(drawn["lat"], 5), round(drawn["lon"], 5)) == clicked and drawn["dash"] != "1 5", drawn
        page.screenshot(path=str(ARTIFACTS / "place_it_after.png"))
        assert watch.dialogs == []

    after = Store.open(url).claims(geonameid=MIDNA_RUDA)
    assert set(after["location_precision"]) == {"exact"} and set(zip(after["lat"], after["lon"])) == {clicked}
    assert sorted(after["claim_id"]) == sorted(before["claim_id"])  # the same claims, now placed exactly
