"""The app in real Chromium: `streamlit run app.py` on a free port, a store in tmp, no network.

Every request not to 127.0.0.1 is blocked, so this also proves the map works
offline (scripts from static/vendor, outlines bundled). The helpers at the top
(`streamlit_app`, `offline_page`, `map_frame`, `click_place`) are meant for
other browser tests too.
"""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from claimmap import assets
from mapseed import seed_store

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "tests" / "artifacts"
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
IZYUM, BALAKLIIA = 707292, 711660

pytestmark = pytest.mark.browser


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def streamlit_app(env: dict[str, str], app: Path = REPO / "app.py", timeout: float = 60,
                  address: str | None = "127.0.0.1"):
    """Run `streamlit run app` headless on a free local port; yield its URL; stop it after.
    (`address` None: the one .streamlit/config.toml gives.)

    The server writes its output to tests/artifacts/streamlit-PORT.log, not to a pipe nobody reads
    (a full pipe would stall it), and watches no files (a test edits none)."""
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(app), "--server.headless", "true",
               *(["--server.address", address] if address else []), "--server.port", str(port),
               "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"]
    ARTIFACTS.mkdir(exist_ok=True)
    log_path = ARTIFACTS / f"streamlit-{port}.log"
    with log_path.open("w", encoding="utf-8") as log:
        server = subprocess.Popen(command, cwd=app.parent, env={**os.environ, **env},
                                  stdout=log, stderr=subprocess.STDOUT, text=True)
        url = f"http://127.0.0.1:{port}/"
        try:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    with urllib.request.urlopen(url + "_stcore/health", timeout=2) as answer:
                        if answer.status == 200:
                            break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(f"streamlit did not start:\n{log_path.read_text(encoding='utf-8')}")
                    time.sleep(0.3)
            yield url
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()


@dataclass
class Watch:
    """What the page tried that it should not: requests off this machine, and dialogs."""

    blocked: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@contextmanager
def offline_page(chromium_path: str, viewport=(1500, 1150)):
    """A Chromium page that can reach 127.0.0.1 only; yields (page, Watch)."""
    from playwright.sync_api import sync_playwright

    watch = Watch()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"])
        try:
            page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
            # A shared CI machine can stall for a while: waits fail on what the page shows, not on its speed
            # (speed is the benchmarks' business).
            page.set_default_timeout(60_000)
            page.set_default_navigation_timeout(60_000)

            def route(request_route):
                if request_route.request.url.startswith("http://127.0.0.1:"):
                    request_route.continue_()
                else:
                    watch.blocked.append(request_route.request.url)
                    request_route.abort()

            page.route("**/*", route)
            page.on("dialog", lambda dialog: (watch.dialogs.append(dialog.message), dialog.dismiss()))
            yield page, watch
        finally:
            browser.close()


def map_frame(page, timeout: float = 150_000):
    """The map's iframe (streamlit-folium), once its legend is drawn. The first page of a fresh server
    loads the gazetteer and the store: at a load average of 30 on 2 cores that took over 60 s."""
    page.frame_locator(MAP_IFRAME).locator(".claimmap-legend").wait_for(timeout=timeout)
    return page.locator(MAP_IFRAME).element_handle().content_frame()


def place_point(frame, geonameid: int) -> tuple[float, float] | None:
    """Where the marker of a place is drawn, in the iframe's pixels (None: not drawn)."""
    return frame.evaluate("""(id) => {
        for (const key in window.map._layers) {
            const layer = window.map._layers[key];
            if (layer.feature && layer.feature.properties.geonameid === id && layer.getLatLng) {
                const point = window.map.latLngToContainerPoint(layer.getLatLng());
                return [point.x, point.y];
            }
        }
        return null;
    }""", geonameid)


def click_place(page, geonameid: int, *, hover_only: bool = False) -> None:
    """Move the real mouse onto a place's marker and click it (or only hover)."""
    frame = map_frame(page)
    point = place_point(frame, geonameid)
    assert point is not None, f"no marker for place {geonameid}"
    box = page.locator(MAP_IFRAME).bounding_box()
    page.mouse.move(box["x"] + point[0], box["y"] + point[1])
    if not hover_only:
        page.mouse.click(box["x"] + point[0], box["y"] + point[1])


def settled(page, quiet_ms: int = 1500, timeout: float = 60_000) -> None:
    """Wait until the app's script has finished its rerun (Streamlit's running indicator gone) and
    stayed so for `quiet_ms`: on a busy machine a fixed pause ends before the map is redrawn."""
    page.wait_for_timeout(300)  # the rerun a click or a move asks for has started
    page.wait_for_function(
        """(quiet) => {
            const running = document.querySelector('[data-testid="stStatusWidget"]');
            const now = Date.now();
            if (running) { window.__settledSince = null; return false; }
            window.__settledSince = window.__settledSince || now;
            return now - window.__settledSince >= quiet;
        }""", arg=quiet_ms, polling=200, timeout=timeout)


def type_window_start(page, day: str, minute: str) -> None:
    """Type the window's start into its inputs as an analyst does: the day's digits (YYYYMMDD), then
    the time's (HHMM), each field committed by leaving it."""
    for label, digits in (("time", minute), ("Window from (UTC)", day)):
        page.get_by_label(label).first.get_by_role("spinbutton").first.click()
        page.keyboard.type(digits)
        for _ in range(3):  # out of the field's segments and its calendar button
            page.keyboard.press("Tab")


def caption_with(page, text: str):
    return page.get_by_text(text, exact=False).first


@pytest.fixture(scope="module")
def app_url(tmp_path_factory, chromium_path):
    if not all(source.exists() for source in assets.VENDOR_SOURCES.values()):
        pytest.skip("offline map assets not installed: run `npm ci` (README set-up)")
    url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'claims.db'}"
    seed_store(url).close()
    with streamlit_app({"CLAIMMAP_DATABASE_URL": url}) as app:
        yield app


def test_map_offline_markers_click_window_and_playback(app_url, chromium_path):
    with offline_page(chromium_path) as (page, watch):
        page.goto(app_url)
        frame = map_frame(page)
        frame.wait_for_selector(".leaflet-outlines-pane path", state="attached")
        assert frame.locator("path.leaflet-interactive").count() == 5          # the seed's places
        assert frame.locator(".leaflet-outlines-pane path").count() > 100      # country outlines
        assert "Claimed controller" in frame.locator(".claimmap-legend").inner_text()
        caption_with(page, "11 claims about 5 places").wait_for()

        click_place(page, IZYUM)
        page.get_by_text("Claims about the selected place").wait_for()
        page.get_by_text("Izyum (GeoNames 707292)").wait_for()
        page.wait_for_url(re.compile(r"place=707292"))

        # Type a later start: the 8 September claim drops out, the end stays. The map is
        # not rebuilt (same iframe document, same zoom): only its places layer changes.
        frame.evaluate("window.__same_map = true")
        zoom = frame.evaluate("window.map.getZoom()")
        page.frame_locator(MAP_IFRAME).locator(".leaflet-control-zoom-in").click()
        frame.wait_for_function(f"window.map.getZoom() === {zoom + 1}")
        type_window_start(page, "20220908", "1300")
        caption_with(page, "10 claims about 4 places").wait_for()
        page.wait_for_url(re.compile(r"since=2022-09-08T13(:|%3A)00Z"))
        frame.wait_for_function("document.querySelectorAll('path.leaflet-interactive').length === 4")
        assert frame.evaluate("[window.__same_map, window.map.getZoom()]") == [True, zoom + 1]

        page.get_by_text("playback of the window").click()
        control = page.frame_locator(MAP_IFRAME).locator(".leaflet-timeline-control")
        control.wait_for()
        frame = map_frame(page)
        start_label = control.inner_text()
        control.locator(".play").click()
        page.wait_for_function("""([selector, label]) => {
            const frame = document.querySelector(selector).contentDocument;
            const control = frame.querySelector(".leaflet-timeline-control");
            return control && control.innerText !== label;
        }""", arg=[MAP_IFRAME, start_label], timeout=15_000)
        control.locator("input[type=range]").focus()   # jump to the window's end: its places show
        page.keyboard.press("End")
        frame.wait_for_function("document.querySelectorAll('path.leaflet-interactive').length >= 3")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "map_playback.png"))
        assert watch.dialogs == []
        assert all(url.startswith(("http://tile.", "https://tile.")) for url in watch.blocked), watch.blocked


def test_hostile_report_runs_nothing(app_url, chromium_path):
    with offline_page(chromium_path) as (page, watch):
        page.goto(app_url + "?q=Balakliia")
        frame = map_frame(page)
        frame.wait_for_selector("path.leaflet-interactive")
        click_place(page, BALAKLIIA, hover_only=True)
        tooltip = page.frame_locator(MAP_IFRAME).locator(".leaflet-tooltip")
        tooltip.wait_for()
        assert '<img src=x onerror="window.__pwned=1">${window.__pwned=2}`' in tooltip.inner_text()
        click_place(page, BALAKLIIA)
        page.get_by_text("Claims about the selected place").wait_for()
        page.wait_for_timeout(1000)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "map_hostile.png"))
        assert [f.evaluate("window.__pwned") for f in page.frames] == [None] * len(page.frames)
        assert page.locator("img[src='x']").count() == 0
        assert frame.locator("img[src='x']").count() == 0
        assert watch.dialogs == []
