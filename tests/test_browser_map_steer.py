"""Steering the map in real Chromium, as an analyst does: the timeline follows the sidebar's
filters, the status-as-of moment is typed and stepped claim by claim, and the link keeps it.
Requests off 127.0.0.1 are blocked (see `test_browser.offline_page`)."""
from __future__ import annotations

import pytest

from mapseed import seed_claims, xss_claim
from test_browser import ARTIFACTS, app_url, caption_with, map_frame, offline_page  # noqa: F401

pytestmark = pytest.mark.browser

CLAIMS = [*seed_claims(), xss_claim()]
BARS = "g.mark-rect:not([class*=brush]) path"  # the bars and the window's band, not the brush
BAR_PATHS = f"(chart) => chart.querySelectorAll('{BARS}').length"


def bars(claims) -> int:
    """The timeline's stacked bars for these claims (one per hour and claimed controller; the
    seed's claims span two days, so the timeline counts per hour), plus the window's band."""
    return len({(c.time_utc.strftime("%Y-%m-%d %H"), c.claimed_controller) for c in claims}) + 1


def test_the_timeline_follows_the_filters(app_url, chromium_path):
    with offline_page(chromium_path) as (page, watch):
        page.goto(app_url)
        map_frame(page).wait_for_selector("path.leaflet-interactive")
        chart = page.locator('[data-testid="stVegaLiteChart"]').first
        chart.locator(BARS).last.wait_for()
        assert chart.evaluate(BAR_PATHS) == bars(CLAIMS)
        sidebar = page.locator('[data-testid="stSidebar"]')
        sidebar.locator('[data-testid="stMultiSelect"]', has_text="Claimant side").locator("input").click()
        page.get_by_role("option", name="RU").click()
        page.keyboard.press("Escape")
        caption_with(page, "The claims the filters keep over time").wait_for()
        russian = [c for c in CLAIMS if c.claimant_side == "RU"]
        page.wait_for_function(f"() => document.querySelector('[data-testid=\"stVegaLiteChart\"]')"
                               f".querySelectorAll('{BARS}').length === {bars(russian)}")
        ARTIFACTS.mkdir(exist_ok=True)
        chart.screenshot(path=str(ARTIFACTS / "map_timeline_filtered.png"))
        assert watch.dialogs == []


def as_of_field(page, label: str):
    """The as-of moment's day or minute field (the third "time" on the page: after the window's two)."""
    fields = page.locator(f'[role=group][aria-label="{label}"]')
    return fields.nth(2) if label == "time" else fields.first


def type_as_of(page, day: str, minute: str) -> None:
    """Type the status-as-of moment's day (YYYYMMDD) and minute (HHMM), each committed by leaving it."""
    for field, digits in ((as_of_field(page, "time"), minute), (as_of_field(page, "Status as of (UTC)"), day)):
        field.get_by_role("spinbutton").first.click()
        page.keyboard.type(digits)
        for _ in range(3):
            page.keyboard.press("Tab")


def test_type_the_as_of_and_step_claim_by_claim(app_url, chromium_path):
    times = sorted({f"{c.time_utc:%Y-%m-%d %H:%M}" for c in CLAIMS})
    with offline_page(chromium_path) as (page, watch):
        page.goto(app_url)
        map_frame(page).wait_for_selector("path.leaflet-interactive")
        type_as_of(page, "20220910", "0600")
        caption_with(page, "(status as of 2022-09-10 06:00 UTC)").wait_for()
        page.wait_for_url(lambda url: "as_of=2022-09-10T06" in url)
        later = [t for t in times if t > "2022-09-10 06:00"]
        page.get_by_role("button", name="next claim ▶").click()
        caption_with(page, f"(status as of {later[0]} UTC)").wait_for()
        page.get_by_role("button", name="next claim ▶").click()
        caption_with(page, f"(status as of {later[1]} UTC)").wait_for()
        page.wait_for_url(lambda url: f"as_of={later[1][:10]}T{later[1][11:13]}" in url)
        link = page.url
        page.get_by_role("button", name="◀ previous claim").click()
        caption_with(page, f"(status as of {later[0]} UTC)").wait_for()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "map_as_of_steps.png"))
        assert watch.dialogs == []
    with offline_page(chromium_path) as (page, watch):        # the link keeps the moment
        page.goto(link)
        map_frame(page).wait_for_selector("path.leaflet-interactive")
        caption_with(page, f"(status as of {later[1]} UTC)").wait_for()
        shown = "".join(ch for ch in as_of_field(page, "time").inner_text() if ch.isdigit() or ch == ":")
        assert shown == later[1][11:]                          # the typed minute shows it too
