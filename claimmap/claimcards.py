"""The claims beside the map as cards: one short block per claim, readable without scrolling sideways.

Pure: a `views.claims_panel` frame in, one HTML string out. Every value from a report or an
analyst is HTML-escaped here (the page shows the string with `st.html`, which sanitises it
again); the ⟦…⟧ marks of `views.highlight` become <mark>.
"""
from __future__ import annotations

import html

import pandas as pd

from claimmap.views import HIGHLIGHT
from claimmap.vocabulary import COLOURS

STYLE = """<style>
.claimmap-cards { max-height: 560px; overflow-y: auto; overflow-x: hidden; font-size: 14px; }
.claimmap-card { border: 1px solid #ddd; border-left: 5px solid var(--c); border-radius: 4px;
  padding: 6px 9px; margin: 0 0 7px 0; overflow-wrap: anywhere; }
.claimmap-card header { color: #555; font-size: 12.5px; }
.claimmap-card .claim { font-weight: 600; }
.claimmap-card .flag { background: #eee; border-radius: 3px; padding: 0 4px; font-size: 12px; }
.claimmap-card blockquote { margin: 3px 0; padding: 0 0 0 8px; border-left: 2px solid #ccc; color: #333; }
.claimmap-card mark { background: #fff1a8; padding: 0 1px; }
</style>"""


def _text(value) -> str:
    return html.escape("" if value is None or value is pd.NA else str(value), quote=True)


def _evidence(evidence: str) -> str:
    """Escaped evidence, with the place as written (marked ⟦…⟧ by views.highlight) in <mark>."""
    opening, closing = HIGHLIGHT
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
