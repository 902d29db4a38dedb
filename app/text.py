"""Candidate text cut into sentences and quotes. One splitter and one quote rule for everything that
quotes a candidate: the offline interviewer, the offline judge and the evidence check."""

from __future__ import annotations

import re

# A sentence ends at a line break or at . ! ? followed by a space or the end: "1.9 s" and "99.9%" stay
# inside their sentence.
_SENTENCE = re.compile(r"(?:[^.!?\n]|[.!?](?=[^\s.!?]))+[.!?]*")
MAX_QUOTE_WORDS = 30
ELLIPSIS = "…"


def sentences(text: str) -> list[str]:
    """Sentences of three words or more, as the candidate wrote them."""
    return [s.strip() for s in _SENTENCE.findall(text) if len(s.split()) >= 3]


def quote(sentence: str, max_words: int = MAX_QUOTE_WORDS) -> str:
    """A sentence short enough to quote: whole when it fits, else its first words up to the limit,
    cut between words and marked with an ellipsis, never inside a word."""
    words = sentence.split()
    if len(words) <= max_words:
        return sentence.strip()
    return " ".join(words[:max_words]).rstrip(",;:") + ELLIPSIS


_DELIMITERS = re.compile(r"<(/?)\s*(candidate_answer|interviewer_notes)", re.IGNORECASE)


def defuse(text: str) -> str:
    """Candidate words cannot close the prompts' delimiters or open the planner's notes: their tags are
    bent. The templates apply it to every value they print, so a quote of the candidate in the notes is
    safe too."""
    return _DELIMITERS.sub("\u2039\\1\\2", text)
