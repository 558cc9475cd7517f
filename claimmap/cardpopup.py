"""The selected place's card on the map: when it opens, stays closed, and fits the map.

Only the selected place's marker carries a card (`popup` in its GeoJSON properties, see
`mapview.places_geojson`). This element, added to the places layer after its markers, binds
that card and decides when Leaflet shows it:

- when the marker is drawn (after the click that selected it, and when a rerun redraws the
  layer), unless the analyst closed it; closed, it stays closed while the map moves, until the
  marker is clicked again;
- only once the map is still: a card opened during a zoom or pan animation is placed and
  panned into view against positions the animation is about to change, and was left sticking
  out of the map;
- fitted again when Leaflet's stylesheets arrive and when the map changes size: a new map (a
  shared link, tiles toggled) runs its script before the stylesheets it asked for have loaded,
  so a card opened then was measured unstyled, panned by the wrong amount and left 30-40 px
  above the map once styled; and Leaflet keeps the centre on a resize, cutting off a card near
  an edge;
- from a shared link (`?place=`), a marker hidden inside a cluster is revealed once per map
  (markercluster's `zoomToShowLayer`: zoom to it, or spiderfy it) and its card opened. A place
  that is not drawn at all is the page's to explain (`pages/map.py`).

`window.claimmapClosed` and `window.claimmapRevealed` live in the map's iframe, so they outlast
the layer a rerun replaces but not the map itself.
"""
from __future__ import annotations

from branca.element import MacroElement
from folium.template import Template

POPUP_WIDTH, POPUP_HEIGHT = 250, 380  # pixels of a place's card on the map (the map is 620 high)
POPUP_OPTIONS = {"className": "claimmap-popup", "minWidth": POPUP_WIDTH, "maxWidth": POPUP_WIDTH,
                 "maxHeight": POPUP_HEIGHT, "autoPanPadding": [12, 12]}


class CardPopup(MacroElement):
    """The selected place's card, bound to its marker in `markers` (a GeoJson layer inside `cluster`)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (group, cluster, markers, options) {
            var selected = null;
            markers.eachLayer(function (layer) { if (layer.feature.properties.popup) { selected = layer; } });
            if (!selected) { return; }
            var id = selected.feature.properties.geonameid, leaving = false;
            selected.bindPopup(selected.feature.properties.popup, options);
            function moving(map) { return map._animatingZoom || (map._panAnim && map._panAnim._inProgress); }
            function open() {
                var map = selected._map;
                if (!map || window.claimmapClosed === id) { return; }
                if (moving(map)) { map.once("moveend", open); return; }
                selected.openPopup();
            }
            function refit() { if (selected.isPopupOpen()) { selected.getPopup().update(); } }
            // a marker leaving the map (a rerun's new layer, a cluster) closes its card: not the analyst's doing
            selected.on("remove", function () { leaving = true; });
            selected.on("add", function () { leaving = false; setTimeout(open, 0); });
            selected.on("popupclose", function () { if (!leaving) { window.claimmapClosed = id; } });
            selected.on("popupopen", function () { window.claimmapClosed = null; });  // opened again by a click
            group.on("add", function () {
                var map = group._map;
                map.on("resize", refit);
                var loading = Array.prototype.filter.call(document.querySelectorAll("link[rel=stylesheet]"),
                                                          function (link) { return !link.sheet; });
                loading.forEach(function (link) {  // once, when the last has loaded (or failed)
                    link.addEventListener("load", styled);
                    link.addEventListener("error", styled);
                });
                function styled() { if (--loading.length === 0) { refit(); } }
                if (window.claimmapRevealed === id) { return; }
                window.claimmapRevealed = id;  // once: zoomed out later, the analyst is not pulled back in
                if (!map.hasLayer(selected) && window.claimmapClosed !== id) {
                    cluster.zoomToShowLayer(selected, open);
                }
            });
            group.on("remove", function () { if (group._map) { group._map.off("resize", refit); } });
        })({{ this._parent.get_name() }}, {{ this.cluster.get_name() }}, {{ this.markers.get_name() }},
           {{ this.options|tojson }});
        {% endmacro %}
    """)

    def __init__(self, cluster, markers):
        super().__init__()
        self._name = "CardPopup"
        self.cluster = cluster
        self.markers = markers
        self.options = POPUP_OPTIONS
