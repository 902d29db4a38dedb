"""Answers in another language: recognised from word lists kept in ``prompts/language.yaml``, and said to the
candidate, because the reader and the offline scorer understand English only and would read them as empty."""

from __future__ import annotations

import re
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field

from app.packaged import data_dir, load_yaml

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")


class LanguageRules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    min_letters: int = Field(ge=1)
    min_ascii: float = Field(ge=0, le=1)
    min_words: int = Field(ge=1)
    min_common: float = Field(ge=0, le=1)
    common: str
    notice: str
    scorecard_note: str


@lru_cache(maxsize=1)
def rules() -> LanguageRules:
    text = data_dir("prompts").joinpath("language.yaml").read_text(encoding="utf-8")
    return LanguageRules.model_validate(load_yaml(text))


@lru_cache(maxsize=4)
def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


def looks_english(text: str, r: LanguageRules | None = None) -> bool:
    """Short answers and answers with too few letters to tell are given the benefit of the doubt."""
    r = r or rules()
    letters = [c for c in text if c.isalpha()]
    if len(letters) >= r.min_letters and sum(c.isascii() for c in letters) / len(letters) < r.min_ascii:
        return False
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) >= r.min_words:
        common = _words(r.common)
        return sum(w in common for w in words) / len(words) >= r.min_common
    return True


def answer_notices(text: str) -> list[str]:
    return [] if looks_english(text) else [rules().notice]


def scorecard_notes(answers: list[str]) -> list[str]:
    count = sum(not looks_english(a) for a in answers)
    return [rules().scorecard_note.format(count=count)] if count else []
