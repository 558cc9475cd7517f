"""Report text to control claims: one `Claim` per (claimant, place, change).

How a claim is read (docs/extraction.md has the full rules):

1. Page furniture is set aside (`reporttext.furniture_spans`); title lines
   are summaries of the body, so their claims count only for places the body
   says nothing about.
2. Control phrases ("entered", "withdrew from", "on the outskirts of",
   "звільнили", "отошли из" ...) are found in the text. Each names its place
   in a slot: after the phrase ("entered Izyum, Lyman, and Kupyansk": one
   claim per listed place), or before it ("Lyman had surrendered"). "The
   city", "the town", "the settlement" stand for the settlement last named
   (not counting reference points such as "near Slovyansk").
3. The actor is the side named just before the phrase ("Ukrainian troops",
   "ВСУ"); failing that, the side of the previous claim in the report.
4. The claimant is the subject of the reporting verb governing the phrase
   ("Governor Haidai has announced that ..."), the reporting noun itself
   ("unofficial reports that ..."), "according to X", or a trailing ", X
   said". Its side comes from the claimant lexicon (`claimants.py`).
5. Negation ("have not entered", "no Ukrainian troops in") and denial
   ("denied", "refuted the claims") make the stance "denies"; hedges
   ("reportedly", "unconfirmed", "if true", a report/claim verb) set `hedged`.
6. The time is the time phrase of the phrase's own words, else of its
   sentence, else the last one setting the scene earlier in the paragraph,
   else a live blog's time line above it, else the report's own time
   (precision "report").
"""
from __future__ import annotations

import bisect
import math
import os
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from datetime import date, datetime, timezone
from typing import Any, NamedTuple

import pandas as pd

from claimmap.claimants import Lexicon, TermMatch, load_lexicon, opposite
from claimmap.extract.lexicon import CHANGES as CHANGE_PHRASES, ENVIRONMENT, alternation, load_phrases, side_groups
from claimmap.phrasescan import PhraseScan
from claimmap.reporttext import SPEAKS, Span, furniture_spans, is_furniture, lowercase, paragraphs
from claimmap.schema import Claim, claim_id_for, claims_frame, report_id_for
from claimmap.timeparse import ResolvedTime, TimePhrase, find_times, local_noon, resolve_time

# ------------------------------------------------------------ control phrases
# The phrases themselves are data: data/lexicon/<language>.toml, read by `lexicon.py`. Slots: where the place
# is written relative to a change's phrase. English prepositions are part of the phrase ("withdrew from") so
# that "held in Minsk" is not read as "held Minsk"; Russian/Ukrainian prepositions are skipped generically
# because they inflect the place anyway.
_SLOTS = {change: ("after",) if change == "approaching" else ("after", "before") for change in CHANGE_PHRASES}
# Side phrases name a side: "under our control", "под нашим контролем" (the claimant's), "under their control",
# "під їхнім контролем" (the side named last before it, else the previous claim's actor).
_POSSESSIVES = {word: "ours" for word in ("our", "ours", "нашим", "своим", "своїм", "наших", "своих", "своїх")} | {
    word: "theirs" for word in ("their", "theirs", "its", "их", "їх", "їхнім", "їхніх")}


@lru_cache(maxsize=8)
def _trigger_scan(scripts: frozenset[str], extra: str) -> PhraseScan:
    """One scan, one pass: a named group per change (and side phrase); at one position the first
    listed wins. Matched against `lowercase(text)`, like every pattern here written in lower case
    without re.IGNORECASE (several times faster). A paragraph is read with the phrases of the
    scripts it is written in: fewer alternatives to try at each word."""
    return PhraseScan(alternation(load_phrases(extra), scripts))


def _triggers_for(scripts: frozenset[str]) -> PhraseScan:
    return _trigger_scan(scripts, os.environ.get(ENVIRONMENT, ""))


_LATIN = re.compile(r"[a-z]")
_CYRILLIC = re.compile(r"[а-яёіїєґ]")
_UKRAINIAN_LETTERS = re.compile(r"[іїєґ]")  # letters Russian does not use

# ------------------------------------------------------------ the words around them
# Patterns used at positions in the report are matched against `lowercase(text)`, and so are _SUBJECT_LEAD
# and _SUBJECT_TAIL_WORDS (against the lower-cased claimant phrase); the others applied to a claimant phrase
# (_COORDINATED, _PRONOUNS, _NOUN_CUE_MARKERS) keep re.IGNORECASE, and those that look for capitals
# (_COREFERENCE, _CAPITALISED, _SENTENCE_END, _ABBREVIATION, _SPEAKER_COLON) see the text as written.
# Russian and Ukrainian reporting verbs, every person, number and gender of the past and present: a stem, then
# its endings ("доложил", "доповіла", "зазначають"). One list for the cues before a claim and the attributions after it.
_SAID_CYRILLIC = (
    r"(?:заяви|заявля|сообщи|сообща|объяви|написа|рассказа|подтверди|подтвержда|утвержда|призна|сказа|отмети|отмеча"
    r"|подчеркну|подчеркива|доложи|доклады|уточни|добави|указа|поясни)л[аио]?"
    r"|(?:заявля|сообща|подтвержда|утвержда|отмеча|подчеркива|доклады|уточня|добавля)(?:ет|ют)|сообщается|пиш(?:ет|ут)"
    r"|призна(?:ют|[её]т)|говорится"
    r"|(?:заяви|заявля|повідоми|повідомля|оголоси|написа|розпові|підтверди|визна|сказа|зазначи|наголоси|допові|уточни|дода"
    r"|поясни|стверджува|підкресли)(?:в|ла|ло|ли)"
    r"|(?:заявля|повідомля|підтверджу|визна|зазнача|наголошу|стверджу|уточню|поясню|доповіда|дода|підкреслю)(?:є|ють)|пише|пишуть|йдеться")
_REPORT_CUE = PhraseScan(r"""
    (?P<according>according\ to|по\ словам|по\ данным|по\ информации|по\ сообщениям|согласно\ сообщениям|за\ словами|за\ даними
      |за\ інформацією|за\ повідомленнями|as\ reported\ by
      |(?:відповідно\ до|згідно\ з|згідно\ із|согласно)\ (?:даних|даними|данным|карти|картою|мапи|мапою|карте|інформації|інформацією|информации|звіту|звітом|отчету|отчёту))
    |(?P<noun>reports?|claims?|rumou?rs?|reporting|statements?|сообщени[еяй]|утверждени[яй]|повідомлення|повідомлень|твердження)
    |(?P<verb>announc(?:ed|es|ing|e)|said|says|saying|(?<!to\ )say|told|tells|stat(?:ed|es|ing)|confirm(?:ed|s|ing)?|claim(?:ed|ing)|report(?:ed|ing)
      |wrote|writes|posted|published|added|adding|noted|declared|insist(?:ed|s|ing)?|acknowledg(?:ed|es|ing)|admitt?(?:ed|s|ing)
      |show(?:s|ed|ing)?|congratulat(?:ed|es|ing)|quot(?:ed|ing)|assess(?:ed|es)|estimat(?:ed|es)
      |deni(?:ed|es)|deny(?:ing)?|refut(?:ed|es|ing)|reject(?:ed|s|ing)|dismiss(?:ed|es|ing)|disputed?|suggest(?:s|ed)?|indicat(?:es|ed)
      |recogni[sz](?:ed|es|ing)
      |""" + _SAID_CYRILLIC + r"""|опроверг(?:ла|ли|ло)?|опроверга(?:ет|ют)|отрица(?:ет|ют)|спростува(?:в|ла|ли|ло)|заперечу[єю]|заперечи(?:в|ла|ли|ло))""")
# A reporting verb used as an adjective ("the stated goals", "self declared") is no cue (checked after the
# match: as lookbehinds in _REPORT_CUE they made it much slower).
_ADJECTIVAL = re.compile(r"(?<!\w)(?:(?:the|a|an|its|their|his|her|our|self|if|unless)\ |self-)$")  # "If confirmed, ..."
# Attribution that itself marks a claim as unconfirmed: reports and claims (not "said", "announced", "reported").
_HEDGE_CUE_WORDS = re.compile(r"^(?:reports?|reporting|claims?|claim(?:ed|ing)|rumou?rs?|saying|сообщени[еяй]|утверждени[яй]"
                              r"|повідомлення|повідомлень|твердження)$")
# "... is not true", "не відповідає дійсності": the sentence calls the claim false.
_FALSEHOOD = re.compile(r"(?<![\w-])(?:(?:is|are|was|were)\ (?:not\ true|false|untrue|fake)|not\ true|фейк\w*|не\ соответству\w+\ действительности"
                        r"|не\ відповіда\w+\ дійсності|неправда|брехня|ложь|недостовірн\w*|недостоверн\w*|неправдив\w*|провокаці\w*|провокаци\w*"
                        r"|вигадк\w*|выдумк\w*)(?![\w-])", re.X)
# Before the clause it calls false: "said it is incorrect to say that X is under Russian control".
_FALSE_THAT = re.compile(r"(?<![\w-])(?:not\ true|false|incorrect|untrue|wrong|a\ lie|fake)\ (?:to\ (?:say|claim|report|state)\ )?that\s*$")
# Before a report noun: the reports are false ("there is no truth to reports that", "fake claims that").
_FALSE_REPORTS = re.compile(r"(?<![\w-])(?:no\ truth\ (?:to|in)(?:\ the)?|(?:false|fake|baseless|unfounded|untrue|bogus)(?:\ [\w-]+)?)\s+$")
# Words that tell whose troops by reference to the speaker: "our/its forces" (the speaker's side), "the enemy" (the other).
# "our forces" are the speaker's; "its/their/свои forces" the clause's subject's, else the speaker's.
_OWN_FORCES = re.compile(r"(?<![\w-])(?:(?P<our>our|наши|наших|наш|наші)|its|their|his|свои|своих|свої|своїх)\s+(?:own\s+)?(?:[\w-]+\s+)?"
                         r"(?:troops|forces|units|soldiers|servicemen|fighters|defenders|brigades?|groups|войска|подразделения|бойцы|штурмовики"
                         r"|десантники|бригад[аы]|группы|війська|підрозділи|бійці|військові|захисники|бригад[аи]|групи)")
_ENEMY = re.compile(r"(?<![\w-])(?:the\ enemy|enemy\ (?:troops|forces|units)|противник\w*|враг\w*|ворог\w*|неприятел\w*)(?![\w-])", re.X)
# Who acts is the subject: in Russian and Ukrainian the enemy in the nominative ("противник вошёл"), not
# "сопротивление противника", "позиции ворога".
_ENEMY_SUBJECT = re.compile(r"противник|противники|враг|враги|ворог|вороги|неприятель")
# Moving into or out of a place is a control claim only when troops move (not trains or civilians).
_FORCE_NOUN = re.compile(r"(?<![\w-])(?:troops|forces|force|units?|soldiers|servicemen|fighters|defenders|army|military|brigades?|battalions?"
                         r"|regiments?|detachments?|marines|paratroopers|assault\ groups?|grouping|войска|войск|подразделени\w+|бойц\w+|части|бригад\w*"
                         r"|штурмов\w+\ групп\w*|штурмов\w+\ груп\w*"
                         r"|отряды|армия|війська|військ|підрозділ\w*|бійці|військові|армія|сили|сил|загони)(?![\w-])", re.X)
# A move named as a noun ("announced the withdrawal from", "заявили о выходе из"): whose, the clause may not say.
_NOMINAL_MOVE = re.compile(r"withdrawal|retreat|pull-?out|выход|отход|отступлени|вихід|виход|відхід|відход")
# A speaker calls its own side's captures liberations, and reports its own "taking under control": "Генштаб повідомив
# про звільнення X", "Министр доложил о взятии под контроль X" name no actor, and need none.
_OWN_GAIN = re.compile(r"liberat|освобо[жд]|звільн|взяти[еяийю]|взятт")
_FALL = re.compile(r"fell|fallen|fall\ of|пал")  # a place's fall names no taker
_COMBAT = re.compile(r"(?<![\w-])(?:fighting|battles?|clashes|combat|бои|бої|боях|столкновения|зіткнення)(?![\w-])")
_HANDOVER = re.compile(r"(?<![\w-])(?:hand(?:ing|ed|s)?|turn(?:ing|ed|s)?)\ (?:over\ )?(?:[\w'’-]+\ ){0,3}?(?:over\ )?to\ (?P<to>[^,.;:]{2,60})"
                       r"|(?<![\w-])переда(?:в|ли|вая|ют|ет|ёт|ла)\ (?:[\w-]+\ ){0,3}?(?P<to_ru>[^,.;:]{2,60})")
_CIVILIANS = re.compile(r"(?<![\w-])(?:refugees|civilians|residents|diplomats|tourists|journalists|reporters|children|families|people"
                        r"|citizens|pensioners|students|fans|officials|delegations?|volunteers|evacuees|hackers|prosecutors|investigators|inspectors"
                        r"|monitors|medics|doctors|rescuers|aid\ workers|convoys?|беженц\w*|жител\w*|мирн\w+"
                        r"|біженц\w*|мешканц\w*|цивільн\w*|дипломат\w*|журналіст\w*|журналист\w*)(?![\w-])", re.X)
# How far before a phrase the words that qualify it are looked for ("would", "a town", "had been"): far
# enough for any such run of words, and not the whole sentence each time.
_LOOKBACK = 120
# Not (yet) a change of control: orders, intentions, futures ("would leave Kherson", "ordered troops to withdraw").
_NOT_YET = re.compile(r"(?<![\w-])(?:would|will|shall|going\ to|plans?\ to|planning\ to|intends?\ to|ready\ to|trying\ to|attempt(?:ed|ing|s)?\ to"
                      r"|order(?:s|ed)?(?:\ [\w-]+){0,3}?\ to|orders?|ordered"
                      r"|будут|будет|планиру\w+|пытаются|намерены|будуть|буде|планують|намагаються|мають\ намір|для|щоб|чтобы|задля|с\ целью|з\ метою|стремятся|стремится|прагнуть|прагне)"
                      r"\s+(?:[\w-]+\s+)?$|(?<![\w-])(?:could|may|might|can|cannot)\s+(?!have\s)(?:[\w-]+\s+)?$"  # "could take", not "may have taken"
                      r"|(?<![\w-])(?<!decided\ )(?<!decision\ )(?<!made\ )(?<!forced\ )(?<!managed\ )(?<!had\ )(?<!failed\ )(?<!yet\ )(?<!continued\ )(?<!continue\ )(?<!continues\ )(?<!began\ )(?<!begun\ )(?<!started\ )to\s+$", re.X)
# The words _NOT_YET's phrases end in. Its match ends in one of them as the last or next-to-last word before
# the phrase ("would [quickly] leave"); where neither ends so, the search is left out.
_NOT_YET_LAST_WORDS = ("would", "will", "shall", "to", "order", "orders", "ordered", "could", "may", "might", "can", "cannot",
                       "будут", "будет", "пытаются",
                       "намерены", "будуть", "буде", "планують", "намагаються", "намір",
                       "для", "щоб", "чтобы", "задля", "целью", "метою", "стремятся", "стремится", "прагнуть", "прагне")
_NOT_YET_INFIX = "планиру"  # планирует, планируют ...
# Before a reporting verb: the report is wanted or planned, not made.
_INTENDED = re.compile(r"(?<![\w-])(?:wants?|wanted|plans?|planned|planning|hopes?|hoped|hoping|seeks?|seeking|eager|tries|tried|trying"
                       r"|intends?|hurry|hurried|rush(?:ed|ing)?)\ to\s+$|(?<![\w-])(?:will|would|хочет|хотят|хоче|хочуть)\s+$")
# After a nominal phrase's place (and an aside between commas): a modal verb makes the phrase a prospect.
_PROSPECT_AFTER = re.compile(r"(?:\s*,[^,.;:]{1,80},)?\s+(?:would|could|will|might|may|can|is\ likely\ to|is\ expected\ to)(?![\w-])")
_CONDITIONAL_WORDS = ("if", "unless", "если", "якщо", "якби")
# Looked for first, with no lookbehind, so that `re` skips to them in C: most clauses have none.
_CONDITIONAL_WORD = re.compile("|".join(f"{word} " for word in _CONDITIONAL_WORDS))
_CONDITIONAL = re.compile(rf"(?<![\w-])(?:{'|'.join(_CONDITIONAL_WORDS)})\s+[^,;:.]{{0,60}}$")
_QUALIFIER_WORDS = 6  # the most words _NOT_YET or _DESCRIPTION span ("ordered the remaining units to [leave]")
# Phrases that are not verbs: "advanced to within 3 km of" has no infinitive.
_PREPOSITIONAL = re.compile(r"(?:within|on|in|inside|under|at|outskirts|near)\b")
_CLOCK_THEN_DAY = re.compile(r"[\s,]*(?:on\s+)?")  # between "at 5 p.m." and "(on) Friday"
# A side's things rather than its troops: "broke through Russian defences near X and advanced": Russia does not advance.
_NOT_WHO_ACTS = re.compile(r"-(?:occupied|controlled|held)|\s+(?:defen[cs]es?|positions?|lines?|attacks?|assaults?|offensives?|shelling|strikes?|drones?|artillery"
                           r"|missiles?|bombing|fortifications?|(?:border\ )?(?:town|city|village|settlement|region|territory|soil)"
                           r")(?![\w-])")  # "took the Russian town of Sudzha": where, not who
# "eastern", "north-western", "southeastern": a direction as an adjective.
_DIRECTION = r"(?:north|south)?(?:east|west)?(?:ern)?-?(?:north|south|east|west)?ern"
# A country named as where, not who: "villages in eastern Ukraine", "across Russia".
_WHERE_BEFORE = re.compile(rf"(?<![\w-])(?:in|across|throughout)\s+(?:{_DIRECTION}\s+)?$")
_OUSTING = re.compile(r"выби|вибив|вибил")  # "выбили ВСУ из", "вибили окупантів з": whom is not who
_CLEARED_OF = re.compile(r"(?<![\w-])(?:от|від)\s+$")  # "зачистили від окупантів": whom a place is cleared of
_BY_WHOM = re.compile(r"\s*(?:by|to|into)\s+(?:the\s+)?")  # "fell to Russian forces", "fell into Russian hands"
_STATES = ("holds", "contested", "approaching", "encircled")  # changes that say how things stand, not a move
_REBUTTAL_SENTENCES = 2  # how far after a denial its claimant's own account of the place may come
_CONTRAST_OPENING = re.compile(r"[\"“«]?\s*(?:but|however|yet|nevertheless)(?![\w-])")
_CONTRAST = re.compile(r"(?<![\w-])(?:although|though|even\ though|whereas|however|(?<=,\ )but|хотя|хоча|однако|проте)(?![\w-])", re.X)
# "Marinka, a town on the outskirts of Donetsk": where a place lies, not who is there.
_PLACE_NOUNS = ("town", "city", "village", "settlement", "suburb", "hub", "stronghold", "district")
_LYING = ("located", "situated", "that lies", "lying")
_DESCRIPTION = re.compile(r"(?<![\w-])(?:an?|the)\ (?:[\w-]+\ ){0,2}?(?:" + "|".join(_PLACE_NOUNS) + r")"
                          r"\ (?:(?:" + "|".join(map(re.escape, _LYING)) + r")\ )?$", re.X)
_DESCRIPTION_ENDS = tuple(f"{words.split()[-1]} " for words in _PLACE_NOUNS + _LYING)  # searched only then
# Before an English verb the place stands only in the passive or before a verb without object.
_AUXILIARY_BEFORE = re.compile(r"(?<![\w-])(?:is|are|was|were|be|been|being|remains?|remained|has|have|had)"
                               r"[\s\"“”«»'‘’]+(?:[\w-]+[\s\"“”«»'‘’]+)?$")  # 'the settlement was “liberated”
_INTRANSITIVE = re.compile(r"fell|fallen|fell\ to|surrendered")
# A verb with nothing after it, or a preposition, a time or a stop: a passive without its auxiliary.
_NO_OBJECT_AFTER = re.compile(r"\s*(?:$|[,.;:!?)\]—–]|\s-\s|(?:by|on|in|at|after|before|amid|during|following|overnight"
                              r"|yesterday|today|earlier|later|since)(?![\w-]))")
_NOT_A_FALL = re.compile(r"\s+(?:silent|quiet|apart|short|asleep|ill|sharply|by|behind|victim)(?![\w-])")
# Parts of a place that a claim may be about ("the coke plant in Avdiivka", "the Toretsk mine"): the claim is
# then "contested". Its seat of power or centre stands for the whole ("raised the flag over Kupiansk's city council").
_FACILITIES = (r"(?:plant|factory|works|station|terminal|airport|airfield|bridge|mine|port|zone|quarter|hospital|base|complex|dam"
               r"|positions|buildings?|blocks|streets|districts?|neighbou?rhoods?)")
_FACILITY_IN = re.compile(rf"(?:[\w-]+\ ){{0,3}}?{_FACILITIES}\ (?:in|of|at)(?![\w-])"  # "the coke plant in", "40 buildings in"
                          r"|(?:[\w-]+\ )?(?:промзон|завод|шахт|вокзал|аэропорт|аеропорт|микрорайон|мікрорайон|коксохим|коксохім|сектор|квартал|укріпрайон|укрепрайон)\w*\ ")  # "промзону Торецка"
# Before the place's name: "part of Vovchansk came under ...", "часть Волчанска перешла ...".
_PART_BEFORE = re.compile(r"(?<![\w-])(?:part|parts|most|half|much)\ of\ $|(?<![\w-])(?:часть|части|частина|частину|більша\ частина|большая\ часть|половин[аиуы])\ $")
# After the place's name: "Avdiivka's coke plant", "Kupyansk's train station", "the Toretsk mine".
_POSSESSIVE_PART = re.compile(r"['’]s\s+(?!(?:city\s+|town\s+|village\s+)?(?:council|hall|administration|centre|center)\b)[\w-]"
                              rf"|\s+(?:[\w-]+\s+)?{_FACILITIES}(?![\w-])", re.I)
# "control 80 percent of Bakhmut", "hold most of the town", "captured the northern part of", "a flag in eastern
# Chasiv Yar", "північна частина": a part or share of the place, fighting for the rest.
_PERCENT_OF = r"(?:\ ?%|\ percent|\ per\ cent)\ of"
_ABOUT = r"(?:about|around|some|nearly|almost|roughly|approximately|over|more\ than|less\ than|up\ to|at\ least)\ "
_SHARE_OF = (rf"(?:{_ABOUT})?(?:most|much|half|large\ parts?|(?:a|one|two)[\ -](?:thirds?|quarters?)"
             r"|three[\ -]quarters)\ of|(?:nearly|almost|virtually|practically)\ (?:all\ of|the\ (?:whole|entire)(?:\ of)?)")
# "близько 70% території", "большую часть", "половину": the same in Russian and Ukrainian.
# "на заході Бахмута", "на севере Купянска": one side of the place (not "на захід від", west of it).
_SIDE_OF_IT = r"(?:на|в|у)\ (?:заході|сході|півночі|півдні|западе|востоке|севере|юге)"
_SHARE_CYRILLIC = (r"(?:(?:около|почти|более|близько|майже|понад)\ )?(?:\d+\ ?%|(?:(?:большую|значительную|більшу|значну)\ )?(?:часть|частину)|половину)"
                   r"(?:\ (?:территории|території))?")
_PART_OF_IT = re.compile(
    rf"(?<![\d.])[1-9]?\d{_PERCENT_OF}|(?<![\w-])(?:{_SHARE_OF}|(?:parts?|districts?|neighbou?rhoods?|outskirts|quarters?|banks?)\ of"
    rf"|{_DIRECTION}(?!\ (?:[\w-]+\ )?(?:{'|'.join(_PLACE_NOUNS)})s?\ of)"  # "the eastern town of Lyman": where it lies
    rf"|(?:северн|южн|восточн|западн|північн|південн|східн|західн)\w*\ (?:част|окраин|околиц)|{_SHARE_CYRILLIC}|{_SIDE_OF_IT})", re.X)
# Just before the phrase: "partly controlled", "частково контролюється" hold or take a part of the place.
_PARTLY = re.compile(r"(?<![\w-])(?:partly|partially|частично|частково)\s+(?:[\w-]+\s+)?$")
# Between a place and its phrase: not the whole of it ("X is almost completely in Russian hands").
_NOT_WHOLLY = re.compile(r"(?<![\w-])(?:almost|nearly|largely|mostly|partly|partially|practically|virtually)(?![\w-])")
_OUTSKIRTS = re.compile(r"outskirts|окраин|околиц")  # withdrawing from them is leaving the place, not part of it
# A sentence that only denies the one before: "Ukraine denied it.", "Kyiv rejects the claim.", "ВСУ это опровергают."
_DENIES_IT = re.compile(
    r"\s*(?P<who>[^,.;:!?]{2,60}?)\s+(?:(?:это|це)\s+)?(?:has\s+|have\s+)?"
    r"(?:deni(?:ed|es)|deny|reject(?:ed|s)?|refut(?:ed|es)|disput(?:ed|es)|dismiss(?:ed|es)|опроверга\w*|опроверг\w*|отрица\w*"
    r"|запереч\w*|спростов\w*|спросту\w*)"
    r"(?:\s+(?:it|this|that|the\ (?:claims?|reports?)|these\ claims|это|этого|це|цього|цю\ інформацію|эту\ информацию))?\s*[.!]?[\"”»]?\s*")
# "had been under Russian control since June": a past state, not a claim about now.
_PAST_STATE = re.compile(r"(?<![\w-])(?:had\ been|had\ held|had\ controlled|used\ to)(?![\w-])", re.X)
_DENIAL_WORDS = re.compile(r"^(?:deni(?:ed|es)|deny(?:ing)?|refut\w*|reject\w*|dismiss\w*|disputed?|опроверг\w*|отрица\w*|спростува\w*|запереч\w*)$")
_HEDGES = PhraseScan(
    r"reportedly|allegedly|purportedly|supposedly|apparently|unconfirmed|unverified|unofficial(?:ly)?|rumou?r(?:s|ed)?"
    r"|if\ (?:this|that|these|the)?\s?(?:reports?|reporting|claims?)?\s?(?:is|are)?\s?(?:true|confirmed|accurate)|if\ true|if\ confirmed"
    r"|(?:could|can)\ ?not\ (?:be\ )?(?:independently\ )?(?:verif|confirm)\w*|not\ (?:yet\ )?(?:been\ )?(?:independently\ )?(?:verified|confirmed)"
    r"|appears?\ to\ have|may\ have|might\ have|possibly|likely|(?:it\ is\ |it\ remains\ )?unclear\ (?:whether|if)|not\ clear\ (?:whether|if)"
    r"|слух(?:и|ов|ам)?|чутк(?:и|ами)|якобы|предположительно|по\ неподтвержд\w+|по\ неофициальн\w+|вероятно|возможно|нібито|ймовірно|можливо|за\ неофіційн\w+|за\ непідтвердж\w+")
# A sentence that says only that what came before is unconfirmed.
_UNCONFIRMED = re.compile(
    r"(?<![\w-])(?:(?:not|не|ні)\s+(?:yet\s+|been\s+|independently\s+|поки\s+|пока\s+|ещё\s+|еще\s+|ще\s+|офіційно\s+|официально\s+)*"
    r"(?:confirmed|verified|подтвержд\w*|підтвердж\w*)|(?:can|could)\s*not\s+(?:yet\s+)?(?:independently\s+)?(?:confirm|verify)"
    r"|unconfirmed|unverified|информация\ уточняется|інформація\ уточнюється)(?![\w-])", re.X)
_NEGATION = re.compile(r"(?<![\w-])(?:not|never|no|n['’]t|failed\ to|yet\ to|не|ні|нет|немає|нема)(?![\w-])", re.X)
_NO_LONGER = re.compile(r"no\ longer")
_WHOLLY = re.compile(r"\s(?:fully|completely|entirely|wholly)\s")
_UNCONFIRMING = re.compile(r"(?<![\w-])(?:not|yet\ to|n['’]t)\s+(?:[\w-]+\s+)?(?:confirm|comment)", re.X)
_NOT_COMMENTING = re.compile(r"\s+(?:[\w-]+\s+)?(?:comment|confirm|коммент|комент|подтверд|підтверд)")
_CLAUSE_BREAK = re.compile(
    r"(?<![\w-])(?:that|when|while|whereas|but|though|although|after|before|because|as|since|followed\ by|что|чтобы|но|а|що|але|після|после)(?![\w-])|[;:(]|,\s(?:and|but|while)\b",
    re.X)
_OWN_WORDS_END = re.compile(_CLAUSE_BREAK.pattern + r"|,", re.X)
_SUBJECT_BREAK = re.compile(
    r"(?<![\w-])(?:when|while|whereas|but|though|although|as|after|before|because|followed\ by|что|но|а|що|але|після|после|где|де|которые|котор(?:ый|ая|ое)|які|який|яка|яке)(?![\w-])|;|:(?!\d|//)|\s[—–-]\s|,\s(?:and|but|while)\b"
    r"|[,.!?][\"”»]|[\"”»],",  # '"Our troops hold Bakhmut," the minister wrote': the speaker after the quotation
    re.X)
# "refuted the claims", "confirmed the reporting": a report noun that is the object of a reporting verb.
_OBJECT_NOUN = re.compile(r"\s+(?:(?:in|on)\s+)?(?:what\s+(?:it|they|he|she)\s+(?:called|calls|described\s+as|termed)\s+)?(?:as\s+[\"“]?[\w-]+[\"”]?\s+)?(?:the|these|those|such|all|any|earlier|previous|recent|his|her|their|its|these\ latest)?\s*(?:[\"“«]?[\w-]+\s+)?$")
_SUBJECT_LEAD = re.compile(
    r"^(?:[\s,:;()\-–—\"“”«»]+"
    # "In a statement on Telegram, the MoD said": an opening phrase up to its comma; "a statement from the MoD said"
    r"|(?:in|on|at|after|during|following|speaking|writing)\ [^,]{1,60},"
    r"|(?:an?|the)\ (?:statement|post|message|report|briefing|update|video\ address)\ (?:from|by|of)(?![\w-])"
    # "йдеться у свіжому звіті ISW", "говорится в сводке Минобороны": the report's author, in the genitive, after it
    r"|(?:[\w-]+\ )?(?:звіті|звіту|доповіді|зведенні|повідомленні|заяві|отч[её]те|докладе|сводке|сообщении|заявлении)(?=\ [\w\"«])"
    r"|(?:then|however|meanwhile|moreover|also|additionally|separately|earlier|later|now|update|today|yesterday"
    r"|that|to|in\ addition|in\ turn|moments\ later|at\ approximately|approximately|around|about|at|on|by|as\ of|as|in|there\ (?:has|have|had|is|are|was|were)"
    r"(?:\ also)?(?:\ been)?|an?\ (?:small\ |large\ |growing\ )?(?:number|handful|couple)\ of|several\ of|some\ of|the|a|an|также|також|тем\ временем|в|у"
    # Russian and Ukrainian openings that are no speaker: "Однако", "Как отметили", "де йому доповіли"
    r"|однако|проте|але|как|як|где|де|ранее|раніше|кроме\ того|крім\ того|при\ этом|при\ цьому|ему|йому|им|їм|нагада[єю]мо|напомним"
    r"|появил(?:ись|ось|ась)|поступили|поступают|з['’]явил(?:ися|ося)|надходять|надійшли)(?![\w-]))+",
    re.X)
# Words and separators left at the end of a claimant phrase ("the MoD has", "Strelkov, who").
# Russian and Ukrainian put the speaker after the verb as often as before it: "как отметили в министерстве, ...",
# "повідомив речник угруповання Віктор Трегубов, що ..." (not "доложил о взятии": the claim's own words).
_SUBJECT_AFTER_VERB = re.compile(r"\s+(?!(?:о|об|про|что|що|о\ том|про\ те)\s)(?P<np>[^,.;:!?«»\"“”]{2,80}?)(?=\s*[,.;:!?«\"“]|\s+(?:что|що|о|об|про)\s|\s*$)")
_SUBJECT_TAIL_WORDS = ("has", "have", "had", "also", "began", "begun", "started", "then", "later", "officially", "publicly",
                       "reportedly", "allegedly", "that", "who", "which", "been", "were", "was", "is", "are", "would",
                       "will", "continue to", "continued to", "went on to", "quickly", "now", "first", "finally", "cannot",
                       "can not", "could not", "can't", "couldn't",
                       "further", "again", "it", "тоже", "также", "також")
# Its separators. The tail is found by stripping from the end, not by a regex: a pattern of separator runs
# repeated ("(?:[\s,]+|has)+$"), searched at every character, backtracks exponentially on ", , , x".
_SUBJECT_TAIL_SEPARATORS = " ,:;-–—"
# A speaker named again by its kind: a body ("the ministry", "ведомство", "a spokesperson" speaking for it) or a
# person ("the governor"): the speaker named before, if of that kind.
_BACK_REFERENCE = re.compile(r"(?:the\ |an?\ )?(?:(?P<body>ministry|department|agency|military|command|brigade|spokesman|spokesperson"
                             r"|ведомств[оау]|відомств[оау]|министерств[оау]|міністерств[оау])|governor)", re.X | re.I)
# Footage that the report says it geolocated: what it shows is the report's own finding.
_GEOLOCATED = re.compile(r"(?<![\w-])(?:geo-?locat|геолокац|геолокован)", re.I)
_PARTICIPLE_CUE = re.compile(r"(?:adding|saying|noting|stating|claiming|insisting|reporting)$")
_COORDINATED = re.compile(r"(?:^|\s)(?:and|but|і|и|та|а|але|но)(?:\s+(?:also|then|later|further))?\s*$", re.I)
# A Telegram post's first line naming its channel ("Rybar:"), and a channel's handle ("@wargonzo", "Some_Channel").
_CHANNEL_HEADER = re.compile(r"\s*(?P<name>[^\s:][^\n:]{1,60}):[ \t]*(?:\r?\n|$)")
_CHANNEL_HANDLE = re.compile(r"\s*@?[\w.]*_[\w.]*\s*|\s*@[\w.]+\s*")
_SPEAKER_COLON = re.compile(r"\s*(?P<speaker>[^\s:.,;][^:.;\n]{1,60}?):\s")
_QUOTED_TITLE = re.compile(_SPEAKER_COLON.pattern + r"\s*[\"“«„']")
_ACCORDING_TO_WHOM = re.compile(r"\s*([^,.;:]{2,80})")
_SPEAKERS_OWN = re.compile(r"\s*(?:(?:that\s+|что\s+|що\s+)?(?:it|they|we|мы|они|ми|вони)\s|to\s+have\s)")  # the reported clause's subject ("claimed to have")
_PRONOUNS = re.compile(r"^(?:he|she|they|it|we|who|which|он|она|они|він|вона|вони|мы|ми)$", re.I)
_NOUN_CUE_MARKERS = re.compile(
    r"(?:unofficial|official|several|multiple|many|some|the|these|those|further|more|initial|early|first|local|conflicting|unconfirmed|other"
    r"|new|numerous|by|of|amid|despite|following|after|media|social\ media|widespread|separate|earlier|latest|russian|ukrainian|pro-russian"
    r"|pro-ukrainian|telegram|there\ were|there\ are|неподтвержд\w+|непідтвердж\w+|неофициальн\w+|неофіційн\w+|российск\w+|русск\w+"
    r"|украинск\w+|українськ\w+|новые|нові|многочисленн\w+|численні)$", re.I)
_PASSIVE_REPORTING = r"(?:announced|reported|claimed|confirmed|stated)\ by"
# Every alternative opens with a separator (a comma, a dash, a space before a passive verb): `re` skips to those in C.
_TRAILING_ATTRIBUTION = re.compile(
    rf"(?:,|—|–|\s-|\s(?={_PASSIVE_REPORTING}\s))[\"”»]?\s*+"
    # ", despite Russian claims", ", with fighting reported", ", but Kyiv said ...": no attribution of what came before
    r"(?!(?:despite|contrary|amid|unlike|in\ spite|with|but|while|whereas|although|though|yet|and)(?![\w-]))"
    # ", the head of the city's military administration, Andriy Besedin, said": a role, then the name
    rf"(?:(?P<np>[^,.;:“”]{{2,80}}?|(?:the|a|an)\ [^,.;:“”]{{2,60}}?,\s[^,.;:“”]{{2,40}}?,)\s+(?:said|says|say|reported|announced|claimed|stated|wrote|writes|added|told"
    r"|admitted|admits|acknowledged|acknowledges|confirmed|confirms|declared|insisted|noted|tweeted|posted"
    r"|(?<=[^'’]s\s)(?:claim|report)"  # after a plural ("Russian sources claim"), not a noun ("the claim", "Russia's claim")
    # not before "by" (", as reported by X": the agent; ", contrary to claims by X": a noun), nor "claims from/of"
    r"|(?:reports|claims)(?![\w-])(?!\s+(?:from|of)(?![\w-])))(?![\w-])(?!\s+by(?![\w-]))"
    r"|(?:said|says|according\ to|" + _SAID_CYRILLIC + r"|свідчать(?:\ дані)?|свидетельствуют(?:\ данные)?)\s+(?P<np2>(?:\[[^\]]*\]\([^)]*\)|[^,;:]){1,120}?)(?=[,;:]|[.!]?\s*$)"
    # "The capture of Bakhmut was announced by Prigozhin", ", as reported by Rybar": the agent of a passive verb
    rf"|{_PASSIVE_REPORTING}\s+(?P<np3>[^,;:]{{2,80}}?)(?=[,;:]|[.!]?\s*$))",
    re.X)
_QUOTE_MARK = re.compile(r"[\"”»]")
_WORDS = re.compile(r"[\w'’-]+")
_QUOTES = re.compile(r"[\"“”«»]")
_DASH_SOURCE = re.compile(r"\s[—–]\s*(?P<source>[^,.;:—–\n]{2,40}?)\s*[.!]?\s*$")
_CLAIMS_OR_REPORTS = re.compile(r"(?<![\w-])(?:claim(?:s|ed)?|reports?)(?![\w-])")  # ", X claims": a hedge
_COREFERENCE_LENGTH = 40  # longer than any coreference phrase ("that urban-type settlement")
# The leading class of the phrases' first letters (either case for the Russian and Ukrainian ones) lets `re`
# skip in C to where one may start, instead of trying every phrase case-blind at every character: 3x faster.
# "has not entered either village", "в обох містах": the places of the last claim (matched where the place would be).
_BOTH = re.compile(r"(?:(?:both|either)\ (?:the\ )?(?:cities|towns|settlements|villages|city|town|settlement|village)"
                   r"|the\ (?:two\ )?(?:cities|towns|settlements|villages)(?!\s+(?:of|near|in|around|along|on|close)(?![\w-]))"
                   r"|обоих\s+(?:городах|селах|населенных\s+пунктах)|обох\s+(?:містах|селах|населених\s+пунктах))(?![\w-])")
# Ending the words before a phrase: "the towns remain in Ukrainian hands", "both villages were captured".
_BOTH_BEFORE = re.compile(r"(?<![\w-])(?:both|the\ (?:two\ )?)\ ?(?:cities|towns|settlements|villages)\s*$")
_COREFERENCE = re.compile(
    r"(?=[TtИиВвУуЗзДдОоНнПпГгМмСс])"  # (the phrases' first letters)
    r"(?:(?:[Tt]he|[Tt]his|[Tt]hat)\ (?:city|town|settlement|village|locality|urban-type\ settlement)(?!\ of\b)|there"
    r"|(?i:(?:(?:из|в|у|з|до|от|від|над|под|під)\s+)?(?:город[аеу]?|городом|місто|міста|місті|містом|село|селе|села|селі|селом|селище|селища|поселок|посёлок|поселка"
    r"|населе?н+\w*\s+пункт(?:а|е|у|і|ом)?|населён\w*\s+пункт(?:а|е|у|ом)?))"  # one place: "населённых пунктов" are several
    r"(?!\s+[A-ZА-ЯЁІЇЄҐ]))(?![\w-])", re.X)
_INCLUDING = re.compile(r"[^.;:]{0,80}?(?:,\s*)?(?:including|among\ them|such\ as|в\ том\ числе|в\ их\ числе|включая|среди\ (?:них|которых)|у\ тому\ числі|в\ тому\ числі"
                        r"|включаючи|зокрема|серед\ (?:них|яких))\s+(?:(?:крупн|велик|невелик|небольш)\w+\s+)?", re.X)
# Places named after the kind of place they are: "withdrew from two villages, X and Y", "two more villages in the east: X and Y".
_APPOSITION = re.compile(r"[^.;:,]{0,40}?(?:villages|settlements|towns|cities|сёла|села|сел|сіл|селища|посёлки|поселки|города|міста"
                         r"|населе?н+\w*\ пункт(?:ы|ов|и|ів))(?:\ [^.;:,—–]{1,40}?)?(?:[,:]|\s[—–])\s+")
_SPACES = re.compile(r"[\s\"“”«»'‘’]*")
_SLOT_FILLER = re.compile(
    # (abbreviations first: "с. Кринки" is no "с" the preposition)
    r"(?:\s+|[\"“”«»'‘’*_\[]|(?<![\w-])(?:н\.\s?п|с|м|г|смт|пгт|сел|пос)\.|(?<![\w-])(?:the|city\ of|town\ of|village\ of|settlement\ of|urban-type\ settlement\ of|strategic|key|important|nearby"
    r"|(?:(?:about|around|some|up\ to|more\ than|over)\ )?(?:[\d,]+\ )?(?:[\w-]+\ )?(?:troops|forces|units|войск[аи]?|військ[аи]?|подразделений|підрозділів)"
    r"(?:\ (?:stationed|located|deployed))?(?:\ in(?!\ the))?"
    rf"|{_DIRECTION}|central|downtown|(?:north|south|east|west)(?:-?(?:east|west))?\ of|(?:the\ )?(?:[\w-]+\ )?(?:parts?|districts?|outskirts|centre|center)\ of"
    rf"|in\ the|and\ (?:around|near)|areas?\ of|all\ of|the\ (?:whole|entire)\ of|{_SHARE_CYRILLIC}|(?:the\ )?control\ (?:of|over)|(?:{_ABOUT})?\d+{_PERCENT_OF}|{_SHARE_OF}"
    rf"|(?:the\ )?(?:remainder|rest|remaining\ parts?)\ of|районе|районі|центр[аеі]?|(?:северн|южн|восточн|западн|центральн|північн|південн|східн|західн)\w*\ (?:част|окраин|околиц)\w*|{_SIDE_OF_IT}|тривають|продовжуються|точаться|идут|продолжаются|ведутся|ведуться"
    r"|(?:[\w-]+\ ){0,2}?(?:city|town|village|settlement|stronghold|hub|cities|towns|villages|settlements|communit(?:y|ies)|localit(?:y|ies))\ of"
    r"|(?:(?:left|right)\ )?banks?\ of\ (?:the\ )?[\w-]+(?:\ river)?\ in"  # "the eastern bank of the Oskil in Kupiansk": a part of it
    r"|(?:от|від)\ (?:противника|врага|ворога|неприятеля|окупантів|оккупантов|росіян|россиян|боевиков|диверсантов|диверсантів)"
    r"|в|во|на|из|с|з|із|зі|у|до|к|над|від|от|за|город|города|городе|село|села|селе|посёлок|поселок|посёлка|поселка|населенный\ пункт"
    r"|населённый\ пункт|населенного\ пункта|населений\ пункт|населенные\ пункты|населённые\ пункты|населені\ пункти"
    r"|місто|міста|селище|селища|смт|пгт|городом|селом|посёлком|поселком|містом|селищем)(?![\w-]))*",
    re.X)
_SLOT_BEFORE = re.compile(
    r"(?:(?<![\w-])(?:had|has|have|been|was|were|is|are|now|already|reportedly|officially|fully|completely|finally|effectively|also|partially"
    r"|almost|nearly|largely|mostly|partly|practically|virtually|entirely"
    r"|not|never|yet|still|again|вновь|снова|знову|практически|практично|фактически|фактично|не|ещё|еще|досі|ще|был[аио]?|була|було|були|уже|вже|полностью|повністю|частично|частково|по-прежнему|як\ і\ раніше|как\ и\ прежде|і\ далі|remains?|remained|оста[её]тся|остаются|залиша[єю]ться"
    r"|находи?тся|находятся|перебува[єю]т?ь?|знаходиться|знаходяться"
    r"|идут|ид[её]т|йдуть|йде|продолжаются|тривають|точаться|ведутся|ведуться|тяж[её]лые|ожесточ[её]нные|запеклі|важкі|continues?|continuing)(?![\w-])|\s+|[\"“”«»'‘’,*_]"
    r"|\]\([^()\s]*\))*$", re.X)
# A relative clause after the places it is about, up to the phrase: "..., которые пока", "..., який наші захисники".
_RELATIVE_BEFORE = re.compile(r",\s*(?:котор(?:ый|ая|ое|ые|ую|ым|ыми|ых)|який|яка|яке|які|якого|якій|яким|якими|яких|which)"
                              r"(?:\s+[^,.;:!?\s]+){0,4}\s*$")
_BARE_COMMA = re.compile(r"\s*,\s*")
_MARKUP_AFTER = re.compile(r"(?:\]\([^()\s]*\)|[*_])*")  # Markdown around a name: a link's target, emphasis
_MARKUP_BEFORE = re.compile(r"[\[*_]*")
_COMMA_OR_COLON = re.compile(r"[,:]")
_ROAD_AFTER = re.compile(r"(?:-[\w'’]+)*\s+(?:highway|road|motorway|railway|route|шоссе|трасс[аеуы]|траса|трасу|трасі)(?![\w-])")
_LIST_JOIN = re.compile(r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|&|и|і|та|й)\s+|\s*,\s*(?:и|і|та)\s+)(?:the\ (?:city|town|village)\ of\s+)?", re.X)
# A paragraph that is a time alone, "#" standing for the time: "14.32 BST", "Updated: 09:12 GMT", "Update (1039 EST)".
_TIME_STAMP_LENGTH = 40
_DIGIT = re.compile(r"\d")
_TIME_STAMP = re.compile(r"[\s*_#]*(?:(?:updated?|posted|published|at)\W*)*\(?#\)?[\s*_:.\-–—]*")
_REGION_GAP = re.compile(r",?\s+(?:(?:of|in)\s+(?:the\s+)?)?")
_REGION_WORDS = re.compile(
    r"[\s-]*(?:oblast|oblasts|region|regions|province|district|raion|direction|axis|front|sectors?|people['’]?s|republic|область|области|області"
    r"|народн\w+|республик\w+"
    r"|районе?|район[iі]|направлени[ея]|напрямку?)(?![\w])", re.X)
_GOVERNMENT_AFTER = re.compile(r"['’]s\s+(?:[\w-]+\s+)?(?:troops|forces|army|military|government|officials|claims?)(?![\w-])")
_REFERENCE_BEFORE = re.compile(
    r"(?:near|towards?|toward|outside|beyond|around|(?:north|south|east|west)(?:east|west)?\ of|\d+\s?(?:km|kilometers|kilometres|miles)\ (?:from|of)"
    r"|from\ the\ direction\ of|in\ the\ direction\ of|під|под|біля|возле|около|поблизу|в\ районе|в\ районі|в\ сторону|в\ напрямку)\s+(?:the\s+)?$",
    re.X)
_CAPITALISED = re.compile(r"[A-ZА-ЯЁІЇЄҐ][\w'’-]+(?:[ -][A-ZА-ЯЁІЇЄҐ][\w'’-]+)?")
_CAPITALISED_BEFORE = re.compile(r"(?<![\w'’-])" + _CAPITALISED.pattern + "$")  # one ending where the search ends
_NOT_A_NAME = re.compile(r"^(?:the|a|an|on|in|at|then|this|that|these|it|he|she|they|we|our|his|her|their|its|monday|tuesday|wednesday"
                         r"|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|august|september|october"
                         r"|november|december)$", re.I)
# A sentence ends at . ! ? … (with closing quotes) before a capital or digit, or at a line end;
# not after an abbreviation ("Gen.", "a.m.", "U.S.") or an initial. Written to open with a character class
# (a line end, or the first stop of a run) so that re skips in C to where a sentence may end.
_SENTENCE_END = re.compile(r"[\n.!?…](?:(?<=\n)|[.!?…]*[\"”»')\]*_]*(?=\s+[\"“«(*_]*[A-ZА-ЯЁІЇЄҐ0-9]))")
_ABBREVIATION = re.compile(r"(?:\b[A-ZА-Я]|\b(?:н\.\s?п|с|м|г|смт|пгт|сел|пос|Lt|Mr|Ms|Mrs|Dr|St|Gen|Col|Maj|Sgt|Capt|Gov|Rep|Sen|vs|No|Jr|Sr|a\.m|p\.m|U\.S|U\.K|approx|ca|e\.g|i\.e"
                           r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec))$")  # "on Aug. 26"


@dataclass(frozen=True)
class UnresolvedName:
    """A name written where a control claim puts its place, that the gazetteer did not resolve."""

    name: str
    char_start: int
    char_end: int
    candidates: list = field(default_factory=list)  # gazetteer Places, best first


@dataclass
class Extraction:
    report_id: str
    claims: list[Claim]
    unresolved: list[UnresolvedName]
    # What could not be read, one line each ("sentence at 120-188 (...) not read: IndexError: ..."): the rest
    # of the report's claims are here all the same; callers show these beside them.
    warnings: list[str] = field(default_factory=list)

    def frame(self) -> pd.DataFrame:
        return claims_frame(self.claims)


class _Trigger(NamedTuple):  # a tuple: reports hold thousands, made fast
    start: int
    end: int
    change: str
    slots: tuple[str, ...]
    side_in_phrase: str | None = None   # "under Ukrainian control", "no Russian troops in"; "ours", "theirs"
    negated: bool = False


class _Slot(NamedTuple):
    """A place a claim is about: a gazetteer mention or a coreference ("the city")."""

    start: int
    end: int
    text: str
    place: Any
    candidates: tuple = ()  # the gazetteer's candidate places where it left the mention unresolved
    passive: bool = False   # named before the phrase ("Lyman had surrendered", "Izyum was abandoned")
    part: bool = False      # a part of the place ("captured Avdiivka's coke plant")


class _Found(NamedTuple):
    """What the control phrases of a report have given so far."""

    claims: list[Claim]
    heading_claims: list[Claim]  # from title lines: kept for places the body makes no claim about
    unresolved: list[UnresolvedName]
    seen: set[str]  # claim ids


def extract_report(text: str, *, report_date: date | None, tz: str, gazetteer, report_id: str | None = None,
                   report_time: datetime | None = None, lexicon: Lexicon | None = None) -> Extraction:
    """Every control claim in `text` (a report as returned by `reporttext.report_text`)."""
    return _Reader(text, report_date=report_date, tz=tz, gazetteer=gazetteer, report_id=report_id,
                   report_time=report_time, lexicon=lexicon or load_lexicon()).read()


class _Reader:
    """One pass over one report. Holds what the reading of later sentences depends on."""

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
        self.last_actor = "unknown"
        self.holders: dict[int, str] = {}  # place -> who holds it after the last asserted claim that says (UA or RU)
        # The place of the last claim, what "the city" refers to; a name the gazetteer could not
        # resolve counts too ("captured Robotyne, ... withdrew from the village": not the place before it).
        self.last_slot: _Slot | None = None
        self.last_places: list[_Slot] = []  # the places of the last claim: what "both towns" refers to
        self.last_claimant: tuple[str, str] = ("", "unknown")
        self.nominal: set[str] = set()  # claims read from a noun phrase ("the capture of X", "Russia's takeover of X")
        self.voice = self._voice(spans)

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

    # -------------------------------------------------------------- the pass
    def read(self) -> Extraction:
        text = self.text
        triggers = self._triggers()
        self.trigger_starts = [trigger.start for trigger in triggers]
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
        warnings: list[str] = []
        for trigger in triggers:
            index = bisect.bisect_right(sentence_starts, trigger.start) - 1
            sentence = sentences[index] if index >= 0 and trigger.start < sentences[index][1] else None
            if sentence is None:
                continue  # in the furniture
            try:
                self._read_phrase(trigger, sentence, found)
            except Exception as error:  # one sentence the rules cannot read must not lose the report's other claims
                warnings.append(f"sentence at {sentence[0]}-{sentence[1]} ({_shortened(text[sentence[0]:sentence[1]])}) "
                                f"not read: {type(error).__name__}: {error}")
        claims, heading_claims = found.claims, found.heading_claims
        body_places = {c.geonameid for c in claims}
        claims += [c for c in heading_claims if c.geonameid not in body_places]
        steps = (("hedges in the next sentence", lambda found: self._hedged_by_the_next_sentence(found, sentences)),
                 ("denials in the next sentence", lambda found: found + self._denied_by_the_next_sentence(found, sentences)),
                 ("rebuttals", self._rebuttals), ("a claimant's repeats", _without_repeats),
                 ("restatements of earlier claims", self._without_mentions_of_earlier_claims))
        for name, step in steps:
            try:
                claims = step(claims)
            except Exception as error:  # the claims as they were before this step are still claims
                warnings.append(f"{name} not looked for: {type(error).__name__}: {error}")
        claims.sort(key=lambda c: (c.char_start, c.char_end))
        return Extraction(self.report_id, claims, _unique(found.unresolved), warnings)

    def _read_phrase(self, trigger: _Trigger, sentence, found: _Found) -> None:
        """The claims of one control phrase, added to `found`."""
        named = self._slots(trigger, sentence)
        if not named or self._not_a_change(trigger, sentence):
            return
        resolved = [slot for slot in named if slot.place is not None]
        if not resolved:
            self.last_slot = named[-1]  # "the village" after it is this name, claim or not
        # Read as a claim on unresolved names too: a name is listed only where a claim needs it
        # ("A train carrying evacuees left Pokrovsk" is no claim, and lists nothing).
        reading = self._reading(trigger, (resolved or named)[0], sentence)
        if reading is None:
            return
        found.unresolved.extend(UnresolvedName(s.text, s.start, s.end, list(s.candidates)) for s in named if s.place is None)
        self.last_slot, self.last_places = (resolved or named)[-1], resolved
        for slot in resolved:  # one reading of the phrase, one row per place it names
            if self._is_part(reading["change"], trigger, slot):  # "captured the eastern part of Bakhmut"
                claim = self._claim(dict(reading, change="contested", claimed_controller="contested", admission=False),
                                    slot, sentence)
            else:
                claim = self._claim(reading, slot, sentence)
                if claim.stance == "asserts" and claim.claimed_controller in ("UA", "RU"):
                    self.holders[claim.geonameid] = claim.claimed_controller  # for a later "the fall of X"
            if claim.claim_id in found.seen:  # one claim per sentence, place, change and claimant
                continue
            found.seen.add(claim.claim_id)
            if self.lowered.endswith(" of", trigger.start, trigger.end):
                self.nominal.add(claim.claim_id)
            (found.heading_claims if _inside(trigger.start, self.headings) else found.claims).append(claim)

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

    def _denied_by_the_next_sentence(self, claims: list[Claim], sentences) -> list[Claim]:
        """"Russia said it had captured Niu-York. Ukraine denied it.", "ВСУ это опровергают": a sentence of the same
        paragraph saying only that someone denies it, right after the claims, is that speaker's denial of each."""
        denials = []
        for previous, sentence in self._sentences_after_claims(claims, sentences):
            denial = _DENIES_IT.fullmatch(self.lowered, sentence[0], sentence[1])
            if denial is None:
                continue
            who = _clean_subject(self.text[denial.start("who"):denial.end("who")])
            if _PRONOUNS.match(who):  # "Syrskyi spoke after the MoD's claim. He denied it."
                who = self._speaker_before(sentence)
            best = self.lexicon.best(who) if who else None
            side = best.term.side if best else "unknown"
            for claim in claims:
                if claim.char_start == previous[0] and claim.stance == "asserts":
                    denials.append(replace(
                        claim, claim_id=claim_id_for(self.report_id, claim.geonameid, claim.place, sentence[0], claim.change, who),
                        claimant=who, claimant_side=side, stance="denies", hedged=False, admission=False,
                        claimed_controller=_controller(claim.change, claim.actor, negated=True),
                        evidence=" ".join(self.text[sentence[0]:sentence[1]].split()), char_start=sentence[0], char_end=sentence[1]))
        return denials

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
            if denial.stance != "denies" or not (denial.claimant_side in ("UA", "RU") or denial.claimant):
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
                if merged.get(i, denial).claimed_controller != "contested":  # fighting beside holding positions: contested
                    merged[i] = replace(denial, claimed_controller=position.claimed_controller, change=position.change)
                merged.setdefault(i, denial)
                absorbed.add(j)
        result = []
        for i, claim in enumerate(claims):
            if i in absorbed:
                continue
            claim = merged.get(i, claim)
            if claim.stance == "asserts" and self._contradicts_earlier(claim, claims[:i]):
                claim = replace(claim, stance="denies", hedged=False, admission=False)
            result.append(claim)
        return result

    def _without_mentions_of_earlier_claims(self, claims: list[Claim]) -> list[Claim]:
        """"Russia said it had captured Pokrovsk. ... Ukraine has yet to confirm Russia's takeover of the city": a noun
        phrase naming a capture (or entry, or withdrawal) the report already gave, in the report's own words or where
        its claimant does not confirm it, is a comment on that claim, not another ("... was confirmed by DeepState" is)."""
        kept: list[Claim] = []
        for claim in claims:
            comment = not claim.claimant or _UNCONFIRMING.search(self.lowered, claim.char_start, claim.char_end)
            if claim.claim_id in self.nominal and claim.stance == "asserts" and comment and any(
                    c.geonameid == claim.geonameid and c.place == claim.place and c.change == claim.change
                    and c.claimed_controller == claim.claimed_controller and c.stance == "asserts" for c in kept):
                continue
            kept.append(claim)
        return kept

    def _contradicts_earlier(self, claim: Claim, earlier: list[Claim]) -> bool:
        """Does a position follow the other side's earlier gain with "But" ("Russia said it had seized X. But a Ukrainian
        spokesman said Ukrainian units hold their positions there")?"""
        side = claim.claimant_side
        if side not in ("UA", "RU") or claim.claimed_controller not in ("contested", side) or not _CONTRAST_OPENING.match(
                self.lowered, claim.char_start):
            return False
        return any(c.geonameid == claim.geonameid and c.stance == "asserts" and c.claimed_controller == opposite(side)
                   and c.claimant_side != side for c in earlier)

    def _not_a_change(self, trigger: _Trigger, sentence) -> bool:
        """An order or intention ("would leave"), or a description ("a town on the outskirts of")."""
        before = _words_back(self.lowered, max(sentence[0], trigger.start - _LOOKBACK), trigger.start, _QUALIFIER_WORDS)
        not_yet = _NOT_YET.search(self.lowered, before, trigger.start) if _may_say_not_yet(
            self.lowered[before:trigger.start]) else None
        if not_yet and not_yet.group().strip().lower() == "to" and _PREPOSITIONAL.match(self.lowered, trigger.start):
            not_yet = None  # "advanced to within 3 km of"
        # ("The town is ours": a phrase whose place comes before it has its place there, not a description)
        return bool(not_yet or (trigger.slots != ("before",) and self.lowered.endswith(_DESCRIPTION_ENDS, before, trigger.start)
                                and _DESCRIPTION.search(self.lowered, before, trigger.start))
                    or self._conditional(max(sentence[0], trigger.start - _LOOKBACK), trigger.start))

    def _conditional(self, start: int, end: int) -> bool:
        """"If Russian forces capture Pokrovsk, ...": a condition, not a claim ("If true, ..." is a hedge: its comma ends it)."""
        return bool(_CONDITIONAL_WORD.search(self.lowered, start, end) and _CONDITIONAL.search(self.lowered, start, end))

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

    def _paragraph_at(self, position: int) -> int:
        return bisect.bisect_right(self.paragraph_starts, position) - 1

    def _triggers(self) -> list[_Trigger]:
        found = []
        for start, end in self.paragraphs:
            if _inside(start, self.furniture):
                continue  # a paragraph of the furniture has no sentence to claim in (see _sentences)
            scripts = frozenset(script for script, letters in (("latin", _LATIN), ("cyrillic", _CYRILLIC))
                                if letters.search(self.lowered, start, end))
            if scripts:
                found += self._triggers_in(_triggers_for(scripts), start, end)
        return found

    def _triggers_in(self, scan: PhraseScan, start: int, end: int) -> list[_Trigger]:
        found = []
        for m in scan.finditer(self.lowered, start, end):
            if _inside(m.start(), self.furniture):
                continue
            if m.lastgroup in _SLOTS:
                found.append(_Trigger(m.start(), m.end(), m.lastgroup, _SLOTS[m.lastgroup]))
                continue
            named = side_groups(m)  # the side as the phrase writes it ("under Ukrainian control": "ukrainian")
            written = named.get("side", "")
            if m.lastgroup == "under_control":
                side = ("RU" if named.get("occupied") else  # "залишається окупованим": occupation is Russia's in this war
                        _POSSESSIVES.get(written.split(" ", 1)[0]) or _known(self.lexicon.side_of(written)))  # "наших військ"
                if side:  # "under way for control of": no side, no such phrase
                    found.append(_Trigger(m.start(), m.end(), "holds", ("before",), side_in_phrase=side))
            elif m.lastgroup == "driven_out":
                side = "enemy" if named.get("enemy") else _known(self.lexicon.side_of(written))
                if side:  # without a side named, who left is unknown: no claim rather than a guess
                    found.append(_Trigger(m.start(), m.end(), "withdrew", ("after",), side_in_phrase=side))
            elif m.lastgroup == "came_under":
                side = _known(self.lexicon.side_of(written))
                if side:
                    found.append(_Trigger(m.start(), m.end(), "captured", ("before",), side_in_phrase=side))
            elif m.lastgroup in ("side_held", "stronghold_of"):
                if found and found[-1].change in ("captured", "entered", "withdrew") and found[-1].end >= m.start() - 5:
                    continue  # "liberated the Russian-occupied village of X": how it stood before the capture
                side = _known(self.lexicon.side_of(written))
                if side:
                    slots = ("after",) if m.lastgroup == "side_held" else ("before",)
                    found.append(_Trigger(m.start(), m.end(), "holds", slots, side_in_phrase=side))
            elif m.lastgroup == "loss_of":
                found.append(_Trigger(m.start(), m.end(), "withdrew", ("after",), side_in_phrase="ours"))
            elif m.lastgroup == "no_troops_in":
                found.append(_Trigger(m.start(), m.end(), "entered", ("after",), side_in_phrase=_known(self.lexicon.side_of(written)),
                                      negated=True))
        return found

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

    def _slots(self, trigger: _Trigger, sentence) -> list[_Slot]:
        """The places the phrase is about, resolved or not (`place` None, with the gazetteer's candidates)."""
        for side in trigger.slots:
            if side == "before" and not self._place_may_come_first(trigger):
                continue
            slots = (self._slots_after if side == "after" else self._slots_before)(trigger, sentence)
            if slots:
                return slots
        return []

    def _place_may_come_first(self, trigger: _Trigger) -> bool:
        """"Kyiv holds talks", "Moscow left the grain deal": before an English active verb stands its
        subject, not the place; before a passive ("Kherson was liberated", "is held by") or a verb
        without object ("Bakhmut fell", "Lyman had surrendered") the place. Russian and Ukrainian
        order words freely ("город удерживают ВСУ")."""
        phrase = self.lowered[trigger.start:trigger.end]
        if trigger.side_in_phrase or not _LATIN.search(phrase):
            return True
        if _INTRANSITIVE.fullmatch(phrase):
            return not _NOT_A_FALL.match(self.lowered, trigger.end)
        return bool(_AUXILIARY_BEFORE.search(self.lowered, max(0, trigger.start - 24), trigger.start)
                    or _NO_OBJECT_AFTER.match(self.lowered, trigger.end))  # headlines: "Izyum recaptured by ..."

    def _slots_after(self, trigger, sentence):
        position, part = _SLOT_FILLER.match(self.lowered, trigger.end, sentence[1]).end(), False
        if trigger.change not in ("approaching", "withdrew") and self.lowered.find("outskirts of", trigger.end, position) >= 0:
            return []  # "advanced into the outskirts of Toretsk": "outskirts of" is read on its own, an approach
        if position not in self.mention_at:  # "raised a flag over the coke plant in Avdiivka": a part of it
            facility = _FACILITY_IN.match(self.lowered, position, sentence[1])
            if facility:
                position, part = _SLOT_FILLER.match(self.lowered, facility.end(), sentence[1]).end(), True
        both = _BOTH.match(self.lowered, position) if position not in self.mention_at else None
        if both:
            return self._last_places_at(both.start(), both.end())
        if position not in self.mention_at:
            # "entered the city", "fighting in the northern part of the town", "бої у північній частині міста":
            # a reference to the place just named, after the filler words or as their last word.
            start = _SPACES.match(self.text, trigger.end).end()
            coreference = _COREFERENCE.search(self.text, start, sentence[1])
            if coreference and (coreference.start() == start or (
                    coreference.start() <= position and not self.text[coreference.end():position].strip())):
                slot = self._coreferent(coreference.start(), coreference.end(), sentence)
                return [slot] if slot else []
            # "liberated 30 settlements, including Balakliia and ...": the examples
            # (not past a name the gazetteer does not know: "захват Синьковки создает условия ..., включая X" is no list)
            including = None if _CAPITALISED.match(self.text, position) else (
                _INCLUDING.match(self.lowered, position, sentence[1]) or _APPOSITION.match(self.lowered, position, sentence[1]))
            if including:
                position = _SLOT_FILLER.match(self.lowered, including.end(), sentence[1]).end()  # "including the town of"
        slots: list[_Slot] = []
        joins: list[str] = []  # joins[i] stands between slots[i] and slots[i + 1]
        while True:
            # A name the gazetteer does not know is an item too: "captured Robotyne and Verbove" goes on to Verbove.
            slot = self._slot_at(position) or self._unknown_name(_CAPITALISED.match(self.text, position, sentence[1]))
            if slot is None or (slots and (SPEAKS.match(self.lowered, slot.end) or _GOVERNMENT_AFTER.match(self.lowered, slot.end))):
                break  # "captured Vuhledar, Kyiv said", "..., Kyiv's troops said": the capital speaks for its government
            road = _ROAD_AFTER.match(self.lowered, slot.end, sentence[1])
            if road:  # "the Kharkiv-Kupiansk highway and the town of Kupiansk": a road named after places is none of them
                join = _LIST_JOIN.match(self.lowered, road.end(), sentence[1])
                if not join:
                    break
                position = join.end()
                continue
            slots.append(slot)
            after = _MARKUP_AFTER.match(self.lowered, slot.end).end()  # "[Toretsk](https://...)", "*Toretsk*"
            join = _LIST_JOIN.match(self.lowered, self._past_region(after, sentence[1]), sentence[1])
            if not join:
                break
            joins.append(join.group())
            position = _MARKUP_BEFORE.match(self.lowered, join.end()).end()
        while len(slots) > 1 and slots[-1].place is None and _BARE_COMMA.fullmatch(joins[len(slots) - 2]):
            slots.pop()  # "took Vuhledar, Smith said": an unknown name after a comma that ends the list is no item
        if part and slots:  # "captured the coke plant in .": a part of no place named
            slots[0] = slots[0]._replace(part=True)
        return slots

    def _last_places_at(self, start: int, end: int, passive: bool = False) -> list[_Slot]:
        """The places of the last claim, as the words text[start:end] name them ("both towns", "either village"); none
        where that claim named fewer than two."""
        if len(self.last_places) < 2:
            return []
        return [place._replace(start=start, end=end, text=self.text[start:end], passive=passive) for place in self.last_places]

    def _past_region(self, end: int, sentence_end: int) -> int:
        """Past the region written after a name ("Uspenivka, Dnipropetrovsk Oblast, and ...", "Успеновка Днепропетровской
        области и ..."): where the list goes on."""
        gap = _REGION_GAP.match(self.lowered, end, sentence_end)
        region = self.mention_at.get(gap.end()) if gap else None
        if region is None or self._is_settlement(region):
            return end
        words = _REGION_WORDS.match(self.lowered, region.end)  # "Donetsk People's Republic": the city's name, then these
        return words.end() if words else region.end

    def _slots_before(self, trigger, sentence):
        end = _fillers_before(self.lowered, max(sentence[0], trigger.start - _LOOKBACK), trigger.start)
        slots = self._listed_before(end, sentence)
        if not slots:  # "Купянск и Боровую, которые пока под контролем ВСУ": the places the relative clause is about
            relative = _RELATIVE_BEFORE.search(self.lowered, max(sentence[0], end - _LOOKBACK), end)
            slots = self._listed_before(relative.start(), sentence) if relative else []
        both = None if slots or len(self.last_places) < 2 else _BOTH_BEFORE.search(self.lowered, max(sentence[0], end - 30), end)
        if both:  # "the towns remain in Ukrainian hands"
            return self._last_places_at(both.start(), both.start() + len(both.group().rstrip()), passive=True)
        if not slots:  # "Robotyne was liberated": a name the gazetteer does not know
            name = _CAPITALISED_BEFORE.search(self.text, max(sentence[0], end - _LOOKBACK), end)
            if name and self.gazetteer.is_ordinary_word(name.group().split()[0]):
                return []  # "Fighting is under way": a sentence's first word is capitalised, and no name
            return [slot._replace(passive=True) for slot in [self._unknown_name(name)] if slot]
        return slots

    def _listed_before(self, end: int, sentence) -> list[_Slot]:
        """The places named right before `end`, one or a list ("Kupiansk and Borova")."""
        slots: list[_Slot] = []
        while end > sentence[0]:
            slot = self._slot_ending_at(end, sentence)
            if slot is None:
                break
            slots.insert(0, slot)
            before = self.text[sentence[0]:slot.start]
            join = re.search(r"(?:,\s*(?:and\s+)?|\s+(?:and|&|и|і|та)\s+)$", before)
            if not join:
                break
            end = sentence[0] + join.start()
        return slots

    def _slot_at(self, position: int) -> _Slot | None:
        mention = self.settlement_at.get(position)
        if mention is None:
            return None
        return _mention_slot(mention, part=bool(_POSSESSIVE_PART.match(self.text, mention.end)))

    def _slot_ending_at(self, end: int, sentence) -> _Slot | None:
        """The place named just before a phrase: a passive slot."""
        mention = self.settlement_ending_at.get(end) or self.settlement_ending_at.get(end - 2)  # "Izyum's"
        if mention is not None and self.text[mention.end:end] in ("", "'s", "’s"):
            part = bool(_PART_BEFORE.search(self.lowered, max(0, mention.start - 20), mention.start))  # "часть Волчанска"
            return _mention_slot(mention, passive=True, part=part)
        for coreference in _COREFERENCE.finditer(self.text, max(sentence[0], end - _COREFERENCE_LENGTH), end):
            if coreference.end() == end:
                return self._coreferent(coreference.start(), end, sentence, passive=True)
        return None

    def _coreferent(self, start: int, end: int, sentence, passive: bool = False) -> _Slot | None:
        """The place of the last claim where that was in this sentence ("entered Kupiansk from Kharkiv and raised
        the flag over the city"), else the settlement named last before `start` where that came after the last
        claim, else the last claim's place (None if the gazetteer could not resolve it: "captured Robotyne, ...
        withdrew from the village" is not the place named before)."""
        last = self.last_slot
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

    def _same_sentence(self, one: int, other: int) -> bool:
        return bisect.bisect_right(self.sentence_starts, one) == bisect.bisect_right(self.sentence_starts, other)

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

    # -------------------------------------------------------------- one claim
    def _reading(self, trigger: _Trigger, slot: _Slot, sentence) -> dict | None:
        """What the phrase at `trigger` claims, whoever says it, for the places it names; None if no claim."""
        text = self.text
        s_start, s_end, _ = sentence
        if self.lowered.endswith(" of", trigger.start, trigger.end) and _PROSPECT_AFTER.match(self.lowered, slot.end, s_end):
            return None  # "The capture of Toretsk, a mining town, would allow ...": what a capture would bring, not a claim
        cues = self._cues(sentence, trigger.start)
        if cues and _CONTRAST.search(self.lowered, cues[-1].end(), trigger.start):
            cues = []  # "X claimed ..., although Ukrainian forces still control ...": the report's own words
        governing = cues[-1] if cues else None
        if governing is not None and _INTENDED.search(self.lowered, max(s_start, governing.start() - 24), governing.start()):
            return None  # "The occupier wants to report the capture of Pokrovsk": a report not made
        # The clause starts after a reporting verb ("X said that ..."); "according to X" is an aside in it ("ВСУ, по
        # данным источников, оставили Торецк").
        clause_start = self._last_break(governing.end() if governing and not governing.group("according") else s_start,
                                        trigger.start)
        if trigger.change == "holds" and _PAST_STATE.search(self.lowered, clause_start, trigger.start):
            return None  # "had been under Russian control": the state before, not now
        falsehood = _FALSEHOOD.search(self.lowered, trigger.end, s_end)
        # "... захоплення Соледара не відповідає дійсності" denies this claim; "... and that X's claim is false" another;
        # "There is no truth to reports that ...", "false reports that ..." deny the reported claim.
        called_false = bool(falsehood and not _CLAUSE_BREAK.search(self.lowered, trigger.end, falsehood.start())) or bool(
            governing is not None and governing.group("noun")
            and _FALSE_REPORTS.search(self.lowered, max(s_start, governing.start() - 30), governing.start())) or bool(
            _FALSE_THAT.search(self.lowered, max(s_start, clause_start - 40), clause_start))
        claimant, claimant_side, kind = self._claimant(cues, trigger, sentence)
        claim_side = claimant_side  # the side whose claim it is: its troops act where the clause names none
        if called_false and governing is not None and governing.group("noun"):
            # "The Russian claim to have captured X is false, Haidai said": the claim is what is called false;
            # who says so (after it, else the report) is the claimant.
            claimant, claimant_side, kind = self._claimant([], trigger, sentence)
        denial = governing is not None and bool(_DENIAL_WORDS.match(governing.group()))
        if kind == "medium":
            return None  # footage is evidence for others' claims, not a claimant
        if trigger.side_in_phrase == "ours":
            actor = self._ours(claim_side, trigger.start)
        elif trigger.side_in_phrase == "enemy":  # "Ukrainian troops pushed the enemy out of X": the pusher's enemy left
            pusher = self._actor(clause_start, trigger, slot, claim_side)
            actor = opposite(pusher) if pusher in ("UA", "RU") else self._enemy_of(claim_side, trigger.start)
        elif trigger.side_in_phrase == "theirs":  # whoever was named last in the sentence
            actor = self._actor(s_start, trigger, slot, claim_side)
        else:
            # a claim the speaker calls false is denied as if with a denial verb ("захоплення X – недостовірна"),
            # unless it is named as another side's ("The Russian claim to have captured X is false": Russia's troops)
            disputed = called_false and claim_side in (claimant_side, "unknown")
            actor = trigger.side_in_phrase or self._actor(clause_start, trigger, slot, claimant_side if disputed else claim_side,
                                                          reported=governing is not None, denial=denial or disputed)
        if actor is None:
            return None  # a movement without troops ("trains left Kramatorsk")
        change, negated = trigger.change, trigger.negated or self._negated(clause_start, trigger)
        no_longer = _NO_LONGER.search(self.lowered, clause_start, trigger.end) if change == "holds" else None
        if no_longer:  # "no longer controlled X": withdrew; "no longer fully controlled X": a part is lost, contested
            change, negated = "contested" if _WHOLLY.search(self.lowered, no_longer.end(), trigger.start + 1) else "withdrew", False
        if change == "withdrew" and actor in ("UA", "RU") and self._handed_to(trigger.end, s_end) == actor:
            change = "holds"  # "Wagner left Bakhmut, handing the city over to the Russian army": it stays Russian
        negated = negated or denial or called_false
        # A claim called false in another clause, after this one or before it ("... про захоплення Вовчанська не відповідає
        # дійсності: місто утримують наші підрозділи"), makes this one part of the dispute.
        disputes = bool(falsehood or _FALSEHOOD.search(self.lowered, s_start, trigger.start)) or any(
            _DENIAL_WORDS.match(c.group()) for c in cues)
        stance = "denies" if negated or disputes else "asserts"
        controller = _controller(change, actor, negated)
        # Hedges qualify what is asserted; in a denial they qualify the claim being denied.
        hedged = stance == "asserts" and (self._hedged_sentence(sentence) or bool(
            governing is not None and _HEDGE_CUE_WORDS.match(governing.group())) or self._trailing_hedge(trigger, sentence))
        loser = opposite(controller) if change in ("entered", "captured", "withdrew") else "unknown"
        admission = stance == "asserts" and claimant_side in ("UA", "RU") and claimant_side == loser
        time = self._time_for(trigger, sentence)
        if actor != "unknown":
            self.last_actor = actor
        return dict(
            time_utc=time.utc if time else self.report_utc, time_text=time.text if time else "",
            time_precision=time.precision if time else "report", claimed_controller=controller, change=change,
            actor=actor, claimant=claimant, claimant_side=claimant_side, stance=stance, hedged=hedged,
            admission=admission, evidence=" ".join(text[s_start:s_end].split()), char_start=s_start, char_end=s_end)

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

    def _claim(self, reading: dict, slot: _Slot, sentence) -> Claim:
        place = slot.place
        return Claim(
            claim_id=claim_id_for(self.report_id, place.geonameid, place.name, sentence[0], reading["change"],
                                  reading["claimant"]),
            report_id=self.report_id, place=place.name, place_text=slot.text, geonameid=place.geonameid,
            lat=place.lat if place.placed else None, lon=place.lon if place.placed else None,
            country_code=place.country_code, admin1=place.admin1, location_precision=place.location_precision,
            **reading)

    def _sentence_cues(self, sentence) -> list[re.Match]:
        """The reporting cues of a sentence, without verbs used as adjectives ("the stated goals")."""
        if ("cues", sentence[0]) not in self.memo:
            self.memo["cues", sentence[0]] = [
                c for c in _REPORT_CUE.finditer(self.lowered, sentence[0], sentence[1])
                if not (c.group("verb") and _ADJECTIVAL.search(self.lowered, max(0, c.start() - 7), c.start()))]
        return self.memo["cues", sentence[0]]

    def _hedged_sentence(self, sentence) -> bool:
        if ("hedged", sentence[0]) not in self.memo:
            self.memo["hedged", sentence[0]] = bool(_HEDGES.search(self.lowered, sentence[0], sentence[1]))
        return self.memo["hedged", sentence[0]]

    def _cues(self, sentence, end: int) -> list[re.Match]:
        """Reporting cues before `end` (a claim), without report nouns that are objects ("refuted the claims")."""
        cues = [c for c in self._sentence_cues(sentence) if c.end() <= end]
        verb_ends = [c.end() for c in cues if not c.group("noun")]
        return [c for c in cues if not (c.group("noun") and any(
            e <= c.start() and _OBJECT_NOUN.fullmatch(self.lowered, e, c.start()) for e in verb_ends))]

    def _last_break(self, start: int, end: int) -> int:
        """Where the clause ending at `end` begins: after its last clause break from `start` on (the sentence
        start or a governing cue's end: a break before the cue would not count), else `start`."""
        breaks = [m.end() for m in _CLAUSE_BREAK.finditer(self.lowered, start, end)
                  if m.group() != "(" or self.lowered.find(")", m.end(), end) < 0]  # "X (east of Pokrovsk) and ...": closed
        return breaks[-1] if breaks else start

    def _actor(self, clause_start: int, trigger: _Trigger, slot: _Slot, claimant_side: str,
               reported: bool = False, denial: bool = False) -> str | None:
        """Whose troops act: the side named last before the phrase ("Ukrainian troops", "our forces",
        "the enemy"), else after it ("by/to Russian forces"), else the speaker's own where the
        `reported` clause's subject is a pronoun ("the brigade said it had withdrawn"), else the
        other side where the speaker denies a gain, else (a capture or hold) who holds the place since an
        earlier claim, else the actor of the previous claim.
        None where troops are needed (moving in or out) and the clause names none."""
        window = (clause_start, trigger.start)
        if (trigger.change not in ("encircled", "contested") and _CIVILIANS.search(self.lowered, *window)
                and not _FORCE_NOUN.search(self.lowered, *window)):
            return None  # "Ukrainian refugees left Kharkiv": people moving, not troops
        # "regroup Russian troops in the areas of": the phrase up to the place, or to a comma or colon before it
        # ("captured two villages in eastern Ukraine: X": Ukraine is where, not who)
        stop = _COMMA_OR_COLON.search(self.lowered, trigger.end, slot.start)
        phrase_end = max(trigger.end, stop.start() if stop else slot.start)
        # "regroup Russian troops": the side inside the phrase acts; "repelled a Russian attack", "encircled
        # Ukrainian troops in": it does not.
        # "выбили украинских боевиков из X": the side ousted does not take it
        named_end = trigger.start if trigger.change in ("holds", "encircled") or _OUSTING.match(
            self.lowered, trigger.start) else phrase_end
        named = [(m.start, m.term.side) for m in self.lexicon.matches(self.text, clause_start, named_end)
                 if _is_side_word(m) and not _WHERE_BEFORE.search(self.lowered, max(clause_start, m.start - 20), m.start)
                 and not _CLEARED_OF.search(self.lowered, max(clause_start, m.start - 5), m.start)
                 and not _NOT_WHO_ACTS.match(self.lowered, m.end)]
        named += [(m.start(), self._ours(claimant_side, m.start()) if m.group("our") else self._possessor(m.start(), claimant_side))
                  for m in _OWN_FORCES.finditer(self.lowered, clause_start, phrase_end)
                  if m.group("our") or not any(start < m.start() for start, _ in named)]
        named += [(m.start(), self._enemy_of(claimant_side, m.start())) for m in _ENEMY.finditer(self.lowered, *window)
                  if not _CYRILLIC.match(m.group()) or _ENEMY_SUBJECT.fullmatch(m.group())]
        if named:
            side = max(named)[1]
            # "Russian troops in Izyum have surrendered": the side named gave the place up
            return opposite(side) if self.lowered.startswith("surrender", trigger.start) else side
        # "fell to Russian forces", "is held by"; with the place first, Russian and Ukrainian put the
        # side right after its verb ("Купянск контролируют ВСУ"), else right after the place ("освободили
        # Кринки российские войска", "о захвате Кринок российскими войсками").
        after = _BY_WHOM.match(self.lowered, max(trigger.end, slot.end))
        if after is None and slot.passive:
            after = _SPACES.match(self.lowered, trigger.end)
        elif after is None and _CYRILLIC.match(self.lowered, trigger.start):
            after = _SPACES.match(self.lowered, slot.end)
        if after:
            found = [m for m in self.lexicon.matches(self.text, after.end(), after.end() + 40) if _is_side_word(m)]
            if found and found[0].start == after.end():
                return found[0].term.side
            own = _OWN_FORCES.match(self.lowered, after.end())  # "город контролируют наши войска"
            if own and own.group("our"):
                return self._ours(claimant_side, after.end())
            enemy = _ENEMY.search(self.lowered, after.start(), after.end() + 30)  # "has not been captured by the enemy"
            if enemy and enemy.start() <= after.end():
                return self._enemy_of(claimant_side, after.end())
        # "the brigade said it had withdrawn", "ВСУ заявили о выходе из Курахово": the speaker's own troops
        if reported and claimant_side != "unknown" and (_SPEAKERS_OWN.match(self.lowered, clause_start)
                                                         or _NOMINAL_MOVE.match(self.lowered, trigger.start)
                                                         or (not denial and _OWN_GAIN.match(self.lowered, trigger.start))):
            return claimant_side
        troops = _FORCE_NOUN.search(self.lowered, clause_start, phrase_end)
        if troops and claimant_side != "unknown":
            return claimant_side  # "units withdrew", "подразделения удерживают": a speaker's own troops need no adjective
        if trigger.change in ("entered", "withdrew", "approaching") and not troops and not slot.passive and not (
                trigger.change == "approaching" and _COMBAT.search(self.lowered, clause_start, trigger.start)):
            return None  # (fighting on the outskirts is troops there: whose, the report's last actor says)
        if denial and claimant_side != "unknown" and trigger.change in ("captured", "entered", "withdrew", "encircled"):
            # "Kyiv denied the capture of X", "... that X was encircled": the other side's gain; "... denied withdrawing
            # from X": its own move
            return claimant_side if trigger.change == "withdrew" else opposite(claimant_side)
        if trigger.change in ("captured", "holds"):
            if self.last_actor == "unknown":
                if _FALL.match(self.lowered, trigger.start):
                    return "unknown"  # "Vuhledar has fallen, a Ukrainian soldier said": to whom, it does not say
                return claimant_side  # "Russia announced the 'liberation' of Avdiivka": its own gain
            if slot.place is not None and slot.place.geonameid in self.holders:
                return self.holders[slot.place.geonameid]  # "... withdrew from Avdiivka. The fall of Avdiivka ...": who holds it since
        return self.last_actor

    def _handed_to(self, start: int, end: int) -> str | None:
        """The side a withdrawal hands the place over to ("..., handing over their positions to regular Russian army
        units"), if the words after it name one."""
        handover = _HANDOVER.search(self.lowered, start, end)
        return _known(self.lexicon.side_of(handover.group("to") or handover.group("to_ru"))) if handover else None

    def _possessor(self, position: int, claimant_side: str) -> str:
        """Whose "its forces" or "their troops" are: the side named last before them in the sentence ("Kyiv dismissed
        Russian claims that its forces had captured ..."), else the speaker's."""
        s_start = self.sentence_starts[bisect.bisect_right(self.sentence_starts, position) - 1]
        sides = [m.term.side for m in self.lexicon.matches(self.text, s_start, position) if _is_side_word(m)]
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

    def _claimant(self, cues: list[re.Match], trigger: _Trigger, sentence) -> tuple[str, str, str]:
        """(claimant as written, side, lexicon kind): the subject of the governing reporting cue, an
        earlier cue's subject for "he"/"and said", a trailing ", X said", else the report's own voice."""
        phrase = ""
        for cue in reversed(cues):
            phrase = self._cue_subject(cue, sentence)
            if phrase and not _PRONOUNS.match(phrase):
                break
            phrase = ""
        else:
            if cues and any(_PRONOUNS.match(self._cue_subject(c, sentence) or "-") for c in cues):
                phrase = self._speaker_before(sentence)
        if not phrase:
            phrase = (self._trailing_claimant(trigger, sentence) or self._headline_claimant(trigger, sentence)
                      or self._dash_source(trigger, sentence) or self._quotation_speaker(trigger, sentence))
            if _PRONOUNS.match(phrase):  # '"The town is ours," he told national television.'
                phrase = self._speaker_before(sentence)
        if not phrase:
            return self.voice
        best = self.lexicon.best(phrase)
        back = _BACK_REFERENCE.fullmatch(phrase) if best is None else None
        if back:
            # "the MoD said ... . According to the ministry, ...", "The ministry dismissed ... , a spokesperson said": the same
            # speaker, if of its kind (a ministry is no President Zelensky)
            earlier = self._speaker_before(sentence)
            best_earlier = self.lexicon.best(earlier) if earlier else None
            if best_earlier is not None and best_earlier.term.side != "unknown" and (
                    best_earlier.term.kind != "person" if back.group("body") else best_earlier.term.kind in ("person", "role")):
                phrase, best = earlier, best_earlier
        side, kind = (best.term.side, best.term.kind) if best else ("unknown", "")
        if kind == "medium" and _GEOLOCATED.search(phrase):
            return self.voice  # footage the report's authors geolocated: their own finding, not the footage's
        self.last_claimant = (phrase, side)
        return phrase, side, kind

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
        for start in (closing.start() - 1, closing.start() - 2):  # '...there," Kovalenko said', '...there." Kovalenko said'
            tail = _TRAILING_ATTRIBUTION.match(self.lowered, max(start, 0), paragraph_end)
            if tail is not None:
                return _clean_subject(self.text[tail.start(_tail_group(tail)):tail.end(_tail_group(tail))])
        return ""

    def _speaker_before(self, sentence) -> str:
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
                if subject and not _PRONOUNS.match(subject):
                    return subject
        return self.last_claimant[0]

    def _cue_subject(self, cue: re.Match, sentence) -> str:
        """The subject of a reporting cue (its claimant as written), read once per cue."""
        if ("subject", cue.start()) not in self.memo:
            self.memo["subject", cue.start()] = self._read_cue_subject(cue, sentence)
        return self.memo["subject", cue.start()]

    def _read_cue_subject(self, cue: re.Match, sentence) -> str:
        text, s_start = self.text, sentence[0]
        if cue.group("according"):
            tail = _ACCORDING_TO_WHOM.match(text, cue.end())
            return _clean_subject(tail.group(1)) if tail else ""
        breaks = [m.end() for m in _SUBJECT_BREAK.finditer(self.lowered, s_start, cue.start())]
        previous_cue_end = self._previous_cue_end(sentence, cue.start())
        start = max([s_start, previous_cue_end] + breaks)
        # "Russian forces captured Starytsia, Kyiv said, adding that ...": after a claim and its comma, the speaker
        comma = self.lowered.rfind(", ", start, cue.start())
        if comma >= 0 and bisect.bisect_left(self.trigger_starts, start) < bisect.bisect_left(self.trigger_starts, comma):
            start = comma + 2
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


def _without_repeats(claims: list[Claim]) -> list[Claim]:
    """A claimant saying the same of a place twice ("The Russian armed forces have taken full control of Izyum,
    spokesman Igor Konashenkov said. ... 'units of the Russian army completely took control of the city of Izyum,'
    Konashenkov told reporters") makes one claim, the first, unless the two give it different times."""
    kept: list[Claim] = []
    for claim in claims:
        if not any(c.geonameid == claim.geonameid and c.place == claim.place and c.change == claim.change and c.claimed_controller == claim.claimed_controller
                   and c.stance == claim.stance and c.claimant_side == claim.claimant_side and _same_speaker(c.claimant, claim.claimant)
                   and (c.time_utc == claim.time_utc or "report" in (c.time_precision, claim.time_precision)) for c in kept):
            kept.append(claim)
    return kept


def _same_speaker(one: str, other: str) -> bool:
    """"Konashenkov" and "Russian defense ministry spokesman Igor Konashenkov": the words of one are among the other's."""
    words = [set(_WORDS.findall(name.lower())) for name in (one, other)]
    shorter, longer = sorted(words, key=len)
    return bool(shorter) and shorter <= longer


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


def _known(side: str) -> str | None:
    return None if side == "unknown" else side


def _is_side_word(match: TermMatch) -> bool:
    return match.term.kind in ("force", "affiliation", "role", "institution") and match.term.side != "unknown"


def _clean_subject(words: str) -> str:
    if "[" in words:
        words = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", words)  # Markdown link: its text
    words = " ".join(words.replace("*", " ").replace("_", " ").split())
    whole = words
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
