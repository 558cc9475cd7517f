"""A list of places a control phrase names ("Izium, Lyman and Kupiansk"), read item by item.

Part of the slots stage (`slots.SlotStage`, which `claims._Reader` runs; docs/extraction.md has the rules)."""
from __future__ import annotations

import re

from claimmap.extract.patterns import _CAPITALISED
from claimmap.extract.values import Carried, _Slot
from claimmap.extract.words import _LOCATIVE_BEFORE, _before_side_subject
from claimmap.lexiconfile import list_join, word_class
from claimmap.reporttext import SPEAKS

_BARE_COMMA = re.compile(r"\s*,\s*")
_MARKUP_AFTER = re.compile(r"(?:\]\([^()\s]*\)|[*_])*")  # Markdown around a name: a link's target, emphasis
_MARKUP_BEFORE = re.compile(r"[\[*_]*")
_ROAD_AFTER = re.compile(rf"(?:-[\w'’]+)*\s+(?:{word_class('road')})(?![\w-])")
_LIST_JOIN = re.compile(list_join() + r"(?:the\ (?:city|town|village)\ of\s+)?", re.X)
# "та їхні околиці та": the surroundings of the places listed before, between them and the next item.
_SURROUNDINGS = re.compile(rf"(?:{word_class('their')})\ (?:{word_class('surroundings')})" + list_join(), re.X)
_GOVERNMENT_AFTER = re.compile(rf"['’]s\s+(?:[\w-]+\s+)?(?:{word_class('government', ('en',))})(?![\w-])")


class ListStage:
    """The lists of `slots.SlotStage`: where one place is named, the places named with it."""

    def _listed_at(self, position: int, end: int) -> list[_Slot]:
        """The place named at `position`, or the list of places starting there ("Izium, Lyman and Kupiansk")."""
        slots: list[_Slot] = []
        joins: list[str] = []  # joins[i] stands between slots[i] and slots[i + 1]
        while True:
            # A name the gazetteer does not know is an item too: "captured Robotyne and Verbove" goes on to Verbove.
            slot = self._slot_at(position) or (self._part_item(position, end) if slots else None) or self._unknown_name(
                _CAPITALISED.match(self.text, position, end))
            if slot is None or (slots and (SPEAKS.match(self.lowered, slot.end) or _GOVERNMENT_AFTER.match(self.lowered, slot.end))):
                break  # "captured Vuhledar, Kyiv said", "..., Kyiv's troops said": the capital speaks for its government
            road = _ROAD_AFTER.match(self.lowered, slot.end, end)
            if road:  # "the Kharkiv-Kupiansk highway and the town of Kupiansk": a road named after places is none of them
                join = _LIST_JOIN.match(self.lowered, road.end(), end)
                if not join:
                    break
                position = join.end()
                continue
            slots.append(slot)
            after = _MARKUP_AFTER.match(self.lowered, slot.end).end()  # "[Toretsk](https://...)", "*Toretsk*"
            join = _LIST_JOIN.match(self.lowered, self._past_region(after, end), end)
            if not join:
                break
            joins.append(join.group())
            position = _MARKUP_BEFORE.match(self.lowered, join.end()).end()
        while len(slots) > 1 and slots[-1].place is None and _BARE_COMMA.fullmatch(joins[len(slots) - 2]):
            slots.pop()  # "took Vuhledar, Smith said": an unknown name after a comma that ends the list is no item
        return slots

    def _listed_before_subject(self, carried: Carried, end: int, sentence) -> list[_Slot]:
        """The places opening a clause in the locative, its subject (a side) between them and `end` ("У Покровську ЗСУ
        вдається відвойовувати позиції"); none where no side stands there."""
        subject = _before_side_subject(self.lowered, sentence[0], end, self.lexicon.side_of)
        slots = self._listed_before(carried, subject, sentence) if subject is not None else []
        return slots if slots and _LOCATIVE_BEFORE.search(self.lowered, max(0, slots[0].start - 3), slots[0].start) else []
