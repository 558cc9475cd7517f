"""Offline browser assets for the map: Leaflet and its plugins, served by the app itself.

folium points every map at CDNs, so without a network the map is blank. The
scripts come from the npm registry (`package.json`, installed by `npm ci`), are
copied at start-up into the ignored `static/vendor/` folder, and Streamlit serves
that folder at `/app/static/` (`server.enableStaticServing`). `localize` then
rewrites each folium element's links to those copies. Nothing third-party is
committed.

The map lives in streamlit-folium's component iframe, which is served by the
same origin as the app: root-relative URLs (`/app/static/...`) resolve there as
they do in the page; only a `server.baseUrlPath` must be prefixed (`base_path`).
"""
from __future__ import annotations

import shutil
from pathlib import Path

import branca.element
import folium
from folium.elements import JSCSSMixin

from claimmap import maplabels
from claimmap.atomicfile import write_bytes_atomically
from claimmap.gazetteer import GAZETTEER_PATH

REPO = Path(__file__).resolve().parents[1]
NODE_MODULES = REPO / "node_modules"
STATIC_DIR = REPO / "static"
VENDOR_DIR = STATIC_DIR / "vendor"
OUTLINES = REPO / "data" / "outlines.geojson"
SETTLEMENTS = "settlements.json"  # the base map's place names, written from the gazetteer

# vendor file -> its source under node_modules (or the repo, for our outlines)
VENDOR_SOURCES: dict[str, Path] = {
    "leaflet/leaflet.js": NODE_MODULES / "leaflet/dist/leaflet.js",
    "leaflet/leaflet.css": NODE_MODULES / "leaflet/dist/leaflet.css",
    "leaflet/images": NODE_MODULES / "leaflet/dist/images",
    "markercluster/leaflet.markercluster.js": NODE_MODULES / "leaflet.markercluster/dist/leaflet.markercluster.js",
    "markercluster/MarkerCluster.css": NODE_MODULES / "leaflet.markercluster/dist/MarkerCluster.css",
    "markercluster/MarkerCluster.Default.css": NODE_MODULES / "leaflet.markercluster/dist/MarkerCluster.Default.css",
    "moment/moment.min.js": NODE_MODULES / "moment/min/moment.min.js",
    "timeline/leaflet.timeline.js": NODE_MODULES / "leaflet.timeline/dist/leaflet.timeline.js",
    "outlines.geojson": OUTLINES,
}

# folium's resource names (its `default_js`/`default_css` keys) -> our copy.
# None: a resource folium lists that this map never uses (Bootstrap, jQuery,
# awesome-markers), so it is dropped rather than fetched from a CDN.
LOCAL_NAMES: dict[str, str | None] = {
    "leaflet": "leaflet/leaflet.js",
    "leaflet_css": "leaflet/leaflet.css",
    "markerclusterjs": "markercluster/leaflet.markercluster.js",
    "markerclustercss": "markercluster/MarkerCluster.css",
    "markerclusterdefaultcss": "markercluster/MarkerCluster.Default.css",
    "moment": "moment/moment.min.js",
    "timeline": "timeline/leaflet.timeline.js",
    "jquery": None,
    "bootstrap": None,
    "awesome_markers": None,
    "bootstrap_css": None,
    "glyphicons_css": None,
    "awesome_markers_font_css": None,
    "awesome_markers_css": None,
    "awesome_rotate_css": None,
}

# Everything the map may need, in load order.
MAP_JS = ("leaflet", "markerclusterjs", "moment", "timeline")
MAP_CSS = ("leaflet_css", "markerclustercss", "markerclusterdefaultcss")


class AssetsMissing(RuntimeError):
    """The npm packages are not installed, so there is nothing to serve offline."""


def install_vendor(vendor_dir: Path = VENDOR_DIR) -> Path:
    """Copy the assets into `vendor_dir` (where stale or absent); return the folder.

    Raises AssetsMissing, naming the set-up command, when node_modules lacks them.
    """
    missing = [str(source.relative_to(REPO)) for source in VENDOR_SOURCES.values() if not source.exists()]
    if missing:
        raise AssetsMissing(
            f"offline map assets missing ({', '.join(missing)}): run `npm ci` in {REPO}"
        )
    names = vendor_dir / SETTLEMENTS
    if not names.exists() or names.stat().st_mtime < GAZETTEER_PATH.stat().st_mtime:
        names.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomically(names, maplabels.settlements_json(GAZETTEER_PATH).encode("utf-8"))  # servers start together
    for name, source in VENDOR_SOURCES.items():
        target = vendor_dir / name
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True)
        elif not target.exists() or target.stat().st_mtime < source.stat().st_mtime \
                or target.stat().st_size != source.stat().st_size:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return vendor_dir


def static_url(name: str, base_path: str = "") -> str:
    """URL of a vendor file as Streamlit serves it (`base_path` = server.baseUrlPath)."""
    prefix = "/" + base_path.strip("/") if base_path.strip("/") else ""
    return f"{prefix}/app/static/vendor/{name}"


def _check_offline(links) -> None:
    for name, url in links:
        if name not in LOCAL_NAMES:
            raise ValueError(f"no offline copy of {name!r} ({url}); add it to claimmap.assets")


def localize(element: branca.element.Element, base_path: str = "") -> None:
    """Point `element` and all its children at the local copies, in place.

    A folium Map gets every script any of our layers uses, so that the first
    mount of the component loads the plugins too (later reruns load no new
    scripts); other elements get none. Sets instance attributes: folium's `add_js_link` would change
    the class lists shared by every map in the process.
    """
    for child in _walk(element):
        if isinstance(child, folium.Map):
            child.default_js = [(name, static_url(LOCAL_NAMES[name], base_path)) for name in MAP_JS]
            child.default_css = [(name, static_url(LOCAL_NAMES[name], base_path)) for name in MAP_CSS]
        elif isinstance(child, JSCSSMixin):
            # checked, then dropped: the map already loads every script we have a copy of
            # (and each link folium renders costs a template compile on every rerun)
            _check_offline(child.default_js + child.default_css)
            child.default_js, child.default_css = [], []


def _walk(element: branca.element.Element):
    yield element
    for child in element._children.values():
        yield from _walk(child)
