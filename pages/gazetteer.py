"""Gazetteer: names the extractor could not place, fixed by the analyst as overrides; villages placed
exactly by a click (`?place_it=<geonameid>` opens one); search the gazetteer.

Widgets and drawing only. Overrides are kept in the store and the gazetteer reloaded
with them (`unresolved.keep_override`); the stored reports whose names an override now
resolves (`fixable_reports`, read from the store) can be re-extracted (`reextract_reports`).
Placing a village: `claimmap.placement` (the pin, who placed it, the reports about it),
`claimmap.pinmap` (the map), `claimmap.geocode_online` (the opt-in proposal).
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from streamlit_folium import st_folium

import appstate
import pagekit
from claimmap import assets, geocode_online, ingest, mapview, pinmap, placement
from claimmap.unresolved import (alias_override, fix_options, fixable_reports, keep_override, new_place_override,
                                 place_label, reextract_reports, report_points, unresolved_names)

appstate.enter_page(__file__)
appstate.require("override")  # an analyst's page: a viewer who types its address is refused (and logged)

PLACE_FIELDS = ["geonameid", "name", "admin1", "country_code", "feature", "population", "lat", "lon"]


def save_override(row: dict) -> None:
    """Keep the override and reload the gazetteer with it (the re-extract offer then follows from the store)."""
    try:
        st.session_state["gazetteer_message"] = keep_override(appstate.get_store(), row, appstate.reload_gazetteer)
    except ValueError as error:
        st.session_state["gazetteer_message"] = ("error", str(error))


def reextract(report_ids: list[str], done_already: str = "") -> None:
    """Re-extract the reports with a progress bar; the outcome is said after the rerun that follows."""
    progress = st.progress(0.0, text="Re-extracting…")
    failed, summary = reextract_reports(
        appstate.get_store(), report_ids, appstate.get_gazetteer(), appstate.get_worker(),
        progress=lambda done, total: progress.progress(done / total, text=f"Re-extracted {done} of {total} reports"))
    outcome = done_already + summary + (" Re-extraction failed for " + "; ".join(failed) if failed else "")
    st.session_state["gazetteer_message"] = ("error" if failed else "success", outcome)


def place_it(gazetteer) -> None:
    """Pick an approximate or unplaced village, click where it is (or ask online), check, confirm."""
    places = placement.imprecise_places(store, gazetteer)
    options = list(places["geonameid"])
    asked = st.query_params.get("place_it", "")  # from the Map page: any settlement, with claims or not
    wanted = gazetteer.get(int(asked)) if asked.isdigit() else None
    if asked and (wanted is None or wanted.feature == "region"):
        st.warning(f"No settlement with id {pagekit.plain(asked)} to place; pick one below.")
        asked = ""
    elif wanted is not None and wanted.geonameid not in options:
        options.insert(0, wanted.geonameid)
    if not options:
        st.success("Every place with claims is placed exactly.")
        return
    if asked.isdigit() and int(asked) in options and st.session_state.get("placeit_asked") != asked:
        st.session_state["placeit_place"], st.session_state["placeit_asked"] = int(asked), asked
    geonameid = st.selectbox("Village to place", options, key="placeit_place",
                             format_func=lambda g: placement.place_label(gazetteer.get(g)))
    st.query_params["place_it"] = str(geonameid)
    place = gazetteer.get(geonameid)
    row = places.set_index("geonameid").loc[geonameid] if geonameid in set(places["geonameid"]) else None
    st.text(f"{place.name}: {placement.where(place)}. Now {place.location_precision}"
            f"{': ' + place.placed_at if place.placed_at else ''}"
            + (f"; {row['claims']} claim(s) about it." if row is not None else "."))
    if row is not None and row["pinned"]:
        st.info("Placed exactly already; its reports still show the old point until they are re-extracted.")
    point = st.session_state.get("placeit_point")
    pinned = placement.pin(place, *point[1:]) if point and point[0] == geonameid else None
    map_column, side = st.columns([3, 2])
    with map_column:
        pin_on_map(gazetteer, place, pinned)
    with side:
        propose_online(gazetteer, place)
        confirm(place, pinned)


def pin_on_map(gazetteer, place, pinned) -> None:
    """The map to click on: the proposed pin, and where the gazetteer has the village now."""
    tiles = st.toggle("Background tiles (online)", value=True, key="placeit_tiles")
    center, zoom = pinmap.start_view(place, [p for p in gazetteer.places if p.feature == "region"])
    fmap, layer = mapview.base_map(tiles=tiles, base_path=base_path, legend=False), pinmap.pin_layer(place, pinned)
    if not missing_assets:
        for element in (fmap, layer):
            assets.localize(element, base_path)
    returned = st_folium(fmap, key=f"placeit_map_{place.geonameid}", height=460, use_container_width=True,
                         feature_group_to_add=layer, returned_objects=pinmap.RETURNED_OBJECTS,
                         center=center, zoom=zoom)
    st.caption("Click where the village is: the red point is the proposal, the dotted ring where the gazetteer "
               "has it now.")
    clicked = pinmap.clicked_point(returned)
    if clicked is not None and clicked != st.session_state.get("placeit_click"):
        st.session_state["placeit_click"] = clicked
        st.session_state["placeit_point"] = (place.geonameid, *clicked, placement.PIN_SOURCE)
        st.rerun()  # draw the pin where it was clicked


def propose_online(gazetteer, place) -> None:
    """The opt-in online lookup: Nominatim's point for the village becomes the proposal (not saved)."""
    online = st.toggle("Ask OpenStreetMap (online) for a point", value=geocode_online.enabled(), key="placeit_online",
                       help="Nominatim, one request a second, answers cached; the point is only proposed.")
    if online and st.button("Propose a point", key="placeit_ask"):
        try:
            proposal = geocode_online.propose(place, gazetteer.names_of(place))
        except Exception as error:  # no network, refused, timed out: say so, lose nothing
            proposal, note = None, f"Online lookup failed: {type(error).__name__}: {error}"
        else:
            note = "" if proposal else f"OpenStreetMap knows no {place.name} in {placement.where(place)}."
        st.session_state["placeit_note"] = (place.geonameid, note)
        if proposal is not None:
            st.session_state["placeit_point"] = (place.geonameid, proposal.lat, proposal.lon, proposal.source)
            st.rerun()  # draw the proposal on the map
    geonameid, note = st.session_state.get("placeit_note", (None, ""))
    if note and geonameid == place.geonameid:
        st.warning(pagekit.plain(note))


def confirm(place, pinned) -> None:
    """The proposed point in words, a far one questioned; confirmed, it is saved and the reports re-extracted."""
    if pinned is None:
        st.info(f"Click on the map where {pagekit.plain(place.name)} is.")
        return
    st.text(f"Proposed: {pinned.lat:.5f}, {pinned.lon:.5f} for {place.name} ({placement.where(place)})"
            + (f", {pinned.distance_km:,.1f} km from where it is now" if pinned.distance_km is not None else "")
            + f"; source: {pinned.source}")
    if pinned.warning():
        st.warning(pagekit.plain(pinned.warning()))
    user = appstate.current_user()
    who = st.text_input("Placed by", value=user.name, key="placeit_by") if user.local else user.name
    if st.button(f"Place {pagekit.plain(place.name)} here", key="placeit_confirm", type="primary"):
        if not who.strip():
            st.warning("Say who places it, so the pin can be traced.")
            return
        affected = placement.save_pin(store, pinned, placed_by=who)
        appstate.reload_gazetteer()
        for key in ("placeit_point", "placeit_place"):  # on to the next village to place, if any
            st.session_state.pop(key, None)
        st.query_params.pop("place_it", None)
        done = f"Placed {place.name} at {pinned.lat:.5f}, {pinned.lon:.5f} (exact, {pinned.source}, by {who.strip()}). "
        if affected:
            reextract(affected, done_already=done)
        else:
            st.session_state["gazetteer_message"] = ("success", done + "No stored report mentions it yet.")
        st.rerun()


st.title("Gazetteer")
st.caption("Fix place names the extractor could not resolve and place villages exactly by a click (kept as "
           "overrides in the store); search the gazetteer.")
store = appstate.get_store()
gazetteer = appstate.get_gazetteer()
base_path = st.get_option("server.baseUrlPath")
missing_assets = appstate.offline_assets()

kind, message = st.session_state.pop("gazetteer_message", (None, None))
if kind:
    getattr(st, kind)(pagekit.plain(message))
pending = list(fixable_reports(store, gazetteer)["report_id"])
if pending:
    st.info(f"{len(pending)} stored report(s) have names an override now places. "
            "Re-extract them so the fix shows on the map.")
    if st.button(f"Re-extract {len(pending)} report(s)", key="gazetteer_reextract_button", type="primary"):
        reextract(pending)
        st.rerun()

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

st.subheader("Place a village exactly")
st.caption("Villages the gazetteer has only at their hromada's or raion's centre (approximate) or without a point "
           "(unplaced). Click where the village is, check the point, confirm: the pin is kept as an override with "
           "your name, and the reports about the village are re-extracted.")
place_it(gazetteer)

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
    st.dataframe(store.overrides(with_authors=True), hide_index=True, width="stretch")

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
