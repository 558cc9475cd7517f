"""Claims: every stored claim, filtered and searched, with downloads and claims per day by side.

Widgets and drawing only; filtering, counting and file writing are `claimmap.claimviews`.
"""
from __future__ import annotations

from datetime import datetime, time, timezone

import streamlit as st

import appstate
from claimmap import claimviews
from claimmap.schema import CHANGES, SIDES

SIDE_COLOURS = {"UA": "#0057b7", "RU": "#d52b1e", "unknown": "#9e9e9e"}
HEDGED_CHOICES = ("all", "hedged", "unhedged")
SHOWN = ["time_utc", "place", "admin1", "claimed_controller", "change", "actor", "claimant", "claimant_side",
         "stance", "hedged", "admission", "evidence", "time_text", "time_precision", "report_title",
         "report_source", "report_url", "geonameid", "corrected", "claim_id"]
COLUMNS = {
    "time_utc": st.column_config.DatetimeColumn("Time (UTC)", format="YYYY-MM-DD HH:mm"),
    "place": st.column_config.TextColumn("Place"),
    "admin1": st.column_config.TextColumn("Oblast"),
    "claimed_controller": st.column_config.TextColumn("Controller after", help="who holds the place, by this claim"),
    "change": st.column_config.TextColumn("Change"),
    "actor": st.column_config.TextColumn("Troops of"),
    "claimant": st.column_config.TextColumn("Claimant", width="medium"),
    "claimant_side": st.column_config.TextColumn("Claimant side"),
    "stance": st.column_config.TextColumn("Stance"),
    "hedged": st.column_config.CheckboxColumn("Hedged", help="the text marks the claim as unconfirmed"),
    "admission": st.column_config.CheckboxColumn("Admission", help="made by the side that loses the place"),
    "evidence": st.column_config.TextColumn("Evidence", width="large"),
    "time_text": st.column_config.TextColumn("Time as written"),
    "time_precision": st.column_config.TextColumn("Time precision"),
    "report_title": st.column_config.TextColumn("Report"),
    "report_source": st.column_config.TextColumn("Source"),
    "report_url": st.column_config.LinkColumn("Report link"),
    "geonameid": st.column_config.NumberColumn("GeoNames id", format="%d"),
    "corrected": st.column_config.CheckboxColumn("Corrected"),
    "claim_id": st.column_config.TextColumn("Claim id"),
}

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
st.dataframe(claims[SHOWN], column_config=COLUMNS, hide_index=True, width="stretch")

downloads = st.columns(len(claimviews.DOWNLOADS))
for column, (fmt, (mime, _, _)) in zip(downloads, claimviews.DOWNLOADS.items()):
    column.download_button(f"Download {fmt.upper()}", claimviews.download_bytes(claims, fmt),
                           file_name=f"claims.{fmt}", mime=mime, key=f"claims_download_{fmt}",
                           width="stretch")

st.subheader("Claims per day, by claimant side")
per_day = claimviews.claims_per_day(claims)
st.bar_chart(per_day, color=[SIDE_COLOURS[side] for side in per_day.columns], stack=True,
             x_label="day (UTC)", y_label="claims")
