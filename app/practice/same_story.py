"""Whether two tellings are the same story. Interviewers in a loop compare notes: a story told in two
rounds counts once, so the debrief flags it, and the story bank marks a story told that way as overused.

A story is recognised by what stays when it is retold in other words: its distinctive numbers (a
latency, a percentage, a sum; not a year or a small count) and runs of its content words.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from app.text import quote, sentences

_NUMBER = re.compile(
    r"(?<![\w.])\$?\d+(?:[.,]\d+)*\s?(?:%|percent\b|ms\b|s\b|k\b|m\b|x\b|million\b|billion\b|hours?\b|days?\b|weeks?\b)?",
    re.IGNORECASE,
)
_WORD = re.compile(r"[a-z][a-z'-]*")
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_TIGHT_UNIT = re.compile(r"\s+(%|ms|s|k|m|x)$")
MIN_SHARED_NUMBERS = 2
MIN_SHINGLES = 6
MIN_CONTAINMENT = 0.35
MIN_SENTENCE_SHARE = 0.5


@dataclass(frozen=True)
class Fingerprint:
    text: str
    numbers: frozenset[str]
    shingles: frozenset[tuple[str, ...]]


def _numbers(text: str) -> frozenset[str]:
    found = set()
    for match in _NUMBER.finditer(text):
        raw = match.group(0).lower().replace(",", "").replace("percent", "%")
        number = _TIGHT_UNIT.sub(r"\1", " ".join(raw.split()))
        digits = number.strip("$")
        if _YEAR.match(digits) or (digits.isdigit() and int(digits) < 10):
            continue
        found.add(number)
    return frozenset(found)


def _shingles(text: str, stopwords: Collection[str]) -> frozenset[tuple[str, ...]]:
    content = [w for w in _WORD.findall(text.lower().replace("\u2019", "'")) if w not in stopwords and len(w) > 2]
    return frozenset(tuple(content[i : i + 3]) for i in range(len(content) - 2))


def fingerprint(text: str, stopwords: Collection[str]) -> Fingerprint:
    return Fingerprint(text, _numbers(text), _shingles(text, stopwords))


def shared(a: Fingerprint, b: Fingerprint, stopwords: Collection[str]) -> str | None:
    """What two tellings share when they are the same story (their numbers, or a sentence of the first
    that the second retells), else None."""
    numbers = a.numbers & b.numbers
    if len(numbers) >= MIN_SHARED_NUMBERS:
        return "the same numbers: " + ", ".join(sorted(numbers))
    small = min(len(a.shingles), len(b.shingles))
    if small < MIN_SHINGLES or len(a.shingles & b.shingles) / small < MIN_CONTAINMENT:
        return None
    best, share = "", 0.0
    for sentence in sentences(a.text):
        own = _shingles(sentence, stopwords)
        if own and (part := len(own & b.shingles) / len(own)) > share:
            best, share = sentence, part
    if share >= MIN_SENTENCE_SHARE:
        return f'the same words: "{quote(best)}"'
    return "most of the wording is the same"
