"""The time of a claim: its own words, its sentence, the paragraph's scene, the report's.

A stage of the extractor (`claims._Reader` runs them in order; docs/extraction.md has the rules)."""
from __future__ import annotations

import bisect
import re

from claimmap.extract.patterns import _CLAUSE_BREAK
from claimmap.extract.values import _Trigger
from claimmap.extract.words import _inside
from claimmap.timeparse import ResolvedTime, TimePhrase, find_times, resolve_time

_CLOCK_THEN_DAY = re.compile(r"[\s,]*(?:on\s+)?")  # between "at 5 p.m." and "(on) Friday"
_OWN_WORDS_END = re.compile(_CLAUSE_BREAK.pattern + r"|,", re.X)
# A paragraph that is a time alone, "#" standing for the time: "14.32 BST", "Updated: 09:12 GMT", "Update (1039 EST)".
_TIME_STAMP_LENGTH = 40
_DIGIT = re.compile(r"\d")
_TIME_STAMP = re.compile(r"[\s*_#]*(?:(?:updated?|posted|published|at)\W*)*\(?#\)?[\s*_:.\-–—]*")


class TimeStage:
    """The when stage of `claims._Reader`: the time of a claim: its own words, its sentence, the paragraph's scene, the report's."""

    def _paragraph_times(self, index: int) -> tuple[list[TimePhrase], list[tuple[int, ResolvedTime, bool]]]:
        """The time phrases of paragraph `index`, and (position, time, sets the scene) of each resolvable one.

        Found when a claim first needs them (most paragraphs make no claim). A phrase at the head of its
        sentence ("At 0245 ...", "Then, at 0330 EST, ...", "Moments later") sets the time for the rest of
        the paragraph; one inside a sentence ("... on September 10") dates that sentence only. A named day
        holds within its paragraph; "moments later" follows the last time before it, wherever that is.
        """
        if ("times", index) in self.memo:
            return self.memo["times", index]
        p_start, p_end = self.paragraphs[index]
        phrases = find_times(self.text, p_start, p_end, lowered=self.lowered)
        resolved: list[tuple[int, ResolvedTime, bool]] = []
        day = previous = None
        for phrase, following in zip(phrases, phrases[1:] + [None]):
            if _inside(phrase.start, self.furniture):
                continue
            if phrase.kind == "later" and previous is None:
                previous = self._time_before(index)
            on_day = day
            if (phrase.kind == "clock" and following is not None and following.kind == "day"
                    and _CLOCK_THEN_DAY.fullmatch(self.lowered, phrase.end, following.start)):
                # "at 5 p.m. on Friday": the day that follows the clock is its day
                named = resolve_time(following, report_date=self.report_date, tz=self.tz, day=day, previous=previous)
                on_day = named.day if named else day
            time = resolve_time(phrase, report_date=self.report_date, tz=self.tz, day=on_day, previous=previous)
            if time is None:
                continue
            if time.precision == "day":  # a named or written day, or "the next day"
                day = time.day
            sentence = bisect.bisect_right(self.sentence_starts, phrase.start) - 1
            sentence_start = max(self.sentence_starts[sentence], p_start) if sentence >= 0 else p_start
            resolved.append((phrase.start, time, len(self.text[sentence_start:phrase.start].split(maxsplit=3)) <= 3))
            previous = time
        self.memo["times", index] = phrases, resolved
        return phrases, resolved

    def _time_before(self, index: int) -> ResolvedTime | None:
        """The last resolvable time in the paragraphs before paragraph `index`."""
        for earlier in range(index - 1, -1, -1):
            resolved = self._paragraph_times(earlier)[1]
            if resolved:
                return resolved[-1][1]
        return None

    def _time_for(self, trigger: _Trigger, sentence) -> ResolvedTime | None:
        """The time phrase of the phrase's own words (after it, up to a comma, a clause or the next phrase: "captured
        Bakhmut in May 2023 ..., and took Avdiivka in February 2024"), else the sentence's last one before the phrase,
        else its first, else the last scene-setting one earlier in its paragraph, else none (report time)."""
        s_start, s_end, p_start = sentence
        times = self._paragraph_times(self._paragraph_at(p_start))[1]  # in text order: the sentence's by bisection
        in_sentence = times[bisect.bisect_left(times, s_start, key=lambda t: t[0]):bisect.bisect_left(times, s_end, key=lambda t: t[0])]
        if in_sentence:
            own = [t for t in in_sentence if t[0] >= trigger.end]
            if own:
                next_phrase = bisect.bisect_right(self.trigger_starts, trigger.start)
                own_end = min(self.trigger_starts[next_phrase] if next_phrase < len(self.trigger_starts) else s_end, s_end)
                own_break = _OWN_WORDS_END.search(self.lowered, trigger.end, own_end)
                own = [t for t in own if t[0] < (own_break.start() if own_break else own_end)]
            before = [t for t in in_sentence if t[0] <= trigger.start]
            chosen = (own[0] if own else before[-1] if before else in_sentence[0])[1]
            # "On Friday, Ukrainian troops entered Kherson at 5 p.m.": a clock of that day says more
            clocks = [t[1] for t in in_sentence if chosen.precision == "day" and t[1].day == chosen.day
                      and t[1].precision in ("minute", "hour")]
            return clocks[0] if clocks else chosen
        earlier = [t for t in times if t[0] < s_start and t[2]]
        return earlier[-1][1] if earlier else self._time_stamp_before(p_start)

    def _time_stamp_before(self, position: int) -> ResolvedTime | None:
        """A live blog's entry time: the last paragraph before `position` that is a time alone ("14.32 BST",
        "Updated 09:12 GMT"), which dates the paragraphs after it up to the next such line."""
        if "stamps" not in self.memo:
            stamps = []
            for index, (start, end) in enumerate(self.paragraphs):
                if end - start <= _TIME_STAMP_LENGTH and _DIGIT.search(self.text, start, end) and not _inside(start, self.furniture):
                    phrases, resolved = self._paragraph_times(index)
                    if len(phrases) == 1 and resolved and _TIME_STAMP.fullmatch(
                            self.lowered[start:phrases[0].start] + "#" + self.lowered[phrases[0].end:end]):
                        stamps.append((start, resolved[0][1]))
            self.memo["stamps"] = stamps
        before = [time for start, time in self.memo["stamps"] if start < position]
        return before[-1] if before else None
