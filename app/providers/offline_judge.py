"""The offline judge: scores a transcript from measurable signals of the candidate's words.

It counts distinct concrete markers (numbers with units, first-person actions, named
alternatives...), never words, and caps every score when the answers contain nothing concrete,
so a long answer with nothing in it cannot outscore a short specific one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from app.analysis import PATTERNS, answers_signals, terms_pattern
from app.bank.models import Framework, PrincipleInfo
from app.domain.scorecard import Dimension, DraftDimension, JudgeDraft
from app.text import quote, sentences

STORY_STEPS = ("situation", "task", "role", "results")
DESIGN_STEPS = ("requirements", "architecture", "scale", "data_model", "failure_handling", "alternatives")
_DIGIT = re.compile(r"\d")

RATIONALES = {
    1: "No evidence of {name} in the answers.",
    2: "Touched on {name}, but without specifics.",
    3: "Clear evidence of {name}, with some specifics{examples}.",
    4: "Strong, specific evidence of {name} throughout{examples}.",
}


def _distinct(pattern: re.Pattern[str], text: str) -> list[str]:
    seen: dict[str, None] = {}
    for match in pattern.finditer(text):
        seen.setdefault(" ".join(match.group(0).lower().split()), None)
    return list(seen)


def _level(count: int) -> int:
    return 1 if count == 0 else 2 if count == 1 else 3 if count <= 3 else 4


def _quotes(pattern: re.Pattern[str], texts: Sequence[str], limit: int = 2) -> list[str]:
    """The sentences that show the signal best: with numbers first, then the ones that show it most often
    (a before-and-after result over a passing '6 weeks')."""
    counted = [(s, sum(1 for _ in pattern.finditer(s))) for text in texts for s in sentences(text)]
    found = sorted(((s, n) for s, n in counted if n), key=lambda item: (not _DIGIT.search(item[0]), -item[1]))
    return [quote(s) for s, _ in found[:limit]]


def _principle_pattern(principle: PrincipleInfo) -> re.Pattern[str]:
    """A principle's own words, plus the general signals that show it (Ownership shows in 'I decided')."""
    unknown = [s for s in principle.evidence_signals if s not in PATTERNS]
    if unknown:
        raise ValueError(
            f"principle {principle.id.value}: unknown evidence_signals {unknown}; known: {sorted(PATTERNS)}"
        )
    parts = [
        terms_pattern(principle.evidence_terms).pattern,
        *(PATTERNS[s].pattern for s in principle.evidence_signals),
    ]
    return re.compile("|".join(f"(?:{p})" for p in parts), re.IGNORECASE)


class OfflineJudge:
    def __init__(self, framework: Framework) -> None:
        self._principles = {p.id.value: _principle_pattern(p) for p in framework.leadership_principles}

    def _pattern(self, signal: str) -> re.Pattern[str]:
        if signal.startswith("principle:"):
            return self._principles[signal.split(":", 1)[1]]
        return PATTERNS[signal]

    def judge(self, rubric: Sequence[Dimension], candidate_texts: Sequence[str], *, design: bool) -> JudgeDraft:
        text = "\n".join(candidate_texts)
        sig = answers_signals(candidate_texts)
        concrete = len(set(m.lower() for m in sig.metrics)) + len(set(a.lower() for a in sig.first_person_actions))
        # Nothing concrete anywhere means nothing can be verified: at most "touched on it".
        cap = 2 if concrete == 0 else 3 if concrete < 3 else 4
        dims = [self._dimension(d, candidate_texts, text, cap, design, bool(sig.deflection)) for d in rubric]
        return JudgeDraft(dimensions=dims)

    def _dimension(
        self, dim: Dimension, texts: Sequence[str], text: str, cap: int, design: bool, deflects: bool
    ) -> DraftDimension:
        if dim.signal == "pattern":
            return self._success_pattern(dim, texts, text, cap, design)
        pattern = self._pattern(dim.signal or "results")
        markers = _distinct(pattern, text)
        score = _level(len(markers))
        if dim.signal == "role" and deflects:
            score -= 1
        if dim.kind == "leadership_principle" and score > 3 and cap < 4:
            score = 3
        score = max(1, min(score, cap))
        examples = f" (e.g. {', '.join(markers[:3])})" if score >= 3 else ""
        return DraftDimension(
            id=dim.id,
            score=score,
            rationale=RATIONALES[score].format(name=dim.name.lower(), examples=examples),
            evidence=_quotes(pattern, texts) if markers else [],
        )

    def _success_pattern(
        self, dim: Dimension, texts: Sequence[str], text: str, cap: int, design: bool
    ) -> DraftDimension:
        steps = DESIGN_STEPS if design else STORY_STEPS
        present = [s for s in steps if PATTERNS[s].search(text)]
        if design:
            score = 1 if len(present) <= 1 else 2 if len(present) <= 3 else 3 if len(present) <= 5 else 4
        else:
            score = max(1, len(present))
        score = min(score, cap)
        evidence = [q for s in present[:3] for q in _quotes(PATTERNS[s], texts, limit=1)]
        named = ", ".join(s.replace("_", " ") for s in present) or "none of its parts"
        return DraftDimension(
            id=dim.id,
            score=score,
            rationale=f"Covers {len(present)} of {len(steps)} parts of a complete answer: {named}.",
            evidence=list(dict.fromkeys(evidence)),
        )
