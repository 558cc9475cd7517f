"""How the analyst's pages format tables of claims and place status (Streamlit-only glue).

Headings come from `claimmap.claimviews.COLUMN_LABELS`; this adds the cell
formats: times, check boxes, links, ids, and a wide evidence column.
"""
from __future__ import annotations

import streamlit as st

from claimmap.claimviews import COLUMN_LABELS

_FORMATS = {
    "time_utc": lambda label: st.column_config.DatetimeColumn(label, format="YYYY-MM-DD HH:mm"),
    "geonameid": lambda label: st.column_config.NumberColumn(label, format="%d"),
    "report_url": lambda label: st.column_config.LinkColumn(label),
    "evidence": lambda label: st.column_config.TextColumn(label, width="large"),
    "claimant": lambda label: st.column_config.TextColumn(label, width="medium"),
    **{flag: lambda label: st.column_config.CheckboxColumn(label)
       for flag in ("hedged", "admission", "corrected", "admitted", "disputed")},
}
HELP = {
    "claimed_controller": "who holds the place, by this claim",
    "hedged": "the text itself marks the claim as unconfirmed",
    "admission": "made by the side that, by the claim, loses the place",
    "controller": "controller by the claims made up to then",
}


def claim_columns() -> dict:
    """`column_config` for st.dataframe over claims or place-status columns."""
    config = {column: _FORMATS.get(column, st.column_config.TextColumn)(label)
              for column, label in COLUMN_LABELS.items()}
    for column, text in HELP.items():
        config[column]["help"] = text
    return config
