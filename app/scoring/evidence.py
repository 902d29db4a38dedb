"""Candidate text as evidence: remove text addressed to the grader, and keep only quotes the
candidate really wrote. Both scorers go through here, so neither can be talked into a score."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

_SEGMENT = re.compile(r"[^\n]*?(?:[.!?](?=\s)|\n|$)")
# One \b before all the word-led alternatives, not one in each: the regex engine tries every
# alternative at every position, and inside a word a single failed \b rules them all out (twice as
# fast over an interview's answers; which texts match is unchanged). Only whether a segment matches is
# used, so a leading quote mark before "score": 3 needs no alternative of its own.
_PLANTED = re.compile(
    r"\b(?:"
    r"(?:rate|score|grade|mark|evaluate|assess)\s+(?:this|me|my|the candidate|the answer|it)\b"
    r"|strong(?:ly)?\s+(?:no\s+)?hire\b|no\s+hire\b"
    r"|ignore\s+(?:all\s+|any\s+|the\s+)?(?:previous|prior|above|earlier|your)?\s*(?:instructions|rules|prompts?)"
    r"|(?:disregard|forget)\s+(?:all|any|the|your|previous|prior)\b"
    r"|you are (?:now )?(?:the|an?|my) (?:judge|grader|evaluator|scorer|assistant|ai)\b"
    r"|as the (?:judge|grader|evaluator|scorer)\b"
    r"|(?:to|dear|hey|attention) (?:the )?(?:evaluator|grader|judge|scorer|assessor|reviewer|model|ai|llm)\b"
    r"|(?:new|updated|override) instructions?\b"
    r"|scorecard\b|recommendation\s*[:=]|level[_ ]verdict\b"
    r"|(?:scores?|recommendation|level_verdict|dimensions|rationale|evidence|overall\w*|rating|verdict)"
    r'["\']?\s*[:=]\s*["\'\d\[{]'
    r")"
    r"|^\s*(?:system|assistant|developer|user)\s*[:>]"
    r"|<\|?/?\s*(?:im_start|im_end|system|assistant|instructions?)\b"
    r"|\[/?(?:system|inst|instructions?)\]",
    re.IGNORECASE | re.MULTILINE,
)


def segments(text: str) -> list[str]:
    """The text cut after each sentence and each line; joined again they are the text, line breaks included."""
    return _SEGMENT.findall(text)


def strip_planted(text: str) -> tuple[str, int]:
    """Drop every sentence or line that speaks to the grader or mimics a scorecard; count them.

    Everything else stays as written: a quote that runs across a line break must still be found.
    """
    kept: list[str] = []
    removed = 0
    for segment in segments(text):
        if segment.strip() and _PLANTED.search(segment):
            removed += 1
            kept.append("\n" if segment.endswith("\n") else " ")
        else:
            kept.append(segment)
    return "".join(kept).strip(), removed


def normalize(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(text.casefold().split())


_TRIM = " \t\n\"'`\u201c\u201d\u2018\u2019.…-–—"


def clean_quote(quote: str) -> str:
    """Judges wrap quotes in quotation marks and ellipses; the words inside are what must match."""
    quote = quote.strip()
    while quote and (quote[0] in _TRIM or quote[-1] in _TRIM):
        quote = quote.strip(_TRIM)
    return quote


@lru_cache(maxsize=8)
def _haystack(candidate_texts: tuple[str, ...]) -> str:
    """A scorecard verifies each dimension's quotes against the same words: normalised once, not per dimension."""
    return normalize("\n".join(candidate_texts))


def verify(quotes: Iterable[str], candidate_texts: Sequence[str], *, min_words: int = 2) -> tuple[list[str], int]:
    """Keep the quotes that appear verbatim (case and whitespace aside) in the candidate's words."""
    haystack = _haystack(tuple(candidate_texts))
    kept: list[str] = []
    dropped = 0
    for raw in quotes:
        quote = clean_quote(raw)
        needle = normalize(quote)
        if len(needle.split()) >= min_words and needle in haystack and quote not in kept:
            kept.append(quote)
        else:
            dropped += 1
    return kept, dropped
