"""Pydantic models of the question bank: the YAML files are validated against these at start-up."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=80)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Level(StrEnum):
    L6 = "L6"
    L7 = "L7"


class Category(StrEnum):
    SYSTEM_DESIGN = "system_design"
    BEHAVIORAL = "behavioral"
    TECHNICAL_LEADERSHIP = "technical_leadership"
    CRISIS_PRESSURE = "crisis_pressure"
    METRICS = "metrics"
    UNIQUE = "unique"


class LeadershipPrinciple(StrEnum):
    CUSTOMER_OBSESSION = "customer_obsession"
    OWNERSHIP = "ownership"
    INVENT_AND_SIMPLIFY = "invent_and_simplify"
    ARE_RIGHT_A_LOT = "are_right_a_lot"
    LEARN_AND_BE_CURIOUS = "learn_and_be_curious"
    HIRE_AND_DEVELOP_THE_BEST = "hire_and_develop_the_best"
    INSIST_ON_THE_HIGHEST_STANDARDS = "insist_on_the_highest_standards"
    THINK_BIG = "think_big"
    BIAS_FOR_ACTION = "bias_for_action"
    FRUGALITY = "frugality"
    EARN_TRUST = "earn_trust"
    DIVE_DEEP = "dive_deep"
    HAVE_BACKBONE = "have_backbone"
    DELIVER_RESULTS = "deliver_results"
    EARTHS_BEST_EMPLOYER = "strive_to_be_earths_best_employer"
    BROAD_RESPONSIBILITY = "success_and_scale_bring_broad_responsibility"


class QuestionType(StrEnum):
    """The rows of the seed's frequency table."""

    TEAM_TURNAROUND = "team_turnaround"
    TECHNICAL_DECISION = "technical_decision"
    CONFLICT_RESOLUTION = "conflict_resolution"
    SYSTEM_DESIGN = "system_design"
    HIRING_DEVELOPMENT = "hiring_development"
    STRATEGIC_THINKING = "strategic_thinking"


class Round(StrEnum):
    HIRING_MANAGER = "hiring_manager"
    BAR_RAISER = "bar_raiser"
    PEER_MANAGER = "peer_manager"
    SENIOR_LEADER = "senior_leader"


class Strict(BaseModel):
    """Unknown keys are errors: a typo in a YAML file must not silently drop data."""

    model_config = ConfigDict(extra="forbid", frozen=True)


DrillStep = Literal["role", "metrics", "impact", "alternatives", "resistance", "learning", "application", "scope"]
# Where a system design round asks one of its question's follow-ups: as a deep dive of its own, as the
# mid-round change of requirements, or within one of the other phases.
AskedAs = Literal["deep_dive", "requirement_change", "estimation", "high_level", "failures", "strategy"]


class FollowUp(Strict):
    id: Slug
    heading: Text = Field(description="The seed's heading this follow-up was listed under, e.g. 'Pressure Points'.")
    text: Text = Field(description="The follow-up exactly as the seed words it.")
    ask: Text | None = Field(
        default=None,
        description="The same follow-up as a complete question an interviewer would say ('Design the matching "
        "algorithm' -> 'How would you design the algorithm that matches riders to drivers?').",
    )
    covers: DrillStep | None = Field(
        default=None,
        description="The part of the deep-dive pattern this follow-up asks for, if it is one of them: an answer "
        "that gives that part answers the follow-up too.",
    )
    keywords: list[Text] = Field(
        default_factory=list,
        description="Words that show a candidate already addressed this follow-up, so it is not asked again "
        "(behavioural questions; a design question asks every follow-up).",
    )
    asked_as: AskedAs | None = Field(
        default=None,
        description="System design: a deep dive of its own (the default), the mid-round change of requirements, "
        "or a question within another phase.",
    )
    core: bool = Field(
        default=False, description="System design: asked first and always, whatever the time or the answers."
    )


class Duration(Strict):
    text: Text = Field(description="As the seed words it, e.g. '45-60 minutes'.")
    min_minutes: int = Field(ge=1, le=240)
    max_minutes: int = Field(ge=1, le=240)

    @model_validator(mode="after")
    def _ordered(self) -> Duration:
        if self.min_minutes > self.max_minutes:
            raise ValueError("min_minutes must not exceed max_minutes")
        return self


class ScenarioFact(Strict):
    """Something the interviewer knows about the scenario and tells a candidate who asks about it."""

    id: Slug
    topic: Text = Field(description="What the fact is about, e.g. 'riders per day'.")
    asks: list[Text] = Field(
        default_factory=list,
        description="Words that on their own show a clarifying question is about this fact ('how many', "
        "'latency', 'pooling'); they weigh double. Matched at the start of a word, case aside.",
    )
    about: list[Text] = Field(
        default_factory=list,
        description="Words that name what the fact concerns but come up in other questions too ('rider'): one "
        "alone does not reach the fact.",
    )
    answer: Text = Field(description="What the interviewer says, in full sentences.")

    @model_validator(mode="after")
    def _has_words(self) -> ScenarioFact:
        if not self.asks and not self.about:
            raise ValueError("a fact needs 'asks' or 'about' words, or no question can reach it")
        return self


class DiveTopic(Strict):
    """A deep-dive topic beyond the question's follow-ups, from the seed's expected depth or focus areas."""

    id: Slug
    text: Text = Field(description="The topic as the seed words it, e.g. 'Data durability (11 9's)'.")
    ask: Text = Field(description="The opening question of the deep dive.")
    core: bool = False


class PatternPart(Strict):
    """One part of a question's success pattern and the parts of a design answer that show it."""

    says: Text = Field(description="The part of the success pattern, in its words.")
    shown_by: list[Text] = Field(min_length=1, description="Design parts (prompts/design.yaml) that show it.")


class Scenario(Strict):
    """What the interviewer of a system design round knows beyond the question: the facts it answers
    clarifying questions with, deep-dive topics, the mid-round change of requirements, and how its success
    pattern shows in an answer."""

    facts: list[ScenarioFact] = Field(min_length=1)
    dives: list[DiveTopic] = Field(default_factory=list)
    change: Text | None = Field(
        default=None,
        description="The change of requirements asked mid-round, when no follow-up of the question is one.",
    )
    success_pattern: list[PatternPart] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_ids(self) -> Scenario:
        ids = [f.id for f in self.facts] + [d.id for d in self.dives]
        if duplicated := sorted({i for i in ids if ids.count(i) > 1}):
            raise ValueError(f"duplicate scenario ids {duplicated}")
        return self


class QuestionBase(Strict):
    """A question's fields; its public copy (``QuestionPublic``) shares them and hides some."""

    id: Slug
    source: Literal["seed", "extended"]
    seed_number: int | None = Field(default=None, ge=1, description="The number the seed gives the question.")
    text: Text = Field(description="The question exactly as the seed words it.")
    category: Category
    section: Text | None = Field(default=None, description="The seed's sub-heading, e.g. 'Core Platform Questions'.")
    levels: list[Level] = Field(min_length=1)
    leadership_principles: list[LeadershipPrinciple] = Field(min_length=1)
    question_type: QuestionType | None = None
    rounds: list[Round] = Field(min_length=1)
    context: Text | None = None
    duration: Duration | None = None
    scope: Text | None = None
    complexity: Text | None = None
    assessment: Text | None = None
    focus: Text | None = None
    depth: Text | None = None
    requirements: list[Text] = Field(default_factory=list)
    focus_areas: list[Text] = Field(default_factory=list)
    expected_depth: list[Text] = Field(default_factory=list)
    integration_points: list[Text] = Field(default_factory=list)
    considerations: list[Text] = Field(default_factory=list)
    follow_ups: list[FollowUp] = Field(default_factory=list)
    success_pattern: Text
    scenario: Scenario | None = Field(
        default=None, description="System design: the facts, deep-dive topics and change of requirements."
    )


class Question(QuestionBase):
    """A question as the bank holds it, checked once as it loads."""

    @model_validator(mode="after")
    def _unique_follow_up_ids(self) -> Question:
        seen: set[str] = set()
        for follow_up in self.follow_ups:
            if follow_up.id in seen:
                raise ValueError(f"duplicate follow-up id {follow_up.id!r}")
            seen.add(follow_up.id)
        if self.scenario and (clash := seen & {d.id for d in self.scenario.dives}):
            raise ValueError(f"scenario dive ids {sorted(clash)} are follow-up ids too")
        if sum(1 for f in self.follow_ups if f.asked_as == "requirement_change") > 1:
            raise ValueError("at most one follow-up can be the change of requirements")
        return self


class QuestionFile(Strict):
    questions: list[Question]


class QuestionTypeInfo(Strict):
    id: QuestionType
    name: Text
    frequency: dict[Level, int] = Field(description="Percent of loops at that level that ask this type.")
    success_factor: Text


class DeepDiveStep(Strict):
    probe: Literal["initial", "role", "metrics", "alternatives", "learning", "application"]
    text: Text


class AfterStoryFollowUp(Strict):
    probe: Text
    text: Text


class RoundInfo(Strict):
    id: Round
    name: Text
    focus: list[Text] = Field(min_length=1)


class PrincipleInfo(Strict):
    id: LeadershipPrinciple
    name: Text
    summary: Text
    evidence_terms: list[Text] = Field(
        min_length=1, description="Words whose presence in an answer is evidence of the principle (offline scorer)."
    )
    evidence_signals: list[Text] = Field(
        default_factory=list, description="Answer signals (e.g. 'role') whose claims also show the principle."
    )


class DepthRule(Strict):
    min_follow_ups: int = Field(ge=1, le=10)
    max_follow_ups: int = Field(ge=1, le=10)
    text: Text

    @model_validator(mode="after")
    def _ordered(self) -> DepthRule:
        if self.min_follow_ups > self.max_follow_ups:
            raise ValueError("min_follow_ups must not exceed max_follow_ups")
        return self


class Framework(Strict):
    """What the seed says about interviews in general, read by the planner, selector and scorer."""

    after_any_story: list[AfterStoryFollowUp] = Field(min_length=1)
    deep_dive_pattern: list[DeepDiveStep] = Field(min_length=1)
    question_types: list[QuestionTypeInfo] = Field(min_length=1)
    untyped_frequency: dict[Level, int] = Field(
        description="Weight, in the frequency table's percent, of the pool of questions that fit no type."
    )
    rounds: list[RoundInfo] = Field(min_length=1)
    depth_rule: DepthRule
    leadership_principles: list[PrincipleInfo] = Field(min_length=1)
    tips: list[Text] = Field(default_factory=list)


class FrameworkFile(Strict):
    framework: Framework
