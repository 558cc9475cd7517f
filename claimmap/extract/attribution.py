"""Who makes a claim (the claimant) and the cues that say so.

A stage of the extractor (`claims._Reader` runs them in order; docs/extraction.md has the rules)."""
from __future__ import annotations

import bisect
import re

from claimmap.extract.patterns import _CLAUSE_BREAK, _CYRILLIC, _PRONOUNS, _SPEAKER_COLON
from claimmap.extract.values import Carried, _Trigger
from claimmap.extract.words import _clean_subject, _opens_quotation, _tail_group
from claimmap.lexiconfile import CYRILLIC, word_class
from claimmap.phrasescan import PhraseScan

# ------------------------------------------------------------ the words around them
# Patterns used at positions in the report are matched against `lowercase(text)`, and so are _SUBJECT_LEAD
# and _SUBJECT_TAIL_WORDS (against the lower-cased claimant phrase); the others applied to a claimant phrase
# (_COORDINATED, _PRONOUNS, _NOUN_CUE_MARKERS) keep re.IGNORECASE, and those that look for capitals
# (_COREFERENCE, _CAPITALISED, _SENTENCE_END, _ABBREVIATION, _SPEAKER_COLON) see the text as written.
# The reporting verbs are word classes of the lexicon files (en.toml says which is for what).
_REPORT_CUE = PhraseScan(r"""
    (?P<according>""" + word_class("according_to") + r"""
      |(?P<whose>""" + word_class("according_to_them") + r""")
      |(?:""" + word_class("source_preposition") + r")\ (?:" + word_class("source_noun") + """))
    |(?P<noun>""" + word_class("report_noun") + """)
    |(?P<verb>""" + "|".join(word_class(name) for name in ("reporting_verb", "reporting_participle", "reporting_cue", "denial_verb")) + ")")
# A reporting verb used as an adjective ("the stated goals", "self declared") is no cue (checked after the
# match: as lookbehinds in _REPORT_CUE they made it much slower).
_ADJECTIVAL = re.compile(r"(?<!\w)(?:(?:the|a|an|its|their|his|her|our|self|if|unless)\ |self-)$")  # "If confirmed, ..."
_SUBJECT_BREAK = re.compile(
    rf"(?<![\w-])(?:{word_class('subject_break')})(?![\w-])|;|:(?!\d|//)|\s[—–-]\s|,\s(?:and|but|while)\b"
    r"|[,.!?][\"”»]|[\"”»],",  # '"Our troops hold Bakhmut," the minister wrote': the speaker after the quotation
    re.X)
# "refuted the claims", "confirmed the reporting": a report noun that is the object of a reporting verb.
_OBJECT_NOUN = re.compile(r"\s+(?:(?:in|on)\s+)?(?:what\s+(?:it|they|he|she)\s+(?:called|calls|described\s+as|termed)\s+)?(?:as\s+[\"“]?[\w-]+[\"”]?\s+)?(?:the|these|those|such|all|any|earlier|previous|recent|his|her|their|its|these\ latest)?\s*(?:[\"“«]?[\w-]+\s+)?$")
# Words and separators left at the end of a claimant phrase ("the MoD has", "Strelkov, who").
# Russian and Ukrainian put the speaker after the verb as often as before it: "как отметили в министерстве, ...",
# "повідомив речник угруповання Віктор Трегубов, що ..." (not "доложил о взятии": the claim's own words).
_SUBJECT_AFTER_VERB = re.compile(r"\s+(?!(?:о|об|про|что|що|о\ том|про\ те)\s)(?P<np>[^,.;:!?«»\"“”]{2,80}?)(?=\s*[,.;:!?«\"“]|\s+(?:что|що|о|об|про)\s|\s*$)")
# A speaker named again by its kind: a body ("the ministry", "ведомство", "a spokesperson" speaking for it) or a
# person ("the governor"): the speaker named before, if of that kind. A statement with no author ("йдеться в
# повідомленні", "говорится в сообщении", "the statement said") is the last speaker's, whoever that was.
_BACK_REFERENCE = re.compile(rf"(?:the\ |an?\ |в\ |у\ )?(?:(?P<body>{word_class('body_noun')})|governor"
                             rf"|(?P<document>{word_class('document_noun')}))", re.X | re.I)
_CITING = re.compile(r",\s*citing\s+(?P<who>[^,.;:]{2,80}?)(?=\s*[,.;:]|\s*$)")
# Footage that the report says it geolocated: what it shows is the report's own finding.
_GEOLOCATED = re.compile(rf"(?<![\w-])(?:{word_class('geolocated_stem')})", re.I)
# A sentence opening with a subordinate clause ("Shortly after ..., X said"): its subject comes after the comma.
_OPENING_CLAUSE = re.compile(r"[\s\"“«]*(?:[a-z]+ly\s+)?(?:after|before|when|because|although|though|while|as|since)\s*")
# "Те, що X заявив таку інформацію, — неправда": the report a nominal clause names, whose speaker is not the
# sentence's (the clause ends at its comma; phrases after it are the sentence's speaker's).
_NOMINAL_CLAUSE = re.compile(r"(?<![\w-])(?:те|то),?\s+(?:що|что)\s[^,.;:!?]{0,60}$")
_PARTICIPLE_CUE = re.compile(rf"(?:{word_class('reporting_participle')})$")
_AND = re.compile(rf"\s(?:{word_class('and_word')})\s")
_COORDINATED = re.compile(r"(?:^|\s)(?:and|but|і|и|та|а|але|но)(?:\s+(?:also|then|later|further))?\s*$", re.I)
_ACCORDING_TO_WHOM = re.compile(r"\s*([^,.;:]{2,80})")
_NOUN_CUE_MARKERS = re.compile(rf"(?:{word_class('report_noun_marker')})$", re.I)
_RELATIVE_SPEAKER = re.compile(rf"(?:{word_class('relative_word')})\s+")
_PASSIVE_REPORTING = rf"(?:{word_class('reported_by')})\ by"
# Every alternative opens with a separator (a comma, a dash, a space before a passive verb): `re` skips to those in C.
_TRAILING_ATTRIBUTION = re.compile(
    rf"(?:,|—|–|\s-|\s(?={_PASSIVE_REPORTING}\s))[\"”»]?\s*+"
    # ", despite Russian claims", ", with fighting reported", ", but Kyiv said ...": no attribution of what came before
    r"(?!(?:despite|contrary|amid|unlike|in\ spite|with|but|while|whereas|although|though|yet|and)(?![\w-]))"
    # ", the head of the city's military administration, Andriy Besedin, said": a role, then the name
    # (", раніше повідомив X": the adverb is no speaker; the speaker follows the verb)
    rf"(?:(?!(?:{word_class('speaker_after_adverb')})\s+(?:{word_class('speaker_after')})(?![\w-]))"
    rf"(?P<np>[^,.;:“”]{{2,80}}?|(?:the|a|an)\ [^,.;:“”]{{2,60}}?,\s[^,.;:“”]{{2,40}}?,)\s+"
    r"(?!(?:reports|claims)\s+(?:from|of)(?![\w-]))"  # "claims from/of": a noun
    rf"(?:{word_class('reporting_verb')}"
    r"|(?<=[^'’]s\s)(?:claim|report)"  # after a plural ("Russian sources claim"), not a noun ("the claim", "Russia's claim")
    # not before "by" (", as reported by X": the agent; ", contrary to claims by X": a noun)
    r"|reports)(?![\w-])(?!\s+by(?![\w-]))"
    rf"|(?:(?:{word_class('speaker_after_adverb')})\s+)?(?:{word_class('speaker_after')})\s+(?P<np2>(?:\[[^\]]*\]\([^)]*\)|[^,;:]){{1,120}}?)(?=[,;:]|[.!]?\s*$)"
    # "The capture of Bakhmut was announced by Prigozhin", ", as reported by Rybar": the agent of a passive verb
    rf"|{_PASSIVE_REPORTING}\s+(?P<np3>[^,;:]{{2,80}}?)(?=[,;:]|[.!]?\s*$))",
    re.X)
_QUOTE_MARK = re.compile(r"[\"”»]")
_DASH_AFTER_QUOTE = re.compile(r",?[ \t]*")  # Russian and Ukrainian put the comma after the quotation: "...», — написал он"
_QUOTES = re.compile(r"[\"“”«»]")
_DASH_SOURCE = re.compile(r"\s[—–]\s*(?P<source>[^,.;:—–\n]{2,40}?)\s*[.!]?\s*$")
# "Про це повідомили у Генштабі ЗСУ.", "Об этом сообщает Минобороны.": the source of what the sentences before it said,
# named in a sentence of its own; "з посиланням на заяву X", "со ссылкой на X": the one it cites.
_ABOUT_THIS = re.compile(rf"(?<![\w-])(?:{word_class('about_this')})(?![\w-])", re.X)
_CITING = re.compile(rf"\s+(?:{word_class('citing')})\s+(?:(?:{word_class('cited_words')})\s+)?"
                     r"(?P<np>[^,.;:!?]{2,80}?)(?=\s*[,.;:!?]|\s+(?:під\ час|во\ время|during)\s|\s*$)", re.X)
# A document's words, told impersonally at a sentence's end ("..., йдеться у звіті ISW", "..., говорится в сводке"): what the
# sentences of the paragraph before said, it said too.
_DOCUMENT_SAYS = re.compile(rf",[\"”»]?\s*(?:[—–-]\s*)?(?:{word_class('document_says', CYRILLIC)})\s")
_CLAIMS_OR_REPORTS = re.compile(r"(?<![\w-])(?:claim(?:s|ed)?|reports?)(?![\w-])")  # ", X claims": a hedge


class AttributionStage:
    """The attribution stage of `claims._Reader`: who makes a claim (the claimant) and the cues that say so."""

    def _sentence_cues(self, sentence) -> list[re.Match]:
        """The reporting cues of a sentence, without verbs used as adjectives ("the stated goals")."""
        if ("cues", sentence[0]) not in self.memo:
            self.memo["cues", sentence[0]] = [
                c for c in _REPORT_CUE.finditer(self.lowered, sentence[0], sentence[1])
                if not (c.group("verb") and _ADJECTIVAL.search(self.lowered, max(0, c.start() - 7), c.start()))]
        return self.memo["cues", sentence[0]]

    def _cues(self, sentence, end: int) -> list[re.Match]:
        """Reporting cues before `end` (a claim), without report nouns that are objects ("refuted the claims")."""
        cues = [c for c in self._sentence_cues(sentence) if c.end() <= end and not self._in_nominal_clause(c, sentence, end)]
        verb_ends = [c.end() for c in cues if not c.group("noun")]
        return [c for c in cues if not (c.group("noun") and any(
            e <= c.start() and _OBJECT_NOUN.fullmatch(self.lowered, e, c.start()) for e in verb_ends))]

    def _in_nominal_clause(self, cue: re.Match, sentence, end: int) -> bool:
        """Is the cue in a clause that names a report ("Те, що X заявив ..."), closed before `end`?"""
        return bool(_NOMINAL_CLAUSE.search(self.lowered, max(sentence[0], cue.start() - 70), cue.start())
                    and "," in self.lowered[cue.end():end])

    def _last_break(self, start: int, end: int) -> int:
        """Where the clause ending at `end` begins: after its last clause break from `start` on (the sentence
        start or a governing cue's end: a break before the cue would not count), else `start`."""
        breaks = [m.end() for m in _CLAUSE_BREAK.finditer(self.lowered, start, end)
                  if m.group() != "(" or self.lowered.find(")", m.end(), end) < 0]  # "X (east of Pokrovsk) and ...": closed
        return breaks[-1] if breaks else start

    def _claimant(self, cues: list[re.Match], trigger: _Trigger, sentence, carried: Carried) -> tuple[tuple[str, str, str], Carried]:
        """(claimant as written, side, lexicon kind): the subject of the governing reporting cue, an
        earlier cue's subject for "he"/"and said", a trailing ", X said", else the report's own voice; and what
        is carried on, with a claimant named here as the last one."""
        phrase = ""
        for cue in reversed(cues):
            phrase = self._cue_subject(cue, sentence)
            if phrase and not _PRONOUNS.match(phrase):
                break
            phrase = ""
        else:
            if cues and any(_PRONOUNS.match(self._cue_subject(c, sentence) or "-") for c in cues):
                phrase = self._speaker_before(sentence, carried)
        if not phrase:
            phrase = (self._trailing_claimant(trigger, sentence) or self._headline_claimant(trigger, sentence)
                      or self._dash_source(trigger, sentence) or self._quotation_speaker(trigger, sentence)
                      or self._source_after(sentence))
            if _PRONOUNS.match(phrase):  # '"The town is ours," he told national television.'
                phrase = self._speaker_before(sentence, carried)
        if not phrase:
            return self.voice, carried
        best = self.lexicon.best(phrase)
        back = _BACK_REFERENCE.fullmatch(phrase) if best is None else None
        if back:
            # "the MoD said ... . According to the ministry, ...", "The ministry dismissed ... , a spokesperson said": the same
            # speaker, if of its kind (a ministry is no President Zelensky)
            earlier = self._speaker_before(sentence, carried)
            best_earlier = self.lexicon.best(earlier) if earlier else None
            if back.group("document"):
                if not earlier or _BACK_REFERENCE.fullmatch(earlier):
                    return self.voice, carried  # no author named anywhere: no claimant rather than "повідомленні"
                phrase, best = earlier, best_earlier
            elif best_earlier is not None and best_earlier.term.side != "unknown" and (
                    best_earlier.term.kind != "person" if back.group("body") else best_earlier.term.kind in ("person", "role")):
                phrase, best = earlier, best_earlier
        side, kind = (best.term.side, best.term.kind) if best else ("unknown", "")
        if kind == "medium" and _GEOLOCATED.search(phrase):
            return self.voice, carried  # footage the report's authors geolocated: their own finding, not the footage's
        if carried.last_claimant != (phrase, side):
            carried = carried._replace(last_claimant=(phrase, side))
        return (phrase, side, kind), carried

    def _quotation_speaker(self, trigger: _Trigger, sentence) -> str:
        """'"X has not been taken. Heavy fighting continues there," Kovalenko said.': a quotation of several
        sentences is the speaker's named after it, in its first sentences too."""
        marks = list(_QUOTES.finditer(self.text, sentence[2], trigger.start))
        if not marks or not _opens_quotation(self.text, marks[-1].start(), sentence[2]):
            return ""
        paragraph_end = self.paragraphs[self._paragraph_at(sentence[2])][1]
        closing = _QUOTE_MARK.search(self.text, trigger.end, paragraph_end)
        if closing is None or closing.start() < sentence[1] - 2:
            return ""  # closed in this sentence: its own tail, if any, was looked for
        # '...there," Kovalenko said', '...there." Kovalenko said', '...там», — написал он'
        for start in (closing.start() - 1, closing.start() - 2, _DASH_AFTER_QUOTE.match(self.text, closing.end()).end()):
            tail = _TRAILING_ATTRIBUTION.match(self.lowered, max(start, 0), paragraph_end)
            if tail is not None:
                return _clean_subject(self.text[tail.start(_tail_group(tail)):tail.end(_tail_group(tail))])
        return ""

    def _source_after(self, sentence) -> str:
        """The source a later sentence names for what this one says ("... відійшли з міста. Про це повідомили у
        Генштабі."): the first such sentence after it in its paragraph, or opening the next paragraph."""
        index = bisect.bisect_right(self.sentence_starts, sentence[0])
        paragraph = sentence[2]
        for later in self.sentences[index:index + 6]:
            opens_next = later[2] != paragraph
            about = _ABOUT_THIS.search(self.lowered, later[0], later[1])
            cue = next((c for c in self._sentence_cues(later) if about and c.start() >= about.end() and c.group("verb")), None)
            if cue is not None:
                cited = _CITING.match(self.text, cue.end(), later[1]) or _CITING.search(self.text, cue.end(), later[1])
                if cited:
                    return _clean_subject(cited.group("np"))
                before = _clean_subject(self._without_times(about.end(), cue.start()))
                if before and self.lexicon.best(before):
                    return before
                after = _SUBJECT_AFTER_VERB.match(self.text, cue.end(), later[1])  # ("повідомили 22 травня в X": X)
                return _clean_subject(self._without_times(after.start("np"), after.end("np"))) if after else before
            if opens_next or bisect.bisect_left(self.trigger_starts, later[0]) < bisect.bisect_left(self.trigger_starts, later[1]):
                return ""  # another paragraph, or a sentence with claims of its own: no longer about this one
            document = _DOCUMENT_SAYS.search(self.lowered, later[0], later[1])
            tail = _TRAILING_ATTRIBUTION.match(self.lowered, document.start(), later[1]) if document else None
            if tail is not None:  # "... . Окупанти атакували поблизу міста, йдеться у звіті ISW.": the report's words too
                return _clean_subject(self.text[tail.start(_tail_group(tail)):tail.end(_tail_group(tail))])
        return ""

    def _speaker_before(self, sentence, carried: Carried) -> str:
        """Who "he", "they" or "the ministry" is: the last speaker named with a reporting verb earlier in the
        paragraph, before it or after a quotation (whether or not they made a claim there), else the last claimant."""
        index = bisect.bisect_left(self.sentence_starts, sentence[0])
        for earlier in reversed(self.sentences[:index]):
            if earlier[2] != sentence[2]:
                break
            # The speaker of a quotation: '"The enemy has not entered either village," said Vladyslav Voloshyn.'
            tail = _TRAILING_ATTRIBUTION.search(self.lowered, earlier[0], earlier[1])
            quoted = tail and _QUOTE_MARK.search(self.text, max(earlier[0], tail.start() - 2), tail.start() + 2)
            speaker = _clean_subject(self.text[tail.start(_tail_group(tail)):tail.end(_tail_group(tail))]) if quoted else ""
            if speaker and not _PRONOUNS.match(speaker):
                return speaker
            for cue in reversed(self._sentence_cues(earlier)):
                subject = self._cue_subject(cue, earlier)
                citing = _CITING.search(self.lowered, cue.end(), earlier[1])  # "X announced it in a post, citing Y": Y's words
                if citing:
                    return _clean_subject(self.text[citing.start("who"):citing.end("who")])
                if subject and not _PRONOUNS.match(subject):
                    return subject
        return carried.last_claimant[0]

    def _cue_subject(self, cue: re.Match, sentence) -> str:
        """The subject of a reporting cue (its claimant as written), read once per cue."""
        if ("subject", cue.start()) not in self.memo:
            self.memo["subject", cue.start()] = self._read_cue_subject(cue, sentence)
        return self.memo["subject", cue.start()]

    def _read_cue_subject(self, cue: re.Match, sentence) -> str:
        text, s_start = self.text, sentence[0]
        if cue.group("whose"):
            return "вони"  # "за їхніми даними": the speaker named before
        if cue.group("according"):
            tail = _ACCORDING_TO_WHOM.match(text, cue.end())
            return _clean_subject(tail.group(1)) if tail else ""
        breaks = [m.end() for m in _SUBJECT_BREAK.finditer(self.lowered, s_start, cue.start())]
        previous_cue_end = self._previous_cue_end(sentence, cue.start())
        start = max([s_start, previous_cue_end] + breaks)
        # "Russian forces captured Starytsia, Kyiv said, adding that ...": after a claim and its comma, the speaker
        comma = self.lowered.rfind(", ", start, cue.start())
        if comma >= 0 and (bisect.bisect_left(self.trigger_starts, start) < bisect.bisect_left(self.trigger_starts, comma)
                           or _OPENING_CLAUSE.fullmatch(self.lowered, s_start, start)):
            start = comma + 2  # ("Shortly after Kyiv's statement, Moscow's ministry said": the clause it opens)
        relative = _RELATIVE_SPEAKER.match(self.lowered, comma + 2) if comma >= 0 else None
        # "X reported ... Kupiansk, which Ukraine says it freed": the relative clause has its own speaker; in "a
        # statement by the ministry, which said ..." the relative word is the subject, and the speaker is before it
        if relative and relative.end() < cue.start():
            start = relative.end()
        # "X said A was back in Ukrainian hands and the army's staff said ...": no subject holds a control phrase;
        # after the last one, the speaker follows the "and" that joins the next clause
        last_phrase = bisect.bisect_left(self.trigger_starts, cue.start()) - 1
        if last_phrase >= 0 and self.trigger_starts[last_phrase] >= start:
            joins = [m.end() for m in _AND.finditer(self.lowered, self.trigger_starts[last_phrase], cue.start())]
            start = joins[-1] if joins else start
        words = self._without_times(start, cue.start())
        if _COORDINATED.search(words) or (_PARTICIPLE_CUE.match(cue.group()) and previous_cue_end > s_start):
            return ""  # "... and said", "X wrote on Telegram, adding that": the subject of the earlier verb
        if cue.group("noun"):
            before = _clean_subject(words)
            if not before or _NOUN_CUE_MARKERS.search(words.strip()):
                return _clean_subject(f"{words} {text[cue.start():cue.end()]}")
        subject = _clean_subject(words)
        if not subject and _CYRILLIC.match(self.lowered, cue.start()):
            after = _SUBJECT_AFTER_VERB.match(text, cue.end(), sentence[1])
            subject = _clean_subject(after.group("np")) if after else ""
        return subject

    def _previous_cue_end(self, sentence, end: int) -> int:
        ends = [c.end() for c in self._sentence_cues(sentence) if c.end() <= end and not c.group("noun")]
        return ends[-1] if ends else sentence[0]

    def _without_times(self, start: int, end: int) -> str:
        pieces, position = [], start
        phrases = self._paragraph_times(self._paragraph_at(start))[0]  # in text order: from the first at `start` on
        for phrase in phrases[bisect.bisect_left(phrases, start, key=lambda p: p.start):]:
            if phrase.start >= end:
                break
            if phrase.end <= end:
                pieces.append(self.text[position:phrase.start])
                position = phrase.end
        pieces.append(self.text[position:end])
        return " ".join(pieces)

    def _tail(self, trigger: _Trigger, sentence) -> re.Match | None:
        """A trailing attribution after the phrase (", X said"), looked for once per phrase."""
        if ("tail", trigger.end) not in self.memo:
            self.memo["tail", trigger.end] = _TRAILING_ATTRIBUTION.search(self.lowered, trigger.end, sentence[1])
        return self.memo["tail", trigger.end]

    def _trailing_claimant(self, trigger: _Trigger, sentence) -> str:
        tail = self._tail(trigger, sentence)
        if not tail:
            return ""
        group = _tail_group(tail)
        return _clean_subject(self._without_times(tail.start(group), tail.end(group)))

    def _headline_claimant(self, trigger: _Trigger, sentence) -> str:
        """"Zelensky: Ukrainian troops have entered Kherson": a named speaker before a colon, opening the
        sentence or its paragraph ("DeepState: Мапу оновлено. Ворог просунувся в ...")."""
        for start in dict.fromkeys((sentence[0], sentence[2])):
            head = _SPEAKER_COLON.match(self.text, start, trigger.start)
            if head and self.lexicon.best(head.group("speaker")):
                return _clean_subject(head.group("speaker"))
        return ""

    def _dash_source(self, trigger: _Trigger, sentence) -> str:
        """"Росіяни захопили Вугледар — DeepState": a known source after a dash ending the sentence."""
        tail = _DASH_SOURCE.search(self.text, trigger.end, sentence[1])
        if tail and self.lexicon.best(tail.group("source")):
            return _clean_subject(tail.group("source"))
        return ""

    def _trailing_hedge(self, trigger: _Trigger, sentence) -> bool:
        tail = self._tail(trigger, sentence)
        return bool(tail and _CLAIMS_OR_REPORTS.search(tail.group()))
