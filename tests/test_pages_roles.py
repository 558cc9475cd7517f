"""The pages under each role (Streamlit's AppTest, a real SQLite store): what each role sees, the
sign-in form of an accounts file, and a page run for a role that lacks it, refused and logged."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from claimmap import audit, signin, users
from claimmap.roles import User
from claimmap.store import Store
from test_pages import REPO, TIMEOUT, db_url, no_exception, seeded  # noqa: F401  (fixtures: a fresh store)

VIEWER, ANALYST, ADMIN = User("vera", "viewer"), User("ana", "analyst"), User("root", "admin")


def run_as(path: str, user: User | None) -> AppTest:
    at = AppTest.from_file(str(REPO / path), default_timeout=TIMEOUT)
    if user is not None:
        at.session_state["user"] = user
    return at.run()


def test_a_viewer_running_the_upload_or_gazetteer_page_is_refused_and_logged(seeded):
    for page, words in (("pages/upload.py", "upload reports"), ("pages/gazetteer.py", "fix the gazetteer"),
                        ("pages/audit.py", "read the audit trail")):
        at = no_exception(run_as(page, VIEWER))
        assert [e.value for e in at.error] == [
            f"vera (viewer) may not {words}: it needs the analyst role. Ask an admin if you need it."]
        assert not at.get("file_uploader") and not at.button and not at.text_input and not at.selectbox
    refused = audit.entries(Store.open(seeded), ADMIN, outcome="refused")
    assert list(refused["action"])[::-1] == ["upload", "override", "audit_own"] and set(refused["who"]) == {"vera"}


def test_an_analyst_has_the_upload_page_and_their_own_audit_entries(seeded):
    at = no_exception(run_as("pages/upload.py", ANALYST))
    assert not at.error and at.get("file_uploader")
    store = Store.open(seeded)
    store.acting_as(ANALYST).add_report("Ukrainian troops entered Balakliia.", title="ana's report")
    store.acting_as(User("bob", "analyst")).add_report("Russian troops entered Lyman.", title="bob's report")
    at = no_exception(run_as("pages/audit.py", ANALYST))
    shown = at.dataframe[0].value
    assert set(shown["who"]) == {"ana"} and "ana's report" in set(shown["detail"])
    at = no_exception(run_as("pages/audit.py", ADMIN))
    assert {"ana", "bob"} <= set(at.dataframe[0].value["who"])
    assert not at.multiselect(key="audit_who").disabled


def test_without_accounts_the_local_user_is_admin_with_every_page(db_url, monkeypatch, tmp_path):
    monkeypatch.setenv("CLAIMMAP_ACCOUNTS", str(tmp_path / "none.json"))
    at = no_exception(run_as("app.py", None))
    assert at.session_state["user"].role == "admin" and at.session_state["user"].local
    assert any("Signed in as" in c.value and "(admin" in c.value for c in at.sidebar.caption)


def test_with_an_accounts_file_the_app_asks_to_sign_in_first(db_url, monkeypatch, tmp_path):
    accounts = tmp_path / "accounts.json"
    users.add_user(accounts, "ana", "analyst", "battery staple")
    monkeypatch.setenv("CLAIMMAP_ACCOUNTS", str(accounts))
    at = no_exception(run_as("app.py", None))
    assert "user" not in at.session_state and at.text_input(key="sign_in_password")
    assert Store.open(db_url).is_empty(), "nothing runs before sign-in (not even the sample load)"
    at.text_input(key="sign_in_name").set_value("ana")
    at.text_input(key="sign_in_password").set_value("wrong password")
    at = no_exception(at.button[0].click().run())
    assert [e.value for e in at.error] == ["Not signed in: wrong name or password."]
    at.text_input(key="sign_in_name").set_value("ana")
    at.text_input(key="sign_in_password").set_value("battery staple")
    at = no_exception(at.button[0].click().run())
    assert at.session_state["user"] == User("ana", "analyst")
    signed = audit.entries(Store.open(db_url), ADMIN, actions=["sign_in"])  # newest first
    assert signed[["who", "role", "outcome"]].values.tolist() == [["ana", "analyst", "done"], ["ana", "", "refused"]]
    assert signed["detail"].tolist() == ["accounts (analyst)", "wrong name or password"]


def test_a_locked_out_name_is_told_when_to_try_again(db_url, monkeypatch, tmp_path):
    accounts = tmp_path / "accounts.json"
    users.add_user(accounts, "ana", "analyst", "battery staple")
    monkeypatch.setenv("CLAIMMAP_ACCOUNTS", str(accounts))
    store = Store.open(db_url)
    for _ in range(signin.NAME_LIMIT):  # failures seen by another server of the same store
        store.record_refused_sign_in("ana", "wrong name or password", "192.0.2.1")
    at = no_exception(run_as("app.py", None))
    at.text_input(key="sign_in_name").set_value("ana")
    at.text_input(key="sign_in_password").set_value("battery staple")
    at = no_exception(at.button[0].click().run())
    assert "user" not in at.session_state
    assert re.fullmatch(r"Not signed in: too many failed sign-ins for this name \(5 in 15 minutes\): "
                        r"try again after \d\d:\d\d UTC \(in 1[45] minutes\)\.", at.error[0].value)
    assert audit.entries(store, ADMIN, actions=["sign_in_locked"])["who"].tolist() == ["ana"]


def test_behind_a_proxy_no_user_without_a_known_trusted_peer(db_url, monkeypatch, tmp_path):
    """AppTest has no real connection (its peer address is a stand-in object): the header is not
    believed. The browser test signs in through the header over a real connection."""
    monkeypatch.setenv("CLAIMMAP_ACCOUNTS", str(tmp_path / "none.json"))
    monkeypatch.setenv("CLAIMMAP_PROXY_HEADER", "X-Forwarded-User")
    at = no_exception(run_as("app.py", None))
    # FORWARDED_ALLOW_IPS is not set empty: the operator is told, nobody is signed in.
    assert "FORWARDED_ALLOW_IPS" in at.error[0].value and "user" not in at.session_state
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "")
    at = no_exception(run_as("app.py", None))
    assert at.error[0].value.startswith("Not signed in: cannot tell where the connection comes from")
    assert "user" not in at.session_state and Store.open(db_url).is_empty()


def test_an_admin_manages_users_on_the_users_page_and_no_one_else_sees_it(db_url, monkeypatch, tmp_path):
    accounts = tmp_path / "accounts.json"
    for user in (ADMIN, VIEWER, ANALYST):
        users.add_user(accounts, user.name, user.role, None)
    monkeypatch.setenv("CLAIMMAP_ACCOUNTS", str(accounts))
    for user in (VIEWER, ANALYST):
        at = no_exception(run_as("pages/users.py", user))
        assert [e.value for e in at.error] == [
            f"{user.name} ({user.role}) may not manage users: it needs the admin role. Ask an admin if you need it."]
        assert not at.text_input and not at.button
    at = no_exception(run_as("pages/users.py", ADMIN))
    at.text_input(key="users_add_name").set_value("nadia")
    at.selectbox(key="users_add_role").set_value("analyst")
    at = no_exception(at.button[0].click().run())  # no password typed: one is generated, shown once
    assert [s.value for s in at.success] == ["added nadia as analyst"]
    generated = at.code[0].value
    assert users.sign_in(users.AuthConfig.from_environment(), "nadia", generated) == User("nadia", "analyst")
    assert at.dataframe[0].value["name"].tolist() == ["root", "vera", "ana", "nadia"]
    at.selectbox(key="users_role_name").set_value("nadia")
    at.selectbox(key="users_role_role").set_value("viewer")
    at = no_exception(at.button(key="users_role_submit").click().run())
    assert [s.value for s in at.success] == ["nadia is now viewer"] and not at.code
    at.selectbox(key="users_remove_name").set_value("root")
    at = at.checkbox(key="users_remove_confirm").check().run()  # the button is enabled once checked
    at = no_exception(at.button(key="users_remove_submit").click().run())
    assert [e.value for e in at.error] == ["'root' is the last admin: make someone else admin first"]
    log = audit.entries(Store.open(db_url), ADMIN, actions=["manage_users"])
    assert log[["who", "outcome"]].values.tolist() == [["root", "done"]] * 2 + [["ana", "refused"], ["vera", "refused"]]
