"""Whose troops act in a claim, and so who holds the place after it.

A stage of the extractor (`claims._Reader` runs them in order; docs/extraction.md has the rules)."""
from __future__ import annotations

import bisect
import re

from claimmap.extract.patterns import _CYRILLIC, _DIRECTION, _NO_LONGER, _SPACES
from claimmap.extract.values import Carried, _Slot, _Trigger
from claimmap.extract.words import _controller, _is_side_word, _known
from claimmap.lexiconfile import word_class
from claimmap.schema import BELLIGERENTS, opposite

_UKRAINIAN_LETTERS = re.compile(r"[іїєґ]")  # letters Russian does not use
# Words that tell whose troops by reference to the speaker: "our/its forces" (the speaker's side), "the enemy" (the other).
# "our forces" are the speaker's; "its/their/свои forces" the clause's subject's, else the speaker's.
_OWN_FORCES = re.compile(r"(?<![\w-])(?:(?P<our>our|наши|наших|наш|наші)|its|their|his|свои|своих|свої|своїх)\s+(?:own\s+)?(?:[\w-]+\s+)?"
                         r"(?:troops|forces|units|soldiers|servicemen|fighters|defenders|brigades?|groups|войска|подразделения|бойцы|штурмовики"
                         r"|десантники|бригад[аы]|группы|війська|підрозділи|бійці|військові|захисники|бригад[аи]|групи)")
_ENEMY = re.compile(rf"(?<![\w-])(?:{word_class('enemy')})(?![\w-])", re.X)
# Who acts is the subject: in Russian and Ukrainian the enemy in the nominative ("противник вошёл"), not
# "сопротивление противника", "позиции ворога".
_ENEMY_SUBJECT = re.compile(word_class("enemy_subject"))
# Moving into or out of a place is a control claim only when troops move (not trains or civilians).
_FORCE_NOUN = re.compile(rf"(?<![\w-])(?:{word_class('force')})(?![\w-])", re.X)
# A move named as a noun ("announced the withdrawal from", "заявили о выходе из"): whose, the clause may not say.
_NOMINAL_MOVE = re.compile(word_class("nominal_move"))
# A speaker calls its own side's captures liberations, and reports its own "taking under control": "Генштаб повідомив
# про звільнення X", "Министр доложил о взятии под контроль X" name no actor, and need none.
_OWN_GAIN = re.compile(word_class("own_gain"))
_UKRAINES_GAIN = re.compile(word_class("ukraines_gain"))  # "Звільнено X" with no speaker named: Ukraine's all the same
_FALL = re.compile(word_class("fall"))  # a place's fall names no taker
_COMBAT = re.compile(rf"(?<![\w-])(?:{word_class('combat')})(?![\w-])")
_HANDOVER = re.compile(r"(?<![\w-])(?:hand(?:ing|ed|s)?|turn(?:ing|ed|s)?)\ (?:over\ )?(?:[\w'’-]+\ ){0,3}?(?:over\ )?to\ (?P<to>[^,.;:]{2,60})"
                       r"|(?<![\w-])переда(?:в|ли|вая|ют|ет|ёт|ла)\ (?:[\w-]+\ ){0,3}?(?P<to_ru>[^,.;:]{2,60})")
_CIVILIANS = re.compile(rf"(?<![\w-])(?:{word_class('civilian')})(?![\w-])", re.X)
# A side's things rather than its troops: "broke through Russian defences near X and advanced": Russia does not advance.
_NOT_WHO_ACTS = re.compile(rf"-(?:occupied|controlled|held)|\s+(?:{word_class('side_thing')})(?![\w-])")  # "the Russian town of": where, not who
# A country named as where, not who: "villages in eastern Ukraine", "across Russia".
_WHERE_BEFORE = re.compile(rf"(?<![\w-])(?:in|across|throughout)\s+(?:{_DIRECTION}\s+)?$")
_OUSTING = re.compile(word_class("ousting"))  # "выбили ВСУ из", "вибили окупантів з": whom is not who
_CLEARED_OF = re.compile(r"(?<![\w-])(?:от|від)\s+(?:[\w-]+(?:их|іх)\s+)?$")  # "зачистили від (російських) окупантів": whom a place is cleared of
_ADVERBIAL_PARTICIPLE = re.compile(r"\w(?:вши|вшись)$")  # "увійшовши", "зайшовши": having entered
_COMMA_AFTER = re.compile(r"[\s\"“”«»'‘’]*,\s*")
_BY_WHOM = re.compile(r"\s*(?:by|to|into)\s+(?:the\s+)?")  # "fell to Russian forces", "fell into Russian hands"
_NEGATION = re.compile(rf"(?<![\w-])(?:{word_class('negation')})(?![\w-])", re.X)
_NOT_COMMENTING = re.compile(rf"\s+(?:[\w-]+\s+)?(?:{word_class('commenting_stem')})")
_SPEAKERS_OWN = re.compile(r"\s*(?:(?:that\s+|что\s+|що\s+)?(?:it|they|we|мы|они|ми|вони)\s|to\s+have\s)")  # the reported clause's subject ("claimed to have")
_COMMA_OR_COLON = re.compile(r"[,:]")
_THEY = re.compile(r"\s*they\s")  # a clause's subject standing for the side named before it in the sentence
_WHOLLY = re.compile(rf"\s(?:{word_class('wholly')})\s")


class ActorStage:
    """The actor stage of `claims._Reader`: whose troops act in a claim, and so who holds the place after it."""

    def _phrase_actor(self, trigger: _Trigger, slot: _Slot, sentence, clause_start: int, claim_side: str, speaker_side: str,
                      reported: bool, denial: bool, carried: Carried) -> str | None:
        """Whose troops act, where the phrase names them ("under our control", "pushed the enemy out of",
        "under their control", "under Ukrainian control"), else as `_actor` finds them in the clause."""
        if trigger.side_in_phrase == "ours":
            return self._ours(claim_side, trigger.start)
        if trigger.side_in_phrase == "enemy":  # "Ukrainian troops pushed the enemy out of X": the pusher's enemy left
            pusher = self._actor(clause_start, trigger, slot, claim_side, carried)
            return opposite(pusher) if pusher in BELLIGERENTS else self._enemy_of(claim_side, trigger.start)
        if trigger.side_in_phrase == "theirs":  # whoever was named last in the sentence
            return self._actor(sentence[0], trigger, slot, claim_side, carried)
        return trigger.side_in_phrase or self._actor(clause_start, trigger, slot, speaker_side, carried,
                                                                reported=reported, denial=denial)

    def _controller_after(self, change: str, actor: str, negated: bool, clause_start: int, trigger: _Trigger, claim_side: str) -> str:
        """Who holds the place after the claim (`words._controller`). "X is not encircled", naming no encircler: still
        fought for, whoever holds it ("Russian forces failed to encircle X": Russia's foe holds it)."""
        if change == "encircled" and negated and self._side_named_before(clause_start, trigger, trigger.start, claim_side) is None:
            return "contested"
        return _controller(change, actor, negated)

    def _change(self, trigger: _Trigger, clause_start: int, actor: str, sentence_end: int) -> tuple[str, bool]:
        """The change the phrase says in its clause, and whether it is negated."""
        change, negated = trigger.change, trigger.negated or self._negated(clause_start, trigger)
        no_longer = _NO_LONGER.search(self.lowered, clause_start, trigger.end) if change == "holds" else None
        if no_longer:  # "no longer controlled X": withdrew; "no longer fully controlled X": a part is lost, contested
            change, negated = "contested" if _WHOLLY.search(self.lowered, no_longer.end(), trigger.start + 1) else "withdrew", False
        if change == "withdrew" and actor in BELLIGERENTS and self._handed_to(trigger.end, sentence_end) == actor:
            change = "holds"  # "Wagner left Bakhmut, handing the city over to the Russian army": it stays Russian
        return change, negated

    def _actor(self, clause_start: int, trigger: _Trigger, slot: _Slot, claimant_side: str, carried: Carried,
               reported: bool = False, denial: bool = False) -> str | None:
        """Whose troops act: the side named last before the phrase ("Ukrainian troops", "our forces",
        "the enemy"), else after it ("by/to Russian forces"), else the speaker's own where the
        `reported` clause's subject is a pronoun ("the brigade said it had withdrawn"), else the
        other side where the speaker denies a gain, else (a capture or hold) who holds the place since an
        earlier claim, else the actor of the previous claim.
        None where troops are needed (moving in or out) and the clause names none."""
        # A place named before its phrase, the side right after it: the agent ("Торецк, оккупированный россиянами",
        # "Kherson was taken by Russian forces"), whoever else the clause names before ("Украинский журналист ...").
        side = self._side_named_after(trigger, slot, claimant_side) if slot.passive else None
        if side is not None:
            return side
        window = (clause_start, trigger.start)
        if (trigger.change not in ("encircled", "contested") and _CIVILIANS.search(self.lowered, *window)
                and not _FORCE_NOUN.search(self.lowered, *window)):
            return None  # "Ukrainian refugees left Kharkiv": people moving, not troops
        # "regroup Russian troops in the areas of": the phrase up to the place, or to a comma or colon before it
        # ("captured two villages in eastern Ukraine: X": Ukraine is where, not who)
        stop = _COMMA_OR_COLON.search(self.lowered, trigger.end, slot.start)
        phrase_end = max(trigger.end, stop.start() if stop else slot.start)
        side = self._side_named_before(clause_start, trigger, phrase_end, claimant_side)
        if side is None and not slot.passive:
            side = self._side_named_after(trigger, slot, claimant_side)
        if side is not None:
            return side
        # "the brigade said it had withdrawn", "ВСУ заявили о выходе из Курахово": the speaker's own troops
        if reported and claimant_side != "unknown" and (_SPEAKERS_OWN.match(self.lowered, clause_start)
                                                         or _NOMINAL_MOVE.match(self.lowered, trigger.start)
                                                         or (not denial and _OWN_GAIN.match(self.lowered, trigger.start))):
            return claimant_side
        if _THEY.match(self.lowered, clause_start):  # "a success for Ukrainian forces since they repelled ..."
            sentence_start = self.sentences[bisect.bisect_right(self.sentence_starts, clause_start) - 1][0]
            side = self._side_named_before(sentence_start, trigger, clause_start, claimant_side) if sentence_start < clause_start else None
            if side is not None:
                return side
        troops = _FORCE_NOUN.search(self.lowered, clause_start, phrase_end)
        if troops and claimant_side != "unknown":
            return claimant_side  # "units withdrew", "подразделения удерживают": a speaker's own troops need no adjective
        if trigger.change in ("entered", "withdrew", "approaching") and not troops and not slot.passive and not (
                trigger.change == "approaching" and self._combat_in_sentence(clause_start, trigger.start)):
            return None  # (fighting on the outskirts is troops there: whose, the report's last actor says)
        if denial and claimant_side != "unknown" and trigger.change in ("captured", "entered", "withdrew", "encircled"):
            # "Kyiv denied the capture of X", "... that X was encircled": the other side's gain; "... denied withdrawing
            # from X": its own move
            return claimant_side if trigger.change == "withdrew" else opposite(claimant_side)
        if claimant_side == "unknown" and not denial and _UKRAINES_GAIN.match(self.lowered, trigger.start):
            return "UA"
        if trigger.change in ("captured", "holds"):
            if carried.last_actor == "unknown":
                if _FALL.match(self.lowered, trigger.start):
                    return "unknown"  # "Vuhledar has fallen, a Ukrainian soldier said": to whom, it does not say
                return claimant_side  # "Russia announced the 'liberation' of Avdiivka": its own gain
            if slot.place is not None and slot.place.geonameid in carried.holders:
                return carried.holders[slot.place.geonameid]  # "... withdrew from Avdiivka. The fall of Avdiivka ...": who holds it since
        return carried.last_actor

    def _combat_in_sentence(self, clause_start: int, position: int) -> bool:
        """Fighting named in the clause before `position` or anywhere after it in the sentence ("on the outskirts
        fighting goes on", "в пригородах Суджи ведутся бои": Russian and Ukrainian put it last as often as first)."""
        sentence_end = self.sentences[bisect.bisect_right(self.sentence_starts, position) - 1][1]
        return bool(_COMBAT.search(self.lowered, clause_start, sentence_end))

    def _side_named_before(self, clause_start: int, trigger: _Trigger, phrase_end: int, claimant_side: str) -> str | None:
        """The side named last in the clause up to the phrase (or inside it, where it acts), if any."""
        # "regroup Russian troops": the side inside the phrase acts; "repelled a Russian attack", "encircled
        # Ukrainian troops in": it does not.
        # "выбили украинских боевиков из X": the side ousted does not take it
        named_end = trigger.start if trigger.change in ("holds", "encircled") or _OUSTING.match(
            self.lowered, trigger.start) else phrase_end
        named = [(m.start, m.term.side) for m in self.lexicon.matches(self.text, clause_start, named_end, self.lowered)
                 if _is_side_word(m) and not _WHERE_BEFORE.search(self.lowered, max(clause_start, m.start - 20), m.start)
                 and not _CLEARED_OF.search(self.lowered, max(clause_start, m.start - 20), m.start)
                 and not _NOT_WHO_ACTS.match(self.lowered, m.end)]
        named += [(m.start(), self._ours(claimant_side, m.start()) if m.group("our") else self._possessor(m.start(), claimant_side))
                  for m in _OWN_FORCES.finditer(self.lowered, clause_start, phrase_end)
                  if m.group("our") or not any(start < m.start() for start, _ in named)]
        named += [(m.start(), self._enemy_of(claimant_side, m.start())) for m in _ENEMY.finditer(self.lowered, clause_start, trigger.start)
                  if not _CYRILLIC.match(m.group()) or _ENEMY_SUBJECT.fullmatch(m.group())]
        if not named:
            return None
        side = max(named)[1]
        # "Russian troops in Izyum have surrendered": the side named gave the place up
        return opposite(side) if self.lowered.startswith("surrender", trigger.start) else side

    def _side_named_after(self, trigger: _Trigger, slot: _Slot, claimant_side: str) -> str | None:
        """The side named right after the phrase or its place, if any."""
        # "fell to Russian forces", "is held by"; with the place first, Russian and Ukrainian put the
        # side right after its verb ("Купянск контролируют ВСУ"), else right after the place ("освободили
        # Кринки российские войска", "о захвате Кринок российскими войсками").
        after = _BY_WHOM.match(self.lowered, max(trigger.end, slot.end))
        if after is None and slot.passive:
            after = _SPACES.match(self.lowered, trigger.end)
        elif after is None and _CYRILLIC.match(self.lowered, trigger.start):
            # "увійшовши у X, росіяни ...": an adverbial participle's subject is the clause's, after the comma
            after = (_COMMA_AFTER if _ADVERBIAL_PARTICIPLE.search(self.lowered, trigger.start, trigger.end) else _SPACES).match(
                self.lowered, slot.end)
        if after:
            found = [m for m in self.lexicon.matches(self.text, after.end(), after.end() + 40, self.lowered) if _is_side_word(m)]
            if found and found[0].start == after.end():
                return found[0].term.side
            own = _OWN_FORCES.match(self.lowered, after.end())  # "город контролируют наши войска"
            if own and own.group("our"):
                return self._ours(claimant_side, after.end())
            enemy = _ENEMY.search(self.lowered, after.start(), after.end() + 30)  # "has not been captured by the enemy"
            if enemy and enemy.start() <= after.end():
                return self._enemy_of(claimant_side, after.end())
        return None

    def _handed_to(self, start: int, end: int) -> str | None:
        """The side a withdrawal hands the place over to ("..., handing over their positions to regular Russian army
        units"), if the words after it name one."""
        handover = _HANDOVER.search(self.lowered, start, end)
        return _known(self.lexicon.side_of(handover.group("to") or handover.group("to_ru"))) if handover else None

    def _possessor(self, position: int, claimant_side: str) -> str:
        """Whose "its forces" or "their troops" are: the side named last before them in the sentence ("Kyiv dismissed
        Russian claims that its forces had captured ..."), else the speaker's."""
        s_start = self.sentence_starts[bisect.bisect_right(self.sentence_starts, position) - 1]
        sides = [m.term.side for m in self.lexicon.matches(self.text, s_start, position, self.lowered) if _is_side_word(m)]
        return sides[-1] if sides else claimant_side

    def _ours(self, claimant_side: str, position: int) -> str:
        """Whose "our troops" are: the speaker's; with no speaker known, Ukraine's in a paragraph in Ukrainian ("Наші
        підрозділи утримують ..."): war reporting in Ukrainian speaks from Ukraine's side."""
        if claimant_side != "unknown":
            return claimant_side
        p_start, p_end = self.paragraphs[self._paragraph_at(position)]
        return "UA" if _UKRAINIAN_LETTERS.search(self.lowered, p_start, p_end) else "unknown"

    def _enemy_of(self, claimant_side: str, position: int) -> str:
        """Whose troops "the enemy" are: the other side than ours ("Противник окупував Очеретине")."""
        return opposite(self._ours(claimant_side, position))

    def _negated(self, clause_start: int, trigger: _Trigger) -> bool:
        """A negation in the phrase's clause, not one of commenting or confirming ("Кремль не стал комментировать
        сообщения об отступлении ...", "did not confirm reports that ...": no denial)."""
        return any(not _NOT_COMMENTING.match(self.lowered, m.end()) for m in _NEGATION.finditer(self.lowered, clause_start, trigger.start)) \
            and not _NO_LONGER.search(self.lowered, clause_start, trigger.end)
