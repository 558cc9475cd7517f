"""What every page shares: the store, the gazetteer, and the analyst's filters.

Streamlit-only glue. The logic lives in `claimmap`; this module only caches its
objects across reruns and keeps shared state in session keys of our own (widget
state is dropped when the analyst changes page).
"""
from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from claimmap import ingest, views
from claimmap.gazetteer import Gazetteer, load_gazetteer
from claimmap.schema import CHANGES, SIDES
from claimmap.store import Store
from claimmap.timeparse import warm_up
from claimmap.worker import Worker


@st.cache_resource(show_spinner="Opening the store…")
def get_store() -> Store:
    return Store.open()


@st.cache_resource(show_spinner="Loading the gazetteer…")
def get_gazetteer() -> Gazetteer:
    warm_up()  # the date parser's one-time set-up too, so that the first upload does not pay it
    return load_gazetteer(extra_overrides=get_store().overrides())


@st.cache_resource(show_spinner=False)
def get_worker() -> Worker:
    """The process's extraction child: a report past the time limit (CLAIMMAP_EXTRACT_TIME_LIMIT)
    is stopped there, and the page thread only waits on a pipe, so other users' pages keep loading."""
    return Worker(get_gazetteer())


def reload_gazetteer() -> Gazetteer:
    """After an analyst adds an override: drop the cached gazetteer and read it again, with it."""
    get_gazetteer.clear()
    return get_gazetteer()


def ensure_sample_loaded() -> None:
    """On first start, an empty store gets the bundled sample reports, so the map is not blank."""
    if "sample_checked" in st.session_state:
        return
    store = get_store()
    if store.is_empty():
        with st.spinner("First start: loading the bundled sample reports…"):
            ingest.ingest_bundled_sample(store, get_gazetteer())
    st.session_state["sample_checked"] = True


APP_DIR = Path(__file__).resolve().parent


def enter_page(page_file: str) -> None:
    """Every page calls this first, so that a deep link works on a freshly started server.

    Until `st.navigation` has run once, Streamlit treats a `pages/` folder as its legacy
    multipage layout and runs a deep-linked page (`/place?place=707292`) alone, without
    `app.py`: no navigation titles, no sample. Such a run goes through `app.py`, which
    then opens the page asked for with its query parameters (see `open_deep_link`).
    """
    if PagesManager.uses_pages_directory and not st.session_state.get("navigation_ready"):
        st.session_state["deep_link"] = (Path(page_file).resolve().relative_to(APP_DIR).as_posix(),
                                         st.query_params.to_dict())
        st.switch_page("app.py")


def open_deep_link() -> None:
    """Called by `app.py` once its navigation exists: finish a deep link `enter_page` redirected."""
    st.session_state["navigation_ready"] = True
    deep_link = st.session_state.pop("deep_link", None)
    if deep_link:
        page, params = deep_link
        st.switch_page(page, query_params=params)


FILTER_DEFAULTS = {
    "filter_sides": [],          # claimant sides; empty means all
    "filter_changes": [],        # change types; empty means all
    "filter_hedged": "all",      # all | hedged | unhedged
    "filter_min_claimants": 1,
    "filter_sources": [],
    "filter_search": "",
}


def shared_filters() -> dict:
    """The analyst's filters, kept in our own session keys so they survive a page change."""
    for key, default in FILTER_DEFAULTS.items():
        st.session_state.setdefault(key, default)
    return {key: st.session_state[key] for key in FILTER_DEFAULTS}


def filter_widgets(page: str, sources: list[str]) -> dict:
    """Draw the shared filters as this page's widgets (keys `{page}_filter_…`, seeded by the
    page) and return them, kept shared for the other pages."""
    st.multiselect("Claimant side", SIDES, key=f"{page}_filter_sides")
    st.multiselect("Change", CHANGES, key=f"{page}_filter_changes")
    st.radio("Hedged", views.HEDGED_CHOICES, key=f"{page}_filter_hedged", horizontal=True)
    st.number_input("Min. independent claimants per place", min_value=1, max_value=50, step=1,
                    key=f"{page}_filter_min_claimants")
    # A source chosen on another page may have no claims here: a choice must be among the options.
    chosen = st.session_state.get(f"{page}_filter_sources", [])
    st.session_state[f"{page}_filter_sources"] = [source for source in chosen if source in sources]
    st.multiselect("Report source", sources, key=f"{page}_filter_sources")
    st.text_input("Search place, claimant, evidence", key=f"{page}_filter_search")
    filters = {key: st.session_state[f"{page}_{key}"] for key in FILTER_DEFAULTS}
    st.session_state.update(filters)
    return filters
