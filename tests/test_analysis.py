"""The signal scan's fast path (lower-cased ASCII, no IGNORECASE) must find exactly what the patterns find."""

from __future__ import annotations

import random
import re

import pytest

import app.analysis as analysis
from app.analysis import signals
from app.providers.offline import pick_quote
from tests.utils import answers

CORPUS = [
    text
    for name in ("STRONG_STORY", "VAGUE_STORY", "LONG_EMPTY_STORY", "STRONG_DESIGN", "VAGUE_DESIGN")
    for text in getattr(answers, name)
]
PATTERNS = sorted(
    {p for p in vars(analysis).values() if isinstance(p, re.Pattern)} | set(analysis.PATTERNS.values()),
    key=lambda p: p.pattern,
)


def _variants(text: str, rng: random.Random) -> list[str]:
    mixed = "".join(c.upper() if rng.random() < 0.3 else c for c in text)
    return [text, text.upper(), text.swapcase(), mixed, "I DROVE THE TRADE-OFFS; I Decided. WE shipped 40 QPS."]


@pytest.mark.parametrize("pattern", PATTERNS, ids=lambda p: p.pattern[:40])
def test_every_pattern_matches_the_same_spans_on_either_path(pattern: re.Pattern[str]) -> None:
    rng = random.Random(7)
    for text in CORPUS:
        for variant in _variants(text, rng):
            expected = [m.span() for m in pattern.finditer(variant)]
            assert [m.span() for m in analysis._Text(variant).matches(pattern)] == expected


def test_matches_keep_the_candidates_own_spelling() -> None:
    found = signals("We weighed the Trade-Offs and I DECIDED to cut p99 by 40 MS.")
    assert found.alternatives == ("weighed", "Trade-Offs")
    assert found.metrics == ("40 MS",)
    assert found.first_person_actions == ("I DECIDED",)


@pytest.mark.parametrize("text", ["I ſcaled it to 10 users", "Iı weighed the trade-offs – 40 ms", "Ünsere trade-offs"])
def test_text_that_folds_differently_takes_the_exact_path(text: str) -> None:
    assert analysis._Text(text).lowered is None
    for pattern in PATTERNS:
        assert [m.span() for m in analysis._Text(text).matches(pattern)] == [m.span() for m in pattern.finditer(text)]


def test_a_sentence_ends_at_a_stop_before_a_space_not_inside_a_number() -> None:
    """Found in review: '0.3%' and '1.9 s' were cut at their decimal points, so the offline interviewer and
    scorer quoted fragments such as '3% and p99 latency went from 1.'"""
    text = "Timeouts fell from 4% to 0.3% and p99 from 1.9 s to 700ms. We hit 99.9% uptime!\nNext year, more?"
    assert analysis.sentences(text) == [
        "Timeouts fell from 4% to 0.3% and p99 from 1.9 s to 700ms.",
        "We hit 99.9% uptime!",
        "Next year, more?",
    ]


def test_the_offline_interviewer_quotes_a_whole_sentence() -> None:
    quote = pick_quote("metrics", answers.STRONG_STORY[3])
    assert quote is not None and quote.startswith("As a result checkout timeouts dropped from 4% to 0.3%")
