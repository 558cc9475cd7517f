"""Streamlit glue the analyst's pages share: table formats, and untrusted text made plain.

Column headings and help come from `claimmap.vocabulary`; this adds the
cell formats (times, check boxes, links, ids, a wide evidence column).
Messages, headings and button labels are Markdown in Streamlit, so any text
from a report, a file name or a link goes into them through `plain`.
"""
from __future__ import annotations

import re

import streamlit as st

from claimmap.vocabulary import COLUMN_LABELS, HELP

_FORMATS = {
    "time_utc": lambda label: st.column_config.DatetimeColumn(label, format="YYYY-MM-DD HH:mm"),
    "geonameid": lambda label: st.column_config.NumberColumn(label, format="%d"),
    "report_url": lambda label: st.column_config.LinkColumn(label),
    "evidence": lambda label: st.column_config.TextColumn(label, width="large"),
    "claimant": lambda label: st.column_config.TextColumn(label, width="medium"),
    **{flag: lambda label: st.column_config.CheckboxColumn(label)
       for flag in ("hedged", "admission", "corrected", "admitted", "disputed")},
}
# What makes Markdown do something: links and images, emphasis, code, math, tables, HTML.
_MARKDOWN = re.compile(r"([\\`*_~$\[\]()!<>|])")


def plain(text) -> str:
    """`text` as literal characters inside a Markdown element (st.error, st.header, a button label)."""
    return _MARKDOWN.sub(r"\\\1", str(text))


def claim_columns() -> dict:
    """`column_config` for st.dataframe over claims or place-status columns."""
    config = {column: _FORMATS.get(column, st.column_config.TextColumn)(label)
              for column, label in COLUMN_LABELS.items()}
    for column, text in HELP.items():
        config[column]["help"] = text
    return config
