"""A lexicon's own examples run through the extractor: what `python -m claimmap lexicon` and
tests/test_lexicon.py check. For an example, the entry's own pattern must match it (so the entry is
what is tested, not a neighbour) and the extraction must give a claim of the entry's change; for a
`not` example, the extraction must give no claim of that change."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from claimmap.extract import extract_report
from claimmap.extract.lexicon import Phrase
from claimmap.reporttext import lowercase

_EXAMPLE_DATE = date(2024, 3, 1)


def example_failures(phrases: Iterable[Phrase], gazetteer) -> list[str]:
    """One line per example that does not give its claim and per counter-example that does."""
    failures = []
    for phrase in phrases:
        where = f"{phrase.origin} {phrase.label!r}"
        for example in phrase.examples:
            if not phrase.matches(lowercase(example)):
                failures.append(f"{where}: its pattern does not match {example!r}")
            elif phrase.gives not in _changes(example, gazetteer):
                failures.append(f"{where}: no {phrase.gives} claim from {example!r}")
        failures += [f"{where}: a {phrase.gives} claim from {counter!r}, which must give none"
                     for counter in phrase.not_examples if phrase.gives in _changes(counter, gazetteer)]
    return failures


def _changes(text: str, gazetteer) -> set[str]:
    return {claim.change for claim in extract_report(text, report_date=_EXAMPLE_DATE, tz="Europe/Kyiv", gazetteer=gazetteer).claims}
