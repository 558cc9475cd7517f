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


def assert_card_fits_the_map(page) -> None:
    """The open card lies inside the map, at most 340 px wide, once the app's rerun is over and the
    map is still (Leaflet pans the map to fit a card it opens, with an animation)."""
    settled(page)
    frame = page.locator(MAP_IFRAME).element_handle().content_frame()
    frame.wait_for_function("() => !window.map._animatingZoom && !(window.map._panAnim && window.map._panAnim._inProgress)",
                            polling=100)
    box = page.frame_locator(MAP_IFRAME).locator(".leaflet-popup").bounding_box()
    map_box = page.locator(MAP_IFRAME).bounding_box()
    assert box["width"] <= 340 and box["width"] < map_box["width"] / 2, box
    assert map_box["x"] <= box["x"] and box["x"] + box["width"] <= map_box["x"] + map_box["width"], (box, map_box)
    assert map_box["y"] <= box["y"] and box["y"] + box["height"] <= map_box["y"] + map_box["height"], (box, map_box)


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
        assert_card_fits_the_map(page)                                  # compact: inside the map
        assert card.evaluate("(e) => e.scrollWidth <= e.clientWidth")
        page.get_by_text("Izyum (GeoNames 707292)").wait_for()          # the cards beside it follow
        ARTIFACTS.mkdir(exist_ok=True)
        page.locator(MAP_IFRAME).screenshot(path=str(ARTIFACTS / "map_place_popup.png"))
        assert watch.dialogs == []


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


def test_a_shared_link_opens_its_card_out_of_a_cluster(app_url, chromium_path):
    with offline_page(chromium_path) as (page, watch):
        # zoom 5: Izyum's marker is inside a cluster with its neighbours; the link names it
        page.goto(f"{app_url}?place={IZYUM}&zoom=5&center=49.0,36.0")
        card = page.frame_locator(MAP_IFRAME).locator(".leaflet-popup .claimmap-place")
        card.wait_for()
        assert card.inner_text().startswith("Izyum Kharkiv Oblast")
        assert_card_fits_the_map(page)
        frame = page.locator(MAP_IFRAME).element_handle().content_frame()
        zoom = frame.evaluate("window.map.getZoom()")
        assert zoom > 5                                                 # zoomed in to take it out of the cluster
        page.wait_for_url(lambda url: f"zoom={zoom}" in url)            # and the link follows the map
        settled(page, quiet_ms=3000)                                    # the map stays: no view pushed back at it
        assert frame.evaluate("window.map.getZoom()") == zoom and card.count() == 1
        ARTIFACTS.mkdir(exist_ok=True)
        page.locator(MAP_IFRAME).screenshot(path=str(ARTIFACTS / "map_card_from_link.png"))
        assert watch.dialogs == []


def test_a_shared_link_to_a_place_off_the_map_says_why(app_url, chromium_path):
    with offline_page(chromium_path) as (page, watch):
        # Izyum's claims are all on 10 September: a window ending on the 9th does not draw it
        page.goto(f"{app_url}?since=2022-09-08T12:00Z&until=2022-09-09T12:00Z&place={IZYUM}")
        page.get_by_text("Izyum (GeoNames 707292)").wait_for()
        page.get_by_text("It is not on the map: no claim about it in this window.").wait_for()
        map_frame(page).wait_for_selector("path.leaflet-interactive")
        assert page.frame_locator(MAP_IFRAME).locator(".leaflet-popup").count() == 0
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
