"""Audit: who uploaded, corrected, overrode, placed or re-extracted what, when, and what was refused.

Widgets and drawing only; reading, visibility (an admin reads everyone's entries, an analyst
their own) and the CSV are `claimmap.audit`'s.
"""
from __future__ import annotations

from datetime import timedelta

import pandas as pd
import streamlit as st

import appstate
from claimmap import audit

appstate.enter_page(__file__)
appstate.require("audit_own")

user = appstate.current_user()
store = appstate.get_store()
everyone = appstate.may("audit_all")
st.title("Audit")
st.caption("Every upload, correction, rejection, override, placement, re-extraction, sign-in and user change, "
           "with who and when (UTC); refused attempts too. " +
           ("You see everyone's entries." if everyone else "You see your own entries."))

filters = st.columns([2, 2, 1, 2])
who = filters[0].multiselect("Who", audit.people(store, user), key="audit_who", disabled=not everyone,
                             placeholder="everyone" if everyone else user.name)
actions = filters[1].multiselect("Action", list(audit.ACTION_HELP), key="audit_actions", placeholder="every action",
                                 format_func=lambda action: f"{action}: {audit.ACTION_HELP[action]}")
outcome = filters[2].selectbox("Outcome", ["all", *audit.OUTCOMES], key="audit_outcome")
today = pd.Timestamp.now(tz="UTC").date()
days = filters[3].date_input("Days (UTC)", (today - timedelta(days=30), today), key="audit_days")
if not (isinstance(days, tuple) and len(days) == 2):
    st.stop()  # the second day is still being picked

entries = audit.entries(store, user, who=who or None, actions=actions or None,
                        outcome=None if outcome == "all" else outcome, since=days[0], until=days[1])
st.subheader(f"{len(entries):,} entries, {days[0]:%Y-%m-%d} to {days[1]:%Y-%m-%d}")
st.download_button("Download CSV", audit.csv_bytes(entries), file_name="claimmap-audit.csv", mime="text/csv",
                   key="audit_download")
st.dataframe(entries, hide_index=True, width="stretch", column_config={
    "at": st.column_config.DatetimeColumn("When (UTC)", format="YYYY-MM-DD HH:mm:ss"),
    "who": "Who", "role": "Role", "action": "Action", "target": "Of what",
    "detail": st.column_config.TextColumn("Detail", width="large"), "outcome": "Outcome"})
