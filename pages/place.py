"""Place history: one place's claims over time by side, its control status after each claim, the evidence.

Widgets and drawing only; the status rules are `claimmap.control`. The place
comes from the link (`?place=<geonameid>`) or the select box, which keeps the
link up to date so it can be shared.
"""
from __future__ import annotations

from datetime import datetime, timezone

import altair as alt
import pandas as pd
import streamlit as st

import appstate
import pagekit
from claimmap import claimviews, control, vocabulary

appstate.enter_page(__file__)

EVER = datetime(2200, 1, 1, tzinfo=timezone.utc)  # "as of" after every claim
HISTORY_COLUMNS = ["time_utc", "controller", "admitted", "disputed", "n_claimants_UA", "n_claimants_RU",
                   "n_claimants_unknown", "claimant", "claimant_side", "stance", "change", "claimed_controller",
                   "evidence"]
CLAIM_COLUMNS = ["time_utc", "claimant", "claimant_side", "stance", "change", "claimed_controller", "actor",
                 "hedged", "admission", "evidence", "time_text", "time_precision", "place_text", "report_title",
                 "report_source", "report_url", "corrected", "claim_id"]


def place_label(places, geonameid: int) -> str:
    row = places.loc[geonameid]
    where = ", ".join(str(part) for part in (row["admin1"], row["country_code"]) if pd.notna(part) and part)
    return f"{row['place']} ({where})" if where else str(row["place"])


st.title("Place history")
st.caption("One place's history: its claims over time by side, the control status after each, and the evidence.")
store = appstate.get_store()
# One row per located place (the store's saved status), not every claim: quick at any store size.
places = store.status_as_of(EVER).astype({"geonameid": int}).set_index("geonameid").sort_values("place")
if places.empty:
    st.info("No located claims yet. Add reports on the **Upload reports** page.")
    st.stop()

asked = st.query_params.get("place", "")
if asked != st.session_state.get("place_link"):  # a link followed, not the one this page wrote
    if asked.isdigit() and int(asked) in places.index:
        st.session_state["place_selected"] = int(asked)
    elif asked:
        st.warning(f"No claims stored about the place in the link ({pagekit.plain(repr(asked))}); choose one below.")
geonameid = st.selectbox("Place", list(places.index), key="place_selected",
                         format_func=lambda g: place_label(places, g))
st.query_params["place"] = st.session_state["place_link"] = str(geonameid)

claims = store.claims(geonameid=geonameid)
claims["report_url"] = claimviews.web_links(claims["report_url"])
history = control.place_history(claims, geonameid)
now = history.iloc[-1] if len(history) else None
st.header(pagekit.plain(place_label(places, geonameid)))
if now is not None:
    metrics = st.columns(4)
    metrics[0].metric("Controller now (by the claims)",
                      vocabulary.CONTROLLER_LABELS.get(now["controller"], now["controller"]))
    metrics[1].metric("Claims", f"{len(claims):,}")
    metrics[2].metric("Claimants", f"{claims['claimant'].nunique():,}")
    metrics[3].metric("Last claim (UTC day)", f"{now['last_claim_utc']:%Y-%m-%d}")
    flags = [text for flag, text in (("admitted", "admitted by the side that lost it"),
                                     ("disputed", "disputed by a recent denial")) if now[flag]]
    if flags:
        st.caption("Status " + "; ".join(flags) + ".")

st.subheader("Claims over time, by claimant side")
points = claimviews.history_points(claims)
controllers = list(vocabulary.CONTROLLER_LABELS)
timeline = (alt.Chart(points)
            .mark_point(filled=True, size=110, opacity=0.9)
            .encode(x=alt.X("time_utc:T", title="time (UTC)", scale=alt.Scale(type="utc"),
                            axis=alt.Axis(format="%-d %b %Y %H:%M", labelOverlap=True, labelAngle=0)),
                    y=alt.Y("side:N", title="claimant side", sort=list(vocabulary.SIDE_LABELS.values())),
                    yOffset=alt.YOffset("slot:N"),
                    color=alt.Color("controller:N", title="claimed controller",
                                    scale=alt.Scale(domain=[vocabulary.CONTROLLER_LABELS[c] for c in controllers],
                                                    range=[vocabulary.COLOURS[c] for c in controllers])),
                    shape=alt.Shape("stance:N", title="stance",
                                    scale=alt.Scale(domain=list(vocabulary.STANCE_SHAPES),
                                                    range=list(vocabulary.STANCE_SHAPES.values())),
                                    legend=alt.Legend(labelExpr=vocabulary.STANCE_LEGEND)),
                    tooltip=[alt.Tooltip("when:N", title="time"), "claimant:N", "side:N", "stance:N",
                             "controller:N", "change:N", "hedged:N", "evidence:N"]))
st.altair_chart(timeline, width="stretch")
st.caption("Each point is a claim: its colour the controller it claims, a square a denial (the claimant says "
           "that controller does NOT hold the place). Claims of the same minute sit side by side.")

st.subheader("Status changes")
st.dataframe(claimviews.status_changes(history)[HISTORY_COLUMNS], column_config=pagekit.claim_columns(),
             hide_index=True, width="stretch")
with st.expander(f"Status after each of its {len(history):,} claims"):
    st.dataframe(history[HISTORY_COLUMNS], column_config=pagekit.claim_columns(), hide_index=True, width="stretch")

st.subheader("Every claim, with its evidence")
st.dataframe(claims[CLAIM_COLUMNS], column_config=pagekit.claim_columns(), hide_index=True, width="stretch")
