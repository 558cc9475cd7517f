"""Users (admins only): who may sign in, with which role; add, change a role, remove.

Widgets and drawing only; the changes are `claimmap.useradmin`'s, which the store checks against
the signed-in user's role (a forged request from another role is refused and logged) and records
in the audit trail. Names are shown as plain text.
"""
from __future__ import annotations

import streamlit as st

import appstate
import pagekit
from claimmap import roles, useradmin, users
from claimmap.roles import ROLES, PermissionDenied

appstate.enter_page(__file__)
appstate.require("manage_users")

config = users.AuthConfig.from_environment()
store = appstate.get_store()
accounts = users.load_accounts(config.accounts_path)


def change(work, *args) -> None:
    """Run one change; what was done (or why not) is shown after the rerun."""
    try:
        st.session_state["users_done"] = ("success", work(store, config.accounts_path, *args))
    except (ValueError, PermissionDenied) as error:
        st.session_state["users_done"] = ("error", str(error))


st.title("Users")
st.caption(f"Who may sign in, and what their role lets them do. Kept in the accounts file {config.accounts_path}; "
           "every change is recorded on the Audit page.")
if not accounts:
    st.info("No users yet: this run has no sign-in and you are its admin. Add the first user, an admin, and "
            "from then on everyone signs in.")
kind, message = st.session_state.pop("users_done", (None, ""))
if kind:
    getattr(st, kind)(pagekit.plain(message))
password = st.session_state.pop("users_new_password", None)
if password:  # a generated password, shown this once
    st.warning("Their password, shown only now: hand it to them by a safe way.")
    st.code(password, language=None)

st.dataframe(useradmin.listing(config.accounts_path), hide_index=True, width="stretch", column_config={
    "name": "Name", "role": "Role", "signs_in_with": "Signs in with"})
st.caption(" · ".join(f"**{role}**: {roles.ROLE_HELP[role]}" for role in ROLES))

add, set_role, remove = st.columns(3)
with add.form("users_add", clear_on_submit=True):
    st.subheader("Add a user")
    name = st.text_input("Name", key="users_add_name")
    role = st.selectbox("Role", ROLES, index=ROLES.index("admin" if not accounts else "analyst"), key="users_add_role")
    typed = st.text_input("Password (at least 8 characters; empty: one is generated)", type="password",
                          key="users_add_password", autocomplete="new-password")
    proxy_only = st.checkbox("Signs in through the proxy only (no password)", key="users_add_proxy_only")
    if st.form_submit_button("Add", type="primary"):
        given = None if proxy_only else (typed or useradmin.generated_password())
        change(useradmin.add, name, role, given)
        if st.session_state["users_done"][0] == "success" and given is not None and not typed:
            st.session_state["users_new_password"] = given
        st.rerun()

with set_role.container(border=True):
    st.subheader("Change a role")
    who = st.selectbox("User", list(accounts), key="users_role_name", placeholder="no users yet")
    new_role = st.selectbox("New role", ROLES, key="users_role_role")
    if st.button("Change role", key="users_role_submit", disabled=who is None):
        change(useradmin.set_role, who, new_role)
        st.rerun()

with remove.container(border=True):
    st.subheader("Remove a user")
    gone = st.selectbox("User", list(accounts), key="users_remove_name", placeholder="no users yet")
    sure = st.checkbox("Yes, remove them: they are signed out at their next step", key="users_remove_confirm")
    if st.button("Remove", key="users_remove_submit", disabled=gone is None or not sure):
        change(useradmin.remove, gone)
        st.rerun()
