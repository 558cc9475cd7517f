"""Hypothesis feeds the extractor adversarial text: punctuation runs, long lists, deep nesting, random
Unicode, very long sentences, and sentences of the reports in tests/reports cut and recombined.

Whatever the input, extraction ends (in a `Worker`, so a stall fails the test after a generous limit
instead of hanging it), raises nothing, and gives rows of the claim schema pointing into the text.
Examples are bounded so that the suite stays quick; a CI run can raise them with
CLAIMMAP_FUZZ_EXAMPLES."""
from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

import pytest

hypothesis = pytest.importorskip("hypothesis", reason="hypothesis not installed (pip install -r requirements-dev.txt)")
from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

from claimmap.schema import CHANGES, CLAIM_COLUMNS, CONTROLLERS, SIDES, STANCES, claims_frame  # noqa: E402
from claimmap.worker import Worker  # noqa: E402

REPORTS = Path(__file__).parent / "reports"
EXAMPLES = int(os.environ.get("CLAIMMAP_FUZZ_EXAMPLES", "40"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture])

PUNCTUATION = [", ", ",", " ", "\n", "\n\n", "-", " - ", " — ", "–", '"', "'", "«", "»", "“", "”", "(", ")", "[", "]",
               ":", ";", ".", "…", "!", "?", "*", "_", "#", "@", "/", "\t", "\u200b", "\u00a0"]
WORDS = ["Ukrainian troops", "Russian forces", "ЗСУ", "ВС РФ", "entered", "captured", "liberated", "withdrew from",
         "said", "claimed", "reportedly", "officials", "the General Staff", "Izyum", "Kupyansk", "Bakhmut", "Lyman",
         "Бахмут", "Покровськ", "Авдеевка", "the city", "the village of", "and", "but", "not", "in", "of", "has",
         "also", "who", "on Saturday", "on 5 May", "вошли в", "звільнили", "Kharkiv Oblast", "according to", "x"]
PLACES = ["Izyum", "Kupyansk", "Balakliia", "Lyman", "Bakhmut", "Soledar", "Avdiivka", "Vuhledar", "Nowhereville"]


def _sentences() -> list[str]:
    sentences = []
    for path in sorted(REPORTS.glob("*.txt")) + sorted(REPORTS.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        sentences += [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if 20 <= len(s.strip()) <= 400]
    return sentences


SENTENCES = _sentences()

punctuated = st.lists(st.sampled_from(PUNCTUATION + WORDS), min_size=1, max_size=120).map("".join)
spaced = st.lists(st.sampled_from(PUNCTUATION + WORDS), min_size=1, max_size=120).map(" ".join)
long_lists = st.builds(
    lambda verb, places, joins, said: f"Russian forces {verb} " + "".join(
        place + joins[i % len(joins)] for i, place in enumerate(places)) + f"{said}.",
    st.sampled_from(["captured", "entered", "advanced near", "withdrew from"]),
    st.lists(st.sampled_from(PLACES), min_size=1, max_size=300),
    st.lists(st.sampled_from([", ", " and ", ", and ", " , ", ",", " і ", "; "]), min_size=1, max_size=5),
    st.sampled_from(["", ", the ministry said", " , , , said officials"]))
nested = st.builds(
    lambda opens, sentence: "".join(opens) + sentence + "".join(_closing(o) for o in reversed(opens)),
    st.lists(st.sampled_from(["(", "[", "«", "“", '"', "'", "*", "**", "_", "<p>", "> "]), max_size=200),
    st.sampled_from(SENTENCES or ["Ukrainian troops entered Izyum."]))
unicode_text = st.text(max_size=600)
long_sentences = st.builds(lambda parts, times: " ".join(parts * times).replace(".", ","),
                           st.lists(st.sampled_from(SENTENCES or ["x"]), min_size=1, max_size=4),
                           st.integers(1, 12))
recombined = st.lists(
    st.tuples(st.sampled_from(SENTENCES or ["x"]), st.integers(0, 400), st.integers(0, 400)).map(
        lambda cut: cut[0][min(cut[1], cut[2]):max(cut[1], cut[2]) or None]),
    min_size=1, max_size=12).flatmap(lambda pieces: st.sampled_from([" ", "\n", ". ", ", ", "\n\n"]).map(
        lambda glue: glue.join(pieces)))


def _closing(opening: str) -> str:
    return {"(": ")", "[": "]", "«": "»", "“": "”", "<p>": "", "> ": ""}.get(opening, opening)


@pytest.fixture(scope="module")
def worker(gazetteer):
    with Worker(gazetteer, time_limit=60) as running:
        yield running


def check(worker, text: str) -> None:
    """No error, no stall, and every row a claim of the schema that points into `text`."""
    extraction = worker.extract(text, report_date=date(2022, 9, 10), tz="Europe/Kyiv", report_id="fuzz")
    frame = claims_frame(extraction.claims)
    assert list(frame.columns) == list(CLAIM_COLUMNS)
    for claim in extraction.claims:
        assert claim.report_id == "fuzz"
        assert 0 <= claim.char_start < claim.char_end <= len(text)
        assert claim.claimed_controller in CONTROLLERS and claim.change in CHANGES and claim.stance in STANCES
        assert claim.actor in SIDES and claim.claimant_side in SIDES
    for name in extraction.unresolved:
        assert 0 <= name.char_start < name.char_end <= len(text)


@pytest.mark.parametrize("strategy", [punctuated, spaced, long_lists, nested, unicode_text, long_sentences, recombined],
                         ids=["punctuation", "spaced-words", "long-lists", "nesting", "unicode", "long-sentences",
                              "recombined-reports"])
def test_the_extractor_survives_adversarial_text(worker, strategy):
    @FUZZ
    @given(strategy)
    def run(text):
        check(worker, text)

    run()


@pytest.mark.parametrize("text", [
    "Officials " + ", " * 30 + "x, said Ukrainian troops entered Izyum.",
    "Russian forces captured the coke plant in .",           # a facility with no place after it
    "Ukrainian troops entered the outskirts of the plant in",
])
def test_known_hard_inputs(worker, text):
    check(worker, text)
