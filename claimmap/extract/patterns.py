"""The words around control phrases, as patterns: cues, hedges, negation, sides, subjects, parts of places.

Written in lower case and matched against `lowercase(text)` without re.IGNORECASE (several times
faster), but for those that look for capitals (_COREFERENCE, _CAPITALISED, _SENTENCE_END,
_ABBREVIATION, _SPEAKER_COLON), which see the text as written."""
from __future__ import annotations

import re

from claimmap.lexiconfile import word_class
from claimmap.phrasescan import alternatives

_LATIN = re.compile(r"[a-z]")
_CYRILLIC = re.compile(r"[а-яёіїєґ]")
# How far before a phrase the words that qualify it are looked for ("would", "a town", "had been"): far
# enough for any such run of words, and not the whole sentence each time.
_LOOKBACK = 120
# Not (yet) a change of control: orders, intentions, futures ("would leave Kherson", "ordered troops to withdraw").
_NOT_YET = re.compile(rf"(?<![\w-])(?:{word_class('intention')})"
                      rf"\s+(?:[\w-]+\s+)?$|(?<![\w-])(?:{word_class('modal')}|cannot)\s+(?!have\s)(?:[\w-]+\s+)?$"  # "could take", not "may have taken"
                      r"|(?<![\w-])" + "".join(rf"(?<!{word}\ )" for word in word_class("done_before_to").split("|")) + r"to\s+$", re.X)
# "eastern", "north-western", "southeastern": a direction as an adjective.
_DIRECTION = r"(?:north|south)?(?:east|west)?(?:ern)?-?(?:north|south|east|west)?ern"
# "Marinka, a town on the outskirts of Donetsk": where a place lies, not who is there (plain words: read one by one too).
_PLACE_NOUNS = tuple(word_class("place_noun").split("|"))
_NO_LONGER = re.compile(r"no\ longer")
_CLAUSE_BREAK = re.compile(rf"(?<![\w-])(?:{word_class('clause_break')})(?![\w-])|[;:(]|,\s(?:and|but|while)\b", re.X)
_SUBJECT_LEAD = re.compile(
    r"^(?:[\s,:;()\-–—\"“”«»]+"
    # "In a statement on Telegram, the MoD said": an opening phrase up to its comma; "a statement from the MoD said"
    rf"|(?:{word_class('opening_word', ('en',))})\ [^,]{{1,60}},"
    rf"|(?:an?|the)\ (?:{word_class('statement_noun')})\ (?:from|by|of)(?![\w-])"
    # "йдеться у свіжому звіті ISW", "говорится в сводке Минобороны": the report's author, in the genitive, after it
    rf"|(?:[\w-]+\ )?(?:{word_class('statement_locative')})(?=\ [\w\"«])"
    # "сообщил в своем Telegram-канале военкор X", "в телеграм-канале Минобороны": where it was said, then who
    r"|(?:в\ |у\ )?(?:(?:сво[её]м|своєму)\ (?:[\w-]+\ )?[\w-]*|(?:telegram|телеграм|телеграмм)-)"
    rf"(?:{word_class('channel_locative')})(?![\w-])"
    rf"|(?:{word_class('subject_lead')})(?![\w-]))+",
    re.X)
# Inside a claimant phrase, words said by someone: the speaker is after "by" ("The news followed remarks by X, who said").
_WORDS_BY = re.compile(rf"(?<![\w-])(?:{word_class('statement_noun')}|remarks|comments)s?\ by\ (?=\S)")
_SUBJECT_TAIL_WORDS = tuple(word.replace("\\ ", " ") for word in word_class("subject_tail").split("|"))  # plain words: a class escapes spaces
_SPEAKER_COLON = re.compile(r"\s*(?P<speaker>[^\s:.,;][^:.;\n]{1,60}?):\s")
_PRONOUNS = re.compile(rf"^(?:{word_class('pronoun')})$", re.I)
_ANAPHOR_CYRILLIC = rf"(?:(?:{word_class('anaphor_preposition')})\s+)?(?:{word_class('anaphor_form')})"
# The phrases' first letters, either case, open the pattern: `re` skips in C to where one may start.
_ANAPHOR_FIRST = "".join(sorted({w[0] + w[0].upper() for w in alternatives(word_class("anaphor_preposition") + "|" + word_class("anaphor_form"))}))
_COREFERENCE = re.compile(
    rf"(?=[Tt{_ANAPHOR_FIRST}])"
    rf"(?:(?:[Tt]he|[Tt]his|[Tt]hat)\ (?:{word_class('anaphor_noun')})(?!\ of\b)|there"
    rf"|(?i:{_ANAPHOR_CYRILLIC})"
    r"(?!\s+[A-ZА-ЯЁІЇЄҐ]))(?![\w-])", re.X)
_SPACES = re.compile(r"[\s\"“”«»'‘’]*")
_CAPITALISED = re.compile(r"[A-ZА-ЯЁІЇЄҐ][\w'’-]+(?:[ -][A-ZА-ЯЁІЇЄҐ][\w'’-]+)?")
# A sentence ends at . ! ? … (with closing quotes) before a capital or digit, or at a line end;
# not after an abbreviation ("Gen.", "a.m.", "U.S.") or an initial. Written to open with a character class
# (a line end, or the first stop of a run) so that re skips in C to where a sentence may end.
_SENTENCE_END = re.compile(r"[\n.!?…](?:(?<=\n)|[.!?…]*[\"”»')\]*_]*(?=\s+[\"“«(*_]*[A-ZА-ЯЁІЇЄҐ0-9]))")
_ABBREVIATION = re.compile(r"(?:\b[A-ZА-Я]|\b(?:н\.\s?п|с|м|г|смт|пгт|сел|пос|Lt|Mr|Ms|Mrs|Dr|St|Gen|Col|Maj|Sgt|Capt|Gov|Rep|Sen|vs|No|Jr|Sr|a\.m|p\.m|U\.S|U\.K|approx|ca|e\.g|i\.e"
                           r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec))$")  # "on Aug. 26"
