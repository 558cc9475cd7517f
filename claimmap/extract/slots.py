"""The places a control phrase names: after it, before it, listed, or referred to ("the city").

A stage of the extractor (`claims._Reader` runs them in order; docs/extraction.md has the rules)."""
from __future__ import annotations

import bisect
import re

from claimmap.extract.lists import _GOVERNMENT_AFTER, _SURROUNDINGS, ListStage
from claimmap.extract.patterns import _CAPITALISED, _COREFERENCE, _DIRECTION, _LATIN, _LOOKBACK, _PLACE_NOUNS, _SPACES
from claimmap.extract.values import Carried, _Slot, _Trigger
from claimmap.extract.words import _fillers_before, _mention_slot, _part_change, _resolve_name
from claimmap.lexiconfile import CYRILLIC, list_join, word_class
from claimmap.reporttext import SPEAKS
from claimmap.timewords import TIME_WORDS

# Before an English verb the place stands only in the passive or before a verb without object.
_AUXILIARY_BEFORE = re.compile(rf"(?<![\w-])(?:{word_class('auxiliary')})"
                               r"[\s\"“”«»'‘’]+(?:[\w-]+[\s\"“”«»'‘’]+)?$")  # 'the settlement was “liberated”
_INTRANSITIVE = re.compile(word_class("intransitive"))
_POSSESSIVE_S = ("'s ", "’s ")
# A verb with nothing after it, or a preposition, a time or a stop: a passive without its auxiliary.
_NO_OBJECT_AFTER = re.compile(rf"\s*(?:$|[,.;:!?)\]—–]|\s-\s|(?:{word_class('no_object')})(?![\w-]))")
_NOT_A_FALL = re.compile(rf"\s+(?:{word_class('not_a_fall')})(?![\w-])")  # "fell silent", "fell short"
# Parts of a place that a claim may be about ("the coke plant in Avdiivka", "the Toretsk mine"): the claim is
# then "contested". Its seat of power or centre stands for the whole ("raised the flag over Kupiansk's city council").
_FACILITIES = f"(?:{word_class('facility')})"
_FACILITY_IN = re.compile(rf"(?:[\w-]+\ ){{0,3}}?{_FACILITIES}\ (?:in|of|at)(?![\w-])"  # "the coke plant in", "40 buildings in"
                          # "промзону Торецка"; two joined: "склади та приватний сектор у Часовому Яру"
                          rf"|(?:(?:[\w'’-]+\ )?(?:{word_class('facility_stem')})\w*\ (?:(?:та|і|й|и)\ )?){{1,2}}")
# Before the place's name: "part of Vovchansk came under ...", "70% of X controlled by ...", "часть Волчанска перешла ...".
_KIND_AFTER = re.compile(rf"\s+(?:{word_class('slot_place_noun', ('en',))})$")  # the kind of place after its name
_PART_BEFORE = re.compile(rf"(?<![\w-])(?:{word_class('part_share', ('en',))})\ of\ $|(?<![\d.])[1-9]?\d(?:\ ?%|\ (?:{word_class('percent')}))\ of\ $"
                          rf"|(?<![\w-])(?:{word_class('part_share', CYRILLIC)})\ $")
# After the place's name: "Avdiivka's coke plant", "Kupyansk's train station", "the Toretsk mine".
_POSSESSIVE_PART = re.compile(rf"['’]s\s+(?!(?:city\s+|town\s+|village\s+)?(?:{word_class('seat_noun')})\b)[\w-]"
                              rf"|\s+(?:[\w-]+\s+)?{_FACILITIES}(?![\w-])", re.I)
# "control 80 percent of Bakhmut", "hold most of the town", "captured the northern part of", "a flag in eastern
# Chasiv Yar", "північна частина": a part or share of the place, fighting for the rest.
_PERCENT_OF = rf"(?:\ ?%|\ (?:{word_class('percent')}))\ of"
_ABOUT = rf"(?:{word_class('about', ('en',))})\ "
_SHARE_OF = (rf"(?:{_ABOUT})?(?:{word_class('share', ('en',))}"
             rf"|[\d.,]+\ ?(?:{word_class('area_unit', ('en',))}))\ of"  # "13 square kilometres of Pokrovsk"
             rf"|(?:{word_class('nearly')})\ (?:all\ of|the\ (?:whole|entire)(?:\ of)?)")
# "близько 70% території", "большую часть", "половину": the same in Russian and Ukrainian.
# "на заході Бахмута", "на севере Купянска": one side of the place (not "на захід від", west of it).
_SIDE_OF_IT = f"(?:{word_class('side_of_it', CYRILLIC)})"
_SHARE_CYRILLIC = (rf"(?:(?:{word_class('about', CYRILLIC)})\ )?(?:\d+\ ?%|{word_class('share', CYRILLIC)}"
                   rf"|\d+(?:[.,]\d+)?\ ?(?:{word_class('area_unit', CYRILLIC)}))"  # "13 км² Покровська": an area of it
                   rf"(?:\ (?:{word_class('territory_genitive', CYRILLIC)}))?")
_PART_OF_IT = re.compile(
    rf"(?<![\d.])[1-9]?\d{_PERCENT_OF}|(?<![\w-])(?:{_SHARE_OF}|(?:{word_class('part_of_noun')})\ of"
    rf"|{_DIRECTION}(?!\ (?:[\w-]+\ )?(?:{'|'.join(_PLACE_NOUNS)})s?\ of)"  # "the eastern town of Lyman": where it lies
    rf"|(?:{word_class('direction_stem')})\w*\ (?:{word_class('part_stem')})|{_SHARE_CYRILLIC}|{_SIDE_OF_IT})", re.X)
# Just before the phrase: "partly controlled", "частково контролюється" hold or take a part of the place.
_PARTLY = re.compile(rf"(?<![\w-])(?:{word_class('partly')})\s+(?:[\w-]+\s+)?$")
# Between a place and its phrase: not the whole of it ("X is almost completely in Russian hands").
_NOT_WHOLLY = re.compile(rf"(?<![\w-])(?:{word_class('not_wholly')})(?![\w-])")
_OUTSKIRTS = re.compile(word_class("outskirts"))  # withdrawing from them is leaving the place, not part of it
# "denied ... Pokrovsk, insisting its troops hold the northern part along the railway": a part of the place just named.
_PART_OF_THE_LAST = re.compile(rf"(?:(?:the|its)\ )?{_DIRECTION}\ (?:{word_class('part_noun')})(?![\w-])(?!\ of(?![\w-]))")
_COREFERENCE_LENGTH = 40  # longer than any coreference phrase ("that urban-type settlement")
# The leading class of the phrases' first letters (either case for the Russian and Ukrainian ones) lets `re`
# skip in C to where one may start, instead of trying every phrase case-blind at every character: 3x faster.
# "has not entered either village", "в обох містах": the places of the last claim (matched where the place would be).
_SETTLEMENTS = f"(?:{word_class('settlement_plural', ('en',))})"  # "the two towns"
_BOTH = re.compile(rf"(?:(?:both|either)\ (?:the\ )?(?:{_SETTLEMENTS}|{word_class('anaphor_noun')})"
                   rf"|the\ (?:two\ )?{_SETTLEMENTS}(?!\s+(?:of|near|in|around|along|on|close)(?![\w-]))"
                   rf"|{word_class('both_places')})(?![\w-])")
# Ending the words before a phrase: "the towns remain in Ukrainian hands", "both villages were captured".
_BOTH_BEFORE = re.compile(rf"(?<![\w-])(?:both|the\ (?:two\ )?)\ ?{_SETTLEMENTS}\s*$")
_INCLUDING = re.compile(rf"[^.;:]{{0,80}}?(?:,\s*)?(?:{word_class('including')})\s+(?:(?:{word_class('size_stem')})\w+\s+)?", re.X)
# Places named after the kind of place they are: "withdrew from two villages, X and Y", "two more villages in the east: X and Y".
_APPOSITION = re.compile(rf"[^.;:,]{{0,40}}?(?:{word_class('settlement_plural')})(?:\ [^.;:,—–]{{1,40}}?)?(?:[,:]|\s[—–])\s+")
# A negation up to two words before a phrase ("не йдеться про захоплення", "no new capture of").
_NOT_BEFORE = re.compile(rf"(?<![\w-])(?:{word_class('negation')}|{word_class('no_determiner')})(?:\s+[\w-]+){{0,2}}\s+$")
_SLOT_FILLER = re.compile(
    # (abbreviations first: "с. Кринки" is no "с" the preposition)
    rf"(?:\s+|[\"“”«»'‘’*_\[]|(?<![\w-])(?:н\.\s?п|с|м|г|смт|пгт|сел|пос)\.|(?<![\w-])(?:{word_class('slot_opening', ('en',))}"
    rf"|(?:{_ABOUT})?(?:[\d,]+\ )?(?:[\w-]+\ )?(?:{word_class('slot_force')})"  # "взятие под контроль российскими подразделениями X'
    rf"(?:\ (?:{word_class('stationed')}))?(?:\ in(?!\ the))?"
    rf"|{_DIRECTION}|(?:north|south|east|west)(?:-?(?:east|west))?\ of|(?:the\ )?(?:[\w-]+\ )?(?:{word_class('part_noun', ('en',))}|centre|center)\ of"
    rf"|{word_class('slot_area')}|(?:{_ABOUT})?\d+{_PERCENT_OF}|{_SHARE_CYRILLIC}|{_SHARE_OF}"
    rf"|районе|районі|центр[аеі]?|(?:{word_class('direction_stem')})\w*(?:\ (?:и|і|та)\ (?:{word_class('cardinal_stem')})\w*)?\ (?:{word_class('part_stem')})\w*|{_SIDE_OF_IT}|{word_class('ongoing')}"
    rf"|(?:[a-z]+ly\ )?(?:[\w-]+\ ){{0,2}}?(?:{word_class('slot_place_noun', ('en',))})(?:\ of|\ [-–—](?=\ ))"  # an adverb first: "the strategically important city of";
    # a dash naming it: "the regional centre – the city of X"
    r"|(?:(?:left|right)\ )?banks?\ of\ (?:the\ )?[\w-]+(?:\ river)?\ in"  # "the eastern bank of the Oskil in Kupiansk": a part of it
    rf"|(?:от|від)\ (?:[\w-]+(?:их|іх)\ )?(?:{word_class('enemy_genitive')})"
    rf"|(?:вся|всю|уся|усю)\ (?:территория|территорию|територія|територію)|{word_class('still_there')}"
    r"|сам(?:ого|ому|ом|ій|ої|ой)"  # "до самого міста": the town itself
    rf"|в|во|на|из|с|з|із|зі|у|до|к|над|від|от|за|{word_class('slot_place_noun', CYRILLIC)})(?![\w-]))*",
    re.X)
# A relative clause after the places it is about, up to the phrase: "..., которые пока", "..., який наші захисники",
# "..., в яке зайшли" (with its preposition).
# ("Horlivka, which is the largest town of the area and is under Russian control": up to eight words)
# ("the town of Izium that Ukrainian troops retook": English "that" without a comma)
_RELATIVE_BEFORE = re.compile(rf"(?:,\s*(?:(?:в|во|у|до|на|із|з|into)\s+)?(?:{word_class('relative_word')})|\s+that)"
                              r"(?:\s+[^,.;:!?\s]+){0,8}\s*$")
# Only a number of places, up to the sentence's end: "took three more villages near Kupiansk." (a later sentence may name them)
_COUNTED = re.compile(r"(?:two|three|four|five|six|seven|eight|nine|ten|several|\d+)\ (?:more\ |new\ |[\w-]+\ )?" + _SETTLEMENTS +
                      r"(?:\ (?:in|of|on|near|along)\ [^.;:,]{1,40}?)?(?:,\ [^.;:]{1,60})?[\s.!]*", re.X)  # (", the army said")
_LISTED_LATER_SENTENCES = 3
# Opening the list of those places: "These are the settlements of", "They are".
_THESE_ARE = re.compile(r"(?<![\w-])(?:these|they|those)\ (?:are|were)\ ", re.X)
_LIST_JOIN_BEFORE = re.compile(list_join() + "$")  # ending the words before a name: "Kupiansk and "
# Between two phrases that share the place after the second: "захоплення або оточення Куп'янська", "capture or encirclement of".
_PHRASE_JOIN = re.compile(list_join() + rf"|\s+(?:{word_class('disjunction')})\s+", re.X)
_REGION_GAP = re.compile(r",?\s+(?:(?:of|in)\s+(?:the\s+)?)?")
_REGION_WORDS = re.compile(rf"[\s-]*(?:{word_class('region_word')})(?![\w])", re.X)  # "the Kursk operation": named after a place, not it
# A place named as a reference point ("near Slovyansk", "5 km south of Svatove"): where, not what a claim is about.
_REFERENCE = (r"(?:near|towards?|toward|outside|beyond|around|opposite|across\ from|(?:north|south|east|west)(?:east|west)?\ of|\d+\s?(?:km|kilometers|kilometres|miles)\ (?:from|of)"
              r"|from\ the\ direction\ of|in\ the\ direction\ of|під|под|біля|возле|около|поблизу|в\ районе|в\ районі|в\ сторону|в\ напрямку)\s+(?:the\s+)?(?:(?:major\s+)?(?:city|town|village)\s+of\s+)?")
_REFERENCE_BEFORE = re.compile(_REFERENCE + "$", re.X)
# An aside between the places and the phrase that locates them: "X и Y, находящиеся в 10 км от Z, также перешли под
# контроль ...", "X, located 5 km north of Z, was captured", "X, opposite the city of Z, was taken" (Z locates them,
# the claim is about X and Y).
_ASIDE_BEFORE = re.compile(rf",\s*(?:(?:{word_class('lying_stem')}|{word_class('lying')})\w*(?:\s+[^,.;:!?\s]+){{0,8}}"
                           rf"|[^,.;:!?]{{0,40}}?{_REFERENCE}[^,.;:!?\s][^,.;:!?]{{0,40}}?)\s*,?"
                           rf"(?:\s+(?:{word_class('also')}))?\s*$", re.X)  # (the other words there: _fillers_before)
# A place's region between it and a phrase after it: "Сіверськ Донецької області залишається під контролем", "Toretsk,
# Donetsk Oblast, was captured".
_REGION_BEFORE = re.compile(rf"(?:,\s*|\s+)(?:(?:(?:in|of)\s+)?(?:the\s+)?[\w'’-]+\s+(?:{word_class('region_noun')})|(?:на|в|у)\s+[\w'’-]+щин[іе])(?:\s*,)?\s*$")
_AREA_OF = re.compile(rf"(?<![\w-])(?:{word_class('area_of')})\s+$")
_CAPITALISED_BEFORE = re.compile(r"(?<![\w'’-])" + _CAPITALISED.pattern + "$")  # one ending where the search ends
_NOT_A_NAME = re.compile(rf"^(?:{word_class('not_a_name')}|{'|'.join(TIME_WORDS.weekdays)}|{'|'.join(TIME_WORDS.month_numbers)})$", re.I)


class SlotStage(ListStage):
    """The slots stage of `claims._Reader`: the places a control phrase names: after it, before it, listed, or referred to ("the city")."""

    # -------------------------------------------------------------- places
    def _is_claimant(self, mention) -> bool:
        """"..., Syrskyi said", "Tavria spokesman": a person or body the claimant lexicon knows by this
        very name, not the village Syrskoye or Tavriya."""
        known = self.lexicon.best(mention.surface)
        return known is not None and known.term.kind in ("person", "institution") and known.text == mention.surface

    def _is_settlement(self, mention) -> bool:
        place = mention.place
        if place is not None and getattr(place, "feature", "settlement") == "region":
            return False
        return not _REGION_WORDS.match(self.lowered, mention.end)

    def _slots(self, trigger: _Trigger, sentence, carried: Carried) -> list[_Slot]:
        """The places the phrase is about, resolved or not (`place` None, with the gazetteer's candidates)."""
        for side in trigger.slots:
            if side == "before" and not self._place_may_come_first(trigger):
                continue
            slots = (self._slots_after if side == "after" else self._slots_before)(trigger, sentence, carried)
            if slots and trigger.change == "contested":  # "бої в районі Сіверська": fighting in its area, not in it
                slots = [s for s in slots if not _AREA_OF.search(self.lowered, max(0, s.start - 30), s.start)]
            if slots:
                return slots
        return []

    def _place_may_come_first(self, trigger: _Trigger) -> bool:
        """"Kyiv holds talks", "Moscow left the grain deal": before an English active verb stands its
        subject, not the place; before a passive ("Kherson was liberated", "is held by") or a verb
        without object ("Bakhmut fell", "Lyman had surrendered") the place. Russian and Ukrainian
        order words freely ("город удерживают ВСУ")."""
        phrase = self.lowered[trigger.start:trigger.end]
        if trigger.side_in_phrase or not _LATIN.search(phrase) or self.lowered.endswith(_POSSESSIVE_S, 0, trigger.start):
            return True  # (and "Izium's liberation": the possessive names the place)
        if _INTRANSITIVE.fullmatch(phrase):
            return not _NOT_A_FALL.match(self.lowered, trigger.end)
        return bool(_AUXILIARY_BEFORE.search(self.lowered, max(0, trigger.start - 24), trigger.start)
                    or _NO_OBJECT_AFTER.match(self.lowered, trigger.end))  # headlines: "Izyum recaptured by ..."

    def _slots_after(self, trigger: _Trigger, sentence, carried: Carried) -> list[_Slot]:
        join = _PHRASE_JOIN.match(self.lowered, trigger.end, sentence[1])
        joined = self.trigger_at.get(join.end()) if join else None
        if joined is not None and "after" in joined.slots:
            return self._slots_after(joined, sentence, carried)
        position, part = _SLOT_FILLER.match(self.lowered, trigger.end, sentence[1]).end(), False
        filled = position
        if trigger.change not in ("approaching", "withdrew") and self.lowered.find("outskirts of", trigger.end, position) >= 0:
            return []  # "advanced into the outskirts of Toretsk": "outskirts of" is read on its own, an approach
        if position not in self.mention_at:  # "raised a flag over the coke plant in Avdiivka": a part of it
            facility = _FACILITY_IN.match(self.lowered, position, sentence[1])
            if facility:
                position, part = _SLOT_FILLER.match(self.lowered, facility.end(), sentence[1]).end(), True
        both = _BOTH.match(self.lowered, position) if position not in self.mention_at else None
        if both:
            return self._last_places_at(carried, both.start(), both.end())
        if position not in self.mention_at:
            start = _SPACES.match(self.text, trigger.end).end()
            if _PART_OF_THE_LAST.match(self.lowered, start, sentence[1]):
                slot = self._coreferent(carried, start, start, sentence)
                return [slot._replace(part=True)] if slot else []
            # "entered the city", "fighting in the northern part of the town", "бої у північній частині міста":
            # a reference to the place just named, after the filler words or as their last word.
            coreference = _COREFERENCE.search(self.text, start, sentence[1])
            if coreference and (coreference.start() == start or (
                    coreference.start() <= position and not self.text[coreference.end():position].strip())):
                slot = self._coreferent(carried, coreference.start(), coreference.end(), sentence)
                return [slot] if slot else []
            position = self._examples_start(trigger, position, sentence)
            if position is None:
                return []
        slots = self._listed_at(position, sentence[1])
        if not slots and _COUNTED.fullmatch(self.lowered, filled, sentence[1]):
            return self._listed_later(sentence)  # "captured four villages. These are X, Y and Z."
        if part and slots:  # "captured the coke plant in .": a part of no place named
            slots[0] = slots[0]._replace(part=True)
        return slots

    def _part_item(self, position: int, end: int) -> _Slot | None:
        """A part of a place as a later item of a list ("звільнили X, Y та їхні околиці та кілька кварталів на сході Z"):
        that place, in part; the listed places' own surroundings before it are no item."""
        surroundings = _SURROUNDINGS.match(self.lowered, position, end)
        facility = _FACILITY_IN.match(self.lowered, surroundings.end() if surroundings else position, end)
        slot = self._slot_at(_SLOT_FILLER.match(self.lowered, facility.end(), end).end()) if facility else None
        return slot._replace(part=True) if slot else None

    def _examples_start(self, trigger: _Trigger, position: int, sentence) -> int | None:
        """Where the places after a phrase start: past "30 settlements, including" to the examples ("liberated 30
        settlements, including Balakliia and ..."; not past a name the gazetteer does not know: "захват Синьковки
        создает условия ..., включая X" is no list); None after a negated phrase ("не йдеться про захоплення нових сіл:
        X лишається ...": what follows is no example of it)."""
        including = None if _CAPITALISED.match(self.text, position) else (
            _INCLUDING.match(self.lowered, position, sentence[1]) or _APPOSITION.match(self.lowered, position, sentence[1]))
        if including is None:
            return position
        if _NOT_BEFORE.search(self.lowered, max(sentence[0], trigger.start - 30), trigger.start):
            return None
        return _SLOT_FILLER.match(self.lowered, including.end(), sentence[1]).end()  # "including the town of"

    def _listed_later(self, sentence) -> list[_Slot]:
        """The places a later sentence lists and says nothing more of ("These are X, Y and Z."), before any other claim."""
        index = bisect.bisect_right(self.sentence_starts, sentence[0])
        for later in self.sentences[index:index + _LISTED_LATER_SENTENCES]:
            if bisect.bisect_left(self.trigger_starts, later[0]) < bisect.bisect_left(self.trigger_starts, later[1]):
                return []  # a sentence with phrases of its own: no longer about those places
            these = _THESE_ARE.search(self.lowered, later[0], later[1])
            if these is None:
                continue
            slots = self._listed_at(_SLOT_FILLER.match(self.lowered, these.end(), later[1]).end(), later[1])
            return slots if slots and not self.lowered[slots[-1].end:later[1]].strip(" \n.!") else []
        return []

    def _last_places_at(self, carried: Carried, start: int, end: int, passive: bool = False) -> list[_Slot]:
        """The places of the last claim, as the words text[start:end] name them ("both towns", "either village"); none
        where that claim named fewer than two."""
        if len(carried.last_places) < 2:
            return []
        return [place._replace(start=start, end=end, text=self.text[start:end], passive=passive) for place in carried.last_places]

    def _past_region(self, end: int, sentence_end: int) -> int:
        """Past the region written after a name ("Uspenivka, Dnipropetrovsk Oblast, and ...", "Успеновка Днепропетровской
        области и ..."): where the list goes on."""
        gap = _REGION_GAP.match(self.lowered, end, sentence_end)
        region = self.mention_at.get(gap.end()) if gap else None
        if region is None or self._is_settlement(region):
            return end
        words = _REGION_WORDS.match(self.lowered, region.end)  # "Donetsk People's Republic": the city's name, then these
        return words.end() if words else region.end

    def _slots_before(self, trigger: _Trigger, sentence, carried: Carried) -> list[_Slot]:
        end = _fillers_before(self.lowered, max(sentence[0], trigger.start - _LOOKBACK), trigger.start)
        slots = self._listed_before_region(carried, self._before_aside(end, sentence), sentence)
        if not slots:  # "Купянск и Боровую, которые пока под контролем ВСУ": the places the relative clause is about
            relative = _RELATIVE_BEFORE.search(self.lowered, max(sentence[0], end - _LOOKBACK), end)
            if relative:
                slots = self._listed_before_region(carried, self._before_aside(relative.start(), sentence), sentence)
        if not slots and trigger.change == "contested":  # "У Покровську ЗСУ відвойовують позиції"
            slots = self._listed_before_subject(carried, end, sentence)
        both = None if slots or len(carried.last_places) < 2 else _BOTH_BEFORE.search(self.lowered, max(sentence[0], end - 30), end)
        if both:  # "the towns remain in Ukrainian hands"
            return self._last_places_at(carried, both.start(), both.start() + len(both.group().rstrip()), passive=True)
        if not slots:  # "Robotyne was liberated": a name the gazetteer does not know
            name = _CAPITALISED_BEFORE.search(self.text, max(sentence[0], end - _LOOKBACK), end)
            if name and self.gazetteer.is_ordinary_word(name.group().split()[0]):
                return []  # "Fighting is under way": a sentence's first word is capitalised, and no name
            return [slot._replace(passive=True) for slot in [self._unknown_name(name)] if slot]
        return slots

    def _listed_before_region(self, carried: Carried, end: int, sentence) -> list[_Slot]:
        """The places named right before `end`, or before their region ("Куп'янськ на Харківщині, що ...")."""
        slots = self._listed_before(carried, end, sentence)
        region = None if slots else _REGION_BEFORE.search(self.lowered, max(sentence[0], end - 40), end)
        return self._listed_before(carried, region.start(), sentence) if region else slots

    def _listed_before(self, carried: Carried, end: int, sentence) -> list[_Slot]:
        """The places named right before `end`, one or a list ("Kupiansk and Borova")."""
        slots: list[_Slot] = []
        while end > sentence[0]:
            slot = self._slot_ending_at(carried, end, sentence)
            if slot is None:
                break
            slots.insert(0, slot)
            join = _LIST_JOIN_BEFORE.search(self.lowered, max(sentence[0], slot.start - _LOOKBACK), slot.start)
            if not join:
                break
            end = join.start()
        return slots

    def _before_aside(self, end: int, sentence) -> int:
        """Where the places before `end` end: before an aside that locates them ("Kreminna, situated some 15 km south
        of Svatove, fell ...": the place named as a reference point is not the phrase's, the name before the aside is)."""
        aside = _ASIDE_BEFORE.search(self.lowered, max(sentence[0], end - _LOOKBACK), end)
        return aside.start() if aside else end

    def _slot_at(self, position: int) -> _Slot | None:
        mention = self.settlement_at.get(position)
        if mention is None:
            return None
        return _mention_slot(mention, part=bool(_POSSESSIVE_PART.match(self.text, mention.end)))

    def _slot_ending_at(self, carried: Carried, end: int, sentence) -> _Slot | None:
        """The place named just before a phrase: a passive slot."""
        mention = self.settlement_ending_at.get(end) or self.settlement_ending_at.get(end - 2)  # "Izyum's"
        kind = _KIND_AFTER.search(self.lowered, max(sentence[0], end - 15), end)  # "the Kupiansk village, which ..."
        mention = mention or (self.settlement_ending_at.get(kind.start()) if kind else None)
        if mention is not None and (self.text[mention.end:end] in ("", "'s", "’s") or kind and mention.end == kind.start()):
            part = bool(_PART_BEFORE.search(self.lowered, max(0, mention.start - 20), mention.start))  # "часть Волчанска"
            return _mention_slot(mention, passive=True, part=part)
        for coreference in _COREFERENCE.finditer(self.text, max(sentence[0], end - _COREFERENCE_LENGTH), end):
            if coreference.end() == end or self.text[coreference.end():end] in ("'s", "’s"):  # "the town's capture"
                return self._coreferent(carried, coreference.start(), coreference.end(), sentence, passive=True)
        return None

    def _coreferent(self, carried: Carried, start: int, end: int, sentence, passive: bool = False) -> _Slot | None:
        """The place of the last claim where that was in this sentence ("entered Kupiansk from Kharkiv and raised
        the flag over the city"), else the settlement named last before `start` where that came after the last
        claim, else the last claim's place (None if the gazetteer could not resolve it: "captured Robotyne, ...
        withdrew from the village" is not the place named before)."""
        last = carried.last_slot
        if last is None or last.start < sentence[0]:
            for mention in reversed(self.settlements):
                if last is not None and self._same_sentence(mention.start, last.start):
                    break  # named beside the last claim's place, which is the one in focus ("retook Irpin, ... the capital, Kyiv")
                if mention.end <= start and mention.place is not None and self._may_be_referred_to(mention):
                    if last is None or mention.start > last.start:
                        return _Slot(start, end, self.text[start:end], mention.place, passive=passive)
                    break
        if last is None or last.place is None:
            return None
        return _Slot(start, end, self.text[start:end], last.place, passive=passive)

    def _may_be_referred_to(self, mention) -> bool:
        """What "the city" may stand for: not a reference point ("near Slovyansk", "towards Bakhmut"), a dateline
        ("KYIV, May 21 —"), or a capital standing for its government ("Kyiv's troops", "Moscow said")."""
        if mention.surface.isupper() and len(mention.surface) > 3:
            return False
        return not (_REFERENCE_BEFORE.search(self.lowered, max(0, mention.start - 40), mention.start)
                    or _GOVERNMENT_AFTER.match(self.lowered, mention.end) or SPEAKS.match(self.lowered, mention.end))

    def _unknown_name(self, match: re.Match | None) -> _Slot | None:
        """A capitalised name where a place is written that the gazetteer's matcher did not see: a slot
        with no place and the resolver's guesses as candidates; None if it is no place name at all."""
        if not match or _NOT_A_NAME.match(match.group().split()[0]) or self.lexicon.best(match.group()):
            return None
        if _REGION_WORDS.match(self.lowered, match.end()):
            first = re.match(r"[^\s-]+", match.group())
            if first.end() == len(match.group()):
                return None  # "Kharkiv Oblast": a region
            match = re.compile(re.escape(first.group())).match(self.text, match.start())  # "Уступовка Донецкой Народной ..."
        resolution = _resolve_name(self.gazetteer, match.group())
        if resolution.place is not None:
            return None  # the gazetteer knows it, the matcher did not see it here: not a name we failed on
        return _Slot(match.start(), match.end(), match.group(), None, tuple(c.place for c in resolution.candidates))

    def _is_part(self, change: str, trigger: _Trigger, slot: _Slot) -> bool:
        """Does a capture, hold, entry or withdrawal name a part or share of this place, making it contested ("the
        coke plant in Avdiivka", "captured most of Bakhmut", "cleared Russian troops from Kupiansk's northern
        districts"; but withdrawing from a town's outskirts is leaving it)? The words between the phrase and the
        place count after the last comma or colon there: "the eastern part of Bakhmut, Kupiansk" is a part of
        Bakhmut only, and "two villages in eastern Ukraine: X" no part of X."""
        if change not in ("captured", "holds", "entered", "withdrew"):
            return False
        if slot.part or _PARTLY.search(self.lowered, max(0, trigger.start - 30), trigger.start):
            return True
        if _part_change(self.lowered, trigger) == "entered":
            return True  # "gained a foothold in X"

        if slot.end <= trigger.start and _NOT_WHOLLY.search(self.lowered, slot.end, trigger.start):
            return True  # "Kurakhove is almost completely in Russian hands"
        found = self._part_of_it_before(trigger, slot.start) if slot.start > trigger.end else None
        if found is None or (change == "withdrew" and _OUTSKIRTS.match(found.group())):
            return False
        start = max(self.lowered.rfind(",", found.start(), slot.start), self.lowered.rfind(":", found.start(), slot.start)) + 1
        return not start or bool(_PART_OF_IT.search(self.lowered, start, slot.start))

    def _part_of_it_before(self, trigger: _Trigger, end: int) -> re.Match | None:
        """`_PART_OF_IT.search(self.lowered, trigger.end, end)`, from one search per trigger to its sentence's end:
        searched again for each place of a list of hundreds, the words before the places grew quadratic. Exact,
        as the pattern ends in no lookahead: a match ending by `end` is one without that bound too, and the
        first match wholly before `end` starts where the unbounded one does, or is none."""
        key = ("part_of_it", trigger.end)
        if key not in self.memo:
            sentence_end = self.sentences[bisect.bisect_right(self.sentence_starts, trigger.start) - 1][1]
            self.memo[key] = (sentence_end, _PART_OF_IT.search(self.lowered, trigger.end, sentence_end))
        sentence_end, first = self.memo[key]
        if end > sentence_end:
            return _PART_OF_IT.search(self.lowered, trigger.end, end)
        if first is None or first.start() >= end:
            return None
        return first if first.end() <= end else _PART_OF_IT.search(self.lowered, first.start(), end)
