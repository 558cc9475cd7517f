"""Lemmatisers for the lexicon, side by side: simplemma and pymorphy3 on the project's own words.

    python bench/bench_lemmas.py

Prints, for Russian and Ukrainian: how many of the inflected forms the extractor's phrases were written
with (before the lexicon named lemmas: the hand-listed forms, below) each tool takes back to the
lemma the lexicon names (coverage), how many of the words of the Russian and Ukrainian test reports it
knows, how fast it lemmatises them (words per second, no cache: the first look-up of each word), its load
time, and whether it can go the other way, from a lemma to its forms, which is what the lexicon needs
to expand `<lemma:GRAMMEMES>` once when it loads.
"""
from __future__ import annotations

import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from claimmap.reporttext import decode_report, report_text  # noqa: E402

# (lemma, forms the extractor's regular expressions listed by hand before the lexicon)
HAND_LISTED = {
    "ru": [("войти", "вошли вошёл вошел вошла"), ("зайти", "зашли зашёл зашел зашла"), ("ворваться", "ворвались ворвался ворвалась"),
           ("освободить", "освободили освободил освободила освободило освобождена освобождено освобождены"),
           ("захватить", "захватили захватил захватила захватило захвачен захвачена"), ("занять", "заняли занял заняла"),
           ("зачистить", "зачистили зачистил зачистила"), ("оккупировать", "оккупировали оккупировал оккупировала"),
           ("отойти", "отошли отошёл отошел отошла"), ("отступить", "отступили отступил отступила"),
           ("покинуть", "покинули покинул покинула"), ("оставить", "оставили оставил оставила"), ("выйти", "вышли вышел вышла"),
           ("потерять", "потеряли потерял потеряла"), ("контролировать", "контролируют контролирует контролируем контролировать"),
           ("удерживать", "удерживают удерживает удерживаем удерживать"), ("вернуть", "вернули вернул вернула")],
    "uk": [("зайти", "зайшли зайшов зайшла"), ("увійти", "увійшли увійшов увійшла"), ("звільнити", "звільнили звільнив звільнила звільнило"),
           ("захопити", "захопили захопив захопила захопило"), ("окупувати", "окупували окупував окупувала окупувало"),
           ("зайняти", "зайняли зайняв зайняла"), ("відійти", "відійшли відійшов відійшла"), ("відступити", "відступили відступив відступила"),
           ("залишити", "залишили залишив залишила"), ("вийти", "вийшли вийшов вийшла"), ("втратити", "втратили втратив втратила втратило"),
           ("контролювати", "контролюють контролює контролюємо контролювати"), ("утримувати", "утримують утримує утримуємо утримувати"),
           ("повернути", "повернули повернуло повернув повернула"), ("деокупувати", "деокупували деокупував деокупувала")],
}
_UKRAINIAN = re.compile(r"[іїєґ]")
_WORD = re.compile(r"[а-яёіїєґ'’-]+")


def report_words() -> dict[str, list[str]]:
    """The Cyrillic words of the test reports, by the language of their report (Ukrainian letters: uk)."""
    words: dict[str, list[str]] = {"ru": [], "uk": []}
    for path in sorted((REPO / "tests" / "reports").glob("*.txt")):
        text = report_text(decode_report(path.read_bytes())).lower()
        found = _WORD.findall(text)
        if len(found) > 20:
            words["uk" if _UKRAINIAN.search(text) else "ru"] += found
    return words


def main() -> None:
    import pymorphy3
    import simplemma

    words = report_words()
    for language in ("ru", "uk"):
        started = time.perf_counter()
        morph = pymorphy3.MorphAnalyzer(lang=language)
        morph_load = time.perf_counter() - started
        started = time.perf_counter()
        simplemma.lemmatize("слово", lang=language)
        simple_load = time.perf_counter() - started
        tools = {"simplemma": (lambda w: simplemma.lemmatize(w, lang=language), lambda w: simplemma.is_known(w, lang=language), simple_load),
                 "pymorphy3": (lambda w: morph.parse(w)[0].normal_form, morph.word_is_known, morph_load)}
        pairs = [(lemma, form) for lemma, forms in HAND_LISTED[language] for form in forms.split()]
        print(f"{language}: {len(pairs)} hand-listed forms of {len(HAND_LISTED[language])} lemmas; "
              f"{len(words[language])} words in the test reports ({len(set(words[language]))} distinct)")
        for name, (lemmatise, known, load) in tools.items():
            covered = sum(lemmatise(form) == lemma for lemma, form in pairs)
            distinct = sorted(set(words[language]))
            started = time.perf_counter()
            for word in distinct:
                lemmatise(word)
            rate = len(distinct) / (time.perf_counter() - started)
            knows = sum(known(word) for word in distinct)
            print(f"  {name:10} coverage {covered}/{len(pairs)} ({covered / len(pairs):.0%}), knows {knows / len(distinct):.0%} of the "
                  f"reports' words, {rate:,.0f} words/s uncached, loads in {load:.2f} s, "
                  f"forms from a lemma: {'yes' if name == 'pymorphy3' else 'no'}")


if __name__ == "__main__":
    main()
