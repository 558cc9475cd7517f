"""Report text to control claims: one `Claim` per (claimant, place, change).

How a claim is read (docs/extraction.md has the full rules):

1. Page furniture is set aside (`reporttext.furniture_spans`); title lines
   are summaries of the body, so their claims count only for places the body
   says nothing about.
2. Control phrases ("entered", "withdrew from", "on the outskirts of",
   "звільнили", "отошли из" ...) are found in the text. Each names its place
   in a slot: after the phrase ("entered Izyum, Lyman, and Kupyansk": one
   claim per listed place), or before it ("Lyman had surrendered"). "The
   city", "the town", "the settlement" stand for the settlement last named
   (not counting reference points such as "near Slovyansk").
3. The actor is the side named just before the phrase ("Ukrainian troops",
   "ВСУ"); failing that, the side of the previous claim in the report.
4. The claimant is the subject of the reporting verb governing the phrase
   ("Governor Haidai has announced that ..."), the reporting noun itself
   ("unofficial reports that ..."), "according to X", or a trailing ", X
   said". Its side comes from the claimant lexicon (`claimants.py`).
5. Negation ("have not entered", "no Ukrainian troops in") and denial
   ("denied", "refuted the claims") make the stance "denies"; hedges
   ("reportedly", "unconfirmed", "if true", a report/claim verb) set `hedged`.
6. The time is the time phrase of the phrase's own words, else of its
   sentence, else the last one setting the scene earlier in the paragraph,
   else a live blog's time line above it, else the report's own time
   (precision "report").

The package follows the data one way: `lexicon` (the phrases, from data/lexicon/) and `document`
(sentences, paragraphs, the report's own voice) -> `triggers` -> `slots` -> `attribution` (claimant)
-> `actor` (and so the controller) -> `stance` (denials, hedges, rebuttals) -> `when` (time) ->
`claims`, which runs them in that order, one control phrase at a time, with what later sentences
depend on (the last actor, place and claimant, who holds which place) in one value, `values.Carried`.
`patterns` and `words` hold what several stages use; `values` the values passed between them; `lists` reads a
list of places for `slots`.
"""
from claimmap.extract.claims import extract_report
from claimmap.extract.values import Extraction, UnresolvedName

__all__ = ["Extraction", "UnresolvedName", "extract_report"]
