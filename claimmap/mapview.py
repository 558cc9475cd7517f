"""The folium map: a fixed base map, and layers built from per-place aggregates.

`base_map` never depends on the claims, so streamlit-folium keeps the same
iframe (and the analyst's zoom) across reruns; what changes goes into the
feature groups of `places_layer` / `playback_layer`, which the page hands to
st_folium's `feature_group_to_add`.

Every string that comes from a report or an analyst passes through `escape`
(`claimmap.inert`) before it reaches folium: folium and Leaflet put tooltip and
popup text into innerHTML, some folium templates wrap text in JavaScript template
literals where `${...}` runs, and branca parses a rendered script again as a Jinja
template (`{{ … }}` would run on the server), so braces are escaped too. The layers holding data
(`GeoJsonFeatures`, `InertTimeline`) also keep their rendered script as text,
never parsed again. Each place marker carries its geonameid in its GeoJSON
properties, so a click comes back as the id (st_folium's `last_active_drawing`).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import folium
import pandas as pd
from branca.element import Element, MacroElement
from folium.plugins import MarkerCluster, Timeline
from folium.template import Template
from folium.utilities import JsCode

from claimmap import assets, cardpopup, claimcards, maplabels, views
from claimmap.inert import escape
from claimmap.vocabulary import APPROXIMATE, APPROXIMATE_SHORT, CLAIMED_ONLY, COLOURS, CONTROLLER_LABELS, FIRM, claimants_by_side, count
DEFAULT_CENTER = (48.9, 37.0)   # the Donbas-Kharkiv front; the view starts there
DEFAULT_ZOOM = 7
MIN_ZOOM, MAX_ZOOM = 3, 18  # the map's own limits: without tiles Leaflet has none, and clustering needs one
TILES_URL = "OpenStreetMap"
RETURNED_OBJECTS = ["last_active_drawing", "zoom", "center"]
TOOLTIP_EVIDENCE = 90  # characters of the latest claim's evidence in a tooltip


def clicked_place(returned: dict | None) -> int | None:
    """The geonameid of the place marker the analyst clicked, from st_folium's return value."""
    drawing = (returned or {}).get("last_active_drawing") or {}
    value = (drawing.get("properties") or {}).get("geonameid")
    return int(value) if isinstance(value, (int, float, str)) and str(value).isdigit() else None


def returned_view(returned: dict | None, zoom: int | None, center: tuple[float, float] | None
                  ) -> tuple[int | None, tuple[float, float] | None]:
    """The map's zoom and centre after the analyst moved it (from st_folium's return value);
    unchanged until it moves away from the default view, so a default link stays short."""
    returned = returned or {}
    new_zoom, new_center = returned.get("zoom"), returned.get("center") or {}
    if not isinstance(new_zoom, (int, float)) or "lat" not in new_center or "lng" not in new_center:
        return zoom, center
    moved = (int(new_zoom), (round(float(new_center["lat"]), 4), round(float(new_center["lng"]), 4)))
    # Leaflet reports the default centre back a pixel off: within 0.01 degrees it has not moved
    at_default = moved[0] == DEFAULT_ZOOM and all(abs(a - b) < 0.01 for a, b in zip(moved[1], DEFAULT_CENTER))
    return (zoom, center) if at_default and zoom is None else moved


# --- the base map ---------------------------------------------------------------------

class Outlines(MacroElement):
    """Country outlines fetched from the app's static folder, in a pane under the markers.

    Fetched, not embedded, so the browser caches them and reruns do not resend them."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.createPane("outlines").style.zIndex = 250;
        fetch({{ this.url|tojson }}).then(function (response) { return response.json(); })
          .then(function (data) {
            L.geoJSON(data, {pane: "outlines", interactive: false, attribution: {{ this.attribution|tojson }},
                             style: {{ this.style|tojson }}}).addTo({{ this._parent.get_name() }});
          });
        {% endmacro %}
    """)

    def __init__(self, url: str, filled: bool):
        super().__init__()
        self._name = "Outlines"
        self.url = url
        self.attribution = "Outlines: Natural Earth"
        self.style = {"color": "#6b6b6b", "weight": 1, "fillColor": "#f4f1ea",
                      "fillOpacity": 1 if filled else 0}


class Legend(MacroElement):
    """The colour and look legend (our own fixed text), hidden while a place's card is open (the
    legend sits over the map's popups), plus the playback bar's layout."""

    _template = Template("""
        {% macro header(this, kwargs) %}
        <style>
          .claimmap-legend { background: rgba(255,255,255,.92); padding: 6px 9px; font: 12px/1.5 sans-serif;
                             border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,.3); }
          .claimmap-legend i { display: inline-block; width: 11px; height: 11px; border-radius: 50%;
                               margin-right: 5px; vertical-align: -1px; border: 2px solid; }
          .claimmap-card-open .claimmap-legend { display: none; }  /* a place's card says it in words */
          .leaflet-bottom.leaflet-left { width: 100%; }
          .leaflet-control-container .leaflet-timeline-controls { box-sizing: border-box; width: 100%;
                                                                  margin: 0 0 15px 0; }
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.control({position: "topright"});
        {{ this.get_name() }}.onAdd = function () {
            var div = L.DomUtil.create("div", "claimmap-legend");
            div.innerHTML = {{ this.body|tojson }};
            return div;
        };
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {{ this._parent.get_name() }}.on("popupopen popupclose", function (event) {
            this.getContainer().classList.toggle("claimmap-card-open", event.type === "popupopen");
        });
        {% endmacro %}
    """)

    def __init__(self):
        super().__init__()
        self._name = "Legend"
        rows = [f'<i style="background:{COLOURS[c]};border-color:{COLOURS[c]}"></i>{CONTROLLER_LABELS[c]}'
                for c in COLOURS]
        rows += [f'<i style="background:#999;border-color:#999"></i>filled: {FIRM}',
                 f'<i style="background:transparent;border-color:#999;border-style:dashed"></i>hollow: {CLAIMED_ONLY}',
                 '<i style="background:transparent;border-color:#999;border-style:dotted"></i>'
                 f"dotted: {APPROXIMATE_SHORT}",
                 "size: number of claims"]
        self.body = "<b>Claimed controller</b><br>" + "<br>".join(rows)


def base_map(*, tiles: bool = True, base_path: str = "", legend: bool = True, zoom: int = DEFAULT_ZOOM,
             center: tuple[float, float] = DEFAULT_CENTER) -> folium.Map:
    """The map without data: same arguments, same map (and the same st_folium key). `legend`: the
    claims' legend (not on a map that shows no claims); `zoom` and `center`: where it opens."""
    fmap = folium.Map(location=center, zoom_start=zoom, tiles=TILES_URL if tiles else None,
                      control_scale=True, prefer_canvas=False)
    # folium gives min/max zoom to the tile layer only; the markers' cluster asks the map
    fmap.options.update(minZoom=MIN_ZOOM, maxZoom=MAX_ZOOM)
    Outlines(assets.static_url("outlines.geojson", base_path), filled=not tiles).add_to(fmap)
    maplabels.LabelTools().add_to(fmap)
    if not tiles:  # the tiles name places themselves
        maplabels.PlaceNames(assets.static_url(assets.SETTLEMENTS, base_path)).add_to(fmap)
    if legend:
        Legend().add_to(fmap)
    return fmap


# --- the places layer -----------------------------------------------------------------

_POINT_TO_LAYER = JsCode("""
function (feature, latlng) {
    var p = feature.properties;
    return L.circleMarker(latlng, {
        radius: p.radius, color: p.colour, fillColor: p.colour, weight: p.selected ? 4 : 2,
        fillOpacity: p.firm ? 0.75 : 0.08, dashArray: p.approximate ? "1 5" : (p.firm ? null : "4 3")
    });
}""")

_BIND_TOOLTIP = JsCode("""
function (feature, layer) {
    var p = feature.properties;
    layer.bindTooltip(p.tooltip, {className: "claimmap-tip", direction: "top", offset: [0, -p.radius]});
}""")


def place_tooltip(row) -> str:
    """HTML for one place's tooltip (a `views.places_shown` row), a few short lines; every value escaped."""
    firm = FIRM if row.firm else CLAIMED_ONLY
    disputed = ", disputed" if row.disputed else ""
    claimants = claimants_by_side(row)
    evidence = row.latest_evidence if len(row.latest_evidence) <= TOOLTIP_EVIDENCE else \
        row.latest_evidence[:TOOLTIP_EVIDENCE - 1] + "…"
    approximate = (f"<br><small>{APPROXIMATE}</small>"
                   if getattr(row, "location_precision", "exact") == "approximate" else "")
    return (f"<b>{escape(row.place)}</b> <small>{escape(row.admin1)}</small>{approximate}<br>"
            f"{escape(CONTROLLER_LABELS.get(row.controller, row.controller))}: {firm}{disputed}<br>"
            f"{count(int(row.n_claims), 'claim')}; claimants: {escape(claimants)}<br>"
            f"<small>latest, {escape(row.latest_claimant)}: “{escape(evidence)}”</small>")


def _point(row, **properties) -> dict:
    """A GeoJSON point feature for a place row (lat, lon, geonameid, controller)."""
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [round(float(row.lon), 5), round(float(row.lat), 5)]},
        "properties": {"geonameid": int(row.geonameid), "colour": COLOURS.get(row.controller, COLOURS["unknown"]),
                       **properties},
    }


@dataclass(frozen=True)
class PlaceCard:
    """What the selected place's card shows besides its status: the moment, and the newest claim
    of each claimant side (`views.latest_per_side` of a `views.claims_panel`)."""

    as_of: datetime
    latest: pd.DataFrame


def places_geojson(status: pd.DataFrame, selected: int | None = None, card: PlaceCard | None = None) -> dict:
    """A GeoJSON FeatureCollection, one point per place of `status` (`views.places_shown` rows);
    the `selected` place carries its `card` as a popup."""
    rows = status.assign(firm=views.is_firm(status), radius=views.marker_radius(status["n_claims"]))
    # `selected`, `approximate` and `popup` only where true: 2,000 places' worth of "false" is bytes on every rerun
    features = [_point(row, firm=bool(row.firm), radius=float(row.radius), tooltip=place_tooltip(row),
                       name=escape(row.place), **(_selected(row, card) if int(row.geonameid) == selected else {}),
                       **({"approximate": True} if getattr(row, "location_precision", "exact") == "approximate" else {}))
                for row in rows.itertuples(index=False)]
    return {"type": "FeatureCollection", "features": features}


def _selected(row, card: PlaceCard | None) -> dict:
    return {"selected": True, **({"popup": claimcards.place_card(row, card.as_of, card.latest)} if card else {})}


class _Script(Element):
    """JavaScript already rendered: kept as text."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


class GeoJsonFeatures(MacroElement):
    """Features added to the GeoJson layer it belongs to.

    The data lives here rather than in folium's GeoJson because branca wraps each
    rendered script in a new Jinja template, parsing it again: for a map's worth
    of places that costs more than everything else on a rerun. This element keeps
    its script as text."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.addData({{ this.data|tojson }});
        {% endmacro %}
    """)

    def __init__(self, data: dict):
        super().__init__()
        self._name = "GeoJsonFeatures"
        self.data = data

    def render(self, **kwargs) -> None:
        script = self._template.module.__dict__["script"](self, kwargs)
        self.get_root().script.add_child(_Script(script), name=self.get_name())


def places_layer(status: pd.DataFrame, selected: int | None = None, card: PlaceCard | None = None
                 ) -> folium.FeatureGroup:
    """Place markers (clustered where dense) coloured by controller, filled when firm, sized by claims;
    the selected one with its card (`places_geojson`)."""
    group = folium.FeatureGroup(name="places")
    cluster = MarkerCluster(options={"disableClusteringAtZoom": 9, "maxClusterRadius": 35,
                                     "showCoverageOnHover": False}).add_to(group)
    markers = folium.GeoJson({"type": "FeatureCollection", "features": []}, name="place markers",
                             point_to_layer=_POINT_TO_LAYER, on_each_feature=_BIND_TOOLTIP).add_to(cluster)
    GeoJsonFeatures(places_geojson(status, selected, card)).add_to(markers)
    maplabels.PlaceLabels(cluster, markers).add_to(group)
    cardpopup.CardPopup(cluster, markers).add_to(group)
    return group


# --- the playback layer ---------------------------------------------------------------

class PlaybackSlider(MacroElement):
    """leaflet.timeline's slider, living in the feature group that holds its timeline.

    folium's TimelineSlider must sit on the map itself, which would change the base
    map whenever the window changes; this one attaches to the map when its group is
    added and leaves with it, so st_folium can swap it like any other layer."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.timelineSliderControl({{ this.options|tojavascript }});
        {{ this._parent.get_name() }}.on("add", function () {
            {{ this.get_name() }}.addTo(this._map);
            {{ this.get_name() }}.addTimelines({{ this.timeline.get_name() }});
        });
        {{ this._parent.get_name() }}.on("remove", function () { {{ this.get_name() }}.remove(); });
        {% endmacro %}
    """)

    def __init__(self, timeline: Timeline, start_ms: int, end_ms: int):
        super().__init__()
        self._name = "PlaybackSlider"
        self.timeline = timeline
        self.options = {
            "autoPlay": False, "enablePlayback": True, "enableKeyboardControls": True,
            "showTicks": True, "steps": 200, "duration": 20000, "start": start_ms, "end": end_ms,
            "formatOutput": JsCode('function (t) { return moment.utc(t).format("YYYY-MM-DD HH:mm [UTC]"); }'),
        }


def playback_geojson(frames: pd.DataFrame) -> dict:
    """GeoJSON points with start/end (ms since the epoch) for leaflet.timeline."""
    frames = frames.assign(radius=views.marker_radius(frames["n_claims"].astype(int)))
    features = [_point(f, firm=True, radius=float(f.radius),
                       start=int(pd.Timestamp(f.start).value // 1_000_000),
                       end=int(pd.Timestamp(f.end).value // 1_000_000),
                       tooltip=(f"<b>{escape(f.place)}</b><br>"
                                f"{escape(CONTROLLER_LABELS.get(f.controller, f.controller))}"
                                f" from {pd.Timestamp(f.start):%d %b %Y %H:%M} UTC ({count(int(f.n_claims), 'claim')})"))
                for f in frames.itertuples(index=False)]
    return {"type": "FeatureCollection", "features": features}


class InertTimeline(Timeline):
    """folium's Timeline with its rendered script kept as text: folium wraps it in a branca
    Element, which parses it again as a Jinja template, data included (a place named
    "Broken {{ brace" broke playback; "{{ lipsum.__globals__… }}" ran on the server)."""

    def render(self, **kwargs) -> None:
        script = self._template.module.__dict__["script"](self, kwargs)
        self.get_root().script.add_child(_Script(script), name=self.get_name())
        for element in self._children.values():
            element.render(**kwargs)


def playback_layer(frames: pd.DataFrame, since, until) -> folium.FeatureGroup:
    """The window's claims animated in time (views.playback_frames), with its slider."""
    group = folium.FeatureGroup(name="playback")
    timeline = InertTimeline(playback_geojson(frames), point_to_layer=_POINT_TO_LAYER,
                        on_each_feature=_BIND_TOOLTIP).add_to(group)
    PlaybackSlider(timeline, int(pd.Timestamp(since).value // 1_000_000),
                   int(pd.Timestamp(until).value // 1_000_000) + 1).add_to(group)
    return group


def standalone_html(fmap: folium.Map, *layers: folium.FeatureGroup, base_path: str = "") -> str:
    """The whole map as one offline HTML page (what a browser would run; for tests and benchmarks)."""
    for layer in layers:
        layer.add_to(fmap)
    assets.localize(fmap, base_path)
    return fmap.get_root().render()
