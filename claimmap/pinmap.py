"""The map an analyst places a village on: where the gazetteer has it now, and the proposed point.

The base map is the Map page's (outlines, offline settlement names, optional tiles) without the
claims' legend; the village's current point (a dotted ring: approximate) and the proposed pin go
in a feature group the page hands to st_folium, which returns the analyst's click (`last_clicked`).
Names are escaped (`mapview.escape`) like every string that reaches folium.
"""
from __future__ import annotations

import folium

from claimmap import mapview
from claimmap.gazetteer import Place
from claimmap.placement import Pin

RETURNED_OBJECTS = ["last_clicked"]
ZOOM_NEAR, ZOOM_OBLAST = 11, 8  # an approximate village's hromada or raion; an unplaced one's oblast
PIN_COLOUR, NOW_COLOUR = "#d62728", "#555555"


def start_view(place: Place, regions: list[Place]) -> tuple[tuple[float, float], int]:
    """Where the map opens: at the village's approximate point, else at its oblast's centre."""
    if place.placed:
        return (place.lat, place.lon), ZOOM_NEAR
    oblast = next((r for r in regions if (r.country_code, r.admin1) == (place.country_code, place.admin1)), None)
    return ((oblast.lat, oblast.lon), ZOOM_OBLAST) if oblast else (mapview.DEFAULT_CENTER, mapview.DEFAULT_ZOOM)


def _label(text: str) -> folium.Tooltip:
    """A permanent label above the point, clear of the settlement name beside it."""
    return folium.Tooltip(mapview.escape(text), permanent=True, direction="top", offset=(0, -12))


def pin_layer(place: Place, pinned: Pin | None) -> folium.FeatureGroup:
    """The village's current point (if it has one) and the proposed pin; neither takes clicks, so a
    click on them still places the pin there."""
    group = folium.FeatureGroup(name="place it")
    if place.placed:
        folium.CircleMarker((place.lat, place.lon), radius=14, color=NOW_COLOUR, weight=2, dash_array="1 5",
                            fill=False, interactive=False,
                            tooltip=_label(f"{place.name} now: {place.placed_at or place.location_precision}")
                            ).add_to(group)
    if pinned is not None:
        folium.CircleMarker((pinned.lat, pinned.lon), radius=7, color=PIN_COLOUR, fill=True, fill_opacity=0.9,
                            weight=2, interactive=False, tooltip=_label(f"{place.name} here?")).add_to(group)
    return group


def clicked_point(returned: dict | None) -> tuple[float, float] | None:
    """The point the analyst last clicked on the map (st_folium's `last_clicked`), or None."""
    clicked = (returned or {}).get("last_clicked") or {}
    lat, lon = clicked.get("lat"), clicked.get("lng")
    if isinstance(lat, (int, float)) and isinstance(lon, (int, float)):
        return round(float(lat), 5), round(float(lon), 5)
    return None
