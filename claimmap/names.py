"""Name normalisation shared by the gazetteer index and the text matcher.

A place name and a report meet on a *key*: lower case, no diacritics, no
apostrophes, Cyrillic romanised, and the spelling families of the usual
transliterations folded together (y/i/j, "yi"/"iy"/"yy", "ia"/"ya"/"ja",
doubled letters, Russian -овка/-евка as Ukrainian -івка), and without an English
possessive ("Avdiivka's"), so that Izyum, Izium, Ізюм and Изюм all give "izum". The
*stem* key also drops one Russian/Ukrainian case ending (or a plural "s") from each
word, so that "в Изюме", "під Лиманом" and "Avdiivka's" meet their nominatives. The
same `key` serves a two-word name and a 5 MB report; `text_key` applies it once per
distinct word of a report, which keeps the matcher fast.

Keys are space-separated words with TWO spaces between words and around the
ends ("  izum  liman  "): a pattern then carries its own word boundaries
without two adjacent matches overlapping on one shared space.
"""
from __future__ import annotations

import re
import unicodedata
from operator import itemgetter

import numpy as np

# Apostrophes and quotes that may stand inside a name (Kup'yansk, Kup”yans’k):
# deleted, so the word stays one word whichever was typed.
APOSTROPHES = "'’ʼ`\"”“‘ʻ′´ʹ"

# One scheme for Ukrainian and Russian: г is "h" (the Ukrainian reading, as the
# English press writes Ukrainian places), и/і/ї/й/ы all fold to "i" below. (Russian-style Latin
# spellings write г as g: see g_spelling.)
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie",
    "ж": "zh", "з": "z", "и": "i", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ў": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ъ": "", "ы": "i", "ь": "", "э": "e", "ю": "iu", "я": "ia", "ё": "e", "ј": "i",
    "ђ": "dj", "љ": "lj", "њ": "nj", "ћ": "c", "џ": "dz", "ѓ": "g", "ќ": "k", "ѕ": "dz",
}
# Latin letters that NFD does not decompose, and y/j/w folded into the families above.
_LATIN = {"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i",
          "þ": "th", "ð": "d", "y": "i", "j": "i", "w": "v"}

_TABLE = str.maketrans({**_CYRILLIC, **_LATIN, **{c: "" for c in APOSTROPHES}})
# An English possessive ("Avdiivka's", "People's"): left out, so that a name ending in a vowel meets its
# key (the stem drops one ending, the "s" or the "a", not both). The matcher trims the surface the same way.
_POSSESSIVE = re.compile(r"(?<=[^\W\d_])['’ʼ]s(?![^\W_])")
_MARKS = re.compile(r"[\u0300-\u036f]")  # combining marks left by NFD: diacritics
_NON_WORD = re.compile(r"[\W_]+")
_I_RUNS = re.compile(r"i{2,}")            # yi, iy, yy, ii -> i
_I_GLIDE = re.compile(r"i(?=[aeuo])")     # ya/ia/ja -> a, yu/iu -> u, ye/ie -> e
_DOUBLES = re.compile(r"([a-z])\1+")      # Odessa/Odesa, Kreminna/Kremina
# Russian -овка/-евка is Ukrainian -івка/-іївка (Новобахмутовка/Новобахмутівка, Андреевка/Андріївка): one key, so that
# a village GeoNames lists only under its Ukrainian name is found in Russian text too.
_OVKA = re.compile(r"(?<=[a-z]{2})[oe]v(?=k[a-z]{0,3} )")
_VOWELS = re.compile(r"[aeiou]")
# One case ending per word, longest first; the stem keeps at least three letters.
# Russian/Ukrainian noun and adjective endings as they look after folding, and
# the English possessive/plural "s". "ov"/"ev" are NOT endings: Kharkov, Rostov.
_ENDING = re.compile(r"(?<=[a-z]{3})(?:akh|ami|ogo|oho|omu|oi|ei|ou|eu|om|em|oe|im|a|e|i|o|u|s)(?= )")

# A word of the original text, in the same sense as a key word: a run of
# letters/digits, apostrophes and combining marks holding at least one letter or digit.
WORD = re.compile(rf"(?:[{APOSTROPHES}\u0300-\u036f]|_)*[^\W_{APOSTROPHES}](?:[{APOSTROPHES}\u0300-\u036f]|[^\W_])*")


def fold(text: str) -> str:
    """The spelling key of `text`: "  izum  liman  " for "Izyum, Lyman" (see module doc)."""
    text = unicodedata.normalize("NFD", _POSSESSIVE.sub("", text.lower()))
    text = _MARKS.sub("", text).translate(_TABLE)
    words = _NON_WORD.sub(" ", text).split()
    if not words:
        return ""
    text = "  " + "  ".join(words) + "  "
    text = _I_GLIDE.sub("", _I_RUNS.sub("i", text))
    return _OVKA.sub("iv", _DOUBLES.sub(r"\1", text))


def stem(folded: str) -> str:
    """Drop one case ending from every word of a folded key ("  izume  " -> "  izum  ")."""
    return _ENDING.sub("", folded)


# Case forms that `stem` cannot bring back to a Russian/Ukrainian name's stem, indexed beside the name:
# a last word of two letters keeps its ending, as a stem keeps three letters ("Часовому Яру" keys as
# "chasov aru"); Ukrainian turns -ка into -ці in the locative and dative ("в Авдіївці", "у Великій Новосілці");
# a plural in -ки has -ок in the genitive ("из Крынок", "з Кринок").
_SHORT_WORD_ENDINGS = ("a", "u", "e", "i", "om")
# Likewise a last word of three letters ending in й: "Зелений Гай" is "у Зеленому Гаю", "Зеленого Гая", "Гаем" (the й
# folds to i, which the stem would keep as the word's third letter).
_SHORT_GLIDE = re.compile(r"[a-z][aeou]i")
_GLIDE_ENDINGS = ("u", "", "e", "em")  # -ю, -я (glide and a fold away: "haia" -> "ha"), -е, -ем
_KI_PLURAL = re.compile(r"(?<=[a-z]{3})(?<![sz])ki(?= )")
# Not the adjectives: Велика, and -ська, -цька, -зька ("Кам'янка-Дніпровська" is "у Кам'янці-Дніпровській").
# A name in -ія/-ия keeps its і/и in the other cases (Філія: Філії, Філію, Філією; Russian Филии, Филию, Филией):
# the stem meets them only as inflected, and a namesake abroad whose Latin name they spell exactly (Fili, in
# Moscow) would outrank the village; indexed, they are its exact forms.
_IA_ENDINGS = ("ії", "ію", "ією", "ии", "ию", "ией")
_KA = re.compile(r"(?<=[a-z])(?<![isz])ka(?= )")


def case_forms(folded: str, written: str = "") -> list[str]:
    """The case forms of a folded name that `stem` does not reduce to the name's own stem:
    "  chasiv  ar  " gives "  chasiv  ara  ", "  chasiv  aru  " ...; "  zeleni  hai  " gives "  zeleni  hau  " ...; "  avdivka  " gives "  avdivtsi  ";
    "  krinki  " gives "  krinok  ". A name `written` in -ія/-ия gives its own case forms (see _IA_ENDINGS)."""
    forms = [fold(written[:-2] + ending) for ending in _IA_ENDINGS] if written.endswith(("ія", "ия")) else []
    words = folded.split()
    if len(words) > 1 and len(words[-1]) == 2 and words[-1].isalpha():
        head = "  " + "  ".join(words[:-1])
        forms += [f"{head}  {words[-1]}{ending}  " for ending in _SHORT_WORD_ENDINGS]
    elif len(words) > 1 and _SHORT_GLIDE.fullmatch(words[-1]):
        head = "  " + "  ".join(words[:-1])
        forms += [f"{head}  {words[-1][:-1]}{ending}  " for ending in _GLIDE_ENDINGS]
    forms += [form for form in (_KA.sub("tsi", folded), _KI_PLURAL.sub("ok", folded)) if form != folded]
    return forms


def g_spelling(name: str) -> str:
    """The folded Russian-style Latin spelling of a Cyrillic name with г, where г is g ("Граково": "  grakovo  ", as
    "Grakove" is written for Hrakove; "Gulyaipole" for Huliaipole); "" for a name without г. Not a fold of every
    Latin g: English words would meet names ("rig" is no village Rih)."""
    return fold(name.replace("г", "ґ").replace("Г", "Ґ")) if "г" in name.lower() else ""


def key(text: str) -> str:
    """The matching key: folded, then stemmed. Used for names and for whole reports."""
    return stem(fold(text))


class _TokenKeys(dict):
    """Whitespace token -> (its key words joined by two spaces, how many), memoised:
    a report corpus repeats few distinct tokens, so each is folded once."""

    limit = 200_000

    def __missing__(self, token: str) -> tuple[str, int]:
        if len(self) >= self.limit:
            self.clear()
        words = key(token).strip()
        value = self[token] = (words, words.count("  ") + 1 if words else 0)
        return value


_TOKEN_KEYS = _TokenKeys()
# Is code point c one str.split() splits on? (All are below U+3001; the last entry stands for every code above.)
_IS_SPACE = np.array([chr(c).isspace() for c in range(0x3001)] + [False])


def text_key(text: str) -> tuple[str, list[str], np.ndarray, list[int]]:
    """`key(text)`, fast for long texts, with what maps its words back to the text:
    (key, the whitespace tokens, how many key words each token gave (an array), each token's offset).

    Folding token by token gives the same key as folding the whole text, since
    whitespace separates words in both."""
    tokens = text.split()
    folded = list(map(_TOKEN_KEYS.__getitem__, tokens))
    key_text = "  " + "  ".join(filter(None, map(itemgetter(0), folded))) + "  "
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    space = _IS_SPACE.take(codes, mode="clip")  # (clipped: a code above reads the last entry)
    token_start = ~space  # a non-space after a space, or at the start
    token_start[1:] &= space[:-1]
    starts = np.flatnonzero(token_start)
    counts = np.fromiter(map(itemgetter(1), folded), dtype=np.int64, count=len(folded))
    return key_text if len(key_text) > 4 else "", tokens, counts, starts.tolist()


def skeleton(name: str) -> str:
    """The consonant outline of a name, words in order of the alphabet: "hnzdchn" for
    both Hnizdychne and Gnezdechna; "Verbizh Nizhniy" and "Nyzhnii Verbizh" meet too.
    Tells another spelling of a name from another name."""
    words = sorted(fold(name).replace("g", "h").split())
    return " ".join(word[:1] + _VOWELS.sub("", word[1:]) for word in words)


def is_latin_or_cyrillic(name: str) -> bool:
    """True when every letter of `name` is Latin or Cyrillic (other scripts are pruned)."""
    for char in name:
        if char.isalpha() and not (char.isascii() or "LATIN" in unicodedata.name(char, "")
                                   or "CYRILLIC" in unicodedata.name(char, "")):
            return False
    return True


def ascii_name(name: str) -> str:
    """`name` without diacritics, for display where only ASCII will do."""
    stripped = _MARKS.sub("", unicodedata.normalize("NFD", name))
    return stripped.translate(str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O"})).encode(
        "ascii", "ignore").decode()
