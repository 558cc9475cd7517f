"""Small pure functions over a report's words and claims, shared by the stages."""
from __future__ import annotations

import bisect
import math
import re
from functools import lru_cache

from claimmap.claimants import TermMatch
from claimmap.extract.patterns import _COREFERENCE, _SUBJECT_LEAD, _SUBJECT_TAIL_WORDS, _WORDS_BY
from claimmap.extract.values import UnresolvedName, _Slot, _Trigger
from claimmap.lexiconfile import word_class
from claimmap.reporttext import lowercase
from claimmap.schema import Claim, opposite

# The words _NOT_YET's phrases end in. Its match ends in one of them as the last or next-to-last word before
# the phrase ("would [quickly] leave"); where neither ends so, the search is left out.
_NOT_YET_LAST_WORDS = ("would", "will", "shall", "to", "order", "orders", "ordered", "could", "may", "might", "can", "cannot",
                       "будут", "будет", "пытаются",
                       "намерены", "будуть", "буде", "планують", "намагаються", "намір",
                       "для", "щоб", "чтобы", "задля", "целью", "метою", "стремятся", "стремится", "прагнуть", "прагне")
_NOT_YET_INFIX = "планиру"  # планирует, планируют ...
# Its separators. The tail is found by stripping from the end, not by a regex: a pattern of separator runs
# repeated ("(?:[\s,]+|has)+$"), searched at every character, backtracks exponentially on ", , , x".
_SUBJECT_TAIL_SEPARATORS = " ,:;-–—"
_WORDS = re.compile(r"[\w'’-]+")
_MODAL_AFTER_SUBJECT = re.compile(r"\s(?:вда[єю]ться|вдалося|удается|удалось|змогли|смогли)\s*$")
_LOCATIVE_BEFORE = re.compile(r"(?<![\w-])(?:у|в|во)\s+$")
_FOOTHOLD = re.compile(word_class("foothold"))
# The words between a place and its phrase after it (the lexicon's `filler`), in a run that ends at the phrase.
_SLOT_BEFORE = re.compile(rf"(?:(?<![\w-])(?:{word_class('filler')})(?![\w-])|\s+|[\"“”«»'‘’,*_]|\]\([^()\s]*\))*$", re.X)


def _without_repeats(claims: list[Claim], person_of=lambda name: None) -> list[Claim]:
    """A claimant saying the same of a place twice ("Russian troops now fully control Izyum, the
    ministry's spokesman said. ... 'our army has wholly taken the town of Izyum,' the spokesman told journalists")
    makes one claim, the first, unless the two give it different times. A repeat
    that says who holds the place where the first left it unknown ("Вооруженные силы освободили X ... российским
    военным удалось освободить X"), by the same speaker or the report's own voice both times, settles it: the
    claim is the repeat. `person_of(name)`: the person or body the claimant lexicon knows in a claimant's words, if any
    ("Герасимов на командном пункте" is "начальник Генштаба Валерий Герасимов", "Генштаб" is "Генеральний штаб ЗСУ")."""
    kept: list[Claim] = []
    of_place: dict[tuple, list[int]] = {}  # only claims alike in these can repeat: compared with those, not all before
    for claim in claims:
        alike = of_place.setdefault((claim.geonameid, claim.place, _restated(claim), claim.stance, claim.claimant_side), [])
        same = next((i for i in alike if _repeats(kept[i], claim, person_of)), None)
        if same is None:
            alike.append(len(kept))
            kept.append(claim)
        elif kept[same].claimed_controller == "unknown":
            kept[same] = claim  # the repeat that says who holds it
    return kept


def _repeats(first: Claim, then: Claim, person_of) -> bool:
    """Does `then` say again what `first` said (see `_without_repeats`)?"""
    if (first.geonameid, first.place, _restated(first), first.stance, first.claimant_side) != (
            then.geonameid, then.place, _restated(then), then.stance, then.claimant_side):
        return False
    if first.time_utc != then.time_utc and "report" not in (first.time_precision, then.time_precision):
        return False
    same_speaker = _same_speaker(first.claimant, then.claimant, person_of)
    if first.claimed_controller == then.claimed_controller:
        return same_speaker
    return "unknown" in (first.claimed_controller, then.claimed_controller) and (same_speaker or first.claimant == then.claimant)


def _restated(claim: Claim) -> str:
    """The change a claim states: "holds" of a place referred back to ("Сили оборони звільнили X. Населений пункт під
    їхнім контролем") says again that it was taken, a repeat of the capture; "holds" of a place named is a claim of its own."""
    return "captured" if claim.change == "holds" and _COREFERENCE.fullmatch(claim.place_text) else claim.change


def _same_speaker(one: str, other: str, person_of=lambda name: None) -> bool:
    """"Konashenkov" and "Russian defense ministry spokesman Igor Konashenkov": the words of one are among the other's;
    or both name the same person or body the claimant lexicon knows."""
    words = [set(_WORDS.findall(name.lower())) for name in (one, other)]
    shorter, longer = sorted(words, key=len)
    if bool(shorter) and shorter <= longer:
        return True
    person = person_of(one) if one and other else None
    return person is not None and person == person_of(other)


def _opens_quotation(text: str, position: int, paragraph_start: int) -> bool:
    """Does the quote mark at `position` open a quotation (“, «, or a straight one after a space or at the start)?"""
    mark = text[position]
    return mark in "“«" or (mark == '"' and (position == paragraph_start or text[position - 1] in " \t\n(["))


@lru_cache(maxsize=4096)
def _resolve_name(gazetteer, name: str):
    """Fuzzy resolution of a name the matcher did not find (slow, so remembered per name)."""
    return gazetteer.resolve(name)


def _tail_group(tail: re.Match) -> str:
    """The group of a trailing attribution that holds its speaker."""
    return next(name for name in ("np", "np2", "np3") if tail.group(name))


def _controller(change: str, actor: str, negated: bool) -> str:
    """Who holds the place after the claim, from what the actor is said to have done (or not done)."""
    if change in ("entered", "captured", "holds"):
        return opposite(actor) if negated else actor
    if change == "withdrew":
        return actor if negated else opposite(actor)
    return opposite(actor) if negated else "contested"


def _part_change(lowered: str, trigger: _Trigger) -> str:
    """A claim on a part of its place is fighting there, but an entry limited to a part stays one ("gained a foothold
    in X": entered, the controller contested)."""
    foothold = trigger.change == "entered" and _FOOTHOLD.search(lowered, trigger.start, trigger.end)
    return "entered" if foothold else "contested"


def _known(side: str) -> str | None:
    return None if side == "unknown" else side


def _is_side_word(match: TermMatch) -> bool:
    return match.term.kind in ("force", "affiliation", "role", "institution") and match.term.side != "unknown"


def _clean_subject(words: str) -> str:
    if "[" in words:
        words = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", words)  # Markdown link: its text
    words = " ".join(words.replace("*", " ").replace("_", " ").split())
    whole = words
    said_by = list(_WORDS_BY.finditer(lowercase(words)))  # lower-casing keeps offsets
    if said_by:
        words = words[said_by[-1].end():]
    for _ in range(3):  # leading and trailing filler words off, on the lower-cased words (offsets kept)
        lead = _SUBJECT_LEAD.match(lowercase(words))
        rest = words[lead.end():] if lead else words
        lowered = lowercase(rest)
        cleaned = rest[:_subject_tail_start(lowered)]
        if cleaned == words:
            break
        words = cleaned
    return _with_its_quotes(words.strip(" ,.;:-–—\"“”«»"), whole)


def _with_its_quotes(phrase: str, whole: str) -> str:
    """`phrase` with the quote marks of a quoted name in it that the cleaning cut off at either end
    ('ОСУВ "Хортиця"', 'the «Vostok» group'), found around it in `whole`."""
    start = whole.find(phrase) if phrase and any(mark in whole for mark in '"«»“”') else -1
    if start < 0:
        return phrase
    before, after = whole[start - 1:start] if start else "", whole[start + len(phrase):][:1]
    for opening, closing in (('"', '"'), ("«", "»"), ("“", "”")):
        if opening == closing:
            unclosed = unopened = phrase.count(opening) % 2 == 1
        else:
            unclosed, unopened = phrase.count(opening) > phrase.count(closing), phrase.count(closing) > phrase.count(opening)
        if unclosed and after == closing:
            return phrase + closing
        if unopened and before == opening:
            return opening + phrase
    return phrase


def _words_back(lowered: str, start: int, end: int, count: int) -> int:
    """Where the last `count` words of text[start:end] begin (`start` if it has fewer): a pattern that
    ends at `end` and spans at most `count` words is searched for from there, not at every position."""
    head = lowered[start:end].rsplit(None, count)
    return start + len(head[0]) if len(head) > count else start


def _fillers_before(lowered: str, start: int, end: int) -> int:
    """Where the run of _SLOT_BEFORE's words ("had already been") ending at `end` begins, from `start` on.
    Looked for in the last three words first: only a run that fills them all may reach further back."""
    near = _words_back(lowered, start, end, 3)
    fillers = _SLOT_BEFORE.search(lowered, near, end).start()
    return _SLOT_BEFORE.search(lowered, start, end).start() if fillers == near > start else fillers


def _before_side_subject(lowered: str, start: int, end: int, side_of) -> int | None:
    """Where the place before a phrase would end if its clause's subject, a side, stands between them ("У Покровську ЗСУ
    вдається відвойовувати позиції": the place opens the clause in the locative); None if no side stands there."""
    words = _MODAL_AFTER_SUBJECT.sub("", lowered[_words_back(lowered, start, end, 4):end]).split()
    for count in (1, 2):
        if len(words) > count and side_of(" ".join(words[-count:])) != "unknown":
            subject = lowered.rfind(words[-count], start, end)
            subject = subject if count == 1 else lowered.rfind(words[-2], start, subject)
            return start + len(lowered[start:subject].rstrip())
    return None


def _subject_tail_start(phrase: str) -> int:
    """Where `phrase` ends in separators and _SUBJECT_TAIL_WORDS ("has also", ", who"), len(phrase) if not:
    a word counts only standing alone (not after or before a letter, digit, _ or -)."""
    start = len(phrase)
    while True:
        end = start
        while end and (phrase[end - 1].isspace() or phrase[end - 1] in _SUBJECT_TAIL_SEPARATORS):
            end -= 1
        if end < len(phrase) and phrase[end] == "-":
            return end  # "has-": a word joined by a hyphen is no filler
        if not phrase.endswith(_SUBJECT_TAIL_WORDS, 0, end):  # mostly none: one C call, not one per word
            return end
        word = max((word for word in _SUBJECT_TAIL_WORDS if phrase.endswith(word, 0, end)
                    and not _word_character(phrase[end - len(word) - 1: end - len(word)])), key=len, default=None)
        if word is None:
            return end
        start = end - len(word)


def _word_character(char: str) -> bool:
    return char.isalnum() or char in "_-" if char else False


def _may_say_not_yet(words: str) -> bool:
    """Could _NOT_YET match at the end of `words`? False only where it cannot."""
    return any(word.endswith(_NOT_YET_LAST_WORDS) or _NOT_YET_INFIX in word for word in words.rsplit(None, 2)[-2:])


def _mention_slot(mention, passive: bool = False, part: bool = False) -> _Slot:
    """A gazetteer mention as a slot; one left unresolved keeps its candidate places."""
    candidates = () if mention.place is not None else tuple(c.place for c in getattr(mention, "candidates", ()))
    return _Slot(mention.start, mention.end, mention.surface, mention.place, candidates, passive, part)


_LONGEST_SENTENCE = 1000  # characters (real ones: up to ~300 in tests/reports and the corpus); longer: read in pieces


def _cut_long(text: str, start: int, end: int, p_start: int) -> list[tuple[int, int, int]]:
    """A sentence as (start, end, paragraph start), cut after a comma or semicolon (else a space) where it runs
    past _LONGEST_SENTENCE characters: each claim reads its whole sentence, so a run-on one of 50 kB with a
    claim every few words cost its length squared. Real sentences are far shorter."""
    pieces = []
    while end - start > _LONGEST_SENTENCE:
        limit = start + _LONGEST_SENTENCE
        cut = max(text.rfind(", ", start, limit), text.rfind("; ", start, limit)) + 1 or text.rfind(" ", start, limit)
        cut = cut if cut > start else limit
        pieces.append((start, cut, p_start))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    return pieces + [(start, end, p_start)] if start < end else pieces


def _merged(spans) -> list[tuple[int, int]]:
    """(start, end) of the spans, overlapping ones merged, in order: what `_inside` looks in."""
    merged: list[tuple[int, int]] = []
    for span in sorted(spans, key=lambda s: s.start):
        if merged and span.start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], span.end))
        else:
            merged.append((span.start, span.end))
    return merged


def _inside(position: int, merged: list[tuple[int, int]]) -> bool:
    index = bisect.bisect_right(merged, (position, math.inf)) - 1
    return index >= 0 and position < merged[index][1]


def _shortened(words: str, most: int = 60) -> str:
    words = " ".join(words.split())
    return words if len(words) <= most else words[:most - 1] + "…"


def _unique(names: list[UnresolvedName]) -> list[UnresolvedName]:
    seen, unique = set(), []
    for name in names:
        if (name.char_start, name.char_end) not in seen:
            seen.add((name.char_start, name.char_end))
            unique.append(name)
    return unique
