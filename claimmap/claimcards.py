"""The claims as cards: one short block per claim, readable without scrolling sideways, beside
the map and in a place's popup on the map (`place_card`: its status, then the latest claim of
each claimant side), so both read alike.

Pure: `views.claims_panel` frames in, HTML strings out. Every value from a report or an
analyst is made inert here (`claimmap.inert.escape`: the page shows the string with `st.html`,
which sanitises it again; the popup goes through Leaflet's innerHTML); the ⟦…⟧ marks of
`views.highlight` become <mark>.
"""
from __future__ import annotations

from datetime import datetime

import pandas as pd

from claimmap import views
from claimmap.inert import escape as _text
from claimmap.vocabulary import CLAIMED_ONLY, COLOURS, FIRM, HOLDER_PHRASES, claimants_by_side, count

STYLE = """<style>
.claimmap-cards { max-height: 560px; overflow-y: auto; overflow-x: hidden; font-size: 14px; }
.claimmap-card { border: 1px solid #ddd; border-left: 5px solid var(--c); border-radius: 4px;
  padding: 6px 9px; margin: 0 0 7px 0; overflow-wrap: anywhere; }
.claimmap-card header { color: #555; font-size: 12.5px; }
.claimmap-card .claim { font-weight: 600; }
.claimmap-card .flag { background: #eee; border-radius: 3px; padding: 0 4px; font-size: 12px; }
.claimmap-card blockquote { margin: 3px 0; padding: 0 0 0 8px; border-left: 2px solid #ccc; color: #333; }
.claimmap-card mark { background: #fff1a8; padding: 0 1px; }
.claimmap-place { font-size: 13px; max-height: none; overflow-wrap: anywhere; }
.claimmap-place h4 { margin: 0 0 2px 0; font-size: 15px; }
.claimmap-place .status { margin: 0 0 6px 0; }
</style>"""


def _evidence(evidence: str) -> str:
    """Escaped evidence, with the place as written (marked ⟦…⟧ by views.highlight) in <mark>."""
    opening, closing = views.HIGHLIGHT
    before, found, rest = evidence.partition(opening)
    if not found or closing not in rest:
        return _text(evidence)
    inside, _, after = rest.partition(closing)
    return f"{_text(before)}<mark>{_text(inside)}</mark>{_text(after)}"


def card(row) -> str:
    """One claim (a `views.claims_panel` row) as an <article>."""
    colour = COLOURS.get(row.controller, COLOURS["unknown"])
    flags = "".join(f' <span class="flag">{flag}</span>' for flag, on in (("hedged", row.hedged),) if on)
    report = _text(row.report)
    if row.report_url:
        report = f'<a href="{_text(row.report_url)}" target="_blank" rel="noopener noreferrer">{report}</a>'
    return (f'<article class="claimmap-card" style="--c:{colour}">'
            f"<header>{_text(row.when)} · <b>{_text(row.place)}</b>{flags}</header>"
            f'<div class="claim">{_text(row.claim)}</div>'
            f"<div>{_text(row.claimant)}</div>"
            f"<blockquote>{_evidence(str(row.evidence))}</blockquote>"
            f"<footer><small>{report}</small></footer></article>")


def cards_html(panel: pd.DataFrame) -> str:
    """Every row of a claims panel as a card, in one scrolling block."""
    cards = "".join(card(row) for row in panel.itertuples(index=False))
    return f'{STYLE}<div class="claimmap-cards">{cards}</div>'


def place_card(place, as_of: datetime, latest: pd.DataFrame) -> str:
    """A place's card on the map: its status as of the moment (a `views.places_shown` row with
    `firm`, `views.is_firm`), then `latest`, the newest claim of each claimant side (a
    `views.claims_panel` frame, `views.latest_per_side`), as the cards beside the map."""
    firm = FIRM if place.firm else CLAIMED_ONLY
    holder = HOLDER_PHRASES.get(place.controller, str(place.controller))
    claimants = claimants_by_side(place)
    sides = "the latest claim of each side in the window" if len(latest) else "no claim in the window"
    return (f'{STYLE}<div class="claimmap-cards claimmap-place">'
            f"<h4>{_text(place.place)} <small>{_text(place.admin1)}</small></h4>"
            f'<p class="status"><b>As of {as_of:%-d %b %Y %H:%M} UTC: {_text(holder)}</b><br>'
            f"{firm}{', disputed' if place.disputed else ''}; {count(int(place.n_claims), 'claim')}"
            f"{'; claimants: ' + _text(claimants) if claimants else ''}<br><small>{sides}:</small></p>"
            + "".join(card(row) for row in latest.itertuples(index=False)) + "</div>")
