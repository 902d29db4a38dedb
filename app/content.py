"""Wording kept as data: the prompt templates, the offline interviewer's phrasings and the scoring spec.

Everything is read once, at start-up, and validated into the models below, so a typo in a data file
stops start-up with one line naming the file and the field instead of failing the first turn that
needs it. The files ship inside the package (``prompts/`` at the top of the repository) and are read
through ``importlib.resources``; a folder given in the settings replaces them for experiments.

The hash of every file is recorded with each interview: a transcript can always be traced to the
exact wording that produced it.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar, get_args

import yaml
from jinja2 import BaseLoader, Environment, StrictUndefined, TemplateNotFound
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator

from app.packaged import data_dir, load_yaml
from app.text import defuse

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Wordings = Annotated[list[Text], Field(min_length=1)]


class ContentError(Exception):
    """A data file cannot be used; the message is one line naming the file and the field."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ProbeWordings(_Strict):
    quoted: list[Text] = Field(default_factory=list, description="Wordings with '{quote}', a phrase of the answer.")
    plain: Wordings


class ProbeInfo(_Strict):
    """One generic probe: how it reads to a person, why the planner asks it, what the model is told."""

    id: Annotated[str, StringConstraints(pattern=r"^[a-z_]+$")]
    label: Text
    reason: Text
    asks_for: Text
    offline: ProbeWordings


class ProbeVocabulary(_Strict):
    """``prompts/probes.yaml``: every generic probe, read by the planner, the providers, the CLI and the page."""

    probes: list[ProbeInfo] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> ProbeVocabulary:
        ids = [p.id for p in self.probes]
        if duplicated := sorted({i for i in ids if ids.count(i) > 1}):
            raise ValueError(f"duplicate probe ids {duplicated}")
        return self

    def get(self, probe: str) -> ProbeInfo | None:
        return next((p for p in self.probes if p.id == probe), None)

    def label(self, probe: str) -> str:
        """A question's own follow-up is not in the vocabulary; it reads as one."""
        info = self.get(probe)
        return info.label if info else "A documented follow-up"


Patterns = list[Text]


class Lexicon(_Strict):
    """``prompts/reading.yaml``: the general English patterns the offline assessor reads answers with."""

    negation: Patterns
    habitual: Patterns
    umbrella_verbs: Patterns
    irregular_past: Patterns
    platitudes: Patterns
    abstract_words: Patterns
    hedges: Patterns
    deflections: Patterns
    non_action_verbs: Patterns
    adverbs: Patterns
    decision_verbs: Patterns
    decision_nouns: Patterns
    other_actors: Patterns
    contrast_cues: Patterns
    counted_options: Patterns
    option_cues: Patterns
    category_words: Patterns
    result_cues: Patterns
    lesson_cues: Patterns
    application_cues: Patterns
    generic_content: Patterns
    resistance_cues: Patterns
    number_words: Patterns
    multipliers: Patterns
    change_cues: Patterns
    durations: Patterns
    people: Patterns
    teams: Patterns
    scope_words: dict[Literal["organization", "company", "multi_team", "team"], Patterns]
    horizon_words: dict[Literal["years", "quarters", "months", "weeks", "days"], Patterns]
    mechanisms: Patterns
    mechanism_cues: Patterns
    minimisers: Patterns
    senior_people: Patterns
    question_starts: Patterns
    corrections: Patterns
    stopwords: Patterns
    buzzwords: Patterns
    metric_words: Patterns
    vague_amounts: Patterns
    vague_outcomes: Patterns


class FollowUpWordings(_Strict):
    question: Wordings = Field(description="For a follow-up the seed words as a question; '{text}' is that question.")
    statement: Wordings = Field(description="For a follow-up the seed words as a statement ('Design the ...').")


class OfflinePhrases(_Strict):
    """``prompts/offline.yaml``: what the offline interviewer says besides its probes."""

    follow_up: FollowUpWordings
    restate_question: Text
    close: Wordings


Anchors = Annotated[list[Text], Field(min_length=4, max_length=4)]


class ScoredDimension(_Strict):
    """One dimension of ``prompts/scoring.yaml``: its meaning, what counts as its evidence (drill steps
    satisfied, kinds of claim made), what scores 1-4 look like, what is missing when low, its advice."""

    name: Text | None = None
    description: Text
    signal: Text | None = None
    steps: list[Text] = Field(default_factory=list)
    claims: list[Text] = Field(default_factory=list)
    needs: list[Text] = Field(default_factory=list, description="Kinds of claim a score of 3 or more needs.")
    deep: list[Text] = Field(
        default_factory=list, description="Kinds of claim a 4 needs, all of them, in two or more specific quotes."
    )
    anchors: Anchors | None = None
    missing: Text
    improvement: Text
    stronger: Text


class TemplatedDimension(ScoredDimension):
    """A dimension whose wording is filled in per question ('{name}', '{pattern}', '{follow_ups}')."""


class LevelBar(_Strict):
    scope: Text
    horizon: Text
    reach: Text
    stakeholders: Text


class ScoringSpec(_Strict):
    """``prompts/scoring.yaml``: the dimensions a scorecard can hold. Success factors are keyed by the
    question type whose factor they score (the seed's frequency table), never by a display name."""

    deep_dive: dict[str, ScoredDimension] = Field(min_length=1)
    system_design: dict[str, ScoredDimension] = Field(min_length=1)
    success_factors: dict[str, ScoredDimension] = Field(min_length=1)
    principle: TemplatedDimension
    success_pattern: TemplatedDimension
    strategic: TemplatedDimension
    design_strategy: TemplatedDimension = Field(description="At L7, a system design round's strategic layer.")
    design_success_pattern: TemplatedDimension
    design_principles: dict[str, list[Text]] = Field(
        description="In a system design round, the parts of a design that show each leadership principle."
    )
    levels: dict[Literal["L6", "L7"], LevelBar]


PhaseId = Literal["requirements", "estimation", "high_level", "deep_dive", "failures", "strategy"]
PHASES: tuple[PhaseId, ...] = ("requirements", "estimation", "high_level", "deep_dive", "failures", "strategy")
Part = Literal[
    "requirements",
    "estimation",
    "high_level",
    "data_model",
    "scaling",
    "failures",
    "operations",
    "trade_offs",
    "cost",
    "blast_radius",
    "door",
    "incremental",
    "strategy",
]
ProbeId = Annotated[str, StringConstraints(pattern=r"^[a-z_]+$")]


class PhaseSpec(_Strict):
    id: PhaseId
    label: Text
    weight: int = Field(ge=1, description="The phase's share of the time, against the other phases' weights.")
    max_turns: int | None = Field(default=None, ge=1, description="Questions asked in the phase at most.")
    min_turns: int = Field(default=0, ge=0, description="Questions asked in the phase even when nothing is missing.")


class DiveRule(_Strict):
    target: int = Field(ge=1, le=5)
    minimum: int = Field(ge=1, le=5)


class PartProbe(_Strict):
    """A probe asked while its part of the design is missing."""

    probe: ProbeId
    part: Part
    least: int = Field(default=1, ge=1, description="Distinct words (quantities for estimation) that show the part.")
    once: bool = Field(default=False, description="Asked at most once in an interview.")


class WeakArea(PartProbe):
    label: Text


class QuantityWords(_Strict):
    rates: Patterns
    sizes: Patterns


class DesignReplies(_Strict):
    your_call: Text = Field(description="'{questions}': the candidate's questions the facts are silent on.")
    your_calls: Text
    move_on: Text
    reask: Text
    stay: Text = Field(description="Asked where to go next, before the question still standing.")


class DesignSpec(_Strict):
    """``prompts/design.yaml``: how a system design round runs and what shows each part of a design."""

    minutes: int = Field(ge=10, le=240)
    phases: list[PhaseSpec]
    dives: DiveRule
    parts: dict[Part, Patterns]
    quantity: QuantityWords
    reasons: Patterns
    vague: Patterns
    question_words: Patterns
    question_openers: Patterns
    question_connectives: Patterns
    flow: Patterns
    negation: Patterns
    disowned: Patterns
    direction_questions: Patterns
    rhetorical_questions: Patterns
    move_on: Patterns
    thin_words: int = Field(ge=0)
    drill: list[PartProbe] = Field(min_length=1)
    weak_areas: list[WeakArea] = Field(min_length=1)
    phase_probes: dict[PhaseId, list[PartProbe]]
    strategy_probes: list[ProbeId] = Field(min_length=1)
    replies: DesignReplies

    @model_validator(mode="after")
    def _complete(self) -> DesignSpec:
        if tuple(p.id for p in self.phases) != PHASES:
            raise ValueError(f"phases must be {list(PHASES)}, in that order")
        if missing := [p for p in get_args(Part) if p not in self.parts and p != "estimation"]:
            raise ValueError(f"parts: no words for {missing}")
        if self.dives.minimum > self.dives.target:
            raise ValueError("dives: minimum must not exceed target")
        return self

    def probe_ids(self) -> set[str]:
        """Every probe the design planner can ask, so each can be checked for a wording."""
        ids = (
            {"change", "deeper", "clarify"}
            | {d.probe for d in self.drill}
            | {w.probe for w in self.weak_areas}
            | set(self.strategy_probes)
        )
        return ids | {p.probe for probes in self.phase_probes.values() for p in probes}


M = TypeVar("M", bound=BaseModel)


class _ResourceLoader(BaseLoader):
    """Jinja templates from a package resource folder (works from a wheel as well as a checkout)."""

    def __init__(self, root: Traversable) -> None:
        self.root = root

    def get_source(self, environment: Environment, template: str) -> tuple[str, str | None, Any]:
        path = self.root / template
        if not path.is_file():
            raise TemplateNotFound(template)
        return path.read_text(encoding="utf-8"), None, lambda: True


@dataclass(frozen=True)
class Content:
    templates: Environment
    offline: OfflinePhrases
    probes: ProbeVocabulary
    scoring: ScoringSpec
    lexicon: Lexicon
    design: DesignSpec
    hash: str

    def render(self, name: str, **context: Any) -> str:
        return self.templates.get_template(name).render(**context).strip()


def builtin_prompts() -> Traversable:
    return data_dir("prompts")


def load_content(directory: Path | None = None) -> Content:
    """Read and validate every prompt file; ``directory`` replaces the built-in prompts."""
    if directory is None:
        return _builtin_content()
    if not directory.is_dir():
        raise ContentError(f"{directory}: PROMPTS_DIR is not a folder")
    return _read_content(directory)


@functools.cache
def _builtin_content() -> Content:
    """The shipped prompts are part of the installed program, so one read per process serves every app."""
    return _read_content(builtin_prompts())


def _read_content(root: Traversable) -> Content:
    templates = Environment(
        loader=_ResourceLoader(root),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=lambda value: defuse(value) if isinstance(value, str) else value,
    )
    for name in sorted(p.name for p in root.iterdir() if p.name.endswith(".j2")):
        templates.get_template(name)  # a syntax error stops start-up here, not at the first turn
    return Content(
        templates=templates,
        offline=read_model(root / "offline.yaml", OfflinePhrases),
        probes=read_model(root / "probes.yaml", ProbeVocabulary),
        scoring=read_model(root / "scoring.yaml", ScoringSpec),
        lexicon=read_model(root / "reading.yaml", Lexicon),
        design=read_model(root / "design.yaml", DesignSpec),
        hash=_hash(root),
    )


def read_yaml(path: Traversable) -> Any:
    try:
        return load_yaml(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ContentError(f"{path}: missing") from exc
    except UnicodeDecodeError as exc:
        raise ContentError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ContentError(f"{path}:{where} invalid YAML: {problem}") from exc


def read_model(path: Traversable, model: type[M]) -> M:
    try:
        return model.model_validate(read_yaml(path))
    except ValidationError as exc:
        raise ContentError(f"{path}: {describe(exc)}") from exc


def describe(exc: ValidationError) -> str:
    """Pydantic's first error as ``field 'a.b': message``."""
    first = exc.errors()[0]
    name = ".".join(str(part) for part in first["loc"]) or "(whole file)"
    message = "unknown key" if first["type"] == "extra_forbidden" else first["msg"]
    return f"field {name!r}: {message}"


def _hash(root: Traversable) -> str:
    digest = hashlib.sha256()
    for path in sorted(root.iterdir(), key=lambda p: p.name):
        if path.is_file() and not path.name.endswith(".py"):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
