"""Transcripts read the way the service reads them: each answer assessed by the offline reader as it
arrives, against the probe it replied to and the answers before it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from app.bank.models import Question
from app.content import load_content
from app.design.reading import with_design_parts
from app.domain.dialogue import Turn
from app.reading.reader import Reader

CONTENT = load_content()
READER = Reader(CONTENT.lexicon)


def answered(question: Question, transcript: list[Turn], text: str) -> list[Turn]:
    """``transcript`` with the candidate's next answer appended, assessed (a design answer for its parts too)."""
    seq = len(transcript) + 1
    turns = [*transcript, Turn("candidate", text, seq=seq)]
    read = with_design_parts(CONTENT.design, question, turns, READER.assess_newest(question, turns))
    turns[-1] = replace(turns[-1], assessment=read)
    return turns


def after(question: Question, *answers: str, probes: Sequence[str] = ()) -> list[Turn]:
    """The question, then each answer followed by the probe that was asked after it."""
    turns = [Turn("interviewer", question.text, seq=1)]
    for i, text in enumerate(answers):
        turns = answered(question, turns, text)
        if i < len(probes):
            turns.append(Turn("interviewer", "follow-up?", probe=probes[i], seq=len(turns) + 1))
    return turns
