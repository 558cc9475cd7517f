"""A place's card on the map, in real Chromium, as an analyst reads it: click a marker, read the
card (status as of the moment, each side's latest claim), close it; a hostile report's card runs
nothing. Requests off 127.0.0.1 are blocked (see `test_browser.offline_page`)."""
from __future__ import annotations

import pytest

from test_browser import (ARTIFACTS, BALAKLIIA, IZYUM, MAP_IFRAME, app_url, caption_with, click_place,  # noqa: F401
                          map_frame, offline_page, settled)
from mapseed import XSS

pytestmark = pytest.mark.browser


def open_card(page, geonameid: int):
    """Click a place's marker and wait for its card to open on the map."""
    click_place(page, geonameid)
    card = page.frame_locator(MAP_IFRAME).locator(".leaflet-popup .claimmap-place")
    card.wait_for()
    return card


def test_click_a_marker_and_read_its_card(app_url, chromium_path):
    with offline_page(chromium_path) as (page, watch):
        page.goto(app_url)
        map_frame(page).wait_for_selector("path.leaflet-interactive")
        card = open_card(page, IZYUM)
        text = card.inner_text()
        assert text.startswith("Izyum Kharkiv Oblast")
        assert "held by Ukraine" in text and "claimants: Ukrainian 1 · Russian 3" in text
        cards = card.locator(".claimmap-card")
        assert cards.count() == 2                                       # the latest claim of each side
        assert "Honcharenko (Ukrainian MP)" in cards.nth(0).inner_text()
        denial = cards.nth(1)
        assert denial.locator("header").inner_text() == "10 Sep 2022 · Izyum"  # known to the day only
        assert "Russian source denies: held by Russia (holds)" in denial.inner_text()
        assert denial.locator("mark").inner_text() == "Izyum"
        # compact: inside the map, no sideways scrolling. Leaflet pans the map to fit an opened card
        # with an animation, and the rerun after the click may reopen it: wait for both to finish.
        settled(page)
        page.locator(MAP_IFRAME).element_handle().content_frame().wait_for_function(
            """() => { const p = document.querySelector('.leaflet-popup'), m = document.querySelector('.leaflet-container');
                      if (!p || !m) { return false; }
                      const a = p.getBoundingClientRect(), b = m.getBoundingClientRect();
                      return a.top >= b.top && a.bottom <= b.bottom && a.left >= b.left && a.right <= b.right; }""",
            polling=200, timeout=10_000)
        popup = page.frame_locator(MAP_IFRAME).locator(".leaflet-popup")
        box, map_box = popup.bounding_box(), page.locator(MAP_IFRAME).bounding_box()
        assert box["width"] <= 340 and box["width"] < map_box["width"] / 2, box
        assert map_box["x"] <= box["x"] and box["x"] + box["width"] <= map_box["x"] + map_box["width"], (box, map_box)
        assert map_box["y"] <= box["y"] and box["y"] + box["height"] <= map_box["y"] + map_box["height"], (box, map_box)
        assert card.evaluate("(e) => e.scrollWidth <= e.clientWidth")
        page.get_by_text("Izyum (GeoNames 707292)").wait_for()          # the cards beside it follow
        ARTIFACTS.mkdir(exist_ok=True)
        page.locator(MAP_IFRAME).screenshot(path=str(ARTIFACTS / "map_place_popup.png"))
        assert watch.dialogs == []


@pytest.mark.xfail(reason="known defect, flaky under load: a card closed, the map zoomed out and in, and its "
                          "marker clicked again does not always open (the rerun after the click redraws the "
                          "layer); see the closing note of 2026-12-07", strict=False)
def test_a_closed_card_opens_again_on_a_click(app_url, chromium_path):
    with offline_page(chromium_path) as (page, watch):
        page.goto(app_url)
        map_frame(page).wait_for_selector("path.leaflet-interactive")
        open_card(page, IZYUM)
        popup = page.frame_locator(MAP_IFRAME).locator(".leaflet-popup")
        # closed, it stays closed while the analyst moves the map
        popup.locator(".leaflet-popup-close-button").click()
        popup.wait_for(state="detached")
        page.frame_locator(MAP_IFRAME).locator(".leaflet-control-zoom-out").click()
        page.wait_for_url(lambda url: "zoom=6" in url)
        settled(page)
        assert popup.count() == 0
        # clicked again, it opens, and stays open while the map moves (the page redraws its layer)
        zoom_in = page.frame_locator(MAP_IFRAME).locator(".leaflet-control-zoom-in")
        zoom_in.click()
        page.wait_for_url(lambda url: "zoom=6" not in url)
        settled(page)  # the page's rerun redraws the places layer: click the new one
        assert popup.count() == 0
        open_card(page, IZYUM)
        settled(page)
        zoom_in.click()
        page.wait_for_url(lambda url: "zoom=8" in url)
        settled(page)
        page.frame_locator(MAP_IFRAME).locator(".leaflet-popup .claimmap-place").wait_for()
        assert watch.dialogs == []


def test_a_hostile_report_shows_as_text_in_its_card(app_url, chromium_path):
    with offline_page(chromium_path) as (page, watch):
        page.goto(app_url + "?q=Balakliia")            # a filter set: the card comes from the kept claims
        map_frame(page).wait_for_selector("path.leaflet-interactive")
        card = open_card(page, BALAKLIIA)
        assert XSS in card.inner_text()
        assert card.evaluate("(e) => e.scrollWidth <= e.clientWidth")  # long unbroken text wraps
        page.wait_for_timeout(1000)
        ARTIFACTS.mkdir(exist_ok=True)
        page.locator(MAP_IFRAME).screenshot(path=str(ARTIFACTS / "map_hostile_popup.png"))
        assert [f.evaluate("window.__pwned") for f in page.frames] == [None] * len(page.frames)
        assert page.frame_locator(MAP_IFRAME).locator("img[src='x']").count() == 0
        assert watch.dialogs == []
