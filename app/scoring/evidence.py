"""Candidate text as evidence: remove text addressed to the grader, and keep only quotes the
candidate really wrote. Both scorers go through here, so neither can be talked into a score."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

_SEGMENT = re.compile(r"[^\n]*?(?:[.!?](?=\s)|\n|$)")
_SCORE_VERBS = r"(?:give|assign|award|rate|score|grade|mark|assess|evaluate|judge|put down|record)"
_THIS = (
    r"(?:me|this|(?:this|my|the|that|our)\s+(?:answer|response|reply|candidate|transcript|interview|story|submission)"
    r"|(?:every|each|all)\s+(?:the\s+)?(?:dimensions?|categor(?:y|ies)|criteri(?:on|a)|answers?|scores?))"
)
# Sentences that speak to whoever scores the answer, not to the interviewer. An honest story about hiring
# ("I wrote the scorecard and voted no hire", "I had to assess the candidate") is about the past and has
# the candidate as its subject: it never matches, so it keeps every sentence.
_PLANTED = re.compile(
    # A request to score: an imperative (optionally "please ..."), or "you must/should ..." / "I want you to ...".
    rf"(?:^\s*|[.!?:;,>]\s*)(?:(?:please|kindly|now|so|just|also|and)\s+)*{_SCORE_VERBS}\s+{_THIS}\b"
    rf"|\byou\s+(?:must|should|will|need to|have to|are (?:required|instructed) to)\s+{_SCORE_VERBS}\b"
    rf"|\bi\s+(?:want|need|ask|instruct)\s+you\s+to\s+{_SCORE_VERBS}\b"
    r"|\b(?:this|my)\s+(?:answer|response|reply|story|submission)\s+"
    r"(?:deserves|merits|earns|should (?:get|receive|be (?:scored|rated|given|marked)))\b"
    r"|\b(?:top|full|maximum|perfect|highest)\s+(?:marks|score|scores|points|rating)\b"
    # Overriding the rules the grader was given.
    r"|\b(?:ignore|disregard|forget|override|bypass)\s+(?:all\s+|any\s+|the\s+|your\s+|of\s+)*"
    r"(?:(?:previous|prior|above|earlier|original|system)\s+)*(?:instructions|rules|prompts?|guidelines|guidance|directions|rubric)\b"
    r"|\b(?:ignore|disregard|forget)\s+(?:all\s+)?(?:of\s+)?(?:the\s+)?(?:above|previous|prior)\b"
    r"|\b(?:new|updated|override|revised)\s+(?:instructions|system prompt)\b"
    # Speaking to the machine or the grader, or pretending to be one.
    r"|\b(?:dear|hey|hi|attention|(?:note|message|word)s?\s+(?:to|for))\s+(?:the\s+)?"
    r"(?:ai|model|llm|grader|judge|evaluator|scorer|assessor|reviewer|assistant|bot)\b"
    # Grading oneself: "this is clearly a strong hire", "my scorecard says L7".
    r"|\b(?:this(?:\s+(?:answer|response))?\s+(?:is|was)|i(?:'m|\s+am))\s+(?:clearly\s+|obviously\s+|definitely\s+)?"
    r"(?:an?\s+)?(?:strong\s+)?(?:no\s+)?hire\b"
    r"|\bmy\s+(?:scorecard|score|rating|level|verdict|recommendation)\s+(?:says|is|should be|reads)\b"
    r"|\blevel[_ ]verdict\b|^\s*(?:recommendation|verdict|overall(?:\s+score)?|rating)\s*[:=]"
    r"|\b(?:as|you\s+are)\s+(?:now\s+)?(?:the|an?|my)\s+(?:judge|grader|evaluator|scorer|ai|language\s+model|assistant)\b"
    r"|(?:^|[.!?]\s+)\s*(?:system|assistant|developer|user|interviewer|grader|judge|evaluator|scorer)\s*[:>]"
    r"|<\|?/?\s*(?:im_start|im_end|system|assistant|instructions?|candidate_answer|interviewer_notes)\b"
    r"|\[/?(?:system|inst|instructions?)\]"
    # A scorecard written into the answer.
    r"""|["']?\b(?:scores?|recommendation|level_verdict|dimensions|rationale|evidence|overall\w*|rating|verdict)["']?\s*[:=]\s*["'\d\[{]""",
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
