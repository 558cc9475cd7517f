"""In real Chromium: users and roles as a team meets them. A viewer signs in and sees no upload or
edit control, not even by typing a page's address; an analyst's correction shows their name in the
Claims table and on the Audit page; behind a proxy, its header names the user, and only a trusted
proxy's. (The store's refusal of a forged write is tests/test_roles.py's; a page run for a role
that lacks it, tests/test_pages_roles.py's.)

Reuses the browser helpers of `test_browser.py` (server on a free port, offline page, map frame).
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from claimmap import audit, users
from claimmap.preview import PREVIEW_COLUMNS
from claimmap.roles import User
from claimmap.store import Store
from mapseed import seed_store
from test_browser import ARTIFACTS, map_frame, offline_page, streamlit_app

pytestmark = pytest.mark.browser
PASSWORDS = {"root": "root password", "vera": "vera password", "ana": "ana password"}
ROLES = {"root": "admin", "vera": "viewer", "ana": "analyst"}
REPORT = "Ukrainian troops entered Balakliia on Thursday, the General Staff of the Armed Forces of Ukraine said.\n"
ADMIN = User("root", "admin")


@pytest.fixture
def team(tmp_path) -> dict[str, str]:
    """The app's environment: a seeded store and an accounts file with an admin, a viewer, an analyst."""
    accounts = tmp_path / "accounts.json"
    for name, role in ROLES.items():
        users.add_user(accounts, name, role, PASSWORDS[name])
    url = f"sqlite:///{tmp_path / 'claims.db'}"
    seed_store(url, hostile=False).close()
    return {"CLAIMMAP_DATABASE_URL": url, "CLAIMMAP_ACCOUNTS": str(accounts)}


def sign_in(page, name: str) -> None:
    page.get_by_label("Name").fill(name)
    page.get_by_role("textbox", name="Password").fill(PASSWORDS[name])
    page.get_by_role("button", name="Sign in").click()


def sidebar_pages(page) -> list[str]:
    return [text.split("\n")[-1] for text in page.locator("[data-testid=stSidebarNav] a").all_inner_texts()]


def grid_cells(grid) -> list[str]:
    """The cells a data grid draws now (its accessible copy of the canvas)."""
    return grid.locator("[role=gridcell]").all_inner_texts()


def cell(grid, text: str):
    """A cell of a data grid showing exactly `text`."""
    return grid.locator("[role=gridcell]").filter(has_text=re.compile(f"^{re.escape(text)}$"))


def test_a_viewer_sees_no_upload_or_edit_controls(team, chromium_path):
    ARTIFACTS.mkdir(exist_ok=True)
    with streamlit_app(team) as app, offline_page(chromium_path) as (page, watch):
        page.goto(app)
        page.get_by_role("button", name="Sign in").wait_for()
        assert page.locator("[data-testid=stSidebarNav]").count() == 0, "no page list before sign-in"
        page.screenshot(path=str(ARTIFACTS / "roles_sign_in.png"))
        sign_in(page, "vera")
        map_frame(page)
        assert sidebar_pages(page) == ["Map", "Claims", "Place history"]
        assert "Signed in as vera (viewer" in page.locator("[data-testid=stSidebar]").inner_text()
        page.screenshot(path=str(ARTIFACTS / "roles_viewer_map.png"))

        # Typing the address of an analyst's page: signed in again (a new session), the page is not there.
        for address in ("upload", "gazetteer", "audit"):
            page.goto(app + address)
            sign_in(page, "vera")
            told = page.locator("[data-testid=stToast]").filter(has_text="may not")  # stays until closed
            told.wait_for()
            assert "vera (viewer) may not" in told.inner_text() and "needs the analyst role" in told.inner_text()
            map_frame(page)  # the map instead
            assert page.locator("input[type=file]").count() == 0
            assert page.get_by_role("button", name="Find the claims").count() == 0
            assert page.get_by_text("Names not placed").count() == 0
        page.screenshot(path=str(ARTIFACTS / "roles_viewer_typed_upload.png"))

        page.get_by_role("link", name="Claims").click()
        page.get_by_text("Claims per day, by claimant side").wait_for()
        page.get_by_role("button", name="Download CSV").wait_for()  # a viewer exports
        assert page.locator("[data-testid=stDataFrame] [role=gridcell] input").count() == 0
        assert watch.dialogs == []
    store = Store.open(team["CLAIMMAP_DATABASE_URL"])
    signed = audit.entries(store, ADMIN, actions=["sign_in"])
    assert list(signed["who"]) == ["vera"] * 4 and set(signed["detail"]) == {"accounts (viewer)"}
    refused = audit.entries(store, ADMIN, outcome="refused")
    assert list(refused["action"])[::-1] == ["upload", "override", "audit_own"] and set(refused["who"]) == {"vera"}
    assert store.reports()["uploaded_by"].tolist() == [store.user.name]  # nothing uploaded by vera
    store.close()


def edit_claimant(page, grid, claimant: str) -> None:
    """Type a new claimant into the preview's first row, as an analyst does with the keyboard."""
    grid.locator("[role=gridcell]").first.wait_for(state="attached")  # the grid is drawn
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 40, box["y"] + 35 + 18)  # the first row's first cell
    for _ in range(PREVIEW_COLUMNS.index("claimant")):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")  # open the cell's editor
    editor = page.locator("textarea.gdg-input")
    editor.fill(claimant)
    editor.press("Enter")


def test_an_analysts_correction_shows_their_name(team, chromium_path):
    ARTIFACTS.mkdir(exist_ok=True)
    # Tall enough for the preview table to be drawn without scrolling (an unseen one may stay a placeholder).
    with streamlit_app(team) as app, offline_page(chromium_path, viewport=(1500, 2200)) as (page, watch):
        page.goto(app)
        sign_in(page, "ana")
        map_frame(page)
        assert sidebar_pages(page) == ["Map", "Upload reports", "Claims", "Place history", "Gazetteer", "Audit"]
        page.get_by_role("link", name="Upload reports").click()
        page.get_by_text("Add reports: paste text or upload files").wait_for()
        page.get_by_label("…or paste a report").fill(REPORT)
        page.get_by_role("button", name="Find the claims").click()
        page.get_by_text("1 claims found").wait_for()
        page.get_by_text("Your edits are recorded as ana's.").wait_for()
        grid = page.locator("[data-testid=stDataFrame]").first
        grid.scroll_into_view_if_needed()
        edit_claimant(page, grid, "Ukrainian General Staff")
        cell(grid, "Ukrainian General Staff").wait_for(state="attached")
        page.get_by_role("button", name="Save 1 report(s)").click()
        page.get_by_text("Your edits: 1 edited, 0 dropped").wait_for()

        page.get_by_role("link", name="Claims").click()
        page.get_by_text("Claims per day, by claimant side").wait_for()
        table = page.locator("[data-testid=stDataFrame]").first
        table.locator("[role=gridcell]").first.wait_for(state="attached")  # the grid is drawn
        box = table.bounding_box()
        page.mouse.click(box["x"] + 40, box["y"] + 35 + 18)
        page.keyboard.press("End")  # to the last columns: corrected by, uploaded by, claim id
        cell(table, "ana").first.wait_for(state="attached")
        first_row = grid_cells(table)[:20]
        assert first_row.count("ana") == 2, first_row  # corrected by and uploaded by
        page.screenshot(path=str(ARTIFACTS / "roles_analyst_claims.png"))

        page.get_by_role("link", name="Audit").click()
        page.get_by_text("You see your own entries.").wait_for()
        entries = page.locator("[data-testid=stDataFrame]").first
        cell(entries, "correct").first.wait_for(state="attached")
        cells = grid_cells(entries)
        assert {"ana"} == {cell for cell in cells if cell in ROLES} and "upload" in cells and "sign_in" in cells
        page.screenshot(path=str(ARTIFACTS / "roles_analyst_audit.png"))
        assert watch.dialogs == []
    store = Store.open(team["CLAIMMAP_DATABASE_URL"])
    corrections = store.corrections()
    assert corrections["analyst"].tolist() == ["ana"]
    assert "Ukrainian General Staff" in corrections["changes"].item()
    store.close()


@pytest.mark.parametrize("trusted", [True, False])
def test_behind_a_proxy_its_header_names_the_user_only_from_a_trusted_address(team, chromium_path, trusted):
    """The browser connects from 127.0.0.1 and sends the header itself: it plays the proxy."""
    users.remove_user(Path(team["CLAIMMAP_ACCOUNTS"]), "vera")
    env = {**team, "CLAIMMAP_PROXY_HEADER": "X-Forwarded-User", "FORWARDED_ALLOW_IPS": "",
           "CLAIMMAP_TRUSTED_PROXIES": "127.0.0.1,::1" if trusted else "10.9.9.9"}
    with streamlit_app(env) as app, offline_page(chromium_path) as (page, watch):
        page.set_extra_http_headers({"X-Forwarded-User": "ana"})
        page.goto(app)
        if trusted:
            map_frame(page)
            assert "Signed in as ana (analyst" in page.locator("[data-testid=stSidebar]").inner_text()
            assert page.get_by_role("button", name="Sign out").count() == 0  # the proxy signs out
        else:
            refusal = page.locator("[data-testid=stAlertContentError]")
            refusal.wait_for()
            assert "not from a trusted proxy" in refusal.inner_text()
            assert page.locator("[data-testid=stSidebarNav]").count() == 0
            page.screenshot(path=str(ARTIFACTS / "roles_untrusted_proxy.png"))
    store = Store.open(team["CLAIMMAP_DATABASE_URL"])
    signed = audit.entries(store, ADMIN, actions=["sign_in"])
    assert signed[["who", "outcome"]].values.tolist() == [["ana", "done" if trusted else "refused"]]
    store.close()


def test_an_admin_adds_an_analyst_who_signs_in_and_has_no_users_page(team, chromium_path):
    ARTIFACTS.mkdir(exist_ok=True)
    with streamlit_app(team) as app, offline_page(chromium_path, viewport=(1500, 1100)) as (page, watch):
        page.goto(app)
        sign_in(page, "root")
        map_frame(page)
        assert sidebar_pages(page)[-2:] == ["Audit", "Users"]
        page.get_by_role("link", name="Users").click()
        form = page.locator("[data-testid=stForm]", has_text="Add a user")
        form.get_by_label("Name").fill("nadia")
        form.locator("[data-testid=stSelectbox]", has_text="Role").locator("input").click()
        page.get_by_role("option", name="analyst").click()
        form.get_by_label("Password (at least 8 characters; empty: one is generated)").fill("nadia's password")
        form.get_by_role("button", name="Add").click()
        page.get_by_text("added nadia as analyst").wait_for()
        listing = page.locator("[data-testid=stDataFrame]").first
        cell(listing, "nadia").wait_for(state="attached")
        assert grid_cells(listing)[-3:] == ["nadia", "analyst", "password"]
        page.screenshot(path=str(ARTIFACTS / "roles_admin_users.png"))

        page.get_by_role("button", name="Sign out").click()
        page.get_by_role("heading", name="Sign in").wait_for()  # the Users page is gone
        page.get_by_label("Name").fill("nadia")
        page.get_by_role("textbox", name="Password", exact=True).fill("nadia's password")
        page.get_by_role("button", name="Sign in").click()
        map_frame(page)
        assert sidebar_pages(page) == ["Map", "Upload reports", "Claims", "Place history", "Gazetteer", "Audit"]
        assert "Signed in as nadia (analyst" in page.locator("[data-testid=stSidebar]").inner_text()
        # Signed in at the Users page's address, which her role lacks: the map instead, saying why.
        told = page.locator("[data-testid=stToast]").filter(has_text="may not manage users")
        assert "nadia (analyst) may not manage users: it needs the admin role" in told.inner_text()
        page.get_by_role("link", name="Upload reports").click()
        page.get_by_role("button", name="Find the claims").wait_for()
        assert watch.dialogs == []
    store = Store.open(team["CLAIMMAP_DATABASE_URL"])
    changes = audit.entries(store, ADMIN, actions=["manage_users"])
    assert changes[["who", "detail", "outcome"]].values.tolist() == [
        ["nadia", "nadia (analyst) may not manage users: it needs the admin role", "refused"],
        ["root", "added nadia as analyst", "done"]]
    assert audit.entries(store, ADMIN, actions=["sign_in"])["who"].tolist() == ["nadia", "root"]
    store.close()


def test_a_locked_out_name_reads_when_to_try_again(team, chromium_path):
    from claimmap import signin

    store = Store.open(team["CLAIMMAP_DATABASE_URL"])
    for _ in range(signin.NAME_LIMIT):  # failures another server of the same store saw
        store.record_refused_sign_in("ana", "wrong name or password", "192.0.2.1")
    with streamlit_app(team) as app, offline_page(chromium_path) as (page, watch):
        page.goto(app)
        sign_in(page, "ana")  # the right password
        refusal = page.locator("[data-testid=stAlertContentError]")
        refusal.wait_for()
        assert re.fullmatch(r"Not signed in: too many failed sign-ins for this name \(5 in 15 minutes\): "
                            r"try again after \d\d:\d\d UTC \(in 1[45] minutes\)\.", refusal.inner_text())
        assert page.locator("[data-testid=stSidebarNav]").count() == 0
        page.screenshot(path=str(ARTIFACTS / "roles_locked_out.png"))
    assert audit.entries(store, ADMIN, actions=["sign_in_locked"])["who"].tolist() == ["ana"]
    store.close()
