"""A report read as claims: the stages in order, one phrase at a time, guarded per sentence."""
from __future__ import annotations

import bisect
import re
from datetime import date, datetime, timezone
from types import MappingProxyType
from typing import Any

from claimmap.claimants import Lexicon, load_lexicon
from claimmap.extract.actor import ActorStage
from claimmap.extract.attribution import AttributionStage
from claimmap.extract.document import DocumentStage
from claimmap.extract.slots import SlotStage
from claimmap.extract.stance import StanceStage
from claimmap.extract.triggers import TriggerStage
from claimmap.extract.values import Carried, Extraction, UnresolvedName, _Found, _Slot, _Trigger
from claimmap.extract.when import TimeStage
from claimmap.extract.words import _inside, _merged, _part_change, _shortened, _unique, _without_repeats
from claimmap.lexiconfile import CYRILLIC, word_class
from claimmap.reporttext import furniture_spans, is_furniture, lowercase, paragraphs
from claimmap.schema import BELLIGERENTS, Claim, claim_id_for, opposite, report_id_for
from claimmap.timeparse import local_noon

# Attribution that itself marks a claim as unconfirmed: reports and claims (not "said", "announced", "reported").
_HEDGE_CUE_WORDS = re.compile(rf"^(?:{word_class('hedging_cue')})$")
# "... is not true", "не відповідає дійсності": the sentence calls the claim false.
_FALSEHOOD = re.compile(rf"(?<![\w-])(?:{word_class('falsehood')})(?![\w-])", re.X)
# Before a reporting verb: the report is wanted or planned, not made.
_INTENDED = re.compile(rf"(?<![\w-])(?:{word_class('wanting', ('en',))})\ to\s+$|(?<![\w-])(?:will|would|{word_class('wanting', CYRILLIC)})\s+$")
# After a nominal phrase's place (and an aside between commas): a modal verb makes the phrase a prospect.
_PROSPECT_AFTER = re.compile(rf"(?:\s*,[^,.;:]{{1,80}},)?\s+(?:would|will|{word_class('modal')}|is\ likely\ to|is\ expected\ to)(?![\w-])")
_CONTRAST = re.compile(rf"(?<![\w-])(?:{word_class('contrast')}|(?<=,\ )but)(?![\w-])", re.X)
# "had been under Russian control since June": a past state, not a claim about now.
_PAST_STATE = re.compile(rf"(?<![\w-])(?:{word_class('past_state')})(?![\w-])", re.X)
_DENIAL_WORDS = re.compile(rf"^(?:{word_class('denial_verb')})$", re.X)
# Right before a phrase, or a phrase joined to it: "no capture of X", "ніякого захоплення чи оточення X немає" deny it as a
# denial verb would.
_NO_BEFORE = re.compile(rf"(?<![\w-])(?:{word_class('no_determiner')})\s+"
                        rf"(?:[\w-]+\s+(?:{word_class('conjunction')}|{word_class('disjunction')})\s+)?$")


def extract_report(text: str, *, report_date: date | None, tz: str, gazetteer, report_id: str | None = None,
                   report_time: datetime | None = None, lexicon: Lexicon | None = None) -> Extraction:
    """Every control claim in `text` (a report as returned by `reporttext.report_text`)."""
    return _Reader(text, report_date=report_date, tz=tz, gazetteer=gazetteer, report_id=report_id,
                   report_time=report_time, lexicon=lexicon or load_lexicon()).read()


class _Reader(DocumentStage, TriggerStage, SlotStage, AttributionStage, ActorStage, StanceStage, TimeStage):
    """One pass over one report: the stages in order. What later sentences depend on is a `Carried`, passed from
    each phrase to the next (`_read_phrase` returns it); the reader's own attributes are read once, before the first."""

    def __init__(self, text, *, report_date, tz, gazetteer, report_id, report_time, lexicon):
        self.text = text
        self.tz = tz
        self.gazetteer = gazetteer
        self.lexicon = lexicon
        self.report_id = report_id or report_id_for(text)
        if report_time is not None:
            self.report_utc = report_time.astimezone(timezone.utc)
            self.report_date = report_date or report_time.date()
        else:
            self.report_date = report_date or datetime.now(timezone.utc).date()
            self.report_utc = local_noon(self.report_date, tz)
        self.paragraphs = paragraphs(text)
        spans = furniture_spans(text, self.paragraphs)
        self.furniture = _merged(s for s in spans if is_furniture(s.kind))
        self.headings = _merged(s for s in spans if s.kind == "heading")
        self.lowered = lowercase(text)
        self.paragraph_starts = [start for start, _ in self.paragraphs]
        # What several claims of one sentence or paragraph share, read once: (what, where) -> value.
        self.memo: dict[tuple[str, int], Any] = {}
        self.voice = self._voice(spans)

    # -------------------------------------------------------------- the pass
    def read(self) -> Extraction:
        text = self.text
        triggers = self._triggers()
        self.trigger_starts = [trigger.start for trigger in triggers]
        self.trigger_at = {trigger.start: trigger for trigger in triggers}
        if not triggers:  # no control phrase: no claim, and no need to look for places
            return Extraction(self.report_id, [], [])
        mentions = [m for m in self.gazetteer.find_mentions(text, reasons=False)
                    if not _inside(m.start, self.furniture) and not self._is_claimant(m)]
        self.settlements = [m for m in mentions if self._is_settlement(m)]
        self.mention_at = {m.start: m for m in mentions}
        self.settlement_at = {m.start: m for m in self.settlements}
        self.settlement_ending_at = {m.end: m for m in self.settlements}
        sentences = self.sentences = self._sentences()
        sentence_starts = self.sentence_starts = [s[0] for s in sentences]
        found = _Found([], [], [], set())
        carried = Carried()  # the only state that changes from one sentence to the next
        warnings: list[str] = []
        for trigger in triggers:
            index = bisect.bisect_right(sentence_starts, trigger.start) - 1
            sentence = sentences[index] if index >= 0 and trigger.start < sentences[index][1] else None
            if sentence is None:
                continue  # in the furniture
            try:
                carried = self._read_phrase(trigger, sentence, found, carried)
            except Exception as error:  # one sentence the rules cannot read must not lose the report's other claims
                warnings.append(f"sentence at {sentence[0]}-{sentence[1]} ({_shortened(text[sentence[0]:sentence[1]])}) "
                                f"not read: {type(error).__name__}: {error}")
        claims, heading_claims = found.claims, found.heading_claims
        body_places = {c.geonameid for c in claims}
        claims += [c for c in heading_claims if c.geonameid not in body_places]
        steps = (("hedges in the next sentence", lambda found: self._hedged_by_the_next_sentence(found, sentences)),
                 ("answers in the next sentence", lambda found: found + self._answered_by_the_next_sentence(found, sentences, carried)),
                 ("positions beside denials", self._positions_beside_denials), ("rebuttals", self._rebuttals), ("a claimant's repeats", lambda found: _without_repeats(found, self._speaker_named)),
                 ("restatements of earlier claims", lambda found: self._without_mentions_of_earlier_claims(found, carried)))
        for name, step in steps:
            try:
                claims = step(claims)
            except Exception as error:  # the claims as they were before this step are still claims
                warnings.append(f"{name} not looked for: {type(error).__name__}: {error}")
        claims.sort(key=lambda c: (c.char_start, c.char_end))
        return Extraction(self.report_id, claims, _unique(found.unresolved), warnings)

    def _read_phrase(self, trigger: _Trigger, sentence, found: _Found, carried: Carried) -> Carried:
        """The claims of one control phrase, added to `found`; what it leaves for the phrases after it."""
        named = self._slots(trigger, sentence, carried)
        if not named or self._not_a_change(trigger, sentence):
            return carried
        resolved = [slot for slot in named if slot.place is not None]
        if not resolved:
            carried = carried._replace(last_slot=named[-1])  # "the village" after it is this name, claim or not
        # Read as a claim on unresolved names too: a name is listed only where a claim needs it
        # ("A train carrying evacuees left Pokrovsk" is no claim, and lists nothing).
        reading, carried = self._reading(trigger, (resolved or named)[0], sentence, carried)
        if reading is None:
            return carried
        found.unresolved.extend(UnresolvedName(s.text, s.start, s.end, list(s.candidates)) for s in named if s.place is None)
        holders, nominal = carried.holders, carried.nominal  # new ones only where they change
        for slot in resolved:  # one reading of the phrase, one row per place it names
            if self._is_part(reading["change"], trigger, slot):  # "captured the eastern part of Bakhmut"
                claim = self._claim(dict(reading, change=_part_change(self.lowered, trigger), claimed_controller="contested",
                                         admission=False), slot, sentence)
            else:
                claim = self._claim(reading, slot, sentence)
                if claim.stance == "asserts" and claim.claimed_controller in BELLIGERENTS:
                    holders = MappingProxyType({**holders, claim.geonameid: claim.claimed_controller})  # for a later "the fall of X"
            if claim.claim_id in found.seen:  # one claim per sentence, place, change and claimant
                continue
            found.seen.add(claim.claim_id)
            if self.lowered.endswith(" of", trigger.start, trigger.end):
                nominal = nominal | {claim.claim_id}
            (found.heading_claims if _inside(trigger.start, self.headings) else found.claims).append(claim)
        return carried._replace(last_slot=(resolved or named)[-1], last_places=tuple(resolved), holders=holders, nominal=nominal)

    # -------------------------------------------------------------- one claim
    def _reading(self, trigger: _Trigger, slot: _Slot, sentence, carried: Carried) -> tuple[dict | None, Carried]:
        """What the phrase at `trigger` claims, whoever says it, for the places it names (None if no claim), and what
        it leaves for the phrases after it (the claimant it names, the actor)."""
        text = self.text
        s_start, s_end, _ = sentence
        if self.lowered.endswith(" of", trigger.start, trigger.end) and _PROSPECT_AFTER.match(self.lowered, slot.end, s_end):
            return None, carried  # "The capture of Toretsk, a mining town, would allow ...": what a capture would bring, not a claim
        cues = self._cues(sentence, trigger.start)
        if cues and _CONTRAST.search(self.lowered, cues[-1].end(), trigger.start):
            cues = []  # "X claimed ..., although Ukrainian forces still control ...": the report's own words
        governing = cues[-1] if cues else None
        if governing is not None and _INTENDED.search(self.lowered, max(s_start, governing.start() - 24), governing.start()):
            return None, carried  # "The occupier wants to report the capture of Pokrovsk": a report not made
        # The clause starts after a reporting verb ("X said that ..."); "according to X" is an aside in it ("ВСУ, по
        # данным источников, оставили Торецк").
        clause_start = self._last_break(governing.end() if governing and not governing.group("according") else s_start,
                                        trigger.start)
        if trigger.change == "holds" and _PAST_STATE.search(self.lowered, clause_start, trigger.start):
            return None, carried  # "had been under Russian control": the state before, not now
        falsehood = _FALSEHOOD.search(self.lowered, trigger.end, s_end) if self._says_false(sentence) else None
        called_false = self._called_false(trigger, falsehood, governing, clause_start, s_start)
        (claimant, claimant_side, kind), carried = self._claimant(cues, trigger, sentence, carried)
        claim_side = claimant_side  # the side whose claim it is: its troops act where the clause names none
        if called_false and governing is not None and governing.group("noun"):
            # "The Russian claim to have captured X is false, Haidai said": the claim is what is called false;
            # who says so (after it, else the report) is the claimant.
            (claimant, claimant_side, kind), carried = self._claimant([], trigger, sentence, carried)
        denial = (governing is not None and bool(_DENIAL_WORDS.match(governing.group()))) or bool(
            _NO_BEFORE.search(self.lowered, max(s_start, trigger.start - 40), trigger.start))
        if kind == "medium":
            return None, carried  # footage is evidence for others' claims, not a claimant
        # a claim the speaker calls false is denied as if with a denial verb ("захоплення X – недостовірна"),
        # unless it is named as another side's ("The Russian claim to have captured X is false": Russia's troops)
        disputed = called_false and claim_side in (claimant_side, "unknown")
        actor = self._phrase_actor(trigger, slot, sentence, clause_start, claim_side, claimant_side if disputed else claim_side,
                                   reported=governing is not None, denial=denial or disputed, carried=carried)
        if actor is None:
            return None, carried  # a movement without troops ("trains left Kramatorsk")
        change, negated = self._change(trigger, clause_start, actor, s_end)
        negated = negated or denial or called_false
        # A claim called false in another clause, after this one or before it ("... про захоплення Вовчанська не відповідає
        # дійсності: місто утримують наші підрозділи"), makes this one part of the dispute.
        disputes = bool(falsehood or self._says_false(sentence) and _FALSEHOOD.search(self.lowered, s_start, trigger.start)) or any(
            _DENIAL_WORDS.match(c.group()) for c in cues)
        stance = "denies" if negated or disputes else "asserts"
        controller = self._controller_after(change, actor, negated, clause_start, trigger, claim_side)
        # Hedges qualify what is asserted; in a denial they qualify the claim being denied.
        hedged = stance == "asserts" and (self._hedged_sentence(sentence) or bool(
            governing is not None and _HEDGE_CUE_WORDS.match(governing.group())) or self._trailing_hedge(trigger, sentence))
        loser = opposite(controller) if change in ("entered", "captured", "withdrew") else "unknown"
        admission = stance == "asserts" and claimant_side in BELLIGERENTS and claimant_side == loser
        time = self._time_for(trigger, sentence)
        if actor not in ("unknown", carried.last_actor):
            carried = carried._replace(last_actor=actor)
        return dict(
            time_utc=time.utc if time else self.report_utc, time_text=time.text if time else "",
            time_precision=time.precision if time else "report", claimed_controller=controller, change=change,
            actor=actor, claimant=claimant, claimant_side=claimant_side, stance=stance, hedged=hedged,
            admission=admission, evidence=" ".join(text[s_start:s_end].split()), char_start=s_start, char_end=s_end), carried

    def _says_false(self, sentence) -> bool:
        """Whether the sentence calls anything false, looked for once: most do not, and then no part of it does (each
        part searched ends before a phrase, after a non-word character, so no falsehood word is cut short there)."""
        if ("false", sentence[0]) not in self.memo:
            self.memo["false", sentence[0]] = _FALSEHOOD.search(self.lowered, sentence[0], sentence[1]) is not None
        return self.memo["false", sentence[0]]

    def _speaker_named(self, claimant: str) -> str | None:
        """The person or body the claimant lexicon knows in a claimant's words, if any ("Генштаб" and "Генеральний
        штаб ЗСУ" are one)."""
        best = self.lexicon.best(claimant)
        if best is None or best.term.kind not in ("person", "institution"):
            return None
        return best.term.body or best.term.phrase

    def _claim(self, reading: dict, slot: _Slot, sentence) -> Claim:
        place = slot.place
        return Claim(
            claim_id=claim_id_for(self.report_id, place.geonameid, place.name, sentence[0], reading["change"],
                                  reading["claimant"]),
            report_id=self.report_id, place=place.name, place_text=slot.text, geonameid=place.geonameid,
            lat=place.lat if place.placed else None, lon=place.lon if place.placed else None,
            country_code=place.country_code, admin1=place.admin1, location_precision=place.location_precision,
            **reading)
