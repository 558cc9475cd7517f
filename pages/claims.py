"""Claims: every stored claim, filtered and searched, with downloads and claims per day by side.

Widgets and drawing only; filtering, counting and file writing are `claimmap.claimviews`.
"""
from __future__ import annotations

import functools
from datetime import datetime, time, timezone

import streamlit as st

import appstate
import pagekit
from claimmap import claimviews
from claimmap import vocabulary
from claimmap.vocabulary import COLOURS, count

appstate.enter_page(__file__)

EVER = datetime(2200, 1, 1, tzinfo=timezone.utc)  # "as of" after every claim
TABLE_ROWS = 5_000  # rows sent to the browser; downloads carry every claim
SHOWN = ["time_utc", "place", "admin1", "claimed_controller", "change", "actor", "claimant", "claimant_side",
         "stance", "hedged", "admission", "evidence", "time_text", "time_precision", "report_title",
         "report_source", "report_url", "geonameid", "corrected", "corrected_by", "uploaded_by", "claim_id"]

st.title("Claims")
st.caption("The stored claims: filter and search them, download them, and see claims per day by side.")
store = appstate.get_store()
shared = appstate.shared_filters()
for key, value in shared.items():
    # Widget state is dropped on a page change; the shared keys are not, so they seed the widgets.
    st.session_state.setdefault(f"claims_{key}", value)

# The days' bounds from the per-place status (one row per place), so the page never reads every claim
# just to set up the date picker. By default every day; only a store too big to read at once starts
# with its latest days, and then says how many claims lie outside them.
places = store.status_as_of(EVER)
if places.empty:
    st.info("No located claims yet. Add reports on the **Upload reports** page.")
    st.stop()
first, last = places["first_claim_utc"].min().date(), places["last_claim_utc"].max().date()
n_located = int(places["n_claims"].sum())
st.session_state.setdefault("claims_days", claimviews.default_days(first, last, n_located))
days = st.date_input("Claims made between (UTC days)", key="claims_days", min_value=first, max_value=last)
if not (isinstance(days, tuple) and len(days) == 2):
    st.stop()  # the analyst is still picking the second day
in_days = store.claims(since=datetime.combine(days[0], time.min, timezone.utc),
                      until=datetime.combine(days[1], time.max, timezone.utc))
outside = n_located - int(in_days["geonameid"].notna().sum())
if outside > 0:
    st.info(f"{count(outside, 'claim')} made before {days[0]:%-d %b %Y} or after {days[1]:%-d %b %Y} "
            f"are not shown: widen the days above to see them.")
with st.sidebar:
    st.subheader("Filters")
    filters = appstate.filter_widgets("claims", sorted(s for s in in_days["report_source"].dropna().unique() if s))

claims = claimviews.filter_claims(in_days, filters)

st.subheader(f"{len(claims):,} of the {len(in_days):,} claims made {days[0]:%Y-%m-%d} to {days[1]:%Y-%m-%d}")
if len(claims) > TABLE_ROWS:
    st.caption(f"The table shows the newest {TABLE_ROWS:,}; filter to narrow it, or download them all.")
table = claims[SHOWN].sort_values("time_utc", ascending=False).head(TABLE_ROWS)
table["report_url"] = claimviews.web_links(table["report_url"])
table.insert(2, "history", "place?place=" + table["geonameid"].astype("string"))  # NA for unplaced claims
table["geonameid"] = vocabulary.geonames_ids(table["geonameid"])  # an id of ours is never shown as a GeoNames id
st.dataframe(table, hide_index=True, width="stretch", column_config={
    **pagekit.claim_columns(),
    "history": st.column_config.LinkColumn("Place history", display_text="open", help="the place's history page")})

downloads = st.columns(len(claimviews.DOWNLOADS))
for column, (fmt, (name, mime, _, _)) in zip(downloads, claimviews.DOWNLOADS.items()):
    # Written only when clicked: a large store's GeoJSON or Parquet is not built on every rerun.
    column.download_button(f"Download {name}", functools.partial(claimviews.download_bytes, claims, fmt),
                           file_name=f"claims.{fmt}", mime=mime, key=f"claims_download_{fmt}",
                           width="stretch")

st.subheader("Claims per day, by claimant side")
per_day = claimviews.claims_per_day(claims)
st.bar_chart(per_day, color=[COLOURS[side] for side in per_day.columns], stack=True,
             x_label="day (UTC)", y_label="claims")
