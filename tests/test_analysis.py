"""The signal scan's fast path (lower-cased ASCII, no IGNORECASE) must find exactly what the patterns find."""

from __future__ import annotations

import random
import re

import pytest

import app.analysis as analysis
from app.analysis import signals
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
