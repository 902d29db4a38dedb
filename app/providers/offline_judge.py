"""The offline judge: scores a transcript from the answers' assessments, the way a bar raiser reads
their own notes.

A dimension scores on what backs it (the drill steps satisfied, the claims that show it, see
app/reading/evidence.py): nothing, one thin mention, clear evidence, or specific evidence across
answers. Naming a category without its content earns nothing; length earns nothing, since only
claims count and padding makes none. System design answers are read for their design parts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from app.analysis import PATTERNS
from app.domain.assessment import AnswerAssessment
from app.domain.dialogue import Turn
from app.domain.scorecard import Dimension, DraftDimension, JudgeDraft
from app.reading.evidence import backing, hollow, reach, supported_score
from app.reading.reader import clauses
from app.text import quote

DESIGN_STEPS = ("requirements", "architecture", "scale", "data_model", "failure_handling", "alternatives")
MAX_EVIDENCE = 6  # more than a scorecard shows: a quote that already backs two dimensions gives way
MAX_RATIONALE_CHARS = 600  # a draft's line (app/domain/scorecard.py)


def rationale(dim: Dimension, score: int, shown: Sequence[str], named_only: bool) -> str:
    """A bar raiser's note: what the anchor for this score says and what is missing. The quotes that show it
    are the scorecard's evidence, checked after this is written, so the note does not repeat them."""
    anchor = dim.anchors[score - 1] if len(dim.anchors) == 4 else ""
    parts = [anchor]
    if not shown and named_only:
        parts.append("Named, but without its content.")
    if score <= 2 and dim.missing:
        parts.append(f"Missing: {dim.missing}.")
    elif score == 3 and dim.stronger:
        parts.append(f"Stronger with {dim.stronger}.")
    parts = [p for p in parts if p]
    while len(" ".join(parts)) > MAX_RATIONALE_CHARS and len(parts) > 1:
        parts.pop()  # a long success pattern in the advice gives way to what was shown
    return quote(" ".join(parts), MAX_RATIONALE_CHARS // 8)


class OfflineJudge:
    def judge(self, rubric: Sequence[Dimension], transcript: Sequence[Turn], *, design: bool) -> JudgeDraft:
        answers = [t.assessment or AnswerAssessment() for t in transcript if t.role == "candidate"]
        texts = [t.text for t in transcript if t.role == "candidate"]
        dims = []
        for dim in rubric:
            if design and dim.kind not in ("leadership_principle", "strategic"):
                dims.append(self._design(dim, texts))
                continue
            found = backing(dim, answers)
            score = supported_score(dim, found, answers)
            results = {c.quote for a in answers for c in a.claims if c.kind == "result"}
            ranked = sorted(found, key=lambda b: (not b.specific, not b.kinds & set(dim.steps), b.quote not in results))
            # The first quotes are the ones that earn the score: one specific quote of each kind it needs.
            earning = [
                next((b for b in ranked if b.specific and not b.inferred and kind in b.kinds), None)
                for kind in (dim.deep or dim.needs or dim.steps)
            ]
            firsts = list(dict.fromkeys(b.quote for b in earning if b is not None))
            shown = list(dict.fromkeys([*firsts, *(b.quote for b in ranked)]))[:MAX_EVIDENCE]
            if dim.kind == "strategic" and (wide := reach(answers).quote):
                shown = [wide, *[s for s in shown if s != wide]][:MAX_EVIDENCE]
            dims.append(
                DraftDimension(
                    id=dim.id, score=score, rationale=rationale(dim, score, shown, hollow(dim, answers)), evidence=shown
                )
            )
        return JudgeDraft(dimensions=dims)

    def _design(self, dim: Dimension, texts: Sequence[str]) -> DraftDimension:
        """Design answers are read for their parts (requirements, scale, data, failures...) in the text."""
        text = "\n".join(texts)
        if dim.kind == "success_pattern":
            present = [s for s in DESIGN_STEPS if PATTERNS[s].search(text)]
            score = 1 if len(present) <= 1 else 2 if len(present) <= 3 else 3 if len(present) <= 5 else 4
            evidence = [q for s in present[:3] for q in _quotes(PATTERNS[s], texts, limit=1)]
            return DraftDimension(
                id=dim.id, score=score, rationale=rationale(dim, score, evidence, False), evidence=evidence
            )
        pattern = PATTERNS.get(dim.signal or "") if dim.signal and not dim.signal.startswith("principle:") else None
        if pattern is None:
            return DraftDimension(id=dim.id, score=1, rationale=rationale(dim, 1, [], False), evidence=[])
        markers = {" ".join(m.group(0).lower().split()) for m in pattern.finditer(text)}
        score = 1 if not markers else 2 if len(markers) == 1 else 3 if len(markers) <= 3 else 4
        evidence = _quotes(pattern, texts) if markers else []
        return DraftDimension(
            id=dim.id, score=score, rationale=rationale(dim, score, evidence, False), evidence=evidence
        )


def _quotes(pattern: re.Pattern[str], texts: Sequence[str], limit: int = 4) -> list[str]:
    """The clauses that show the signal best: with numbers first, then the ones that show it most often."""
    counted = [(c.text, sum(1 for _ in pattern.finditer(c.text))) for text in texts for c in clauses(text)]
    found = sorted(((s, n) for s, n in counted if n), key=lambda item: (not re.search(r"\d", item[0]), -item[1]))
    return [quote(s) for s, _ in found[:limit]]
