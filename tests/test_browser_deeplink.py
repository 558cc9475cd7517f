"""In real Chromium: a shared link to a page other than the map works as the very first request
of a freshly started server (Streamlit would otherwise run the page alone, see appstate.enter_page)."""
from __future__ import annotations

import pytest

from test_browser import ARTIFACTS, IZYUM, offline_page, streamlit_app

pytestmark = pytest.mark.browser


def test_deep_link_to_place_history_on_a_fresh_server(tmp_path, chromium_path):
    url = f"sqlite:///{tmp_path / 'claims.db'}"
    with streamlit_app({"CLAIMMAP_DATABASE_URL": url}) as app, offline_page(chromium_path) as (page, watch):
        page.goto(f"{app}place?place={IZYUM}")
        page.get_by_role("heading", name="Izyum").first.wait_for(timeout=60_000)
        assert f"place={IZYUM}" in page.url and "/place" in page.url
        sidebar = page.locator('[data-testid="stSidebarNav"]')
        for title in ("Map", "Upload reports", "Claims", "Place history", "Gazetteer"):
            sidebar.get_by_role("link", name=title).wait_for(timeout=10_000)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "deep_link_place.png"))
        assert watch.dialogs == []
