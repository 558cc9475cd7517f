"""What every page shares: the store, the gazetteer, and the analyst's filters.

Streamlit-only glue. The logic lives in `claimmap`; this module only caches its
objects across reruns and keeps shared state in session keys of our own (widget
state is dropped when the analyst changes page).
"""
from __future__ import annotations

import contextlib
import urllib.parse
from pathlib import Path

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from claimmap import assets, ingest, roles, signin, users, views
from claimmap.gazetteer import Gazetteer, load_gazetteer
from claimmap.roles import PermissionDenied, User
from claimmap.schema import CHANGES, SIDES
from claimmap.store import Store
from claimmap.timeparse import warm_up
from claimmap.worker import Worker
from pagekit import plain as _plain


EXTRACTION_NICENESS = 10  # `nice` steps below the server's threads


@st.cache_resource(show_spinner="Opening the store…")
def _shared_store() -> Store:
    return Store.open()


# The app's pages: file, title, icon, and the action a role needs to see it (None: everyone).
PAGES = [
    ("pages/map.py", "Map", ":material/map:", None),  # the default page
    ("pages/upload.py", "Upload reports", ":material/upload_file:", "upload"),
    ("pages/claims.py", "Claims", ":material/table_view:", None),
    ("pages/place.py", "Place history", ":material/timeline:", None),
    ("pages/gazetteer.py", "Gazetteer", ":material/location_on:", "override"),
    ("pages/audit.py", "Audit", ":material/history:", "audit_own"),
    ("pages/users.py", "Users", ":material/group:", "manage_users"),
]


def navigation():
    """The pages the signed-in user's role may use (the pages and the store check again). The
    address of a page the role lacks opens the map, saying why (once a session; logged)."""
    requested = urllib.parse.urlparse(st.context.url if isinstance(st.context.url, str) else "").path
    for file, *_ in PAGES:
        if requested.rstrip("/").endswith("/" + Path(file).stem):
            _refused(file)
    return st.navigation([st.Page(file, title=title, icon=icon, default=file == PAGES[0][0])
                          for file, title, icon, needs in PAGES if needs is None or may(needs)])


def _refused(file: str) -> bool:
    """Whether the page `file` is one the user's role lacks; if so, say so (the store logs it once a session)."""
    title, needs = next((title, needs) for page, title, _, needs in PAGES if page == file)
    if not needs or may(needs):
        return False
    message = f"{title}: {roles.refusal(current_user(), needs)}. Ask an admin if you need it."
    if st.session_state.get("refused_page") != file:
        st.session_state["refused_page"] = file
        with contextlib.suppress(PermissionDenied):
            get_store().require(needs)
        st.toast(message, icon=":material/block:", duration="infinite")  # stays after the map rewrites the address
    st.sidebar.warning(message)
    return True


def current_user() -> User:
    """Who this session is signed in as. Until they are, the script stops here with the sign-in
    form (accounts file) or the reason the proxy's word is not taken; a run with neither set up
    is the local user's, an admin."""
    if "user" in st.session_state:  # as the accounts file has it now: an admin may have changed it
        try:
            st.session_state["user"] = users.as_now(users.AuthConfig.from_environment(), st.session_state["user"])
        except ValueError:  # a damaged accounts file: signed out, and `_identify` says why
            st.session_state["user"] = None
    if st.session_state.get("user") is None:
        st.session_state["user"] = _identify()
    return st.session_state["user"]


def _identify() -> User:
    try:
        config = users.AuthConfig.from_environment()
        if config.mode == "local":
            return roles.local_user()
        if config.mode == "proxy":
            user = signin.from_proxy(_shared_store(), config, st.context.headers, _peer())
        else:
            user = _sign_in_form(config)
    except (users.SignInRefused, ValueError) as refused:  # ValueError: a set-up the operator must fix
        _no_pages()
        st.error(f"Not signed in: {refused}.")
        st.stop()
    if config.mode == "accounts":  # the app drawn afresh, without the sign-in form
        st.session_state["user"] = user
        st.rerun()
    return user


def _peer():
    """The connection's address (None from Streamlit: a loopback connection). With an accounts file
    behind a local proxy that sets X-Forwarded-For, its client's: Streamlit's server believes that
    header from 127.0.0.1 unless FORWARDED_ALLOW_IPS says otherwise."""
    return st.context.ip_address or "127.0.0.1"


def _sign_in_form(config: users.AuthConfig) -> User:
    """The signed-in user once the form is sent with a right name and password (and neither the
    name nor the address is locked out after failed tries); stops the script before."""
    _no_pages()
    st.title("claimmap")
    with st.form("sign_in"):
        st.subheader("Sign in")
        name = st.text_input("Name", key="sign_in_name", autocomplete="username")
        password = st.text_input("Password", type="password", key="sign_in_password", autocomplete="current-password")
        sent = st.form_submit_button("Sign in", type="primary")
    if not sent:
        st.stop()
    return signin.sign_in(_shared_store(), config, name, password, str(_peer()))


def _no_pages() -> None:
    """No page list before sign-in; every page's address leads to the sign-in screen and is kept,
    so a link to a page opens it once signed in."""
    st.navigation([st.Page(_signing_in, title="Sign in", url_path="sign-in", default=True)]
                  + [st.Page(_signing_in, title="Sign in", url_path=Path(file).stem) for file, *_ in PAGES[1:]],
                  position="hidden")


def _signing_in() -> None:
    """The sign-in screen's page: the form is drawn by `_sign_in_form` itself."""


def user_badge() -> None:
    """Who is signed in, with what role, in the sidebar; a sign-out button where there are accounts."""
    user = current_user()
    with st.sidebar:
        st.caption(f"Signed in as **{_plain(user.name)}** ({user.role}: {roles.ROLE_HELP[user.role]})")
        if not user.local and users.AuthConfig.from_environment().mode == "accounts":
            st.button("Sign out", key="sign_out", on_click=lambda: st.session_state.pop("user", None))


def get_store() -> Store:
    """The process's store, acting for the signed-in user: every write checks their role and
    records them, whatever the page shows."""
    return _shared_store().acting_as(current_user())


def may(action: str) -> bool:
    """Whether the signed-in user's role allows `action` (to hide controls they lack)."""
    return roles.allowed(current_user().role, action)


def require(action: str) -> None:
    """Stop the page, saying why, when the signed-in user's role lacks `action`; the store logs
    the refusal (a page reached by typing its address, say)."""
    try:
        get_store().require(action)
    except PermissionDenied as refused:
        st.error(f"{refused}. Ask an admin if you need it.")
        st.stop()


@st.cache_resource(show_spinner="Loading the gazetteer…")
def get_gazetteer() -> Gazetteer:
    warm_up()  # the date parser's one-time set-up too, so that the first upload does not pay it
    return load_gazetteer(extra_overrides=_shared_store().overrides())


@st.cache_resource(show_spinner=False)
def get_worker() -> Worker:
    """The process's extraction child: a report past the time limit (CLAIMMAP_EXTRACT_TIME_LIMIT)
    is stopped there, and the page thread only waits on a pipe, so other users' pages keep loading;
    it runs at a lower CPU priority, so drawing their pages comes first when the cores are busy."""
    return Worker(get_gazetteer(), niceness=EXTRACTION_NICENESS)


@st.cache_resource(show_spinner=False)
def offline_assets() -> str:
    """Copy the maps' scripts into static/vendor once per server; '' when done, else why not."""
    try:
        assets.install_vendor()
    except assets.AssetsMissing as missing:
        return str(missing)
    return ""


def reload_gazetteer() -> Gazetteer:
    """After an analyst adds an override: drop the cached gazetteer and read it again, with it."""
    get_gazetteer.clear()
    return get_gazetteer()


def ensure_sample_loaded() -> None:
    """On first start, an empty store gets the bundled sample reports, so the map is not blank."""
    if "sample_checked" in st.session_state:
        return
    store = _shared_store().acting_as(roles.SYSTEM)  # the app loads it, whoever opened the page
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
    if deep_link and not _refused(deep_link[0]):
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
