"""Names on the map: permanent labels of the places with claims, and an offline base map of
settlement names, thinned so that no two labels overlap.

The settlement names come from the gazetteer (`settlements_json`), written once into the
static folder beside the other offline assets and fetched by the browser like the country
outlines, so a map without tiles still names the towns around the claims. Which names show
depends on the zoom (bigger towns first) and on room: a pass after every move hides any label
that would overlap one of higher rank; places with claims outrank every settlement name, and
among them the bigger markers (more claims) win.
Names reach the browser HTML-escaped (the places' by `mapview.escape`), as tooltips do.
"""
from __future__ import annotations

import html
import json
from pathlib import Path

import pandas as pd
from branca.element import MacroElement
from folium.template import Template

# Smallest population named at each zoom (a zoom not listed takes the nearest lower one).
NAMED_FROM = {0: 500_000, 6: 100_000, 7: 30_000, 8: 10_000, 9: 3_000, 10: 0}

CSS = """
.claimmap-label, .claimmap-name { white-space: nowrap; pointer-events: none; width: auto !important;
  height: auto !important; text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff; }
.claimmap-label { font: 600 12px/1.2 sans-serif; color: #111; }
.claimmap-name { font: 11px/1.2 sans-serif; color: #555; }
.claimmap-name b { display: inline-block; width: 4px; height: 4px; border-radius: 50%; background: #777;
  margin-right: 3px; vertical-align: 2px; }
.leaflet-tooltip.claimmap-tip { white-space: normal; width: max-content; max-width: 260px;
  font: 12px/1.35 sans-serif; }
"""

# One pass over every label of the map, highest rank first: a label overlapping one already
# kept is hidden. Shared by the base names and the places layer (both call it after drawing).
DECLUTTER = """
window.claimmapDeclutter = function (map) {
    var labels = Array.prototype.slice.call(
        map.getContainer().querySelectorAll(".claimmap-label, .claimmap-name"));
    labels.sort(function (a, b) { return b.dataset.rank - a.dataset.rank; });
    var kept = [];
    labels.forEach(function (label) {
        label.style.visibility = "visible";
        var r = label.getBoundingClientRect();
        var hit = kept.some(function (k) {
            return r.left < k.right && r.right > k.left && r.top < k.bottom && r.bottom > k.top; });
        if (hit) { label.style.visibility = "hidden"; } else { kept.push(r); }
    });
};
window.claimmapLabel = function (latlng, escapedHtml, className, rank, dx, pane) {
    var span = document.createElement("span");
    span.innerHTML = (className === "claimmap-name" ? "<b></b>" : "") + escapedHtml;
    var marker = L.marker(latlng, {interactive: false, keyboard: false, pane: pane,
        icon: L.divIcon({className: className, html: span, iconSize: null, iconAnchor: [-dx, 7]})});
    marker.on("add", function () { marker.getElement().dataset.rank = rank; });
    return marker;
};
"""


def settlements_json(gazetteer_csv: Path) -> str:
    """The gazetteer's settlements as a compact JSON list of [lat, lon, escaped name, population],
    biggest first (what the browser names at each zoom)."""
    frame = pd.read_csv(gazetteer_csv, usecols=lambda column: column in (
        "name", "lat", "lon", "feature", "population", "location_precision"))
    # Only settlements at their own point: a KATOTTG village drawn at its hromada's centre (approximate) or with
    # no point at all (unplaced) would name the wrong spot, or be NaN, which is no JSON.
    exact = frame.get("location_precision", pd.Series("exact", index=frame.index)).fillna("exact") == "exact"
    frame = frame[(frame["feature"] == "settlement") & exact & frame["lat"].notna() & frame["lon"].notna()]
    frame = frame.sort_values("population", ascending=False, kind="stable")
    rows = [[round(float(r.lat), 4), round(float(r.lon), 4), html.escape(str(r.name)), int(r.population)]
            for r in frame.itertuples(index=False)]
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":"))


class LabelTools(MacroElement):
    """The labels' style and the shared drawing and declutter functions (every base map has them)."""

    _template = Template("""
        {% macro header(this, kwargs) %}<style>{{ this.css }}</style>{% endmacro %}
        {% macro script(this, kwargs) %}{{ this.declutter }}{% endmacro %}
    """)

    def __init__(self):
        super().__init__()
        self._name = "LabelTools"
        self.css = CSS
        self.declutter = DECLUTTER


class PlaceNames(MacroElement):
    """The base map's settlement names: fetched once, drawn for the view and zoom after each move."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (map) {
            map.createPane("names").style.zIndex = 350;
            var names = L.layerGroup().addTo(map), rows = [], from = {{ this.named_from|tojson }};
            function smallest(zoom) {
                var keys = Object.keys(from).map(Number).filter(function (z) { return z <= zoom; });
                return from[Math.max.apply(null, keys)];
            }
            function draw() {
                names.clearLayers();
                var bounds = map.getBounds().pad(0.1), floor = smallest(map.getZoom()), n = 0;
                for (var i = 0; i < rows.length && n < 400; i++) {
                    var row = rows[i];
                    if (row[3] < floor) { break; }  // biggest first
                    if (!bounds.contains([row[0], row[1]])) { continue; }
                    names.addLayer(window.claimmapLabel([row[0], row[1]], row[2], "claimmap-name", row[3], 2,
                                                        "names"));
                    n++;
                }
                window.claimmapDeclutter(map);
            }
            map.on("moveend", draw);
            fetch({{ this.url|tojson }}).then(function (response) { return response.json(); })
              .then(function (data) { rows = data; draw(); });
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, url: str):
        super().__init__()
        self._name = "PlaceNames"
        self.url = url
        self.named_from = NAMED_FROM


class PlaceLabels(MacroElement):
    """A permanent label beside each place marker of a (clustered) GeoJson layer, shown only
    while the marker itself is on the map (not inside a cluster) and where there is room."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (group, cluster, markers) {
            var labels = L.layerGroup();
            function draw() {
                var map = group._map;
                if (!map) { return; }
                labels.clearLayers();
                markers.eachLayer(function (marker) {
                    if (!map.hasLayer(marker)) { return; }  // inside a cluster
                    var p = marker.feature.properties;
                    labels.addLayer(window.claimmapLabel(marker.getLatLng(), p.name, "claimmap-label",
                                                         1e9 + p.radius, p.radius + 3, "markerPane"));
                });
                window.claimmapDeclutter(map);
            }
            function start() {
                labels.addTo(group._map);
                group._map.on("zoomend moveend", draw);
                cluster.on("animationend", draw);
                draw();
            }
            group.on("add", start);
            group.on("remove", function () {
                group._map.off("zoomend moveend", draw);
                labels.remove();
            });
            if (group._map) { start(); }
        })({{ this._parent.get_name() }}, {{ this.cluster.get_name() }}, {{ this.markers.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, cluster, markers):
        super().__init__()
        self._name = "PlaceLabels"
        self.cluster = cluster
        self.markers = markers
