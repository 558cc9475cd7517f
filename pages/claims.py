"""Claims: every stored claim, filtered and searched, with downloads and claims per day by side.

Widgets and drawing only; filtering, counting and file writing are `claimmap.claimviews`.
"""
from __future__ import annotations

import functools
from datetime import datetime, time, timezone

import streamlit as st

import appstate
import pagecolumns
from claimmap import claimviews
from claimmap.schema import CHANGES, SIDES

SIDE_COLOURS = {"UA": "#0057b7", "RU": "#d52b1e", "unknown": "#9e9e9e"}
HEDGED_CHOICES = ("all", "hedged", "unhedged")
SHOWN = ["time_utc", "place", "admin1", "claimed_controller", "change", "actor", "claimant", "claimant_side",
         "stance", "hedged", "admission", "evidence", "time_text", "time_precision", "report_title",
         "report_source", "report_url", "geonameid", "corrected", "claim_id"]

st.title("Claims")
st.caption("Every stored claim: filter and search them, download them, and see claims per day by side.")
store = appstate.get_store()
shared = appstate.shared_filters()
for key, value in shared.items():
    # Widget state is dropped on a page change; the shared keys are not, so they seed the widgets.
    st.session_state.setdefault(f"claims_{key}", value)

everything = store.claims()
with st.sidebar:
    st.subheader("Filters")
    st.multiselect("Claimant side", SIDES, key="claims_filter_sides")
    st.multiselect("Change", CHANGES, key="claims_filter_changes")
    st.radio("Hedged", HEDGED_CHOICES, key="claims_filter_hedged", horizontal=True)
    st.number_input("Min. independent claimants per place", min_value=1, max_value=50, step=1,
                    key="claims_filter_min_claimants")
    sources = sorted(s for s in everything["report_source"].dropna().unique() if s)
    st.session_state["claims_filter_sources"] = [s for s in st.session_state["claims_filter_sources"] if s in sources]
    st.multiselect("Report source", sources, key="claims_filter_sources")
    st.text_input("Search place, claimant, evidence", key="claims_filter_search")
filters = {key: st.session_state[f"claims_{key}"] for key in appstate.FILTER_DEFAULTS}
st.session_state.update(filters)  # shared with the other pages

if everything.empty:
    st.info("No claims stored yet. Add reports on the **Upload reports** page.")
    st.stop()

first, last = everything["time_utc"].min().date(), everything["time_utc"].max().date()
days = st.date_input("Claims made between (UTC days)", value=(first, last), key="claims_days")
claims = claimviews.filter_claims(everything, filters)
if isinstance(days, tuple) and len(days) == 2:
    since = datetime.combine(days[0], time.min, timezone.utc)
    until = datetime.combine(days[1], time.max, timezone.utc)
    claims = claims[claims["time_utc"].between(since, until)]

st.subheader(f"{len(claims):,} of {len(everything):,} claims")
st.dataframe(claims[SHOWN], column_config=pagecolumns.claim_columns(), hide_index=True, width="stretch")

downloads = st.columns(len(claimviews.DOWNLOADS))
for column, (fmt, (name, mime, _, _)) in zip(downloads, claimviews.DOWNLOADS.items()):
    # Written only when clicked: a large store's GeoJSON or Parquet is not built on every rerun.
    column.download_button(f"Download {name}", functools.partial(claimviews.download_bytes, claims, fmt),
                           file_name=f"claims.{fmt}", mime=mime, key=f"claims_download_{fmt}",
                           width="stretch")

st.subheader("Claims per day, by claimant side")
per_day = claimviews.claims_per_day(claims)
st.bar_chart(per_day, color=[SIDE_COLOURS[side] for side in per_day.columns], stack=True,
             x_label="day (UTC)", y_label="claims")
