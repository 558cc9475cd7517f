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


def _ms(moment) -> int:
    """Milliseconds since the epoch: how Vega-Lite reads a number on a time axis (shorter than text)."""
    return int(pd.Timestamp(moment).tz_convert("UTC").value // 1_000_000)


_BY_NAME = {0: "window", 2: "moment", 3: "moment"}  # layers whose data `with_window` supplies


def timeline_spec(counts: pd.DataFrame, bucket: str) -> dict:
    """The Vega-Lite spec of the timeline: stacked bars of claims per bucket by claimed controller,
    a shaded window, a rule and label at the as-of moment. The bars depend on the counts only, so
    the spec can be kept; `with_window` adds the window and the moment of each rerun."""
    step = int(pd.Timedelta(hours=1 if bucket == "hour" else 24).value // 1_000_000)
    bars_data = pd.DataFrame({"start": counts["start"].map(_ms), "controller": counts["controller"],
                              "claims": counts["n_claims"]})
    x = alt.X("start:T", title=None, scale=alt.Scale(type="utc"),
              axis=alt.Axis(format="%-d %b %Y" if bucket == "day" else "%-d %b %H:%M", labelOverlap=True))
    brush = alt.selection_interval(name=BRUSH, encodings=["x"])
    controllers = list(CONTROLLER_LABELS)
    names = " : ".join(f"datum.label == '{code}' ? '{label}'" for code, label in CONTROLLER_LABELS.items())
    bars = alt.Chart(bars_data).mark_bar().transform_calculate(end=f"datum.start + {step}").encode(
        x=x, x2="end:T",
        y=alt.Y("sum(claims):Q", title=f"claims per {bucket}", axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("controller:N", title="claimed controller",
                        scale=alt.Scale(domain=controllers, range=[COLOURS[c] for c in controllers]),
                        legend=alt.Legend(orient="right", labelExpr=f"{names} : datum.label")),
        tooltip=[alt.Tooltip("start:T", title=bucket, format="%-d %b %Y %H:%M"), "controller:N",
                 alt.Tooltip("claims:Q")],
    ).add_params(brush)
    placeholder = pd.DataFrame({"start": [0], "end": [0], "label": ["as of"]})
    window = alt.Chart(placeholder).mark_rect(color="#000", opacity=0.07).encode(x=x, x2="end:T")
    rule = alt.Chart(placeholder).mark_rule(color="#111", strokeDash=[4, 3]).encode(x=x)
    label = alt.Chart(placeholder).mark_text(align="left", dx=3, y=6, fontSize=11).encode(x=x, text="label:N")
    spec = alt.layer(window, bars, rule, label).properties(height=HEIGHT).to_dict()
    for index, name in _BY_NAME.items():
        spec["datasets"].pop(spec["layer"][index]["data"]["name"], None)
        spec["layer"][index]["data"] = {"name": name}
    return spec


def with_window(spec: dict, since: datetime, until: datetime, as_of: datetime) -> dict:
    """`spec` (from `timeline_spec`, left unchanged) with this window shaded and this as-of moment."""
    return {**spec, "datasets": {**spec["datasets"],
                                 "window": [{"start": _ms(since), "end": _ms(until)}],
                                 "moment": [{"start": _ms(as_of), "label": "as of"}]}}


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
