"""The report read once: its sentences, paragraphs and who speaks where no one is named.

A stage of the extractor (`claims._Reader` runs them in order; docs/extraction.md has the rules)."""
from __future__ import annotations

import bisect
import re

from claimmap.extract.patterns import _ABBREVIATION, _SENTENCE_END, _SPEAKER_COLON
from claimmap.extract.words import _cut_long, _inside
from claimmap.reporttext import Span

# A Telegram post's first line naming its channel ("Rybar:"), and a channel's handle ("@wargonzo", "Some_Channel").
_CHANNEL_HEADER = re.compile(r"\s*(?P<name>[^\s:][^\n:]{1,60}):[ \t]*(?:\r?\n|$)")
_CHANNEL_HANDLE = re.compile(r"\s*@?[\w.]*_[\w.]*\s*|\s*@[\w.]+\s*")
_QUOTED_TITLE = re.compile(_SPEAKER_COLON.pattern + r"\s*[\"“«„']")


class DocumentStage:
    """The document stage of `claims._Reader`: the report read once: its sentences, paragraphs and who speaks where no one is named."""

    def _voice(self, spans: list[Span]) -> tuple[str, str, str]:
        """Who speaks where a claim has no attribution: a person or institution named in a title or
        signature line ("Statement of the Ministry of Defence ...", "Рыбарь"), or a channel's header
        line ("Rybar:", "@wargonzo", "ЦАПЛІЄНКО_UKRAINE FIGHTS"), else nobody known."""
        header = _CHANNEL_HEADER.match(self.text)
        lines = [(header.start("name"), header.end("name"))] if header else []
        # A title that quotes someone ('Zelensky: "Our boys are holding Pokrovsk"') is their word, not the report's.
        lines += [(span.start, span.end) for span in spans if span.kind in ("heading", "duplicate")
                  and not _QUOTED_TITLE.match(self.text, span.start, span.end)]
        for start, end in lines:
            best = self.lexicon.best(self.text, start, end)
            # A person or body, or a numbered unit opening the line ("24 ОМБр імені короля Данила": its own channel).
            if best and (best.term.kind in ("person", "institution") or (
                    best.term.phrase[:1].isdigit() and best.start == start)):
                return best.text, best.term.side, best.term.kind
            handle = _CHANNEL_HANDLE.fullmatch(self.text, start, end)
            if handle:  # a channel the lexicon does not know: named, side unknown
                return handle.group().strip("@ "), "unknown", "institution"
        return "", "unknown", ""

    # -------------------------------------------------------------- structure
    def _sentences(self) -> list[tuple[int, int, int]]:
        """(start, end, paragraph start) of each sentence outside the furniture."""
        found = []
        for p_start, p_end in self.paragraphs:
            if _inside(p_start, self.furniture):
                continue
            start = p_start
            for match in _SENTENCE_END.finditer(self.text, p_start, p_end):
                if match.group() != "\n" and _ABBREVIATION.search(self.text, max(start, match.start() - 6), match.start()):
                    continue
                if self.text[start:match.end()].strip():
                    found += _cut_long(self.text, start, match.end(), p_start)
                start = match.end()
                while start < p_end and self.text[start].isspace():
                    start += 1
            if start < p_end:
                found += _cut_long(self.text, start, p_end, p_start)
        return found

    def _paragraph_at(self, position: int) -> int:
        return bisect.bisect_right(self.paragraph_starts, position) - 1

    def _same_sentence(self, one: int, other: int) -> bool:
        return bisect.bisect_right(self.sentence_starts, one) == bisect.bisect_right(self.sentence_starts, other)
