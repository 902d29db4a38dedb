"""A loop's debrief, computed from its rounds' scorecards. Pure.

As in a real debrief, each round votes (the floor of its interviews' mean recommendation: a round with a
Hire and a No Hire is a No Hire), and the bar raiser decides from the votes. A hire needs more than half
of *all* rounds voting to hire, so rounds not taken count against it and a loop of No Hires is never a
Hire. A single Strong No Hire, or a contradiction the candidate never reconciled, sinks the loop; the
veto round's no blocks a hire. The level is the lower median of the interviews' level verdicts, capped
at the level interviewed for; evidence below the L6 bar cannot hire at all.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from app.bank.models import PrincipleInfo
from app.domain.debrief import (
    DebriefData,
    Evidence,
    MatrixCell,
    PrincipleRow,
    Rating,
    RepeatedStory,
    RoundVote,
)
from app.domain.scorecard import LEVELS, RECOMMENDATIONS, DimensionScore, LevelVerdict, Recommendation, ScorecardData
from app.practice.same_story import fingerprint, shared
from app.practice.spec import DebriefWording

HIRES: tuple[Recommendation, ...] = ("Hire", "Strong Hire")
NOES: tuple[Recommendation, ...] = ("No Hire", "Strong No Hire")
# A principle's anchors (prompts/scoring.yaml): 3 is a specific moment that shows it, 2 a claim without one.
STRONG = 3
WEAK = 2
CONCERN_BELOW = 3
MAX_CHANGES = 3


def principle_dimension(principle: str) -> str:
    """The id a scorecard gives a leadership principle's dimension."""
    return "lp-" + principle.replace("_", "-")


@dataclass(frozen=True)
class Take:
    """One interview of a round, as the debrief reads it."""

    id: str
    card: ScorecardData | None
    principles: tuple[str, ...] = ()
    """The leadership principles its question asks about."""
    answers: tuple[str, ...] = ()
    story_id: str | None = None


@dataclass(frozen=True)
class RoundTaken:
    position: int
    round: str
    name: str
    takes: tuple[Take, ...]


def round_vote(cards: Sequence[ScorecardData | None]) -> Recommendation | None:
    ranks = [RECOMMENDATIONS.index(c.recommendation) for c in cards if c is not None and c.recommendation]
    return RECOMMENDATIONS[sum(ranks) // len(ranks)] if ranks else None


def lower_median(verdicts: Sequence[LevelVerdict | None]) -> LevelVerdict | None:
    ranks = sorted(LEVELS.index(v) for v in verdicts if v is not None)
    return LEVELS[ranks[(len(ranks) - 1) // 2]] if ranks else None


def _cards(taken: RoundTaken) -> list[ScorecardData]:
    return [t.card for t in taken.takes if t.card is not None]


def _unresolved(taken: RoundTaken) -> list[str]:
    return list(dict.fromkeys(f.about for card in _cards(taken) for f in card.red_flags if not f.resolved))


def _strongest(cards: Sequence[ScorecardData]) -> Evidence | None:
    backed = [d for card in cards for d in card.dimensions if d.score is not None and d.evidence]
    if not backed:
        return None
    best = max(backed, key=lambda d: d.score or 0)
    return Evidence(dimension=best.name, score=best.score or 0, quote=best.evidence[0])


def _weakest(cards: Sequence[ScorecardData]) -> DimensionScore | None:
    scored = [d for card in cards for d in card.dimensions if d.score is not None and d.score < CONCERN_BELOW]
    core = [d for d in scored if d.kind != "leadership_principle"]
    return min(core or scored, key=lambda d: d.score or 0, default=None)


def _vote_of(taken: RoundTaken, wording: DebriefWording) -> RoundVote:
    cards = _cards(taken)
    vote = round_vote(cards)
    flags = _unresolved(taken)
    weakest = _weakest(cards)
    if vote is None:
        concern: str | None = wording.no_vote_concern
    elif flags:
        concern = wording.red_flag_concern.format(about=flags[0])
    elif weakest is not None:
        concern = wording.concern.format(dimension=weakest.name, score=weakest.score, rationale=weakest.rationale)
    else:
        concern = None
    return RoundVote(
        position=taken.position,
        round=taken.round,
        name=taken.name,
        interviews=[t.id for t in taken.takes],
        vote=vote,
        level_verdict=lower_median([c.level_verdict for c in cards]),
        strongest_evidence=_strongest(cards),
        biggest_concern=concern,
        red_flags=flags,
    )


def _rating(taken: RoundTaken, principle: str) -> Rating:
    dim_id = principle_dimension(principle)
    scores: list[int] = []
    for card in _cards(taken):
        dim = next((d for d in card.dimensions if d.id == dim_id), None)
        if dim is None:
            continue
        if any(not f.resolved for f in card.red_flags):
            return "red_flagged"
        if dim.score is not None:
            scores.append(dim.score)
    best = max(scores, default=0)
    return "strong" if best >= STRONG else "weak" if best >= WEAK else "none"


_STRENGTH: tuple[Rating, ...] = ("none", "weak", "strong", "red_flagged")


def _matrix(rounds: Sequence[RoundTaken], principles: Sequence[PrincipleInfo]) -> list[PrincipleRow]:
    rows = []
    for info in principles:
        cells = [MatrixCell(position=r.position, rating=_rating(r, info.id.value)) for r in rounds]
        best = max((c.rating for c in cells), key=_STRENGTH.index, default="none")
        rows.append(PrincipleRow(id=info.id.value, name=info.name, cells=cells, best=best))
    return rows


def repeated_stories(rounds: Sequence[RoundTaken], stopwords: Collection[str]) -> list[RepeatedStory]:
    """Each story heard by more than one round: the same story practised by name, or tellings that share
    their numbers or most of their words. Tellings linked in a chain (A like B, B like C) are one story."""
    tellings = [
        (r, t, fingerprint("\n".join(t.answers), stopwords)) for r in rounds for t in r.takes if t.answers or t.story_id
    ]
    group = list(range(len(tellings)))

    def root(i: int) -> int:
        while group[i] != i:
            i = group[i]
        return i

    evidence: dict[int, str] = {}
    for (i, (ra, ta, fa)), (j, (rb, tb, fb)) in combinations(enumerate(tellings), 2):
        if ra.position == rb.position or root(i) == root(j):
            continue
        same = "the same story from your bank" if ta.story_id and ta.story_id == tb.story_id else None
        if same := same or shared(fa, fb, stopwords):
            group[root(j)] = root(i)
            evidence.setdefault(root(i), same)
    found = []
    for head in dict.fromkeys(root(i) for i in range(len(tellings))):
        members = [tellings[i] for i in range(len(tellings)) if root(i) == head]
        positions = sorted({r.position for r, _, _ in members})
        if len(positions) < 2:
            continue
        first = {r.position: (r.name, t.id) for r, t, _ in reversed(members)}
        found.append(
            RepeatedStory(
                positions=positions,
                rounds=[first[p][0] for p in positions],
                interviews=[first[p][1] for p in positions],
                evidence=evidence.get(head, ""),
            )
        )
    return found


def _listed(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", the ".join(names[:-1]) + " and the " + names[-1]


@dataclass(frozen=True)
class Call:
    """The bar raiser's call and the rules that made it, in the order a debrief would state them."""

    decision: Recommendation | None
    level: LevelVerdict | None
    rules: list[str]


def _capped(verdict: LevelVerdict | None, level: str) -> LevelVerdict | None:
    """The level verdict, never above the level interviewed for."""
    if verdict is None or LEVELS.index(verdict) <= LEVELS.index(level):
        return verdict
    return next(v for v in LEVELS if v == level)


def decide(
    votes: Sequence[RoundVote],
    level: str,
    veto_round: str | None,
    wording: DebriefWording,
    level_reasons: Mapping[str, str] | None = None,
) -> Call:
    """The bar raiser's call from the rounds' votes and level verdicts, by the rules of the module's docstring;
    ``level_reasons``: a scorecard's reason for each level verdict, quoted when the level is stated."""
    voted = [v for v in votes if v.vote is not None]
    if not voted:
        return Call(None, None, [])
    n = len(votes)
    hires = sum(v.vote in HIRES for v in votes)
    strong_noes = [v for v in votes if v.vote == "Strong No Hire"]
    flagged = [v for v in votes if v.red_flags]
    veto = next((v for v in votes if v.round == veto_round and v.vote in NOES), None)
    rules: list[str] = []
    for v in strong_noes[:1]:
        rules.append(wording.sunk_by_strong_no.format(round=v.name, concern=v.biggest_concern or ""))
    for v in flagged[:1]:
        rules.append(wording.sunk_by_red_flag.format(round=v.name, about=v.red_flags[0]))
    if veto is not None:
        rules.append(wording.veto.format(round=veto.name, vote=veto.vote))
    missing = n - len(voted)
    if missing:
        rules.append(wording.missing.format(count=missing))
    decision: Recommendation
    if not strong_noes and not flagged and veto is None and hires * 2 > n:
        all_strong = sum(v.vote == "Strong Hire" for v in votes) * 2 >= n and hires == n
        decision = "Strong Hire" if all_strong else "Hire"
    elif len(strong_noes) * 2 >= n or (strong_noes and not hires):
        decision = "Strong No Hire"
    else:
        decision = "No Hire"
        if not rules:
            rules.append(wording.no_majority.format(rounds=n))
    verdict = _capped(lower_median([v.level_verdict for v in votes]), level)
    reason = (level_reasons or {}).get(verdict or "")
    if verdict == "below L6":
        if decision in HIRES:
            decision = "No Hire"
        rules.append(wording.level_below)
    elif decision in HIRES and verdict is not None and verdict != level:
        rules.append(wording.down_level.format(asked=level, level=verdict))
    elif verdict is not None and reason:
        rules.append(wording.level.format(level=verdict, reason=reason))
    return Call(decision, verdict, rules)


def _changes(
    votes: Sequence[RoundVote],
    rounds: Sequence[RoundTaken],
    repeats: Sequence[RepeatedStory],
    rows: Sequence[PrincipleRow],
    call: Call,
    level: str,
    wording: DebriefWording,
) -> list[str]:
    """What would most change the outcome, most decisive first: a story that does not hold together, the
    rounds that voted no (their scorecards' first advice), a story told twice, the level, then the
    principles the loop asked about that no round found strongly."""
    items: list[str] = []
    for v in votes:
        items += [wording.change_red_flag.format(about=about, round=v.name) for about in v.red_flags[:1]]
    takes = {r.position: r for r in rounds}
    advised: dict[str, list[str]] = {}
    for vote in ("Strong No Hire", "No Hire"):
        for v in (v for v in votes if v.vote == vote):
            cards = sorted(_cards(takes[v.position]), key=lambda c: c.overall_score or 0)
            if advice := next((c.improvements[0] for c in cards if c.improvements), v.biggest_concern):
                advised.setdefault(advice, []).append(v.name)
    items += [wording.change_round.format(round=_listed(names), advice=advice) for advice, names in advised.items()]
    items += [wording.change_repeated_story.format(first=s.rounds[0], others=_listed(s.rounds[1:])) for s in repeats]
    if call.level is not None and call.level != level and (reason := _level_reasons(rounds).get(call.level)):
        items.append(wording.change_level.format(asked=level, reason=reason))
    asked = {p for r in rounds for t in r.takes for p in t.principles}
    items += [
        wording.change_principle.format(principle=r.name) for r in rows if r.id in asked and r.best in ("weak", "none")
    ]
    return list(dict.fromkeys(items))[:MAX_CHANGES]


def _level_reasons(rounds: Sequence[RoundTaken]) -> dict[str, str]:
    """For each level verdict, the reason the first scorecard that reached it gave."""
    found: dict[str, str] = {}
    for r in rounds:
        for card in _cards(r):
            if card.level_verdict and card.level_reason:
                found.setdefault(card.level_verdict, card.level_reason)
    return found


def compute_debrief(
    loop_id: str,
    level: str,
    ended_early: bool,
    rounds: Sequence[RoundTaken],
    principles: Sequence[PrincipleInfo],
    wording: DebriefWording,
    *,
    veto_round: str | None,
    stopwords: Collection[str],
) -> DebriefData:
    votes = [_vote_of(r, wording) for r in rounds]
    rows = _matrix(rounds, principles)
    repeats = repeated_stories(rounds, stopwords)
    call = decide(votes, level, veto_round, wording, _level_reasons(rounds))
    hires = sum(v.vote in HIRES for v in votes)
    detail = "; ".join(f"{v.name}: {v.vote or 'no vote'}" for v in votes)
    summary = wording.votes.format(hires=hires, rounds=len(votes), detail=f" ({detail})")
    repeat_rules = [wording.repeated_story.format(rounds=_listed(s.rounds)) for s in repeats]
    return DebriefData(
        loop_id=loop_id,
        level=level,
        ended_early=ended_early,
        rounds=votes,
        principles=rows,
        decision=call.decision,
        level_verdict=call.level,
        reasons=[summary, *call.rules, *repeat_rules],
        changes=_changes(votes, rounds, repeats, rows, call, level, wording),
        repeated_stories=repeats,
    )
