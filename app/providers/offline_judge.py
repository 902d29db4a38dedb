"""The offline judge: scores a transcript from the answers' assessments, the way a bar raiser reads
their own notes.

A dimension scores on what backs it (the drill steps satisfied, the claims that show it, see
app/reading/evidence.py): nothing, one thin mention, clear evidence, or specific evidence across
answers. Naming a category without its content earns nothing; length earns nothing, since only
claims count and padding makes none. System design rounds are scored on the parts of a design their
answers show (app/design/scoring.py).
"""

from __future__ import annotations

from collections.abc import Sequence

from app.bank.models import Question
from app.design import scoring as design_scoring
from app.domain.assessment import AnswerAssessment
from app.domain.dialogue import Turn
from app.domain.scorecard import Dimension, DraftDimension, JudgeDraft
from app.reading.evidence import backing, hollow, reach, supported_score
from app.text import quote

MAX_EVIDENCE = 6  # more than a scorecard shows: a quote that already backs two dimensions gives way
MAX_RATIONALE_CHARS = 600  # a draft's line (app/domain/scorecard.py)


def rationale(dim: Dimension, score: int, shown: Sequence[str], named_only: bool) -> str:
    """A bar raiser's note: what the anchor for this score says and what is missing. The quotes that show it
    are the scorecard's evidence, checked after this is written, so the note does not repeat them."""
    parts = [dim.anchor(score)]
    if not shown and named_only:
        parts.append("Named, but without its content.")
    if score <= 2 and dim.missing:
        parts.append(f"Missing: {dim.missing.rstrip('.')}.")
    elif score == 3 and dim.stronger:
        parts.append(f"Stronger with {dim.stronger.rstrip('.')}.")
    parts = [p for p in parts if p]
    while len(" ".join(parts)) > MAX_RATIONALE_CHARS and len(parts) > 1:
        parts.pop()  # a long success pattern in the advice gives way to what was shown
    return quote(" ".join(parts), MAX_RATIONALE_CHARS // 8)


class OfflineJudge:
    def judge(
        self, rubric: Sequence[Dimension], transcript: Sequence[Turn], *, design: Question | None = None
    ) -> JudgeDraft:
        """``design``: the question of a system design round, whose dimensions are scored on its parts."""
        answers = [t.assessment or AnswerAssessment() for t in transcript if t.role == "candidate"]
        dims = []
        for dim in rubric:
            if design is not None:
                score, shown = design_scoring.score(dim, design, transcript)
                why = rationale(dim, score, shown, named_only=False)
                dims.append(DraftDimension(id=dim.id, score=score, rationale=why, evidence=shown))
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
