"""Denials, hedges and rebuttals across sentences, and claims that restate earlier ones.

A stage of the extractor (`claims._Reader` runs them in order; docs/extraction.md has the rules)."""
from __future__ import annotations

import bisect
import re
from dataclasses import replace

from claimmap.extract.patterns import _CLAUSE_BREAK, _PRONOUNS
from claimmap.extract.values import Carried, _Trigger
from claimmap.extract.words import _clean_subject, _controller
from claimmap.lexiconfile import CYRILLIC, word_class
from claimmap.phrasescan import PhraseScan
from claimmap.schema import BELLIGERENTS, Claim, claim_id_for, opposite

_STATES = ("holds", "contested", "approaching", "encircled")  # changes that say how things stand, not a move
_REBUTTAL_SENTENCES = 2  # how far after a denial its claimant's own account of the place may come
_CONTRAST_OPENING = re.compile(rf"[\"“«]?\s*(?:{word_class('contrast_opening')})(?![\w-])")
# A sentence that only denies the one before: "Ukraine denied it.", "Kyiv rejects the claim.", "ВСУ это опровергают."
_DENIES_IT = re.compile(
    r"\s*(?P<who>[^,.;:!?]{2,60}?)\s+(?:(?:это|це)\s+)?(?:has\s+|have\s+)?"
    rf"(?:{word_class('denial_verb')})"
    rf"(?:\s+(?:{word_class('it_object')}))?\s*[.!]?[\"”»]?\s*")
# A sentence opening with someone confirming what the one before said: "The ministry confirmed the report and added ...".
_CONFIRMS_IT = re.compile(
    r"\s*(?P<who>[^,.;:!?]{2,60}?)\s+(?:(?:это|це)\s+)?(?:has\s+|have\s+|also\s+|later\s+)?"
    r"(?:confirm(?:ed|s)|подтверди\w*|подтвержда\w*|підтверди\w*|підтвержу\w*)"
    rf"\s+(?:{word_class('it_object')})(?![\w-])")
# The same in the passive, the speaker after "by": "This was also confirmed by the governor, Oleh Syniehubov."
_CONFIRMED_BY = re.compile(
    rf"\s*(?:{word_class('it_object', ('en',))})\s+(?:was|has\ been|had\ been)\s+(?:also\s+|later\s+|since\s+)?"
    r"(?:confirmed|reported|announced|reaffirmed)\s+by\s+(?P<who>(?:(?!\sthat\s)[^.;:!?]){2,80}?)(?=\s*(?:[.;:!?]|$)|,?\s+(?:on|in|at|who|adding|saying)\s)")
# The same with the object first and the speaker after the verb: "Ранее эту информацию подтвердил глава ДНР X, который ...";
# done and past ("Это подтверждают источники" in a quotation is the speaker's own backing, not a second speaker).
_CONFIRMED_BY_AFTER = re.compile(
    rf"\s*(?:(?:ранее|раньше|также|тоже|раніше|також|теж)\s+)?(?:{word_class('it_object', CYRILLIC)})\s+"
    r"(?:(?:также|тоже|також|теж)\s+)?(?:подтверди(?:л|ла|ли|ло)|підтверди(?:в|ла|ли|ло))\s+(?P<who>[^,.;:!?]{2,60}?)(?=\s*[,.;:!?]|$)")
_CONFIRMATIONS = (_CONFIRMS_IT, _CONFIRMED_BY, _CONFIRMED_BY_AFTER)
_HEDGES = PhraseScan(word_class("hedge"))
# A sentence that says only that what came before is unconfirmed.
_UNCONFIRMED = re.compile(
    r"(?<![\w-])(?:(?:not|не|ні)\s+(?:yet\s+|been\s+|independently\s+|поки\s+|пока\s+|ещё\s+|еще\s+|ще\s+|офіційно\s+|официально\s+)*"
    r"(?:confirmed|verified|подтвержд\w*|підтвердж\w*)|(?:can|could)\s*not\s+(?:yet\s+)?(?:independently\s+)?(?:confirm|verify)"
    r"|unconfirmed|unverified|информация\ уточняется|інформація\ уточнюється)(?![\w-])", re.X)
_UNCONFIRMING = re.compile(r"(?<![\w-])(?:not|yet\ to|n['’]t)\s+(?:[\w-]+\s+)?(?:confirm|comment)", re.X)
# Before the clause it calls false: "said it is incorrect to say that X is under Russian control".
_FALSE_THAT = re.compile(rf"(?<![\w-])(?:{word_class('false_that')})\ (?:to\ (?:say|claim|report|state)\ )?that\s*$")
# Before a report noun: the reports are false ("there is no truth to reports that", "fake claims that").
_FALSE_REPORTS = re.compile(rf"(?<![\w-])(?:no\ truth\ (?:to|in)(?:\ the)?|(?:{word_class('false_report')})(?:\ [\w-]+)?)\s+$")

class StanceStage:
    """The stance stage of `claims._Reader`: denials, hedges and rebuttals across sentences, and claims that restate earlier ones."""

    @staticmethod
    def _sentences_after_claims(claims: list[Claim], sentences) -> list[tuple[tuple, tuple]]:
        """(a sentence with claims, the next sentence of its paragraph, one with none): what may hedge or deny them."""
        claimed = {c.char_start for c in claims}
        return [(previous, sentence) for previous, sentence in zip(sentences, sentences[1:])
                if sentence[2] == previous[2] and previous[0] in claimed and sentence[0] not in claimed]

    def _hedged_by_the_next_sentence(self, claims: list[Claim], sentences) -> list[Claim]:
        """"Russian forces took Kurakhove, the MoD said. This has not been confirmed.": a sentence of the
        same paragraph saying only that, right after the claims, hedges them."""
        unconfirmed = {previous[0] for previous, sentence in self._sentences_after_claims(claims, sentences)
                       if _UNCONFIRMED.search(self.lowered, sentence[0], sentence[1])}
        return [replace(c, hedged=True) if c.char_start in unconfirmed and c.stance == "asserts" else c
                for c in claims]

    def _answered_by_the_next_sentence(self, claims: list[Claim], sentences, carried: Carried) -> list[Claim]:
        """"Russia said it had captured Niu-York. Ukraine denied it.", "ВСУ это опровергают", "Shoigu confirmed the
        report.", "Эту информацию подтвердил X": a sentence of the same paragraph with no claim of its own, right after the
        claims, saying only that someone denies them (or opening with someone confirming them, "This was confirmed by X"
        too), is that speaker's denial (or claim) of each."""
        answers, seen = [], set()
        for previous, sentence in self._sentences_after_claims(claims, sentences):
            denial = _DENIES_IT.fullmatch(self.lowered, sentence[0], sentence[1])
            answer = denial or next(filter(None, (confirms.match(self.lowered, sentence[0], sentence[1])
                                                  for confirms in _CONFIRMATIONS)), None)
            if answer is None:
                continue
            who = _clean_subject(self.text[answer.start("who"):answer.end("who")])
            if _PRONOUNS.match(who):  # "Syrskyi spoke after the MoD's claim. He denied it."
                who = self._speaker_before(sentence, carried)
            best = self.lexicon.best(who) if who else None
            side = best.term.side if best else "unknown"
            for claim in claims:
                key = (sentence[0], claim.geonameid, claim.place, claim.change)
                if claim.char_start != previous[0] or claim.stance != "asserts" or key in seen:
                    continue
                seen.add(key)  # one answer per place and change, however many claimants the sentence before had
                controller = _controller(claim.change, claim.actor, negated=True) if denial else claim.claimed_controller
                loser = opposite(controller) if claim.change in ("entered", "captured", "withdrew") else "unknown"
                answers.append(replace(
                    claim, claim_id=claim_id_for(self.report_id, claim.geonameid, claim.place, sentence[0], claim.change, who),
                    claimant=who, claimant_side=side, stance="denies" if denial else "asserts", hedged=False,
                    admission=not denial and side in BELLIGERENTS and side == loser, claimed_controller=controller,
                    evidence=" ".join(self.text[sentence[0]:sentence[1]].split()), char_start=sentence[0], char_end=sentence[1]))
        return answers

    def _rebuttals(self, claims: list[Claim]) -> list[Claim]:
        """A denial and the position its claimant's side states beside it ("X has not been taken. Heavy fighting
        continues there.", "denied that Russia captured X, saying fighting continues there") are one claim:
        the denial, holding what that side says the situation is. A position its side states against the
        other side's earlier gain, opening with "But" or "However", disputes it."""
        claims = sorted(claims, key=lambda c: (c.char_start, c.char_end))
        index = {c.char_start: bisect.bisect_right(self.sentence_starts, c.char_start) - 1 for c in claims}
        merged: dict[int, Claim] = {}  # position in `claims` -> the denial as it now reads
        absorbed: set[int] = set()
        for i, denial in enumerate(claims):
            if denial.stance != "denies" or not (denial.claimant_side in BELLIGERENTS or denial.claimant):
                continue
            for j, position in enumerate(claims):
                distance = index[position.char_start] - index[denial.char_start]
                # a state its own sentence says while denying ("denied ..., saying that fighting continues in the town")
                stated = position.stance == "asserts" or (distance == 0 and j > i and position.change in _STATES)
                if (j == i or j in absorbed or j in merged or not stated or position.geonameid != denial.geonameid
                        or position.claimant_side != denial.claimant_side
                        or ((distance or denial.claimant_side == "unknown") and position.claimant.lower() != denial.claimant.lower())
                        or position.claimed_controller not in ("contested", denial.claimant_side)
                        or not 0 <= distance <= _REBUTTAL_SENTENCES):
                    continue
                # fighting beside holding positions: contested; a denied encirclement beside a denied capture ("no capture
                # or encirclement of X") says no more than the capture's denial
                if merged.get(i, denial).claimed_controller != "contested" and not (
                        position.stance == "denies" and position.change == "encircled"):
                    merged[i] = replace(denial, claimed_controller=position.claimed_controller, change=position.change)
                merged.setdefault(i, denial)
                absorbed.add(j)
        result = []
        for i, claim in enumerate(claims):
            if i in absorbed:
                continue
            claim = merged.get(i, claim)
            if claim.stance == "asserts" and self._contradicts(claim, claims[:i], claims[i + 1:]):
                claim = replace(claim, stance="denies", hedged=False, admission=False)
            result.append(claim)
        return result

    @staticmethod
    def _positions_beside_denials(claims: list[Claim]) -> list[Claim]:
        """"The brigade denied the report, saying fighting continues in X and Y": a place that only the denier's own
        account names, which no claim before it is about, is the denier's position there, not a denial of it (a
        negated phrase stays a denial: "Myrnohrad is not encircled")."""
        claims = sorted(claims, key=lambda c: (c.char_start, c.char_end))
        named: set = set()
        result = []
        for claim in claims:
            if claim.stance == "denies" and claim.change == claim.claimed_controller == "contested" and claim.geonameid not in named:
                claim = replace(claim, stance="asserts")
            named.add(claim.geonameid)
            result.append(claim)
        return result

    def _without_mentions_of_earlier_claims(self, claims: list[Claim], carried: Carried) -> list[Claim]:
        """"Russia said it had captured Pokrovsk. ... Kyiv has yet to confirm that Russian seizure of the town": a noun
        phrase naming a capture (or entry, or withdrawal) the report already gave, in the report's own words or where
        its claimant does not confirm it, is a comment on that claim, not another ("... was confirmed by DeepState" is)."""
        kept: list[Claim] = []
        for claim in claims:
            if claim.claim_id in carried.nominal and claim.stance == "asserts" and (
                    not claim.claimant or _UNCONFIRMING.search(self.lowered, claim.char_start, claim.char_end)) and any(
                    c.geonameid == claim.geonameid and c.place == claim.place and c.change == claim.change
                    and c.claimed_controller == claim.claimed_controller and c.stance == "asserts" for c in kept):
                continue
            kept.append(claim)
        return kept

    def _contradicts(self, claim: Claim, earlier: list[Claim], later: list[Claim]) -> bool:
        """Does a position dispute the other side's gain: one that follows it with "But" ("Russia said it had seized X.
        But a Ukrainian spokesman said Ukrainian units hold their positions there"), or a side's word that it holds the
        place where the report gives the other side's claim to have captured it, before or after ("X remains under the
        control of the Defence Forces, the spokesman said. ... Putin claimed his army had captured X"; an entry is no
        capture: "the town is ours" beside "Russian troops entered it" is no dispute)?"""
        side = claim.claimant_side
        if side not in ("UA", "RU") or claim.claimed_controller not in ("contested", side):
            return False
        if _CONTRAST_OPENING.match(self.lowered, claim.char_start):
            others = [c for c in earlier if c.claimant_side != side]
        elif claim.change == "holds" and claim.claimed_controller == side:
            others = [c for c in earlier + later if c.change == "captured" and c.claimant_side == opposite(side)]
        else:
            return False
        return any(c.geonameid == claim.geonameid and c.stance == "asserts" and c.claimed_controller == opposite(side)
                   for c in others)

    def _hedged_sentence(self, sentence) -> bool:
        if ("hedged", sentence[0]) not in self.memo:
            self.memo["hedged", sentence[0]] = bool(_HEDGES.search(self.lowered, sentence[0], sentence[1]))
        return self.memo["hedged", sentence[0]]

    def _called_false(self, trigger: _Trigger, falsehood: re.Match | None, governing: re.Match | None, clause_start: int,
                      sentence_start: int) -> bool:
        """Whether the claim itself is called false: "... захоплення Соледара не відповідає дійсності" denies this claim
        ("... and that X's claim is false" another); "There is no truth to reports that ...", "false reports that ..."
        deny the reported claim; "It is not true that ..." the clause after it."""
        return bool(falsehood and not _CLAUSE_BREAK.search(self.lowered, trigger.end, falsehood.start())) or bool(
            governing is not None and governing.group("noun")
            and _FALSE_REPORTS.search(self.lowered, max(sentence_start, governing.start() - 30), governing.start())) or bool(
            _FALSE_THAT.search(self.lowered, max(sentence_start, clause_start - 40), clause_start))
