"""Untrusted text (from a report or an analyst) made inert for every place the map shows it.

`escape` HTML-escapes, and also neutralises the characters of JavaScript template literals
(`` ` ``, `$`) and of Jinja templates (`{`, `}`): folium and Leaflet put tooltip and popup text
into innerHTML, some folium templates wrap text in template literals where `${...}` runs, and
branca parses a rendered script again as a Jinja template. The characters still show as themselves.
"""
from __future__ import annotations

import html

import pandas as pd

_INERT = str.maketrans({"`": "&#96;", "$": "&#36;", "{": "&#123;", "}": "&#125;"})


def escape(value) -> str:
    """`value` as inert HTML text ('' for None or a missing value)."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    return html.escape(str(value), quote=True).translate(_INERT)
