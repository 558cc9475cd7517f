"""Gazetteer: names the extractor could not place, fixed by the analyst as overrides; search the gazetteer.

Widgets and drawing only. Overrides are kept in the store (`Store.add_override`);
the gazetteer is then reloaded with them and the stored reports whose names an
override now resolves (`fixable_reports`, read from the store) can be re-extracted
(`ingest.reextract`).
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

import appstate
import pagekit
from claimmap import ingest
from claimmap.unresolved import (alias_override, fix_options, fixable_reports, new_place_override, place_label,
                                 report_points, unresolved_names)

appstate.enter_page(__file__)
appstate.require("override")  # an analyst's page: a viewer who types its address is refused (and logged)

PLACE_FIELDS = ["geonameid", "name", "admin1", "country_code", "feature", "population", "lat", "lon"]


def save_override(row: dict) -> None:
    """Keep the override and reload the gazetteer with it (the re-extract offer then follows from the store)."""
    try:
        appstate.get_store().add_override(row)
    except ValueError as error:
        st.session_state["gazetteer_message"] = ("error", str(error))
        return
    appstate.reload_gazetteer()
    resolved = appstate.get_gazetteer().resolve(row["alias"]).place
    if resolved is None:
        # Saved, but other places share the name and the gazetteer still cannot tell them apart.
        st.session_state["gazetteer_message"] = ("warning", f"Saved, but {row['alias']!r} is still ambiguous to "
                                                 "the gazetteer (other places share the name).")
    else:
        st.session_state["gazetteer_message"] = ("success", f"Saved: reports' {row['alias']!r} now means "
                                                 f"{place_label(resolved)}.")


def reextract(report_ids: list[str]) -> None:
    gazetteer = appstate.get_gazetteer()
    progress = st.progress(0.0, text="Re-extracting…")
    results = []
    for done, report_id in enumerate(report_ids, start=1):
        results.append(ingest.reextract(appstate.get_store(), report_id, gazetteer, appstate.get_worker()))
        progress.progress(done / len(report_ids), text=f"Re-extracted {done} of {len(report_ids)} reports")
    failed = [r for r in results if r.status != "extracted"]
    changed = sum(len(r.changes.added) + len(r.changes.changed) for r in results)
    if failed:
        st.error("Re-extraction failed for " + pagekit.plain("; ".join(f"{r.report_id}: {r.error}" for r in failed)))
    st.success(f"Re-extracted {len(results) - len(failed)} reports: {changed} claims added or changed.")


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
        # Closest spellings and the extractor's candidates: the name's own family first, then those in the
        # theatre, nearest the places its reports' claims stand at; preselected only a plausible one.
        found = gazetteer.search(query or chosen, limit=10) + [gazetteer.get(int(g)) for g in entry["candidates"]]
        ordered, preselected = fix_options(query or chosen, found, near=report_points(store, entry["report_ids"]),
                                           names_of=gazetteer.names_of)
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

if appstate.may("reextract_all"):
    with st.expander("Re-extract every report (admin)"):
        st.caption("Runs the extraction again on every stored report, e.g. after a gazetteer rebuild; "
                   "analysts' corrections are kept. Recorded in the audit trail.")
        if st.button("Re-extract every report", key="gazetteer_reextract_all"):
            bar = st.progress(0.0, text="Re-extracting every report…")
            results = ingest.reextract_all(store, gazetteer, appstate.get_worker(), progress=lambda done, total:
                                           bar.progress(done / total, text=f"Re-extracted {done} of {total} reports"))
            failed = [r for r in results if r.status != "extracted"]
            (st.error if failed else st.success)(pagekit.plain(
                f"Re-extracted {len(results) - len(failed)} of {len(results)} reports"
                + (": failed " + "; ".join(f"{r.report_id}: {r.error}" for r in failed) if failed else ".")))
