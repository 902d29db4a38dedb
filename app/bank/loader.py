"""Reads the question bank's YAML files into validated models.

A malformed file must stop start-up with one line that says where to look (file, question id,
field), because the bank is edited by hand and a silent skip would lose questions.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from app.bank.models import Framework, FrameworkFile, Question, QuestionFile
from app.packaged import data_dir, load_yaml

FRAMEWORK_FILE = "framework.yaml"
# Not questions: how loops are built and practice is spaced (read by app.practice.spec).
PRACTICE_FILE = "practice.yaml"


def builtin_dir() -> Traversable:
    """The bank shipped inside the package (``question_bank/`` at the top of the repository)."""
    return data_dir("question_bank")


class BankError(Exception):
    """A bank file cannot be used; the message names the file, and each problem's question id and field."""


@dataclass(frozen=True)
class Bank:
    framework: Framework
    questions: dict[str, Question] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.questions)


def load_bank(extra_dir: Path | None = None, *, replace: bool = False) -> Bank:
    """Load the built-in bank, then a user's folder on top: same id replaces, a new id adds.

    With ``replace`` the user's folder is the whole bank (its framework file is optional).
    """
    if extra_dir is None:
        return _builtin_bank()
    return _read_bank(extra_dir, replace=replace)


@functools.cache
def _builtin_bank() -> Bank:
    """The shipped files are part of the installed program, so one read per process serves every app."""
    return _read_bank(None, replace=False)


def _read_bank(extra_dir: Path | None, *, replace: bool) -> Bank:
    framework: Framework | None = None
    questions: dict[str, Question] = {}
    dirs: list[Traversable] = []
    if not (replace and extra_dir):
        dirs.append(builtin_dir())
    if extra_dir:
        if not extra_dir.is_dir():
            raise BankError(f"{extra_dir}: QUESTION_BANK_DIR is not a folder")
        dirs.append(extra_dir)
    for directory in dirs:
        own: dict[str, Traversable] = {}
        for path in _yaml_files(directory):
            if path.name == FRAMEWORK_FILE:
                framework = _read_framework(path)
                continue
            if path.name == PRACTICE_FILE:
                continue
            for question in _read_questions(path):
                if question.id in own:
                    raise BankError(
                        f"{path}: question {question.id!r} field 'id': duplicate id, also in {own[question.id]}"
                    )
                own[question.id] = path
                questions[question.id] = question
    if framework is None:
        framework = _read_framework(builtin_dir() / FRAMEWORK_FILE)
    return Bank(framework=framework, questions=questions)


def _yaml_files(directory: Traversable) -> list[Traversable]:
    found = [p for p in directory.iterdir() if p.is_file() and p.name.endswith((".yaml", ".yml"))]
    return sorted(found, key=lambda p: p.name)


def _read_yaml(path: Traversable) -> Any:
    try:
        return load_yaml(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise BankError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise BankError(f"{path}:{where} invalid YAML: {problem}") from exc


def _read_framework(path: Traversable) -> Framework:
    try:
        return FrameworkFile.model_validate(_read_yaml(path)).framework
    except ValidationError as exc:
        raise BankError(f"{path}: framework {_describe(exc.errors())}") from exc


def _read_questions(path: Traversable) -> list[Question]:
    data = _read_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("questions"), list):
        raise BankError(f"{path}: expected a mapping with a 'questions' list")
    try:
        return QuestionFile.model_validate(data).questions
    except ValidationError as exc:
        raise BankError(_locate(path, data["questions"], exc.errors())) from exc


def _locate(path: Traversable, raw: list[Any], errors: Iterable[Any]) -> str:
    """Every problem of the file, each as ``question 'its-id' field 'levels.0': message`` (pydantic's
    ``questions.3.levels.0`` turned into the question's own id and a field path): one line for one problem,
    one line each under the file's name for several, so a file is fixed in one pass."""
    problems = []
    for error in errors:
        loc = list(error["loc"])
        qid = "?"
        if len(loc) >= 2 and loc[0] == "questions" and isinstance(loc[1], int):
            index = loc[1]
            item = raw[index] if index < len(raw) else None
            qid = str(item.get("id", f"#{index + 1}")) if isinstance(item, dict) else f"#{index + 1}"
            loc = loc[2:]
        problems.append(f"question {qid!r} {_describe([{**error, 'loc': loc}])}")
    if len(problems) == 1:
        return f"{path}: {problems[0]}"
    return f"{path}: {len(problems)} problems\n" + "\n".join(f"  {p}" for p in problems)


def _describe(errors: Iterable[Any]) -> str:
    first = next(iter(errors))
    name = ".".join(str(part) for part in first["loc"]) or "(whole)"
    message = first["msg"]
    if first["type"] == "extra_forbidden":
        message = "unknown key"
    return f"field {name!r}: {message}"
