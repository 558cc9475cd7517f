"""The timeline under the map: where the claims fall in time, stacked by claimed controller,
with the chosen window shaded and the as-of moment marked. Brushing it picks a window.

Pure: counts per bucket (`mapdata.claims_over_time`, aggregated by the database) in, an
Altair chart out; `brushed_window` reads the analyst's brush back from Streamlit's event.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import altair as alt
import pandas as pd

from claimmap.vocabulary import COLOURS, CONTROLLER_LABELS

BRUSH = "window"             # the selection's name: Streamlit reports it under this key
HOURLY_UP_TO = timedelta(days=4)  # spans up to this long are counted per hour, longer ones per day
HEIGHT = 120  # pixels of the plot


def bucket_for(span: tuple[datetime, datetime]) -> str:
    """'hour' for a short span of claims (a day's bars would be one or two), else 'day'."""
    return "hour" if span[1] - span[0] <= HOURLY_UP_TO else "day"


def _iso(moment) -> str:
    return pd.Timestamp(moment).tz_convert("UTC").strftime("%Y-%m-%dT%H:%M:%SZ")


def timeline_chart(counts: pd.DataFrame, bucket: str, since: datetime, until: datetime,
                   as_of: datetime) -> alt.LayerChart:
    """Stacked bars of claims per bucket by claimed controller; the window shaded; a rule at as-of."""
    step = pd.Timedelta(hours=1) if bucket == "hour" else pd.Timedelta(days=1)
    bars_data = pd.DataFrame({
        "start": counts["start"].map(_iso), "end": (counts["start"] + step).map(_iso),
        "controller": counts["controller"].map(lambda c: CONTROLLER_LABELS.get(c, c)),
        "claims": counts["n_claims"]})
    x = alt.X("start:T", title=None, scale=alt.Scale(type="utc"),
              axis=alt.Axis(format="%-d %b %Y" if bucket == "day" else "%-d %b %H:%M", labelOverlap=True))
    brush = alt.selection_interval(name=BRUSH, encodings=["x"])
    controllers = list(CONTROLLER_LABELS)
    bars = alt.Chart(bars_data).mark_bar().encode(
        x=x, x2="end:T",
        y=alt.Y("sum(claims):Q", title=f"claims per {bucket}", axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("controller:N", title="claimed controller",
                        scale=alt.Scale(domain=[CONTROLLER_LABELS[c] for c in controllers],
                                        range=[COLOURS[c] for c in controllers]),
                        legend=alt.Legend(orient="right")),
        tooltip=[alt.Tooltip("start:T", title=bucket, format="%-d %b %Y %H:%M"), "controller:N",
                 alt.Tooltip("claims:Q")],
    ).add_params(brush)
    window = alt.Chart(pd.DataFrame({"start": [_iso(since)], "end": [_iso(until)]})).mark_rect(
        color="#000", opacity=0.07).encode(x=x, x2="end:T")
    moment = pd.DataFrame({"start": [_iso(as_of)], "label": ["as of"]})
    rule = alt.Chart(moment).mark_rule(color="#111", strokeDash=[4, 3]).encode(x=x)
    label = alt.Chart(moment).mark_text(align="left", dx=3, y=6, fontSize=11).encode(
        x=x, text="label:N")
    return alt.layer(window, bars, rule, label).properties(height=HEIGHT)


def brushed_window(event) -> tuple[datetime, datetime] | None:
    """The window the analyst brushed on the timeline (UTC), from st.altair_chart's selection event."""
    interval = ((event or {}).get("selection") or {}).get(BRUSH) or {}
    values = interval.get("start")
    if not values or len(values) != 2:
        return None
    ends = [pd.Timestamp(v, unit="ms", tz="UTC") if isinstance(v, (int, float))
            else pd.Timestamp(v).tz_localize("UTC") if pd.Timestamp(v).tzinfo is None
            else pd.Timestamp(v).tz_convert("UTC") for v in values]
    since, until = sorted(end.to_pydatetime().astimezone(timezone.utc) for end in ends)
    return since, until
