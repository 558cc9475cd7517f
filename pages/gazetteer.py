"""Gazetteer: names the extractor could not place, fixed by the analyst as overrides; search the gazetteer.

Widgets and drawing only. Overrides are kept in the store and the gazetteer reloaded
with them (`unresolved.keep_override`); the stored reports whose names an override now
resolves (`fixable_reports`, read from the store) can be re-extracted (`reextract_reports`).
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

import appstate
import pagekit
from claimmap.unresolved import (alias_override, fix_options, fixable_reports, keep_override, new_place_override,
                                 place_label, reextract_reports, unresolved_names)

appstate.enter_page(__file__)

PLACE_FIELDS = ["geonameid", "name", "admin1", "country_code", "feature", "population", "lat", "lon"]


def save_override(row: dict) -> None:
    """Keep the override and reload the gazetteer with it (the re-extract offer then follows from the store)."""
    try:
        st.session_state["gazetteer_message"] = keep_override(appstate.get_store(), row, appstate.reload_gazetteer)
    except ValueError as error:
        st.session_state["gazetteer_message"] = ("error", str(error))


def reextract(report_ids: list[str]) -> None:
    progress = st.progress(0.0, text="Re-extracting…")
    failed, summary = reextract_reports(
        appstate.get_store(), report_ids, appstate.get_gazetteer(), appstate.get_worker(),
        progress=lambda done, total: progress.progress(done / total, text=f"Re-extracted {done} of {total} reports"))
    if failed:
        st.error("Re-extraction failed for " + pagekit.plain("; ".join(failed)))
    st.success(summary)


st.title("Gazetteer")
st.caption("Fix place names the extractor could not resolve (kept as overrides in the store); search the gazetteer.")
store = appstate.get_store()
gazetteer = appstate.get_gazetteer()

kind, message = st.session_state.pop("gazetteer_message", (None, None))
if kind:
    getattr(st, kind)(pagekit.plain(message))
pending = list(fixable_reports(store, gazetteer)["report_id"])
if pending:
    st.info(f"{len(pending)} stored report(s) have names an override now places. "
            "Re-extract them so the fix shows on the map.")
    if st.button(f"Re-extract {len(pending)} report(s)", key="gazetteer_reextract_button", type="primary"):
        reextract(pending)

st.subheader("Names not placed")
names = unresolved_names(store)
if names.empty:
    st.success("Every place name in the stored reports was resolved.")
else:
    st.dataframe(names[["name", "mentions", "contexts"]].assign(
        reports=names["report_ids"].map(len), candidates=names["candidates"].map(len)),
        hide_index=True, width="stretch",
        column_config={"contexts": st.column_config.ListColumn("Where it is written", width="large")})
    chosen = st.selectbox("Fix the name", names["name"], key="gazetteer_name")
    entry = names.set_index("name").loc[chosen]
    for passage in entry["contexts"]:
        st.text(passage)  # report text: shown as plain text, never as Markdown

    known, new = st.tabs(["It is a place the gazetteer knows", "It is a new place"])
    with known:
        query = st.text_input("Look it up under another spelling (optional)", key="gazetteer_lookup")
        # Closest spellings, then the extractor's candidates; those in the theatre first, and
        # preselected only the one namesake in the theatre.
        found = gazetteer.search(query or chosen, limit=10) + [gazetteer.get(int(g)) for g in entry["candidates"]]
        ordered, preselected = fix_options(query or chosen, found)
        options = {place.geonameid: place for place in ordered}
        if options:
            picked = st.selectbox("The place it means", list(options), key="gazetteer_pick", index=preselected,
                                  format_func=lambda g: place_label(options[g]), placeholder="Pick the place")
            label = f"Save: {pagekit.plain(repr(chosen))} means this place"
            if st.button(label, key="gazetteer_accept", type="primary"):
                if picked is None:
                    st.warning("Pick the place it means first.")
                else:
                    save_override(alias_override(chosen, picked, note="accepted on the Gazetteer page"))
                    st.rerun()
        else:
            st.warning("No place found under that spelling; try another, or add it as a new place.")
    with new:
        with st.form("gazetteer_new_place"):
            name = st.text_input("Name", value=chosen)
            columns = st.columns(2)
            lat = columns[0].number_input("Latitude", min_value=-90.0, max_value=90.0, value=48.0, format="%.5f",
                                          key="gazetteer_lat")
            lon = columns[1].number_input("Longitude", min_value=-180.0, max_value=180.0, value=37.0,
                                          format="%.5f", key="gazetteer_lon")
            country_code = columns[0].text_input("Country code", value="UA", max_chars=2)
            admin1 = columns[1].text_input("Oblast / admin-1", value="", key="gazetteer_admin1")
            note = st.text_input("Note (source of the coordinates)")
            if st.form_submit_button("Add the place"):
                save_override(new_place_override(chosen, name=name, lat=lat, lon=lon, country_code=country_code,
                                                 admin1=admin1, note=note))
                st.rerun()

st.subheader("Search the gazetteer")
query = st.text_input("Place name (any spelling: Ізюм, Izium, Изюм)", key="gazetteer_search")
if query.strip():
    found = gazetteer.search(query.strip(), limit=50)
    st.dataframe(pd.DataFrame([{field: getattr(place, field) for field in PLACE_FIELDS} for place in found],
                              columns=PLACE_FIELDS),
                 hide_index=True, width="stretch",
                 column_config={"geonameid": st.column_config.NumberColumn("GeoNames id", format="%d"),
                                "population": st.column_config.NumberColumn("Population", format="%d")})

with st.expander("Overrides kept in the store"):
    st.dataframe(store.overrides(), hide_index=True, width="stretch")
