"""Spellings of a Ukrainian place name: the Latin ones the press writes, and the Russian one.

KATOTTG gives each settlement its Ukrainian name only. Reports write it in Latin letters
(the national system of 2010, "Klishchiivka", or older ones, "Klishchiyivka") or in its
Russian form ("Клещеевка"). `latin_names` and `russian_names` generate those spellings;
`names.fold` then lets the remaining variation (y/i, ia/ya, -овка/-івка) meet in one key.
Generated spellings are guesses at a convention, not attested names: they only widen the
keys a known settlement is found under.
"""
from __future__ import annotations

import re

# The national system (Cabinet of Ministers resolution 55, 2010): a letter's form at the
# start of a word, and elsewhere.
_NATIONAL = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": ("ye", "ie"),
    "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": ("yi", "i"), "й": ("y", "i"), "к": "k",
    "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": ("yu", "iu"),
    "я": ("ya", "ia"), "'": "", "’": "", "ʼ": "",
}
# The older, English-press convention (before 2010, and still common): the word-initial
# forms everywhere ("Klishchiyivka", "Yenakiyeve").
_OLDER = {letter: (value[0] if isinstance(value, tuple) else value) for letter, value in _NATIONAL.items()}
# (г read the Russian way, as "g" ("Grakove"), is no spelling made here: the gazetteer's index gives every Cyrillic
# name with г that key, `names.g_spelling`.)
_APOSTROPHES = "'’ʼ"


def _romanise(name: str, table: dict, initial_form: bool) -> str:
    out = []
    previous = ""
    for char in name:
        lower = char.lower()
        value = table.get(lower)
        if value is None:
            out.append(char)
        else:
            if isinstance(value, tuple):  # its word-initial form, and its form elsewhere
                value = value[0] if (initial_form and not (previous.isalpha() or (previous and previous in _APOSTROPHES))) else value[1]
            if lower == "г" and previous.lower() == "з":
                value = "gh"  # зг is "zgh", apart from zh (ж)
            out.append(value.capitalize() if char.isupper() else value)
        previous = char
    return "".join(out)


def national(name: str) -> str:
    """The national system of 2010: "Кліщіївка" -> "Klishchiivka", "Єнакієве" -> "Yenakiieve"."""
    return _romanise(name, _NATIONAL, initial_form=True)


def latin_names(name: str) -> list[str]:
    """The Latin spellings of a Ukrainian name: national (2010) first, then the older form."""
    return list(dict.fromkeys([national(name), _romanise(name, _OLDER, initial_form=True)]))


# Ukrainian -> Russian, by ending: (Ukrainian ending, Russian endings), longest first.
_RUSSIAN_ENDINGS = [
    ("іївка", ("еевка",)), ("ївка", ("еевка", "евка")), ("івка", ("овка", "евка")),
    ("ське", ("ское",)), ("цьке", ("цкое",)), ("зьке", ("зское",)), ("ськ", ("ск",)), ("цьк", ("цк",)),
    ("ове", ("ово", "овое")), ("еве", ("ево", "евое")), ("єве", ("ево", "евое")), ("ине", ("ино", "иное")),
    ("іне", ("ино",)), ("ене", ("ено", "еное")), ("не", ("ное", "но")), ("ке", ("кое",)), ("ве", ("вое",)),
    ("че", ("чье", "чее")), ("ий", ("ый", "ий")), ("ій", ("ий",)),
    ("ська", ("ская",)), ("цька", ("цкая",)), ("ика", ("икая",)), ("ка", ("ка",)), ("а", ("ая", "а")),
    ("е", ("ое", "о", "е")),
]
# Letters with one Russian counterpart; і stands for Russian и, е or о (see russian_names).
_RUSSIAN_LETTERS = str.maketrans({"є": "е", "ї": "и", "ґ": "г", "'": "ь", "’": "ь", "ʼ": "ь"})
_WORD = re.compile(r"[^\W\d_][\w'’ʼ]*")


# Roots whose Russian form differs by more than a letter (one Russian spelling each, tried beside the
# Ukrainian one): вовк / волк (Вовче / Волчье, Вовчанськ / Волчанск), пісок / песок with щ / сч
# (Піщане / Песчаное), робота / работа (Роботине / Работино), камінь / камень (Кам'янка / Каменка),
# перемога / победа (a village Перемога is Победа in Russian, and many were so named before 2016 or 2024).
_RUSSIAN_ROOTS = (("вовч", "волч"), ("вовк", "волк"), ("піщ", "песч"), ("роб", "раб"), ("кам'ян", "камен"),
                  ("кам’ян", "камен"), ("перемог", "побед"))


# A root starts the word or a compound's second part ("Новокам'янка"), never the middle of another stem
# ("Воробіївка" has no робота in it).
_ROOT_AT = r"(?:(?<!\w)|(?<=\w\wо))"


def _russian_roots(word: str) -> list[str]:
    """`word` (lower case) with its roots in their Russian form, the likelier, where it has one; and as it is."""
    russian = word
    for ukrainian, root in _RUSSIAN_ROOTS:
        russian = re.sub(_ROOT_AT + re.escape(ukrainian), root, russian)
    return [word] if russian == word else [russian, word]


def with_ukrainian_roots(name: str) -> str:
    """`name` (lower-cased) with the Russian forms of `_RUSSIAN_ROOTS` put back in Ukrainian, in either script:
    "Победа" -> "перемога", "Pobeda" -> "peremoha", spellings of the village Перемога rather than other names."""
    out = name.lower()
    for ukrainian, root in _RUSSIAN_ROOTS:
        out = out.replace(root, ukrainian).replace(_russian_latin(root), national(ukrainian))
    return out


# Russian letters in Latin, as the English press writes them ("Pobeda", "Volchye"): the older Ukrainian
# forms for the letters the languages share, Russian и as i.
_RUSSIAN_LATIN = {**_OLDER, "и": "i", "ы": "y", "э": "e", "ё": "yo", "ъ": "", "ь": ""}


def _russian_latin(name: str) -> str:
    return _romanise(name, _RUSSIAN_LATIN, initial_form=False)


def russian_root_latin_names(name: str) -> list[str]:
    """The Latin spellings of a name's Russian forms where a root of `_RUSSIAN_ROOTS` differs ("Перемога" ->
    "Pobeda"): English reports of a village under its Russian name meet no romanised Ukrainian spelling."""
    if _russian_roots(name.lower()) == [name.lower()]:
        return []
    roots = tuple(root for _, root in _RUSSIAN_ROOTS)
    return [_russian_latin(n) for n in russian_names(name) if any(root in n.lower() for root in roots)]


def _russian_word(word: str) -> list[str]:
    out = []
    for spelling in _russian_roots(word.lower()):
        body, endings = spelling, ("",)
        for ukrainian, russian in _RUSSIAN_ENDINGS:
            if spelling.endswith(ukrainian) and len(spelling) > len(ukrainian) + 2:
                body, endings = spelling[: -len(ukrainian)], russian
                break
        body = body.translate(_RUSSIAN_LETTERS)
        bodies = [body, body[1:]] if body.startswith("ву") else [body]  # the prothetic в: Вугледар / Угледар
        out += [v + ending for v in _russian_vowels(bodies) for ending in endings]
    return [w[:1].upper() + w[1:] if word[:1].isupper() else w for w in dict.fromkeys(out)]


def _russian_vowels(bodies: list[str]) -> list[str]:
    """Ukrainian і is Russian и (Мирнe), е (Кліщіївка / Клещеевка: Old ѣ) or о (closed syllables)."""
    variants = []
    for b in bodies:
        variants += [b.replace("і", "и"), b.replace("і", "е")]
        if b.count("і") == 1:
            variants.append(b.replace("і", "о"))  # Часів Яр / Часов Яр
        if b.count("і") > 1:  # one of them only: Новомихайлівка keeps и in Михай-
            first = b.index("і")
            variants += [b[:first] + "е" + b[first + 1:].replace("і", "и"),
                         b[:first] + "и" + b[first + 1:].replace("і", "е")]
    return list(dict.fromkeys(variants))


def russian_names(name: str, limit: int = 8) -> list[str]:
    """The Russian spellings a Ukrainian name may take in reports, the likeliest first:
    "Кліщіївка" -> "Клещеевка", ...; "Тоненьке" -> "Тоненькое"; at most `limit`."""
    words = _WORD.findall(name)
    if not words:
        return []
    forms = [""]
    rest = name
    for word in words:
        at = rest.index(word)
        between, rest = rest[:at], rest[at + len(word):]
        forms = [f + between + w for f in forms for w in _russian_word(word)][:limit]
    return [f + rest for f in dict.fromkeys(forms) if f + rest != name][:limit]
