"""The map: who claims control of which place, over a time window, beside the source claims.

Only widgets and drawing here; what is shown is decided in `claimmap.views`,
drawn by `claimmap.mapview`, and read from the store.
"""
from __future__ import annotations

from datetime import datetime, timezone

import streamlit as st
from streamlit_folium import st_folium

import appstate
from claimmap import assets, claimcards, mapdata, mapview, placement, timeline, views, vocabulary
from claimmap.vocabulary import count

appstate.enter_page(__file__)

PANEL_ROWS = 200  # cards beside the map
FAR_FUTURE = datetime(2200, 1, 1, tzinfo=timezone.utc)  # within pandas' timestamps


def naive(moment: datetime) -> datetime:
    """Streamlit's date and time inputs take naive values; ours are UTC (a naive one already is:
    `astimezone` would read it as the server's local time)."""
    return moment if moment.tzinfo is None else moment.astimezone(timezone.utc).replace(tzinfo=None)


def aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=timezone.utc)


def put_moment(name: str, moment: datetime) -> None:
    """Show a moment in its typed day and minute (keys map_{name}_day, map_{name}_time)."""
    st.session_state[f"map_{name}_day"] = moment.date()
    st.session_state[f"map_{name}_time"] = moment.time().replace(second=0, microsecond=0)


def put_as_of(moment: datetime) -> None:
    """Set the "status as of" moment, and the typed day and minute that show it."""
    st.session_state["map_as_of"] = naive(moment)
    put_moment("as_of", naive(moment))


def put_window(since: datetime, until: datetime, as_of: datetime | None = None) -> None:
    """Set the window (and the typed start and end that show it); the as-of moment follows its end."""
    since, until = naive(since), naive(until)
    st.session_state["map_window"] = (since, until)
    put_as_of(as_of if as_of is not None else until)
    put_moment("since", since)
    put_moment("until", until)


def seed_widgets(view: views.View, span) -> None:
    """Put a view (from the URL or the shared filters) into the page's widgets."""
    put_window(*views.resolve_window(view, span))
    st.session_state["map_mode"] = view.mode
    st.session_state["map_place"] = view.place
    st.session_state["map_zoom"], st.session_state["map_center"] = view.zoom, view.center
    keep_view()
    for key in appstate.FILTER_DEFAULTS:
        st.session_state[f"map_{key}"] = view.filters[key]


def keep_view() -> None:
    """Where the map opens: the view of the link, or the analyst's when the base map is rebuilt (tiles
    toggled). The page never moves the map after that: echoing the view the map last reported back
    to it, a step behind, made a shared link's map swing between two views for ever and pulled a
    card the map had just panned into view back out of it."""
    st.session_state["map_opens_at"] = (st.session_state["map_zoom"] or mapview.DEFAULT_ZOOM,
                                        st.session_state["map_center"] or mapview.DEFAULT_CENTER)


def claims_span():
    return views.time_span(appstate.get_store().status_as_of(FAR_FUTURE))


def set_window(choice: str) -> None:
    if choice == "all":  # also takes in claims that arrived since the page was opened
        st.session_state["map_span"] = claims_span()
    put_window(*views.quick_window(choice, st.session_state["map_span"]))


def window_typed() -> None:
    state = st.session_state
    put_window(*views.typed_window(state["map_since_day"], state["map_since_time"],
                                   state["map_until_day"], state["map_until_time"]))


def as_of_typed() -> None:
    put_as_of(views.typed_moment(st.session_state["map_as_of_day"], st.session_state["map_as_of_time"]))


def step_as_of(later: bool) -> None:
    """Move the as-of moment to the time of the next (or previous) claim the filters keep."""
    moment = mapdata.claim_time_beside(appstate.get_store(), aware(st.session_state["map_as_of"]), later,
                                       appstate.shared_filters())
    if moment is None:
        st.session_state["map_as_of_note"] = f"No {'later' if later else 'earlier'} claim."
    else:
        put_as_of(moment)


def window_brushed() -> None:
    brushed = timeline.brushed_window(st.session_state.get("map_timeline"))
    if brushed is not None:
        put_window(*brushed)


@st.cache_data(max_entries=8, show_spinner=False)
def timeline_spec(database: str, span, bucket: str, filters: dict) -> dict:
    """The timeline's bars, counted once per store, span and filters (a new claim widens the span
    on "all" or on a new visit to the page)."""
    return timeline.timeline_spec(mapdata.claims_over_time(appstate.get_store(), bucket, filters), bucket)


def clear_place() -> None:
    st.session_state["map_place"] = None


def map_clicked() -> None:
    """A click on a marker selects its place before the page reruns, so that the map drawn in
    this rerun already opens the place's card. The last click stays in the map's value while it
    is panned: only a new one selects (and "Show all places" stays shown)."""
    clicked = mapview.clicked_place(st.session_state.get("claim_map"))
    if clicked is not None and clicked != st.session_state.get("map_last_click"):
        st.session_state["map_place"] = clicked
    st.session_state["map_last_click"] = clicked


st.caption("Who claims control of which place: the status as of a moment, from the claims up to then; "
           "click a place for its source claims, or play the window back.")
store = appstate.get_store()
base_path = st.get_option("server.baseUrlPath")
missing_assets = appstate.offline_assets()
if missing_assets:
    st.warning(f"The map loads its scripts from CDNs (no network, no map): {missing_assets}")

if "map_since_day" not in st.session_state:
    # Entering the page (Streamlit drops widget state on leaving it): read the claims' span
    # once, and let a shared link win over the shared filters.
    st.session_state["map_span"] = claims_span()
    if st.session_state["map_span"] is None:
        st.info("No located claims yet. Upload reports on the **Upload reports** page.")
        st.stop()
    seed_widgets(views.view_from_params(st.query_params.to_dict(), appstate.shared_filters()),
                 st.session_state["map_span"])
span = st.session_state["map_span"]
lo, hi = naive(span[0]), naive(span[1])
if not (lo <= st.session_state["map_window"][0] <= st.session_state["map_window"][1] <= hi):
    put_window(*views.resolve_window(views.View(*(aware(t) for t in st.session_state["map_window"])), span))
if not lo <= st.session_state["map_as_of"] <= hi:
    put_as_of(min(max(st.session_state["map_as_of"], lo), hi))
since, until = (aware(t) for t in st.session_state["map_window"])
as_of = aware(st.session_state["map_as_of"])

with st.sidebar:
    st.subheader("Filters")
    filters = appstate.filter_widgets("map", mapdata.report_sources(store))
    st.divider()
    st.radio("Map shows", views.MODES, key="map_mode",
             format_func={"status": "status as of", "playback": "playback of the window"}.get)
    tiles = st.toggle("Background tiles (online)", value=True, key="map_tiles", on_change=keep_view)
playback = st.session_state["map_mode"] == "playback"

times = st.columns([1.4, 1.0, 1.4, 1.0] + [1.0] * len(views.QUICK_WINDOWS), vertical_alignment="bottom")
for column, name, label in ((0, "since", "Window from (UTC)"), (2, "until", "to (UTC)")):
    times[column].date_input(label, key=f"map_{name}_day", min_value=lo.date(), max_value=hi.date(),
                             on_change=window_typed, format="YYYY-MM-DD")
    times[column + 1].time_input("time", key=f"map_{name}_time", step=60, on_change=window_typed,
                                 label_visibility="hidden")
for column, choice in zip(times[4:], views.QUICK_WINDOWS):
    column.button(choice, on_click=set_window, args=(choice,), width="stretch")
moment = st.columns([1.4, 1.0, 1.3, 1.3, 3.4], vertical_alignment="bottom")
moment[0].date_input("Status as of (UTC)", key="map_as_of_day", min_value=lo.date(), max_value=hi.date(),
                     on_change=as_of_typed, format="YYYY-MM-DD")
moment[1].time_input("time", key="map_as_of_time", step=60, on_change=as_of_typed, label_visibility="hidden")
moment[2].button("◀ previous claim", on_click=step_as_of, args=(False,), width="stretch",
                 help="the status just before: the time of the previous claim the filters keep")
moment[3].button("next claim ▶", on_click=step_as_of, args=(True,), width="stretch",
                 help="the status once the next claim the filters keep was made")
if "map_as_of_note" in st.session_state:
    moment[4].caption(st.session_state.pop("map_as_of_note"))

data = mapdata.read_window(store, since, until, as_of, filters, appstate.FILTER_DEFAULTS)
shown = data.shown

opens_zoom, opens_center = st.session_state["map_opens_at"]
fmap = mapview.base_map(tiles=tiles, base_path=base_path, zoom=opens_zoom, center=opens_center)
if playback:
    points = mapdata.playback_points(store, data, since, until)
    layer = mapview.playback_layer(views.playback_frames(points, until), since, until)
else:
    place = st.session_state["map_place"]
    card = (mapview.PlaceCard(as_of, mapdata.latest_by_side(store, since, until, place, data.claims))
            if place is not None and (shown["geonameid"] == place).any() else None)
    layer = mapview.places_layer(shown, selected=place, card=card)
if not missing_assets:
    for element in (fmap, layer):
        assets.localize(element, base_path)

map_column, claims_column = st.columns([3, 2])
with map_column:
    st.caption(f"{count(data.n_claims, 'claim')} about {count(data.n_places, 'place')} in the window; "
               f"{count(len(shown), 'place')} on the map (status as of {as_of:%Y-%m-%d %H:%M} UTC)")
    returned = st_folium(fmap, key="claim_map", height=620, use_container_width=True,
                         feature_group_to_add=layer, returned_objects=mapview.RETURNED_OBJECTS, on_change=map_clicked)
st.session_state["map_zoom"], st.session_state["map_center"] = mapview.returned_view(
    returned, st.session_state["map_zoom"], st.session_state["map_center"])

with claims_column:
    place = st.session_state["map_place"]
    if place is not None:
        st.subheader("Claims about the selected place")
        known = mapdata.place_of(store, place)
        st.text(f"{known['place'] if known else 'unknown place'} ({vocabulary.place_id_text(place)})")
        st.button("Show all places", on_click=clear_place)
        no_card = views.why_no_card(known, bool((shown["geonameid"] == place).any()),
                                    filters != appstate.FILTER_DEFAULTS, playback)
        if no_card:
            st.info(no_card)
        if known and known["location_precision"] in placement.IMPRECISE:
            st.page_link("pages/gazetteer.py", label="Approximate location: place it exactly",
                         icon=":material/add_location_alt:", query_params={"place_it": str(place)})
    else:
        st.subheader("Claims in the window")
    panel = views.claims_panel(mapdata.panel_claims(store, data, since, until, place, PANEL_ROWS), place, limit=PANEL_ROWS)
    st.caption(f"{count(len(panel), 'claim')}, newest first; the place is marked in the evidence")
    st.html(claimcards.cards_html(panel))

bucket = timeline.bucket_for(span)
filtered = filters != appstate.FILTER_DEFAULTS
st.vega_lite_chart(timeline.with_window(timeline_spec(str(store.engine.url), span, bucket, filters), since, until, as_of),
                   key="map_timeline", on_select=window_brushed, selection_mode=timeline.BRUSH, width="stretch")
st.caption(f"{'The claims the filters keep' if filtered else 'All claims'} over time by claimed controller; the "
           "shaded band is the window, the dashed line the as-of moment. Drag across the chart to pick a window.")

view = views.View(since=since, until=until, as_of=as_of, filters=filters,
                  place=st.session_state["map_place"], mode=st.session_state["map_mode"],
                  zoom=st.session_state["map_zoom"], center=st.session_state["map_center"])
st.query_params.from_dict(views.view_to_params(view))
